"""Whatever bytes arrive, the pipeline returns exactly one outcome per record and never raises."""

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.pipeline import Kind, Pipeline, Record

_PIPELINE = Pipeline(max_body_bytes=20_000)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                max_size=4),
    max_leaves=12,
)
messages = st.one_of(
    st.binary(max_size=300),
    json_values.map(orjson.dumps),
    st.fixed_dictionaries({"url": st.text(max_size=40)},
                          optional={"body": st.text(max_size=400),
                                    "body_base64": st.text(max_size=60),
                                    "content_type": st.sampled_from(
                                        ["text/html", "text/plain", "application/pdf", "x"]),
                                    "fetched_at": st.text(max_size=30),
                                    "charset": st.text(max_size=12)}).map(orjson.dumps),
    st.integers(1, 400).map(lambda n: orjson.dumps({
        "url": "https://deep.example/", "fetched_at": "2026-11-27T08:00:00Z",
        "body": "<div>" * n * 50 + "<p>deep</p>"})),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(messages, min_size=1, max_size=8))
def test_any_input_gives_exactly_one_outcome_per_record(values):
    outcomes = _PIPELINE.process([Record(v, timestamp_ms=1_700_000_000_000) for v in values])
    assert len(outcomes) == len(values)
    for outcome in outcomes:
        if outcome.kind is Kind.DEAD_LETTER:
            assert outcome.dead_letter.error and outcome.dead_letter.stage
        else:
            assert outcome.dead_letter is None
