"""The prediction UDF's database text, in the shape the deploy script generates.

The mock runs only the body of ``udf_wrapper`` with ``exa`` in scope; tests put the constructor
arguments a generated UDF would carry literally into ``exa.prediction_udf_arguments``.
"""


def udf_wrapper():
    from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF

    udf = PredictionUDF(exa, **exa.prediction_udf_arguments)  # noqa: F821 (exa is given by the UDF runtime)

    def run(ctx):
        return udf.run(ctx)
