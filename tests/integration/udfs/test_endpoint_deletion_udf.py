import pytest
from botocore.stub import Stubber

from exasol_sagemaker_extension import error_codes
from tests.integration.udfs import udf_wrappers
from tests.integration.udfs.conftest import (CONNECTION_NAME, REGION, ROLE_ARN, aws_client, connections,
                                             raises_sme, sagemaker_backend)
from tests.integration.udfs.udf_runner import as_row, run_udf

UDF = "SME_AUTOPILOT_ENDPOINT_DELETION_UDF"
ALL_DELETED = [("ENDPOINT", "ep-1", "DELETED"), ("ENDPOINT_CONFIG", "ep-1", "DELETED"),
               ("MODEL", "ep-1", "DELETED")]


def delete(endpoint_name="ep-1", conns=None):
    row = as_row(dict(endpoint_name=endpoint_name, aws_credentials_connection_name=CONNECTION_NAME,
                      aws_region=REGION), UDF)
    return run_udf(UDF, udf_wrappers.deletion(), [row], connections() if conns is None else conns)


def create(model=None, config=None, endpoint=None, config_models=None):
    sagemaker = aws_client("sagemaker")
    for name in [model] if isinstance(model, str) else (model or []):
        sagemaker.create_model(ModelName=name, ExecutionRoleArn=ROLE_ARN, Containers=[{"Image": "i"}])
    if config:
        sagemaker.create_endpoint_config(EndpointConfigName=config, ProductionVariants=[
            {"VariantName": f"v{i}", "ModelName": name, "InstanceType": "ml.m5.large",
             "InitialInstanceCount": 1} for i, name in enumerate(config_models or [model])])
    if endpoint:
        sagemaker.create_endpoint(EndpointName=endpoint, EndpointConfigName=config)


def sagemaker_state():
    backend = sagemaker_backend()
    return sorted(backend._models), sorted(backend.endpoint_configs), sorted(backend.endpoints)


def test_deletion_removes_endpoint_config_and_model_and_reports_each(recorder):
    create(model="ep-1", config="ep-1", endpoint="ep-1")
    assert delete() == ALL_DELETED
    assert sagemaker_state() == ([], [], [])


def test_deletion_sends_exactly_these_requests(recorder):
    create(model="ep-1", config="ep-1", endpoint="ep-1")
    delete()
    assert [(name, params) for _, name, params in recorder.calls] == [
        ("DescribeEndpoint", {"EndpointName": "ep-1"}),
        ("DescribeEndpointConfig", {"EndpointConfigName": "ep-1"}),
        ("DeleteEndpoint", {"EndpointName": "ep-1"}),
        ("DeleteEndpointConfig", {"EndpointConfigName": "ep-1"}),
        ("DeleteModel", {"ModelName": "ep-1"}),
    ]


def test_deleting_twice_reports_everything_as_not_found(recorder):
    create(model="ep-1", config="ep-1", endpoint="ep-1")
    delete()
    assert delete() == [("ENDPOINT", "ep-1", "NOT_FOUND"), ("ENDPOINT_CONFIG", "ep-1", "NOT_FOUND"),
                        ("MODEL", "ep-1", "NOT_FOUND")]


def test_deletion_finishes_a_half_removed_endpoint(recorder):
    create(model="ep-1", config="ep-1")
    assert delete() == [("ENDPOINT", "ep-1", "NOT_FOUND"), ("ENDPOINT_CONFIG", "ep-1", "DELETED"),
                        ("MODEL", "ep-1", "DELETED")]
    assert sagemaker_state() == ([], [], [])


def test_deletion_removes_a_model_left_alone_under_the_endpoints_name(recorder):
    create(model="ep-1")
    assert delete() == [("ENDPOINT", "ep-1", "NOT_FOUND"), ("ENDPOINT_CONFIG", "ep-1", "NOT_FOUND"),
                        ("MODEL", "ep-1", "DELETED")]


def test_deletion_follows_the_endpoints_own_config_and_its_models(recorder):
    create(model=["m-1", "m-2"], config="cfg-1", endpoint="ep-1", config_models=["m-1", "m-2", "m-1"])
    assert delete() == [("ENDPOINT", "ep-1", "DELETED"), ("ENDPOINT_CONFIG", "cfg-1", "DELETED"),
                        ("MODEL", "m-1", "DELETED"), ("MODEL", "m-2", "DELETED")]
    assert sagemaker_state() == ([], [], [])


def test_deletion_leaves_other_endpoints_alone(recorder):
    create(model="ep-1", config="ep-1", endpoint="ep-1")
    create(model="ep-10", config="ep-10", endpoint="ep-10")
    delete()
    assert sagemaker_state() == (["ep-10"], ["ep-10"], ["ep-10"])


def test_deletion_rejects_an_invalid_endpoint_name_before_calling_aws(recorder):
    with raises_sme(error_codes.INVALID_ENDPOINT_NAME):
        delete("ep 1")
    assert recorder.calls == []


@pytest.mark.parametrize("failing", ["describe_endpoint", "delete_endpoint"])
def test_deletion_with_credentials_aws_refuses_raises_e_sme_52(recorder, failing):
    sagemaker = aws_client("sagemaker")
    with Stubber(sagemaker) as stubber:
        if failing == "delete_endpoint":
            stubber.add_response("describe_endpoint", {
                "EndpointName": "ep-1", "EndpointArn": "arn:aws:sagemaker:eu-central-1:1:endpoint/ep-1",
                "EndpointConfigName": "ep-1", "EndpointStatus": "InService",
                "CreationTime": "2024-01-01", "LastModifiedTime": "2024-01-01"})
            stubber.add_client_error("describe_endpoint_config", "ValidationException", "Could not find it")
        stubber.add_client_error(failing, "AccessDeniedException",
                                 f"User is not authorized to perform: sagemaker:{failing}", 400)
        recorder.override("sagemaker", sagemaker)
        with raises_sme(error_codes.AWS_ACCESS_DENIED):
            delete()


def test_deletion_without_the_connection_raises_e_sme_50(recorder):
    with raises_sme(error_codes.CONNECTION_NOT_USABLE):
        delete(conns={})


def test_deletion_through_the_plain_udf_shell_works(aws):
    create(model="ep-1", config="ep-1", endpoint="ep-1")
    assert delete() == ALL_DELETED
