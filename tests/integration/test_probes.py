"""The worker's HTTP endpoints, on a real worker process."""

import time
import urllib.request

import pytest

from streams.broker import free_port
from tests.integration.conftest import make_stack

pytestmark = pytest.mark.integration


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_liveness_readiness_and_metrics(broker, tmp_path):
    stack = make_stack(broker, tmp_path)
    port = free_port()
    stack.start_worker(http_port=port)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline, ready = time.monotonic() + 60, (0, "")
        while time.monotonic() < deadline:
            try:
                ready = _get(f"{base}/readyz")
            except OSError:
                ready = (0, "not listening")
            if ready[0] == 200:
                break
            time.sleep(0.2)
        assert ready == (200, "ready\n")
        assert _get(f"{base}/healthz") == (200, "ok\n")
        status, metrics = _get(f"{base}/metrics")
        assert status == 200
        assert "newsstream_pages_total" in metrics and "newsstream_batch_seconds" in metrics
    finally:
        stack.stop()
