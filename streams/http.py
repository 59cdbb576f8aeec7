"""The worker's HTTP endpoints: ``/healthz`` (liveness), ``/readyz`` (readiness), ``/metrics``.

Liveness fails when the event loop has not ticked for ``stall_s`` (a blocked worker); readiness
holds once the worker has joined its group, recovered its tables and is not rebalancing.
"""

from __future__ import annotations

import time

import faust
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from .metrics import CONSUMER_LAG
from .watchdog import Watchdog

ROUTES = {"liveness": "/healthz", "readiness": "/readyz", "metrics": "/metrics"}


class Probes:
    def __init__(self, app: faust.App, port: int, watchdog: Watchdog | None = None,
                 stall_s: float = 30.0) -> None:
        self.app, self.port, self.stall_s, self.watchdog = app, port, stall_s, watchdog
        self.last_tick = time.monotonic()
        self._runner: web.AppRunner | None = None

    def ready(self) -> bool:
        app = self.app
        recovered = app.tables.recovery.completed.is_set()  # type: ignore[attr-defined]
        return bool(recovered and not app.rebalancing and app.consumer.assignment() is not None)

    async def tick(self) -> None:
        self.last_tick = time.monotonic()
        monitor = self.app.monitor
        for tp, end in monitor.tp_end_offsets.items():
            committed = monitor.tp_committed_offsets.get(tp)
            if committed is not None:
                CONSUMER_LAG.labels(tp.topic, str(tp.partition)).set(max(end - committed - 1, 0))

    async def _healthz(self, _request: web.Request) -> web.Response:
        stalled = time.monotonic() - self.last_tick > self.stall_s or (
            self.watchdog is not None and not self.watchdog.healthy)
        return web.Response(status=503 if stalled else 200,
                            text="stalled\n" if stalled else "ok\n")

    async def _readyz(self, _request: web.Request) -> web.Response:
        ready = self.ready()
        return web.Response(status=200 if ready else 503, text="ready\n" if ready else "starting\n")

    async def _metrics(self, _request: web.Request) -> web.Response:
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def start(self) -> None:
        site_app = web.Application()
        site_app.add_routes([web.get(ROUTES["liveness"], self._healthz),
                             web.get(ROUTES["readiness"], self._readyz),
                             web.get(ROUTES["metrics"], self._metrics)])
        self._runner = web.AppRunner(site_app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "0.0.0.0", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
