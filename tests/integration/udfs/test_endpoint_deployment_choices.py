"""SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF's choices: a named candidate instead of the best, serverless
instead of instances, and the extension's tags on everything it creates."""
import copy
import json
from types import SimpleNamespace

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.resource_tags import build_resource_tags
from tests.integration.udfs import udf_wrappers
from tests.integration.udfs.conftest import (CONNECTION_NAME, CONTAINERS, REGION, aws_client, completed_job,
                                             connections, raises_sme, sagemaker_backend)
from tests.integration.udfs.udf_runner import as_row, run_udf

UDF = "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"
SECOND = "job-1-002-rf"
SECOND_CONTAINERS = [{"Image": "763104351884.dkr.ecr.eu-central-1.amazonaws.com/sklearn-automl:2.5",
                      "ModelDataUrl": "s3://sme-test-bucket/ml/job-1/output/second/model.tar.gz",
                      "Environment": {"AUTOML_TRANSFORM_MODE": "feature-transform"}}]
TAGS = build_resource_tags("SME", "sys", "job-1")


def deploy(**overrides):
    values = dict(job_name="job-1", endpoint_name="ep-1", instance_type="ml.m5.large", instance_count=1,
                  aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION)
    values.update(overrides)
    return run_udf(UDF, udf_wrappers.deployment(), [as_row(values, UDF)], connections())


def serverless(**overrides):
    values = dict(instance_type=None, instance_count=None, serverless_memory_size_in_mb=2048,
                  serverless_max_concurrency=5)
    values.update(overrides)
    return deploy(**values)


def candidates_answer(recorder, *candidates):
    """ListCandidatesForAutoMLJob (moto has none) answers with ``candidates`` filtered by name, as AWS does."""
    def hook(params, **_):
        asked = json.loads(params["body"])
        named = [c for c in candidates if c["CandidateName"] == asked.get("CandidateNameEquals")]
        return SimpleNamespace(status_code=200, headers={}), {"Candidates": copy.deepcopy(named)}
    recorder.on("before-call.sagemaker.ListCandidatesForAutoMLJob", hook)


def candidate(name=SECOND, status="Completed", containers=SECOND_CONTAINERS, reason=None):
    entry = {"CandidateName": name, "CandidateStatus": status, "ObjectiveStatus": "Succeeded",
             "InferenceContainers": copy.deepcopy(containers), "CandidateSteps": []}
    if reason:
        entry["FailureReason"] = reason
    return entry


def sagemaker_state():
    backend = sagemaker_backend()
    return sorted(backend._models), sorted(backend.endpoint_configs), sorted(backend.endpoints)


def test_a_named_candidate_is_deployed_instead_of_the_best(recorder):
    completed_job("job-1", "Regression")
    candidates_answer(recorder, candidate())
    assert deploy(candidate_name=SECOND) == [("ep-1", "InService", "Regression", SECOND)]
    assert recorder.requests("ListCandidatesForAutoMLJob") == [
        {"AutoMLJobName": "job-1", "CandidateNameEquals": SECOND}]
    assert recorder.requests("CreateModel")[0]["Containers"] == SECOND_CONTAINERS
    assert aws_client("sagemaker").describe_model(ModelName="ep-1")["Containers"][0]["ModelDataUrl"] == (
        SECOND_CONTAINERS[0]["ModelDataUrl"])


def test_a_named_classification_candidate_also_answers_with_probabilities(recorder):
    completed_job("job-1", "BinaryClassification")
    candidates_answer(recorder, candidate())
    deploy(candidate_name=SECOND)
    (container,) = recorder.requests("CreateModel")[0]["Containers"]
    assert container["Environment"]["SAGEMAKER_INFERENCE_OUTPUT"] == "predicted_label,probability"


def test_without_a_candidate_name_the_best_candidate_is_deployed_without_listing_candidates(recorder):
    completed_job("job-1", "Regression")
    assert deploy()[0][3] == "best_candidate"
    assert recorder.requests("CreateModel")[0]["Containers"] == CONTAINERS
    assert "ListCandidatesForAutoMLJob" not in recorder.operations()


def test_an_unknown_candidate_is_e_sme_121_and_nothing_is_created(recorder):
    completed_job("job-1")
    candidates_answer(recorder, candidate())
    with raises_sme(error_codes.CHOSEN_CANDIDATE_NOT_FOUND) as raised:
        deploy(candidate_name="job-1-009-nope")
    assert "job-1 has no candidate named job-1-009-nope" in str(raised.value)
    assert sagemaker_state() == ([], [], [])


@pytest.mark.parametrize("listed, shown", [
    (candidate(status="Failed", reason="AlgorithmError: out of memory"), "is Failed: AlgorithmError: out of memory"),
    (candidate(status="InProgress"), "is InProgress"),
    (candidate(containers=[]), "has no inference containers"),
])
def test_a_candidate_that_is_not_completed_is_e_sme_122_and_nothing_is_created(recorder, listed, shown):
    completed_job("job-1")
    candidates_answer(recorder, listed)
    with raises_sme(error_codes.CHOSEN_CANDIDATE_NOT_COMPLETED) as raised:
        deploy(candidate_name=SECOND)
    assert f"candidate {SECOND} of Autopilot job job-1 {shown}" in str(raised.value)
    assert sagemaker_state() == ([], [], [])


def test_a_serverless_endpoint_gets_a_serverless_config_and_no_instances(recorder):
    completed_job("job-1", "Regression")
    assert serverless() == [("ep-1", "InService", "Regression", "best_candidate")]
    assert recorder.requests("CreateEndpointConfig") == [{
        "EndpointConfigName": "ep-1",
        "ProductionVariants": [{"VariantName": "AllTraffic", "ModelName": "ep-1",
                                "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 5}}],
        "Tags": TAGS}]
    variant = aws_client("sagemaker").describe_endpoint_config(EndpointConfigName="ep-1")["ProductionVariants"][0]
    assert variant["ServerlessConfig"] == {"MemorySizeInMB": 2048, "MaxConcurrency": 5}


def test_model_config_and_endpoint_carry_the_schema_user_and_job_tags(recorder):
    completed_job("job-1", "Regression")
    serverless()
    sagemaker = aws_client("sagemaker")
    arns = [sagemaker.describe_model(ModelName="ep-1")["ModelArn"],
            sagemaker.describe_endpoint_config(EndpointConfigName="ep-1")["EndpointConfigArn"],
            sagemaker.describe_endpoint(EndpointName="ep-1")["EndpointArn"]]
    assert [sagemaker.list_tags(ResourceArn=arn)["Tags"] for arn in arns] == [TAGS, TAGS, TAGS]


@pytest.mark.parametrize("overrides, code", [
    ({"serverless_memory_size_in_mb": 1500}, error_codes.INVALID_SERVERLESS_CONFIG),
    ({"serverless_memory_size_in_mb": 7168}, error_codes.INVALID_SERVERLESS_CONFIG),
    ({"serverless_max_concurrency": 0}, error_codes.INVALID_SERVERLESS_CONFIG),
    ({"serverless_max_concurrency": 201}, error_codes.INVALID_SERVERLESS_CONFIG),
    ({"serverless_max_concurrency": None}, error_codes.DEPLOYMENT_CHOICE_CONFLICT),
    ({"instance_type": "ml.m5.large"}, error_codes.DEPLOYMENT_CHOICE_CONFLICT),
    ({"candidate_name": "bad_name"}, error_codes.INVALID_CANDIDATE_NAME),
])
def test_serverless_and_candidate_inputs_are_checked_before_calling_aws(recorder, overrides, code):
    with raises_sme(code):
        serverless(**overrides)
    assert recorder.calls == []


def test_neither_instances_nor_serverless_is_e_sme_124(recorder):
    with raises_sme(error_codes.DEPLOYMENT_CHOICE_CONFLICT):
        deploy(instance_type=None, instance_count=None)
    assert recorder.calls == []
