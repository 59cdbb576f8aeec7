"""A guard against input partitions that silently stop making progress.

faust can stop committing an input partition after a rebalance while the worker carries on:
observed here after SIGKILL-and-restart cycles, the stream had read a partition to its end
but the committed offset stayed behind (an event lost between fetch and ack), and nothing
errored. Left alone, that partition is never processed past the gap.

Every few seconds the watchdog samples, per assigned input partition, the broker's end offset,
the fetch position, the last offset the stream read and the committed offset. A partition
with records to process (end > committed) whose marks have not moved for ``stall_s`` is
stuck: the watchdog logs it, fails liveness and stops the worker with an error, so the
orchestrator (Kubernetes, compose's restart policy) starts a fresh one that resumes from the
committed offset. At-least-once with deterministic ids makes the re-processing harmless.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import faust
from faust.types import TP
from prometheus_client import Counter

log = logging.getLogger(__name__)

STALLS = Counter("newsstream_partition_stalls_total",
                 "Input partitions found stuck with records to process")


class PartitionStalled(RuntimeError):
    """An input partition stopped progressing; the worker must restart to resume it."""


@dataclass(slots=True)
class _Sample:
    marks: tuple[int | None, int | None, int | None]  # position, last read, committed
    since: float


@dataclass
class Watchdog:
    app: faust.App
    topic: str
    stall_s: float = 30.0
    healthy: bool = True
    _seen: dict[TP, _Sample] = field(default_factory=dict)

    async def check(self) -> None:
        app = self.app
        if app.rebalancing or not self.healthy:
            self._seen.clear()
            return
        consumer = app.consumer
        tps = [tp for tp in consumer.assignment() if tp.topic == self.topic]
        if not tps:
            return
        ends = await consumer.highwaters(*tps)
        now = time.monotonic()
        monitor = app.monitor
        for tp in tps:
            position, read = await consumer.position(tp), monitor.tp_read_offsets.get(tp)
            committed = monitor.tp_committed_offsets.get(tp)
            marks = (position, read, committed)
            # Records to process: not yet fetched, or read but not yet committed.
            waiting = (position is not None and ends.get(tp, 0) > position) or (
                read is not None and (committed or 0) <= read)
            seen = self._seen.get(tp)
            if seen is None or marks != seen.marks or not waiting:
                self._seen[tp] = _Sample(marks, now)
            elif now - seen.since >= self.stall_s:
                await self._stalled(tp, marks, ends.get(tp, 0))
                return

    async def _stalled(self, tp: TP, marks: tuple[int | None, ...], end: int) -> None:
        position, read, committed = marks
        log.error("input partition %s[%d] stuck for %.0fs: end %d, fetch position %s, read %s, "
                  "committed %s; stopping the worker so a fresh one resumes from the committed "
                  "offset", tp.topic, tp.partition, self.stall_s, end, position, read, committed)
        STALLS.inc()
        self.healthy = False
        await self.app.crash(PartitionStalled(f"{tp.topic}[{tp.partition}] stuck at {committed}"))
