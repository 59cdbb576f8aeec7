"""The README's main job, run as a user runs it: `newsstream demo`."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration


def test_demo_runs_end_to_end_and_summarises_every_topic():
    result = subprocess.run([sys.executable, "-m", "streams", "demo"], capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "news.articles: 3 events" in out
    assert "news.tickers: 53 events" in out
    assert "pages.deadletter: 2 events" in out
    assert "ARTICLE  North Korea says US and allies’ criticism of its ties with Russia ‘distorted’" in out
    assert "Kim Jong Un" in out or "Choe Son Hui" in out
    assert "QUOTE    Bitcoin (BTC) 63768.09 USD 1.02%" in out
    assert "missing required field 'url'" in out
