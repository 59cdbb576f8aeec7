"""The linters the project holds itself to, run as part of the suite so CI enforces them."""

import subprocess
import sys

from tests.conftest import ROOT


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "streams", "tests", "bench"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_mypy_is_clean_on_the_package():
    result = subprocess.run([sys.executable, "-m", "mypy", "streams"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
