"""Every fixed UDF with its udf-mock wrapper and arguments that work, so hostile input and secret checks run
through each one. A new UDF is covered by adding a row to UDF_CASES; tests fail for a UDF of UDF_NAMES that
has no row and is not in NOT_YET_COVERED."""
from __future__ import annotations

import json
from typing import Callable, NamedTuple

from tests.integration.udfs import (batch_transform_wrappers, candidate_udf_wrappers, lifecycle_udf_wrappers,
                                     udf_wrappers)
from tests.integration.udfs.conftest import BUCKET, CONNECTION_NAME, REGION, ROLE_ARN

# UDFs added while this registry was written; the lead moves each into UDF_CASES (a wrapper in
# tests/integration/udfs/udf_wrappers.py and its arguments) once its interface is settled.
NOT_YET_COVERED: frozenset[str] = frozenset()

# Parameters whose value becomes an AWS name, a region or an instance type: a value with any character
# AWS does not allow there must be refused before any request is sent. (resource_name is a job's or an
# endpoint's name, depending on resource_kind.)
AWS_NAME_PARAMETERS = frozenset({"job_name", "endpoint_name", "aws_region", "instance_type",
                                 "aws_credentials_connection_name", "transform_job_name", "resource_name",
                                 "candidate_name"})
# Parameters that name an S3 bucket (s3://<bucket> or s3://<bucket>/<prefix>/): a bucket name AWS does not
# allow must be refused before any request is sent.
S3_LOCATION_PARAMETERS = frozenset({"s3_bucket_uri", "input_s3_uri", "output_s3_uri"})


class UdfCase(NamedTuple):
    """One UDF: its wrapper and the arguments of a call that works against moto."""

    wrapper: Callable[[], Callable]
    arguments: dict


COMMON = {"aws_credentials_connection_name": CONNECTION_NAME, "aws_region": REGION}
TRANSFORM_PREFIX = "ml/job-1/batch-transform/job-1-scores/"
UDF_CASES: dict[str, UdfCase] = {
    "SME_AUTOPILOT_TRAINING_UDF": UdfCase(udf_wrappers.training, {
        **COMMON, "job_name": "job-1", "iam_sagemaker_role": ROLE_ARN, "s3_bucket_uri": f"s3://{BUCKET}",
        "s3_output_path": "ml/autopilot", "exported_files": json.dumps(["ml/autopilot/job-1/training-data/part-1.csv"]),
        "target_attribute_name": "y", "problem_type": "Regression", "objective": "MSE", "max_candidates": 1}),
    "SME_AUTOPILOT_JOB_STATUS_POLLING_UDF": UdfCase(udf_wrappers.polling, {**COMMON, "job_name": "job-1"}),
    "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF": UdfCase(udf_wrappers.deployment, {
        **COMMON, "job_name": "job-1", "endpoint_name": "ep-1", "instance_type": "ml.m5.large", "instance_count": 1}),
    "SME_AUTOPILOT_ENDPOINT_DELETION_UDF": UdfCase(udf_wrappers.deletion, {**COMMON, "endpoint_name": "ep-1"}),
    "SME_ENDPOINT_DESCRIPTION_UDF": UdfCase(udf_wrappers.endpoint_description, {**COMMON, "endpoint_name": "ep-1"}),
    "SME_BATCH_TRANSFORM_START_UDF": UdfCase(batch_transform_wrappers.start, {
        **COMMON, "transform_job_name": "job-1-scores", "job_name": "job-1", "candidate_name": "job-1-002-xgboost",
        "input_s3_uri": f"s3://{BUCKET}/{TRANSFORM_PREFIX}input/",
        "output_s3_uri": f"s3://{BUCKET}/{TRANSFORM_PREFIX}output/",
        "key_column_count": 1, "feature_column_count": 3, "instance_type": "ml.m5.large", "instance_count": 1}),
    "SME_BATCH_TRANSFORM_WAIT_UDF": UdfCase(batch_transform_wrappers.wait, {
        **COMMON, "transform_job_name": "job-1-scores", "output_s3_uri": f"s3://{BUCKET}/{TRANSFORM_PREFIX}output/",
        "max_wait_in_seconds": 60}),
    "SME_AUTOPILOT_CANDIDATES_UDF": UdfCase(candidate_udf_wrappers.candidates, {**COMMON, "job_name": "job-1"}),
    "SME_AUTOPILOT_CANDIDATE_METRICS_UDF": UdfCase(candidate_udf_wrappers.candidate_metrics,
                                                   {**COMMON, "job_name": "job-1"}),
    "SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF": UdfCase(candidate_udf_wrappers.feature_importance,
                                                    {**COMMON, "job_name": "job-1"}),
    "SME_AUTOPILOT_MODEL_QUALITY_UDF": UdfCase(candidate_udf_wrappers.model_quality, {**COMMON, "job_name": "job-1"}),
    "SME_AUTOPILOT_JOB_STOP_UDF": UdfCase(lifecycle_udf_wrappers.job_stop, {**COMMON, "job_name": "job-1"}),
    "SME_AWS_RESOURCE_STATE_UDF": UdfCase(lifecycle_udf_wrappers.resource_state, {
        **COMMON, "resource_kind": "JOB", "resource_name": "job-1"}),
    "SME_AUTOPILOT_JOB_DATA_DELETION_UDF": UdfCase(lifecycle_udf_wrappers.job_data_deletion, {
        **COMMON, "job_name": "job-1", "s3_bucket_uri": f"s3://{BUCKET}", "s3_output_path": "ml",
        "delete_model_artifacts": True}),
    "SME_AWS_ENDPOINT_SWEEP_UDF": UdfCase(lifecycle_udf_wrappers.endpoint_sweep, {
        **COMMON, "known_endpoints": json.dumps(["ep-1"]), "delete_found": True}),
}
