"""Stop, state, data clean-up and sweep through pyexasol against the stand-in, as a user runs them.

Jobs that must stay running are trained while the local Autopilot holds each status for a minute
(``SME_LOCAL_AUTOPILOT_PHASE_SECONDS``, read when the worker takes a job).
"""
from __future__ import annotations

import time
from typing import Any, Iterator

import pytest

from exasol_sagemaker_extension.local.autopilot.service import local_state
from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from exasol_sagemaker_extension.names import quote_literal
from exasol_sagemaker_extension.resource_tags import build_resource_tags
from tests.e2e.helpers import (CONNECTION, OUTPUT_PATH, REGION, ROLE_ARN, SME_SCHEMA, Extension, autopilot_completes,
                               autopilot_job, aws_client, object_keys, qualified)

SLOW_PHASE_SECONDS = "60"


@pytest.fixture
def slow_autopilot() -> Iterator[None]:
    """The local Autopilot holds each status for a minute for jobs it takes from now on."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SME_LOCAL_AUTOPILOT_PHASE_SECONDS", SLOW_PHASE_SECONDS)
        yield


def wait_until(condition: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.05)


def resources(extension: Extension, name: str) -> list[tuple]:
    """``(KIND, STATUS, INSTANCE_TYPE, CREATED_BY, LAST_ACTION)`` of one resource in SME_AWS_RESOURCES."""
    return extension.rows(
        'SELECT "RESOURCE_KIND", "STATUS", "INSTANCE_TYPE", UPPER("CREATED_BY"), "LAST_ACTION" FROM '
        f'{qualified(SME_SCHEMA, "SME_AWS_RESOURCES")} WHERE "RESOURCE_NAME" = {quote_literal(name)}')


def stop(extension: Extension, job_name: str) -> list[tuple]:
    return extension.rows(extension.script("SME_STOP_SAGEMAKER_AUTOPILOT_JOB", job_name, CONNECTION, REGION))


def delete_job_data(extension: Extension, job_name: str, with_models: bool = False) -> str:
    return (f"EXECUTE SCRIPT {qualified(SME_SCHEMA, 'SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA')}("
            f"{quote_literal(job_name)}, {quote_literal(CONNECTION)}, {quote_literal(REGION)}, "
            f"{'TRUE' if with_models else 'FALSE'})")


def sweep(extension: Extension, delete_found: bool) -> list[tuple]:
    return extension.rows(
        f"EXECUTE SCRIPT {qualified(SME_SCHEMA, 'SME_SWEEP_SAGEMAKER_ENDPOINTS')}({quote_literal(CONNECTION)}, "
        f"{quote_literal(REGION)}, {'TRUE' if delete_found else 'FALSE'})")


def refresh(extension: Extension) -> list[tuple]:
    return extension.rows(extension.script("SME_REFRESH_SAGEMAKER_STATE", CONNECTION, REGION))


# -- stop ----------------------------------------------------------------------------------------------

def test_a_running_job_is_stopped_and_the_state_view_shows_it_stopped(
        extension: Extension, slow_autopilot: None) -> None:
    job_name = "stop-me-1"
    extension.train(job_name)
    wait_until(lambda: local_state(autopilot_job(job_name)).claimed)
    assert "E-SME-140" in extension.error(delete_job_data(extension, job_name))

    (row,) = stop(extension, job_name)
    assert row[0] == job_name and row[1] in ("Stopping", "Stopped") and row[3] == "STOP_REQUESTED"
    wait_until(lambda: autopilot_job(job_name).auto_ml_job_status == "Stopped")
    assert extension.poll(job_name) == [("Stopped", "Stopped")]
    assert resources(extension, job_name) == [("JOB", "Stopped", None, "SYS", "STOP_REQUESTED")]
    assert stop(extension, job_name) == [(job_name, "Stopped", "Stopped", "ALREADY_ENDED")]


def test_stopping_a_job_this_schema_did_not_train_is_e_sme_33(extension: Extension) -> None:
    assert "E-SME-33" in extension.error(
        extension.script("SME_STOP_SAGEMAKER_AUTOPILOT_JOB", "never-trained", CONNECTION, REGION))


# -- job data ------------------------------------------------------------------------------------------

def test_deleting_job_data_removes_the_export_and_leaves_other_jobs_data(
        extension: Extension, aws: AwsStandin) -> None:
    extension.train("data-1")
    extension.train("data-10")
    autopilot_completes("data-1")
    kept = object_keys(aws, f"{OUTPUT_PATH}/data-10/")
    rows = extension.rows(delete_job_data(extension, "data-1"))
    assert rows == [("data-1", "TRAINING_DATA", f"s3://sme-e2e-bucket/{OUTPUT_PATH}/data-1/training-data/", 2)]
    assert object_keys(aws, f"{OUTPUT_PATH}/data-1/") == []
    assert object_keys(aws, f"{OUTPUT_PATH}/data-10/") == kept and len(kept) == 2
    assert resources(extension, "data-1")[0][4] == "DATA_DELETED"


def test_model_artefacts_of_a_deployed_endpoint_are_kept_with_e_sme_142(
        extension: Extension, completed_job: str) -> None:
    extension.deploy(completed_job, "artefacts-ep")
    assert "E-SME-142" in extension.error(delete_job_data(extension, completed_job, with_models=True))


# -- state ---------------------------------------------------------------------------------------------

def test_refresh_shows_an_endpoint_deleted_outside_the_extension_as_not_found(
        extension: Extension, completed_job: str, aws: AwsStandin) -> None:
    extension.deploy(completed_job, "outside-ep")
    assert resources(extension, "outside-ep") == [("ENDPOINT", "InService", "ml.m5.large", "SYS", "DEPLOYED")]
    aws_client(aws, "sagemaker").delete_endpoint(EndpointName="outside-ep")
    refreshed = {(kind, name): status for kind, name, _, status, *_ in refresh(extension)}
    assert refreshed[("ENDPOINT", "outside-ep")] == "NOT_FOUND"
    assert refreshed[("JOB", completed_job)] == "Completed"
    assert resources(extension, "outside-ep")[0][:3] == ("ENDPOINT", "NOT_FOUND", "ml.m5.large")


# -- sweep ---------------------------------------------------------------------------------------------

def create_tagged_endpoint(aws: AwsStandin, name: str, schema: str = SME_SCHEMA) -> None:
    """An endpoint with the extension's tags that no metadata row knows (a half-done deployment)."""
    sagemaker = aws_client(aws, "sagemaker")
    tags = build_resource_tags(schema, "SYS", "ghost-job")
    sagemaker.create_model(ModelName=name, ExecutionRoleArn=ROLE_ARN, Tags=tags, PrimaryContainer={
        "Image": "763104351884.dkr.ecr.eu-west-1.amazonaws.com/xgboost:1.7",
        "ModelDataUrl": f"s3://sme-e2e-bucket/{OUTPUT_PATH}/ghost/model.tar.gz"})
    sagemaker.create_endpoint_config(EndpointConfigName=name, Tags=tags, ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": name, "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])
    sagemaker.create_endpoint(EndpointName=name, EndpointConfigName=name, Tags=tags)


def test_sweep_lists_a_tagged_endpoint_unknown_to_metadata_and_deletes_it_on_request(
        extension: Extension, completed_job: str, aws: AwsStandin) -> None:
    extension.deploy(completed_job, "known-ep")
    create_tagged_endpoint(aws, "ghost-ep")
    create_tagged_endpoint(aws, "other-schema-ep", schema="OTHER")
    listed = sweep(extension, delete_found=False)
    assert [(row[0], row[1], row[4], row[5], row[6]) for row in listed] == [
        ("ENDPOINT", "ghost-ep", "SYS", "ghost-job", "LISTED")]
    endpoints = [e["EndpointName"] for e in aws_client(aws, "sagemaker").list_endpoints()["Endpoints"]]
    assert "ghost-ep" in endpoints

    deleted = sweep(extension, delete_found=True)
    assert [(row[0], row[1], row[6]) for row in deleted] == [
        ("ENDPOINT", "ghost-ep", "DELETED"), ("ENDPOINT_CONFIG", "ghost-ep", "DELETED"),
        ("MODEL", "ghost-ep", "DELETED")]
    endpoints = [e["EndpointName"] for e in aws_client(aws, "sagemaker").list_endpoints()["Endpoints"]]
    assert "ghost-ep" not in endpoints and "known-ep" in endpoints and "other-schema-ep" in endpoints
