"""A deployment interrupted between its SageMaker calls (connection lost, UDF killed) can be run again:
what it created is rolled back where the connection allows, and leftovers that could not be removed are
recognised as this deployment's own and reused. Resources of that name that are not leftovers stay refused."""
from __future__ import annotations

from typing import Any

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.udfs.aws_connection import build_client_factory
from tests.integration.faults.conftest import completed_job, moto_client, sagemaker_resources
from tests.integration.faults.faulty_proxy import CONNECTION_LOST, DROPPED
from tests.integration.udfs import udf_wrappers
from tests.integration.udfs.conftest import CONNECTION_NAME, REGION, connections, raises_sme
from tests.integration.udfs.udf_runner import as_row, run_udf

DEPLOYMENT = "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"
NOTHING = ([], [], [])
EVERYTHING = (["ep-1"], ["ep-1"], ["ep-1"])
LEFTOVERS = (["ep-1"], ["ep-1"], [])


class UdfKilled(BaseException):
    """What the UDF sees when its VM dies: nothing after it runs, no clean-up included."""


def deploy(instance_type: str = "ml.m5.large") -> list[tuple]:
    values = dict(job_name="job-1", endpoint_name="ep-1", instance_type=instance_type, instance_count=1,
                  aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION)
    return run_udf(DEPLOYMENT, udf_wrappers.deployment(), [as_row(values, DEPLOYMENT)], connections())


def answered(plan: Any, operation: str) -> bool:
    return any(request.operation == operation and request.status == 200 for request in plan.requests)


def lose_connection_for_good_after(plan: Any, operation: str) -> None:
    """Every request after ``operation`` was answered gets no answer."""
    plan.fail_when(lambda request: answered(plan, operation), CONNECTION_LOST, forever=True)


def test_a_connection_lost_at_create_endpoint_rolls_back_and_the_next_run_succeeds(moto_server, sagemaker_proxy):
    completed_job(moto_server, "job-1")
    sagemaker_proxy.plan.fail("CreateEndpoint", CONNECTION_LOST, forever=True)
    with raises_sme(error_codes.AWS_CALL_FAILED) as raised:
        deploy()
    assert "AWS call sagemaker:CreateEndpoint failed" in str(raised.value)
    assert set(sagemaker_proxy.plan.attempts("CreateEndpoint")) == {DROPPED}
    assert sagemaker_resources(moto_server) == NOTHING

    sagemaker_proxy.plan.heal()
    assert deploy()[0][:3] == ("ep-1", "InService", "Regression")
    assert sagemaker_resources(moto_server) == EVERYTHING


def test_leftovers_of_a_connection_lost_for_good_are_reused_by_the_next_run(moto_server, sagemaker_proxy):
    completed_job(moto_server, "job-1")
    lose_connection_for_good_after(sagemaker_proxy.plan, "CreateEndpointConfig")
    with raises_sme(error_codes.AWS_CALL_FAILED) as raised:
        deploy()
    assert "could not remove the endpoint config ep-1, model ep-1 it had created" in str(raised.value)
    assert sagemaker_resources(moto_server) == LEFTOVERS

    sagemaker_proxy.plan.heal()
    del sagemaker_proxy.plan.requests[:]
    assert deploy()[0][:3] == ("ep-1", "InService", "Regression")
    assert "CreateModel" not in sagemaker_proxy.plan.operations()
    assert "CreateEndpointConfig" not in sagemaker_proxy.plan.operations()
    assert sagemaker_resources(moto_server) == EVERYTHING


@pytest.mark.parametrize("killed_after", ["CreateModel", "CreateEndpointConfig"])
def test_leftovers_of_a_killed_deployment_are_reused_by_the_next_run(moto_server, sagemaker_proxy, killed_after):
    completed_job(moto_server, "job-1")

    def die(**_: Any) -> None:
        raise UdfKilled()

    def options(exa: Any) -> dict:
        factory = build_client_factory(exa)

        def dying_factory(service: str, connection_name: str, region: str) -> Any:
            client = factory(service, connection_name, region)
            client.meta.events.register(f"after-call.sagemaker.{killed_after}", die)
            return client

        return {"client_factory": dying_factory}

    udf_wrappers.use_options(options)
    with pytest.raises(UdfKilled):
        deploy()
    udf_wrappers.use_options(None)
    assert sagemaker_resources(moto_server) == (
        (["ep-1"], [], []) if killed_after == "CreateModel" else LEFTOVERS)

    assert deploy()[0][:3] == ("ep-1", "InService", "Regression")
    assert sagemaker_proxy.plan.operations().count("CreateModel") == 1
    assert sagemaker_resources(moto_server) == EVERYTHING


def test_leftovers_that_differ_from_the_new_request_are_refused_and_kept(moto_server, sagemaker_proxy):
    completed_job(moto_server, "job-1")
    lose_connection_for_good_after(sagemaker_proxy.plan, "CreateEndpointConfig")
    with raises_sme(error_codes.AWS_CALL_FAILED):
        deploy(instance_type="ml.m5.large")
    sagemaker_proxy.plan.heal()
    with raises_sme(error_codes.RESOURCE_ALREADY_EXISTS) as raised:
        deploy(instance_type="ml.c5.xlarge")
    assert "SageMaker already has a model and an endpoint config named ep-1" in str(raised.value)
    assert sagemaker_resources(moto_server) == LEFTOVERS


def test_a_model_of_that_name_from_elsewhere_is_never_reused(moto_server, sagemaker_proxy):
    completed_job(moto_server, "job-1")
    moto_client(moto_server).create_model(ModelName="ep-1", ExecutionRoleArn="arn:aws:iam::123456789012:role/Other",
                                          Containers=[{"Image": "someone-elses-image"}])
    with raises_sme(error_codes.RESOURCE_ALREADY_EXISTS):
        deploy()
    assert "CreateEndpoint" not in sagemaker_proxy.plan.operations()
    assert sagemaker_resources(moto_server) == (["ep-1"], [], [])
