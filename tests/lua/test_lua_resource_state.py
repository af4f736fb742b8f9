"""State recorded by polling, deployment and deletion: best effort, never failing the script's own work."""
from __future__ import annotations

from tests.lua.fake_exasol import SQL_NULL
from tests.lua.lua_scenarios import (DELETE, DELETE_ARGS, DEPLOY, DEPLOY_ARGS, ENDPOINT, JOB, POLL, POLL_ARGS,
                                     STATE_INSERT, STATE_UPDATE, prepare_deletion, prepare_deployment,
                                     prepare_polling)


def recorded(db, key_names=("kind", "name", "status")):
    (update,) = db.statements_matching(STATE_UPDATE)
    return {key: update.params.get(key) for key in key_names}


def test_polling_records_the_jobs_status_and_failure_reason(db):
    prepare_polling(db, ("Failed", "Failed", "ClientError: one class only"))
    db.run_script(POLL, *POLL_ARGS)
    assert recorded(db, ("kind", "name", "status", "secondary_status", "failure_reason", "region")) == {
        "kind": "JOB", "name": JOB, "status": "Failed", "secondary_status": "Failed",
        "failure_reason": "ClientError: one class only", "region": "eu-central-1"}


def test_polling_a_job_without_state_inserts_only_if_this_schema_recorded_it(db):
    prepare_polling(db)
    db.run_script(POLL, *POLL_ARGS)
    (insert,) = db.statements_matching(STATE_INSERT)
    assert 'FROM "SME"."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = \'churn-1\'' in insert.final_sql


def test_polling_still_answers_when_the_state_table_is_missing(db):
    prepare_polling(db, ("InProgress", "ModelTuning", SQL_NULL))
    db.on(STATE_UPDATE, error="[42000] object SME.SME_METADATA_AWS_RESOURCE_STATE not found")
    assert db.run_script(POLL, *POLL_ARGS)[0] == [("InProgress", "ModelTuning")]
    assert db.outputs[0].startswith("Warning: the state of job churn-1 was not recorded in "
                                    "SME_METADATA_AWS_RESOURCE_STATE: [42000] object")
    assert db.outputs[0].endswith("Run SME_REFRESH_SAGEMAKER_STATE later.")


def test_deployment_records_the_endpoint_with_its_instances(db):
    prepare_deployment(db)
    db.run_script(DEPLOY, *DEPLOY_ARGS)
    assert recorded(db, ("kind", "name", "status", "instance_type", "instance_count", "action")) == {
        "kind": "ENDPOINT", "name": ENDPOINT, "status": "InService", "instance_type": "ml.m5.large",
        "instance_count": 1, "action": "DEPLOYED"}


def test_deletion_records_the_endpoint_deleted(db):
    prepare_deletion(db)
    db.run_script(DELETE, *DELETE_ARGS)
    assert recorded(db, ("kind", "name", "status", "action")) == {
        "kind": "ENDPOINT", "name": ENDPOINT, "status": "DELETED", "action": "DELETED"}
