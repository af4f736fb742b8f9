"""The CreateTransformJob request and the readers of batch transform answers."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.batch_transform_requests import (build_create_transform_job_request,
                                                                 build_data_processing, output_file_keys,
                                                                 parse_s3_uri, parse_transform_status)
from exasol_sagemaker_extension.errors import InvalidInputError
from exasol_sagemaker_extension.names import validate_transform_job_name

TAGS = [{"Key": "exasol-sme:job", "Value": "churn-1"}]


@pytest.mark.parametrize("keys, features, input_filter, output_filter", [
    (1, 3, "$[1:]", "$[0,4:]"),
    (2, 3, "$[2:]", "$[0,1,5:]"),
    (3, 1, "$[3:]", "$[0,1,2,4:]"),
    (1, 120, "$[1:]", "$[0,121:]"),
])
def test_the_filters_pass_the_features_to_the_model_and_keep_keys_and_answer(keys, features, input_filter,
                                                                               output_filter):
    assert build_data_processing(keys, features) == {
        "InputFilter": input_filter, "OutputFilter": output_filter, "JoinSource": "Input"}


def test_so_many_key_columns_that_the_output_filter_exceeds_63_characters_are_refused():
    with pytest.raises(InvalidInputError) as raised:
        build_data_processing(25, 3)
    assert raised.value.code == error_codes.INVALID_KEY_COLUMNS
    assert "63" in raised.value.message


@pytest.mark.parametrize("keys, features", [(0, 3), (1, 0)])
def test_a_transform_needs_a_key_and_a_feature(keys, features):
    with pytest.raises(InvalidInputError) as raised:
        build_data_processing(keys, features)
    assert raised.value.code == error_codes.INVALID_KEY_COLUMNS


def test_the_request_reads_csv_lines_and_assembles_the_output_by_line():
    request = build_create_transform_job_request(
        "churn-1-bt", "churn-1-bt", "s3://b/p/input/", "s3://b/p/output/", "ml.m5.large", 2, 1, 3, TAGS)
    assert request == {
        "TransformJobName": "churn-1-bt",
        "ModelName": "churn-1-bt",
        "MaxPayloadInMB": 6,
        "BatchStrategy": "MultiRecord",
        "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/p/input/"}},
                           "ContentType": "text/csv", "SplitType": "Line"},
        "TransformOutput": {"S3OutputPath": "s3://b/p/output/", "Accept": "text/csv", "AssembleWith": "Line"},
        "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 2},
        "DataProcessing": {"InputFilter": "$[1:]", "OutputFilter": "$[0,4:]", "JoinSource": "Input"},
        "Tags": TAGS,
    }


@pytest.mark.parametrize("uri, bucket, prefix", [
    ("s3://bkt/p/input/", "bkt", "p/input/"),
    ("s3://my-bucket/a/b/output", "my-bucket", "a/b/output/"),
])
def test_s3_uris_are_split_into_bucket_and_prefix_ending_with_a_slash(uri, bucket, prefix):
    location = parse_s3_uri(uri)
    assert (location.bucket, location.prefix, location.uri) == (bucket, prefix, f"s3://{bucket}/{prefix}")


@pytest.mark.parametrize("uri", ["https://b/p/", "s3://b", "s3:///p/", "s3://b/", None, "s3://b/p/",
                                 "s3://My_Bucket/p/", "s3://bucket'; --/p/"])
def test_other_s3_locations_are_refused(uri):
    with pytest.raises(InvalidInputError):
        parse_s3_uri(uri)


def test_only_non_empty_out_files_directly_under_the_output_prefix_are_loaded():
    objects = [{"Key": "p/out/part-002.csv.out", "Size": 10}, {"Key": "p/out/part-001.csv.out", "Size": 5},
               {"Key": "p/out/part-003.csv.out", "Size": 0}, {"Key": "p/out/sub/x.out", "Size": 3},
               {"Key": "p/out/manifest.json", "Size": 3}, {"Key": "p/other.out", "Size": 3}]
    assert output_file_keys(objects, "p/out/") == ["p/out/part-001.csv.out", "p/out/part-002.csv.out"]


@pytest.mark.parametrize("describe, expected", [
    ({"TransformJobStatus": "Completed", "FailureReason": ""}, ("Completed", None)),
    ({"TransformJobStatus": "Failed", "FailureReason": "ClientError: bad"}, ("Failed", "ClientError: bad")),
    ({"TransformJobStatus": "InProgress"}, ("InProgress", None)),
])
def test_the_status_and_failure_reason_are_read(describe, expected):
    assert parse_transform_status(describe) == expected


@pytest.mark.parametrize("name", ["a", "churn-1-bt-20260101120000", "x" * 63, "A-b--c9"])
def test_transform_job_names_follow_aws_rule(name):
    assert validate_transform_job_name(name) == name


@pytest.mark.parametrize("name", ["", "x" * 64, "-a", "a-", "a_b", "a b", None])
def test_other_transform_job_names_are_refused_with_e_sme_160(name):
    with pytest.raises(InvalidInputError) as raised:
        validate_transform_job_name(name)
    assert raised.value.code == error_codes.INVALID_TRANSFORM_JOB_NAME
