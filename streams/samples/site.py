"""Generated pages of one fictional site: distinct article bodies inside a shared template
whose blocks sit in the article container, where single-page extractors keep them. Used by
the site-memory tests and ``bench/site_memory.py``."""

from __future__ import annotations

import random

TEMPLATE_BLOCKS = [
    "Harbour Herald has covered the towns of the Baltic coast every week since 1998, and is "
    "owned by the Herald Readers Cooperative.",
    "Pictures from our readers appear in the Friday print edition; send yours to the news desk "
    "with the place and the date they were taken.",
]

_PLACES = ["Klaipeda", "Liepaja", "Parnu", "Ventspils", "Gdynia", "Kolobrzeg", "Rostock", "Visby"]
_TOPICS = ["ferry timetable", "fish market", "lighthouse repairs", "harbour dredging",
           "sailing school", "town budget", "coastal path", "port tariffs"]
_VERBS = ["approved", "postponed", "debated", "rejected", "welcomed", "questioned"]


def _sentence(rng: random.Random, n: int) -> str:
    place, topic, verb = rng.choice(_PLACES), rng.choice(_TOPICS), rng.choice(_VERBS)
    return (f"Council members in {place} {verb} plan number {n} for the {topic} on "
            f"{rng.choice(['Monday', 'Tuesday', 'Wednesday', 'Thursday'])}, after "
            f"{rng.randint(12, 480)} residents signed a petition about the {rng.choice(_TOPICS)}.")


def site_pages(count: int, seed: int = 7) -> list[tuple[str, str, list[str]]]:
    """(url, html, body paragraphs) for ``count`` pages of harbour-herald.example."""
    rng = random.Random(seed)
    pages = []
    for i in range(count):
        body = [" ".join(_sentence(rng, 10 * i + j + k) for k in range(3)) for j in range(4)]
        paragraphs = "\n".join(f"<p>{p}</p>" for p in body)
        template = "\n".join(f"<p>{t}</p>" for t in TEMPLATE_BLOCKS)
        html = (f"<html lang='en'><head><title>Story {i} | Harbour Herald</title></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
                f"<h1>Council news from the coast, part {i}</h1>{paragraphs}{template}</article>"
                f"<footer>Harbour Herald</footer></body></html>")
        pages.append((f"https://harbour-herald.example/news/story-{i}", html, body))
    return pages
