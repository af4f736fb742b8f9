"""A small SageMaker runtime stand-in on 127.0.0.1: real HTTP, real CSV parsing, computed answers.

It serves ``POST /endpoints/{name}/invocations`` like SageMaker: the body is parsed with Python's csv
module, each row gets a prediction computed from its fields, and the answer has one line per row.
Errors look like SageMaker's (status, ``x-amzn-ErrorType`` header, JSON ``message``) so botocore's
rest-json parser and retry logic see what they would see from AWS.

The benchmarks (benchmarks/harness.py) run it in a process of its own, counting requests and the time
spent answering them (``GET /stats``) instead of keeping every body.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional
from urllib.parse import unquote, urlsplit

Model = Callable[[list], tuple]  # fields -> (label, probability or None)
ACCOUNT_ID = "123456789012"
_PATH = re.compile(r"^/endpoints/([^/]+)/invocations$")


def numbers_of(fields: list) -> list:
    """The numeric fields of a row; empty fields (NULL) are left out."""
    return [float(value) for value in fields if value != ""]


def binary_sign_model(fields: list) -> tuple:
    """Label 1 when the numeric fields sum to more than 0, else 0; probability grows with the sum."""
    total = sum(numbers_of(fields))
    return ("1" if total > 0 else "0"), round(0.5 + min(abs(total), 49) / 100, 6)


def boolean_sign_model(fields: list) -> tuple:
    """Like the binary model but labels ``true`` / ``false``."""
    label, probability = binary_sign_model(fields)
    return ("true" if label == "1" else "false"), probability


def echo_model(fields: list) -> tuple:
    """Multiclass: the label is the first field as received, probability 1 / (1 + its length)."""
    return fields[0], round(1 / (1 + len(fields[0])), 6)


def field_length_model(fields: list) -> tuple:
    """Any column types: label 1 when the fields hold an even number of characters, else 0 (cheap)."""
    total = sum(map(len, fields))
    return ("1" if total % 2 == 0 else "0"), 0.5 + total % 50 / 100


def regression_model(fields: list) -> tuple:
    """Twice the sum of the numeric fields plus a half."""
    return 2 * sum(numbers_of(fields)) + 0.5, None


@dataclass
class Behaviour:
    """How one endpoint answers."""

    model: Optional[Model] = None  # None: the endpoint does not exist
    answer_format: str = "csv"  # csv or json
    failures_before_success: int = 0  # 5xx answers before the first good one
    fail_when_body_contains: Optional[str] = None  # persistent 5xx for such bodies
    failure_status: int = 503
    missing_error_code: str = "ValidationError"


@dataclass
class Invocation:
    """One request as the server received it."""

    endpoint: str
    body: bytes
    content_type: str
    accept: str
    status: int = 0


@dataclass
class FakeRuntime:
    """The endpoints served, and every request received."""

    behaviours: dict = field(default_factory=dict)
    invocations: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    keep_invocations: bool = True  # False: only count (benchmarks send gigabytes)
    answered: int = 0  # requests answered
    busy_seconds: float = 0.0  # time spent answering them, after each body was read
    most_at_once: int = 0  # the most requests answered at the same time
    _at_once: int = 0

    def serve(self, endpoint: str, model: Optional[Model], **options) -> Behaviour:
        """Serve ``endpoint`` with ``model`` (None: answer as for a deleted endpoint)."""
        behaviour = Behaviour(model=model, **options)
        self.behaviours[endpoint] = behaviour
        return behaviour

    def bodies(self, endpoint: Optional[str] = None, status: int = 200) -> list:
        """Bodies of the requests answered with ``status`` (for ``endpoint`` if given)."""
        return [item.body for item in self.invocations
                if item.status == status and (endpoint is None or item.endpoint == endpoint)]

    def answer(self, endpoint: str, body: bytes, headers) -> tuple:
        """(status, headers, payload) for one request."""
        started = time.perf_counter()
        invocation = Invocation(endpoint, body, headers.get("Content-Type", ""), headers.get("Accept", ""))
        with self.lock:
            if self.keep_invocations:
                self.invocations.append(invocation)
            self._at_once += 1
            self.most_at_once = max(self.most_at_once, self._at_once)
            behaviour = self.behaviours.get(endpoint, Behaviour())
            fail_now = behaviour.failures_before_success > 0
            if fail_now:
                behaviour.failures_before_success -= 1
        if behaviour.model is None:
            result = _error(400, f"{behaviour.missing_error_code}:http://internal.amazon.com/coral/"
                                 "com.amazon.coral.validate/",
                            f"Endpoint {endpoint} of account {ACCOUNT_ID} not found.")
        elif fail_now or (behaviour.fail_when_body_contains
                          and behaviour.fail_when_body_contains.encode() in body):
            code = "ServiceUnavailable" if behaviour.failure_status == 503 else "InternalFailure"
            result = _error(behaviour.failure_status, code, "The service is unavailable. Try again.")
        else:
            result = _predict(behaviour, body)
        invocation.status = result[0]
        with self.lock:
            self._at_once -= 1
            self.answered += 1
            self.busy_seconds += time.perf_counter() - started
        return result

    def stats(self) -> dict:
        """The counters, for a client in another process (``GET /stats``)."""
        with self.lock:
            return {"answered": self.answered, "busy_seconds": self.busy_seconds,
                    "most_at_once": self.most_at_once}


def _predict(behaviour: Behaviour, body: bytes) -> tuple:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    results = [behaviour.model(row) for row in rows]
    if behaviour.answer_format == "json":
        predictions = [{"score": label} if probability is None
                       else {"predicted_label": label, "probability": probability}
                       for label, probability in results]
        return 200, {"Content-Type": "application/json"}, json.dumps({"predictions": predictions}).encode()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for label, probability in results:
        writer.writerow([label] if probability is None else [label, probability])
    return 200, {"Content-Type": "text/csv; charset=utf-8"}, out.getvalue().encode("utf-8")


def _error(status: int, error_type: str, message: str) -> tuple:
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": error_type}
    return status, headers, json.dumps({"message": message}).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        match = _PATH.match(urlsplit(self.path).path)
        if not match:
            status, headers, payload = _error(404, "UnknownOperationException", "unknown path")
        else:
            status, headers, payload = self.server.runtime.answer(unquote(match.group(1)), body, self.headers)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-amzn-RequestId", "fake-request")
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if urlsplit(self.path).path != "/stats":
            self.send_error(404)
            return
        payload = json.dumps(self.server.runtime.stats()).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (signature of the base class)
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Stay quiet when a client goes away with its keep-alive connection open; report the rest."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class FakeRuntimeServer:
    """Runs a :class:`FakeRuntime` on 127.0.0.1 with a free port, in a background thread."""

    def __init__(self, runtime: Optional[FakeRuntime] = None) -> None:
        self.runtime = runtime or FakeRuntime()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.runtime = self.runtime
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeRuntimeServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
