"""SME_SWEEP_SAGEMAKER_ENDPOINTS: the deployed endpoint names of the region go to the UDF as known ones."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.fake_exasol import SQL_NULL
from tests.lua.lifecycle_scenarios import DEPLOYED_NAMES, SWEEP, SWEEP_UDF, prepare_sweep
from tests.lua.lua_scenarios import UDF_OWN_MESSAGE, UDF_TRACEBACK_FAILURE, raises_code

ARGS = ("aws_conn", "eu-central-1", False)
STRAY = ("ENDPOINT", "lost-ep", "InService", "2026-05-01 10:00:00", "ALICE", "churn-1", "LISTED")


def test_sweep_returns_the_udfs_rows(db):
    prepare_sweep(db, rows=[STRAY])
    rows, columns = db.run_script(SWEEP, *ARGS)
    assert rows == [STRAY]
    assert columns.endswith("ACTION VARCHAR(32)")
    assert db.outputs == []


@pytest.mark.parametrize("deployed, sent", [((), "[]"), (("a-ep", "b-ep"), '["a-ep","b-ep"]')])
def test_deployed_endpoints_of_the_region_are_passed_as_known(db, deployed, sent):
    prepare_sweep(db, deployed=deployed)
    db.run_script(SWEEP, *ARGS)
    (call,) = db.statements_matching(SWEEP_UDF)
    assert json.loads(call.params["known"]) == json.loads(sent)
    (known,) = db.statements_matching(DEPLOYED_NAMES)
    assert known.params == {"s": "SME", "deployed": "DEPLOYED", "r": "eu-central-1"}


@pytest.mark.parametrize("given, sent", [(True, True), (False, False), (SQL_NULL, False)])
def test_delete_found_reaches_the_udf_as_a_boolean(db, given, sent):
    prepare_sweep(db)
    db.run_script(SWEEP, "aws_conn", "eu-central-1", given)
    assert db.statements_matching(SWEEP_UDF)[0].params["delete_found"] is sent


def test_a_clean_region_says_so(db):
    prepare_sweep(db)
    assert db.run_script(SWEEP, *ARGS)[0] == []
    assert db.outputs == ["No endpoint of schema SME in eu-central-1 is missing from the metadata."]


def test_null_tags_stay_null(db):
    prepare_sweep(db, rows=[("ENDPOINT", "lost-ep", "Failed", SQL_NULL, SQL_NULL, SQL_NULL, "LISTED")])
    assert db.run_script(SWEEP, *ARGS)[0] == [("ENDPOINT", "lost-ep", "Failed", None, None, None, "LISTED")]


def test_a_udf_failure_reaches_the_user_unchanged(db):
    prepare_sweep(db)
    db.on(SWEEP_UDF, error=UDF_TRACEBACK_FAILURE)
    with raises_code(51) as caught:
        db.run_script(SWEEP, *ARGS)
    assert caught.value.message == UDF_OWN_MESSAGE


@pytest.mark.parametrize("args, code", [
    (("aws_conn", "Frankfurt", False), error_codes.INVALID_REGION),
    (("aws_conn", "eu-central-1", "yes"), error_codes.WRONG_PARAMETER_TYPE),
    ((None, "eu-central-1", False), error_codes.MISSING_PARAMETER),
])
def test_arguments_are_checked_before_any_statement(db, args, code):
    prepare_sweep(db)
    with raises_code(code):
        db.run_script(SWEEP, *args)
    assert db.statements == []
