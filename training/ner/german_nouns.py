"""Build ``streams/entities/case_lexicons/de-nouns.txt.gz``: the word forms German Wiktionary
lists only as common nouns.

German writes every noun with a capital, so a capital says nothing there, and the German
tagger (trained mostly on Wikipedia link text) takes many nouns for names ("Felsen",
"Oberschenkel", "Bier"). The list comes from the ``german-nouns`` package (Wiktionary DE,
CC BY-SA 4.0): every inflected form of an entry whose parts of speech are a common noun's
alone, less every form of an entry that is a name (given name, surname, place, proper name,
abbreviation). Only forms that wordfreq knows in German are kept (rare compounds are many
and a tagger seldom meets them): about 114,000 forms, 0.4 MB.

The package is not a dependency: its own requirements pin an lxml the project cannot use.
Read its CSV from the wheel instead:

    pip download german-nouns==1.2.5 --no-deps -d /tmp/gn && unzip -o -q /tmp/gn/*.whl -d /tmp/gn
    python training/ner/german_nouns.py /tmp/gn/german_nouns/nouns.csv \\
        streams/entities/case_lexicons/de-nouns.txt.gz
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

from wordfreq import zipf_frequency

NAMES = frozenset({"Eigenname", "Toponym", "Vorname", "Nachname", "Abkürzung", "Buchstabe"})
FIRST_FORM = 7  # the CSV's columns: lemma, pos, four genus columns, then the inflected forms


def common_nouns(table: Path) -> list[str]:
    common: set[str] = set()
    names: set[str] = set()
    with table.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)  # the header
        for row in rows:
            parts = set(row[1].split(","))
            forms = {row[0], *(form for form in row[FIRST_FORM:] if form)}
            if parts & NAMES:
                names |= forms
            elif "Substantiv" in parts:
                common |= forms
    return sorted(form for form in common - names
                  if form[:1].isupper() and not form.isupper() and " " not in form and "-" not in form
                  and zipf_frequency(form, "de", wordlist="large") > 0)


def main() -> None:
    table, out = Path(sys.argv[1]), Path(sys.argv[2])
    header = ("# German common nouns (Wiktionary DE via german-nouns 1.2.5, CC BY-SA 4.0); "
              "training/ner/german_nouns.py\n")
    text = header + "".join(f"{form}\n" for form in common_nouns(table))
    out.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


if __name__ == "__main__":
    main()
