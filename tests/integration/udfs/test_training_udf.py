import json

import pytest
from botocore.stub import Stubber
from moto.core import set_initial_no_auth_action_count

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.resource_tags import build_resource_tags
from tests.integration.udfs import udf_wrappers
from tests.integration.udfs.conftest import (ACCOUNT_ID, BUCKET, CONNECTION_NAME, REGION, ROLE_ARN,
                                             aws_client, connections, raises_sme, sagemaker_backend)
from tests.integration.udfs.udf_runner import as_row, run_udf

UDF = "SME_AUTOPILOT_TRAINING_UDF"
PREFIX = "ml/autopilot/job-1/training-data/"
EXPORTED = [PREFIX + "part-1.csv", PREFIX + "part-2.csv"]
JOB_ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT_ID}:automl-job/job-1"


def parameters(**overrides):
    values = dict(job_name="job-1", aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION,
                  iam_sagemaker_role=ROLE_ARN, s3_bucket_uri=f"s3://{BUCKET}",
                  s3_output_path="ml/autopilot", exported_files=json.dumps(EXPORTED),
                  target_attribute_name="Churn", problem_type="BinaryClassification",
                  max_candidates=2)  # moto needs ProblemType and CompletionCriteria; AWS does not
    values.update(overrides)
    return values


def train(rows, conns=None):
    return run_udf(UDF, udf_wrappers.training(), rows, connections(**(conns or {})))


def put(s3, *keys):
    for key in keys:
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"a,b\n1,2\n")


def expected_request(**changes):
    request = {
        "AutoMLJobName": "job-1",
        "AutoMLJobInputDataConfig": [{
            "ChannelType": "training", "ContentType": "text/csv;header=present",
            "CompressionType": "None",
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/{PREFIX}"}}}],
        "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/ml/autopilot/job-1/output"},
        "AutoMLProblemTypeConfig": {"TabularJobConfig": {
            "TargetAttributeName": "Churn", "ProblemType": "BinaryClassification",
            "CompletionCriteria": {"MaxCandidates": 2}}},
        "RoleArn": ROLE_ARN,
        "AutoMLJobObjective": {"MetricName": "F1"},  # AWS takes ProblemType only with an objective
        "Tags": build_resource_tags("SME", "sys", "job-1"),  # udf-mock: schema SME, user sys
    }
    request.update(changes)
    return request


def test_training_tags_the_job_with_its_schema_user_and_name(recorder, bucket):
    put(bucket, *EXPORTED)
    train([as_row(parameters(), UDF)])
    arn = sagemaker_backend().auto_ml_jobs["job-1"].arn
    assert {tag["Key"]: tag["Value"] for tag in aws_client("sagemaker").list_tags(ResourceArn=arn)["Tags"]} == {
        "exasol-sme:schema": "SME", "exasol-sme:user": "sys", "exasol-sme:job": "job-1"}


def test_training_starts_the_job_with_exactly_the_request_autopilot_needs(recorder, bucket):
    put(bucket, *EXPORTED)
    rows = train([as_row(parameters(), UDF)])
    assert rows == [("job-1", JOB_ARN)]
    assert recorder.requests("CreateAutoMLJobV2") == [expected_request()]
    assert "job-1" in sagemaker_backend().auto_ml_jobs


def test_training_passes_objective_and_every_limit_given(recorder, bucket):
    put(bucket, *EXPORTED)
    train([as_row(parameters(problem_type="Regression", objective="RMSE", max_candidates=3,
                             max_runtime_per_training_job_in_seconds=600,
                             max_runtime_for_automl_job_in_seconds=3600), UDF)])
    request = recorder.requests("CreateAutoMLJobV2")[0]
    assert request["AutoMLJobObjective"] == {"MetricName": "RMSE"}
    assert request["AutoMLProblemTypeConfig"]["TabularJobConfig"] == {
        "TargetAttributeName": "Churn", "ProblemType": "Regression",
        "CompletionCriteria": {"MaxCandidates": 3, "MaxRuntimePerTrainingJobInSeconds": 600,
                               "MaxAutoMLJobRuntimeInSeconds": 3600}}


def test_training_reads_the_legacy_json_objective(recorder, bucket):
    put(bucket, *EXPORTED)
    train([as_row(parameters(objective='{"MetricName": "F1"}'), UDF)])
    assert recorder.requests("CreateAutoMLJobV2")[0]["AutoMLJobObjective"] == {"MetricName": "F1"}


def test_training_leaves_out_problem_type_objective_and_limits_the_user_left_out(recorder, bucket):
    # moto cannot take such a request, so SageMaker is stubbed; the stub checks the exact parameters
    put(bucket, *EXPORTED)
    sagemaker = aws_client("sagemaker")
    request = expected_request(AutoMLProblemTypeConfig={"TabularJobConfig": {"TargetAttributeName": "Churn"}})
    del request["AutoMLJobObjective"]
    with Stubber(sagemaker) as stubber:
        stubber.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": JOB_ARN}, request)
        recorder.override("sagemaker", sagemaker)
        rows = train([as_row(parameters(problem_type=None, max_candidates=None), UDF)])
        stubber.assert_no_pending_responses()
    assert rows == [("job-1", JOB_ARN)]


def test_training_turns_a_role_name_into_the_arn_of_the_callers_account(recorder, bucket):
    put(bucket, *EXPORTED)
    train([as_row(parameters(iam_sagemaker_role="SageMakerRole"), UDF)])
    assert recorder.operations("sts") == ["GetCallerIdentity"]
    assert recorder.requests("CreateAutoMLJobV2")[0]["RoleArn"] == \
        f"arn:aws:iam::{ACCOUNT_ID}:role/SageMakerRole"


def test_training_with_a_role_arn_does_not_ask_sts(recorder, bucket):
    put(bucket, *EXPORTED)
    train([as_row(parameters(), UDF)])
    assert recorder.operations("sts") == []


def test_training_lists_the_jobs_training_data_prefix(recorder, bucket):
    put(bucket, *EXPORTED)
    train([as_row(parameters(), UDF)])
    assert [(r["Bucket"], r["Prefix"]) for r in recorder.requests("ListObjectsV2")] == [(BUCKET, PREFIX)]


def test_training_refuses_files_under_the_prefix_that_the_export_did_not_write(recorder, bucket):
    put(bucket, *EXPORTED, PREFIX + "old-part-9.csv")
    with raises_sme(error_codes.FOREIGN_TRAINING_FILES) as raised:
        train([as_row(parameters(), UDF)])
    assert f"s3://{BUCKET}/{PREFIX} holds files that this export did not write: {PREFIX}old-part-9.csv" \
        in str(raised.value)
    assert recorder.requests("CreateAutoMLJobV2") == []
    assert sagemaker_backend().auto_ml_jobs == {}


def test_training_ignores_files_of_another_job_whose_name_starts_alike(recorder, bucket):
    put(bucket, *EXPORTED, "ml/autopilot/job-10/training-data/part-1.csv")
    assert train([as_row(parameters(), UDF)]) == [("job-1", JOB_ARN)]


@pytest.mark.parametrize("overrides, code", [
    ({"job_name": "j" * 33}, error_codes.INVALID_JOB_NAME),
    ({"job_name": "job_1"}, error_codes.INVALID_JOB_NAME),
    ({"aws_region": "Frankfurt"}, error_codes.INVALID_REGION),
    ({"iam_sagemaker_role": "role with spaces"}, error_codes.INVALID_IAM_ROLE),
    ({"s3_bucket_uri": f"s3://{BUCKET}/path"}, error_codes.INVALID_S3_BUCKET_URI),
    ({"s3_output_path": "../up"}, error_codes.INVALID_S3_OUTPUT_PATH),
    ({"exported_files": "part-1.csv"}, error_codes.INVALID_JSON),
    ({"target_attribute_name": ""}, error_codes.INVALID_IDENTIFIER),
    ({"problem_type": "Clustering"}, error_codes.INVALID_PROBLEM_TYPE),
    ({"objective": "RMSE"}, error_codes.INVALID_OBJECTIVE),
    ({"max_candidates": 0}, error_codes.INVALID_LIMIT),
])
def test_training_validates_its_inputs_before_calling_aws(recorder, overrides, code):
    with raises_sme(code):
        train([as_row(parameters(**overrides), UDF)])
    assert recorder.clients_built == [] and recorder.calls == []


def test_training_a_job_name_already_taken_raises_e_sme_58(recorder, bucket):
    put(bucket, *EXPORTED)
    train([as_row(parameters(), UDF)])
    with raises_sme(error_codes.RESOURCE_ALREADY_EXISTS):
        train([as_row(parameters(), UDF)])


def test_training_into_a_missing_bucket_names_the_bucket(recorder):
    with raises_sme(error_codes.AWS_CALL_FAILED) as raised:
        train([as_row(parameters(), UDF)])
    assert f"S3 bucket {BUCKET} was not found" in str(raised.value)


def test_training_without_the_connection_raises_e_sme_50(recorder, bucket):
    with raises_sme(error_codes.CONNECTION_NOT_USABLE) as raised:
        run_udf(UDF, udf_wrappers.training(), [as_row(parameters(), UDF)], connections={})
    assert CONNECTION_NAME in str(raised.value)


@pytest.mark.parametrize("role", ["SageMakerRole", ROLE_ARN])
def test_training_with_credentials_aws_does_not_know_raises_e_sme_52_without_the_secret(recorder, bucket,
                                                                                       role):
    put(bucket, *EXPORTED)
    with raises_sme(error_codes.AWS_ACCESS_DENIED) as raised:
        set_initial_no_auth_action_count(0)(train)([as_row(parameters(iam_sagemaker_role=role), UDF)])
    assert "CONNECTION" in str(raised.value)
    assert sagemaker_backend().auto_ml_jobs == {}


def test_training_builds_each_client_once_per_udf_instance(recorder, bucket):
    put(bucket, *EXPORTED, "ml/autopilot/job-2/training-data/part-1.csv")
    rows = train([as_row(parameters(), UDF),
                  as_row(parameters(job_name="job-2", exported_files=json.dumps(
                      ["ml/autopilot/job-2/training-data/part-1.csv"])), UDF)])
    assert [row[0] for row in rows] == ["job-1", "job-2"]
    assert sorted(recorder.clients_built) == [("s3", CONNECTION_NAME, REGION),
                                              ("sagemaker", CONNECTION_NAME, REGION)]


def test_training_through_the_plain_udf_shell_uses_the_connections_credentials(bucket):
    put(bucket, *EXPORTED)
    assert train([as_row(parameters(), UDF)]) == [("job-1", JOB_ARN)]


@pytest.mark.parametrize("problem_type, objective", [
    ("BinaryClassification", "F1"), ("MulticlassClassification", "Accuracy"), ("Regression", "MSE"),
])
def test_training_gives_a_problem_type_without_objective_autopilots_default_objective(
        recorder, bucket, problem_type, objective):
    put(bucket, *EXPORTED)
    train([as_row(parameters(problem_type=problem_type), UDF)])
    assert recorder.requests("CreateAutoMLJobV2")[0]["AutoMLJobObjective"] == {"MetricName": objective}


def test_training_refuses_an_objective_without_problem_type_before_calling_aws(recorder, bucket):
    put(bucket, *EXPORTED)
    with pytest.raises(Exception, match="E-SME-9: objective F1 is given without a problem_type"):
        train([as_row(parameters(problem_type=None, objective="F1"), UDF)])
    assert recorder.requests("CreateAutoMLJobV2") == []
