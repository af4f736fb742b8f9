"""Leaderboard rows from list_candidates_for_auto_ml_job answers shaped as AWS documents them."""
from datetime import datetime, timedelta, timezone

import pytest

from exasol_sagemaker_extension.candidate_responses import (artifact_locations, best_candidate_name,
                                                            derive_algorithm, image_repository,
                                                            objective_direction, parse_candidate_metrics,
                                                            parse_candidates)

STARTED = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
SKLEARN = "683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-sklearn-automl:2.5-1-cpu-py3"
XGBOOST = "683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.3-1-cpu-py3"
LINEAR = "438346466558.dkr.ecr.eu-west-1.amazonaws.com/linear-learner:1"
AUTOGLUON = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/autogluon-inference:0.4.3-cpu-py38-ubuntu20.04"


def candidate(name, value=None, metric="F1", kind="Maximize", status="Completed", objective_status="Succeeded",
              images=(SKLEARN, XGBOOST, SKLEARN), minutes=5, offset=0, **extra):
    answer = {
        "CandidateName": name,
        "ObjectiveStatus": objective_status,
        "CandidateSteps": [{"CandidateStepType": "AWS::SageMaker::TrainingJob",
                            "CandidateStepArn": f"arn:aws:sagemaker:eu-west-1:123456789012:training-job/{name}",
                            "CandidateStepName": name}],
        "CandidateStatus": status,
        "InferenceContainers": [{"Image": image, "ModelDataUrl": f"s3://b/{name}/{i}.tar.gz", "Environment": {}}
                                for i, image in enumerate(images)],
        "CreationTime": STARTED + timedelta(minutes=offset),
        "EndTime": STARTED + timedelta(minutes=offset + minutes),
        "LastModifiedTime": STARTED + timedelta(minutes=offset + minutes),
        "CandidateProperties": {"CandidateMetrics": [
            {"MetricName": "F1", "Value": 0.8, "Set": "Validation", "StandardMetricName": "F1"},
            {"MetricName": "Accuracy", "Value": 0.9, "Set": "Validation", "StandardMetricName": "Accuracy"}]},
        **extra,
    }
    if value is not None:
        answer["FinalAutoMLJobObjectiveMetric"] = {"Type": kind, "MetricName": f"validation:{metric.lower()}",
                                                   "Value": value, "StandardMetricName": metric}
    return answer


def names_and_ranks(rows):
    return [(row.candidate_name, row.candidate_rank) for row in rows]


def test_maximized_objective_ranks_the_largest_value_first():
    rows = parse_candidates([candidate("a", 0.7), candidate("b", 0.9), candidate("c", 0.8)], "b")
    assert names_and_ranks(rows) == [("b", 1), ("c", 2), ("a", 3)]


def test_minimized_objective_ranks_the_smallest_value_first():
    rows = parse_candidates([candidate("a", 12.0, "MSE", "Minimize"), candidate("b", 3.5, "MSE", "Minimize"),
                             candidate("c", 7.0, "MSE", "Minimize")], "b")
    assert names_and_ranks(rows) == [("b", 1), ("c", 2), ("a", 3)]


def test_equal_values_get_distinct_ranks_the_earlier_finished_first():
    rows = parse_candidates([candidate("late", 0.8, offset=10), candidate("early", 0.8, offset=0)], None)
    assert names_and_ranks(rows) == [("early", 1), ("late", 2)]


def test_candidates_without_an_objective_value_follow_without_rank():
    rows = parse_candidates([
        candidate("failed", None, status="Failed", objective_status="Failed", FailureReason="AlgorithmError: OOM"),
        candidate("ok", 0.6),
        candidate("running", None, status="InProgress", objective_status="Pending", offset=-1)], "ok")
    assert names_and_ranks(rows) == [("ok", 1), ("running", None), ("failed", None)]
    assert rows[2].failure_reason == "AlgorithmError: OOM"


def test_a_failed_objective_is_not_ranked_even_with_a_value():
    rows = parse_candidates([candidate("a", 0.99, objective_status="Failed"), candidate("b", 0.5)], "b")
    assert names_and_ranks(rows) == [("b", 1), ("a", None)]


def test_only_the_jobs_best_candidate_is_flagged():
    rows = parse_candidates([candidate("a", 0.9), candidate("b", 0.8)], "b")
    assert [(row.candidate_name, row.is_best_candidate) for row in rows] == [("a", False), ("b", True)]


def test_a_job_without_best_candidate_flags_none():
    assert not any(row.is_best_candidate for row in parse_candidates([candidate("a", 0.9)], None))


def test_a_row_carries_objective_statuses_times_in_utc_and_training_seconds():
    (row,) = parse_candidates([candidate("a", 0.75, minutes=7)], "a")
    assert (row.objective_metric_name, row.objective_metric_direction, row.objective_metric_value) == (
        "F1", "Maximize", 0.75)
    assert (row.candidate_status, row.objective_status) == ("Completed", "Succeeded")
    assert row.creation_time == datetime(2026, 3, 1, 10, 0)
    assert row.end_time == datetime(2026, 3, 1, 10, 7)
    assert row.training_seconds == 420.0


def test_times_in_another_zone_are_turned_into_utc():
    cet = timezone(timedelta(hours=1))
    (row,) = parse_candidates([candidate("a", 0.5, CreationTime=datetime(2026, 3, 1, 11, 0, tzinfo=cet))], None)
    assert row.creation_time == datetime(2026, 3, 1, 10, 0)


@pytest.mark.parametrize("metric, expected", [
    ({"Type": "Minimize", "MetricName": "F1"}, "Minimize"),
    ({"MetricName": "validation:mse"}, "Minimize"),
    ({"StandardMetricName": "RMSE"}, "Minimize"),
    ({"StandardMetricName": "LogLoss"}, "Minimize"),
    ({"StandardMetricName": "AUC"}, "Maximize"),
    ({}, None),
])
def test_direction_is_awss_type_else_known_from_the_metric_name(metric, expected):
    assert objective_direction(metric) == expected


@pytest.mark.parametrize("images, expected", [
    ((SKLEARN, XGBOOST, SKLEARN), "XGBoost"),
    ((SKLEARN, LINEAR, SKLEARN), "LinearLearner"),
    ((AUTOGLUON,), "AutoGluon ensemble"),
    (("123.dkr.ecr.us-east-1.amazonaws.com/some-new-algo:3@sha256:abc",), "some-new-algo"),
    ((SKLEARN,), None),
    ((), None),
])
def test_algorithm_comes_from_the_non_processing_inference_images(images, expected):
    assert derive_algorithm(candidate("a", 0.5, images=images)) == expected


def test_image_repository_drops_registry_tag_and_digest():
    assert image_repository(XGBOOST) == "sagemaker-xgboost"
    assert image_repository("sme-local/autopilot-sklearn:1") == "autopilot-sklearn"


def test_metrics_are_listed_per_candidate_in_awss_order():
    rows = parse_candidate_metrics([candidate("a", 0.8), candidate("b", 0.7)])
    assert [(r.candidate_name, r.data_set, r.metric_name, r.standard_metric_name, r.metric_value) for r in rows] == [
        ("a", "Validation", "F1", "F1", 0.8), ("a", "Validation", "Accuracy", "Accuracy", 0.9),
        ("b", "Validation", "F1", "F1", 0.8), ("b", "Validation", "Accuracy", "Accuracy", 0.9)]


def test_a_candidate_without_properties_has_no_metric_rows():
    bare = candidate("a", 0.8)
    del bare["CandidateProperties"]
    assert parse_candidate_metrics([bare]) == []


def test_best_candidate_name_and_artifact_locations_come_from_the_description():
    best = candidate("a", 0.8)
    best["CandidateProperties"]["CandidateArtifactLocations"] = {
        "Explainability": "s3://b/out/job/documentation/explainability/output",
        "ModelInsights": "s3://b/out/job/documentation/model_monitor/output"}
    assert best_candidate_name({"BestCandidate": best}) == "a"
    assert artifact_locations(best) == ("s3://b/out/job/documentation/explainability/output",
                                        "s3://b/out/job/documentation/model_monitor/output")


def test_an_older_job_has_neither_best_candidate_nor_artifact_locations():
    assert best_candidate_name({}) is None
    assert artifact_locations(None) == (None, None)
    assert artifact_locations(candidate("a", 0.8)) == (None, None)
