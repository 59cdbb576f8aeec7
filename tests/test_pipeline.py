import orjson

from streams import samples
from streams.entities import MODEL_NAMES
from streams.models import to_dict
from streams.pipeline import Kind, Pipeline, Record
from tests.conftest import raw, run_one


def test_seed_page_gives_one_article_and_fifty_quotes(pipeline: Pipeline):
    outcome = run_one(pipeline, orjson.dumps(samples.seed_message()))
    assert outcome.kind is Kind.PUBLISHED
    (article,) = outcome.articles
    expected = samples.seed_expected()
    assert article.paragraphs == expected["article"]["paragraphs"]
    assert article.text == "\n\n".join(article.paragraphs)
    assert len(outcome.quotes) == 50
    assert {q.observed_at for q in outcome.quotes} == {samples.FETCHED_AT}
    assert all("$" not in p for p in article.paragraphs)
    assert set(outcome.stage_seconds) == {"decode", "parse", "tickers", "clean", "enrich", "story"}
    assert all(seconds >= 0 for seconds in outcome.stage_seconds.values())


def test_ids_are_deterministic(pipeline: Pipeline):
    value = orjson.dumps(samples.seed_message())
    first, second = run_one(pipeline, value), run_one(pipeline, value)
    assert [to_dict(a) for a in first.articles] == [to_dict(a) for a in second.articles]
    assert [q.id for q in first.quotes] == [q.id for q in second.quotes]
    assert len({q.id for q in first.quotes}) == 50


def test_quote_keys_group_by_asset(pipeline: Pipeline):
    outcome = run_one(pipeline, orjson.dumps(samples.seed_message()))
    assert outcome.quotes[0].key == b"crypto:bitcoin"


def test_every_record_gets_exactly_one_outcome_in_order(pipeline: Pipeline):
    good = orjson.dumps(samples.html_messages()[0])
    records = [Record(b"{bad", topic="pages.raw", partition=2, offset=7, key=b"k1"),
               Record(good), Record(raw(url="https://x.example/", fetched_at="2026-01-01T00:00:00Z",
                                        body="Home\nMenu\nSearch"))]
    outcomes = pipeline.process(records)
    assert [o.kind for o in outcomes] == [Kind.DEAD_LETTER, Kind.PUBLISHED, Kind.NOTHING]
    letter = outcomes[0].dead_letter
    assert (letter.topic, letter.partition, letter.offset) == ("pages.raw", 2, 7)
    assert letter.value_base64 == "e2JhZA==" and letter.key_base64 == "azE="
    assert letter.stage == "decode" and "not valid JSON" in letter.error


def test_a_page_that_breaks_a_stage_is_dead_lettered_not_raised(pipeline: Pipeline, monkeypatch):
    import streams.pipeline as module

    def explode(parsed):
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "split_quotes", explode)
    outcome = run_one(pipeline, orjson.dumps(samples.seed_message()))
    assert outcome.kind is Kind.DEAD_LETTER
    assert outcome.dead_letter.stage == "tickers"
    assert "RuntimeError: boom" in outcome.dead_letter.error
    assert outcome.dead_letter.url == samples.seed_message()["url"]


def test_price_list_only_page_yields_quotes_and_no_article(pipeline: Pipeline):
    lines = samples.seed_text().splitlines()
    widget = "\n".join(lines[lines.index("bitcoin"):])
    outcome = run_one(pipeline, raw(url="https://prices.example/", fetched_at=samples.FETCHED_AT,
                                    content_type="text/plain", body=widget))
    assert outcome.kind is Kind.PUBLISHED
    assert outcome.articles == [] and len(outcome.quotes) == 50


def test_a_page_over_its_cpu_budget_is_dead_lettered():
    slow = Pipeline(time_budget_s=0.0)
    outcome = run_one(slow, orjson.dumps(samples.seed_message()))
    assert outcome.kind is Kind.DEAD_LETTER
    assert outcome.dead_letter.error_type == "OverTimeBudget"
    assert outcome.dead_letter.stage == "decode"  # stopped at the first check
    assert "budget" in outcome.dead_letter.error


def test_syndicated_copies_share_one_model_pass(monkeypatch):
    import streams.pipeline as module

    calls: list[int] = []
    real = module.enrich_texts

    def counting(texts, languages):
        calls.append(len(texts))
        return real(texts, languages)

    monkeypatch.setattr(module, "enrich_texts", counting)
    story = samples.seed_message()
    copies = [orjson.dumps({**story, "url": f"https://copy-{n}.example/story"}) for n in range(3)]
    pipeline = Pipeline()
    first = pipeline.process([Record(v) for v in copies])
    again = pipeline.process([Record(copies[0])])  # seen in an earlier batch: no model pass
    assert calls == [1]
    entities = [to_dict(o.articles[0])["entities"] for o in [*first, *again]]
    assert all(e == entities[0] for e in entities) and entities[0]
    assert len({o.articles[0].id for o in first}) == 3  # distinct articles, one NER pass


def test_prose_then_deep_nesting_is_cleaned_quickly_without_the_judge():
    # resiliparse takes minutes on 100k nested tags; such a page must not reach it.
    prose = "<p>" + "The council said on Tuesday that the harbour plan would go ahead, after all. " * 3
    body = "<html><body>" + (prose + "</p>") * 5 + "<div>" * 100_000 + "x</body></html>"
    outcome = run_one(Pipeline(time_budget_s=5.0), raw(url="https://x.example/deep",
                                                        fetched_at="2026-01-01T00:00:00Z",
                                                        body=body, content_type="text/html"))
    assert outcome.kind is Kind.PUBLISHED and outcome.extractor == "trafilatura"
    assert sum(outcome.stage_seconds.values()) < 5.0


_OTHER_LANGUAGES = {
    # A template that says <html lang="en"> on a German page: the text decides.
    "de": ('<html lang="en"><body><article><h1>Hafen Hamburg meldet Rekord</h1>'
           "<p>Der Hamburger Hafen hat im dritten Quartal so viele Container umgeschlagen wie nie "
           "zuvor. Da die Reedereien ihre Routen über Deutschland umgeleitet haben, stieg die "
           "Menge um zwölf Prozent, teilte die Hafengesellschaft am Montag mit.</p>"
           "<p>Sie erwartet für das ganze Jahr ein weiteres Wachstum, warnte aber vor steigenden "
           "Kosten und einem Mangel an Fachkräften in der Logistik.</p></article></body></html>"),
    "ru": ("<html><body><article><h1>Порт Усть-Луга увеличил перевалку</h1>"
           "<p>Да, порт Усть-Луга в третьем квартале увеличил перевалку грузов на восемь "
           "процентов, сообщила в понедельник администрация порта. Рост обеспечили уголь и "
           "удобрения, которые раньше отправлялись через другие порты.</p>"
           "<p>В администрации ожидают, что по итогам года рост сохранится, несмотря на "
           "нехватку вагонов и высокие тарифы.</p></article></body></html>"),
    "es": ("<html><body><article><h1>El puerto de Valencia bate su récord</h1>"
           "<p>El puerto de Valencia movió en el tercer trimestre más contenedores que nunca, "
           "según informó el lunes la autoridad portuaria. Las navieras desviaron sus rutas "
           "desde Alemania y el tráfico creció un doce por ciento.</p>"
           "<p>La autoridad portuaria espera que el crecimiento continúe durante todo el año, "
           "aunque advirtió de la falta de estibadores y del aumento de los costes.</p>"
           "</article></body></html>"),
    "nl": ("<html><body><article><h1>Haven van Antwerpen boekt record</h1>"
           "<p>De haven van Antwerpen heeft in het derde kwartaal meer containers verwerkt dan "
           "ooit, meldde het havenbedrijf maandag. Rederijen leidden hun schepen om via "
           "Duitsland en de overslag steeg met twaalf procent.</p>"
           "<p>Het havenbedrijf verwacht dat de groei het hele jaar aanhoudt, maar waarschuwt "
           "voor hogere kosten en een tekort aan havenarbeiders.</p></article></body></html>"),
    "ja": ("<html><body><article><h1>横浜港のコンテナ取扱量が過去最高に</h1>"
           "<p>横浜港の第３四半期のコンテナ取扱量は前年同期比で８％増え、過去最高を記録した"
           "と、港湾局が月曜日に発表した。アジア向けの輸出が好調だったことが主な要因だという。</p>"
           "<p>港湾局は、年間でも増加が続くと見込んでいるが、人手不足が課題になっている"
           "と述べた。</p></article></body></html>"),
}


def test_pages_are_read_by_the_model_of_their_language(pipeline):
    """The text decides the language (not ``<html lang>``) and so the model: Spanish, Dutch,
    German and Russian have their own, Japanese none (registry links only). No language gets
    the English model's reading of its words ("Да" as an organisation)."""
    for language, html in _OTHER_LANGUAGES.items():
        outcome = run_one(pipeline, raw(url=f"https://port.example/{language}", body=html,
                                        fetched_at="2026-11-27T08:00:00Z"))
        (article,) = outcome.articles
        assert article.language == language, (language, article.paragraphs)
        assert article.entities_model == MODEL_NAMES.get(language), language
        surfaces = {m.text for e in article.entities for m in e.mentions}
        assert not surfaces & {"Да", "Da", "Sie", "Der", "La", "Las", "De", "Het"}, (language, surfaces)
        if article.entities_model is None:
            # Only what a registry knows may be linked (a country named in a language we read).
            assert all(e.type == "GPE" and e.id for e in article.entities), (language, article.entities)
        if language in ("es", "nl", "de"):
            # "Alemania", "Duitsland", "Deutschland": Germany's registry entry in any language.
            assert "iso3166:DE" in {e.id for e in article.entities}, (language, article.entities)


def test_english_pages_name_the_model_that_read_them(pipeline):
    outcome = run_one(pipeline, orjson.dumps(samples.seed_message()))
    (article,) = outcome.articles
    assert article.language == "en" and article.entities_model == "newsstream-en-ner-3"
