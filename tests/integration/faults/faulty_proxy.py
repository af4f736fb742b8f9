"""A faulty HTTP proxy on 127.0.0.1: answers chosen requests with AWS-shaped errors, drops their
connection, or replaces their answer; forwards everything else to the real (moto or fake) server.

botocore is pointed at the proxy through ``AWS_ENDPOINT_URL_<SERVICE>``, so the product's own clients,
retry mode included, meet the faults exactly as they would meet them from AWS.
"""
from __future__ import annotations

import http.client
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional
from urllib.parse import urlsplit

DROPPED = 0  # the status recorded for a request whose connection was closed without an answer


@dataclass(frozen=True)
class Fault:
    """One answer in AWS's error shape (``x-amzn-ErrorType`` header and ``__type`` / ``message`` body),
    or, with ``drop``, a connection closed without any answer."""

    status: int = 0
    error_type: str = ""
    message: str = ""
    drop: bool = False
    body: Optional[dict] = None  # a successful answer to send instead of the real one

    def payload(self) -> tuple[int, dict, bytes]:
        if self.body is not None:
            return self.status or 200, {"Content-Type": "application/x-amz-json-1.1"}, json.dumps(self.body).encode()
        headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": self.error_type}
        return self.status, headers, json.dumps({"__type": self.error_type, "message": self.message}).encode()


THROTTLED_429 = Fault(429, "ThrottlingException", "Rate exceeded")
THROTTLED_400 = Fault(400, "ThrottlingException", "Rate exceeded")  # SageMaker's control plane throttles so
UNAVAILABLE_503 = Fault(503, "ServiceUnavailable", "The service is unavailable. Try again.")
INTERNAL_500 = Fault(500, "InternalFailure", "An internal error occurred.")
CONNECTION_LOST = Fault(drop=True)


@dataclass
class Request:
    """One request as the proxy received it, and what it answered (``DROPPED`` for a closed connection)."""

    method: str
    path: str
    operation: str  # SageMaker's X-Amz-Target operation, or the runtime path
    body: bytes
    status: int = -1


@dataclass
class _Rule:
    matches: Callable[[Request], bool]
    faults: list
    forever: bool


@dataclass
class FaultPlan:
    """Which requests fail how; rules are tried in the order they were added."""

    rules: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, operation: str, *faults: Fault, forever: bool = False) -> None:
        """Answer the next requests of ``operation`` (``"*"``: any) with ``faults`` in order; with
        ``forever`` the last fault keeps coming."""
        self.fail_when(lambda request: operation in ("*", request.operation), *faults, forever=forever)

    def fail_when(self, matches: Callable[[Request], bool], *faults: Fault, forever: bool = False) -> None:
        with self.lock:
            self.rules.append(_Rule(matches, list(faults), forever))

    def heal(self) -> None:
        """Forward everything from now on."""
        with self.lock:
            self.rules.clear()

    def attempts(self, operation: str) -> list[int]:
        """Statuses answered to each request of ``operation``, in order."""
        return [request.status for request in self.requests if request.operation == operation]

    def operations(self) -> list[str]:
        return [request.operation for request in self.requests]

    def next_fault(self, request: Request) -> Optional[Fault]:
        with self.lock:
            self.requests.append(request)
            for rule in self.rules:
                if rule.faults and rule.matches(request):
                    if rule.forever and len(rule.faults) == 1:
                        return rule.faults[0]
                    return rule.faults.pop(0)
        return None


def operation_of(path: str, headers) -> str:
    target = headers.get("X-Amz-Target") or ""
    return target.rsplit(".", 1)[-1] if target else urlsplit(path).path


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        request = Request(self.command, self.path, operation_of(self.path, self.headers), body)
        fault = self.server.plan.next_fault(request)
        if fault is not None and fault.drop:
            request.status = DROPPED
            self.close_connection = True
            self.connection.close()
            return
        status, headers, payload = fault.payload() if fault is not None else self._forward(body)
        request.status = status
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _forward(self, body: bytes) -> tuple[int, dict, bytes]:
        host, port = self.server.upstream
        connection = http.client.HTTPConnection(host, port, timeout=30)
        try:
            headers = {name: value for name, value in self.headers.items()
                       if name.lower() not in ("host", "content-length", "connection")}
            headers["Host"] = f"{host}:{port}"
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            kept = {name: value for name, value in response.getheaders()
                    if name.lower() not in ("content-length", "transfer-encoding", "connection")}
            return response.status, kept, payload
        finally:
            connection.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle  # noqa: N815 (http.server's naming)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (signature of the base class)
        pass


class FaultyProxy:
    """Runs on a free port of 127.0.0.1 in a background thread; ``stop()`` ends it."""

    def __init__(self, upstream_url: str):
        parts = urlsplit(upstream_url)
        self.plan = FaultPlan()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.plan = self.plan
        self._server.upstream = (parts.hostname, parts.port)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FaultyProxy":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
