"""SME_AWS_RESOURCE_STATE_UDF against moto: a job's or endpoint's state, NOT_FOUND for what AWS lacks."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from tests.integration.udfs import lifecycle_udf_wrappers
from tests.integration.udfs.conftest import (CONNECTION_NAME, REGION, ROLE_ARN, aws_client, connections, raises_sme,
                                             set_job_state, start_moto_job)
from tests.integration.udfs.udf_runner import as_row, run_udf

UDF = "SME_AWS_RESOURCE_STATE_UDF"


def states(*resources):
    rows = [as_row(dict(resource_kind=kind, resource_name=name, aws_credentials_connection_name=CONNECTION_NAME,
                        aws_region=REGION), UDF) for kind, name in resources]
    return run_udf(UDF, lifecycle_udf_wrappers.resource_state(), rows, connections())


def create_endpoint(name: str, instances: int = 1) -> None:
    sagemaker = aws_client("sagemaker")
    sagemaker.create_model(ModelName=name, ExecutionRoleArn=ROLE_ARN, PrimaryContainer={"Image": "image"})
    sagemaker.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": name, "InstanceType": "ml.m5.large",
        "InitialInstanceCount": instances}])
    sagemaker.create_endpoint(EndpointName=name, EndpointConfigName=name)


def test_a_job_reports_its_status_and_failure_reason(recorder):
    start_moto_job("job-1")
    set_job_state("job-1", "Failed", "Failed", "ClientError: one class only")
    assert states(("JOB", "job-1")) == [
        ("JOB", "job-1", REGION, "Failed", "Failed", "ClientError: one class only", None)]


def test_an_endpoint_reports_its_status_and_instance_count(recorder):
    create_endpoint("ep-1", instances=2)
    assert states(("ENDPOINT", "ep-1")) == [("ENDPOINT", "ep-1", REGION, "InService", None, None, 2)]


@pytest.mark.parametrize("kind, name", [("JOB", "gone-job"), ("ENDPOINT", "gone-ep")])
def test_what_aws_does_not_know_is_not_found(recorder, kind, name):
    assert states((kind, name)) == [(kind, name, REGION, "NOT_FOUND", None, None, None)]


def test_an_endpoint_deleted_outside_the_extension_is_not_found(recorder):
    create_endpoint("ep-1")
    aws_client("sagemaker").delete_endpoint(EndpointName="ep-1")
    assert states(("ENDPOINT", "ep-1"))[0][3] == "NOT_FOUND"


def test_many_resources_share_one_client(recorder):
    start_moto_job("job-1")
    create_endpoint("ep-1")
    assert [row[3] for row in states(("JOB", "job-1"), ("ENDPOINT", "ep-1"), ("JOB", "gone"))] == [
        "InProgress", "InService", "NOT_FOUND"]
    assert recorder.clients_built == [("sagemaker", CONNECTION_NAME, REGION)]


def test_an_unknown_resource_kind_is_refused(recorder):
    with raises_sme(error_codes.WRONG_PARAMETER_TYPE):
        states(("MODEL", "m"))
    assert recorder.calls == []
