"""Registry lookups in the languages the entity stage reads: one place, one id, whatever the
language names it in."""

import pytest

from streams.entities.gazetteer import find_local_country_names, lookup_country, lookup_place


@pytest.mark.parametrize(("surface", "language", "place_id"), [
    ("Alemania", "es", "iso3166:DE"),
    ("Duitsland", "nl", "iso3166:DE"),
    ("Deutschland", "de", "iso3166:DE"),
    ("Германия", "ru", "iso3166:DE"),
    ("EE.UU.", "es", "iso3166:US"),  # the press's short form, not the official name
    ("США", "ru", "iso3166:US"),
    ("Moskau", "de", "geonames:524901"),
    ("Londres", "es", "geonames:2643743"),
])
def test_countries_and_cities_in_their_language_link_to_the_english_registry_ids(surface, language, place_id):
    place = lookup_place(surface, language)
    assert place is not None and place.id == place_id, (surface, place)


@pytest.mark.parametrize(("inflected", "place_id"), [
    ("Москве", "geonames:524901"),  # "в Москве": locative of Москва
    ("Германии", "iso3166:DE"),  # "из Германии": genitive
    ("России", "iso3166:RU"),
    ("Лондоне", "geonames:2643743"),  # London, not London (Ontario): the larger city wins
])
def test_russian_case_forms_link_to_the_place(inflected, place_id):
    place = lookup_place(inflected, "ru")
    assert place is not None and place.id == place_id, (inflected, place)


def test_foreign_names_are_not_english_names():
    # "Alemania" means nothing in English text: only a Spanish text links it.
    assert lookup_place("Alemania") is None
    assert lookup_country("Alemania", "es") is not None


def test_country_names_are_found_in_text_of_a_language_without_a_model():
    text = "O Brasil e a Alemanha assinaram um acordo com os Estados Unidos."
    found = {text[a:b] for a, b in find_local_country_names(text, "pt")}
    assert found == {"Brasil", "Alemanha", "Estados Unidos"}
    assert find_local_country_names(text, "xx") == []  # a language pycountry does not translate
