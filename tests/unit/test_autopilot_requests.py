from decimal import Decimal

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.autopilot_requests import (
    build_create_job_request, find_foreign_files, output_uri, parse_exported_files, parse_objective,
    partition_for_region, resolve_role_arn, training_data_prefix, training_data_uri, validate_limit)
from exasol_sagemaker_extension.errors import InvalidInputError
from exasol_sagemaker_extension.resource_tags import build_resource_tags

ROLE_ARN = "arn:aws:iam::123456789012:role/SageMakerRole"
MINIMAL = dict(job_name="job-1", role_arn=ROLE_ARN, bucket="my-bucket", output_path="ml/autopilot",
               target_attribute_name="Churn")


def test_minimal_request_carries_exactly_what_autopilot_needs():
    assert build_create_job_request(**MINIMAL) == {
        "AutoMLJobName": "job-1",
        "AutoMLJobInputDataConfig": [{
            "ChannelType": "training",
            "ContentType": "text/csv;header=present",
            "CompressionType": "None",
            "DataSource": {"S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": "s3://my-bucket/ml/autopilot/job-1/training-data/"}},
        }],
        "OutputDataConfig": {"S3OutputPath": "s3://my-bucket/ml/autopilot/job-1/output"},
        "AutoMLProblemTypeConfig": {"TabularJobConfig": {"TargetAttributeName": "Churn"}},
        "RoleArn": ROLE_ARN,
    }


def test_request_invents_neither_problem_type_nor_completion_criteria_nor_objective():
    request = build_create_job_request(**MINIMAL)
    assert "ProblemType" not in request["AutoMLProblemTypeConfig"]["TabularJobConfig"]
    assert "CompletionCriteria" not in request["AutoMLProblemTypeConfig"]["TabularJobConfig"]
    assert "AutoMLJobObjective" not in request


@pytest.mark.parametrize("limits, criteria", [
    ({"max_candidates": 3}, {"MaxCandidates": 3}),
    ({"max_runtime_per_training_job_in_seconds": 600}, {"MaxRuntimePerTrainingJobInSeconds": 600}),
    ({"max_runtime_for_automl_job_in_seconds": 3600}, {"MaxAutoMLJobRuntimeInSeconds": 3600}),
    ({"max_candidates": 2, "max_runtime_per_training_job_in_seconds": 60,
      "max_runtime_for_automl_job_in_seconds": 900},
     {"MaxCandidates": 2, "MaxRuntimePerTrainingJobInSeconds": 60, "MaxAutoMLJobRuntimeInSeconds": 900}),
])
def test_completion_criteria_hold_only_the_limits_given(limits, criteria):
    request = build_create_job_request(**MINIMAL, **limits)
    assert request["AutoMLProblemTypeConfig"]["TabularJobConfig"]["CompletionCriteria"] == criteria


def test_problem_type_and_objective_are_passed_when_given():
    request = build_create_job_request(**MINIMAL, problem_type="BinaryClassification", objective="F1")
    assert request["AutoMLProblemTypeConfig"]["TabularJobConfig"]["ProblemType"] == "BinaryClassification"
    assert request["AutoMLJobObjective"] == {"MetricName": "F1"}


@pytest.mark.parametrize("output_path", ["ml/autopilot", "/ml/autopilot/", "ml/autopilot/"])
def test_s3_locations_sit_under_the_jobs_own_prefix(output_path):
    assert training_data_prefix(output_path, "job-1") == "ml/autopilot/job-1/training-data/"
    assert training_data_uri("b-1", output_path, "job-1") == "s3://b-1/ml/autopilot/job-1/training-data/"
    assert output_uri("b-1", output_path, "job-1") == "s3://b-1/ml/autopilot/job-1/output"


@pytest.mark.parametrize("region, partition", [
    ("eu-central-1", "aws"), ("us-east-1", "aws"), ("ap-southeast-2", "aws"),
    ("cn-north-1", "aws-cn"), ("cn-northwest-1", "aws-cn"),
    ("us-gov-west-1", "aws-us-gov"), ("us-iso-east-1", "aws-iso"), ("us-isob-east-1", "aws-iso-b"),
])
def test_partition_follows_the_region(region, partition):
    assert partition_for_region(region) == partition


@pytest.mark.parametrize("role, region, expected", [
    ("SageMakerRole", "eu-central-1", "arn:aws:iam::123456789012:role/SageMakerRole"),
    ("SageMakerRole", "cn-north-1", "arn:aws-cn:iam::123456789012:role/SageMakerRole"),
    ("SageMakerRole", "us-gov-west-1", "arn:aws-us-gov:iam::123456789012:role/SageMakerRole"),
    (ROLE_ARN, "cn-north-1", ROLE_ARN),
])
def test_role_names_become_arns_and_arns_stay(role, region, expected):
    assert resolve_role_arn(role, "123456789012", region) == expected


def test_resolving_an_invalid_role_is_refused():
    with pytest.raises(InvalidInputError, match="E-SME-13"):
        resolve_role_arn("no spaces allowed", "123456789012", "eu-central-1")


@pytest.mark.parametrize("objective, metric", [
    (None, None), ("", None), ("  ", None), ("F1", "F1"), (' {"MetricName": "F1"} ', "F1"),
    ('{"MetricName":"MSE"}', "MSE"),
])
def test_objective_accepts_a_metric_name_and_the_legacy_json(objective, metric):
    assert parse_objective(objective) == metric


@pytest.mark.parametrize("objective", ['{"MetricName": ', '{"Metric": "F1"}', '{"MetricName": 1}'])
def test_objective_rejects_broken_legacy_json(objective):
    with pytest.raises(InvalidInputError, match="E-SME-9"):
        parse_objective(objective)


@pytest.mark.parametrize("value, expected", [
    (None, None), (1, 1), (3600, 3600), (Decimal("5"), 5), (7.0, 7),
])
def test_limits_are_positive_whole_numbers_or_absent(value, expected):
    assert validate_limit("max_candidates", value) == expected


@pytest.mark.parametrize("value", [0, -1, Decimal("1.5"), 2.5, "3", True])
def test_limits_reject_anything_else(value):
    with pytest.raises(InvalidInputError, match="E-SME-10: invalid max_candidates"):
        validate_limit("max_candidates", value)


@pytest.mark.parametrize("text, keys", [
    ('["ml/j/training-data/part-1.csv"]', ["ml/j/training-data/part-1.csv"]),
    ('["/ml/j/training-data/part-1.csv", "s3://b-1/ml/j/training-data/part-2.csv"]',
     ["ml/j/training-data/part-1.csv", "ml/j/training-data/part-2.csv"]),
])
def test_exported_files_are_read_as_object_keys(text, keys):
    assert parse_exported_files(text) == keys


@pytest.mark.parametrize("text", [None, "", "[]", "not json", '{"a": 1}', '[1, 2]', '[""]'])
def test_exported_files_must_be_a_non_empty_json_array_of_keys(text):
    with pytest.raises(InvalidInputError) as raised:
        parse_exported_files(text)
    assert raised.value.code == error_codes.INVALID_JSON


def test_foreign_files_are_the_listed_keys_the_export_did_not_write():
    listed = ["p/part-2.csv", "p/old.csv", "p/part-1.csv", "p/a.csv"]
    assert find_foreign_files(listed, ["p/part-1.csv", "p/part-2.csv", "p/part-3.csv"]) == \
        ["p/a.csv", "p/old.csv"]


def test_the_job_request_carries_the_owner_tags_when_given():
    tags = build_resource_tags("SME", "ALICE", "job-1")
    assert build_create_job_request(**MINIMAL, tags=tags)["Tags"] == tags
    assert "Tags" not in build_create_job_request(**MINIMAL)
