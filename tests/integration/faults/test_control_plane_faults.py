"""The UDFs' SageMaker calls against a control plane that throttles or fails for a while (a faulty proxy in
front of moto's server): botocore's standard mode retries them and the UDF succeeds; what keeps failing
ends as one E-SME error with AWS's code and message."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.aws_session import DEFAULT_MAX_ATTEMPTS
from tests.integration.faults.conftest import completed_job, sagemaker_resources
from tests.integration.faults.faulty_proxy import (CONNECTION_LOST, INTERNAL_500, THROTTLED_400, THROTTLED_429,
                                                   UNAVAILABLE_503)
from tests.integration.udfs import udf_wrappers
from tests.integration.udfs.conftest import CONNECTION_NAME, REGION, connections, raises_sme
from tests.integration.udfs.udf_runner import as_row, run_udf

POLLING = "SME_AUTOPILOT_JOB_STATUS_POLLING_UDF"
DEPLOYMENT = "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"


def poll(job_name: str = "job-1") -> list[tuple]:
    values = dict(job_name=job_name, aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION)
    return run_udf(POLLING, udf_wrappers.polling(), [as_row(values, POLLING)], connections())


def deploy(endpoint: str = "ep-1") -> list[tuple]:
    values = dict(job_name="job-1", endpoint_name=endpoint, instance_type="ml.m5.large", instance_count=1,
                  aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION)
    return run_udf(DEPLOYMENT, udf_wrappers.deployment(), [as_row(values, DEPLOYMENT)], connections())


@pytest.mark.parametrize("faults", [
    [THROTTLED_400, THROTTLED_400],
    [THROTTLED_429, UNAVAILABLE_503, INTERNAL_500],
    [CONNECTION_LOST, UNAVAILABLE_503],
], ids=["throttled", "throttled-then-5xx", "connection-lost-then-5xx"])
def test_polling_through_a_throttling_control_plane_is_retried_and_succeeds(moto_server, sagemaker_proxy,
                                                                            backoff_delays, faults):
    completed_job(moto_server, "job-1")
    sagemaker_proxy.plan.fail("DescribeAutoMLJobV2", *faults)
    assert poll()[0][:2] == ("Completed", "Completed")
    assert sagemaker_proxy.plan.attempts("DescribeAutoMLJobV2") == [fault.status for fault in faults] + [200]
    assert len(backoff_delays) == len(faults)


def test_every_deployment_call_survives_throttling_and_server_errors(moto_server, sagemaker_proxy):
    completed_job(moto_server, "job-1")
    for operation, fault in [("DescribeAutoMLJobV2", THROTTLED_400), ("DescribeModel", UNAVAILABLE_503),
                             ("CreateModel", THROTTLED_400), ("CreateEndpointConfig", UNAVAILABLE_503),
                             ("CreateEndpoint", THROTTLED_429), ("DescribeEndpoint", INTERNAL_500)]:
        sagemaker_proxy.plan.fail(operation, fault, fault)
    assert deploy()[0][:3] == ("ep-1", "InService", "Regression")
    for operation in ("CreateModel", "CreateEndpointConfig", "CreateEndpoint"):
        assert sagemaker_proxy.plan.attempts(operation)[-1] == 200 and len(sagemaker_proxy.plan.attempts(operation)) == 3
    assert sagemaker_resources(moto_server) == (["ep-1"], ["ep-1"], ["ep-1"])


def test_a_control_plane_that_keeps_throttling_ends_in_e_sme_51_with_awss_code(moto_server, sagemaker_proxy):
    completed_job(moto_server, "job-1")
    sagemaker_proxy.plan.fail("DescribeAutoMLJobV2", THROTTLED_400, forever=True)
    with raises_sme(error_codes.AWS_CALL_FAILED) as raised:
        poll()
    assert "sagemaker:DescribeAutoMLJobV2 failed with ThrottlingException: Rate exceeded" in str(raised.value)
    assert len(sagemaker_proxy.plan.attempts("DescribeAutoMLJobV2")) == 1 + DEFAULT_MAX_ATTEMPTS
