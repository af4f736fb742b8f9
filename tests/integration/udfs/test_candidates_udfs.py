"""The leaderboard and insight UDFs through udf-mock: SageMaker answers stubbed as AWS documents them
(moto has no ListCandidatesForAutoMLJob), the reports in moto's S3."""
import json
from datetime import datetime, timezone

import pytest
from botocore.stub import Stubber

from exasol_sagemaker_extension import error_codes
from tests.integration.udfs import candidate_udf_wrappers as wrappers
from tests.integration.udfs.conftest import (BUCKET, CONNECTION_NAME, REGION, ROLE_ARN, aws_client, connections,
                                             raises_sme)
from tests.integration.udfs.udf_runner import as_row, run_udf, template_columns, template_python

LOADED_AT = datetime(2026, 3, 1, 12, 0, 0)
STARTED = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
XGBOOST = "683313688378.dkr.ecr.eu-central-1.amazonaws.com/sagemaker-xgboost:1.3-1-cpu-py3"
EXPLAINABILITY = f"s3://{BUCKET}/ml/job-1/output/job-1/documentation/explainability/output"
INSIGHTS = f"s3://{BUCKET}/ml/job-1/output/job-1/documentation/model_monitor/output"


def candidate(name, value, minutes, locations=None):
    properties = {"CandidateMetrics": [
        {"MetricName": "F1", "Value": value, "Set": "Validation", "StandardMetricName": "F1"},
        {"MetricName": "Accuracy", "Value": 0.9, "Set": "Train", "StandardMetricName": "Accuracy"}]}
    if locations:
        properties["CandidateArtifactLocations"] = locations
    return {
        "CandidateName": name,
        "FinalAutoMLJobObjectiveMetric": {"Type": "Maximize", "MetricName": "validation:f1", "Value": value,
                                          "StandardMetricName": "F1"},
        "ObjectiveStatus": "Succeeded", "CandidateStatus": "Completed",
        "CandidateSteps": [{"CandidateStepType": "AWS::SageMaker::TrainingJob",
                            "CandidateStepArn": f"arn:aws:sagemaker:{REGION}:123456789012:training-job/{name}",
                            "CandidateStepName": name}],
        "InferenceContainers": [{"Image": XGBOOST, "ModelDataUrl": f"s3://{BUCKET}/{name}.tar.gz"}],
        "CreationTime": STARTED, "EndTime": STARTED.replace(minute=minutes), "LastModifiedTime": STARTED,
        "CandidateProperties": properties,
    }


def description(best=None):
    answer = {
        "AutoMLJobName": "job-1", "AutoMLJobArn": f"arn:aws:sagemaker:{REGION}:123456789012:automl-job/job-1",
        "AutoMLJobInputDataConfig": [{"ChannelType": "training", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/ml/job-1/"}}}],
        "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/ml/job-1/output"}, "RoleArn": ROLE_ARN,
        "CreationTime": STARTED, "LastModifiedTime": STARTED, "AutoMLJobStatus": "Completed",
        "AutoMLJobSecondaryStatus": "Completed",
    }
    if best is not None:
        answer["BestCandidate"] = best
    return answer


def stub_sagemaker(recorder, best=None, pages=None, describe=True):
    """A SageMaker client answering DescribeAutoMLJobV2 (unless not ``describe``) and the candidate pages."""
    sagemaker = aws_client("sagemaker")
    stubber = Stubber(sagemaker)
    if describe:
        stubber.add_response("describe_auto_ml_job_v2", description(best), {"AutoMLJobName": "job-1"})
    for index, page in enumerate(pages or []):
        answer = {"Candidates": page}
        expected = {"AutoMLJobName": "job-1", "MaxResults": 100}
        if index + 1 < len(pages):
            answer["NextToken"] = f"t{index + 1}"
        if index:
            expected["NextToken"] = f"t{index}"
        stubber.add_response("list_candidates_for_auto_ml_job", answer, expected)
    stubber.activate()
    recorder.override("sagemaker", sagemaker)
    return stubber


@pytest.fixture
def clocked(recorder):
    recorder.install(clock=lambda: LOADED_AT)
    return recorder


def call(udf_name, wrapper, job_name="job-1"):
    row = as_row(dict(job_name=job_name, aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION),
                 udf_name)
    return run_udf(udf_name, wrapper, [row], connections())


def test_candidates_udf_emits_the_ranked_leaderboard_of_all_pages(clocked):
    stub_sagemaker(clocked, best=candidate("b", 0.8, 9),
                   pages=[[candidate("a", 0.6, 5), candidate("b", 0.8, 9)], [candidate("c", 0.7, 7)]])
    rows = call("SME_AUTOPILOT_CANDIDATES_UDF", wrappers.candidates())
    assert rows == [
        ("job-1", "b", 1, True, "XGBoost", "F1", "Maximize", 0.8, "Completed", "Succeeded", None,
         datetime(2026, 3, 1, 10, 0), datetime(2026, 3, 1, 10, 9), 540.0, LOADED_AT),
        ("job-1", "c", 2, False, "XGBoost", "F1", "Maximize", 0.7, "Completed", "Succeeded", None,
         datetime(2026, 3, 1, 10, 0), datetime(2026, 3, 1, 10, 7), 420.0, LOADED_AT),
        ("job-1", "a", 3, False, "XGBoost", "F1", "Maximize", 0.6, "Completed", "Succeeded", None,
         datetime(2026, 3, 1, 10, 0), datetime(2026, 3, 1, 10, 5), 300.0, LOADED_AT),
    ]


def test_candidate_metrics_udf_emits_every_metric_in_long_form(clocked):
    stub_sagemaker(clocked, pages=[[candidate("a", 0.6, 5)], [candidate("b", 0.8, 9)]], describe=False)
    rows = call("SME_AUTOPILOT_CANDIDATE_METRICS_UDF", wrappers.candidate_metrics())
    assert rows == [("job-1", "a", "Validation", "F1", "F1", 0.6, LOADED_AT),
                    ("job-1", "a", "Train", "Accuracy", "Accuracy", 0.9, LOADED_AT),
                    ("job-1", "b", "Validation", "F1", "F1", 0.8, LOADED_AT),
                    ("job-1", "b", "Train", "Accuracy", "Accuracy", 0.9, LOADED_AT)]


def test_candidates_of_an_unknown_job_are_e_sme_53(recorder):
    sagemaker = aws_client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_client_error("describe_auto_ml_job_v2", "ValidationException",
                                 "Could not find AutoML job with name job-1.", 400)
        recorder.override("sagemaker", sagemaker)
        with raises_sme(error_codes.JOB_NOT_FOUND):
            call("SME_AUTOPILOT_CANDIDATES_UDF", wrappers.candidates())


@pytest.mark.parametrize("udf_name, wrapper", [
    ("SME_AUTOPILOT_CANDIDATES_UDF", wrappers.candidates()),
    ("SME_AUTOPILOT_CANDIDATE_METRICS_UDF", wrappers.candidate_metrics()),
    ("SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF", wrappers.feature_importance()),
    ("SME_AUTOPILOT_MODEL_QUALITY_UDF", wrappers.model_quality()),
])
def test_every_udf_rejects_an_invalid_job_name_before_calling_aws(recorder, udf_name, wrapper):
    with raises_sme(error_codes.INVALID_JOB_NAME):
        call(udf_name, wrapper, job_name="job name with spaces")
    assert recorder.calls == []


ANALYSIS = {"version": "1.0", "explanations": {"kernel_shap": {"label0": {
    "global_shap_values": {"Age": 0.02, "Monthly Fee": 0.31, "select": 0.11}, "expected_value": 0.4}}}}
STATISTICS = {"version": 0.0, "dataset": {"item_count": 120, "evaluation_time": "2026-03-01T10:12:00.000Z"},
              "binary_classification_metrics": {
                  "confusion_matrix": {"0": {"0": 50, "1": 10}, "1": {"0": 5, "1": 55}},
                  "f1": {"value": 0.88, "standard_deviation": 0.01},
                  "auc": {"value": 0.93, "standard_deviation": "NaN"}}}
BEST = candidate("b", 0.8, 9, locations={"Explainability": EXPLAINABILITY, "ModelInsights": INSIGHTS})


def put(bucket, key, body):
    bucket.put_object(Bucket=BUCKET, Key=key, Body=body)


def test_feature_importance_udf_emits_the_best_candidates_ranked_importances(clocked, bucket):
    put(bucket, "ml/job-1/output/job-1/documentation/explainability/output/analysis.json", json.dumps(ANALYSIS))
    stub_sagemaker(clocked, best=BEST)
    rows = call("SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF", wrappers.feature_importance())
    uri = f"{EXPLAINABILITY}/analysis.json"
    assert rows == [("job-1", "b", "label0", "Monthly Fee", 0.31, 1, uri, LOADED_AT),
                    ("job-1", "b", "label0", "select", 0.11, 2, uri, LOADED_AT),
                    ("job-1", "b", "label0", "Age", 0.02, 3, uri, LOADED_AT)]


def test_model_quality_udf_emits_the_scalar_metrics_with_deviations(clocked, bucket):
    put(bucket, "ml/job-1/output/job-1/documentation/model_monitor/output/b/statistics.json",
        json.dumps(STATISTICS))
    stub_sagemaker(clocked, best=BEST)
    rows = call("SME_AUTOPILOT_MODEL_QUALITY_UDF", wrappers.model_quality())
    uri = f"{INSIGHTS}/b/statistics.json"
    assert rows == [("job-1", "b", "binary_classification_metrics", "f1", 0.88, 0.01, uri, LOADED_AT),
                    ("job-1", "b", "binary_classification_metrics", "auc", 0.93, None, uri, LOADED_AT)]


@pytest.mark.parametrize("best", [None, candidate("b", 0.8, 9)], ids=["no-best-candidate", "no-locations"])
@pytest.mark.parametrize("udf_name, wrapper", [
    ("SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF", wrappers.feature_importance()),
    ("SME_AUTOPILOT_MODEL_QUALITY_UDF", wrappers.model_quality()),
])
def test_insight_udfs_emit_nothing_for_a_job_without_reports(clocked, bucket, best, udf_name, wrapper):
    stub_sagemaker(clocked, best=best)
    assert call(udf_name, wrapper) == []


def test_insight_udf_emits_nothing_when_the_report_file_was_not_written(clocked, bucket):
    put(bucket, "ml/job-1/output/job-1/documentation/explainability/output/report.pdf", b"%PDF")
    stub_sagemaker(clocked, best=BEST)
    assert call("SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF", wrappers.feature_importance()) == []


def test_a_report_that_is_not_json_is_e_sme_101(clocked, bucket):
    put(bucket, "ml/job-1/output/job-1/documentation/model_monitor/output/statistics.json", b"<html>")
    stub_sagemaker(clocked, best=BEST)
    with raises_sme(error_codes.INSIGHT_REPORT_UNREADABLE):
        call("SME_AUTOPILOT_MODEL_QUALITY_UDF", wrappers.model_quality())


@pytest.mark.parametrize("udf_name, module, cls", [
    ("SME_AUTOPILOT_CANDIDATES_UDF", "candidates_udf", "CandidatesUDF"),
    ("SME_AUTOPILOT_CANDIDATE_METRICS_UDF", "candidates_udf", "CandidateMetricsUDF"),
    ("SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF", "insight_udf", "FeatureImportanceUDF"),
    ("SME_AUTOPILOT_MODEL_QUALITY_UDF", "insight_udf", "ModelQualityUDF"),
])
def test_template_is_a_scalar_udf_of_job_connection_region_with_the_four_line_shell(udf_name, module, cls):
    inputs, outputs = template_columns(udf_name)
    assert [(c.name, c.sql_type) for c in inputs] == [
        ("job_name", "VARCHAR(32)"), ("aws_credentials_connection_name", "VARCHAR(128)"), ("aws_region", "VARCHAR(64)")]
    assert (outputs[0].name, outputs[-1].name) == ("JOB_NAME", "LOADED_AT")
    assert template_python(udf_name) == (f"from exasol_sagemaker_extension.udfs.{module} import {cls}\n"
                                         f"udf = {cls}(exa)\ndef run(ctx):\n    return udf.run(ctx)\n")
