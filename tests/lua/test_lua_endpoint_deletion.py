"""SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT: AWS resources, then every recorded prediction UDF."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.lua_scenarios import (DELETE, DELETE_ARGS, ENDPOINT, UDF_OWN_MESSAGE, UDF_TRACEBACK_FAILURE,
                                     prepare_deletion, raises_code)

DELETE_UDF = "SME_AUTOPILOT_ENDPOINT_DELETION_UDF"
DROP = "^DROP SCRIPT IF EXISTS"
MARK = r'^UPDATE ::s\."SME_METADATA_AUTOPILOT_ENDPOINTS"'
COLUMNS = "RESOURCE_TYPE VARCHAR(32), RESOURCE_NAME VARCHAR(300), ACTION VARCHAR(32)"


def test_deletion_reports_aws_resources_and_the_dropped_prediction_udf(db):
    prepare_deletion(db)
    assert db.run_script(DELETE, *DELETE_ARGS) == ([
        ("ENDPOINT", ENDPOINT, "DELETED"), ("ENDPOINT_CONFIG", ENDPOINT, "DELETED"), ("MODEL", ENDPOINT, "DELETED"),
        ("PREDICTION_UDF", '"ML"."churn-endpoint"', "DROPPED")], COLUMNS)


def test_deletion_calls_the_udf_then_drops_then_marks_the_rows_deleted(db):
    prepare_deletion(db)
    db.run_script(DELETE, *DELETE_ARGS)
    before_state = [statement for statement in db.statements if "SME_METADATA_AWS_RESOURCE_STATE" not in statement.sql]
    assert [statement.final_sql for statement in before_state[-4:]] == [
        "SELECT \"SME\".\"SME_AUTOPILOT_ENDPOINT_DELETION_UDF\"('churn-endpoint', 'AWS_CONN', 'eu-central-1')",
        'SELECT "UDF_SCHEMA_NAME", "JOB_NAME" FROM "SME"."SME_METADATA_AUTOPILOT_ENDPOINTS" WHERE'
        " \"ENDPOINT_NAME\" = 'churn-endpoint' AND \"STATUS\" = 'DEPLOYED'",
        'DROP SCRIPT IF EXISTS "ML"."churn-endpoint"',
        'UPDATE "SME"."SME_METADATA_AUTOPILOT_ENDPOINTS" SET "STATUS" = \'DELETED\' WHERE'
        " \"ENDPOINT_NAME\" = 'churn-endpoint' AND \"STATUS\" = 'DEPLOYED'",
    ]


def test_every_schema_with_a_deployment_loses_its_prediction_udf_once(db):
    prepare_deletion(db, deployed_in=("ML", "Reporting", "ML"))
    rows, _ = db.run_script(DELETE, *DELETE_ARGS)
    assert [row for row in rows if row[0] == "PREDICTION_UDF"] == [
        ("PREDICTION_UDF", '"ML"."churn-endpoint"', "DROPPED"),
        ("PREDICTION_UDF", '"Reporting"."churn-endpoint"', "DROPPED")]
    assert len(db.statements_matching(DROP)) == 2


def test_without_recorded_deployments_nothing_is_dropped_or_marked(db):
    prepare_deletion(db, deployed_in=())
    rows, _ = db.run_script(DELETE, *DELETE_ARGS)
    assert len(rows) == 3
    assert db.statements_matching(DROP) == [] and db.statements_matching(MARK) == []


def test_a_udf_failure_reaches_the_user_unchanged_and_nothing_is_dropped(db):
    prepare_deletion(db)
    db.on(DELETE_UDF, error=UDF_TRACEBACK_FAILURE)
    with raises_code(51) as caught:
        db.run_script(DELETE, *DELETE_ARGS)
    assert caught.value.message == UDF_OWN_MESSAGE
    assert db.statements_matching(DROP) == [] and db.statements_matching(MARK) == []


def test_a_prediction_udf_whose_schema_is_gone_counts_as_not_found(db):
    prepare_deletion(db, deployed_in=("GONE",))
    db.on(DROP, error="[42000] schema GONE not found")
    db.on("EXA_SCHEMAS", [], ["SCHEMA_NAME"])
    rows, _ = db.run_script(DELETE, *DELETE_ARGS)
    assert rows[-1] == ("PREDICTION_UDF", '"GONE"."churn-endpoint"', "NOT_FOUND")
    assert len(db.statements_matching(MARK)) == 1


def test_a_failing_drop_is_e_sme_37_and_the_rows_stay_deployed(db):
    prepare_deletion(db)
    db.on(DROP, error="[42500] insufficient privileges for dropping script")
    with raises_code(error_codes.PREDICTION_UDF_CREATION_FAILED) as caught:
        db.run_script(DELETE, *DELETE_ARGS)
    assert 'DROP SCRIPT "ML"."churn-endpoint"' in caught.value.message
    assert db.statements_matching(MARK) == []


def test_a_failing_mark_is_e_sme_36(db):
    prepare_deletion(db)
    db.on(MARK, error="[42500] insufficient privileges")
    with raises_code(error_codes.METADATA_WRITE_FAILED) as caught:
        db.run_script(DELETE, *DELETE_ARGS)
    assert "was deleted in AWS" in caught.value.message


@pytest.mark.parametrize("args, code", [
    (("bad_endpoint", "aws_conn", "eu-central-1"), error_codes.INVALID_ENDPOINT_NAME),
    ((ENDPOINT, "aws_conn", "eu-central"), error_codes.INVALID_REGION),
    ((ENDPOINT, None, "eu-central-1"), error_codes.MISSING_PARAMETER),
])
def test_arguments_are_checked_before_any_statement(db, args, code):
    prepare_deletion(db)
    with raises_code(code):
        db.run_script(DELETE, *args)
    assert db.statements == []


def test_a_missing_connection_is_e_sme_50_before_aws_is_called(db):
    prepare_deletion(db)
    with raises_code(error_codes.CONNECTION_NOT_USABLE):
        db.run_script(DELETE, ENDPOINT, "nope", "eu-central-1")
    assert db.statements_matching(DELETE_UDF) == []
