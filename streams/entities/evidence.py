"""Whole-document evidence for the tagger's spans: is a capitalised word a name, or only
capitalised by where it stands?

Web articles are not newswire: headings and list items are title-cased, buttons and calls
to action start with capitals ("Try Moosend", "Key Takeaways"), every sentence starts with
one ("Moreover", "Please"). The tagger sees the capital and proposes a name. What decides is
the rest of the document:

- a word written with a capital *inside* a sentence of running text, here or in the
  training text (``case_lexicons/en.txt``: "Japan"), is a name wherever it stands;
- so is a word too rare to be a common word (wordfreq, which folds case: "Moosend");
- a span whose every word is capitalised only by its position (the start of a sentence or
  a list item, a title-cased heading) and has none of that evidence is not a name ("Key
  Takeaways", "Please"); a lower-case word (seen so in the document or in running text)
  opening a span is not part of the name ("Try Moosend").

A span with no letters ("&", "£") or a generic acronym ("AI") is never a name; each name
then gets one type for the whole document (``_one_type_per_name``). Registry matches are decided
later (``canonical``) and are not affected: what a registry knows needs no capital.
"""

from __future__ import annotations

import gzip
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from wordfreq import zipf_frequency

from .companies import lookup_company, opens_company_name
from .confidence import believed, is_common_surname, is_given_name
from .gazetteer import lookup_place
from .model import TYPES, Scored, Span

_WORD = re.compile(r"\w[\w'’.&-]*\w|\w")
_SENTENCE_END = re.compile(r"[.!?…:|•·–—]['\"”’)\]]*\s+[\"“‘(\[]*$")
# Titles written before a name ("Sen. Cory Booker"): never the last word of a name.
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col",
                     "capt", "sgt"})
# Abbreviations whose full stop does not end a sentence ("Mr. Smith", "U.S. officials").
_ABBREVIATIONS = _TITLES | {"st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "mt", "ft"}
# Words before a person's name that are not part of it (the corpora tag the name alone).
_HONORIFICS = _TITLES | {"miss", "mx", "dear", "rev", "reverend", "justice", "judge", "president",
                         "senator", "governor"}
# Short words a title-cased heading leaves in lower case ("Best Places to Visit in Spain").
_MINOR = frozenset({"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor",
                    "of", "on", "or", "per", "the", "to", "vs", "via", "with"})
# An acronym in the plural names a class of things, not one of them: "LLMs", "GPUs", "MPs".
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
# Units of measure written with capitals: "Gbps", "GHz", "kWh", "mAh", "Nm", "dB".
_UNIT = re.compile(r"[kKMGT]?(?:bps|Hz|Wh)|mAh|Nm|dB|rpm|psi|mph|kph|fps")
# Common nouns written as acronyms: generic terms, not names ("AI tools", "a USB port").
_GENERIC_ACRONYMS = frozenset({
    "ai", "api", "apis", "ar", "atm", "b2b", "ceo", "ceos", "cfo", "cpu", "cto", "diy", "dna", "dns",
    "faq", "faqs", "gdp", "gps", "gpu", "hdmi", "hr", "html", "http", "https", "iot", "ip", "it", "led",
    "leds", "llm", "llms", "ml", "oem", "pc", "pcs", "pdf", "pr", "ram", "rna", "roi", "rss", "saas",
    "sms", "ssd", "suv", "suvs", "tv", "ui", "url", "urls", "usb", "ux", "vpn", "vr", "wi-fi", "wifi",
    # degrees after a name: "Alexander B. Niculescu, M.D., Ph.D."
    "m.d", "md", "ph.d", "phd", "mba", "b.a", "m.a", "b.s", "m.s", "j.d", "msc", "bsc", "rn", "dds"})
RARE = 2.5  # below this a capitalised word is taken for a name wherever it stands
MIN_CONFIDENCE = 0.5  # the model's mean probability of the span's type, over all its mentions
_LEXICONS = Path(__file__).with_name("case_lexicons")  # one per language with a model


@cache
def _case_lexicon(language: str = "en") -> tuple[frozenset[str], frozenset[str]]:
    """(words written in lower case, words written with a capital) inside sentences of the
    training text of ``language``'s model."""
    lower: set[str] = set()
    capital: set[str] = set()
    for line in (_LEXICONS / f"{language}.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, case = line.split("\t")
            (lower if case == "lower" else capital).add(word)
    return frozenset(lower), frozenset(capital)


@cache
def _common_nouns(language: str) -> frozenset[str]:
    """The word forms a dictionary of ``language`` lists only as common nouns, for the
    languages that write every noun with a capital (German: ``de-nouns.txt.gz``, from
    Wiktionary; ``training/ner/german_nouns.py``); empty for the others."""
    path = _LEXICONS / f"{language}-nouns.txt.gz"
    if not path.exists():
        return frozenset()
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def preload(language: str) -> None:
    """Read the case lexicons (``language``'s and the English one some tests read), the
    language's noun list and wordfreq's English table now."""
    _case_lexicon("en")
    _case_lexicon(language)
    _common_nouns(language)
    _zipf("the")


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def _joins_word(char: str) -> bool:
    """Whether ``char`` beside a phrase makes it part of a longer word (regex ``[\\w-]``)."""
    return char.isalnum() or char in "_-"


@dataclass(slots=True)
class _Word:
    start: int
    end: int
    text: str
    positional: bool  # capitalised by its position: sentence or line start, heading


# What may stand before the first word of a sentence: space, quotes, bullets, list numbers.
_MARKER = re.compile(r"[ \t\"“‘(\[•·*>#–—-]*(?:\d{1,3}[.)][ \t]+)?")
# A capitalised word inside a line, after a character that does not end a sentence.
_INSIDE = re.compile(r"(?<=[^\s.!?…:;|•·–—\"“‘(\[])\s+([A-Z][\w'’.&-]*\w|[A-Z])")
_LOWER = re.compile(r"(?<![\w'’.&-])[a-z][\w'’-]*")
# "the North", "the Fed", "the Netherlands": a person's name is hardly ever after "the".
_THE = re.compile(r"(?<![\w'’])[Tt]he\s+$")


@dataclass(slots=True)
class DocumentEvidence:
    """What the document says about each word form. The whole text is read with a few
    regular-expression passes; only the words of proposed spans are looked at one by one."""

    text: str
    capital_inside: Counter[str] = field(default_factory=Counter)  # capitalised inside a sentence
    lower: set[str] = field(default_factory=set)  # lower-cased forms seen in lower case
    _headings: dict[int, bool] = field(default_factory=dict)  # line start -> title-cased
    _read: dict[tuple[int, int], list[_Word]] = field(default_factory=dict)  # span -> its words

    @classmethod
    def read(cls, text: str) -> DocumentEvidence:
        evidence = cls(text)
        evidence.lower.update(_LOWER.findall(text))
        at = 0
        for line in text.split("\n"):
            if not evidence._heading_at(at, line):  # after the list marker and the lead-in
                start = marker.end() if (marker := _MARKER.match(line)) else 0
                start = _lead_in_end(line, start)
                evidence.capital_inside.update(_INSIDE.findall(line, start))
            at += len(line) + 1
        return evidence

    def _heading_at(self, line_start: int, line: str | None = None) -> bool:
        if line_start not in self._headings:
            if line is None:
                end = self.text.find("\n", line_start)
                line = self.text[line_start:end if end >= 0 else len(self.text)]
            # A heading has at most 20 words: longer lines are not split into words at all.
            self._headings[line_start] = line.count(" ") <= 40 and _is_heading(_WORD.findall(line))
        return self._headings[line_start]

    def _words(self, start: int, end: int) -> list[_Word]:
        """The words of ``text[start:end]``, each with whether its capital is positional
        (read once per span: the candidates and the confidence features both ask)."""
        if (words := self._read.get((start, end))) is None:
            words = self._read[(start, end)] = self._read_words(start, end)
        return words

    def _read_words(self, start: int, end: int) -> list[_Word]:
        line_start = self.text.rfind("\n", 0, start) + 1
        heading = self._heading_at(line_start)
        marker = _MARKER.match(self.text, line_start, start)  # "3. Empower ...", "- Launch ..."
        line_start = marker.end() if marker else line_start
        words = []
        for match in _WORD.finditer(self.text, start, end):
            at = match.start()
            positional = heading or _WORD.search(self.text, line_start, at) is None or (
                _ends_sentence(self.text[max(line_start, at - 40):at]))
            words.append(_Word(at, match.end(), match.group(), positional))
        return words

    def is_name_word(self, word: str) -> bool:
        """Capitalised inside a sentence here or in running text, or too rare to be common."""
        if word in self.capital_inside:
            return True
        low = word.lower()
        lower, capital = _case_lexicon()
        return low in capital or (word[:1].isupper() and low not in lower and _zipf(low) < RARE)

    def _in_lower_case(self, word: str) -> bool:
        """Whether the document writes the word, or its singular, in lower case ("Even in
        Impeachments." where the text speaks of "impeachment charges")."""
        low = word.lower()
        return low in self.lower or (len(low) > 4 and low.endswith("s") and low[:-1] in self.lower)

    def _capitalised_common_word(self, word: str) -> bool:
        """A word the document writes in lower case, capitalised once for emphasis."""
        return not word.isupper() and self._in_lower_case(word) and self.capital_inside[word] < 2

    def _written_in_lower_case(self, phrase: str) -> bool:
        """Whether the document writes this phrase of several words in lower case too."""
        low = phrase.lower()
        if low == phrase:
            return False
        # str.find, not a regex: a pattern per phrase would be compiled anew for each.
        text, at = self.text, self.text.find(low)
        while at >= 0:
            end = at + len(low)
            if not (at and _joins_word(text[at - 1])) and not (end < len(text) and _joins_word(text[end])):
                return True
            at = text.find(low, at + 1)
        return False

    def _named_in_prose(self, at: int, phrase: str) -> bool:
        """Whether the phrase found at ``at`` also stands inside a sentence of running text,
        where its capitals are its own, not a heading's or a sentence start's."""
        found = self.text.find(phrase)
        while found >= 0:
            if found != at and not self._words(found, found + len(phrase))[0].positional:
                return True
            found = self.text.find(phrase, found + 1)
        return False

    def is_lower_case_word(self, word: str) -> bool:
        """Written in lower case here or in running text: "try", "read", "please"."""
        return self._in_lower_case(word) or word.lower() in _case_lexicon()[0]

    def candidates(self, spans: list[Scored]) -> list[Named]:
        """The spans the evidence supports, some trimmed of leading common words, each name
        typed by the belief summed over all its mentions in the document."""
        spans = _whole_names(_joined_at_hyphens(
            _at_list_commas(_within_lines(spans, self.text), self.text), self.text), self.text)
        kept = _bylines(spans, self.text)  # taken as they are
        taken = [(name.start, name.end) for name in kept]
        for span in spans:
            if any(span.start < end and start < span.end for start, end in taken):
                continue
            if _cuts_a_word(span, self.text):
                continue  # "Service" of "Self-Service", "AI co" of "AI co-creation"
            words = list(self._words(span.start, span.end))  # trimmed below: a copy
            end = span.end
            while len(words) > 1 and (words[-1].text[0].islower()
                                      or words[-1].text.lower().rstrip(".") in _TITLES):
                words.pop()  # "State of" (F#), "New Jersey Sen.": a name does not end there
                end = words[-1].end
            if not any(ch.isalpha() for w in words for ch in w.text):
                continue
            # "Try Moosend", "Read Grave Empire": a lower-case word opening the sentence is not
            # part of the name that follows it (a first name, "Angela Merkel", is not one).
            while len(words) > 1 and words[0].positional and not self.is_name_word(words[0].text) \
                    and self.is_lower_case_word(words[0].text) \
                    and not in_registry(self.text[words[0].start:words[1].end]):
                words.pop(0)  # ... but "New Jersey", "New Delhi" are places
            while len(words) > 1 and span.label == "PER" \
                    and words[0].text.lower().rstrip(".") in _HONORIFICS:
                words.pop(0)  # "Mr Assange", "Justice Scalia", "Dear Hannah": the name follows
            if end - words[0].start == 1:
                continue  # "A trusted RMC team", "the A through F scale": a letter names nothing
            if len(words) == 1 and words[0].text.lower() in _GENERIC_ACRONYMS:
                continue  # "Enter AI" -> "AI", a generic term
            if len(words) == 1 and _UNIT.fullmatch(words[0].text):
                continue  # "10 Gbps", "300 Nm": a unit of measure
            if _PLURAL_ACRONYM.fullmatch(words[-1].text):
                continue  # "LLMs", "New Ways to Corrupt LLMs": a class of things, no one's name
            if all(w.positional for w in words) and not any(self.is_name_word(w.text) for w in words):
                continue  # "Please", "Key Takeaways", "Your Toddler", "Great Equalizer"
            if len(words) == 1 and self._capitalised_common_word(words[0].text):
                continue  # "Big Languages have ..." in an article about languages
            if len(words) > 1 and self._written_in_lower_case(self.text[words[0].start:end]):
                continue  # "What is a Mesh Network?" in an article about "a mesh network"
            if len(words) > 1 and all(w.positional for w in words) \
                    and all(self.is_lower_case_word(w.text) or not self.is_name_word(w.text) for w in words) \
                    and not self._named_in_prose(words[0].start, self.text[words[0].start:end]) \
                    and not in_registry(self.text[words[0].start:end]):
                continue  # "Software Development Trends", "Advantages of Mapping Technology"
            kept.append(span._replace(start=words[0].start, end=end))
        return _typed_names(kept, self.text)

    def judge(self, spans: list[Scored]) -> list[Span]:
        """The candidates (``candidates``) the confidence model believes, given all the
        document says about each name. A name typed by a cue of the text, or one a registry
        knows (``canonical`` types it: "Pyongyang said" is a government, not a person),
        needs no belief."""
        kept: list[Span] = []
        names = self.names(self.candidates(spans))
        judged = self.judged_features(names)
        for key, mentions in names.items():
            if key not in judged or believed(judged[key], mentions[0].label):
                kept.extend(mention[:3] for mention in mentions)
        return sorted(kept)

    def judged_features(self, names: dict[str, list[Named]]) -> dict[str, list[float]]:
        """The confidence model's features of each name it judges: all but those typed by a
        cue of the text or known to a registry. The last feature is the document's: the
        tagger's mean belief over every judged mention. A tagger unsure of most names in a
        document (a how-to guide full of product names) is reading text unlike its training
        text, and its belief in any one name there is worth less than the same belief in a
        news story where it is sure of the rest."""
        judged = {key: self.features(mentions, part_of_longer_name(key, names))
                  for key, mentions in names.items()
                  if not mentions[0].cue and not in_registry(self.text[mentions[0].start:mentions[0].end])}
        count = sum(len(names[key]) for key in judged)
        document = sum(len(names[key]) * names[key][0].belief for key in judged) / max(count, 1)
        return {key: [*features, document] for key, features in judged.items()}

    @staticmethod
    def names(candidates: list[Named]) -> dict[str, list[Named]]:
        """The candidates grouped by name: its mentions, in order."""
        grouped: dict[str, list[Named]] = {}
        for candidate in candidates:
            grouped.setdefault(candidate.key, []).append(candidate)
        return grouped

    def features(self, mentions: list[Named], part_of_longer_name: bool) -> list[float]:
        """What the document says about one typed name (its ``mentions``), as the confidence
        model reads it (``confidence.FEATURES``, in that order, but for the document's own
        feature, which ``judged_features`` adds)."""
        name = mentions[0]
        words = [self._words(n.start, n.end) for n in mentions]
        surface = self.text[name.start:name.end]
        forms = [w.text for w in words[0]] or [surface]
        return [
            name.belief,
            sum(name.beliefs),
            name.margin,
            math.log1p(len(mentions)),
            float(len(forms) == 1),
            float(len(forms) >= 3),
            sum(all(w.positional for w in ws) for ws in words) / len(words),
            sum(self._heading_at(self.text.rfind("\n", 0, n.start) + 1) for n in mentions) / len(mentions),
            float(any(self.is_name_word(f) for f in forms)),
            float(any(self.is_lower_case_word(f) for f in forms)),
            min(_zipf(f.lower()) for f in forms) / 8.0,
            float(surface.isupper() and len(surface) > 1),
            float(part_of_longer_name),
            float(any(ch.isdigit() for ch in surface)),
            min(len(surface) / 20.0, 2.0),
            float(is_given_name(forms[0])),
            float(is_common_surname(forms[-1])),
            sum(_THE.search(self.text, max(n.start - 4, 0), n.start) is not None for n in mentions)
            / len(mentions),
        ]


def in_registry(surface: str, language: str = "en") -> bool:
    """Whether a registry knows the name: a place (countries, capitals and cities are all
    places, as ``language`` writes them) or a listed company."""
    return lookup_place(surface, language) is not None or lookup_company(surface) is not None


def part_of_longer_name(key: str, keys: Iterable[str]) -> bool:
    """Whether the name ``key`` is a run of words of another name ("Maha" of "Maha Farhat")."""
    return any(other != key and f" {key} " in f" {other} " for other in keys)


def _cuts_a_word(span: Scored, text: str) -> bool:
    """Whether the span starts or ends inside a hyphenated word: a fragment, not a name."""
    before, after = text[max(span.start - 2, 0):span.start], text[span.end:span.end + 2]
    return (len(before) == 2 and before[1] == "-" and before[0].isalnum()) or (
        len(after) == 2 and after[0] == "-" and after[1].isalnum())


def _ends_sentence(before: str) -> bool:
    """Whether the text before a word, on its line, ends a sentence ("... said. Then")."""
    if _SENTENCE_END.search(before) is None:
        return False
    previous = _WORD.findall(before[-40:])
    word = previous[-1] if previous else ""
    return not (word.lower() in _ABBREVIATIONS or len(word) == 1 or "." in word)


# The label of a list item or a paragraph, up to its colon: "Boost productivity: Everything ...".
_LEAD_IN = re.compile(r"[^:\n]{1,60}?:(?=\s)")


def _lead_in_end(text: str, start: int) -> int:
    """Where a title-cased label opening the line at ``start`` ends ("Pens, Pencils & Markers:
    A divided cup ..."): its capitals are a heading's, no evidence that a word is a name (a
    name in it, "At Tunbridge Wells:", still has the tagger's word). ``start`` if none."""
    label = _LEAD_IN.match(text, start)
    if label is None or not _is_heading(_WORD.findall(label.group())):
        return start
    return label.end()


def _is_heading(words: list[str]) -> bool:
    """A title-cased line of a few words: capitals say nothing there."""
    words = [w for w in words if w[0].isalpha()]
    if len(words) < 2 or len(words) > 20:
        return False
    significant = [w for w in words if w.lower() not in _MINOR]
    return bool(significant) and all(w[0].isupper() for w in significant)


_HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen


def _joined_at_hyphens(spans: list[Scored], text: str) -> list[Scored]:
    """Two names of one type joined by a hyphen inside a word are one name: "Anna
    Sztyber-Betley", "Eva-Marie Persson". The tokenizer splits the hyphen off and the tagger,
    taught mostly on text that kept such names whole, tags each side apart; read apart, each
    side is a fragment of a hyphenated word and would be dropped."""
    joined: list[Scored] = []
    for span in sorted(spans, key=lambda s: s.start):
        last = joined[-1] if joined else None
        if last is not None and last.label == span.label and span.start == last.end + 1 \
                and text[last.end] in _HYPHENS and text[last.end - 1].isalpha() \
                and text[span.start].isalpha():
            left, right = last.end - last.start, span.end - span.start
            scores = {kind: (last.scores[kind] * left + span.scores[kind] * right) / (left + right)
                      for kind in last.scores}
            joined[-1] = Scored(last.start, span.end, span.label, scores)
        else:
            joined.append(span)
    return joined


def _whole_names(spans: list[Scored], text: str) -> list[Scored]:
    """Where the tagger cut a name it read whole elsewhere in the document into pieces, the
    pieces are that name: "Beth Israel Lahey Health" in one sentence, "Beth" (PER), "Israel"
    (LOC) and "Lahey Health" (ORG) at the start of the next. One name keeps one reading
    through a document; the pieces take the whole name's type and belief. Only a place where
    every span the tagger found lies inside the name is changed."""
    whole = {text[span.start:span.end]: span for span in spans
             if " " in text[span.start:span.end].strip()}
    if not whole:
        return spans
    surfaces = "|".join(map(re.escape, sorted(whole, key=len, reverse=True)))  # the longest first
    kept: list[Scored] = []
    replaced: set[tuple[int, int]] = set()
    for found in re.finditer(rf"(?<!\w)(?:{surfaces})(?!\w)", text):
        inside = [s for s in spans if s.start < found.end() and found.start() < s.end]
        if len(inside) < 2 or any(s.start < found.start() or s.end > found.end() for s in inside):
            continue  # read whole there too, not read at all, or a piece of a longer name
        replaced.update((s.start, s.end) for s in inside)
        kept.append(whole[found.group()]._replace(start=found.start(), end=found.end()))
    return sorted([s for s in spans if (s.start, s.end) not in replaced] + kept, key=lambda s: s.start)


def _within_lines(spans: list[Scored], text: str) -> list[Scored]:
    """A name never runs across a line break (the model reads lines as one text): a span is
    cut at each break, and the pieces without a letter go ("\u200b" between lines)."""
    pieces = []
    for span in spans:
        if text.find("\n", span.start, span.end) < 0:
            pieces.append(span)
            continue
        start = span.start
        for end in [*(m.start() for m in re.finditer("\n", text[span.start:span.end])), None]:
            stop = span.end if end is None else span.start + end
            piece = text[start:stop]
            if any(ch.isalpha() for ch in piece):
                lead = len(piece) - len(piece.lstrip())
                pieces.append(span._replace(start=start + lead, end=start + len(piece.rstrip())))
            start = stop + 1
    return pieces


# A comma inside a span separates the items of a list ("Android, Windows"), unless a
# company's legal form follows it ("Long Law Firm, PLLC").
_LIST_COMMA = re.compile(r"\s*,\s+(?!(?:Inc|LLC|PLLC|LLP|Ltd|Co|Corp|L\.P|S\.A|AG|GmbH|plc|N\.V)\b)")


def _at_list_commas(spans: list[Scored], text: str) -> list[Scored]:
    """A name holds no list: a span is cut at each comma between its words, and each item is
    a span of its own with the span's type and beliefs. (The gold of CoNLL-2003, GUM and the
    web set has no name with such a comma; the tagger made "Android, Windows" one product.)"""
    pieces = []
    for span in spans:
        start = span.start
        for comma in _LIST_COMMA.finditer(text, span.start, span.end):
            if any(ch.isalpha() for ch in text[start:comma.start()]):
                pieces.append(span._replace(start=start, end=comma.start()))
            start = comma.end()
        if start == span.start:
            pieces.append(span)
        elif any(ch.isalpha() for ch in text[start:span.end]):
            pieces.append(span._replace(start=start))
    return pieces


# A line that is only a name, "By" and two to four capitalised words: "LIZ AUSTIN PETERSON".
_BYLINE = re.compile(
    r"^[ \t]*(?:[Bb][Yy][ \t]+)?(?P<name>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){1,3})[ \t]*$", re.M)
_PERSON = {"PER": 1.0, "ORG": 0.0, "LOC": 0.0, "MISC": 0.0}


def _bylines(spans: list[Scored], text: str) -> list[Scored]:
    """A byline is one person: on a line that is only a name, said "By" ("By Liz Austin
    Peterson") or in capitals with a person seen in it ("LIZ AUSTIN PETERSON"), the whole
    name is one PER span, instead of the pieces the model made of it (a name in capitals
    reads like a place). A title-cased line without "By" is a heading, not a byline."""
    names: list[Scored] = []
    if not spans:
        return names
    for match in _BYLINE.finditer(text):
        start, end = match.span("name")
        inside = [s for s in spans if start <= s.start and s.end <= end]
        said_by = match.group().lstrip()[:3].lower() == "by "
        if said_by or (text[start:end].isupper() and any(s.label == "PER" for s in inside)):
            names.append(Scored(start, end, "PER", _PERSON))
    return names


def _name_key(surface: str) -> str:
    return " ".join(surface.replace("’", "'").split()).removesuffix("'s").casefold()


# How a text speaks of an organisation: "At Yeti, we ...", "Scratch's chefs", "Precor, a maker",
# "shipping group Maersk", "carmaker Toyota".
_NAME = r"([A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3})"
_ORG_CONTEXT = re.compile(
    rf"\bAt {_NAME},? (?:we|our|us)\b"
    rf"|\b{_NAME}(?:'s|’s)? (?:team|customers|clients|employees|staff|founders?|CEO|chefs"
    r"|headquarters|subscribers|members|shareholders|board)\b"
    rf"|\b{_NAME} (?:news agency|newspaper|broadcaster|party)\b"
    rf"|\b{_NAME},? (?:a|an|the) (?:company|firm|startup|brand|retailer|agency|nonprofit"
    r"|organi[sz]ation|manufacturer|provider|maker)\b"
    r"|\b(?:[a-z]*makers?|company|group|firm|carrier|retailer|brand|startup|bank|lender|insurer"
    rf"|airline|broadcaster|publisher|conglomerate|giant|regulator|watchdog) {_NAME}")


# The last word of a name that says it is an organisation: "ICICI Bank", "Yosemite Conservancy",
# "Marvel Entertainment", "Royal Astronomical Society".
_ORG_HEADS = frozenset({
    "academy", "agency", "airlines", "airways", "association", "authority", "bancorp", "bank",
    "bureau", "club", "college", "commission", "committee", "company", "conservancy", "corp",
    "corporation", "council", "court", "department", "entertainment", "equities", "federation",
    "foundation", "group", "holdings", "hospitality", "inc", "institute", "institution",
    "laboratories", "llc", "ltd", "media", "ministry", "network", "networks", "organisation",
    "organization", "partners", "party", "plc", "police", "records", "school", "securities",
    "society", "studios", "union", "university", "ventures"})


def _org_head(key: str) -> bool:
    """Whether a name of two or more words ends in an organisation's head word."""
    return " " in key and key.rsplit(" ", 1)[1] in _ORG_HEADS


def _doubts(votes: dict[str, float], label: str) -> bool:
    """Whether the model's summed belief in ``label`` leads the next type by under half the
    total: an organisation's head word then decides ("Yosemite Conservancy", read as a place
    as often as not); a place the model is sure of stays one ("the West Bank")."""
    ranked = sorted(votes.values(), reverse=True)
    return label == "ORG" or ranked[0] - ranked[1] < 0.5 * sum(ranked)


def _common_words(words: list[str]) -> bool:
    """Whether every word is one English writes in lower case inside sentences."""
    lower = _case_lexicon()[0]
    return all(word in lower for word in words)


def _organisations(text: str) -> set[str]:
    """Name keys the text speaks of as organisations ("the North's KCNA news agency", "At
    Yeti, we"): the name and each leading or trailing run of its words ("At Scratch
    Culinary, we" also names "Scratch"; "The Yeti team", "Yeti")."""
    found: set[str] = set()
    for match in _ORG_CONTEXT.finditer(text):
        words = next(g for g in match.groups() if g).split()
        found.update(_name_key(" ".join(words[i:])) for i in range(len(words)))
        found.update(_name_key(" ".join(words[:i])) for i in range(1, len(words)))
    return found


class Named(NamedTuple):
    """A span with the one type its name keeps through the document, and why."""

    start: int
    end: int
    label: str
    key: str  # the name, folded: its mentions share it
    beliefs: tuple[float, ...]  # the model's mean probability of each of TYPES over the mentions
    cue: bool  # typed by a cue of the text (an organisation's context, a person's surname)

    @property
    def belief(self) -> float:
        """The model's mean probability of ``label``."""
        return self.beliefs[TYPES.index(self.label)]

    @property
    def margin(self) -> float:
        """``belief`` less the probability of the next most believed type."""
        kind = TYPES.index(self.label)
        return self.belief - max(b for k, b in enumerate(self.beliefs) if k != kind)


def _typed_names(spans: list[Scored], text: str, *, english: bool = True) -> list[Named]:
    """A name keeps one type through the document: the type its mentions, together, most
    believe in; ORG where the text speaks of it as an organisation ("At Yeti, we"),
    whatever the model thought of the word. A single word that ends a longer person's name
    in the document ("Assange" after "Julian Assange", "Kendale" after "Samir Kendale") is
    that person, unless a listed company's name starts with it ("Dell" beside "Michael
    Dell"); after a full name without a given name the census knows, only if the word is no
    common word and was not read as a place (on CoNLL dev: three surnames right, "Kraft" lost
    to Kraft Heinz)."""
    keys = [_name_key(text[span.start:span.end]) for span in spans]
    belief: dict[str, dict[str, float]] = {}
    count: Counter[str] = Counter(keys)
    for key, span in zip(keys, spans, strict=True):
        votes = belief.setdefault(key, dict.fromkeys(TYPES, 0.0))
        for kind, score in span.scores.items():
            votes[kind] += score
    organisations = _organisations(text) if spans and english else set()
    # "Julian Assange": a given name and more is a person's full name ("CIS Benchmarks" read
    # as a person is not, and does not make "Benchmarks" one).
    full_names = [key.split() for key, votes in belief.items()
                  if " " in key and max(votes, key=votes.__getitem__) == "PER"]
    # A firm named after its founder keeps its type: "Dell" beside "Michael Dell".
    full_names = [words for words in full_names if not opens_company_name(words[-1])]
    people = {words[-1] for words in full_names if is_given_name(words[0])}
    # Any person's last name, when no common word: "Samir Kendale, MD, ... Kendale points out".
    surnames = {words[-1] for words in full_names
                if english and words[-1].lower() not in _case_lexicon()[0]}
    typed: list[Named] = []
    for key, span in zip(keys, spans, strict=True):
        votes = belief[key]
        label, cue = max(votes, key=votes.__getitem__), True
        if " " not in key and key in people:
            label = "PER"  # "Robert Bentley" outranks "Bentley's staff": people have staff too
        elif key in organisations:
            label = "ORG"
        elif " " not in key and key in surnames and label != "LOC":
            label = "PER"  # (a place stays one: "Washington" beside "Denzel Washington")
        elif _org_head(key) and _doubts(votes, label):
            # "Yosemite Conservancy" needs no belief; "Marketing Agency", all common words, does
            label, cue = "ORG", english and not _common_words(key.split()[:-1])
        else:
            cue = False
        beliefs = tuple(votes[kind] / count[key] for kind in TYPES)
        typed.append(Named(span.start, span.end, label, key, beliefs, cue))
    return typed


def _one_type_per_name(spans: list[Scored], text: str, *, english: bool = True) -> list[Span]:
    """Each name typed once for the document (``_typed_names``); a name the model is unsure
    of everywhere it occurs, and no cue types, is dropped."""
    return [name[:3] for name in _typed_names(spans, text, english=english)
            if name.cue or name.belief >= MIN_CONFIDENCE]


def _not_positional_function_words(spans: list[Scored], text: str, language: str) -> list[Scored]:
    """The part of the evidence that holds in any language with capitals: a span made only of
    words that open a sentence, a line or a list item and that the language writes in lower
    case inside sentences (its case lexicon: "Da", "El", "Het", "Да") is not a name. A longer
    span keeps such a word: "De Morgen", "La Coruña", "Van Rompuy" are names."""
    lower, capital = _case_lexicon(language)
    evidence = DocumentEvidence(text)
    return [span for span in spans if not all(
        w.positional and w.text.lower() in lower and w.text.lower() not in capital
        for w in evidence._words(span.start, span.end))]


def supported_spans(text: str, spans: list[Scored], language: str = "en") -> list[Span]:
    """What the entity stage keeps of the tagger's spans. English text gets the whole
    document evidence above. The other languages' models get what holds in any language
    (the word frequencies and the heading and organisation cues are English): spans cut at
    line breaks, no fragments of hyphenated words, no spans without a letter, no
    sentence-opening lower-case words, one type per name."""
    if language == "en":
        return DocumentEvidence.read(text).judge(spans)
    kept = [span for span in _joined_at_hyphens(_at_list_commas(_within_lines(spans, text), text), text)
            if not _cuts_a_word(span, text)
            and any(ch.isalpha() for ch in text[span.start:span.end])]
    typed = _one_type_per_name(_not_positional_function_words(kept, text, language), text, english=False)
    return _not_common_nouns(typed, text, language)


def _not_common_nouns(spans: list[Span], text: str, language: str) -> list[Span]:
    """A single word the language's dictionary knows only as a common noun names no person,
    place or organisation. German capitalises every noun, and its tagger, trained mostly on
    Wikipedia link text, took many for names ("Felsen" a place, "Maß" a person): on the
    held-out third of GermEval dev, F1 53.9 -> 55.2. Products, languages and works keep the
    type the tagger gave them ("Englisch", "Transrapid" are MISC and nouns), and so do
    words in capitals ("NBA", never in the list) and names a registry knows ("Siemens", a
    company and a unit)."""
    nouns = _common_nouns(language)
    if not nouns:
        return spans
    return [(start, end, label) for start, end, label in spans
            if label == "MISC" or (word := text[start:end]) not in nouns or in_registry(word, language)]
