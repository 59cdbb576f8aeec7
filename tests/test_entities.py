import subprocess
import sys

import pytest

from streams import samples
from streams.entities import enrich_texts, extractor
from streams.entities.gazetteer import lookup_place

SEED_TEXT = "\n\n".join(samples.seed_expected()["article"]["paragraphs"])


@pytest.fixture(scope="module")
def seed_entities():
    return enrich_texts([SEED_TEXT])[0]


def test_seed_article_carries_every_minimum_entity(seed_entities):
    by_type: dict[str, set[str]] = {}
    for entity in seed_entities:
        by_type.setdefault(entity.type, set()).add(entity.name)
    for kind, names in samples.seed_expected()["entities_min"].items():
        missing = set(names) - by_type.get(kind, set())
        assert not missing, f"{kind} missing {missing}"


def test_seed_aliases_resolve_to_one_entity(seed_entities):
    for group in samples.seed_expected()["aliases_same_entity"]:
        ids = {lookup_place(alias).id for alias in group}
        assert len(ids) == 1, group
        holders = [e for e in seed_entities
                   if any(m.text in group or m.text.removeprefix("the ") in group for m in e.mentions)]
        assert len({e.id for e in holders}) == 1, (group, [(e.name, e.id) for e in holders])


def test_the_north_of_a_korea_story_is_no_person(seed_entities):
    """The seed story calls North Korea "the North" four times; the tagger reads a person."""
    assert "the North" in SEED_TEXT
    assert not [e for e in seed_entities if e.type == "PERSON" and e.name == "North"]


def test_entities_are_distinct_with_counts_offsets_and_ids(seed_entities):
    keys = [(e.type, e.id or e.name) for e in seed_entities]
    assert len(keys) == len(set(keys))
    russia = next(e for e in seed_entities if e.name == "Russia")
    assert russia.id == "iso3166:RU" and russia.count == len(russia.mentions) >= 8
    assert "Russian Federation" in {m.text for m in russia.mentions}
    for entity in seed_entities:
        for m in entity.mentions:
            assert SEED_TEXT[m.start:m.end] == m.text
        assert 0 <= entity.salience <= 1
    seoul = next(e for e in seed_entities if e.name == "Seoul")
    assert seoul.id == "geonames:1835848"
    choe = next(e for e in seed_entities if e.name == "Choe Son Hui")
    assert choe.count == 3  # "Choe" alone twice folds into the full name


def test_scorer_extractor_contract():
    f = extractor()
    (spans,) = f(["Angela Merkel met Reuters reporters in Berlin ."])
    labels = {("Angela Merkel", "PER"), ("Reuters", "ORG"), ("Berlin", "LOC")}
    text = "Angela Merkel met Reuters reporters in Berlin ."
    assert {(text[s:e], f.label_map[label]) for s, e, label in spans} == labels


def test_crypto_assets_link_to_the_ticker_ids():
    text = ("Bitcoin rose 2% on Tuesday while Ethereum fell. Traders said Bitcoin could test "
            "its high again; Polygon (MATIC) gained, and the polygon shape of the chart was noted.")
    (entities,) = enrich_texts([text])
    assets = {e.name: e for e in entities if e.type == "ASSET"}
    assert set(assets) == {"Bitcoin", "Ethereum", "Polygon"}
    bitcoin = assets["Bitcoin"]
    assert (bitcoin.asset_id, bitcoin.symbol, bitcoin.count) == ("bitcoin", "BTC", 2)
    assert bitcoin.id == "coingecko:bitcoin"
    assert [text[m.start:m.end] for m in bitcoin.mentions] == ["Bitcoin", "Bitcoin"]
    assert (assets["Polygon"].asset_id, assets["Polygon"].symbol) == ("matic-network", "MATIC")


def test_a_common_word_asset_name_needs_its_symbol():
    (entities,) = enrich_texts(["Stellar results lifted the Maker of the vaccine, its chief said."])
    assert not [e for e in entities if e.type == "ASSET"]


def test_ticker_and_article_share_asset_ids():
    from streams.tickers.assets import crypto_assets

    (entities,) = enrich_texts(["Solana and Dogecoin led the market higher."])
    for entity in entities:
        if entity.type == "ASSET":
            assert crypto_assets()[entity.asset_id]["symbol"] == entity.symbol


def test_listed_companies_carry_isin_and_ticker_symbol():
    (entities,) = enrich_texts(["Shares of Apple rose after Microsoft and Deutsche Bank reported "
                                "results, while Apple Inc. said demand held up."])
    companies = {e.name: e for e in entities if e.symbol}
    assert companies["Apple Inc."].symbol == "AAPL"
    assert companies["Apple Inc."].id == "isin:US0378331005"
    assert companies["Apple Inc."].count == 2  # "Apple" and "Apple Inc." are one company
    assert {"Microsoft", "Deutsche Bank"} <= set(companies)


def test_spans_from_biluo_tags_survive_ill_formed_sequences():
    from streams.entities.model import spans_from_tags

    def spans(*tags):
        return spans_from_tags((i * 2, i * 2 + 1, tag) for i, tag in enumerate(tags))

    assert spans("B-PER", "L-PER", "O", "U-LOC") == [(0, 3, "PER"), (6, 7, "LOC")]
    assert spans("B-ORG", "I-ORG", "I-ORG", "L-ORG") == [(0, 7, "ORG")]
    assert spans("I-PER", "L-PER") == [(0, 3, "PER")]  # a stray I opens an entity
    assert spans("B-PER", "O") == [(0, 1, "PER")]  # ended by O without an L
    assert spans("B-PER", "I-ORG", "L-ORG") == [(0, 1, "PER"), (2, 5, "ORG")]  # label change
    assert spans("B-LOC", "B-LOC", "L-LOC") == [(0, 1, "LOC"), (2, 5, "LOC")]
    assert spans("B-MISC") == [(0, 1, "MISC")]
    assert spans("O", "O") == []


def test_the_english_tokenizer_keeps_a_hyphenated_word_whole_as_the_training_text_did():
    """CoNLL-2003 and GloVe keep "Jean-Philippe" and "well-known" as one token; dashes between
    words, number ranges and other infixes still split."""
    from streams.entities.model import load_model

    words = [t.text for t in load_model("en").make_doc(
        "Eva-Marie Persson, a well-known U.S.-led rival (1990-1991), Obama–Biden a--b x/y")]
    assert {"Eva-Marie", "well-known", "U.S.-led"} <= set(words)
    assert {"1990", "1991", "Obama", "–", "Biden", "--", "x", "y"} <= set(words)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Zxqvarth Inc. hired 12,000 ppl-x in Qwerbnia"), ("ru", "Двадцатью пятью Жмыхово-Залесье 12,5%"),
    ("de", "Zwölftausend Bürgermeisterinnen aus Quxdorf"),
])
def test_words_first_seen_get_the_features_the_tagger_reads(language, text):
    """The taggers' vocabularies compute only some attributes of a new word (spaCy's dozen
    flags cost a tenth of the stage on Russian); each feature the tagger's embedding reads
    must come out as spaCy computes it with every attribute."""
    import spacy
    from spacy.attrs import IDS
    from spacy.tokens import Doc

    from streams.entities.model import load_model

    nlp = load_model(language)
    features = [IDS[name] for name in nlp.config["components"]["tok2vec"]["model"]["embed"]["attrs"]]
    ours = nlp.make_doc(text)
    full = Doc(spacy.blank(language).vocab, words=[t.text for t in ours])
    assert (ours.to_array(features) == full.to_array(features)).all()


@pytest.mark.parametrize(("language", "text"), [
    ("en", "U.S.-led talks, don't they? The well-known Obama–Biden (1990-1991) team's e-mail: \"Yes.\""),
    ("ru", "Т.е. в Москве (т.е. «столице») 12,5% — г. Тверь, Санкт-Петербург."),
])
def test_the_primed_tokenizer_splits_text_as_an_unprimed_one(language, text):
    """The cache primed with frequent words at load holds what the tokenizer makes of each
    word with every rule of ours (the English infixes): texts and words with abbreviations,
    affixes and hyphens split as without the priming."""
    import spacy

    from streams.entities.model import MODELS_DIR, load_model

    primed = load_model(language).tokenizer
    fresh = spacy.load(MODELS_DIR / language).tokenizer
    fresh.infix_finditer = primed.infix_finditer
    words = text.split() + [w.strip(".,;:!?\"«»()") for w in text.split()]
    for piece in [text, *words]:
        assert [t.text for t in primed(piece)] == [t.text for t in fresh(piece)], piece


def test_dateline_place_and_agency_are_linked():
    text = ("GDANSK, Nov 20 (Coastline) - The board of the Port of Gdansk approved on Thursday a "
            "new terminal, its chairman Tomasz Wrona said.")
    (entities,) = enrich_texts([text])
    by_name = {e.name: e for e in entities}
    gdansk = by_name["Gdańsk"]  # the registry's spelling; "GDANSK" and "Gdansk" fold into it
    assert gdansk.type == "GPE" and gdansk.id.startswith("geonames:")
    assert [m.text for m in gdansk.mentions] == ["GDANSK", "Gdansk"]
    assert by_name["Coastline"].type == "ORG"


@pytest.mark.parametrize(("language", "text", "place"), [
    ("es", "El presidente de Francia, Emmanuel Macron, viajó ayer a Alemania.", "Alemania"),
    ("nl", "De Belgische premier reisde gisteren naar Duitsland voor overleg.", "Duitsland"),
    ("de", "Der Kanzler reiste am Montag nach Frankreich und traf dort Emmanuel Macron.", "Frankreich"),
    ("ru", "В понедельник Владимир Путин встретился в Москве с президентом Франции.", "Москве"),
])
def test_the_scorer_entry_reads_each_language_with_its_model(language, text, place):
    """``--options '{"lang": ...}'``: the language's model and its registry names; the place is
    a LOC whatever case or language it is written in."""
    f = extractor(lang=language)
    spans = {(start, end, f.label_map[label]) for start, end, label in f([text])[0]}
    assert (text.index(place), text.index(place) + len(place), "LOC") in spans, spans
    linked = {e.id for e in enrich_texts([text], [language])[0] if e.type == "GPE"}
    assert linked, (language, linked)


@pytest.mark.parametrize("text", [
    # GermEval 2014 dev (CC BY 4.0): the German tagger read "Oberschenkel" as a place and
    # "Maß" as a person
    "Er erlitt eine Schramme am Oberschenkel .",
    "Ein logarithmisches Maß für den Schalldruck ( Schalldruckpegel ) nimmt hierbei nahezu linear "
    "über der Zeit ab .",
])
def test_a_german_common_noun_is_no_name(text):
    assert extractor(lang="de")([text])[0] == []


def test_a_german_name_that_is_also_a_noun_stays_when_a_registry_knows_it():
    # GermEval 2014 dev: "Siemens" is a company, and a unit (a common noun) in Wiktionary
    text = ("Damit sind wir nah am Puls der Zeit - genauso wie die Nachrichten von n-tv und die "
            "technischen Entwicklungen von Siemens .")
    spans = {text[start:end] for start, end, _ in extractor(lang="de")([text])[0]}
    assert "Siemens" in spans


def test_a_language_without_a_model_gets_registry_names_only():
    text = "O presidente do Brasil viajou ontem para a Alemanha com Lula e a Petrobras."
    spans = extractor(lang="pt")([text])[0]
    assert {text[a:b] for a, b, _ in spans} == {"Brasil", "Alemanha"}, spans


_FIRST_GERMAN_ARTICLE = """
import gc
from streams.entities import companies, confidence, enrich_texts, evidence, gazetteer, load_language

load_language("de")
assert gc.get_freeze_count() > 100_000, gc.get_freeze_count()
loaders = (gazetteer._local_places, gazetteer._local_country_names, gazetteer._large_city_ids,
           evidence._case_lexicon, confidence._census_names, companies._companies, companies._first_words)
misses = [loader.cache_info().misses for loader in loaders]
enrich_texts(["Angela Merkel traf in Paris den Chef von Siemens und reiste dann nach Spanien."], ["de"])
assert [loader.cache_info().misses for loader in loaders] == misses
"""


def test_a_language_loads_its_tables_at_once_and_keeps_them_from_the_collector():
    """In a fresh process: the first article of a language does not pay for the registries
    and lists one by one, and a full garbage collection does not walk the tables (0.3 s
    each, mid-batch)."""
    subprocess.run([sys.executable, "-c", _FIRST_GERMAN_ARTICLE], check=True)
