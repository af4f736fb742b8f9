import pytest

from exasol_sagemaker_extension.deployment_leftovers import is_leftover

MODEL_REQUEST = {
    "ModelName": "ep-1",
    "Containers": [{"Image": "img-1", "ModelDataUrl": "s3://b/m.tar.gz", "Environment": {"A": "1"}}],
    "ExecutionRoleArn": "arn:aws:iam::123456789012:role/R",
    "Tags": [{"Key": "exasol-sme:job", "Value": "job-1"}],
}
MODEL_DESCRIPTION = {
    "ModelName": "ep-1", "PrimaryContainer": {}, "ModelArn": "arn:aws:sagemaker:eu-west-1:123456789012:model/ep-1",
    "Containers": [{"Image": "img-1", "ModelDataUrl": "s3://b/m.tar.gz", "Environment": {"A": "1"},
                    "Mode": "SingleModel"}],
    "ExecutionRoleArn": "arn:aws:iam::123456789012:role/R", "EnableNetworkIsolation": False,
}
CONFIG_REQUEST = {"EndpointConfigName": "ep-1", "ProductionVariants": [{
    "VariantName": "AllTraffic", "ModelName": "ep-1", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1,
    "InitialVariantWeight": 1.0}]}
CONFIG_DESCRIPTION = {"EndpointConfigName": "ep-1", "ProductionVariants": [{
    "VariantName": "AllTraffic", "ModelName": "ep-1", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1,
    "InitialVariantWeight": 1}]}


def test_a_model_described_with_more_keys_than_requested_is_a_leftover():
    assert is_leftover(MODEL_DESCRIPTION, MODEL_REQUEST)


def test_an_endpoint_config_with_the_same_variant_is_a_leftover():
    assert is_leftover(CONFIG_DESCRIPTION, CONFIG_REQUEST)


@pytest.mark.parametrize("change", [
    {"ExecutionRoleArn": "arn:aws:iam::123456789012:role/Other"},
    {"Containers": [{"Image": "img-2", "ModelDataUrl": "s3://b/m.tar.gz", "Environment": {"A": "1"}}]},
    {"Containers": []},
    {"Containers": [{"Image": "img-1", "ModelDataUrl": "s3://b/m.tar.gz", "Environment": {"A": "2"}}]},
])
def test_a_model_that_differs_from_the_request_is_not_a_leftover(change):
    assert not is_leftover({**MODEL_DESCRIPTION, **change}, MODEL_REQUEST)


@pytest.mark.parametrize("variant_change", [{"InstanceType": "ml.c5.xlarge"}, {"InitialInstanceCount": 2},
                                            {"ModelName": "other"}])
def test_an_endpoint_config_with_another_variant_is_not_a_leftover(variant_change):
    described = {**CONFIG_DESCRIPTION,
                 "ProductionVariants": [{**CONFIG_DESCRIPTION["ProductionVariants"][0], **variant_change}]}
    assert not is_leftover(described, CONFIG_REQUEST)


def test_nothing_described_is_no_leftover():
    assert not is_leftover(None, MODEL_REQUEST)
