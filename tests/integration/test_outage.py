"""Broker outage: the worker's connections to the broker are cut mid-stream and refused for a
while, then allowed again. The embedded broker keeps its log in memory only, so stopping the
broker process would erase the topics: what can be tested is the network outage (every
connection dropped, new ones refused), which is also what a broker restart or failover looks
like from the worker. A restart that loses the log is a broker failure no client can mask."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time

import orjson
import pytest

from streams.broker import EmbeddedBroker, free_port
from tests.integration.conftest import consume_until, make_stack
from tests.integration.test_crash import _produce, wait_for_outputs

pytestmark = pytest.mark.integration
PAGES = 1500


class _Proxy:
    """A TCP proxy in front of the broker (which advertises the proxy's port), on its own
    event loop thread; ``cut`` drops every connection and stops listening until ``restore``."""

    def __init__(self, listen_port: int, upstream_port: int) -> None:
        self.listen_port, self.upstream_port = listen_port, upstream_port
        self.loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self._call(self._listen())

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.listen_port)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()
        self._writers.discard(writer)

    async def _cut(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def cut(self) -> None:
        self._call(self._cut())

    def restore(self) -> None:
        self._call(self._listen())

    def close(self) -> None:
        self.cut()
        self.loop.call_soon_threadsafe(self.loop.stop)


def test_worker_survives_a_broker_outage_without_loss(tmp_path):
    proxy_port = free_port()
    with EmbeddedBroker(advertised_port=proxy_port) as broker:
        proxy = _Proxy(proxy_port, broker.port)
        stack = make_stack(broker, tmp_path, partitions=4)  # clients bootstrap at the proxy
        stack.env["NEWSSTREAM_STALL_TIMEOUT"] = "120"  # the outage, not the watchdog, is tested
        worker = stack.start_worker()
        try:
            asyncio.run(_produce(stack.settings, PAGES))
            assert wait_for_outputs(stack.settings, PAGES // 3) < PAGES, "the outage must fall mid-stream"
            proxy.cut()
            time.sleep(10)  # several session timeouts: the group forgets the worker
            assert worker.poll() is None, "the worker must ride out the outage, not exit"
            proxy.restore()
            topic = stack.settings.topics.articles
            found = consume_until(stack.settings,
                                  lambda f: len({r.key for r in f[topic]}) >= PAGES,
                                  timeout_s=180, topics=[topic])
            assert len({r.key for r in found[topic]}) == PAGES
            by_key: dict[bytes, set[bytes]] = {}
            for record in found[topic]:
                by_key.setdefault(record.key, set()).add(record.value)
            assert all(len(v) == 1 for v in by_key.values()), "re-deliveries must be identical"
            assert worker.poll() is None
            logged = [orjson.loads(line) for line in (tmp_path / "worker-0.log").read_text().splitlines()]
            assert any("Connect call failed" in entry["message"] for entry in logged), \
                "the worker must have seen the outage"
        finally:
            stack.stop()
            proxy.close()
