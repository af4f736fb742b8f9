"""The WebSocket server pyexasol connects to: websockets' asyncio server in a background thread.

``LocalExasolServer(db, host="127.0.0.1", port=0, tls=True)`` serves one port, either TLS (``wss``,
pyexasol's default ``encryption=True``) with a self-signed certificate made at start, or plain (``ws``).
Two servers over the same ``LocalDatabase`` serve both. ``start()`` returns once the port is bound
(``port`` then holds the real port); ``stop()`` closes every connection and ends the thread.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
import zlib
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric import rsa
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from exasol_sagemaker_extension.local.tls import SelfSignedCertificate, make_self_signed_certificate
from exasol_sagemaker_extension.local.ws_protocol import ProtocolConnection

if TYPE_CHECKING:
    from exasol_sagemaker_extension.local.engine import LocalDatabase

LOGGER = logging.getLogger(__name__)
LOGIN_KEY_BITS = 1024  # Exasol's documented login key size
CLOSE_TIMEOUT = 2.0  # seconds to wait for a client's close frame


class LocalExasolServer:
    """A local endpoint speaking Exasol's WebSocket protocol for one ``LocalDatabase``."""

    def __init__(self, db: LocalDatabase, host: str = "127.0.0.1", port: int = 0, tls: bool = True,
                 certificate: SelfSignedCertificate | None = None) -> None:
        self.db = db
        self.host = host
        self.port = port
        self.tls = tls
        self.certificate = certificate or (make_self_signed_certificate(host) if tls else None)
        self._rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=LOGIN_KEY_BITS)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopped: asyncio.Event | None = None
        self._start_error: BaseException | None = None

    @property
    def dsn(self) -> str:
        """The pyexasol DSN of this server."""
        return f"{self.host}:{self.port}"

    @property
    def fingerprint_dsn(self) -> str:
        """A DSN that pins the self-signed certificate (pyexasol then skips CA validation)."""
        if self.certificate is None:
            return self.dsn
        return f"{self.host}/{self.certificate.fingerprint}:{self.port}"

    def start(self) -> LocalExasolServer:
        """Bind and serve in a background thread; returns when the port is bound."""
        self._thread = threading.Thread(target=self._run, name=f"sme-local-ws-{self.port}", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=30)
        if self._start_error is not None:
            raise self._start_error
        if not self._ready.is_set():
            raise RuntimeError("the local Exasol server did not start within 30 s")
        return self

    def stop(self) -> None:
        """Close all connections, stop serving and join the thread."""
        if self._loop is not None and self._stopped is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stopped.set)
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def __enter__(self) -> LocalExasolServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        """The thread body: an event loop running the server until ``stop``."""
        try:
            asyncio.run(self._serve())
        except BaseException as error:  # noqa: BLE001 - reported to start() or logged
            if not self._ready.is_set():
                self._start_error = error
                self._ready.set()
            else:
                LOGGER.exception("local Exasol server failed")

    async def _serve(self) -> None:
        """Serve until the stop event is set."""
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        ssl_context = self.certificate.server_context() if self.tls and self.certificate else None
        async with serve(self._connection, self.host, self.port, ssl=ssl_context, compression=None,
                         max_size=None, ping_interval=None, close_timeout=CLOSE_TIMEOUT) as server:
            self._server = server
            self.port = server.sockets[0].getsockname()[1]
            self._ready.set()
            await self._stopped.wait()
            server.close()
            await server.wait_closed()

    async def _connection(self, websocket: ServerConnection) -> None:
        """One client: requests are answered in order; statements run in a worker thread."""
        peer = str(websocket.remote_address)
        protocol = ProtocolConnection(self.db, self._rsa_key, peer)
        try:
            async for message in websocket:
                request = _decode(message, protocol.use_compression and protocol.state == "ready")
                if request is None:
                    await websocket.send(json.dumps({"status": "error", "exception": {
                        "sqlCode": "00000", "text": "malformed request: not a JSON object"}}))
                    continue
                compress = protocol.use_compression and protocol.state == "ready"
                response, close = await asyncio.to_thread(protocol.handle, request)
                if response is not None:
                    await websocket.send(_encode(response, compress))
                if close:
                    if response is None or response.get("status") != "ok":
                        await _hang_up(websocket)  # a refused login: Exasol closes the connection
                    break
        except ConnectionClosed:
            pass
        finally:
            await asyncio.to_thread(protocol.close)
            await websocket.close()


async def _hang_up(websocket: ServerConnection) -> None:
    """Drop the TCP connection once the last answer has left (no close handshake with a refused client)."""
    transport = websocket.transport
    for _ in range(100):
        if transport.get_write_buffer_size() == 0:
            break
        await asyncio.sleep(0.01)
    transport.abort()


def _decode(message: str | bytes, compressed: bool) -> dict[str, Any] | None:
    """A request from a text frame, or a zlib-compressed binary frame when compression is on."""
    try:
        if isinstance(message, bytes):
            message = zlib.decompress(message) if compressed else message
            message = message.decode("utf-8")
        request = json.loads(message)
    except (ValueError, zlib.error, UnicodeDecodeError):
        return None
    return request if isinstance(request, dict) else None


def _encode(response: dict[str, Any], compressed: bool) -> str | bytes:
    """A response frame (zlib-compressed binary when compression is on)."""
    text = json.dumps(response, ensure_ascii=False, default=str)
    return zlib.compress(text.encode("utf-8"), 1) if compressed else text
