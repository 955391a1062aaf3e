"""The ``sigact_places`` matcher: same entities as the EntityRuler it replaced, at dict speed."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from sigact.errors import SigactError
from sigact.extract.nlp import PlaceMatcher, load_nlp
from sigact.geo.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gaz(gazetteer: Gazetteer) -> Gazetteer:
    # The session gazetteer (conftest): Iraq and Syria among the demo corpus's countries.
    return gazetteer


@pytest.fixture(scope="module")
def nlp(gaz: Gazetteer) -> Language:
    return load_nlp(gazetteer=gaz)


def ents(nlp: Language, text: str) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in nlp(text).ents}


def blank_matcher(*phrases: tuple[tuple[str, ...], str, str | None, bool]) -> Language:
    nlp = spacy.blank("en")
    matcher: PlaceMatcher = nlp.add_pipe("sigact_places")  # type: ignore[assignment]
    matcher.add_phrases(phrases)
    return nlp


def test_places_run_before_ner(gaz: Gazetteer) -> None:
    for mode in ("full", "gated"):
        names = load_nlp(gazetteer=gaz, ner=mode).pipe_names
        assert "sigact_places" in names and "entity_ruler" not in names
        assert names.index("sigact_places") < names.index("ner")


def test_ner_is_off_with_a_gazetteer_and_on_without(nlp: Language) -> None:
    assert "sigact_places" in nlp.pipe_names and "ner" not in nlp.pipe_names
    assert "ner" in load_nlp().pipe_names
    with pytest.raises(SigactError, match=r"Unknown NER mode .sometimes."):
        load_nlp(ner="sometimes")


def test_gated_ner_tags_only_sentences_with_event_words(gaz: Gazetteer) -> None:
    nlp = load_nlp(gazetteer=gaz, ner="gated")
    doc = nlp("Maria Olsen opened a bakery in town. Gunmen shot Peter Hallgren near Mosul.")
    people = {e.text for e in doc.ents if e.label_ == "PERSON"}
    assert "Peter Hallgren" in people and "Maria Olsen" not in people
    assert ("Mosul", "GPE") in {(e.text, e.label_) for e in doc.ents}
    # a doc whose every sentence passes is parsed whole, like the ungated model
    full = load_nlp(gazetteer=gaz, ner="full")
    text = "Gunmen shot Peter Hallgren near Mosul."
    assert [(e.text, e.label_) for e in nlp(text).ents] == \
        [(e.text, e.label_) for e in full(text).ents]


def test_site_with_feature_word_is_one_fac_and_weapons_are_no_place(nlp: Language) -> None:
    found = ents(nlp, "Katyusha rockets struck Ain al-Asad air base in Anbar on Tuesday.")
    assert ("Ain al-Asad air base", "FAC") in found
    assert ("Anbar", "GPE") in found
    assert ("Katyusha", "PRODUCT") in found
    assert not any(text.startswith("Katyusha") and label == "GPE" for text, label in found)
    # the span carries the gazetteer id, as the ruler's did
    doc = nlp("Militants fired at Ain al-Asad air base.")
    assert [e.id_ for e in doc.ents if e.label_ == "FAC"] == ["site:ain-al-asad-air-base"]


def test_lowercase_common_words_are_not_places(nlp: Language) -> None:
    # Hit is a town in Anbar; "hit" in running text is a verb
    assert ("Hit", "GPE") in ents(nlp, "A roadside bomb exploded near Hit on Monday.")
    found = ents(nlp, "A drone hit a convoy; police said the mission was over.")
    assert all(text.lower() not in {"hit", "police", "mission"} for text, _ in found)


def test_arabic_article_may_start_lowercase(nlp: Language) -> None:
    assert ("al-Tanf", "FAC") in ents(nlp, "Drones attacked the garrison at al-Tanf overnight.")


def test_model_entities_are_overwritten_where_they_overlap(nlp: Language) -> None:
    doc = nlp("Officials in Deir ez-Zor said shelling hit the town of Sinjar.")
    spans = {(e.text, e.label_) for e in doc.ents}
    assert ("Deir ez-Zor", "GPE") in spans and ("Sinjar", "GPE") in spans
    assert not any("ez-Zor" in t and t != "Deir ez-Zor" for t, _ in spans)


def test_longest_match_wins_then_earliest() -> None:
    nlp = blank_matcher(
        (("new", "york"), "GPE", "ny", False),
        (("york",), "GPE", "york", False),
        (("york", "harbour"), "FAC", "harbour", False),
    )
    doc = nlp("Ships left New York harbour for York.")
    assert [(e.text, e.label_, e.id_) for e in doc.ents] == [
        ("New York", "GPE", "ny"), ("York", "GPE", "york")]


def test_gpe_yields_to_curated_label_on_the_same_span() -> None:
    nlp = blank_matcher((("red", "sea"), "GPE", "admin1", False),
                        (("red", "sea"), "LOC", "sea", False))
    assert [(e.label_, e.id_) for e in nlp("Ships in the Red Sea.").ents] == [("LOC", "sea")]


def test_ruler_dicts_and_phrases_give_the_same_entities(gaz: Gazetteer) -> None:
    text = ("Rockets hit Ain al-Asad air base in Anbar; police said Deir ez-Zor, Raqqa and "
            "al-Tanf were calm, and a drone hit Mosul.")
    by_phrase = spacy.blank("en")
    by_phrase.add_pipe("sigact_places").add_phrases(gaz.place_phrases())  # type: ignore[attr-defined]
    by_dict = spacy.blank("en")
    by_dict.add_pipe("sigact_places").add_patterns(gaz.entity_patterns())  # type: ignore[attr-defined]
    got = [(e.start, e.end, e.label_, e.id_) for e in by_phrase(text).ents]
    assert got == [(e.start, e.end, e.label_, e.id_) for e in by_dict(text).ents]
    assert len(got) >= 5


def test_unsupported_pattern_is_refused() -> None:
    nlp = spacy.blank("en")
    matcher: PlaceMatcher = nlp.add_pipe("sigact_places")  # type: ignore[assignment]
    with pytest.raises(ValueError, match="unsupported pattern"):
        matcher.add_patterns([{"label": "GPE", "pattern": [{"TEXT": {"REGEX": "^A"}}]}])
    matcher.add_patterns([{"label": "ORG", "pattern": "Islamic State", "id": "actor"}])
    assert [(e.text, e.label_) for e in nlp("islamic state fighters").ents] == [
        ("islamic state", "ORG")]


def test_place_phrases_are_cached_per_file(gaz: Gazetteer) -> None:
    first = gaz.place_phrases()
    again = Gazetteer.open(gaz.path, build=False).place_phrases()
    assert first == again and first is not again  # callers get their own list
    assert all(p.tokens and p.label in {"GPE", "FAC", "LOC"} for p in first)
