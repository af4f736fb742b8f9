"""Prediction UDFs for endpoints the extension did not create, and batches under the serverless payload
limit, through Exasol's UDF mock against a real HTTP endpoint stand-in on 127.0.0.1."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from exasol_udf_mock_python.connection import Connection
from exasol_udf_mock_python.mock_exa_environment import MockExaEnvironment
from exasol_udf_mock_python.mock_meta_data import MockMetaData

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.errors import SageMakerExtensionError
from tests.integration.prediction.conftest import (ACCESS_KEY_ID, CONNECTION_NAME, REGION, SECRET, UDF_SCHEMA,
                                                   column, prediction_exa, run_udf)
from tests.integration.prediction.endpoint_udf_wrapper import udf_wrapper
from tests.integration.prediction.fake_endpoint import binary_sign_model, echo_model, regression_model

pytestmark = pytest.mark.filterwarnings(
    "ignore:The behavior of DataFrame concatenation with empty or all-NA entries:FutureWarning")

INPUTS = [("A", "DOUBLE"), ("B", "DECIMAL(9,0)")]
ROWS = [(1.5, 2), (-3.0, 1), (0.25, -1), (None, None)]


def endpoint_exa(inputs, outputs, endpoint="my-endpoint", **udf_options) -> MockExaEnvironment:
    """The ``exa`` of a UDF generated for ``endpoint`` with these inputs and output columns."""
    input_columns = [column(name, sql_type) for name, sql_type in inputs]
    meta = MockMetaData(script_code_wrapper_function=udf_wrapper, input_type="SET", input_columns=input_columns,
                        output_type="EMITS", output_columns=input_columns + [column(n, t) for n, t in outputs],
                        script_name="my udf", script_schema=UDF_SCHEMA)
    exa = MockExaEnvironment(meta, connections={CONNECTION_NAME: Connection(
        address=f"https://bucket.s3.{REGION}.amazonaws.com/", user=ACCESS_KEY_ID, password=SECRET)})
    exa.prediction_udf_arguments = dict(endpoint_name=endpoint, connection_name=CONNECTION_NAME, aws_region=REGION,
                                        **udf_options)
    return exa


def failure(exa, groups) -> SageMakerExtensionError:
    with pytest.raises(Exception) as raised:
        run_udf(exa, groups)
    error = raised.value
    while not isinstance(error, SageMakerExtensionError) and (error.__cause__ or error.__context__):
        error = error.__cause__ or error.__context__
    assert isinstance(error, SageMakerExtensionError), repr(raised.value)
    assert SECRET not in str(error)
    return error


def test_each_answer_field_fills_its_output_column_with_its_type(runtime_server):
    runtime_server.runtime.serve("my-endpoint", binary_sign_model)
    exa = endpoint_exa(INPUTS, [("LABEL", "DECIMAL(1,0)"), ("SCORE", "DOUBLE")])
    (rows,) = run_udf(exa, [ROWS])
    expected = []
    for a, b in ROWS:
        label, probability = binary_sign_model([str(v) for v in (a, b) if v is not None])
        expected.append((a, b, int(label), probability))
    assert rows == expected


def test_a_single_output_column_takes_the_whole_answer_line(runtime_server):
    runtime_server.runtime.serve("my-endpoint", regression_model)
    (rows,) = run_udf(endpoint_exa(INPUTS, [("Predicted Value", "DECIMAL(12,2)")]), [ROWS])
    assert rows == [(a, b, Decimal(str(2 * ((a or 0) + (b or 0)) + 0.5)).quantize(Decimal("0.01")))
                    for a, b in ROWS]


def test_text_answers_keep_commas_and_quotes(runtime_server):
    runtime_server.runtime.serve("my-endpoint", echo_model)
    data = [('say "hi", then go',), ("plain",)]
    (rows,) = run_udf(endpoint_exa([("T", "VARCHAR(100)")], [("ECHO", "VARCHAR(100)"), ("P", "DOUBLE")]), [data])
    assert [row[1] for row in rows] == [text for (text,) in data]


def test_dates_and_timestamps_are_read_from_iso_text(runtime_server):
    runtime_server.runtime.serve("my-endpoint", echo_model)
    data = [("2024-02-29 13:45:00",)]
    exa = endpoint_exa([("T", "VARCHAR(30)")], [("AT", "TIMESTAMP"), ("P", "DOUBLE")])
    (rows,) = run_udf(exa, [data])
    assert rows[0][1] == datetime.datetime(2024, 2, 29, 13, 45)


def test_an_answer_with_another_number_of_fields_is_e_sme_73_naming_the_line(runtime_server):
    runtime_server.runtime.serve("my-endpoint", binary_sign_model)
    exa = endpoint_exa(INPUTS, [("LABEL", "DECIMAL(1,0)"), ("SCORE", "DOUBLE"), ("EXTRA", "DOUBLE")])
    error = failure(exa, [ROWS])
    assert error.code == error_codes.PREDICTION_NOT_PARSABLE
    assert "line 1 of the answer" in error.message and "has 2 fields where the UDF has 3 output columns" in error.message


def test_a_value_that_does_not_fit_its_type_is_e_sme_73(runtime_server):
    runtime_server.runtime.serve("my-endpoint", echo_model)
    error = failure(endpoint_exa([("T", "VARCHAR(10)")], [("N", "DOUBLE"), ("P", "DOUBLE")]), [[("abc",)]])
    assert error.code == error_codes.PREDICTION_NOT_PARSABLE and "field 1 of line 1" in error.message


def test_an_endpoint_that_does_not_exist_is_e_sme_70(runtime_server):
    runtime_server.runtime.serve("my-endpoint", None)
    assert failure(endpoint_exa(INPUTS, [("S", "DOUBLE")]), [ROWS]).code == error_codes.ENDPOINT_NOT_FOUND


def test_a_udf_whose_columns_do_not_repeat_its_inputs_is_e_sme_75(runtime_server):
    input_columns = [column("A", "DOUBLE")]
    meta = MockMetaData(script_code_wrapper_function=udf_wrapper, input_type="SET", input_columns=input_columns,
                        output_type="EMITS", output_columns=[column("A", "DOUBLE")], script_name="u",
                        script_schema=UDF_SCHEMA)
    exa = MockExaEnvironment(meta, connections={})
    exa.prediction_udf_arguments = dict(endpoint_name="my-endpoint", connection_name=CONNECTION_NAME,
                                        aws_region=REGION)
    assert failure(exa, [[(1.0,)]]).code == error_codes.INPUT_COLUMNS_MISMATCH


LONG = 1000  # characters per text value: a few thousand rows make several serverless batches


@pytest.mark.parametrize("make_exa", [
    lambda: endpoint_exa([("T", f"VARCHAR({LONG})")], [("ECHO", f"VARCHAR({LONG})"), ("P", "DOUBLE")],
                         max_payload_bytes=names.SERVERLESS_MAX_PAYLOAD_BYTES),
    lambda: prediction_exa([("T", f"VARCHAR({LONG})")], "MulticlassClassification", target=f"VARCHAR({LONG})",
                           endpoint="my-endpoint", max_payload_bytes=names.SERVERLESS_MAX_PAYLOAD_BYTES),
], ids=["bring-your-own", "autopilot"])
def test_serverless_batches_stay_under_the_4_mb_limit_and_every_row_comes_back(runtime_server, make_exa):
    runtime_server.runtime.serve("my-endpoint", echo_model)
    data = [(f"{index:06d}" + "x" * (LONG - 6),) for index in range(9000)]
    (rows,) = run_udf(make_exa(), [data])
    bodies = runtime_server.runtime.bodies("my-endpoint")
    assert len(bodies) >= 3
    assert max(len(body) for body in bodies) <= names.SERVERLESS_MAX_PAYLOAD_BYTES < 4_000_000
    assert sorted(row[0] for row in rows) == [text for (text,) in data]
    assert all(row[0] in row[1:] for row in rows)  # the echoed text came back with its own row
