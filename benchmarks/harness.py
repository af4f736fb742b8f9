"""What the benchmarks share: a thin in-memory UDF context, the local endpoint process, tables, timing.

The context serves ``get_dataframe`` slices of a prepared DataFrame and counts emitted rows, as
Exasol's C++ context would (exasol-udf-mock-python is too slow to measure with). The endpoint is the
tests' SageMaker runtime stand-in (tests/integration/prediction/fake_endpoint.py: 127.0.0.1,
HTTP/1.1 keep-alive, Nagle off, every CSV row parsed with the csv module), run in its own process so
that its CPU time is not the client's.
"""
from __future__ import annotations

import http.client
import io
import json
import multiprocessing
import os
import platform
import socket
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Iterable, Optional, Sequence

import numpy as np
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # `python benchmarks/x.py` as well as `python -m benchmarks.x`
    sys.path.insert(0, str(REPO_ROOT))

from exasol_sagemaker_extension.aws_session import (AwsCredentials, build_aws_session,  # noqa: E402
                                                    build_client_config)
from tests.integration.prediction.fake_endpoint import (FakeRuntime, FakeRuntimeServer,  # noqa: E402
                                                        field_length_model)

ENDPOINT = "bench-endpoint"
REGION = "eu-central-1"


class InMemoryContext:
    """A SET UDF context over one group held in a DataFrame; emitted frames are only counted."""

    def __init__(self, frame: pd.DataFrame):
        self._frame = frame
        self._position = 0
        self.emitted_rows = 0

    def get_dataframe(self, num_rows: Any = "all", start_col: int = 0) -> Optional[pd.DataFrame]:
        if self._position >= len(self._frame):
            return None
        end = len(self._frame) if num_rows == "all" else self._position + num_rows
        chunk = self._frame.iloc[self._position:end, start_col:]
        self._position = min(end, len(self._frame))
        return chunk

    def emit(self, frame: pd.DataFrame) -> None:
        self.emitted_rows += len(frame)


class InstantRuntimeClient:
    """A zero-cost transport: answers every batch at once with one ``label,probability`` line per row."""

    def __init__(self, classification: bool = True):
        self._line = b"1,0.875\n" if classification else b"12.5\n"

    def invoke_endpoint(self, EndpointName, Body, ContentType, Accept):  # noqa: N803 (boto3's names)
        return {"Body": io.BytesIO(self._line * (Body.count(b"\n") + 1)), "ContentType": "text/csv"}


def build_frame(kind: str, rows: int, columns: int, seed: int = 7) -> tuple[pd.DataFrame, str]:
    """A group of ``rows`` x ``columns`` values and their SQL type.

    ``numeric``: DOUBLE, full-precision random values (17 significant digits: the slowest to write).
    ``text``: VARCHAR category-like words of 5 to 12 characters, none needing CSV quotes.
    """
    rng = np.random.default_rng(seed)
    names = [f"C{index}" for index in range(columns)]
    if kind == "numeric":
        return pd.DataFrame(rng.normal(size=(rows, columns)) * 1000, columns=names), "DOUBLE"
    vocabulary = np.array([f"cat_{index}_{'x' * (index % 5)}" for index in range(1000)], dtype=object)
    data = {name: vocabulary[rng.integers(0, len(vocabulary), size=rows)] for name in names}
    return pd.DataFrame(data), "VARCHAR(100) UTF8"


def build_exa(columns: int, sql_type: str) -> SimpleNamespace:
    """The ``exa`` of a binary-classification prediction UDF over ``columns`` inputs of ``sql_type``."""
    inputs = [SimpleNamespace(name=f"C{index}", sql_type=sql_type) for index in range(columns)]
    tail = [SimpleNamespace(name="PROBABILITY", sql_type="DOUBLE"),
            SimpleNamespace(name="PREDICTIONS", sql_type="DECIMAL(1,0)")]
    return SimpleNamespace(meta=SimpleNamespace(input_columns=inputs, output_columns=inputs + tail,
                                                script_schema="BENCH", script_name=ENDPOINT))


def build_udf(columns: int, sql_type: str, client_factory: Callable) -> Any:
    from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF
    return PredictionUDF(build_exa(columns, sql_type), ENDPOINT, "CONN", REGION, "BinaryClassification",
                         client_factory=client_factory)


def http_client_factory(url: str) -> Callable:
    """A factory for real boto3 ``sagemaker-runtime`` clients sending to ``url``."""

    def factory(service: str, connection_name: str, region: str) -> Any:
        session = build_aws_session(AwsCredentials("AKIDLOCALBENCH", "local-bench-secret"), region)
        return session.create_client(service, region_name=region, endpoint_url=url, config=build_client_config())

    return factory


def _serve(url_queue: Any, stop: Any) -> None:
    server = FakeRuntimeServer(FakeRuntime(keep_invocations=False)).start()
    server.runtime.serve(ENDPOINT, field_length_model)
    url_queue.put(server.url)
    stop.wait()
    server.stop()


class EndpointProcess:
    """The local endpoint in a child process; ``stats()`` reads its counters over HTTP."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        self._stop = context.Event()
        self._process = context.Process(target=_serve, args=(queue, self._stop), daemon=True)
        self._process.start()
        self.url = queue.get(timeout=30)
        self.host, port = self.url.rsplit("//", 1)[1].split(":")
        self.port = int(port)

    def stats(self) -> dict:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request("GET", "/stats")
            return json.loads(connection.getresponse().read())
        finally:
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()

    def __enter__(self) -> "EndpointProcess":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def post_bodies(host: str, port: int, bodies: Sequence[bytes]) -> int:
    """POST ready-made bodies over one persistent connection; the number of answer lines received."""
    connection = http.client.HTTPConnection(host, port, timeout=120)
    connection.connect()
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    lines = 0
    path = f"/endpoints/{ENDPOINT}/invocations"
    headers = {"Content-Type": "text/csv", "Accept": "text/csv"}
    try:
        for body in bodies:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            if response.status != 200:
                raise RuntimeError(f"endpoint answered {response.status}: {answer[:200]!r}")
            lines += answer.count(b"\n")
    finally:
        connection.close()
    return lines


class Timer:
    """Wall and process CPU time of a block."""

    def __enter__(self) -> "Timer":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def print_table(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A Markdown table (pasteable into RESULTS.md)."""
    rows = [[(_cell(value), isinstance(value, (int, float))) for value in row] for row in rows]
    widths = [max(len(str(h)), *(len(row[i][0]) for row in rows)) if rows else len(str(h))
              for i, h in enumerate(header)]
    print(f"\n### {title}\n")
    print("| " + " | ".join(str(h).ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(text.rjust(w) if number else text.ljust(w)
                                for (text, number), w in zip(row, widths)) + " |")
    sys.stdout.flush()


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value >= 1000:
            return f"{value:,.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.3g}" if value < 1 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def machine_description() -> str:
    """CPU, cores, memory, Python, load: what the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2 ** 30:.0f} GiB"
    except (ValueError, OSError):
        pass
    load = ", load %.2f %.2f %.2f" % os.getloadavg() if hasattr(os, "getloadavg") else ""
    return (f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}, numpy "
            f"{np.__version__}, pandas {pd.__version__}{load}; speed probe {speed_probe_us():.2f} µs")


def speed_probe_us() -> float:
    """Microseconds per ``repr`` of a 17-digit float right now: how fast this machine is at the moment.

    Shared virtual machines change speed with their neighbours' load (here 0.55 to 1.1 µs within an
    hour); runs are comparable only at similar probe figures.
    """
    values = np.random.default_rng(1).uniform(-1000, 1000, 200_000).tolist()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        str(values)
        best = min(best, time.perf_counter() - started)
    return best / len(values) * 1e6
