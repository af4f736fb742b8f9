"""The prediction UDF of an endpoint the extension did not create (``SME_CREATE_SAGEMAKER_PREDICTION_UDF``).

It batches, types and authenticates exactly like the Autopilot prediction UDF (it is one, with another
answer reader): it emits its inputs, then the output columns it was created with, filled from the
endpoint's answer, one CSV record per row (see ``answer_records``).
"""
from __future__ import annotations

from typing import Any, Optional

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.answer_records import parse_answer_records
from exasol_sagemaker_extension.errors import PredictionError
from exasol_sagemaker_extension.prediction_csv import DEFAULT_MAX_PAYLOAD_BYTES, parse_sql_type
from exasol_sagemaker_extension.prediction_parsing import converter_for
from exasol_sagemaker_extension.udfs.aws_connection import ClientFactory
from exasol_sagemaker_extension.udfs.prediction_udf import (FIRST_REQUEST_BYTES, Columns, PredictionUDF,
                                                          frame_columns)

# The Autopilot UDF's problem type decides only its answer reader and layout, both replaced here.
_UNUSED_PROBLEM_TYPE = "Regression"


class EndpointPredictionUDF(PredictionUDF):
    """Scores rows with any endpoint that answers one CSV record per row."""

    def __init__(self, exa: Any, endpoint_name: str, connection_name: str, aws_region: str,
                 client_factory: Optional[ClientFactory] = None,
                 max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
                 first_request_bytes: int = FIRST_REQUEST_BYTES):
        super().__init__(exa, endpoint_name, connection_name, aws_region, _UNUSED_PROBLEM_TYPE,
                         client_factory=client_factory, max_payload_bytes=max_payload_bytes,
                         first_request_bytes=first_request_bytes)
        answered = self._outputs[len(self._inputs):]
        self._answer_converters = [converter_for(column.sql_type) for column in answered]
        self._answer_timestamps = [parse_sql_type(column.sql_type).kind == "TIMESTAMP" for column in answered]

    def _answer_columns(self, answer: str, rows: int, where: str) -> Columns:
        columns = parse_answer_records(answer, rows, self._answer_converters, where=where)
        return [frame_columns().as_timestamps(column) if is_timestamp else column
                for column, is_timestamp in zip(columns, self._answer_timestamps)]

    def _check_layout(self) -> None:
        width = len(self._inputs)
        problems = []
        if not self._inputs:
            problems.append("it has no input columns")
        if len(self._outputs) <= width:
            problems.append(f"it emits {len(self._outputs)} columns for {width} inputs and no output column")
        for column_in, column_out in zip(self._inputs, self._outputs):
            if column_in.name != column_out.name or _type_key(column_in) != _type_key(column_out):
                problems.append(f"emitted column {column_out.name} {column_out.sql_type} does not "
                                f"repeat input {column_in.name} {column_in.sql_type}")
        if problems:
            raise PredictionError(
                error_codes.INPUT_COLUMNS_MISMATCH,
                f"prediction UDF {self._udf_name()} does not have the columns it was generated with: "
                + "; ".join(problems),
                "Generate it again with SME_CREATE_SAGEMAKER_PREDICTION_UDF; it must emit its inputs, then "
                "the endpoint's output columns.")


def _type_key(column: Any) -> str:
    return " ".join(str(column.sql_type).upper().split())
