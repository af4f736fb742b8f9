"""The UDF texts of the lifecycle UDFs (stop, state, job data deletion, sweep) as udf-mock wrappers."""
from __future__ import annotations


def job_stop():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.job_stop_udf import JobStopUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = JobStopUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper


def resource_state():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.resource_state_udf import ResourceStateUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = ResourceStateUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper


def job_data_deletion():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.job_data_deletion_udf import JobDataDeletionUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = JobDataDeletionUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper


def endpoint_sweep():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.endpoint_sweep_udf import EndpointSweepUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = EndpointSweepUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper
