CREATE OR REPLACE PYTHON3_SME SET SCRIPT "ML"."churn-endpoint"("ID" DECIMAL(18,0), "Mixed Case" VARCHAR(100) UTF8, "SELECT" DOUBLE)
EMITS ("ID" DECIMAL(18,0), "Mixed Case" VARCHAR(100) UTF8, "SELECT" DOUBLE, "PROBABILITY" DOUBLE, "PREDICTIONS" VARCHAR(10) UTF8) AS
from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF
udf = PredictionUDF(exa, endpoint_name='churn-endpoint', connection_name='AWS_CONN', aws_region='eu-central-1', problem_type='BinaryClassification')
def run(ctx):
    return udf.run(ctx)
