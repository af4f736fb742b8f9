import pytest

from exasol_sagemaker_extension.endpoint_requests import (
    build_create_endpoint_config_request, build_create_endpoint_request, build_create_model_request,
    build_model_containers)

ROLE_ARN = "arn:aws:iam::123456789012:role/SageMakerRole"
CANDIDATE = [
    {"Image": "img-1", "ModelDataUrl": "s3://b/1.tar.gz", "Environment": {"AUTOML_TRANSFORM_MODE": "feature-transform"}},
    {"Image": "img-2", "ModelDataUrl": "s3://b/2.tar.gz"},
]


@pytest.mark.parametrize("problem_type", ["BinaryClassification", "MulticlassClassification"])
def test_classification_containers_answer_with_label_and_probability(problem_type):
    containers = build_model_containers(CANDIDATE, problem_type)
    assert [c["Environment"]["SAGEMAKER_INFERENCE_OUTPUT"] for c in containers] == \
        ["predicted_label,probability"] * 2


def test_classification_output_is_merged_over_the_candidates_own_environment():
    first = build_model_containers(CANDIDATE, "BinaryClassification")[0]
    assert first == {"Image": "img-1", "ModelDataUrl": "s3://b/1.tar.gz", "Environment": {
        "AUTOML_TRANSFORM_MODE": "feature-transform",
        "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label,probability"}}


def test_classification_output_replaces_a_different_inference_output_of_the_candidate():
    candidate = [{"Image": "i", "Environment": {"SAGEMAKER_INFERENCE_OUTPUT": "predicted_label"}}]
    assert build_model_containers(candidate, "MulticlassClassification")[0]["Environment"] == \
        {"SAGEMAKER_INFERENCE_OUTPUT": "predicted_label,probability"}


@pytest.mark.parametrize("problem_type", ["Regression", None])
def test_regression_and_unknown_containers_keep_the_candidates_environment(problem_type):
    assert build_model_containers(CANDIDATE, problem_type) == CANDIDATE


def test_building_containers_leaves_the_candidate_untouched():
    before = [dict(c, Environment=dict(c.get("Environment", {}))) for c in CANDIDATE[:1]]
    build_model_containers(CANDIDATE, "BinaryClassification")
    assert CANDIDATE[:1] == before


def test_model_request_names_model_containers_and_the_jobs_role():
    request = build_create_model_request("ep-1", CANDIDATE, "Regression", ROLE_ARN)
    assert request == {"ModelName": "ep-1", "Containers": CANDIDATE, "ExecutionRoleArn": ROLE_ARN}


def test_endpoint_config_has_one_variant_taking_all_traffic():
    assert build_create_endpoint_config_request("ep-1", "ep-1", "ml.m5.large", 2) == {
        "EndpointConfigName": "ep-1",
        "ProductionVariants": [{"VariantName": "AllTraffic", "ModelName": "ep-1",
                                "InstanceType": "ml.m5.large", "InitialInstanceCount": 2,
                                "InitialVariantWeight": 1.0}],
    }


def test_endpoint_request_names_endpoint_and_config():
    assert build_create_endpoint_request("ep-1", "ep-1") == \
        {"EndpointName": "ep-1", "EndpointConfigName": "ep-1"}
