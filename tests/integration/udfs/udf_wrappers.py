"""The UDF text of each fixed UDF, as udf-mock wrappers; tests choose the constructor options.

With no options set, each wrapper is exactly the template's Python shell, ``<Class>(exa)``.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

_options: Optional[Callable[[Any], dict]] = None


def use_options(build: Optional[Callable[[Any], dict]]) -> None:
    """Let the next UDF runs construct their class with ``build(exa)`` as keyword arguments."""
    global _options
    _options = build


def options(exa: Any) -> dict:
    """Constructor keyword arguments for the UDF class under test."""
    return _options(exa) if _options else {}


def training():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.training_udf import TrainingUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = TrainingUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper


def polling():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.job_status_polling_udf import JobStatusPollingUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = JobStatusPollingUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper


def deployment():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.endpoint_deployment_udf import EndpointDeploymentUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = EndpointDeploymentUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper


def deletion():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.endpoint_deletion_udf import EndpointDeletionUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = EndpointDeletionUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper


def endpoint_description():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.endpoint_description_udf import EndpointDescriptionUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = EndpointDescriptionUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper
