"""Graceful shutdown: SIGTERM mid-stream stops the worker within seconds with exit code 0,
having committed only what it finished; a new worker carries on without loss."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time

import pytest

from tests.integration.conftest import consume_until, make_stack
from tests.integration.test_crash import _produce, wait_for_outputs

pytestmark = pytest.mark.integration
PAGES = 2000


def test_sigterm_mid_stream_exits_cleanly_and_loses_nothing(broker, tmp_path):
    stack = make_stack(broker, tmp_path, partitions=4)
    worker = stack.start_worker()
    try:
        asyncio.run(_produce(stack.settings, PAGES))
        at_signal = wait_for_outputs(stack.settings, PAGES // 4)
        assert 0 < at_signal < PAGES
        worker.send_signal(signal.SIGTERM)
        started = time.monotonic()
        try:
            code = worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pytest.fail("the worker did not stop within 15 s of SIGTERM")
        assert code == 0
        assert time.monotonic() - started < 15
        stack.start_worker()
        topic = stack.settings.topics.articles
        found = consume_until(stack.settings, lambda f: len({r.key for r in f[topic]}) >= PAGES,
                              timeout_s=120, topics=[topic])
        assert len({r.key for r in found[topic]}) == PAGES
    finally:
        stack.stop()
