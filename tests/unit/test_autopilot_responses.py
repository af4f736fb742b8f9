import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.autopilot_responses import (
    parse_best_candidate, parse_job_status, parse_problem_type, require_completed_job)
from exasol_sagemaker_extension.errors import AutopilotJobError

ROLE_ARN = "arn:aws:iam::123456789012:role/SageMakerRole"
CONTAINERS = [
    {"Image": "123.dkr.ecr/sklearn:1", "ModelDataUrl": "s3://b/m1.tar.gz", "Environment": {"A": "1"}},
    {"Image": "123.dkr.ecr/xgboost:1", "ModelDataUrl": "s3://b/m2.tar.gz"},
]


def describe(status="Completed", secondary="Completed", reason=None, resolved=None, configured=None,
             containers=CONTAINERS):
    answer = {"AutoMLJobName": "job-1", "AutoMLJobStatus": status, "RoleArn": ROLE_ARN,
              "AutoMLProblemTypeConfig": {"TabularJobConfig": {"TargetAttributeName": "y"}}}
    if secondary is not None:
        answer["AutoMLJobSecondaryStatus"] = secondary
    if reason is not None:
        answer["FailureReason"] = reason
    if resolved:
        answer["ResolvedAttributes"] = {"AutoMLProblemTypeResolvedAttributes": {
            "TabularResolvedAttributes": {"ProblemType": resolved}}}
    if configured:
        answer["AutoMLProblemTypeConfig"]["TabularJobConfig"]["ProblemType"] = configured
    if containers is not None:
        answer["BestCandidate"] = {"CandidateName": "c1", "InferenceContainers": containers}
    return answer


@pytest.mark.parametrize("answer, expected", [
    (describe("InProgress", "Starting"), ("InProgress", "Starting", None)),
    (describe("Completed", "Completed"), ("Completed", "Completed", None)),
    (describe("Failed", "Failed", "ClientError: bad target"), ("Failed", "Failed", "ClientError: bad target")),
    (describe("Stopped", None, ""), ("Stopped", None, None)),
])
def test_job_status_is_status_secondary_status_and_failure_reason(answer, expected):
    assert parse_job_status(answer) == expected


@pytest.mark.parametrize("resolved, configured, expected", [
    ("Regression", None, "Regression"),
    ("BinaryClassification", "BinaryClassification", "BinaryClassification"),
    (None, "MulticlassClassification", "MulticlassClassification"),
    (None, None, None),
])
def test_problem_type_prefers_what_autopilot_resolved_over_what_was_configured(resolved, configured,
                                                                                expected):
    assert parse_problem_type(describe(resolved=resolved, configured=configured)) == expected


def test_a_completed_job_passes():
    require_completed_job(describe("Completed"))


@pytest.mark.parametrize("status, secondary", [
    ("InProgress", "TrainingModels"), ("Stopping", None), ("Stopped", "Stopped")])
def test_a_job_that_is_not_done_is_refused_with_e_sme_54(status, secondary):
    with pytest.raises(AutopilotJobError) as raised:
        require_completed_job(describe(status, secondary))
    assert raised.value.code == error_codes.JOB_NOT_COMPLETED
    assert f"job-1 is {status}" in str(raised.value) and "SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS" in str(raised.value)


def test_a_failed_job_is_refused_with_e_sme_61_and_aws_reason():
    with pytest.raises(AutopilotJobError) as raised:
        require_completed_job(describe("Failed", "Failed", "AlgorithmError: not enough rows"))
    assert str(raised.value).startswith("E-SME-61: Autopilot job job-1 failed: AlgorithmError: not enough rows.")


def test_best_candidate_gives_containers_problem_type_and_role():
    candidate = parse_best_candidate(describe(resolved="Regression"))
    assert candidate.inference_containers == CONTAINERS
    assert (candidate.problem_type, candidate.role_arn) == ("Regression", ROLE_ARN)


@pytest.mark.parametrize("containers", [None, []])
def test_a_job_without_inference_containers_is_refused_with_e_sme_55(containers):
    with pytest.raises(AutopilotJobError, match="E-SME-55: Autopilot job job-1 has no best candidate"):
        parse_best_candidate(describe(containers=containers))
