"""SME_AUTOPILOT_JOB_DATA_DELETION_UDF against moto: the job's own prefixes go, nothing else does."""
from __future__ import annotations

from botocore.stub import ANY, Stubber

from exasol_sagemaker_extension import error_codes
from tests.integration.udfs import lifecycle_udf_wrappers
from tests.integration.udfs.conftest import (BUCKET, CONNECTION_NAME, REGION, aws_client, connections, raises_sme,
                                             set_job_state, start_moto_job)
from tests.integration.udfs.udf_runner import as_row, run_udf

UDF = "SME_AUTOPILOT_JOB_DATA_DELETION_UDF"
OTHER_KEYS = ["ml/job-10/training-data/part-001.csv", "ml/other.csv", "ml/job-1-old/training-data/part-001.csv"]
EXPORT_KEYS = ["ml/job-1/training-data/part-001.csv", "ml/job-1/training-data/part-002.csv"]
MODEL_KEYS = ["ml/job-1/output/job-1/candidates/c1/model.joblib", "ml/job-1/output/job-1/report.json"]


def delete_data(job_name="job-1", delete_model_artifacts=False):
    row = as_row(dict(job_name=job_name, aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION,
                      s3_bucket_uri=f"s3://{BUCKET}", s3_output_path="ml",
                      delete_model_artifacts=delete_model_artifacts), UDF)
    return run_udf(UDF, lifecycle_udf_wrappers.job_data_deletion(), [row], connections())


def put(s3, keys):
    for key in keys:
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"x")


def keys(s3):
    return sorted(item["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
                  for item in page.get("Contents", []))


def completed_job_with_data(s3):
    start_moto_job("job-1")
    set_job_state("job-1", "Completed", "Completed")
    put(s3, EXPORT_KEYS + MODEL_KEYS + OTHER_KEYS)


def test_the_export_is_deleted_and_nothing_else(recorder, bucket):
    completed_job_with_data(bucket)
    assert delete_data() == [("Completed", "Completed", "TRAINING_DATA",
                              f"s3://{BUCKET}/ml/job-1/training-data/", 2)]
    assert keys(bucket) == sorted(MODEL_KEYS + OTHER_KEYS)


def test_model_artefacts_go_too_when_asked(recorder, bucket):
    completed_job_with_data(bucket)
    rows = delete_data(delete_model_artifacts=True)
    assert [(row[2], row[3], row[4]) for row in rows] == [
        ("TRAINING_DATA", f"s3://{BUCKET}/ml/job-1/training-data/", 2),
        ("MODEL_ARTIFACTS", f"s3://{BUCKET}/ml/job-1/output/", 2)]
    assert keys(bucket) == sorted(OTHER_KEYS)


def test_a_second_run_finds_nothing_left(recorder, bucket):
    completed_job_with_data(bucket)
    delete_data()
    assert delete_data()[0][4] == 0


def test_more_than_a_thousand_objects_go_in_batches(recorder, bucket):
    start_moto_job("job-1")
    set_job_state("job-1", "Stopped", "Stopped")
    put(bucket, [f"ml/job-1/training-data/part-{i:04d}.csv" for i in range(1001)])
    assert delete_data()[0][4] == 1001
    assert [len(request["Delete"]["Objects"]) for request in recorder.requests("DeleteObjects")] == [1000, 1]
    assert keys(bucket) == []


def test_a_running_job_is_refused_with_e_sme_140_and_nothing_is_deleted(recorder, bucket):
    completed_job_with_data(bucket)
    set_job_state("job-1", "InProgress", "ModelTuning")
    with raises_sme(error_codes.JOB_STILL_RUNNING) as raised:
        delete_data()
    assert "InProgress (ModelTuning)" in str(raised.value) and "SME_STOP_SAGEMAKER_AUTOPILOT_JOB" in str(raised.value)
    assert keys(bucket) == sorted(EXPORT_KEYS + MODEL_KEYS + OTHER_KEYS)


def test_a_job_unknown_to_aws_is_e_sme_53_and_nothing_is_deleted(recorder, bucket):
    put(bucket, EXPORT_KEYS)
    with raises_sme(error_codes.JOB_NOT_FOUND):
        delete_data()
    assert keys(bucket) == sorted(EXPORT_KEYS)


def test_objects_s3_refuses_to_delete_are_e_sme_141(recorder, bucket):
    completed_job_with_data(bucket)
    s3 = aws_client("s3")
    with Stubber(s3) as stubber:
        stubber.add_response("list_objects_v2", {"Contents": [{"Key": key} for key in EXPORT_KEYS],
                                                 "IsTruncated": False}, {"Bucket": BUCKET, "Prefix": ANY})
        stubber.add_response("delete_objects", {"Errors": [{"Key": EXPORT_KEYS[1], "Code": "AccessDenied",
                                                            "Message": "Access Denied"}]})
        recorder.override("s3", s3)
        with raises_sme(error_codes.S3_DELETE_FAILED) as raised:
            delete_data()
    assert f"{EXPORT_KEYS[1]}: AccessDenied Access Denied" in str(raised.value)
    assert "(1 were)" in str(raised.value)
