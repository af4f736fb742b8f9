"""SME_REFRESH_SAGEMAKER_STATE: one UDF call over every recorded job and deployed endpoint, all recorded."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.fake_exasol import SQL_NULL
from tests.lua.lifecycle_scenarios import REFRESH, STATE_UDF, prepare_refresh
from tests.lua.lua_scenarios import STATE_UPDATE, UDF_OWN_MESSAGE, UDF_TRACEBACK_FAILURE, raises_code

ARGS = ("aws_conn", "eu-central-1")
JOB_ROW = ("JOB", "churn-1", "eu-west-1", "InProgress", "ModelTuning", SQL_NULL, SQL_NULL)
ENDPOINT_ROW = ("ENDPOINT", "churn-ep", "eu-central-1", "InService", SQL_NULL, SQL_NULL, 2)
GONE_ROW = ("ENDPOINT", "churn-old", "eu-central-1", "NOT_FOUND", SQL_NULL, SQL_NULL, SQL_NULL)


def test_refresh_returns_jobs_then_endpoints_by_name(db):
    prepare_refresh(db, [GONE_ROW, ENDPOINT_ROW, JOB_ROW])
    rows, columns = db.run_script(REFRESH, *ARGS)
    assert rows == [("JOB", "churn-1", "eu-west-1", "InProgress", "ModelTuning", SQL_NULL),
                    ("ENDPOINT", "churn-ep", "eu-central-1", "InService", SQL_NULL, SQL_NULL),
                    ("ENDPOINT", "churn-old", "eu-central-1", "NOT_FOUND", SQL_NULL, SQL_NULL)]
    assert columns.startswith("RESOURCE_KIND VARCHAR(16), RESOURCE_NAME VARCHAR(63)")


def test_refresh_describes_jobs_in_their_recorded_region_and_only_deployed_endpoints(db):
    prepare_refresh(db)
    db.run_script(REFRESH, *ARGS)
    (call,) = db.statements_matching(STATE_UDF)
    assert call.final_sql == (
        'SELECT "SME"."SME_AWS_RESOURCE_STATE_UDF"("RESOURCE_KIND", "RESOURCE_NAME", \'AWS_CONN\', "AWS_REGION")'
        ' FROM (SELECT \'JOB\' AS "RESOURCE_KIND", "JOB_NAME" AS "RESOURCE_NAME", COALESCE("AWS_REGION",'
        ' \'eu-central-1\') AS "AWS_REGION" FROM "SME"."SME_METADATA_AUTOPILOT_JOBS"'
        ' WHERE "AWS_CREDENTIALS_CONNECTION_NAME" = \'AWS_CONN\' UNION SELECT \'ENDPOINT\', "ENDPOINT_NAME",'
        ' COALESCE("AWS_REGION", \'eu-central-1\') FROM "SME"."SME_METADATA_AUTOPILOT_ENDPOINTS"'
        ' WHERE "STATUS" = \'DEPLOYED\' AND "AWS_CREDENTIALS_CONNECTION_NAME" = \'AWS_CONN\') "RESOURCES"')


def test_every_resource_gets_its_state_recorded(db):
    prepare_refresh(db, [JOB_ROW, ENDPOINT_ROW])
    db.run_script(REFRESH, *ARGS)
    recorded = [(u.params["kind"], u.params["name"], u.params["status"], u.params.get("instance_count"))
                for u in db.statements_matching(STATE_UPDATE)]
    assert recorded == [("JOB", "churn-1", "InProgress", None), ("ENDPOINT", "churn-ep", "InService", 2)]


def test_an_endpoint_gone_from_aws_is_recorded_not_found_and_the_user_told_how_to_clean_up(db):
    prepare_refresh(db, [GONE_ROW])
    db.run_script(REFRESH, *ARGS)
    assert db.statements_matching(STATE_UPDATE)[0].params["status"] == "NOT_FOUND"
    assert db.outputs == ["Endpoint churn-old no longer exists in AWS; EXECUTE SCRIPT "
                          "SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('churn-old', ...) drops its prediction UDF and "
                          "marks it DELETED."]


def test_nothing_recorded_means_an_empty_result(db):
    prepare_refresh(db, [])
    assert db.run_script(REFRESH, *ARGS)[0] == []
    assert db.statements_matching(STATE_UPDATE) == []


def test_a_udf_failure_reaches_the_user_unchanged(db):
    prepare_refresh(db)
    db.on(STATE_UDF, error=UDF_TRACEBACK_FAILURE)
    with raises_code(51) as caught:
        db.run_script(REFRESH, *ARGS)
    assert caught.value.message == UDF_OWN_MESSAGE


@pytest.mark.parametrize("args, code", [
    (("aws_conn", "Frankfurt"), error_codes.INVALID_REGION),
    ((None, "eu-central-1"), error_codes.MISSING_PARAMETER),
    (("nope", "eu-central-1"), error_codes.CONNECTION_NOT_USABLE),
])
def test_bad_arguments_stop_the_refresh_before_aws_is_called(db, args, code):
    prepare_refresh(db)
    with raises_code(code):
        db.run_script(REFRESH, *args)
    assert db.statements_matching(STATE_UDF) == []
