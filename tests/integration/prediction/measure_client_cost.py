"""Measures the prediction UDF's own cost per row (not a test; run it as a script).

``python -m tests.integration.prediction.measure_client_cost [rows] [columns]``

The context serves ``get_dataframe`` slices of a prepared DataFrame and counts ``emit``ted rows, as
Exasol's C++ context would; the runtime client answers instantly in memory. What is timed is what the
UDF itself does: turning values into CSV, cutting bodies, reading answers, building the emitted frame.
With ``--http`` the answers come from the local HTTP stand-in through botocore instead (its CSV
parsing runs in the same process, so that figure is an upper bound of the client's share).
"""
from __future__ import annotations

import io
import sys
import time
from types import SimpleNamespace

import numpy as np
import pandas as pd

from exasol_sagemaker_extension.aws_session import (AwsCredentials, build_boto3_session,
                                                    build_client_config)
from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF
from tests.integration.prediction.fake_endpoint import (FakeRuntimeServer, binary_sign_model,
                                                        regression_model)


class InMemoryContext:
    """A SET UDF context over one group held in a DataFrame."""

    def __init__(self, frame: pd.DataFrame):
        self._frame = frame
        self._position = 0
        self.emitted_rows = 0

    def get_dataframe(self, num_rows="all", start_col=0):
        if self._position >= len(self._frame):
            return None
        end = len(self._frame) if num_rows == "all" else self._position + num_rows
        chunk = self._frame.iloc[self._position:end, start_col:]
        self._position = min(end, len(self._frame))
        return chunk

    def emit(self, frame: pd.DataFrame) -> None:
        self.emitted_rows += len(frame)


class InstantRuntimeClient:
    """Answers every batch at once: one ``label,probability`` (or number) line per row."""

    def __init__(self, classification: bool):
        self._line = b"1,0.875\n" if classification else b"12.5\n"
        self.requests = 0
        self.bytes_sent = 0

    def invoke_endpoint(self, EndpointName, Body, ContentType, Accept):  # noqa: N803 (boto3's names)
        self.requests += 1
        self.bytes_sent += len(Body)
        rows = Body.count(b"\n") + 1
        return {"Body": io.BytesIO(self._line * rows), "ContentType": "text/csv"}


def measure(rows: int, width: int, problem_type: str, client_factory=None) -> dict:
    """Wall and CPU time per row for one group of ``rows`` x ``width`` DOUBLE values."""
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(rng.normal(size=(rows, width)) * 1000, columns=[f"C{i}" for i in range(width)])
    inputs = [SimpleNamespace(name=f"C{i}", sql_type="DOUBLE") for i in range(width)]
    classification = problem_type != "Regression"
    tail = ([SimpleNamespace(name="PROBABILITY", sql_type="DOUBLE")] if classification else []) + \
        [SimpleNamespace(name="PREDICTIONS", sql_type="DECIMAL(1,0)" if classification else "DOUBLE")]
    exa = SimpleNamespace(meta=SimpleNamespace(input_columns=inputs, output_columns=inputs + tail,
                                               script_schema="S", script_name="ep"))
    client = InstantRuntimeClient(classification)
    udf = PredictionUDF(exa, "ep", "CONN", "eu-central-1", problem_type,
                        client_factory=client_factory or (lambda *_: client))
    ctx = InMemoryContext(frame)
    started, cpu_started = time.perf_counter(), time.process_time()
    udf.run(ctx)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    assert ctx.emitted_rows == rows
    result = {"problem_type": problem_type, "rows": rows, "columns": width, "seconds": round(seconds, 3),
              "us_per_row": round(seconds / rows * 1e6, 2),
              "cpu_us_per_row": round(cpu_seconds / rows * 1e6, 2)}
    if client_factory is None:
        result.update(requests=client.requests, mb_sent=round(client.bytes_sent / 1e6, 2))
    return result


def http_client_factory(server_url: str):
    """A factory for real boto3 clients sending to the local HTTP stand-in."""

    def factory(service, connection_name, region):
        session = build_boto3_session(AwsCredentials("AKIDLOCAL", "local-secret"), region)
        return session.client(service, endpoint_url=server_url, config=build_client_config())

    return factory


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    rows = int(arguments[0]) if arguments else 100_000
    width = int(arguments[1]) if len(arguments) > 1 else 10
    server = FakeRuntimeServer().start() if "--http" in sys.argv else None
    try:
        cases = (("BinaryClassification", binary_sign_model), ("Regression", regression_model))
        for problem_type, model in cases:
            factory = None
            if server:
                server.runtime.serve("ep", model)
                factory = http_client_factory(server.url)
            runs = [measure(rows, width, problem_type, factory) for _ in range(3)]
            print(min(runs, key=lambda run: run["cpu_us_per_row"]))
    finally:
        if server:
            server.stop()


if __name__ == "__main__":
    main()
