"""The local Autopilot writes the best candidate's explainability and model quality reports where AWS
does, in AWS's layouts, and names them in CandidateArtifactLocations; the product's parsers read them."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension.candidate_responses import artifact_locations
from exasol_sagemaker_extension.insight_reports import (find_report_key, parse_feature_importance,
                                                        parse_model_quality, split_s3_uri)
from tests.local.autopilot import datasets
from tests.local.autopilot.conftest import (all_candidates, job_request, s3_client, sagemaker_client, upload,
                                            wait_for_end)

JOBS = {
    "insight-binary": (datasets.breast_cancer, "binary_classification_metrics", {"f1", "auc", "accuracy"}),
    "insight-multiclass": (datasets.three_classes, "multiclass_classification_metrics",
                           {"accuracy", "weighted_f1"}),
    "insight-regression": (datasets.friedman, "regression_metrics", {"mae", "mse", "rmse", "r2"}),
}


@pytest.fixture(scope="module")
def finished(worker) -> dict[str, dict]:
    for name, (table, _, _) in JOBS.items():
        data = table()
        upload(name, data.header, data.rows)
        sagemaker_client().create_auto_ml_job_v2(**job_request(name, data.target, MaxCandidates=2))
    return {name: wait_for_end(name) for name in JOBS}


def report(prefix: str, file_name: str) -> dict:
    bucket, key = split_s3_uri(prefix)
    listing = s3_client().list_objects_v2(Bucket=bucket, Prefix=key + "/")
    found = find_report_key([item["Key"] for item in listing.get("Contents", [])], file_name)
    assert found is not None, f"no {file_name} under {prefix}"
    return json.loads(s3_client().get_object(Bucket=bucket, Key=found)["Body"].read())


@pytest.mark.parametrize("name", JOBS)
def test_the_best_candidate_names_both_artifact_locations_under_the_jobs_output(finished, name):
    explainability, insights = artifact_locations(finished[name]["BestCandidate"])
    output = f"s3://sme-autopilot-tests/ml/{name}/output/{name}/"
    assert explainability.startswith(output) and insights.startswith(output)


@pytest.mark.parametrize("name", JOBS)
def test_the_listed_best_candidate_carries_the_same_locations(finished, name):
    best = finished[name]["BestCandidate"]
    (listed,) = [c for c in all_candidates(name) if c["CandidateName"] == best["CandidateName"]]
    assert artifact_locations(listed) == artifact_locations(best)


@pytest.mark.parametrize("name", JOBS)
def test_the_explainability_report_rates_every_feature_in_clarifys_layout(finished, name):
    table = JOBS[name][0]()
    analysis = report(artifact_locations(finished[name]["BestCandidate"])[0], "analysis.json")
    rows = parse_feature_importance(analysis)
    assert {row.feature_name for row in rows} == set(table.header[:-1])
    assert {row.label for row in rows} == {"label0"}
    assert all(row.importance >= 0 for row in rows) and rows[0].importance > 0
    assert "expected_value" in analysis["explanations"]["kernel_shap"]["label0"]


@pytest.mark.parametrize("name", JOBS)
def test_the_model_quality_report_has_model_monitors_metrics_for_the_problem_type(finished, name):
    _, group, expected = JOBS[name]
    statistics = report(artifact_locations(finished[name]["BestCandidate"])[1], "statistics.json")
    rows = parse_model_quality(statistics)
    assert {row.metric_group for row in rows} == {group}
    assert expected <= {row.metric_name for row in rows}
    assert statistics["dataset"]["item_count"] > 0


def test_the_reported_f1_agrees_with_the_candidates_validation_f1(finished):
    best = finished["insight-binary"]["BestCandidate"]
    statistics = report(artifact_locations(best)[1], "statistics.json")
    validation = {m["MetricName"]: m["Value"] for m in best["CandidateProperties"]["CandidateMetrics"]
                  if m["Set"] == "Validation"}
    assert statistics["binary_classification_metrics"]["f1"]["value"] == pytest.approx(validation["F1"])


def test_deviations_follow_model_monitors_200_row_rule(finished):
    # breast cancer: 569 rows, a fifth for validation (114 < 200): no deviation, the text "NaN"
    statistics = report(artifact_locations(finished["insight-binary"]["BestCandidate"])[1], "statistics.json")
    assert statistics["binary_classification_metrics"]["f1"]["standard_deviation"] == "NaN"


class _Shifted:
    """An estimator whose regression predictions are the row number plus 0.5."""

    def predict(self, frame):
        return [float(i) + 0.5 for i in range(len(frame))]


@pytest.mark.parametrize("rows, has_deviation", [(199, False), (200, True)])
def test_a_standard_deviation_is_given_from_200_rows_on(rows, has_deviation):
    import pandas as pd

    from exasol_sagemaker_extension.local.autopilot.insight import build_statistics
    from exasol_sagemaker_extension.local.autopilot.model_artifact import LocalModel

    model = LocalModel(problem_type="Regression", target_name="y", features=(), estimator=_Shifted())
    statistics = build_statistics(model, pd.DataFrame({"x": range(rows)}), [str(i) for i in range(rows)])
    mae = statistics["regression_metrics"]["mae"]
    assert mae["value"] == pytest.approx(0.5)
    assert isinstance(mae["standard_deviation"], float) is has_deviation
