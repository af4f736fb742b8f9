"""SME_CREATE_SAGEMAKER_PREDICTION_UDF: a prediction UDF for an endpoint the extension did not create, and
SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT refusing to delete such an endpoint."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension import error_codes, names
from tests.lua.lua_scenarios import (DELETE, DELETE_ARGS, ENDPOINT, REGION, prepare_deletion,
                                     prepare_prediction_udf_creation, raises_code)

CREATE_UDF = "SME_CREATE_SAGEMAKER_PREDICTION_UDF"
CREATE = "^CREATE OR REPLACE PYTHON3_SME SET SCRIPT"
DESCRIBE_UDF = "SME_ENDPOINT_DESCRIPTION_UDF"
RECORD = r'^INSERT INTO ::s\."SME_METADATA_PREDICTION_UDFS"'
GENERATED = r'FROM ::s\."SME_METADATA_PREDICTION_UDFS"'
DEPLOYED_ANY = r'^SELECT "ENDPOINT_NAME" FROM ::s\."SME_METADATA_AUTOPILOT_ENDPOINTS"'
PARAMS = {"endpoint_name": ENDPOINT, "schema_name": "ml", "aws_credentials_connection_name": "aws_conn",
          "aws_region": REGION,
          "input_columns": [{"name": "Age", "type": "decimal(3, 0)"}, {"name": "select", "type": "VARCHAR(40) utf8"}],
          "output_columns": [{"name": "LABEL", "type": "VARCHAR(10)"}, {"name": "SCORE", "type": "DOUBLE"}]}


@pytest.fixture
def creation(db):
    prepare_prediction_udf_creation(db)
    return db


def create(db, **changes):
    params = dict(PARAMS)
    params.update(changes)
    return db.run_script(CREATE_UDF, json.dumps({k: v for k, v in params.items() if v is not None}))


def test_the_udf_takes_the_inputs_and_emits_them_then_the_output_columns(creation):
    rows, _ = create(creation)
    (statement,) = creation.statements_matching(CREATE)
    assert statement.sql.startswith(
        'CREATE OR REPLACE PYTHON3_SME SET SCRIPT "ML"."churn-endpoint"("Age" DECIMAL(3,0), "select" VARCHAR(40) UTF8)\n'
        'EMITS ("Age" DECIMAL(3,0), "select" VARCHAR(40) UTF8, "LABEL" VARCHAR(10), "SCORE" DOUBLE) AS\n')
    assert ("udf = EndpointPredictionUDF(exa, endpoint_name='churn-endpoint', connection_name='AWS_CONN', "
            f"aws_region='eu-central-1', max_payload_bytes={names.REALTIME_MAX_PAYLOAD_BYTES})\n") in statement.sql
    assert rows == [('"ML"."churn-endpoint"', ENDPOINT, "InService", names.REALTIME_MAX_PAYLOAD_BYTES)]


def test_a_serverless_endpoint_gets_batches_under_the_serverless_limit_and_a_chosen_udf_name(creation):
    rows, _ = create(creation, serverless=True, udf_name="Score It")
    (statement,) = creation.statements_matching(CREATE)
    assert statement.sql.startswith('CREATE OR REPLACE PYTHON3_SME SET SCRIPT "ML"."Score It"(')
    assert f"max_payload_bytes={names.SERVERLESS_MAX_PAYLOAD_BYTES})" in statement.sql
    assert rows == [('"ML"."Score It"', ENDPOINT, "InService", names.SERVERLESS_MAX_PAYLOAD_BYTES)]


@pytest.mark.parametrize("kind, given, limit", [
    ("SERVERLESS", None, names.SERVERLESS_MAX_PAYLOAD_BYTES),
    ("REAL_TIME", None, names.REALTIME_MAX_PAYLOAD_BYTES),
    ("REAL_TIME", True, names.SERVERLESS_MAX_PAYLOAD_BYTES),
    ("SERVERLESS", False, names.REALTIME_MAX_PAYLOAD_BYTES),
])
def test_without_the_serverless_key_the_endpoints_own_kind_decides_the_batch_limit(creation, kind, given, limit):
    creation.on(DESCRIBE_UDF, [(ENDPOINT, "InService", kind)], ["ENDPOINT_NAME", "ENDPOINT_STATUS", "ENDPOINT_KIND"])
    create(creation, serverless=given)
    (statement,) = creation.statements_matching(CREATE)
    assert f"max_payload_bytes={limit})" in statement.sql


def test_an_endpoint_aws_does_not_know_stops_before_the_udf_is_created(creation):
    creation.on(DESCRIBE_UDF, error="E-SME-70: endpoint churn-endpoint was not found. Check the endpoint name.")
    with raises_code(error_codes.ENDPOINT_NOT_FOUND):
        create(creation)
    assert creation.statements_matching(CREATE) == []


def test_the_udf_is_recorded_with_its_columns_and_no_secret(creation):
    create(creation, serverless=True)
    (record,) = creation.statements_matching(RECORD)
    params = dict(record.params)
    assert json.loads(params.pop("inputs")) == [{"name": "Age", "type": "DECIMAL(3,0)"},
                                                {"name": "select", "type": "VARCHAR(40) UTF8"}]
    assert json.loads(params.pop("outputs")) == PARAMS["output_columns"]
    assert params == {
        "s": "SME", "udf_schema": "ML", "udf_name": ENDPOINT, "endpoint_name": ENDPOINT, "connection": "AWS_CONN",
        "region": REGION, "serverless": True, "max_payload_bytes": names.SERVERLESS_MAX_PAYLOAD_BYTES}


def test_a_failed_create_is_e_sme_37_and_nothing_is_recorded(creation):
    creation.on(CREATE, error="[42500] insufficient privileges")
    with raises_code(error_codes.PREDICTION_UDF_CREATION_FAILED):
        create(creation)
    assert creation.statements_matching(RECORD) == []


@pytest.mark.parametrize("given, written", [
    ("double", "DOUBLE"), ("Decimal(18)", "DECIMAL(18,0)"), ("DECIMAL( 36 , 36 )", "DECIMAL(36,36)"),
    ("varchar(2000000)", "VARCHAR(2000000)"), ("CHAR(1) ascii", "CHAR(1) ASCII"), ("  timestamp ", "TIMESTAMP"),
    ("boolean", "BOOLEAN"), ("date", "DATE"), ("integer", "INTEGER"),
])
def test_types_are_written_in_upper_case(creation, given, written):
    create(creation, output_columns=[{"name": "OUT", "type": given}])
    (statement,) = creation.statements_matching(CREATE)
    assert f'"OUT" {written}) AS\n' in statement.sql


@pytest.mark.parametrize("column_type", [
    "VARCHAR", "VARCHAR(0)", "VARCHAR(2000001)", "CHAR(2001)", "DECIMAL(37,0)", "DECIMAL(5,6)", "GEOMETRY",
    "DOUBLE); DROP TABLE X; --", "VARCHAR(10) LATIN1",
])
def test_a_type_the_udf_cannot_take_is_e_sme_126_before_any_statement(creation, column_type):
    with raises_code(error_codes.INVALID_SQL_TYPE):
        create(creation, input_columns=[{"name": "A", "type": column_type}])
    assert creation.statements == []


@pytest.mark.parametrize("changes", [
    {"input_columns": []},
    {"output_columns": {"name": "A", "type": "DOUBLE"}},
    {"output_columns": [{"name": "A"}]},
    {"output_columns": [{"name": "A", "type": 5}]},
    {"output_columns": [{"name": "A", "type": "DOUBLE", "nullable": True}]},
    {"output_columns": ["A DOUBLE"]},
    {"output_columns": [{"name": "Age", "type": "DOUBLE"}]},
    {"input_columns": [{"name": "X", "type": "DOUBLE"}, {"name": "X", "type": "DOUBLE"}]},
])
def test_a_broken_column_list_is_e_sme_125_before_any_statement(creation, changes):
    with raises_code(error_codes.INVALID_COLUMN_SPEC):
        create(creation, **changes)
    assert creation.statements == []


@pytest.mark.parametrize("changes, code", [
    ({"endpoint_name": "my_ep"}, error_codes.INVALID_ENDPOINT_NAME),
    ({"udf_name": "x\n"}, error_codes.INVALID_IDENTIFIER),
    ({"serverless": "yes"}, error_codes.WRONG_PARAMETER_TYPE),
    ({"endpoint": ENDPOINT}, error_codes.UNKNOWN_PARAMETER),
    ({"aws_region": None}, error_codes.MISSING_PARAMETER),
    ({"input_columns": [{"name": "", "type": "DOUBLE"}]}, error_codes.INVALID_IDENTIFIER),
])
def test_parameters_are_checked_before_any_statement(creation, changes, code):
    with raises_code(code):
        create(creation, **changes)
    assert creation.statements == []


def test_deleting_an_endpoint_known_only_from_a_generated_udf_is_refused_and_aws_is_not_called(db):
    prepare_deletion(db)
    db.on(GENERATED, [("ML", ENDPOINT)], ["UDF_SCHEMA_NAME", "UDF_NAME"])
    db.on(DEPLOYED_ANY, [], ["ENDPOINT_NAME"])
    with raises_code(error_codes.FOREIGN_ENDPOINT_NOT_DELETED) as caught:
        db.run_script(DELETE, *DELETE_ARGS)
    assert f'endpoint {ENDPOINT} was not created by the extension (prediction UDF "ML"."{ENDPOINT}"' \
        in caught.value.message
    assert db.statements_matching("SME_AUTOPILOT_ENDPOINT_DELETION_UDF") == []
    assert db.statements_matching("DROP SCRIPT") == []


def test_an_endpoint_the_extension_deployed_is_deleted_even_with_a_generated_udf(db):
    prepare_deletion(db)
    db.on(GENERATED, [("REPORTS", "score")], ["UDF_SCHEMA_NAME", "UDF_NAME"])
    db.on(DEPLOYED_ANY, [(ENDPOINT,)], ["ENDPOINT_NAME"])
    rows, _ = db.run_script(DELETE, *DELETE_ARGS)
    assert ("ENDPOINT", ENDPOINT, "DELETED") in rows
