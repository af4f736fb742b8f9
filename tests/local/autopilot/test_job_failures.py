"""Requests AWS refuses, and jobs that fail on their data with a reason like AWS's."""
from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.local.autopilot import datasets
from tests.local.autopilot.conftest import job_request, sagemaker_client, train, upload, wait_for_end

ROWS = 520


def rows_with(target_values):
    return [[str(i), str(i % 7), value] for i, value in enumerate(target_values)]


@pytest.mark.parametrize("name, header, rows, target, reason", [
    ("too-few-rows", datasets.diabetes().header, datasets.diabetes().rows, "progression",
     "ClientError: the training data has 442 rows with a value in the target column 'progression'; "
     "Autopilot needs at least 500 rows."),
    ("target-missing", ["a", "b", "y"], rows_with(["1", "0"] * (ROWS // 2)), "Y",
     "ClientError: the target column 'Y' is not in the header of the training data (columns: 'a', 'b', 'y'). "
     "Target names are case-sensitive."),
    ("one-class", ["a", "b", "y"], rows_with(["yes"] * ROWS), "y",
     "ClientError: the target column 'y' has 1 distinct value ('yes'); Autopilot needs at least 2 to learn from."),
    ("no-features", ["y"], [[str(i % 2)] for i in range(ROWS)], "y",
     "ClientError: the training data has no feature columns besides the target column 'y'."),
])
def test_a_job_on_unusable_data_fails_with_the_reason(worker, name, header, rows, target, reason):
    described = train(name, header, rows, target)
    assert (described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"]) == ("Failed", "Failed")
    assert described["FailureReason"] == reason
    assert "BestCandidate" not in described and described["EndTime"] >= described["CreationTime"]
    assert sagemaker_client().list_candidates_for_auto_ml_job(AutoMLJobName=name)["Candidates"] == []


def test_a_job_without_data_under_its_prefix_fails(worker):
    sagemaker_client().create_auto_ml_job_v2(**job_request("no-data", "y"))
    described = wait_for_end("no-data")
    assert described["AutoMLJobStatus"] == "Failed"
    assert described["FailureReason"].startswith("ClientError: no data found under s3://")


def test_a_job_whose_given_problem_type_does_not_fit_the_target_fails(worker):
    described = train("wrong-type", ["a", "b", "y"], rows_with(["x", "y", "z"] * 180), "y",
                      problem_type="BinaryClassification", objective="F1")
    assert described["FailureReason"].startswith("ClientError: ProblemType BinaryClassification needs exactly 2")


def test_a_job_whose_output_bucket_does_not_exist_fails_with_its_candidates(worker):
    data = datasets.breast_cancer()
    request = job_request("no-output", data.target, MaxCandidates=1)
    request["OutputDataConfig"] = {"S3OutputPath": "s3://no-such-bucket-here/out"}
    upload("no-output", data.header, data.rows)
    sagemaker_client().create_auto_ml_job_v2(**request)
    described = wait_for_end("no-output")
    assert described["AutoMLJobStatus"] == "Failed"
    assert "could not write the model to s3://no-such-bucket-here/out/no-output/candidates/" in (
        described["FailureReason"])
    [candidate] = sagemaker_client().list_candidates_for_auto_ml_job(AutoMLJobName="no-output")["Candidates"]
    assert candidate["CandidateStatus"] == "Failed" and "NoSuchBucket" in candidate["FailureReason"]


@pytest.mark.parametrize("options, message", [
    ({"objective": "F1"}, "either provide both the AutoMLJobObjective and the ProblemType"),
    ({"problem_type": "Regression"}, "either provide both the AutoMLJobObjective and the ProblemType"),
    ({"problem_type": "Regression", "objective": "F1"}, "F1 is not supported for problem type Regression"),
    ({"problem_type": "BinaryClassification", "objective": "F1macro"}, "not supported for problem type"),
    ({"problem_type": "MulticlassClassification", "objective": "LogLoss"}, "not supported for problem type"),
    ({"problem_type": "Ranking", "objective": "F1"}, "Member must satisfy enum value set"),
    ({"MaxCandidates": 751}, "less than or equal to 750"),
])
def test_a_request_aws_refuses_is_refused_with_validation_exception(aws, options, message):
    with pytest.raises(ClientError) as raised:
        sagemaker_client().create_auto_ml_job_v2(**job_request("refused", "y", **options))
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert message in raised.value.response["Error"]["Message"]


def test_a_validation_fraction_outside_zero_to_one_is_refused(aws):
    with pytest.raises(ClientError, match="ValidationFraction"):
        sagemaker_client().create_auto_ml_job_v2(**job_request("refused", "y"),
                                                 DataSplitConfig={"ValidationFraction": 1.0})


def test_a_job_name_can_be_used_once(worker):
    sagemaker_client().create_auto_ml_job_v2(**job_request("used-once", "y"))
    with pytest.raises(ClientError) as raised:
        sagemaker_client().create_auto_ml_job_v2(**job_request("used-once", "y"))
    assert raised.value.response["Error"]["Code"] == "ResourceInUse"
    wait_for_end("used-once")
