"""The event models and ``schemas/`` agree, and real events validate against the files."""

import dataclasses

import orjson
import pytest
from jsonschema import Draft202012Validator

from streams import samples
from streams.models import Article, DeadLetter, Quote, StoryUpdate, to_dict
from streams.settings import Topics
from tests.conftest import SCHEMAS, raw, run_one

MODELS = {"news.articles": Article, "news.tickers": Quote, "pages.deadletter": DeadLetter,
          "news.stories": StoryUpdate}


def _schema(topic: str) -> dict:
    schema = orjson.loads((SCHEMAS / f"{topic}.json").read_bytes())
    Draft202012Validator.check_schema(schema)
    return schema


def test_one_schema_per_default_topic():
    assert {p.stem for p in SCHEMAS.glob("*.json")} == set(Topics().all())


@pytest.mark.parametrize("topic", sorted(MODELS))
def test_model_fields_match_schema(topic):
    schema = _schema(topic)
    names = [f.name for f in dataclasses.fields(MODELS[topic])]
    assert set(names) == set(schema["properties"]) == set(schema["required"])


def _validator(topic: str) -> Draft202012Validator:
    return Draft202012Validator(_schema(topic), format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_sample_inputs_validate_against_raw_schema():
    validator = _validator("pages.raw")
    for message in [samples.seed_message(), *samples.html_messages()]:
        validator.validate(message)
    assert not validator.is_valid({"body": "no url"})


def test_produced_events_validate(pipeline):
    outcomes = [run_one(pipeline, orjson.dumps(m))
                for m in [samples.seed_message(), *samples.html_messages()]]
    outcomes.append(run_one(pipeline, b"{oops", topic="pages.raw", partition=0, offset=1))
    outcomes.append(run_one(pipeline, raw(url="u", body="x")))
    checked = 0
    for outcome in outcomes:
        for article in outcome.articles:
            _validator("news.articles").validate(to_dict(article))
            checked += 1
        for quote in outcome.quotes:
            _validator("news.tickers").validate(to_dict(quote))
            checked += 1
        if outcome.dead_letter:
            _validator("pages.deadletter").validate(to_dict(outcome.dead_letter))
            checked += 1
    assert checked == 3 + 53 + 2
