"""All-DOUBLE groups are written and emitted from the float arrays get_dataframe hands over."""
from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd

from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF
from tests.integration.prediction.conftest import prediction_exa

INPUTS = [("A", "DOUBLE"), ("B", "DOUBLE")]


class ChunkContext:
    """Hands out the given chunks one per get_dataframe call; keeps the emitted frames."""

    def __init__(self, chunks):
        self._chunks = list(chunks)
        self.frames = []

    def get_dataframe(self, num_rows="all", start_col=0):
        return self._chunks.pop(0) if self._chunks else None

    def emit(self, frame):
        self.frames.append(frame)

    def rows(self):
        return [tuple(None if isinstance(value, float) and math.isnan(value) else value for value in row)
                for frame in self.frames for row in frame.itertuples(index=False, name=None)]


class SumRuntime:
    """A regression endpoint answering the sum of each row's fields (empty fields count 0)."""

    def __init__(self):
        self.bodies = []

    def invoke_endpoint(self, EndpointName, Body, ContentType, Accept):  # noqa: N803 (boto3's names)
        self.bodies.append(Body)
        sums = [sum(float(field or 0) for field in line.split(",")) for line in Body.decode().split("\n")]
        return {"Body": io.BytesIO("\n".join(map(repr, sums)).encode()), "ContentType": "text/csv"}


def udf(runtime, **options):
    return PredictionUDF(prediction_exa(INPUTS, "Regression"), endpoint_name="test-endpoint",
                         connection_name="C", aws_region="eu-central-1", problem_type="Regression",
                         client_factory=lambda *_: runtime, **options)


def test_an_all_double_group_is_emitted_as_float_columns_with_nan_where_exasol_writes_null():
    chunk = pd.DataFrame({"A": [0.1, np.nan, 3.0], "B": [np.nan, np.nan, 1e20]})
    ctx = ChunkContext([chunk])
    runtime = SumRuntime()
    udf(runtime).run(ctx)
    assert runtime.bodies == [b"0.1,\n,\n3,1e+20"]
    assert [str(dtype) for dtype in ctx.frames[0].dtypes[:2]] == ["float64", "float64"]
    assert ctx.rows() == [(0.1, None, 0.1), (None, None, 0.0), (3.0, 1e20, 1e20 + 3.0)]


def test_chunks_that_come_as_objects_among_float_chunks_lose_no_row_and_keep_every_value():
    # an all-NULL column can come as objects rather than floats; such a chunk is kept as Python values
    float_chunk = pd.DataFrame({"A": [float(index) for index in range(700)], "B": [0.5] * 700})
    object_chunk = pd.DataFrame({"A": [float(index) for index in range(700, 1000)], "B": [None] * 300},
                                dtype=object)
    last_chunk = pd.DataFrame({"A": [float(index) for index in range(1000, 1600)], "B": [0.25] * 600})
    ctx = ChunkContext([float_chunk, object_chunk, last_chunk])
    runtime = SumRuntime()
    udf(runtime, max_payload_bytes=3000, first_request_bytes=1000).run(ctx)
    expected = [(float(index), 0.5 if index < 700 else None if index < 1000 else 0.25) for index in range(1600)]
    assert [row[:2] for row in ctx.rows()] == expected
    assert [row[2] for row in ctx.rows()] == [a + (b or 0) for a, b in expected]
    assert len(runtime.bodies) > 3
