"""The story decision: which earlier copy, if any, a new article's text belongs with.

``StoryIndex`` holds the articles of the last ``window`` seconds (event time): their
signatures, their band keys and the story each belongs to. A new article joins the story of
the earlier article whose text contains it, or is contained in it, the most (estimated
containment at least ``min_containment``); otherwise it opens a story whose id is its own
article id. An article seen before (a re-delivery, a replay, a re-crawl of the same URL)
keeps the story it had, so at-least-once delivery never splits or double counts a story.

Pure and deterministic: a story's id is its earliest copy's (event time; a copy that comes
late renames its story), so the same articles end with the same story ids in any order once
renamed ids are followed (copies of one second keep the first processed id). Memory
is bounded by the window, not by the length of the stream; the work per article is one
signature comparison per candidate, and candidates are found by band key, so it stays flat
as the index grows.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ..models import StorySighting
from .signature import Signature

MIN_CONTAINMENT = 0.7  # chosen on the development stream (bench/stories.py)
MAX_SITES = 1000  # distinct sites remembered per story; the count goes on beyond
MAX_PER_KEY = 32  # newest members kept per band key: more copies of one story add nothing


@dataclass(slots=True)
class Story:
    id: str
    first: StorySighting
    latest: StorySighting
    copies: int = 1
    sites: set[str] = field(default_factory=set)
    site_count: int = 1
    first_seen: float = 0.0  # event time (epoch s) of ``first``: which of two merged stories is older
    alive: int = 0  # members still in the window
    absorbed: list[str] = field(default_factory=list)  # stories found to be this one (merged)

    def add_site(self, site: str) -> None:
        """Count ``site`` among the story's distinct sites (remembered up to ``MAX_SITES``)."""
        if site not in self.sites:
            self.site_count += 1
            if len(self.sites) < MAX_SITES:
                self.sites.add(site)


@dataclass(slots=True)
class _Member:
    article_id: str
    story_id: str
    signature: Signature | None
    keys: tuple[int, ...]
    seen_at: float


@dataclass(frozen=True, slots=True)
class Assignment:
    story: Story
    changed: bool  # False: the article was already a member (nothing new to report)
    gone: tuple[str, ...] = ()  # story ids the article's arrival retired (see ``StoryIndex.assign``)


@dataclass(frozen=True, slots=True)
class Merge:
    """Two stories found to be one: ``story`` goes on, holding ``gone`` (the other story's id
    and the ids it had absorbed before)."""

    story: Story
    gone: tuple[str, ...]


class StoryIndex:
    def __init__(self, window_s: float, min_containment: float = MIN_CONTAINMENT,
                 max_members: int | None = None) -> None:
        self.window_s = window_s
        self.min_containment = min_containment
        self.max_members = max_members  # the memory budget: past it the oldest go first
        self._members: dict[str, _Member] = {}
        # band key -> the article id holding it, or a list of them, oldest first (most keys
        # have one holder: a bare string saves a list per key)
        self._by_key: dict[int, str | list[str]] = {}
        self._stories: dict[str, Story] = {}
        self._merged: dict[str, str] = {}  # absorbed story id -> the story it is now part of
        self._arrivals: deque[tuple[float, str]] = deque()
        self._newest = float("-inf")

    def __len__(self) -> int:
        return len(self._members)

    @property
    def story_count(self) -> int:
        return len(self._stories)

    def assign(self, signature: Signature | None, seen_at: float, sighting: StorySighting) -> Assignment:
        """The story of the article ``sighting.article_id`` whose text has ``signature``
        (None: not one five-word sequence: a story of its own), seen at ``seen_at`` (epoch s).

        A story's id is its earliest member's (event time), whatever the order its copies
        are processed in: a copy older than the story it joins renames the story after
        itself, and the old id is ``gone`` (absorbed, as in a merge). So a replay whose
        partitions interleave otherwise, or copies reaching workers out of order, end with
        the same ids. Copies of the same second do not rename (the first processed keeps
        its id): a crawl that stamps many copies alike would otherwise rename at each."""
        if (known := self._members.get(sighting.article_id)) is not None:
            return Assignment(self._stories[self._current(known.story_id)], changed=False)
        self._expire(seen_at)
        best = self._best_match(signature, signature.band_keys if signature is not None else ())
        if best is None:
            return Assignment(self._add(sighting.article_id, signature, seen_at, sighting), changed=True)
        story = self._stories[self._current(best.story_id)]
        if seen_at < story.first_seen:
            # An earlier copy arrived late: the story takes its id, as in event-time order.
            merge = self._merge(self._add(sighting.article_id, signature, seen_at, sighting), story)
            return Assignment(merge.story, changed=True, gone=merge.gone)
        return Assignment(self._add(story.id, signature, seen_at, sighting), changed=True)

    def first_of(self, story_id: str) -> StorySighting:
        """The earliest copy of the story ``story_id`` (now) goes by: what decides, on every
        index alike, which of two stories found to be one keeps its id."""
        return self._stories[self._current(story_id)].first

    def learn(self, story_id: str, signature: Signature | None, seen_at: float,
              sighting: StorySighting, first: StorySighting | None = None,
              first_seen: float | None = None) -> Merge | None:
        """Take in a membership decided elsewhere (by another worker, or by this one before a
        restart), so that later copies of that text find their story here too.

        Two workers that see the first two copies of a text at the same moment each open a
        story. When one learns of the other's copy and it matches a member of another story
        here, the two are one story: the one first seen earlier (then the smaller id) keeps
        its id and takes in the other. Every index that hears both memberships decides the
        same way, so later copies get the same story id on every worker. ``first`` (seen at
        ``first_seen``) is the story's earliest copy as the deciding index knew it: a story
        new here is ordered by it, not by the copy that brought it, so that no two indexes
        can merge two stories in opposite directions. Returns the merge, if this membership
        made one."""
        if sighting.article_id in self._members:
            return None
        self._expire(seen_at)
        story_id = self._current(story_id)
        best = self._best_match(signature, signature.band_keys if signature is not None else ())
        self._add(story_id, signature, seen_at, sighting, first, first_seen)
        if best is not None and (other := self._current(best.story_id)) != story_id:
            return self._merge(self._stories[story_id], self._stories[other])
        return None

    def _current(self, story_id: str) -> str:
        """The id a story goes by now (itself, unless it was merged into another)."""
        return self._merged.get(story_id, story_id)

    def _merge(self, one: Story, other: Story) -> Merge:
        keep, gone = sorted((one, other), key=lambda story: (story.first_seen, story.id))
        keep.copies += gone.copies
        keep.alive += gone.alive
        if self._seen_at(gone.latest.article_id, 0.0) > self._seen_at(keep.latest.article_id, 0.0):
            keep.latest = gone.latest
        for site in gone.sites:
            keep.add_site(site)
        ids = (gone.id, *gone.absorbed)
        for story_id in ids:
            self._merged[story_id] = keep.id
        keep.absorbed.extend(ids)
        del self._stories[gone.id]
        return Merge(keep, ids)

    def _add(self, story_id: str, signature: Signature | None, seen_at: float, sighting: StorySighting,
             first: StorySighting | None = None, first_seen: float | None = None) -> Story:
        """Put the article in the story ``story_id``, opening it if new here (its earliest copy
        ``first``, seen at ``first_seen``, when another index said which; else this one)."""
        story = self._stories.get(story_id)
        if story is None:
            if first is None or first_seen is None:
                first, first_seen = sighting, seen_at
            story = Story(story_id, first, sighting, sites={sighting.site}, first_seen=first_seen)
            self._stories[story.id] = story
        else:
            story.copies += 1
            if seen_at >= self._seen_at(story.latest.article_id, seen_at):
                story.latest = sighting
            story.add_site(sighting.site)
        story.alive += 1
        keys = signature.band_keys if signature is not None else ()
        self._members[sighting.article_id] = _Member(sighting.article_id, story.id, signature, keys, seen_at)
        for key in keys:
            holders = self._by_key.get(key)
            if holders is None:
                self._by_key[key] = sighting.article_id
            elif isinstance(holders, str):
                self._by_key[key] = [holders, sighting.article_id]
            else:
                holders.append(sighting.article_id)
                if len(holders) > MAX_PER_KEY:
                    del holders[0]
        self._arrivals.append((seen_at, sighting.article_id))
        self._newest = max(self._newest, seen_at)
        return story

    def _seen_at(self, article_id: str, default: float) -> float:
        member = self._members.get(article_id)
        return member.seen_at if member is not None else default

    def _best_match(self, signature: Signature | None, keys: tuple[int, ...]) -> _Member | None:
        """The earlier member most similar to the text, if similar enough; ties go to the
        older member, so the result does not depend on the order of the candidates."""
        if signature is None:
            return None
        candidates: set[str] = set()
        for key in keys:
            holders = self._by_key.get(key)
            if isinstance(holders, str):
                candidates.add(holders)
            elif holders is not None:
                candidates.update(holders)
        best, best_score = None, self.min_containment
        for article_id in sorted(candidates):
            member = self._members[article_id]
            if member.signature is None:
                continue
            score = signature.containment(member.signature)
            if score > best_score or (score == best_score and best is not None
                                      and member.seen_at < best.seen_at):
                best, best_score = member, score
        return best

    def _expire(self, now: float) -> None:
        """Forget the members older than the window (by event time, in arrival order: a
        late arrival is kept until the members that came before it have gone), and the
        oldest beyond ``max_members`` (the window is shorter when the feed is that busy)."""
        horizon = max(now, self._newest) - self.window_s
        full = self.max_members if self.max_members is not None else float("inf")
        while self._arrivals and (self._arrivals[0][0] < horizon or len(self._members) >= full):
            _, article_id = self._arrivals.popleft()
            member = self._members.pop(article_id, None)
            if member is None:
                continue
            for key in member.keys:
                holders = self._by_key.get(key)
                if holders == article_id:
                    del self._by_key[key]
                elif isinstance(holders, list) and article_id in holders:
                    holders.remove(article_id)
                    if len(holders) == 1:
                        self._by_key[key] = holders[0]
            story = self._stories[self._current(member.story_id)]
            story.alive -= 1
            if story.alive == 0:
                del self._stories[story.id]
                for absorbed in story.absorbed:
                    del self._merged[absorbed]
