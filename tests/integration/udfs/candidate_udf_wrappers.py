"""The UDF text of the leaderboard and insight UDFs as udf-mock wrappers (options as in udf_wrappers)."""
from __future__ import annotations


def candidates():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.candidates_udf import CandidatesUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = CandidatesUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper


def candidate_metrics():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.candidates_udf import CandidateMetricsUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = CandidateMetricsUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper


def feature_importance():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.insight_udf import FeatureImportanceUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = FeatureImportanceUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper


def model_quality():
    def udf_wrapper():
        from exasol_sagemaker_extension.udfs.insight_udf import ModelQualityUDF
        from tests.integration.udfs.udf_wrappers import options
        udf = ModelQualityUDF(exa, **options(exa))
        def run(ctx):
            return udf.run(ctx)
    return udf_wrapper
