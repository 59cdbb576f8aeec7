"""Prometheus metrics: every input offset ends in exactly one counted outcome."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

PAGES = Counter("newsstream_pages_total", "Input records by outcome", ["outcome"])
DEAD_LETTERS = Counter("newsstream_dead_letters_total", "Dead letters by stage and error type",
                       ["stage", "error_type"])
EVENTS = Counter("newsstream_events_published_total", "Output events by topic", ["topic"])
BATCH_SECONDS = Histogram("newsstream_batch_seconds", "Pipeline time per batch",
                          buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
STAGE_SECONDS = Histogram("newsstream_stage_seconds", "Time per page in each stage", ["stage"],
                          buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2))
EXTRACTOR = Counter("newsstream_extractor_pages_total",
                    "Pages by what found the article body (a rising trafilatura share costs CPU)",
                    ["extractor"])
CONSUMER_LAG = Gauge("newsstream_consumer_lag", "Records not yet committed, per input partition",
                     ["topic", "partition"])

# The feed poller (newsstream feeds).
FEED_PAGES = Counter("newsstream_feed_pages_total", "Article links handled by the feed poller, by outcome",
                     ["outcome"])
FEED_ERRORS = Counter("newsstream_feed_failures_total", "Feeds that could not be read in a round")
FEED_ROUND = Gauge("newsstream_feed_last_round_timestamp_seconds", "When the last polling round ended")
