"""SME_ENDPOINT_DESCRIPTION_UDF: an endpoint's status and kind, read without changing anything."""
import pytest

from exasol_sagemaker_extension import error_codes
from tests.integration.udfs import udf_wrappers
from tests.integration.udfs.conftest import CONNECTION_NAME, REGION, ROLE_ARN, aws_client, connections, raises_sme
from tests.integration.udfs.udf_runner import as_row, run_udf

UDF = "SME_ENDPOINT_DESCRIPTION_UDF"


def describe(endpoint="their-ep"):
    values = dict(endpoint_name=endpoint, aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION)
    return run_udf(UDF, udf_wrappers.endpoint_description(), [as_row(values, UDF)], connections())


def someone_elses_endpoint(variant):
    sagemaker = aws_client("sagemaker")
    sagemaker.create_model(ModelName="their-model", ExecutionRoleArn=ROLE_ARN, Containers=[{"Image": "theirs"}])
    sagemaker.create_endpoint_config(EndpointConfigName="their-config", ProductionVariants=[
        {"VariantName": "v1", "ModelName": "their-model", **variant}])
    sagemaker.create_endpoint(EndpointName="their-ep", EndpointConfigName="their-config")


@pytest.mark.parametrize("variant, kind", [
    ({"ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 3}}, "SERVERLESS"),
    ({"InstanceType": "ml.m5.large", "InitialInstanceCount": 1}, "REAL_TIME"),
])
def test_the_kind_comes_from_the_endpoints_own_config(recorder, variant, kind):
    someone_elses_endpoint(variant)
    assert describe() == [("their-ep", "InService", kind)]
    assert set(recorder.operations()) == {"DescribeEndpoint", "DescribeEndpointConfig"}


def test_an_unknown_endpoint_is_e_sme_70(recorder):
    with raises_sme(error_codes.ENDPOINT_NOT_FOUND):
        describe("nobody-has-this")


def test_an_invalid_endpoint_name_is_e_sme_5_before_calling_aws(recorder):
    with raises_sme(error_codes.INVALID_ENDPOINT_NAME):
        describe("bad_name")
    assert recorder.calls == []
