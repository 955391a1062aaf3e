"""Feed parsing: RSS and Atom items with their url, title, outlet, date and text."""

from __future__ import annotations

from datetime import date

import pytest

from sigact.errors import InputError
from sigact.ingest.feeds import (
    FeedItem,
    article_from_item,
    html_to_text,
    needs_page,
    parse_feed,
)

# Plainly invented test text; no real outlet's wording.
LONG = " ".join(f"Invented sentence number {i} about a test event in a test town."
                for i in range(12))

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Test Wire</title><link>https://wire.example/</link>
<item><title>Teaser only</title><link>/news/1</link><guid isPermaLink="false">w-1</guid>
  <description>&lt;p&gt;A short teaser &amp;amp; nothing more.&lt;/p&gt;</description>
  <pubDate>Tue, 02 Jan 2024 23:30:00 -0300</pubDate></item>
<item><title>Full text</title><link>https://wire.example/news/2</link>
  <content:encoded><![CDATA[<p>{LONG}</p><script>alert(1)</script><p>Last line.</p>]]>
  </content:encoded><source url="https://agency.example/rss">Agency Example</source></item>
<item><title>No guid no link</title><description>Only words here.</description></item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<id>urn:test:desk</id><updated>2024-03-05T10:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:test:entry:1</id>
  <link rel="alternate" href="https://desk.example/a/1"/>
  <updated>2024-03-05T10:00:00Z</updated><summary>Atom summary text.</summary></entry>
</feed>"""


def test_rss_items() -> None:
    items = parse_feed(RSS, url="https://wire.example/feed.xml")
    assert [i.title for i in items] == ["Teaser only", "Full text", "No guid no link"]
    teaser, full, bare = items
    assert teaser.key == "w-1"
    assert teaser.url == "https://wire.example/news/1"  # resolved against the feed's URL
    assert teaser.published == date(2024, 1, 3)  # 23:30 at -03:00 is the 3rd in UTC
    assert teaser.summary == "A short teaser & nothing more."
    assert teaser.content is None and teaser.outlet == "Test Wire"
    assert full.key == "https://wire.example/news/2"  # no guid: the link
    assert full.outlet == "Agency Example"  # the item's own <source> wins
    assert full.content is not None and "alert(1)" not in full.content
    assert full.content.endswith("Last line.") and "\n\n" in full.content
    assert bare.key.startswith("sha256:") and bare.url is None


def test_atom_entries() -> None:
    (item,) = parse_feed(ATOM, url="https://desk.example/atom.xml")
    assert item.key == "urn:test:entry:1"
    assert item.url == "https://desk.example/a/1"
    assert item.published == date(2024, 3, 5)
    assert item.outlet == "Atom Desk" and item.summary == "Atom summary text."


def test_same_item_same_key_across_polls() -> None:
    again = parse_feed(RSS, url="https://wire.example/feed.xml")
    assert [i.key for i in again] == [i.key for i in parse_feed(RSS, url="https://wire.example/feed.xml")]


@pytest.mark.parametrize("data", [b"<html><body>Not a feed</body></html>", b"\x00\x01garbage",
                                  b""])
def test_not_a_feed_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match="is not an RSS or Atom feed"):
        parse_feed(data, url="https://x.example/feed")


def test_empty_but_valid_feed_has_no_items() -> None:
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert parse_feed(data, url="https://x.example/feed") == []


def test_html_to_text_keeps_paragraphs_and_drops_markup() -> None:
    text = html_to_text("<div><p>One &amp; <b>two</b>\n  words.</p><style>p{}</style>"
                        "<p>Three</p><br>Four</div>")
    assert text == "One & two words.\n\nThree\n\nFour"


def test_needs_page() -> None:
    teaser, full, bare = parse_feed(RSS, url="https://wire.example/feed.xml")
    assert needs_page(teaser, fetch_pages="auto", min_words=50)
    assert not needs_page(full, fetch_pages="auto", min_words=50)  # full content in the feed
    assert needs_page(full, fetch_pages="auto", min_words=500)  # ... but too short for 500
    assert needs_page(full, fetch_pages="always", min_words=50)
    assert not needs_page(teaser, fetch_pages="never", min_words=50)
    assert not needs_page(bare, fetch_pages="always", min_words=50)  # no link, no page


def test_article_from_item() -> None:
    teaser, full, _ = parse_feed(RSS, url="https://wire.example/feed.xml")
    art = article_from_item(full, doc_id="wire-1")
    assert not isinstance(art, InputError)
    assert art.id == "wire-1" and art.outlet == "Agency Example"
    assert art.url == "https://wire.example/news/2" and art.text == full.content
    assert art.published_source == "unknown"
    short = article_from_item(teaser, doc_id="wire-2")
    assert isinstance(short, InputError) and "no usable text" in str(short)


def test_item_round_trips_through_json() -> None:
    item = FeedItem(key="k", url="https://x.example/1", title="t", published=date(2024, 1, 2),
                    outlet="o", content="c", summary="s")
    assert FeedItem.from_json(item.to_json()) == item
