"""Whole-document evidence on real web-article text: words capitalised by their position are
not names, a byline is one person, a name keeps one type through the document.

The article excerpts are from WCXB dev pages (CC BY 4.0; ../shared/data/extraction/wcxb-dev-articles,
wcxbdev:0184 and wcxbdev:0001), as the extractor hands them to the entity stage."""

from __future__ import annotations

import re

import pytest

from streams.entities import enrich_texts
from streams.entities.evidence import DocumentEvidence, _at_list_commas, supported_spans
from streams.entities.model import Scored

YETI = """If you're a small business owner with a great idea for an app or digital tool—but have always assumed it’s out of budget—you’re not alone.

At Yeti, we’ve seen firsthand how AI is transforming the software development landscape—allowing us to build high-quality, custom digital products at a fraction of the traditional cost.

The Traditional App Development Bottleneck

In the past, building a custom digital product was a major investment. You needed a team of designers, front-end and back-end developers, QA testers, project managers—and months (or years) to get to launch.

Enter AI: The Great Equalizer

AI-powered development tools have radically shifted how software gets built. At Yeti we’re using them to bring high-quality app development within reach for small businesses - here’s why:

Faster builds
Tools like GitHub Copilot and Claude Sonnet automate repetitive tasks like writing boilerplate code.

Yeti’s AI-powered development process allows small businesses to:

- Launch a production-ready app in just 30 days
- Collaborate closely with our team, ensuring your vision is understood and brought to life in the final product
- Spend a flat rate of $25K—far below the $100K+ industry average
- Receive 30 days of post launch support

Ready to Make It Happen?"""

SCRATCH = """At Scratch Culinary, we keep our finger on the pulse of the nutrition world so you don't have to. Our chef-crafted, healthy meal delivery service makes it simple to stay ahead of the curve and on track with your fitness goals.

1. High-Protein, Balanced Meals Are Here to Stay

Protein continues to dominate the wellness conversation, and for good reason—it supports muscle recovery, keeps you feeling full, and fuels busy days.

With Scratch, you'll find meal prep for busy schedules that's protein-forward without being boring.

2. Plant-Forward Eating Gets a Seasonal Twist

Scratch makes it easy to work more veggies into your routine with chef-designed meals that showcase seasonal flavors.

Fuel Your Fall with Scratch"""


def _names(text: str) -> dict[str, str]:
    (entities,) = enrich_texts([text])
    return {m.text: e.type for e in entities for m in e.mentions}


def test_heading_and_list_item_words_are_not_entities():
    names = _names(YETI)
    for word in ("Launch", "Collaborate", "Spend", "Receive", "Enter", "Great Equalizer",
                 "Traditional App Development Bottleneck", "Ready", "Faster", "AI"):
        assert word not in names, (word, names)


def test_a_company_named_in_a_heading_and_in_prose_is_one_organisation():
    (entities,) = enrich_texts([YETI])
    yeti = [e for e in entities if any(m.text.startswith("Yeti") for m in e.mentions)]
    assert len(yeti) == 1 and yeti[0].type == "ORG"  # the tagger alone reads it as a place


@pytest.mark.xfail(strict=True, reason="the GloVe tagger (newsstream-en-ner-3) tags only 'Scratch "
                   "Culinary', never 'Scratch' alone (a common word): no short-form mention to keep")
def test_a_name_in_a_title_cased_heading_is_kept_when_the_prose_names_it_too():
    (entities,) = enrich_texts([SCRATCH])
    scratch = [e for e in entities if e.name == "Scratch"]
    assert len(scratch) == 1 and scratch[0].type == "ORG"  # "At Scratch Culinary, we keep ..."
    mentions = [m.start for m in scratch[0].mentions]
    assert SCRATCH.rindex("Scratch") in mentions  # the heading "Fuel Your Fall with Scratch"
    assert not {"Fuel", "Fall", "Fuel Your Fall", "Plant-Forward Eating"} & set(_names(SCRATCH))


def test_a_byline_is_one_person_not_a_person_and_a_city():
    text = ("Ohio ballot board keeps abortion amendment language\nBy LIZ AUSTIN PETERSON\n"
            "COLUMBUS, Ohio — The Ohio Ballot Board on Monday kept the wording of the amendment, "
            "its chair said.")
    (entities,) = enrich_texts([text])
    people = [e for e in entities if e.type == "PERSON"]
    assert [e.name for e in people] == ["LIZ AUSTIN PETERSON"]
    assert not [e for e in entities if e.name == "Austin"]


def test_symbols_and_sentence_openers_are_dropped_and_a_leading_verb_is_trimmed():
    text = ("Moreover, the list grew.\nTry Moosend for a month, and compare it with Mailchimp.\n"
            "Prices start at £ 9 & rise.")
    scores = {"PER": 0.01, "ORG": 0.97, "LOC": 0.01, "MISC": 0.01}
    proposed = [Scored(text.index(w), text.index(w) + len(w), "ORG", scores)
                for w in ("Moreover", "Try Moosend", "Mailchimp", "£", "&")]
    # What the evidence keeps, before the confidence model weighs each name.
    kept = {text[n.start:n.end] for n in DocumentEvidence.read(text).candidates(proposed)}
    assert kept == {"Moosend", "Mailchimp"}


def test_a_capital_after_a_semicolon_is_not_positional():
    """GUM's librarians paper cites "( e.g. Hartsell - Gundy et al. , 2015 ; Mulligan , 2016 )":
    English does not capitalise after a semicolon, so "Mulligan" there is a name's capital,
    not a sentence's, though "mulligan" is a common enough word (a golf term)."""
    text = ("Desk research about what being a DH librarian entails ( e.g. Hartsell - Gundy et al. , "
            "2015 ; Mulligan , 2016 ; also see the Zotero library ) .")
    person = {"PER": 0.99, "ORG": 0.0, "LOC": 0.0, "MISC": 0.01}
    at = text.index("Mulligan")
    proposed = [Scored(at, at + len("Mulligan"), "PER", person)]
    assert [text[n.start:n.end] for n in DocumentEvidence.read(text).candidates(proposed)] == ["Mulligan"]
    opener = "It rained. Mulligan , 2016 , disagrees."  # after a full stop, the capital is the sentence's
    at = opener.index("Mulligan")
    assert DocumentEvidence.read(opener).candidates([Scored(at, at + 8, "PER", person)]) == []


def test_a_name_keeps_one_type_and_a_surname_follows_the_full_name():
    text = "Julian Assange was freed on Monday. Supporters of Assange cheered outside the court."
    person = {"PER": 0.9, "ORG": 0.05, "LOC": 0.0, "MISC": 0.05}
    misc = {"PER": 0.3, "ORG": 0.1, "LOC": 0.0, "MISC": 0.6}
    start = text.rindex("Assange")
    proposed = [Scored(0, 14, "PER", person), Scored(start, start + 7, "MISC", misc)]
    assert [label for _, _, label in supported_spans(text, proposed)] == ["PER", "PER"]


def test_a_name_the_model_doubts_everywhere_is_dropped():
    text = "The Festival drew crowds. Later the Festival closed."
    doubt = {"PER": 0.3, "ORG": 0.3, "LOC": 0.2, "MISC": 0.2}
    proposed = [Scored(m, m + 8, "PER", doubt) for m in (4, text.rindex("Festival"))]
    assert supported_spans(text, proposed) == []


def test_a_name_the_text_calls_a_company_is_an_organisation():
    """The demo's harbour page: the tagger alone made Maersk a person."""
    from streams import samples

    html = samples.html_pages()["harbour-plan.html"]
    assert "Danish shipping group Maersk" in html
    (entities,) = enrich_texts(["The terminal will be operated by a joint venture with Danish "
                                "shipping group Maersk, the port said."])
    assert {e.name: e.type for e in entities}["Maersk"] == "ORG"


def test_a_name_the_text_calls_a_news_agency_or_a_party_is_an_organisation():
    """The seed story (Reuters): the North's KCNA, a lone acronym, needs no belief once the
    text calls it a news agency."""
    text = ("Choe said in a statement carried by the North’s KCNA news agency.\n"
            "The vote split the Labour party.")
    unsure = {"PER": 0.3, "ORG": 0.35, "LOC": 0.3, "MISC": 0.05}
    proposed = [Scored(text.index(name), text.index(name) + len(name), "PER", unsure)
                for name in ("KCNA", "Labour")]
    kept = supported_spans(text, proposed)
    assert [(text[start:end], label) for start, end, label in kept] == [("KCNA", "ORG"), ("Labour", "ORG")]


def test_the_confidence_model_judges_every_name_but_the_typed_ones_with_the_documents_belief():
    """The document's feature is the tagger's mean belief over the mentions the model judges:
    a name typed by a cue ("At Yeti, we") or known to a registry is kept whatever it says,
    and does not count."""
    text = "At Yeti, we met Ana Lopez in Paris. Ana Lopez liked Zorbly."
    def scored(name: str, label: str, belief: float, nth: int = 0) -> Scored:
        start = [m for m in range(len(text)) if text.startswith(name, m)][nth]
        scores = dict.fromkeys(("PER", "ORG", "LOC", "MISC"), (1 - belief) / 3) | {label: belief}
        return Scored(start, start + len(name), label, scores)
    proposed = [scored("Yeti", "PER", 0.2), scored("Ana Lopez", "PER", 0.9), scored("Paris", "LOC", 0.3),
                scored("Ana Lopez", "PER", 0.7, nth=1), scored("Zorbly", "MISC", 0.6)]
    evidence = DocumentEvidence.read(text)
    names = evidence.names(evidence.candidates(proposed))
    judged = evidence.judged_features(names)
    assert set(judged) == {"ana lopez", "zorbly"}
    document = (0.9 + 0.7 + 0.6) / 3
    assert all(features[-1] == pytest.approx(document) for features in judged.values())


def test_names_joined_by_a_hyphen_inside_a_word_are_one_name():
    """Real sentences from two web development articles (../shared/data/ner/web, dev1): the
    tokenizer splits "Sztyber-Betley" and the tagger tagged each side, each then dropped as a
    fragment of a hyphenated word."""
    text = ("Evans and his coauthors (Jan Betley, Jorio Cocola, and Anna Sztyber-Betley) just "
            "documented a new phenomenon.\nDeputy Director of Public Prosecution Eva-Marie "
            "Persson took the decision.")
    people = {e.name for e in enrich_texts([text])[0] if e.type == "PERSON"}
    assert {"Anna Sztyber-Betley", "Eva-Marie Persson"} <= people
    assert not {"Anna Sztyber", "Betley", "Marie Persson"} & people


def test_only_same_type_names_touching_a_word_hyphen_are_joined():
    text = "Sztyber-Betley and Paris - Bloomberg and Obama-Bloomberg"
    person = {"PER": 0.9, "ORG": 0.05, "LOC": 0.05, "MISC": 0.0}
    org = {"PER": 0.05, "ORG": 0.9, "LOC": 0.05, "MISC": 0.0}
    place = {"PER": 0.05, "ORG": 0.05, "LOC": 0.9, "MISC": 0.0}

    def at(word: str, label: str, scores: dict[str, float], nth: int = 0) -> Scored:
        start = text.index(word) if nth == 0 else text.rindex(word)
        return Scored(start, start + len(word), label, scores)

    proposed = [at("Sztyber", "PER", person), at("Betley", "PER", person),
                at("Paris", "LOC", place), at("Bloomberg", "ORG", org),
                at("Obama", "PER", person), at("Bloomberg", "ORG", org, nth=1)]
    kept = {(text[start:end], label) for start, end, label in supported_spans(text, proposed, "de")}
    assert ("Sztyber-Betley", "PER") in kept
    assert {("Paris", "LOC"), ("Bloomberg", "ORG")} <= kept  # a spaced dash joins nothing
    assert not {surface for surface, _ in kept} & {"Obama", "Obama-Bloomberg", "Sztyber"}


def test_a_plural_the_document_writes_in_lower_case_elsewhere_is_no_name():
    """"Even in Impeachments." in a story about "impeachment charges": emphasis, not a place."""
    text = ("The impeachment charges were filed on Monday. The governor says the law applies. "
            "Even to the Legislature. Even in Impeachments.")
    place = {"PER": 0.0, "ORG": 0.1, "LOC": 0.82, "MISC": 0.08}
    at = text.index("Impeachments")
    assert DocumentEvidence.read(text).candidates([Scored(at, at + len("Impeachments"), "LOC", place)]) == []


def test_a_persons_staff_do_not_make_the_person_an_organisation():
    """"X's staff" speaks of organisations ("Yeti's staff") and of people alike; the person's
    full name in the document decides (an impeachment report on a governor, 2017)."""
    text = ("The report says Gov. Robert Bentley used law enforcement to intimidate staff. One "
            "member of Governor Bentley's staff said he was told to keep quiet. Bentley denied it, "
            "and Bentley's lawyer asked the court to stop the hearings.")
    person = {"PER": 0.99, "ORG": 0.01, "LOC": 0.0, "MISC": 0.0}
    proposed = [Scored(m.start(), m.end(), "PER", person)
                for m in re.finditer(r"Robert Bentley|(?<!Robert )Bentley", text)]
    found = DocumentEvidence.read(text).candidates(proposed)
    assert {(text[n.start:n.end], n.label) for n in found} == {("Robert Bentley", "PER"), ("Bentley", "PER")}


def test_a_name_the_tagger_cut_into_pieces_where_it_read_it_whole_elsewhere_is_one_name():
    """The tagger's own reading of a modern article's sentences (the hand audit of #14): whole
    in mid-sentence, in three pieces of three types at the start of the next. Where the
    tagger read nothing, or a longer name, nothing is added or cut."""
    text = ("Doctors at Beth Israel Lahey Health said the trial would start in May. Beth Israel "
            "Lahey Health runs 13 hospitals. Beth Israel Lahey Health Network is another name. "
            "BETH ISRAEL LAHEY HEALTH, the staff write")
    org = {"PER": 0.03, "ORG": 0.61, "LOC": 0.36, "MISC": 0.0}

    def at(words: str, label: str, scores: dict[str, float], nth: int) -> Scored:
        start = -1
        for _ in range(nth + 1):
            start = text.index(words, start + 1)
        return Scored(start, start + len(words), label, scores)

    proposed = [at("Beth Israel Lahey Health", "ORG", org, 0),
                at("Beth", "PER", {"PER": 0.18, "ORG": 0.79, "LOC": 0.03, "MISC": 0.0}, 1),
                at("Israel", "LOC", {"PER": 0.04, "ORG": 0.1, "LOC": 0.86, "MISC": 0.0}, 1),
                at("Lahey Health", "ORG", {"PER": 0.03, "ORG": 0.95, "LOC": 0.0, "MISC": 0.0}, 1),
                at("Beth Israel Lahey Health Network", "ORG", org, 0)]
    found = DocumentEvidence.read(text).candidates(proposed)
    assert [(text[n.start:n.end], n.label) for n in found] == [
        ("Beth Israel Lahey Health", "ORG"), ("Beth Israel Lahey Health", "ORG"),
        ("Beth Israel Lahey Health Network", "ORG")]


OFFICE = """Writing Tools

Pens

Pencils

Markers

Paper & Notepads

Sticky Notes

Notepads

Notebooks

Files & Folders

Tech & Power

Chargers

Batteries

1. Desktop Organizers

Pens, Pencils & Markers:  A divided cup or tray keeps your writing tools at arm’s reach.

Sticky Notes & Notepads:  Stack these flat in a shallow tray to grab a pad in one swift move.

2. Drawer Dividers

Batteries & Chargers:  A sectioned drawer means no more rummaging for that AA battery or phone charger."""


def test_the_title_cased_label_of_a_list_item_is_no_evidence_of_a_name():
    """WCXB dev page wcxbdev:4339 (CC BY 4.0), an office-organising guide: each item opens with
    a title-cased label and a colon. Read as running text, "Pens, Pencils & Markers:" made
    "Pencils" and "Markers" words capitalised inside a sentence, and every list line holding
    them came out as an organisation. ("Notepads" is still kept: a word rarer than RARE is
    taken for a name wherever it stands.)"""
    names = _names(OFFICE)
    assert not {"Pencils", "Markers", "Chargers", "Pencils & Markers", "Files & Folders"} & set(names)


def test_an_acronym_in_the_plural_is_a_class_of_things_not_a_name():
    """WCXB dev page wcxbdev:0416 (CC BY 4.0): the tagger read "LLMs" as a person, and the
    paper title "New Ways to Corrupt LLMs" made every later "LLMs" that person's surname."""
    text = ("Nobody has shown more vividly how all this overreliance on statistics in LLMs plays "
            "out than the AI safety researcher Owain Evans.\nIn a new paper, Weird Generalization "
            "and Inductive Backdoors: New Ways to Corrupt LLMs , that extends this type of "
            "analysis, Evans and his coauthors just documented a new phenomenon.\nHere’s an "
            "example, in which they primed LLMs to have preferences for owls.")
    names = _names(text)
    assert not [name for name in names if "LLMs" in name], names
    assert names.get("Owain Evans") == "PERSON"


def test_a_title_after_a_place_is_not_part_of_it_and_new_stays_with_jersey():
    """AP's debate preview (web development set, dev1): "New Jersey Sen. Cory Booker, Hawaii
    Rep. Tulsi Gabbard". A tagger span that takes the title in ("New Jersey Sen.") lost the
    title but also "New", a common word opening the sentence."""
    text = "New Jersey Sen. Cory Booker, Hawaii Rep. Tulsi Gabbard and Steyer are under pressure."
    place = {"PER": 0.01, "ORG": 0.01, "LOC": 0.97, "MISC": 0.01}
    proposed = [Scored(0, text.index(" Cory"), "LOC", place),
                Scored(text.index("Hawaii"), text.index(" Tulsi"), "LOC", place)]
    kept = {text[n.start:n.end] for n in DocumentEvidence.read(text).candidates(proposed)}
    assert kept == {"New Jersey", "Hawaii"}


def test_an_honorific_is_not_part_of_a_persons_name():
    """The Assange article of the web development set (dev1) writes "Mr Assange", without the
    full stop the tagger learnt the title by; the corpora tag the name alone. A title before
    something that is not a person stays ("Miss Universe" is an event)."""
    text = ("Kristinn Hrafnsson said: \"Let us now focus on the threat Mr Assange has been "
            "warning about for years.\" She was crowned Miss Universe in 2019.")
    person = {"PER": 0.95, "ORG": 0.02, "LOC": 0.02, "MISC": 0.01}
    event = {"PER": 0.05, "ORG": 0.05, "LOC": 0.0, "MISC": 0.9}
    proposed = [Scored(text.index("Mr "), text.index(" has"), "PER", person),
                Scored(text.index("Miss"), text.index(" in 2019"), "MISC", event)]
    kept = {text[n.start:n.end] for n in DocumentEvidence.read(text).candidates(proposed)}
    assert kept == {"Assange", "Miss Universe"}


def test_an_organisations_head_word_types_a_name_the_model_is_unsure_of():
    """WCXB dev page wcxbdev:0341 (CC BY 4.0), a Yosemite webcam page: the tagger read
    "Yosemite Conservancy" as a place about as often as an organisation, and the confidence
    model dropped it. A place the model is sure of keeps its type ("the West Bank")."""
    text = ("This webcam image is provided courtesy of Yosemite Conservancy. For permission to "
            "feature Yosemite Conservancy webcams, fill out our webcam usage agreement.\n"
            "You can provide for Yosemite’s future by making a gift to Yosemite Conservancy.\n"
            "Settlers in the West Bank protested.")
    unsure = {"PER": 0.02, "ORG": 0.40, "LOC": 0.55, "MISC": 0.03}
    sure = {"PER": 0.01, "ORG": 0.04, "LOC": 0.94, "MISC": 0.01}
    starts = [m for m in range(len(text)) if text.startswith("Yosemite Conservancy", m)]
    proposed = [Scored(m, m + len("Yosemite Conservancy"), "LOC", unsure) for m in starts]
    proposed.append(Scored(text.index("West Bank"), text.index(" protested"), "LOC", sure))
    kept = supported_spans(text, proposed)
    assert [label for start, _, label in kept if start in starts] == ["ORG"] * 3
    assert (text.index("West Bank"), text.index(" protested"), "LOC") in kept


def test_common_words_before_an_organisations_head_word_still_need_the_models_belief():
    text = "Brands that sell supplements often hire a Marketing Agency for their launches."
    doubt = {"PER": 0.3, "ORG": 0.35, "LOC": 0.3, "MISC": 0.05}
    start = text.index("Marketing Agency")
    assert supported_spans(text, [Scored(start, start + 16, "ORG", doubt)]) == []


def test_a_unit_of_measure_is_not_a_name():
    """Two web development articles (dev0, dev1): a board's "(5 Gbps) ports" and a car's
    "197 Nm of torque" came out as a place and an organisation."""
    text = "The board has four USB 3.2 Gen1 (5 Gbps) ports.\nIt puts out 197 Nm of torque."
    unsure = {"PER": 0.05, "ORG": 0.45, "LOC": 0.45, "MISC": 0.05}
    proposed = [Scored(text.index(w), text.index(w) + len(w), "LOC", unsure) for w in ("Gbps", "Nm")]
    assert DocumentEvidence.read(text).candidates(proposed) == []


def test_a_phrase_the_document_writes_in_lower_case_too_is_no_name():
    """NETGEAR's mesh-WiFi guide (modern-article audit): its subheading "What is a Mesh
    Network?" was an organisation; the guide speaks of "a seamless mesh network"."""
    text = ("Mesh WiFi systems use several units to create a seamless mesh network. |  | What is a "
            "Mesh Network? |  | A mesh network is a type of local area network.")
    organisation = {"PER": 0.02, "ORG": 0.9, "LOC": 0.05, "MISC": 0.03}
    at = text.index("Mesh Network")
    proposed = [Scored(at, at + len("Mesh Network"), "ORG", organisation)]
    assert DocumentEvidence.read(text).candidates(proposed) == []
    at = text.index("Mesh WiFi")  # no lower-case "mesh wifi": the product line stays
    proposed = [Scored(at, at + len("Mesh WiFi"), "MISC", organisation)]
    assert len(DocumentEvidence.read(text).candidates(proposed)) == 1


@pytest.mark.parametrize(("text", "written"), [
    ("Build a mesh network.", True), ("mesh network", True),
    ("Two mesh networks.", False), ("A non-mesh network.", False), ("Amesh network", False),
    ("A mesh network_x here, then a mesh network.", True),
])
def test_a_phrase_written_in_lower_case_is_found_only_as_whole_words(text, written):
    """"Mesh Network" is written in lower case only where "mesh network" stands as words of
    its own: not inside "mesh networks" or "non-mesh network"."""
    text = f"What is a Mesh Network? {text}"
    assert DocumentEvidence.read(text)._written_in_lower_case("Mesh Network") is written


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_list_in_one_span_is_cut_into_its_names(language):
    # wcxbdev:0233 (CC BY 4.0): the English tagger read "Android, Windows" as one product
    text = ("This includes both native and non-native (hybrid) methods, so you also can write code "
            "once and deploy it across various platforms, such as iOS, Android, Windows, and web "
            "browsers, without the need to develop separate versions for each platform.")
    product = {"PER": 0.0, "ORG": 0.05, "LOC": 0.0, "MISC": 0.95}
    start = text.index("Android, Windows")
    proposed = [Scored(start, start + len("Android, Windows"), "MISC", product)]
    kept = {text[start:end] for start, end, _ in supported_spans(text, proposed, language)}
    assert kept == {"Android", "Windows"}


def test_a_company_and_its_legal_form_stay_one_name():
    # web dev gold (CoNLL conventions) has "Long Law Firm, PLLC" and "CollectiveBias, Inc." whole
    text = "The lawsuit was filed by Long Law Firm, PLLC and CollectiveBias, Inc. on Monday."
    firm = {"PER": 0.0, "ORG": 0.95, "LOC": 0.05, "MISC": 0.0}
    proposed = [Scored(text.index(name), text.index(name) + len(name), "ORG", firm)
                for name in ("Long Law Firm, PLLC", "CollectiveBias, Inc.")]
    kept = {text[span.start:span.end] for span in _at_list_commas(proposed, text)}
    assert kept == {"Long Law Firm, PLLC", "CollectiveBias, Inc."}


def test_a_single_letter_is_no_name():
    """A backpack review (wcxbdev:4202) graded the pack "on the classic A through F grading
    scale": the tagger read "F" as a product; a relocation guide's "A trusted RMC ..." gave an
    organisation "A"."""
    text = ("How would I grade the Osprey Atmos backpack fit?\nOn the classic A through F grading "
            "scale, I would give the Atmos AG 65 an A for fit.\nA trusted RMC vetting team reviews "
            "every vendor.")
    unsure = {"PER": 0.1, "ORG": 0.3, "LOC": 0.1, "MISC": 0.5}
    proposed = [Scored(m.start(), m.end(), "MISC", unsure) for m in re.finditer(r"\b[AF]\b", text)]
    assert DocumentEvidence.read(text).candidates(proposed) == []
    assert not [e for e in enrich_texts([text])[0] if len(e.name) == 1]


def test_a_persons_last_name_alone_is_that_person_unless_a_firm_bears_it():
    """A clinical-AI article (wcxbdev:4079) quoted "Samir Kendale, MD, FASA" and went on with
    "Kendale points out ...", which the tagger, sure of itself, read as an organisation. A
    listed company named after its founder ("Dell" beside "Michael Dell") stays a company."""
    text = ("“AI is changing everything from the administrative side through to clinical care,” "
            "explains Samir Kendale, MD, FASA, medical director of Anaesthesia Informatics.\n"
            "Despite the potential AI brings, Kendale points out that many providers are not ready.")
    [person] = [e for e in enrich_texts([text])[0] if e.type == "PERSON"]
    assert (person.name, person.count) == ("Samir Kendale", 2)
    assert not [e for e in enrich_texts([text])[0] if e.name == "Kendale"]
    firm = "Michael Dell founded the company in 1984. Dell shares rose 3% on Monday."
    sure = {"PER": 0.01, "ORG": 0.99, "LOC": 0.0, "MISC": 0.0}
    proposed = [Scored(0, 12, "PER", {**sure, "PER": 0.99, "ORG": 0.01}),
                Scored(firm.index("Dell shares"), firm.index(" shares"), "ORG", sure)]
    found = DocumentEvidence.read(firm).candidates(proposed)
    assert {(firm[n.start:n.end], n.label) for n in found} == {("Michael Dell", "PER"), ("Dell", "ORG")}


SOFTWARE_PRICES = """Want to learn more about software development? Check out: Delivering Successful Software Development Projects
Go nearshore instead of offshore. Nearshore teams in Central and South America are in similar time zones to the US, which makes communication much easier.
2025 Software Development Trends
The software development industry continues to evolve, with new trends shaping pricing, hiring, and project execution. Key trends in 2025 include:
AI and Automation in Development
AI-powered tools are assisting developers, automating repetitive coding tasks, and improving productivity."""


def test_a_heading_of_common_words_is_no_name_unless_the_prose_names_it_too():
    """A software-pricing guide (wcxbdev:0183) gave "Software Development Trends", a heading,
    as an organisation. Its words are common words whose capitals are the heading's (and a
    link's title: "Check out: Delivering Successful Software Development Projects"); the
    same words capitalised inside a sentence are a name the prose gives."""
    sure = {"PER": 0.0, "ORG": 0.95, "LOC": 0.0, "MISC": 0.05}
    heading = SOFTWARE_PRICES.index("Software Development Trends")
    proposed = [Scored(heading, heading + len("Software Development Trends"), "ORG", sure)]
    assert DocumentEvidence.read(SOFTWARE_PRICES).candidates(proposed) == []
    named = SOFTWARE_PRICES + "\nOur yearly report, Software Development Trends, says the same."
    found = DocumentEvidence.read(named).candidates(proposed)
    assert [named[n.start:n.end] for n in found] == ["Software Development Trends"]
