import copy

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.resource_tags import build_resource_tags
from tests.integration.udfs import udf_wrappers
from tests.integration.udfs.conftest import (CONNECTION_NAME, CONTAINERS, REGION, ROLE_ARN, aws_client,
                                             completed_job, connections, raises_sme, sagemaker_backend,
                                             set_job_state, start_moto_job)
from tests.integration.udfs.udf_runner import as_row, run_udf

UDF = "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"
BEST = "best_candidate"  # moto's name of every job's best candidate
TAGS = build_resource_tags("SME", "sys", "job-1")  # the UDF's schema, udf-mock's user, the job


def deploy(conns=None, **overrides):
    values = dict(job_name="job-1", endpoint_name="ep-1", instance_type="ml.m5.large", instance_count=1,
                  aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION)
    values.update(overrides)
    return run_udf(UDF, udf_wrappers.deployment(), [as_row(values, UDF)],
                   connections() if conns is None else conns)


def sagemaker_state():
    backend = sagemaker_backend()
    return sorted(backend._models), sorted(backend.endpoint_configs), sorted(backend.endpoints)


def classification_containers():
    containers = copy.deepcopy(CONTAINERS)
    for container in containers:
        container["Environment"]["SAGEMAKER_INFERENCE_OUTPUT"] = "predicted_label,probability"
    return containers


def fail_with(code, message):
    def hook(**_):
        raise ClientError({"Error": {"Code": code, "Message": message}}, "Call")
    return hook


def test_deployment_creates_model_config_and_endpoint_named_like_the_endpoint(recorder):
    completed_job("job-1", "BinaryClassification")
    assert deploy(instance_type="ml.c5.xlarge", instance_count=2) == [
        ("ep-1", "InService", "BinaryClassification", BEST)]
    assert recorder.requests("CreateModel") == [
        {"ModelName": "ep-1", "Containers": classification_containers(), "ExecutionRoleArn": ROLE_ARN,
         "Tags": TAGS}]
    assert recorder.requests("CreateEndpointConfig") == [{
        "EndpointConfigName": "ep-1",
        "ProductionVariants": [{"VariantName": "AllTraffic", "ModelName": "ep-1", "InstanceType": "ml.c5.xlarge",
                                "InitialInstanceCount": 2, "InitialVariantWeight": 1.0}],
        "Tags": TAGS}]
    assert recorder.requests("CreateEndpoint") == [{"EndpointName": "ep-1", "EndpointConfigName": "ep-1",
                                                    "Tags": TAGS}]
    assert sagemaker_state() == (["ep-1"], ["ep-1"], ["ep-1"])


def test_multiclass_containers_answer_with_label_and_probability(recorder):
    completed_job("job-1", "MulticlassClassification")
    deploy()
    assert recorder.requests("CreateModel")[0]["Containers"] == classification_containers()


def test_regression_containers_keep_their_own_environment(recorder):
    completed_job("job-1", "Regression")
    assert deploy() == [("ep-1", "InService", "Regression", BEST)]
    assert recorder.requests("CreateModel")[0]["Containers"] == CONTAINERS


def test_problem_type_falls_back_to_the_jobs_configuration_when_autopilot_resolved_none(recorder):
    start_moto_job("job-1", "MulticlassClassification")
    set_job_state("job-1", "Completed", containers=CONTAINERS)
    assert deploy()[0][2] == "MulticlassClassification"


def test_model_runs_under_the_role_the_job_was_trained_with(recorder):
    completed_job("job-1")
    sagemaker_backend().auto_ml_jobs["job-1"].role_arn = "arn:aws:iam::123456789012:role/Other"
    deploy()
    assert recorder.requests("CreateModel")[0]["ExecutionRoleArn"] == "arn:aws:iam::123456789012:role/Other"


@pytest.mark.parametrize("status, secondary", [("InProgress", "TrainingModels"), ("Stopped", "Stopped")])
def test_deploying_an_unfinished_job_raises_e_sme_54_and_creates_nothing(recorder, status, secondary):
    start_moto_job("job-1")
    set_job_state("job-1", status, secondary, containers=CONTAINERS)
    with raises_sme(error_codes.JOB_NOT_COMPLETED) as raised:
        deploy()
    assert f"job-1 is {status}" in str(raised.value)
    assert recorder.requests("CreateModel") == [] and sagemaker_state() == ([], [], [])


def test_deploying_a_failed_job_raises_e_sme_61_with_aws_reason(recorder):
    start_moto_job("job-1")
    set_job_state("job-1", "Failed", "Failed", "AlgorithmError: too few rows")
    with raises_sme(error_codes.JOB_FAILED) as raised:
        deploy()
    assert "AlgorithmError: too few rows" in str(raised.value)


def test_deploying_an_unknown_job_raises_e_sme_53(recorder):
    with raises_sme(error_codes.JOB_NOT_FOUND):
        deploy()


def test_deploying_a_job_without_inference_containers_raises_e_sme_55(recorder):
    start_moto_job("job-1")
    set_job_state("job-1", "Completed", containers=[])
    with raises_sme(error_codes.NO_BEST_CANDIDATE):
        deploy()
    assert sagemaker_state() == ([], [], [])


@pytest.mark.parametrize("existing, named", [
    ("model", "a model named ep-1"),
    ("endpoint config", "a model and an endpoint config named ep-1"),
    ("endpoint", "a model, an endpoint config and an endpoint named ep-1"),
])
def test_an_existing_resource_of_that_name_raises_e_sme_58_and_stays_untouched(recorder, existing, named):
    completed_job("job-1")
    sagemaker = aws_client("sagemaker")
    sagemaker.create_model(ModelName="ep-1", ExecutionRoleArn=ROLE_ARN, Containers=[{"Image": "old"}])
    before = {"model": (["ep-1"], [], [])}
    if existing != "model":  # moto, like AWS, needs the model before the config, the config before the endpoint
        sagemaker.create_endpoint_config(EndpointConfigName="ep-1", ProductionVariants=[{
            "VariantName": "AllTraffic", "ModelName": "ep-1", "InstanceType": "ml.m5.large",
            "InitialInstanceCount": 1}])
        before["endpoint config"] = (["ep-1"], ["ep-1"], [])
    if existing == "endpoint":
        sagemaker.create_endpoint(EndpointName="ep-1", EndpointConfigName="ep-1")
        before["endpoint"] = (["ep-1"], ["ep-1"], ["ep-1"])
    with raises_sme(error_codes.RESOURCE_ALREADY_EXISTS) as raised:
        deploy()
    assert f"SageMaker already has {named}. Delete them first" in str(raised.value)
    assert "SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('ep-1'" in str(raised.value)
    assert recorder.requests("CreateModel") == [] and "DeleteModel" not in recorder.operations()
    assert sagemaker_state() == before[existing]


def mark_endpoint(status, reason=None):
    """A botocore hook that moves moto's endpoint ep-1 (if it exists yet) to ``status``."""
    def hook(**_):
        endpoint = sagemaker_backend().endpoints.get("ep-1")
        if endpoint is not None:
            endpoint.endpoint_status = status
            endpoint.failure_reason = reason
    return hook


def test_a_failed_endpoint_raises_e_sme_56_with_aws_reason_and_leaves_nothing_behind(recorder):
    completed_job("job-1")
    recorder.on("after-call.sagemaker.CreateEndpoint",
                mark_endpoint("Failed", "The account-level service limit for ml.m5.large is 0 Instances"))
    with raises_sme(error_codes.ENDPOINT_FAILED) as raised:
        deploy()
    assert "ended in status Failed: The account-level service limit for ml.m5.large is 0" in str(raised.value)
    assert recorder.operations()[-3:] == ["DeleteEndpoint", "DeleteEndpointConfig", "DeleteModel"]
    assert sagemaker_state() == ([], [], [])


def test_waiting_too_long_raises_e_sme_57_and_leaves_nothing_behind(recorder):
    completed_job("job-1")
    recorder.install(wait_timeout_s=0.05, poll_interval_s=0.01)
    recorder.on("before-call.sagemaker.DescribeEndpoint", mark_endpoint("Creating"))
    with raises_sme(error_codes.ENDPOINT_WAIT_TIMEOUT) as raised:
        deploy()
    assert "still Creating after 0.05 seconds" in str(raised.value)
    assert recorder.operations().count("DescribeEndpoint") >= 2
    assert sagemaker_state() == ([], [], [])


def test_a_failing_later_step_removes_what_this_call_created(recorder):
    completed_job("job-1")
    recorder.on("before-call.sagemaker.CreateEndpoint",
                fail_with("ResourceLimitExceeded", "The account-level service limit was exceeded"))
    with raises_sme(error_codes.AWS_CALL_FAILED) as raised:
        deploy()
    assert "sagemaker:CreateEndpoint failed with ResourceLimitExceeded" in str(raised.value)
    assert sagemaker_state() == ([], [], [])


def test_a_cleanup_that_fails_tells_the_user_what_is_left_and_how_to_remove_it(recorder):
    completed_job("job-1")
    recorder.on("after-call.sagemaker.CreateEndpoint", mark_endpoint("Failed", "boom"))
    recorder.on("before-call.sagemaker.DeleteModel", fail_with("ThrottlingException", "Rate exceeded"))
    with raises_sme(error_codes.ENDPOINT_FAILED) as raised:
        deploy()
    assert "could not remove the model ep-1" in str(raised.value)
    assert "SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('ep-1'" in str(raised.value)
    assert sagemaker_state() == (["ep-1"], [], [])


@pytest.mark.parametrize("overrides, code", [
    ({"endpoint_name": "ep_1"}, error_codes.INVALID_ENDPOINT_NAME),
    ({"endpoint_name": "e" * 64}, error_codes.INVALID_ENDPOINT_NAME),
    ({"instance_type": "m5.large"}, error_codes.INVALID_INSTANCE),
    ({"instance_count": 0}, error_codes.INVALID_INSTANCE),
    ({"instance_count": None}, error_codes.INVALID_INSTANCE),
    ({"job_name": "-job"}, error_codes.INVALID_JOB_NAME),
    ({"aws_region": "eu_central_1"}, error_codes.INVALID_REGION),
])
def test_deployment_validates_its_inputs_before_calling_aws(recorder, overrides, code):
    with raises_sme(code):
        deploy(**overrides)
    assert recorder.calls == []


def test_deploying_with_credentials_aws_refuses_raises_e_sme_52(recorder):
    sagemaker = aws_client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_client_error("describe_auto_ml_job_v2", "UnrecognizedClientException",
                                 "The security token included in the request is invalid.", 400)
        recorder.override("sagemaker", sagemaker)
        with raises_sme(error_codes.AWS_ACCESS_DENIED):
            deploy()


def test_deploying_without_the_connection_raises_e_sme_50(recorder):
    with raises_sme(error_codes.CONNECTION_NOT_USABLE):
        deploy(conns={})


def test_deployment_through_the_plain_udf_shell_works(aws):
    completed_job("job-1", "Regression")
    assert deploy() == [("ep-1", "InService", "Regression", BEST)]
