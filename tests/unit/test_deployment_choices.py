"""Deployment choices: real-time or serverless requests, tags on every request, a chosen candidate."""
import pytest

from exasol_sagemaker_extension import endpoint_requests, error_codes, names
from exasol_sagemaker_extension.candidate_choice import best_candidate_name, parse_chosen_candidate
from exasol_sagemaker_extension.endpoint_requests import RealTimeChoice, ServerlessChoice
from exasol_sagemaker_extension.errors import SageMakerExtensionError
from exasol_sagemaker_extension.prediction_csv import DEFAULT_MAX_PAYLOAD_BYTES

TAGS = [{"Key": "exasol-sme:schema", "Value": "SME"}, {"Key": "exasol-sme:user", "Value": "SYS"},
        {"Key": "exasol-sme:job", "Value": "job-1"}]
CONTAINERS = [{"Image": "img", "ModelDataUrl": "s3://b/m.tar.gz"}]
DESCRIBE = {"AutoMLJobName": "job-1", "RoleArn": "arn:aws:iam::123456789012:role/R",
            "BestCandidate": {"CandidateName": "job-1-001-xgb", "InferenceContainers": CONTAINERS},
            "ResolvedAttributes": {"AutoMLProblemTypeResolvedAttributes": {
                "TabularResolvedAttributes": {"ProblemType": "Regression"}}}}


def code_of(call, *args):
    with pytest.raises(SageMakerExtensionError) as raised:
        call(*args)
    return raised.value.code


def test_a_serverless_variant_has_a_serverless_config_and_no_instance_keys():
    request = endpoint_requests.build_endpoint_config_request("ep", "ep", ServerlessChoice(3072, 20))
    assert request == {"EndpointConfigName": "ep", "ProductionVariants": [{
        "VariantName": "AllTraffic", "ModelName": "ep",
        "ServerlessConfig": {"MemorySizeInMB": 3072, "MaxConcurrency": 20}}]}


def test_the_real_time_builder_keeps_its_request_and_adds_tags_when_given():
    plain = endpoint_requests.build_create_endpoint_config_request("ep", "ep", "ml.m5.large", 2)
    tagged = endpoint_requests.build_create_endpoint_config_request("ep", "ep", "ml.m5.large", 2, TAGS)
    assert plain["ProductionVariants"] == [{"VariantName": "AllTraffic", "ModelName": "ep",
                                            "InstanceType": "ml.m5.large", "InitialInstanceCount": 2,
                                            "InitialVariantWeight": 1.0}]
    assert "Tags" not in plain and tagged == {**plain, "Tags": TAGS}


@pytest.mark.parametrize("build", [
    lambda tags: endpoint_requests.build_create_model_request("ep", CONTAINERS, "Regression", "arn", tags),
    lambda tags: endpoint_requests.build_endpoint_config_request("ep", "ep", ServerlessChoice(1024, 1), tags),
    lambda tags: endpoint_requests.build_create_endpoint_request("ep", "ep", tags),
])
def test_every_create_request_carries_the_tags(build):
    assert build(TAGS)["Tags"] == TAGS
    assert "Tags" not in build(None)


@pytest.mark.parametrize("arguments, expected", [
    (("ml.m5.large", 2, None, None), RealTimeChoice("ml.m5.large", 2)),
    ((None, None, 6144, 200), ServerlessChoice(6144, 200)),
    ((None, None, 1024, 1), ServerlessChoice(1024, 1)),
])
def test_a_deployment_choice_is_one_complete_pair(arguments, expected):
    assert endpoint_requests.build_deployment_choice(*arguments) == expected


@pytest.mark.parametrize("arguments, code", [
    ((None, None, None, None), error_codes.DEPLOYMENT_CHOICE_CONFLICT),
    (("ml.m5.large", 1, 2048, 5), error_codes.DEPLOYMENT_CHOICE_CONFLICT),
    ((None, 1, 2048, 5), error_codes.DEPLOYMENT_CHOICE_CONFLICT),
    ((None, None, 2048, None), error_codes.DEPLOYMENT_CHOICE_CONFLICT),
    ((None, None, 2000, 5), error_codes.INVALID_SERVERLESS_CONFIG),
    ((None, None, 512, 5), error_codes.INVALID_SERVERLESS_CONFIG),
    ((None, None, 2048, 0), error_codes.INVALID_SERVERLESS_CONFIG),
    ((None, None, 2048, 201), error_codes.INVALID_SERVERLESS_CONFIG),
    ((None, None, True, 5), error_codes.INVALID_SERVERLESS_CONFIG),
    (("ml.m5.large", None, None, None), error_codes.INVALID_INSTANCE),
    (("m5", 1, None, None), error_codes.INVALID_INSTANCE),
])
def test_a_broken_deployment_choice_has_its_code(arguments, code):
    assert code_of(endpoint_requests.build_deployment_choice, *arguments) == code


def test_serverless_batches_stay_under_4_mb_and_real_time_ones_as_before():
    assert endpoint_requests.max_payload_bytes(ServerlessChoice(2048, 5)) == names.SERVERLESS_MAX_PAYLOAD_BYTES
    assert names.SERVERLESS_MAX_PAYLOAD_BYTES < 4_000_000
    assert endpoint_requests.max_payload_bytes(RealTimeChoice("ml.m5.large", 1)) == DEFAULT_MAX_PAYLOAD_BYTES


@pytest.mark.parametrize("name, valid", [
    ("job-1-002-rf", True), ("a", True), ("a" * 64, True), ("a" * 65, False), ("bad_name", False),
    ("-x", False), ("", False), (None, False),
])
def test_candidate_names_follow_aws_shape(name, valid):
    if valid:
        assert names.validate_candidate_name(name) == name
    else:
        assert code_of(names.validate_candidate_name, name) == error_codes.INVALID_CANDIDATE_NAME


def test_the_best_candidates_name_comes_from_the_job_description():
    assert best_candidate_name(DESCRIBE) == "job-1-001-xgb"
    assert best_candidate_name({"AutoMLJobName": "job-1"}) is None


def test_a_chosen_candidate_brings_its_own_containers_with_the_jobs_role_and_problem_type():
    listed = [{"CandidateName": "job-1-002-rf", "CandidateStatus": "Completed",
               "InferenceContainers": [{"Image": "other", "ModelDataUrl": "s3://b/2.tar.gz"}]}]
    chosen = parse_chosen_candidate(DESCRIBE, listed, "job-1-002-rf")
    assert chosen.inference_containers == listed[0]["InferenceContainers"]
    assert (chosen.role_arn, chosen.problem_type) == (DESCRIBE["RoleArn"], "Regression")


@pytest.mark.parametrize("listed, code", [
    ([], error_codes.CHOSEN_CANDIDATE_NOT_FOUND),
    ([{"CandidateName": "job-1-002-RF", "CandidateStatus": "Completed", "InferenceContainers": CONTAINERS}],
     error_codes.CHOSEN_CANDIDATE_NOT_FOUND),
    ([{"CandidateName": "job-1-002-rf", "CandidateStatus": "Stopped", "InferenceContainers": CONTAINERS}],
     error_codes.CHOSEN_CANDIDATE_NOT_COMPLETED),
    ([{"CandidateName": "job-1-002-rf", "CandidateStatus": "Completed"}], error_codes.CHOSEN_CANDIDATE_NOT_COMPLETED),
])
def test_a_candidate_that_cannot_be_deployed_has_its_code(listed, code):
    assert code_of(parse_chosen_candidate, DESCRIBE, listed, "job-1-002-rf") == code
