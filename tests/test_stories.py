"""Stories: which copies of a text share a story id (pure: signatures and the index)."""

import itertools

import pytest

from streams import samples
from streams.models import Article
from streams.stories import StoryIndex, final_id, learn, membership, merged, signature, track

SEED = samples.seed_expected()["article"]["paragraphs"]  # a scraped copy of a wire story
TEXT = "\n\n".join(SEED)
DAY = 86400.0


def _article(article_id: str, paragraphs: list[str], *, site: str = "a.example",
             at: str = "2026-11-27T08:00:00Z", title: str = "Headline") -> Article:
    return Article(id=article_id, page_id=article_id, url=f"https://{site}/{article_id}",
                   canonical_url=f"https://{site}/{article_id}", site=site, title=title,
                   section=None, published_at=None, dateline=None, byline=None, captions=[],
                   paragraphs=paragraphs, text="\n\n".join(paragraphs), language="en",
                   entities=[], entities_model=None, story_id=article_id, fetched_at=at,
                   pipeline_version="test")


def _id(n: int) -> str:
    return f"{n:032x}"


def _track(index: StoryIndex, article: Article):
    """The story's new state (None: nothing changed), after checking no id was retired."""
    change = track(index, article, signature(article.text))
    if change is None:
        return None
    update, gone = change
    assert gone == ()
    return update


COPIES = {
    "identical, another site and headline": SEED,
    "correction note and extra reporting line": [
        "(Corrects spelling of the terminal operator's name in the third paragraph)", *SEED,
        "(Additional reporting by Anna Nowak in Warsaw; Editing by Mark Potter)"],
    "tail cut off": SEED[: max(3, len(SEED) * 6 // 10)],
    "a sentence dropped": SEED[:2] + SEED[3:],
}


@pytest.mark.parametrize("variant", sorted(COPIES))
def test_a_republished_copy_joins_the_first_copys_story(variant):
    index = StoryIndex(window_s=7 * DAY)
    first = _article(_id(1), SEED)
    _track(index, first)
    copy = _article(_id(2), COPIES[variant], site="b.example", title="Another headline",
                    at="2026-11-27T11:00:00Z")
    update = _track(index, copy)
    assert copy.story_id == first.id, variant
    assert update is not None and (update.copies, update.sites) == (2, 2)
    assert update.first.article_id == first.id and update.latest.article_id == copy.id


def test_another_story_of_the_same_feed_is_another_story():
    index = StoryIndex(window_s=7 * DAY)
    pages = [samples.seed_expected()["article"]["paragraphs"]]
    other = _article(_id(2), [
        "The Baltic exchange said on Tuesday it would start holding crypto assets for clients "
        "from next year, after the regulator approved its custody unit.",
        "The exchange will store the keys in its own vaults in Tallinn and Riga and insure "
        "them against theft, its chief executive told reporters at a news conference.",
        "Trading volumes in bitcoin and ether on regional platforms have doubled this year, "
        "and banks in the region have asked for a local custodian for months."])
    _track(index, _article(_id(1), pages[0]))
    _track(index, other)
    assert other.story_id == other.id


def test_a_redelivered_article_keeps_its_story_and_is_not_counted_twice():
    index = StoryIndex(window_s=7 * DAY)
    first, copy = _article(_id(1), SEED), _article(_id(2), SEED, site="b.example")
    _track(index, first)
    _track(index, copy)
    again = _article(_id(2), SEED, site="b.example")
    assert _track(index, again) is None  # nothing changed: no news.stories event
    assert again.story_id == first.id
    third = _track(index, _article(_id(3), SEED, site="c.example"))
    assert third is not None and third.copies == 3


def test_copies_are_found_within_the_window_only():
    index = StoryIndex(window_s=2 * DAY)
    _track(index, _article(_id(1), SEED, at="2026-11-20T08:00:00Z"))
    _track(index, _article(_id(2), ["An unrelated " * 40], at="2026-11-27T08:00:00Z"))  # time passes
    late = _article(_id(3), SEED, site="b.example", at="2026-11-27T09:00:00Z")
    _track(index, late)
    assert late.story_id == late.id  # the first copy left the window: a new story
    assert len(index) == 2 and index.story_count == 2  # the old story is forgotten


def test_a_short_text_meets_only_its_exact_copies():
    """Under 25 shingles a near match may be a coincidence ("Markets closed higher on ..."):
    only the same wording is the same story."""
    index = StoryIndex(window_s=7 * DAY)
    brief = "Shares in Maersk rose 4% on Friday after the shipping group raised its outlook for the year."
    other = "Shares in Maersk fell 2% on Monday after the shipping group cut its outlook for the year."
    a = _article(_id(1), [brief])
    b = _article(_id(2), [brief.replace("4%", "4 %")], site="b.example")  # same words, other spacing
    c = _article(_id(3), [other], site="c.example")
    for article in (a, b, c):
        _track(index, article)
    assert b.story_id == a.id and c.story_id == c.id
    assert signature("Too short.") is None  # not one five-word sequence: a story of its own


def test_the_same_input_in_the_same_order_gives_the_same_ids():
    stream = [(_id(n), COPIES[name] if n % 2 else SEED, f"s{n}.example")
              for n, name in enumerate(sorted(COPIES) * 2, start=1)]
    runs = []
    for _ in range(2):
        index = StoryIndex(window_s=7 * DAY)
        articles = [_article(i, p, site=site) for i, p, site in stream]
        for article in articles:
            _track(index, article)
        runs.append([a.story_id for a in articles])
    assert runs[0] == runs[1] and set(runs[0]) == {_id(1)}


def test_a_copy_older_than_its_story_renames_the_story_after_itself():
    """Copies reach the index out of event-time order (two partitions, a slow crawler): the
    story still ends with its earliest copy's id, and the id it had until then is retired."""
    index = StoryIndex(window_s=7 * DAY)
    later = _article(_id(1), SEED, at="2026-11-27T10:00:00Z")
    _track(index, later)
    earlier = _article(_id(2), COPIES["tail cut off"], site="b.example", at="2026-11-27T08:00:00Z")
    update, gone = track(index, earlier, signature(earlier.text))
    assert earlier.story_id == update.id == earlier.id and gone == (later.id,)
    assert update.absorbed == [later.id] and update.copies == 2
    assert update.first.article_id == earlier.id and update.latest.article_id == later.id
    third = _article(_id(3), SEED, site="c.example", at="2026-11-27T12:00:00Z")
    _track(index, third)
    assert third.story_id == earlier.id and index.story_count == 1


def test_copies_of_the_same_second_keep_the_first_processed_id():
    """A crawl that stamps its copies alike must not rename the story at every copy."""
    index = StoryIndex(window_s=7 * DAY)
    first, copy = _article(_id(9), SEED), _article(_id(1), SEED, site="b.example")
    _track(index, first)
    assert _track(index, copy) is not None and copy.story_id == first.id


def _final_ids(order: list[Article]) -> dict[str, str]:
    """Each article's story id once every retired id is mapped to the story that took it in,
    as a subscriber of news.stories does."""
    index, renamed, given = StoryIndex(window_s=7 * DAY), {}, {}
    for article in order:
        change = track(index, article, signature(article.text))
        given[article.id] = article.story_id
        if change is not None:
            renamed.update(dict.fromkeys(change[1], change[0].id))
    return {article_id: final_id(story_id, renamed) for article_id, story_id in given.items()}


def test_every_processing_order_ends_with_the_same_story_ids():
    other = ["A second wire story, about a harbour strike in Antwerp that halted container traffic "
             "for a third day on Wednesday, according to the port authority and the unions."] * 3
    stream = [_article(_id(1), SEED, at="2026-11-27T09:00:00Z"),
              _article(_id(2), COPIES["tail cut off"], site="b.example", at="2026-11-27T08:00:00Z"),
              _article(_id(3), COPIES["a sentence dropped"], site="c.example", at="2026-11-27T11:00:00Z"),
              _article(_id(4), other, site="b.example", at="2026-11-27T07:00:00Z"),
              _article(_id(5), other[:2], site="d.example", at="2026-11-27T10:00:00Z")]
    outcomes = {tuple(sorted(_final_ids(list(order)).items())) for order in itertools.permutations(stream)}
    assert outcomes == {((_id(1), _id(2)), (_id(2), _id(2)), (_id(3), _id(2)), (_id(4), _id(4)),
                         (_id(5), _id(4)))}


def test_a_membership_taken_in_elsewhere_brings_later_copies_to_the_same_story():
    """What one worker decided reaches another index (or this one after a restart) through
    membership records: a copy arriving there joins the story it began."""
    here, there = StoryIndex(window_s=7 * DAY), StoryIndex(window_s=7 * DAY)
    first = _article(_id(1), SEED)
    _track(here, first)
    assert learn(there, membership(here, first, signature(first.text))) is None  # nothing merged
    copy = _article(_id(2), COPIES["tail cut off"], site="b.example")
    update = _track(there, copy)
    assert copy.story_id == first.id and update is not None and update.copies == 2
    assert learn(there, membership(here, first, signature(first.text))) is None  # heard twice: no effect
    assert len(there) == 2


def test_the_index_keeps_within_its_budget_by_forgetting_the_oldest():
    index = StoryIndex(window_s=7 * DAY, max_members=3)
    texts = [[f"Report number {n}: " + " ".join(f"word{n}x{k}" for k in range(40))] for n in range(5)]
    for n, paragraphs in enumerate(texts):
        _track(index, _article(_id(n + 1), paragraphs, at=f"2026-11-27T0{n}:00:00Z"))
    assert len(index) == 3
    late = _article(_id(9), texts[0], site="b.example", at="2026-11-27T06:00:00Z")
    _track(index, late)
    assert late.story_id == late.id  # its first copy was forgotten: over budget, not over time
    kept = _article(_id(10), texts[4], site="b.example", at="2026-11-27T06:00:00Z")
    _track(index, kept)
    assert kept.story_id == _id(5)


def test_two_workers_that_open_one_story_twice_agree_once_they_hear_of_each_other():
    """The first two copies reach two workers at the same moment: each opens a story. Once
    each has learnt the other's membership, both give later copies the same story, the one
    seen first, and count every copy."""
    here, there = StoryIndex(window_s=7 * DAY), StoryIndex(window_s=7 * DAY)
    early = _article(_id(7), SEED, at="2026-11-27T08:00:00Z")
    late = _article(_id(3), COPIES["correction note and extra reporting line"], site="b.example",
                    at="2026-11-27T08:00:01Z")
    _track(here, early)
    _track(there, late)
    assert early.story_id != late.story_id  # the race: two stories
    for merge in (learn(here, membership(there, late, signature(late.text))),
                  learn(there, membership(here, early, signature(early.text)))):
        update, gone = merged(merge, "test")  # each worker reports the same merge
        assert update.id == early.id and update.absorbed == [late.id] and gone == (late.id,)
        assert update.copies == 2
    copies = [_article(_id(10), COPIES["tail cut off"], site="c.example", at="2026-11-27T09:00:00Z"),
              _article(_id(11), COPIES["tail cut off"], site="c.example", at="2026-11-27T09:00:00Z")]
    updates = [_track(index, copy) for index, copy in zip((here, there), copies, strict=True)]
    assert {copy.story_id for copy in copies} == {early.id}  # the one seen first, on both
    assert [u.copies for u in updates] == [3, 3] and [u.sites for u in updates] == [3, 3]
    assert [u.absorbed for u in updates] == [[late.id], [late.id]]  # said again in later events
    assert here.story_count == there.story_count == 1


def test_a_story_heard_of_through_a_later_copy_still_goes_by_its_earliest():
    """One worker renamed a story after a late early copy, then took a third copy; another
    worker opened the same story for a copy of its own and hears of the third copy before the
    early one. Both must keep the early copy's id: had the second ordered the story by the
    copy that brought it, each worker would have merged the story into the other."""
    here, there = StoryIndex(window_s=7 * DAY), StoryIndex(window_s=7 * DAY)
    copies = {name: _article(_id(n), SEED, site=f"{name}.example", at=f"2026-11-27T{hour}:00:00Z")
              for n, (name, hour) in enumerate((("x", 10), ("e", "08"), ("a", 11), ("s", "09")), start=1)}
    for name in "xea":
        track(here, copies[name], signature(TEXT))
    _track(there, copies["s"])
    merges = [learn(there, membership(here, copies["a"], signature(TEXT))),
              learn(here, membership(there, copies["s"], signature(TEXT)))]
    assert [merge.story.id for merge in merges] == [copies["e"].id] * 2
    assert merges[0].gone == merges[1].gone == (copies["s"].id,)


def test_a_merged_story_leaves_the_index_with_its_last_member():
    index = StoryIndex(window_s=DAY)
    first = _article(_id(1), SEED, at="2026-11-27T08:00:00Z")
    _track(index, first)
    rival, elsewhere = _article(_id(2), SEED, site="b.example", at="2026-11-27T08:00:00Z"), StoryIndex(DAY)
    _track(elsewhere, rival)  # opened the same story elsewhere
    learn(index, membership(elsewhere, rival, signature(rival.text)))
    assert index.story_count == 1
    later = _article(_id(3), ["An unrelated story about harbour cranes, told in enough words to sign."] * 8,
                     at="2026-11-29T08:00:00Z")
    _track(index, later)  # two days on: both old members have left the window
    assert index.story_count == 1 and len(index) == 1
