"""dedup.v2 on hand-built mentions (our own invented reports, no third-party text)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sigact.dedup import ClusterMerger, make_cluster_merger, mention_key
from sigact.dedup.blocking import BlockIndex, cells_near
from sigact.dedup.fuse import toll
from sigact.dedup.similarity import features, hard_ok
from sigact.errors import SigactError
from sigact.pipeline import _REGISTRY, PipelineConfig
from sigact.records import Actor, Claim, Evidence, Mention, Place
from test_dedup import DAY, PROVINCE, TOWN_A, TOWN_B, mention

# The towns, province and report builder of the v1 tests: two towns ~15 km apart, Anbar.
NEAR_A = Place("Qaryat Alif", country="Iraq", iso3="IRQ", admin1="Anbar",
               latitude=33.40, longitude=43.30, geo_precision=2)
OTHER_PROVINCE_TOWN = Place("Elsewhere", country="Iraq", iso3="IRQ", admin1="Ninawa",
                            latitude=33.1, longitude=42.6, geo_precision=1)


def groups(mentions: list[Mention], merger: ClusterMerger | None = None) -> set[frozenset[str]]:
    """The partition, as sets of report ids."""
    events = (merger or make_cluster_merger()).merge(mentions)
    return {frozenset(s.doc for s in ev.sources) for ev in events}


def test_registered_default_and_options() -> None:
    assert PipelineConfig().dedup == "dedup.v2"
    merger = _REGISTRY["dedup"]["dedup.v2"]()
    assert isinstance(merger, ClusterMerger)
    assert (merger.max_km, merger.exact_km, merger.threshold, merger.margin) == (
        25.0, 5.0, -0.5, 0.5)
    with pytest.raises(SigactError, match="max_km"):
        make_cluster_merger(max_km=0)
    with pytest.raises(SigactError, match="exact_km"):
        make_cluster_merger(max_km=5, exact_km=10)


def test_reports_of_one_event_fuse_by_the_stated_rules() -> None:
    a = mention("wire", fatalities=2, injuries=5, weapons=["rocket"],
                actor1=Actor("Unidentified Armed Group (Iraq)", 3),
                claims=[Claim("blame", "officials", "a militia")], confidence=0.6)
    b = mention("local", fatalities=4, weapons=["rocket", "mortar"], target="market",
                actor1=Actor("Kata'ib Example", 3), confidence=0.8,
                claims=[Claim("blame", "officials", "a militia"), Claim("denial", "g", "g")],
                evidence=[Evidence("local", "Mortar rounds struck the market.", 0, 32)])
    [ev] = make_cluster_merger().merge([b, a])
    assert (ev.fatalities, ev.fatalities_high) == (2, 4)  # same day: the lower toll
    assert ev.injuries == 5
    assert ev.weapons == ["rocket", "mortar"]
    assert len(ev.claims) == 2
    assert ev.actor1 == Actor("Kata'ib Example", 3)  # a name beats Unidentified
    assert ev.target == "market" and ev.confidence == 0.8
    assert [s.doc for s in ev.sources] == ["local", "wire"]  # same day: by id
    assert ev.sources[0].evidence == b.evidence
    assert len(ev.evidence) == 2


def test_a_later_report_revises_the_toll_and_the_highest_is_kept() -> None:
    early = mention("early", fatalities=5)
    later = mention("later", fatalities=3, published=DAY + timedelta(1))
    [ev] = make_cluster_merger().merge([early, later])
    assert (ev.fatalities, ev.fatalities_high) == (3, 5)
    assert toll([(DAY, 0), (None, 7)]) == (7, 7)  # 0 is "no toll stated"
    assert toll([(DAY, 0)]) == (0, 0)


def test_near_misses_stay_apart() -> None:
    assert len(groups([mention("a"), mention("b", place=TOWN_B)])) == 2  # other town
    assert len(groups([mention("a"), mention("b", event_date=DAY - timedelta(1))])) == 2
    assert len(groups([mention("a", place=PROVINCE),
                       mention("b", place=OTHER_PROVINCE_TOWN)])) == 2


def test_a_place_and_its_province_are_one_event_at_the_precise_place() -> None:
    for order in ([mention("a", place=PROVINCE), mention("b")],
                  [mention("b"), mention("a", place=PROVINCE)]):
        [ev] = make_cluster_merger().merge(order)
        assert ev.place == TOWN_A
    [ev] = make_cluster_merger().merge([mention("a", place=NEAR_A), mention("b", place=TOWN_B)])
    assert ev.place == TOWN_B  # "near A" (15 km) and exact B: within max_km


def test_a_province_report_that_fits_two_towns_joins_neither() -> None:
    out = groups([mention("a"), mention("b", place=TOWN_B), mention("p", place=PROVINCE)])
    assert out == {frozenset({"a"}), frozenset({"b"}), frozenset({"p"})}
    # ...unless one of them disagrees with it on something stated: then it fits one.
    out = groups([mention("a"), mention("b", place=TOWN_B, weapons=["small arms"]),
                  mention("p", place=PROVINCE, weapons=["rocket"])])
    assert frozenset({"a", "p"}) in out


def test_complete_link_keeps_a_chain_from_merging_two_towns() -> None:
    # p links to both towns, the towns do not link: never one event of all three.
    out = groups([mention("a"), mention("p", place=PROVINCE), mention("b", place=TOWN_B)])
    assert all(not {"a", "b"} <= g for g in out)


def test_two_attacks_in_one_city_on_one_day() -> None:
    def said(doc: str, text: str) -> list[Evidence]:
        return [Evidence(doc, text, 0, len(text))]

    kind = dict(event_type="Battles", sub_event_type="Armed clash")
    ms = [
        mention("a1", **kind, target="airport", weapons=["artillery"],
                evidence=said("a1", "Artillery duels raged around the airport all morning.")),
        mention("a2", **kind, target="the airport perimeter", weapons=["mortar", "rocket"],
                evidence=said("a2", "Shells and rockets fell along the airport fence.")),
        mention("c1", **kind, target="army checkpoint", weapons=["small arms"],
                evidence=said("c1", "Gunmen fought soldiers at a checkpoint after dusk.")),
        mention("c2", **kind, target="checkpoint on the ring road", weapons=["small arms"],
                evidence=said("c2", "A firefight broke out at the ring road checkpoint.")),
    ]
    # Same city, day and sub-type: other weapons *and* another target keep them apart.
    assert groups(ms) == {frozenset({"a1", "a2"}), frozenset({"c1", "c2"})}
    # One disagreement alone is tolerated (outlets describe one target in many words).
    assert len(groups([ms[0], mention("x", **kind, target="runway", weapons=["artillery"])])) == 1
    # A named perpetrator that differs is enough on its own...
    a = mention("a", actor1=Actor("Group One", 2), evidence=said("a", "Group One shelled it."))
    b = mention("b", actor1=Actor("Group Two", 2), evidence=said("b", "Mortars hit the square."))
    assert len(groups([a, b])) == 2
    # ...unless the reports tell it in the same words (an extractor may name the wrong side).
    b_alike = mention("b", actor1=Actor("Group Two", 2),
                      evidence=said("b", "Group Two shelled it."))
    assert len(groups([a, b_alike])) == 1
    # ...while a report naming only the victims does not conflict with one naming the attacker.
    victims = mention("v", actor1=None, actor2=Actor("Police Forces of Iraq", 1))
    assert len(groups([a, victims])) == 1


def test_same_report_lists_two_events_even_when_close() -> None:
    site = Place("Base Alif", country="Iraq", iso3="IRQ", admin1="Anbar",
                 latitude=33.41, longitude=43.31, geo_precision=1)  # ~1.5 km from TOWN_A
    assert len(make_cluster_merger().merge([mention("a"), mention("a", place=site)])) == 2
    assert len(groups([mention("a"), mention("b", place=site)])) == 1
    [ev] = make_cluster_merger().merge(
        [mention("a"), mention("a", evidence=[Evidence("a", "x", 40, 41)])])
    assert len(ev.sources) == 1 and len(ev.sources[0].evidence) == 2


def test_a_report_in_one_doc_matches_the_right_event_of_another() -> None:
    # Doc "list" names two strikes that day; each other report joins its own one.
    ms = [mention("list"), mention("list", place=TOWN_B, evidence=[Evidence("list", "B", 50, 60)]),
          mention("x"), mention("y", place=TOWN_B)]
    assert groups(ms) == {frozenset({"list", "x"}), frozenset({"list", "y"})}


def test_places_without_coordinates_match_by_name() -> None:
    named = Place("Qaryat Alif", country="Iraq", admin1="Anbar")
    assert len(groups([mention("a"), mention("b", place=named)])) == 1
    raw = mention("c", place=None, location_text="qaryat  alif")
    assert len(groups([mention("a"), raw])) == 1
    other_admin = Place("Qaryat Alif", country="Iraq", admin1="Basra")
    assert len(groups([mention("a"), mention("b", place=other_admin)])) == 2


def test_no_place_or_no_date_never_merges() -> None:
    assert len(groups([mention("a", place=None), mention("b", place=None)])) == 2
    assert len(groups([mention("a", event_date=None), mention("b", event_date=None)])) == 2


def test_coarse_dates_match_within_their_window() -> None:
    week = mention("w", event_date=DAY - timedelta(3), time_precision=2)
    [ev] = make_cluster_merger().merge([week, mention("b")])
    assert (ev.event_date, ev.time_precision) == (DAY, 1)  # the exact day wins
    too_far = mention("w", event_date=DAY - timedelta(4), time_precision=2)
    assert len(groups([too_far, mention("b")])) == 2
    month = mention("m", event_date=DAY - timedelta(15), time_precision=3)
    assert len(groups([month, mention("b")])) == 1


def test_sub_types_generic_vs_specific() -> None:
    clash = mention("a", event_type="Battles", sub_event_type="Armed clash")
    retake = mention("b", event_type="Battles", sub_event_type="Government regains territory")
    [ev] = make_cluster_merger().merge([clash, retake])
    assert ev.sub_event_type == "Government regains territory"
    assert len(groups([mention("a"), mention("c", sub_event_type="Air/drone strike")])) == 2


def test_named_actors_that_disagree_and_other_weapons_keep_reports_apart() -> None:
    a = mention("a", actor1=Actor("Group One", 2), weapons=["drone"])
    b = mention("b", actor1=Actor("Group Two", 2), weapons=["small arms"])
    assert len(groups([a, b])) == 2
    # One disagreement alone is not enough: outlets do name different weapons.
    assert len(groups([a, mention("b", weapons=["small arms"])])) == 1


def test_ids_are_content_based_and_order_independent() -> None:
    ms = [mention("a", published=DAY + timedelta(1)), mention("b"), mention("c", place=TOWN_B)]
    first = make_cluster_merger().merge(ms)
    again = make_cluster_merger().merge(list(reversed(ms)))
    assert [e.to_dict() for e in first] == [e.to_dict() for e in again]
    ab = next(e for e in first if len(e.sources) == 2)
    assert ab.doc == "b"  # the earliest-published report names the event
    assert all(e.event_id.startswith("ev-") and len(e.event_id) == 15 for e in first)


def test_protocol_call_keeps_existing_ids() -> None:
    merger = make_cluster_merger()
    [stored] = merger([mention("a", fatalities=3)], [])
    [updated] = merger([mention("b", fatalities=1)], [stored])
    assert updated.event_id == stored.event_id
    assert (updated.fatalities, updated.fatalities_high) == (1, 3)
    assert [s.doc for s in updated.sources] == ["a", "b"]
    assert merger([mention("c", place=TOWN_B)], [stored])[0].event_id != stored.event_id


def test_blocking_finds_every_pair_the_rules_could_link() -> None:
    # Walk a mention away from another in small steps: while the rules link them, the index
    # must return it (blocking only speeds the merge up, it never decides).
    base = mention("a", place=NEAR_A)
    fb = features(base)
    index = BlockIndex(max_km=25.0)
    index.add(0, fb)
    for lat in (60.0, 33.4, -0.1, 0.1):
        for step in range(0, 60):
            for dlat, dlon in ((step * 0.01, 0.0), (0.0, step * 0.01), (step * 0.007,) * 2):
                p = Place("Somewhere", country="Iraq", iso3="IRQ", admin1="X",
                          latitude=lat + dlat, longitude=43.3 + dlon, geo_precision=2)
                moved = Place(NEAR_A.location, country="Iraq", iso3="IRQ", admin1="Y",
                              latitude=lat, longitude=43.3, geo_precision=2)
                fa, fm = features(mention("a", place=moved)), features(mention("b", place=p))
                idx = BlockIndex(max_km=25.0)
                idx.add(0, fa)
                if hard_ok(fa, fm, max_km=25.0, exact_km=5.0):
                    assert 0 in idx.candidates(fm)
    assert 0 in index.candidates(features(mention("b", place=PROVINCE)))
    assert len(cells_near(89.9, 0.0, max_km=25.0)) > 100  # near the pole: every column
    assert mention_key(base) == mention_key(mention("a", place=NEAR_A))


def test_a_car_bomb_and_a_suicide_car_bomb_can_be_one_event() -> None:
    ied = mention("a", sub_event_type="Remote explosive/landmine/IED", weapons=["car bomb"])
    suicide = mention("b", sub_event_type="Suicide bomb", weapons=["car bomb", "suicide vest"])
    assert len(groups([ied, suicide])) == 1
    drone = mention("c", sub_event_type="Air/drone strike", weapons=["drone"])
    assert len(groups([ied, drone])) == 2
