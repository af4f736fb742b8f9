"""Feature importances and model quality from the reports in Clarify's and Model Monitor's layouts."""
import json

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import SageMakerExtensionError
from exasol_sagemaker_extension.insight_reports import (find_report_key, load_report, parse_feature_importance,
                                                        parse_model_quality, split_s3_uri)

ANALYSIS = {
    "version": "1.0",
    "explanations": {"kernel_shap": {"label0": {
        "global_shap_values": {"age": 0.021, "monthly fee": 0.35, "plan": 0.0049, "region": -0.1},
        "expected_value": 0.508}}},
}
STATISTICS = {
    "version": 0.0,
    "dataset": {"item_count": 4956, "evaluation_time": "2026-03-01T10:12:00.000Z"},
    "binary_classification_metrics": {
        "confusion_matrix": {"0": {"0": 1, "1": 2}, "1": {"0": 0, "1": 1}},
        "recall": {"value": 1.0, "standard_deviation": "NaN"},
        "precision": {"value": 0.3333333333333333, "standard_deviation": 0.012},
        "receiver_operating_characteristic_curve": {"false_positive_rates": [0.0, 1.0],
                                                    "true_positive_rates": [0.0, 1.0]},
        "auc": {"value": 1.0, "standard_deviation": "NaN"},
    },
}


def test_importances_are_ranked_by_magnitude_within_the_label():
    rows = parse_feature_importance(ANALYSIS)
    assert [(r.label, r.feature_name, r.importance, r.importance_rank) for r in rows] == [
        ("label0", "monthly fee", 0.35, 1), ("label0", "region", -0.1, 2), ("label0", "age", 0.021, 3),
        ("label0", "plan", 0.0049, 4)]


def test_each_label_of_a_multi_label_report_is_ranked_on_its_own():
    report = {"explanations": {"kernel_shap": {
        "cat": {"global_shap_values": {"a": 0.1, "b": 0.2}}, "dog": {"global_shap_values": {"a": 0.3}}}}}
    assert [(r.label, r.feature_name, r.importance_rank) for r in parse_feature_importance(report)] == [
        ("cat", "b", 1), ("cat", "a", 2), ("dog", "a", 1)]


@pytest.mark.parametrize("report", [{}, {"explanations": {}}, {"explanations": {"pdp": [{"feature_name": "a"}]}},
                                    {"explanations": {"kernel_shap": {"label0": {"expected_value": 1}}}}])
def test_a_report_without_global_shap_values_gives_no_rows(report):
    assert parse_feature_importance(report) == []


def test_quality_rows_are_the_scalar_metrics_with_their_deviation():
    rows = parse_model_quality(STATISTICS)
    assert [(r.metric_group, r.metric_name, r.metric_value, r.standard_deviation) for r in rows] == [
        ("binary_classification_metrics", "recall", 1.0, None),
        ("binary_classification_metrics", "precision", 0.3333333333333333, 0.012),
        ("binary_classification_metrics", "auc", 1.0, None)]


def test_regression_quality_is_read_the_same_way():
    report = {"regression_metrics": {"mae": {"value": 0.37, "standard_deviation": 0.0037},
                                     "r2": {"value": -1.37, "standard_deviation": 0.022}}}
    assert [(r.metric_name, r.metric_value) for r in parse_model_quality(report)] == [("mae", 0.37), ("r2", -1.37)]


@pytest.mark.parametrize("keys, expected", [
    (["out/explainability/analysis.json", "out/explainability/report.pdf"], "out/explainability/analysis.json"),
    (["out/x/deep/analysis.json", "out/x/analysis.json"], "out/x/analysis.json"),
    (["out/x/my_analysis.json", "out/x/report.ipynb"], None),
    ([], None),
])
def test_the_report_is_found_under_the_prefix_least_nested_first(keys, expected):
    assert find_report_key(keys, "analysis.json") == expected


def test_load_report_reads_json_objects():
    assert load_report(json.dumps(ANALYSIS).encode(), "s3://b/k") == ANALYSIS


@pytest.mark.parametrize("data", [b"not json", b"[1, 2]", b"\xff\xfe"])
def test_a_report_that_is_no_json_object_is_e_sme_101(data):
    with pytest.raises(SageMakerExtensionError) as raised:
        load_report(data, "s3://b/out/analysis.json")
    assert str(raised.value).startswith(f"E-SME-{error_codes.INSIGHT_REPORT_UNREADABLE}: ")
    assert "s3://b/out/analysis.json" in str(raised.value)


def test_split_s3_uri_gives_bucket_and_key():
    assert split_s3_uri("s3://bucket/a/b/") == ("bucket", "a/b/")


@pytest.mark.parametrize("uri", ["https://bucket/a", "s3:///a", None])
def test_split_s3_uri_refuses_anything_else(uri):
    with pytest.raises(SageMakerExtensionError):
        split_s3_uri(uri)
