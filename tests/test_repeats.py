from streams.clean.repeats import without_repeats

# tv.msnbc.com (CleanPortalEval tv_msnbc_com_news_09): the letter run together as one teaser
# paragraph above the letter itself.
LETTER = [
    "Dear Secretary Hagel,",
    "It’s me, Melissa.",
    "Congratulations again on your new position in the Obama administration. I know you have a "
    "lot on your plate between an ongoing war in Afghanistan and looming budget cuts.",
    "I am deeply troubled by the new report from your department this month finding an estimated "
    "26,000 reported cases of sexual assault took place in the military last year.",
]


def test_a_teaser_that_runs_the_first_paragraphs_together_goes_and_they_stay():
    teaser = " ".join(LETTER)
    assert without_repeats([teaser, *LETTER]) == LETTER


def test_a_cut_teaser_ending_in_an_ellipsis_goes():
    teaser = " ".join(LETTER)[:150].rstrip() + "…"
    assert without_repeats([teaser, *LETTER]) == LETTER


def test_a_pull_quote_taken_from_a_paragraph_goes():
    quote = "an estimated 26,000 reported cases of sexual assault took place in the military"
    assert without_repeats([*LETTER[2:], quote]) == LETTER[2:]


def test_a_paragraph_repeated_whole_stays():
    """A meal plan lists the same salad on two days; a tutorial prints one output twice."""
    salad = "Tomato Cucumber Salad (½ cup cherry tomatoes, ½ cup cucumber slices, ¼ cup feta)"
    plan = ["Monday", salad, "Tuesday", "Grilled chicken with rice and a side of greens", salad]
    assert without_repeats(plan) == plan


def test_a_long_paragraph_printed_twice_by_the_template_is_kept_once():
    body = " ".join(LETTER[2:])
    assert without_repeats([body, body, LETTER[0]]) == [body, LETTER[0]]


def test_short_lines_may_repeat():
    paragraphs = ["Sincerely,", "Sincerely, and with thanks for all the letters of last year."]
    assert without_repeats(paragraphs) == paragraphs
