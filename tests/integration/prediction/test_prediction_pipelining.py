"""The prediction UDF overlaps reading and sending: one request at a time, in order, nothing after a failure;
request sizes grow while the endpoint is the slower side."""
from __future__ import annotations

import io
import time

import pandas as pd
import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import SageMakerExtensionError
from exasol_sagemaker_extension.request_sender import RequestSender
from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF
from tests.integration.prediction.conftest import prediction_exa
from tests.integration.prediction.fake_endpoint import regression_model

pytestmark = pytest.mark.filterwarnings(
    "ignore:The behavior of DataFrame concatenation with empty or all-NA entries:FutureWarning")

INPUTS = [("A", "DOUBLE"), ("B", "DECIMAL(9,0)")]


def nan_model(fields: list) -> tuple:
    return "nan", None


def test_requests_go_out_one_at_a_time_and_rows_come_back_in_order(predict, runtime):
    runtime.serve("test-endpoint", regression_model)
    data = [(float(index), index) for index in range(3000)]
    rows = predict(INPUTS, [data], "Regression", max_payload_bytes=2000)
    assert len(runtime.invocations) > 10
    assert runtime.most_at_once == 1
    assert rows == [[(a, b, 2 * (a + b) + 0.5) for a, b in data]]


def test_an_unreadable_answer_stops_the_group_with_at_most_the_requests_already_handed_over(predict, runtime):
    runtime.serve("test-endpoint", nan_model)
    data = [(float(index), index) for index in range(3000)]
    with pytest.raises(SageMakerExtensionError) as raised:
        predict(INPUTS, [data], "Regression", max_payload_bytes=2000)
    assert raised.value.code == error_codes.PREDICTION_NOT_PARSABLE
    assert "(endpoint test-endpoint, batch 1, rows 1.." in str(raised.value)
    # the UDF reads an answer while the next request is on its way and one more may wait for its turn
    assert len(runtime.invocations) <= 3


def test_a_failed_request_stops_the_group_before_another_request_goes_out(predict, runtime):
    runtime.serve("test-endpoint", regression_model, fail_when_body_contains="\n700,700")
    data = [(float(index), index) for index in range(3000)]
    with pytest.raises(SageMakerExtensionError) as raised:
        predict(INPUTS, [data], "Regression", max_payload_bytes=2000)
    assert raised.value.code == error_codes.INVOCATION_FAILED
    failed = [item for item in runtime.invocations if item.status != 200]
    assert all(b"\n700,700" in item.body for item in failed)
    assert b"\n700,700" in runtime.invocations[-1].body


def test_a_group_read_in_one_chunk_goes_in_one_request_however_small_the_first_request_size(predict, runtime):
    runtime.serve("test-endpoint", regression_model)
    data = [(float(index), index) for index in range(200)]  # fewer rows than the first chunk read
    rows = predict(INPUTS, [data], "Regression", max_payload_bytes=4000, first_request_bytes=100)
    assert len(runtime.bodies()) == 1
    assert rows == [[(a, b, 2 * (a + b) + 0.5) for a, b in data]]


class ShortChunkContext:
    """A group that hands out at most ``most`` rows per get_dataframe call, whatever is asked for."""

    def __init__(self, frame, most: int):
        self._frame, self._most, self._position = frame, most, 0
        self.emitted = []

    def get_dataframe(self, num_rows="all", start_col=0):
        if self._position >= len(self._frame):
            return None
        chunk = self._frame.iloc[self._position:self._position + min(num_rows, self._most)]
        self._position += len(chunk)
        return chunk

    def emit(self, frame):
        self.emitted.extend(frame.itertuples(index=False, name=None))


class CountingRuntime:
    """Answers 0.5 per row, after ``seconds_per_request``; keeps the bodies."""

    def __init__(self, seconds_per_request: float = 0.0):
        self.bodies = []
        self._seconds = seconds_per_request

    def invoke_endpoint(self, EndpointName, Body, ContentType, Accept):  # noqa: N803 (boto3's names)
        self.bodies.append(Body)
        time.sleep(self._seconds)
        return {"Body": io.BytesIO(b"0.5\n" * (Body.count(b"\n") + 1)), "ContentType": "text/csv"}


def run_3000_rows(runtime: CountingRuntime, most: int = 3000) -> tuple:
    """Predict 3000 rows (requests of 500 bytes at first, at most 4000) read at most ``most`` at a time."""
    frame = pd.DataFrame({"A": [float(index) for index in range(3000)], "B": list(range(3000))})
    udf = PredictionUDF(prediction_exa(INPUTS, "Regression"), endpoint_name="test-endpoint",
                        connection_name="C", aws_region="eu-central-1", problem_type="Regression",
                        client_factory=lambda *_: runtime, max_payload_bytes=4000, first_request_bytes=500)
    ctx = ShortChunkContext(frame, most=most)
    udf.run(ctx)
    return runtime, ctx


def test_chunks_shorter_than_asked_for_before_the_end_lose_no_row():
    runtime, ctx = run_3000_rows(CountingRuntime(), most=250)
    assert ctx.emitted == [(float(index), index, 0.5) for index in range(3000)]
    assert sum(body.count(b"\n") + 1 for body in runtime.bodies) == 3000


def test_requests_double_up_to_the_full_size_while_the_endpoint_is_slower_than_the_udf():
    runtime, ctx = run_3000_rows(CountingRuntime(seconds_per_request=0.05))
    sizes = [len(body) for body in runtime.bodies]
    assert all(500 - 12 < size <= 500 for size in sizes[:2])  # small but full: the second waits, not held
    assert max(sizes) > 4000 - 12 and all(size <= 4000 for size in sizes)
    assert len(runtime.bodies) < 3000 * 10 / 500  # far fewer than at the first size
    assert ctx.emitted == [(float(index), index, 0.5) for index in range(3000)]


def test_while_the_endpoint_keeps_up_requests_keep_the_first_size_up_to_the_groups_last_rows(monkeypatch):
    handing_over = RequestSender.send
    monkeypatch.setattr(RequestSender, "send", lambda self, body, tag: handing_over(self, body, tag) and False)
    runtime, ctx = run_3000_rows(CountingRuntime())
    sizes = [len(body) for body in runtime.bodies]
    assert all(size <= 500 for size in sizes)  # the last one too: the UDF waits for it with nothing to do
    assert all(size > 500 - 12 for size in sizes[:-1])
    assert ctx.emitted == [(float(index), index, 0.5) for index in range(3000)]
