from streams.entities.canonical import canonical_entities
from streams.entities.gazetteer import lookup_place


def _entities(text: str, tagged: list[tuple[str, str]], language: str):
    """Entities of ``text`` when the tagger found each (surface, label), at its first place."""
    spans = []
    for surface, label in tagged:
        start = text.index(surface, spans[-1][1] if spans else 0)
        spans.append((start, start + len(surface), label))
    return canonical_entities(text, spans, language=language)


def test_a_large_city_a_smaller_tagger_read_as_a_person_is_the_city():
    """The Dutch tagger, trained on Belgian news of 2000, read "Düsseldorf" as a person."""
    text = "Bij een brandstichting in Düsseldorf kwamen in 1993 vijf Turkse vrouwen en meisjes om."
    [city] = _entities(text, [("Düsseldorf", "PER")], "nl")
    assert (city.type, city.id) == ("GPE", lookup_place("Düsseldorf").id)


def test_a_smaller_town_keeps_the_taggers_type():
    text = "De aanslag in Stralsund werd door de politie onderzocht."
    [town] = _entities(text, [("Stralsund", "PER")], "nl")
    assert town.type == "PERSON"


def test_a_city_name_inside_a_persons_full_name_stays_that_person():
    text = "Kobe Bryant scoorde veertig punten. Kobe was niet te stoppen."
    [person] = _entities(text, [("Kobe Bryant", "PER"), ("Kobe", "PER")], "nl")
    assert (person.name, person.type, person.count) == ("Kobe Bryant", "PERSON", 2)


def test_english_leaves_a_one_word_city_name_to_its_own_evidence():
    """The English stage weighs such names with its confidence model and the census lists."""
    text = "Kobe was unstoppable again on Sunday."
    [person] = _entities(text, [("Kobe", "PER")], "en")
    assert person.type == "PERSON"
