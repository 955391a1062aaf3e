"""Ingest: every input kind and every kind of bad input, on small files written here."""

from __future__ import annotations

import io
import json
import logging
import os
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigact.errors import InputError
from sigact.ingest import read_sources
from sigact.ingest.files import ByteSource, sniff_kind
from sigact.records import Article

REPORT = (
    "Gunmen opened fire on a police checkpoint outside the market town late on Tuesday, "
    "killing two officers, a provincial spokesman said. Security forces sealed the roads "
    "into the town and began a search of nearby farms.\n"
)

ARTICLE_HTML = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Checkpoint attack kills two officers | The Valley Herald</title>
<meta property="og:site_name" content="The Valley Herald">
<meta property="article:published_time" content="2022-11-08T21:40:00+02:00">
<link rel="canonical" href="https://valleyherald.example/2022/11/checkpoint-attack">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Checkpoint attack kills two officers</h1>
<p>Gunmen opened fire on a police checkpoint outside the market town late on Tuesday,
killing two officers and wounding a third, a provincial spokesman said.</p>
<p>Security forces sealed the roads into the town and began a search of nearby farms.
No group has said it carried out the attack.</p>
</article>
<footer>Copyright 2022 The Valley Herald. All rights reserved.</footer>
</body></html>
"""

BOILERPLATE_HTML = """<!DOCTYPE html>
<html><head><title>Page not found | The Valley Herald</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<footer>Copyright 2022 The Valley Herald. All rights reserved.</footer>
</body></html>
"""


def split(items: list[Article | InputError]) -> tuple[list[Article], list[InputError]]:
    arts = [x for x in items if isinstance(x, Article)]
    errs = [x for x in items if isinstance(x, InputError)]
    assert len(arts) + len(errs) == len(items)
    return arts, errs


def read(*paths: Path | str, **kw: object) -> tuple[list[Article], list[InputError]]:
    return split(list(read_sources([str(p) for p in paths], **kw)))  # type: ignore[arg-type]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- plain text -------------------------------------------------------------------------


def test_txt_article_id_text_and_unknown_date(tmp_path: Path) -> None:
    p = write(tmp_path / "checkpoint-attack.txt", REPORT)
    arts, errs = read(p)
    assert errs == []
    [a] = arts
    assert a.id == "checkpoint-attack"
    assert a.text == REPORT
    assert a.published is None and a.published_source == "unknown"
    assert a.source_path == str(p)


def test_txt_newlines_normalised_and_bom_stripped_nothing_else(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfFirst line.\r\nSecond  line,\ttabbed.\rThird line. \n"
    arts, errs = read(write(tmp_path / "a.txt", raw))
    assert errs == []
    assert arts[0].text == "First line.\nSecond  line,\ttabbed.\nThird line. \n"


def test_cli_published_is_the_fallback(tmp_path: Path) -> None:
    arts, _ = read(write(tmp_path / "a.txt", REPORT), published=date(2021, 5, 3))
    assert arts[0].published == date(2021, 5, 3)
    assert arts[0].published_source == "cli"


# --- HTML -------------------------------------------------------------------------------


def test_html_article_text_and_metadata(tmp_path: Path) -> None:
    arts, errs = read(write(tmp_path / "herald.html", ARTICLE_HTML))
    assert errs == []
    [a] = arts
    assert a.id == "herald"
    assert "killing two officers" in a.text
    assert "All rights reserved" not in a.text and "Sport" not in a.text
    assert "\r" not in a.text
    assert a.title == "Checkpoint attack kills two officers"
    assert a.url == "https://valleyherald.example/2022/11/checkpoint-attack"
    assert a.outlet == "The Valley Herald"
    assert a.published == date(2022, 11, 8)
    assert a.published_source == "html-meta"


def test_html_meta_date_wins_over_cli(tmp_path: Path) -> None:
    arts, _ = read(write(tmp_path / "herald.htm", ARTICLE_HTML), published=date(2020, 1, 1))
    assert (arts[0].published, arts[0].published_source) == (date(2022, 11, 8), "html-meta")


def test_html_without_meta_date_falls_back_to_cli(tmp_path: Path) -> None:
    page = ARTICLE_HTML.replace("article:published_time", "article:section")
    page = page.replace('content="2022-11-08T21:40:00+02:00"', 'content="World"')
    arts, errs = read(write(tmp_path / "x.html", page), published=date(2022, 11, 9))
    assert errs == []
    assert (arts[0].published, arts[0].published_source) == (date(2022, 11, 9), "cli")
    arts, _ = read(write(tmp_path / "x.html", page))
    assert (arts[0].published, arts[0].published_source) == (None, "unknown")


def test_html_boilerplate_only_page_is_an_error(tmp_path: Path) -> None:
    p = write(tmp_path / "notfound.html", BOILERPLATE_HTML)
    arts, errs = read(p, write(tmp_path / "ok.html", ARTICLE_HTML))
    assert [a.id for a in arts] == ["ok"]
    [e] = errs
    assert e.source == str(p)
    assert "no article text" in e.message


def test_html_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    page = ARTICLE_HTML.replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("market town", "market town of Sainte-Hélène")
    arts, errs = read(write(tmp_path / "legacy.html", page.encode("windows-1252")))
    assert errs == []
    assert "Sainte-Hélène" in arts[0].text


# --- JSONL ------------------------------------------------------------------------------


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_jsonl_good_lines_survive_bad_ones(tmp_path: Path) -> None:
    p = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {"id": "r1", "text": "Protesters marched to the ministry.", "title": "March",
             "url": "https://news.example/r1", "outlet": "News Example",
             "published": "2023-02-01"},
            '{"id": "r2", "text": "unterminated',
            {"id": "r3", "title": "no text here"},
            {"id": "r4", "text": "   "},
            "",
            "[1, 2]",
            {"id": 17, "text": "An airstrike hit a fuel depot.",
             "published": "2023-02-03T23:15:00+03:00"},
            {"text": "Two soldiers were wounded by a roadside bomb."},
        ),
    )
    arts, errs = read(p, published=date(2023, 3, 1))
    assert [a.id for a in arts] == ["r1", "17", "feed-8"]
    r1 = arts[0]
    assert (r1.title, r1.url, r1.outlet) == ("March", "https://news.example/r1", "News Example")
    assert (r1.published, r1.published_source) == (date(2023, 2, 1), "jsonl")
    assert (arts[1].published, arts[1].published_source) == (date(2023, 2, 3), "jsonl")
    assert (arts[2].published, arts[2].published_source) == (date(2023, 3, 1), "cli")
    assert all(e.source == str(p) for e in errs)
    assert [e.message.split(":")[0] for e in errs] == ["line 2", "line 3", "line 4", "line 6"]
    assert "not valid JSON" in errs[0].message
    assert "'text'" in errs[1].message and "'text'" in errs[2].message
    assert "list" in errs[3].message


def test_jsonl_bad_published_falls_back_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    p = write(tmp_path / "f.jsonl", jsonl({"id": "a", "text": "Shelling hit a school.",
                                           "published": "last Tuesday"}))
    with caplog.at_level(logging.WARNING):
        arts, errs = read(p, published=date(2024, 6, 1))
    assert errs == []
    assert (arts[0].published, arts[0].published_source) == (date(2024, 6, 1), "cli")
    assert "last Tuesday" in caplog.text and "line 1" in caplog.text


def test_jsonl_text_keeps_offsets_bom_and_crlf(tmp_path: Path) -> None:
    body = jsonl({"id": "a", "text": "One.\r\nTwo."}).replace("\n", "\r\n")
    arts, errs = read(write(tmp_path / "f.jsonl", b"\xef\xbb\xbf" + body.encode()))
    assert errs == []
    assert arts[0].text == "One.\nTwo."


def test_jsonl_size_limit_is_per_line_not_per_file(tmp_path: Path) -> None:
    line = {"text": "A car bomb exploded near the governor's office. " * 200}  # ~10 KB
    big = {"id": "big", "text": "x " * 40_000}  # ~80 KB, over 0.05 MB
    p = write(tmp_path / "archive.jsonl", jsonl(*([line] * 10), big, {"id": "z", "text": "ok"}))
    assert p.stat().st_size > 0.05 * 1024 * 1024
    arts, errs = read(p, max_mb=0.05)
    assert len(arts) == 11 and arts[-1].id == "z"
    [e] = errs
    assert e.message.startswith("line 11:") and "limit" in e.message


def test_jsonl_invalid_utf8_line_names_line_and_file_offset(tmp_path: Path) -> None:
    first = jsonl({"id": "a", "text": "Clashes in the north."}).encode()
    bad = b'{"id": "b", "text": "caf\xe9"}\n'
    p = write(tmp_path / "f.jsonl", first + bad + first)
    arts, errs = read(p)
    assert [a.id for a in arts] == ["a", "a"]
    [e] = errs
    assert e.message.startswith("line 2:")
    pos = len(first) + bad.index(b"\xe9")
    assert f"byte {pos}" in e.message


# --- bad files --------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".html", ".jsonl"])
@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t ", b"\xef\xbb\xbf"])
def test_empty_or_blank_file(tmp_path: Path, suffix: str, content: bytes) -> None:
    p = write(tmp_path / f"empty{suffix}", content)
    arts, errs = read(p)
    assert arts == []
    [e] = errs
    assert e.source == str(p) and "empty" in e.message


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17]) * 50 + b"some words",
    ],
    ids=["nul-bytes", "control-chars"],
)
def test_binary_file(tmp_path: Path, content: bytes) -> None:
    p = write(tmp_path / "image.txt", content)
    arts, errs = read(p)
    assert arts == [] and len(errs) == 1
    assert errs[0].source == str(p) and "binary" in errs[0].message


def test_utf16_file_gets_a_reencode_hint(tmp_path: Path) -> None:
    p = write(tmp_path / "u16.txt", REPORT.encode("utf-16"))
    _, [e] = read(p)
    assert "UTF-16" in e.message and "UTF-8" in e.message


def test_invalid_utf8_names_byte_offset(tmp_path: Path) -> None:
    data = b"Fighting resumed in the old city. \xff\xfe rest"
    p = write(tmp_path / "latin.txt", data)
    _, [e] = read(p)
    assert e.source == str(p)
    pos = data.index(b"\xff")
    assert "UTF-8" in e.message and f"byte {pos}" in e.message


def test_file_over_limit_is_skipped_by_size(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.truncate(2 * 1024 * 1024)  # sparse, and all NULs: a read would say "binary"
    ok = write(tmp_path / "ok.txt", REPORT)
    arts, errs = read(p, ok, max_mb=1)
    assert [a.id for a in arts] == ["ok"]
    [e] = errs
    assert e.source == str(p) and "2.0 MB" in e.message and "1.0 MB limit" in e.message


@pytest.mark.slow
def test_50mb_text_file_is_not_loaded(tmp_path: Path) -> None:
    p = tmp_path / "dump.txt"
    chunk = (REPORT * 200).encode()
    with p.open("wb") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    tracemalloc.start()
    try:
        arts, errs = read(p)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert arts == [] and len(errs) == 1 and "20.0 MB limit" in errs[0].message
    assert peak < 2 * 1024 * 1024


def test_missing_path_and_unsupported_suffix(tmp_path: Path) -> None:
    pdf = write(tmp_path / "report.pdf", b"%PDF-1.4")
    ok = write(tmp_path / "ok.txt", REPORT)
    arts, errs = read(tmp_path / "nope.txt", pdf, ok)
    assert [a.id for a in arts] == ["ok"]
    assert [e.source for e in errs] == [str(tmp_path / "nope.txt"), str(pdf)]
    assert "no such file" in errs[0].message
    assert "'.pdf'" in errs[1].message


@pytest.mark.skipif(
    sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="root and Windows ignore file permissions",
)
def test_unreadable_file(tmp_path: Path) -> None:
    p = write(tmp_path / "locked.txt", REPORT)
    p.chmod(0)
    try:
        _, [e] = read(p)
    finally:
        p.chmod(0o644)
    assert e.source == str(p) and e.message.startswith("cannot read")


# --- directories ------------------------------------------------------------------------


def test_directory_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    write(root / "b.txt", REPORT)
    write(root / "a.html", ARTICLE_HTML)
    write(root / "sub" / "c.jsonl", jsonl({"id": "c1", "text": "x"}, {"id": "c2", "text": "y"}))
    write(root / "sub-x.txt", REPORT)
    write(root / "notes.md", "not an input")
    write(root / ".hidden.txt", REPORT)
    write(root / ".git" / "d.txt", REPORT)
    write(root / "Z.TXT", REPORT)
    arts, errs = read(root)
    assert errs == []
    assert [a.id for a in arts] == ["Z", "a", "b", "c1", "c2", "sub-x"]
    assert arts[3].source_path == str(root / "sub" / "c.jsonl")


def test_directory_without_inputs_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "d" / "readme.md", "nothing to read")
    _, [e] = read(tmp_path / "d")
    assert e.source == str(tmp_path / "d") and "no .txt" in e.message


def test_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    arts, _ = read(write(tmp_path / ".draft.txt", REPORT))
    assert [a.id for a in arts] == [".draft"]


# --- stdin ------------------------------------------------------------------------------


def test_stdin_text_when_no_paths() -> None:
    arts, errs = split(list(read_sources([], stdin=io.StringIO("\r\n" + REPORT))))
    assert errs == []
    [a] = arts
    assert a.id == "stdin" and a.text == "\n" + REPORT and a.source_path is None


def test_stdin_jsonl_is_sniffed_and_streamed() -> None:
    body = "\n  " + jsonl({"id": "s1", "text": "A drone struck a convoy."},
                          {"text": "Police dispersed a rally."}, "{broken")
    arts, errs = split(list(read_sources(["-"], stdin=io.StringIO(body))))
    assert [a.id for a in arts] == ["s1", "stdin-3"]
    [e] = errs
    assert e.source == "<stdin>" and e.message.startswith("line 4:")


def test_stdin_html_is_sniffed() -> None:
    arts, errs = split(list(read_sources(["-"], stdin=io.StringIO(ARTICLE_HTML))))
    assert errs == [] and arts[0].published_source == "html-meta"


def test_stdin_empty_and_over_limit() -> None:
    _, [e] = split(list(read_sources(["-"], stdin=io.StringIO("   \n"))))
    assert e.source == "<stdin>" and "empty" in e.message
    big = io.StringIO("word " * 300_000)  # ~1.4 MB
    _, [e] = split(list(read_sources(["-"], stdin=big, max_mb=1)))
    assert "limit" in e.message


def test_sniff_kind() -> None:
    assert sniff_kind(b"\xef\xbb\xbf \n{") == "jsonl"
    assert sniff_kind(b"\n<!doctype html>") == "html"
    assert sniff_kind(b"Rockets hit") == "text"
    assert sniff_kind(b"") == "text"


def test_max_mb_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_mb"):
        list(read_sources(["x.txt"], max_mb=0))


# --- the streaming helper ---------------------------------------------------------------


@given(
    data=st.binary(max_size=20_000).map(lambda b: b.replace(b"\x00", b"\n")),
    sizes=st.lists(st.integers(min_value=1, max_value=9000), min_size=1, max_size=50),
)
def test_bytesource_readline_matches_bytesio(data: bytes, sizes: list[int]) -> None:
    ours, ref = ByteSource(io.BytesIO(data)), io.BytesIO(data)
    for size in sizes:
        assert ours.readline(size) == ref.readline(size)
    assert ours.read(len(data) + 1) == ref.read(len(data) + 1)


def test_permission_error_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = write(tmp_path / "locked.txt", REPORT)
    ok = write(tmp_path / "ok.txt", REPORT)
    real_open = Path.open

    def fake_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", fake_open)
    arts, [e] = read(locked, ok)
    assert [a.id for a in arts] == ["ok"]
    assert e.source == str(locked) and e.message == "cannot read: Permission denied"
