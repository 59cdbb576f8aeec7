"""The confidence model of the entity stage: the shipped weights fit the features the stage
computes, and the fitted model is sane where a refit could go wrong."""

import json

import pytest

from streams.entities import confidence, enrich_texts
from streams.entities.confidence import FEATURES, is_common_surname, is_given_name, probability
from streams.entities.model import TYPES


def _typical() -> list[float]:
    """A one-word name seen twice, inside sentences, with a fairly sure tagger."""
    values = dict.fromkeys(FEATURES, 0.0) | {
        "belief": 0.9, "entity_belief": 0.95, "margin": 0.8, "log_mentions": 1.1, "one_word": 1.0,
        "name_evidence": 1.0, "min_zipf": 0.3, "length": 0.4, "document_belief": 0.8}
    return [values[name] for name in FEATURES]


def _with(features: list[float], **changes: float) -> list[float]:
    return [changes.get(name, value) for name, value in zip(FEATURES, features, strict=True)]


@pytest.mark.parametrize("label", TYPES)
def test_a_surer_tagger_never_lowers_the_belief(label):
    unsure = _with(_typical(), belief=0.5, entity_belief=0.6, margin=0.1)
    assert probability(_typical(), label) > probability(unsure, label)


@pytest.mark.parametrize("label", TYPES)
def test_a_word_the_document_writes_in_lower_case_is_less_believed(label):
    assert probability(_with(_typical(), lower_case_word=1.0), label) < probability(_typical(), label)


@pytest.mark.parametrize("label", TYPES)
def test_the_same_name_is_less_believed_where_the_tagger_doubts_the_rest_of_the_document(label):
    """A how-to guide whose every name the tagger is unsure of is text unlike its training
    text: its belief in one name there is worth less than in a news story it reads surely."""
    doubtful_page = _with(_typical(), document_belief=0.5)
    assert probability(doubtful_page, label) < probability(_with(_typical(), document_belief=0.95), label)


def test_a_name_written_after_the_is_less_believed_to_be_a_person():
    """"the North" (North Korea), "the Fed": people's names hardly ever follow "the"."""
    assert probability(_with(_typical(), after_the=1.0), "PER") < probability(_typical(), "PER") / 2


def test_weights_fitted_on_other_features_are_refused(tmp_path, monkeypatch):
    shipped = json.loads(confidence._WEIGHTS.read_text(encoding="utf-8"))
    stale = tmp_path / "confidence.json"
    stale.write_text(json.dumps(shipped | {"features": [*FEATURES[:-1], "something_else"]}))
    monkeypatch.setattr(confidence, "_WEIGHTS", stale)
    confidence._model.cache_clear()
    try:
        with pytest.raises(ValueError, match="refit"):
            probability(_typical(), "PER")
    finally:
        confidence._model.cache_clear()


def test_census_names_tell_people_from_products():
    assert is_given_name("Peter") and is_given_name("KAREN") and is_common_surname("Yang")
    for word in ("Python", "Gmail", "Substack", "Windsurf"):
        assert not is_given_name(word), word


def test_software_and_services_are_not_people_but_the_people_are():
    """wonderingaboutai.substack.com (a development page): the tagger reads every product
    name as a person ("Python", "Gmail", "Substack", "Claude Code")."""
    text = ("I Built a Tool to Collect Substack Notes\n"
            "For a while, I’ve been meaning to create a Python script, or maybe a collection of agents, "
            "to help me keep up with the Notes I save. (If you’re new here, Notes is Substack’s "
            "Twitter-like social media platform.) I referenced this helpful tutorial from Peter Yang that "
            "uses n8n to extract newsletters from Gmail and create a weekly summary. The code, which "
            "includes contributions from Karen Smiley, is now powering the weekly digest. Since I’m still "
            "trying to decide between Claude Code, Cursor, and Windsurf, I vibe-coded the old-fashioned way.")
    (entities,) = enrich_texts([text])
    people = {e.name for e in entities if e.type == "PERSON"}
    assert {"Peter Yang", "Karen Smiley"} <= people
    assert not {"Python", "Gmail", "Windsurf", "Cursor"} & people


@pytest.mark.xfail(strict=True, reason="the GloVe tagger (newsstream-en-ner-3) reads 'Substack' as a "
                   "person with 0.96 and 'Claude Code' with 0.82; the confidence model keeps both")
def test_a_platform_and_a_product_named_like_people_are_not_people():
    text = ("Notes is Substack’s Twitter-like social media platform. I referenced this helpful "
            "tutorial from Peter Yang. Since I’m still trying to decide between Claude Code, Cursor, "
            "and Windsurf, I vibe-coded the old-fashioned way.")
    (entities,) = enrich_texts([text])
    assert not {"Substack", "Claude Code"} & {e.name for e in entities if e.type == "PERSON"}
