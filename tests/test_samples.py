import orjson

from streams import samples
from tests.conftest import shared_path


def test_shipped_seed_is_the_shared_seed():
    """The repo ships a copy of the seed (users have no ../shared); it must not drift."""
    assert samples.seed_text() == shared_path("data/seed/page.txt").read_text(encoding="utf-8")
    shared = shared_path("data/seed/expected.json").read_bytes()
    assert samples.seed_expected() == orjson.loads(shared)
