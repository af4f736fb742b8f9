"""The CREATE templates of the four AWS-side UDFs, rendered as the deploy CLI renders them."""
import pytest

from exasol_sagemaker_extension.udfs.endpoint_deletion_udf import EndpointDeletionUDF
from exasol_sagemaker_extension.udfs.endpoint_deployment_udf import EndpointDeploymentUDF
from exasol_sagemaker_extension.udfs.endpoint_description_udf import EndpointDescriptionUDF
from exasol_sagemaker_extension.udfs.job_status_polling_udf import JobStatusPollingUDF
from exasol_sagemaker_extension.udfs.training_udf import TrainingUDF
from tests.integration.udfs.udf_runner import render_udf, template_columns, template_python

UDFS = {
    "SME_AUTOPILOT_TRAINING_UDF": ("training_udf", TrainingUDF),
    "SME_AUTOPILOT_JOB_STATUS_POLLING_UDF": ("job_status_polling_udf", JobStatusPollingUDF),
    "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF": ("endpoint_deployment_udf", EndpointDeploymentUDF),
    "SME_AUTOPILOT_ENDPOINT_DELETION_UDF": ("endpoint_deletion_udf", EndpointDeletionUDF),
    "SME_ENDPOINT_DESCRIPTION_UDF": ("endpoint_description_udf", EndpointDescriptionUDF),
}
SIGNATURES = {
    "SME_AUTOPILOT_TRAINING_UDF": (
        "job_name VARCHAR(32), aws_credentials_connection_name VARCHAR(128), aws_region VARCHAR(64), "
        "iam_sagemaker_role VARCHAR(2048), s3_bucket_uri VARCHAR(2048), s3_output_path VARCHAR(2048), "
        "exported_files VARCHAR(2000000), target_attribute_name VARCHAR(128), problem_type VARCHAR(64), "
        "objective VARCHAR(64), max_runtime_for_automl_job_in_seconds DECIMAL(18,0), "
        "max_candidates DECIMAL(18,0), max_runtime_per_training_job_in_seconds DECIMAL(18,0)",
        "JOB_NAME VARCHAR(32), JOB_ARN VARCHAR(2048)"),
    "SME_AUTOPILOT_JOB_STATUS_POLLING_UDF": (
        "job_name VARCHAR(32), aws_credentials_connection_name VARCHAR(128), aws_region VARCHAR(64)",
        "JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64), FAILURE_REASON VARCHAR(4096)"),
    "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF": (
        "job_name VARCHAR(32), endpoint_name VARCHAR(63), instance_type VARCHAR(128), "
        "instance_count DECIMAL(9,0), aws_credentials_connection_name VARCHAR(128), aws_region VARCHAR(64), "
        "candidate_name VARCHAR(64), serverless_memory_size_in_mb DECIMAL(9,0), serverless_max_concurrency DECIMAL(9,0)",
        "ENDPOINT_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64), PROBLEM_TYPE VARCHAR(64), CANDIDATE_NAME VARCHAR(64)"),
    "SME_ENDPOINT_DESCRIPTION_UDF": (
        "endpoint_name VARCHAR(63), aws_credentials_connection_name VARCHAR(128), aws_region VARCHAR(64)",
        "ENDPOINT_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64), ENDPOINT_KIND VARCHAR(16)"),
    "SME_AUTOPILOT_ENDPOINT_DELETION_UDF": (
        "endpoint_name VARCHAR(63), aws_credentials_connection_name VARCHAR(128), aws_region VARCHAR(64)",
        "RESOURCE_TYPE VARCHAR(32), RESOURCE_NAME VARCHAR(128), ACTION VARCHAR(32)"),
}


def signature(columns):
    return ", ".join(f"{column.name} {column.sql_type}" for column in columns)


@pytest.mark.parametrize("udf_name", sorted(UDFS))
def test_template_creates_a_scalar_emits_udf_in_the_quoted_schema(udf_name):
    assert render_udf(udf_name, schema='My "Schema"').startswith(
        f'CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "My ""Schema"""."{udf_name}"(\n')


@pytest.mark.parametrize("udf_name", sorted(UDFS))
def test_template_declares_the_parameters_and_columns_of_the_developer_guide(udf_name):
    inputs, outputs = template_columns(udf_name)
    assert (signature(inputs), signature(outputs)) == SIGNATURES[udf_name]


@pytest.mark.parametrize("udf_name", sorted(UDFS))
def test_template_body_is_the_four_line_shell_and_ends_without_a_slash(udf_name):
    module, cls = UDFS[udf_name]
    assert template_python(udf_name) == (
        f"from exasol_sagemaker_extension.udfs.{module} import {cls.__name__}\n"
        f"udf = {cls.__name__}(exa)\n"
        "def run(ctx):\n"
        "    return udf.run(ctx)\n")


@pytest.mark.parametrize("udf_name", sorted(UDFS))
def test_template_shell_builds_the_udf_class_with_production_defaults(udf_name):
    namespace = {"exa": object()}
    exec(compile(template_python(udf_name), udf_name, "exec"), namespace)
    assert isinstance(namespace["udf"], UDFS[udf_name][1]) and callable(namespace["run"])
