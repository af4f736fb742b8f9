"""The UDF texts of the batch transform UDFs, as udf-mock wrappers (options as in ``udf_wrappers``)."""
from __future__ import annotations


def start():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.batch_transform_start_udf import BatchTransformStartUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = BatchTransformStartUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper


def wait():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.batch_transform_wait_udf import BatchTransformWaitUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = BatchTransformWaitUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper
