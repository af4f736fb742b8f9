"""Jobs from create_auto_ml_job_v2 to their end, trained by the local Autopilot inside moto."""
from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from exasol_sagemaker_extension.autopilot_responses import parse_best_candidate
from exasol_sagemaker_extension.local.autopilot import LOCAL_IMAGE
from exasol_sagemaker_extension.local.autopilot.dataset import split_s3_uri
from exasol_sagemaker_extension.local.autopilot.model_artifact import load_model
from tests.local.autopilot import datasets
from tests.local.autopilot.conftest import (BUCKET, all_candidates, job_request, s3_client, sagemaker_client, train,
                                            upload, wait_for_end)

JOBS = {
    # name: (table, request options, problem type, objective)
    "binary-1": (datasets.breast_cancer, {}, "BinaryClassification", "F1"),
    "multiclass-1": (datasets.three_classes, {}, "MulticlassClassification", "Accuracy"),
    "regression-1": (datasets.friedman, {}, "Regression", "MSE"),
    "regression-r2": (datasets.friedman, {"problem_type": "Regression", "objective": "R2",
                                          "MaxAutoMLJobRuntimeInSeconds": 3600}, "Regression", "R2"),
}


@pytest.fixture(scope="module")
def finished(worker) -> dict[str, dict]:
    """Every job of JOBS created together and trained to its end: name -> last description."""
    for name, (table, options, _, _) in JOBS.items():
        data = table()
        upload(name, data.header, data.rows)
        sagemaker_client().create_auto_ml_job_v2(**job_request(name, data.target, **options))
    return {name: wait_for_end(name) for name in JOBS}


def model_of(candidate: dict):
    bucket, key = split_s3_uri(candidate["InferenceContainers"][0]["ModelDataUrl"])
    return load_model(s3_client().get_object(Bucket=bucket, Key=key)["Body"].read())


@pytest.mark.parametrize("name", JOBS)
def test_the_job_completes_and_resolves_problem_type_objective_and_criteria(finished, name):
    described = finished[name]
    _, options, problem_type, objective = JOBS[name]
    assert (described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"]) == ("Completed", "Completed")
    assert described["ResolvedAttributes"] == {
        "AutoMLJobObjective": {"MetricName": objective},
        "CompletionCriteria": {"MaxCandidates": 250, "MaxRuntimePerTrainingJobInSeconds": 86400,
                               "MaxAutoMLJobRuntimeInSeconds": options.get("MaxAutoMLJobRuntimeInSeconds", 2592000)},
        "AutoMLProblemTypeResolvedAttributes": {"TabularResolvedAttributes": {"ProblemType": problem_type}},
    }


def test_the_description_keeps_the_request_as_sent_and_invents_nothing(finished):
    described = finished["binary-1"]
    assert described["AutoMLProblemTypeConfig"] == {"TabularJobConfig": {"TargetAttributeName": "diagnosis"}}
    for invented in ("AutoMLJobObjective", "FailureReason", "PartialFailureReasons", "ModelDeployConfig",
                     "ModelDeployResult", "DataSplitConfig", "AutoMLJobArtifacts", "SecurityConfig"):
        assert invented not in described
    assert described["CreationTime"] <= described["EndTime"] == described["LastModifiedTime"]


def test_a_given_objective_is_described_as_sent(finished):
    assert finished["regression-r2"]["AutoMLJobObjective"] == {"MetricName": "R2"}


@pytest.mark.parametrize("name", JOBS)
def test_the_best_candidate_is_the_best_listed_candidate_by_the_objective(finished, name):
    objective = JOBS[name][3]
    best = finished[name]["BestCandidate"]
    completed = all_candidates(name, StatusEquals="Completed")
    values = [c["FinalAutoMLJobObjectiveMetric"]["Value"] for c in completed]
    assert best["FinalAutoMLJobObjectiveMetric"]["StandardMetricName"] == objective
    expected = max(values) if objective in ("F1", "Accuracy", "R2") else min(values)
    assert best["FinalAutoMLJobObjectiveMetric"]["Value"] == expected
    assert best["CandidateName"] in [c["CandidateName"] for c in completed]


@pytest.mark.parametrize("name", JOBS)
def test_the_best_candidates_container_is_the_local_image_with_its_model_in_the_bucket(finished, name):
    described = finished[name]
    candidate = described["BestCandidate"]
    [container] = candidate["InferenceContainers"]
    assert container["Image"] == LOCAL_IMAGE
    output = described["OutputDataConfig"]["S3OutputPath"]
    assert container["ModelDataUrl"] == f"{output}/{name}/candidates/{candidate['CandidateName']}/model.sme"
    assert model_of(candidate).problem_type == JOBS[name][2]


@pytest.mark.parametrize("name", JOBS)
def test_the_products_deployment_reads_the_best_candidate_unchanged(finished, name):
    candidate = parse_best_candidate(finished[name])
    assert candidate.problem_type == JOBS[name][2]
    assert candidate.inference_containers == finished[name]["BestCandidate"]["InferenceContainers"]
    assert candidate.role_arn == finished[name]["RoleArn"]


@pytest.mark.parametrize("name", JOBS)
def test_every_candidate_is_listed_with_its_metrics_and_steps(finished, name):
    objective = JOBS[name][3]
    candidates = all_candidates(name)
    assert len(candidates) == 7 and len({c["CandidateName"] for c in candidates}) == 7
    for candidate in candidates:
        assert candidate["CandidateStatus"] == "Completed" and candidate["ObjectiveStatus"] == "Succeeded"
        metric = candidate["FinalAutoMLJobObjectiveMetric"]
        assert (metric["MetricName"], metric["StandardMetricName"]) == (f"validation:{objective.lower()}", objective)
        reported = {(m["StandardMetricName"], m["Set"]): m["Value"]
                    for m in candidate["CandidateProperties"]["CandidateMetrics"]}
        assert reported[(objective, "Validation")] == metric["Value"]
        assert {"Validation", "Train"} == {data_set for _, data_set in reported}
        assert candidate["CandidateSteps"][0]["CandidateStepType"] == "AWS::SageMaker::TrainingJob"
        assert candidate["CreationTime"] <= candidate["EndTime"]


@pytest.mark.parametrize("order", ["Ascending", "Descending"])
def test_candidates_sort_by_their_final_objective_value(finished, order):
    values = [c["FinalAutoMLJobObjectiveMetric"]["Value"]
              for c in all_candidates("binary-1", SortBy="FinalObjectiveMetricValue", SortOrder=order)]
    assert values == sorted(values, reverse=order == "Descending")


def test_candidates_sort_by_creation_time_by_default(finished):
    names = [c["CandidateName"] for c in all_candidates("binary-1")]
    assert names == sorted(names) and names[0] == "binary-1-001-hgb"
    assert [c["CandidateName"] for c in all_candidates("binary-1", SortOrder="Descending")] == names[::-1]


def test_candidates_come_in_pages_of_max_results(finished):
    first = sagemaker_client().list_candidates_for_auto_ml_job(AutoMLJobName="binary-1", MaxResults=3)
    assert len(first["Candidates"]) == 3 and first["NextToken"]
    assert len(all_candidates("binary-1", MaxResults=3)) == 7
    last = sagemaker_client().list_candidates_for_auto_ml_job(AutoMLJobName="binary-1", MaxResults=7)
    assert "NextToken" not in last


def test_candidates_filter_by_name_and_status(finished):
    [one] = all_candidates("binary-1", CandidateNameEquals="binary-1-002-logreg")
    assert one["CandidateName"] == "binary-1-002-logreg"
    assert all_candidates("binary-1", StatusEquals="Failed") == []


@pytest.mark.parametrize("request_options, code", [
    ({"AutoMLJobName": "no-such-job"}, "ResourceNotFound"),
    ({"AutoMLJobName": "binary-1", "NextToken": "not-a-token"}, "ValidationException"),
])
def test_listing_candidates_fails_as_aws_does(finished, request_options, code):
    with pytest.raises(ClientError) as raised:
        sagemaker_client().list_candidates_for_auto_ml_job(**request_options)
    assert raised.value.response["Error"]["Code"] == code


def test_the_multiclass_model_predicts_held_out_rows(finished):
    table = datasets.three_classes()
    model = model_of(finished["multiclass-1"]["BestCandidate"])
    predictions = model.predict_csv_rows([row[:-1] for row in table.held_out])
    assert datasets.accuracy([(row[-1], label) for row, (label, _) in zip(table.held_out, predictions)]) > 0.8


@pytest.mark.parametrize("name", ["regression-1", "regression-r2"])
def test_the_regression_model_predicts_held_out_rows(finished, name):
    table = datasets.friedman()
    model = model_of(finished[name]["BestCandidate"])
    predicted = [float(text) for text, _ in model.predict_csv_rows([row[:-1] for row in table.held_out])]
    assert datasets.r2([float(row[-1]) for row in table.held_out], predicted) > 0.5


def test_every_candidates_model_is_stored_under_the_jobs_output_path(finished):
    keys = [item["Key"] for item in s3_client().list_objects_v2(
        Bucket=BUCKET, Prefix="ml/binary-1/output/binary-1/candidates/")["Contents"]]
    assert sorted(keys) == sorted(f"ml/binary-1/output/binary-1/candidates/{c['CandidateName']}/model.sme"
                                  for c in all_candidates("binary-1"))


def test_max_candidates_limits_the_candidates_and_shows_in_the_secondary_status(worker):
    data = datasets.breast_cancer()
    described = train("binary-max2", data.header, data.rows, data.target, problem_type="BinaryClassification",
                      objective="AUC", MaxCandidates=2)
    assert (described["AutoMLJobStatus"], described["AutoMLJobSecondaryStatus"]) == (
        "Completed", "MaxCandidatesReached")
    assert [c["CandidateName"] for c in all_candidates("binary-max2")] == ["binary-max2-001-hgb",
                                                                          "binary-max2-002-logreg"]
    assert described["BestCandidate"]["FinalAutoMLJobObjectiveMetric"]["StandardMetricName"] == "AUC"


def test_jobs_are_listed_in_aws_shape(finished):
    summaries = {s["AutoMLJobName"]: s for s in sagemaker_client().list_auto_ml_jobs()["AutoMLJobSummaries"]}
    summary = summaries["binary-1"]
    assert (summary["AutoMLJobStatus"], summary["AutoMLJobSecondaryStatus"]) == ("Completed", "Completed")
    assert "EndTime" in summary and "FailureReason" not in summary
