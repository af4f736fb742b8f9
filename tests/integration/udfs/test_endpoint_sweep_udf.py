"""SME_AWS_ENDPOINT_SWEEP_UDF against moto: only endpoints tagged with this schema and unknown to metadata."""
from __future__ import annotations

import json

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.resource_tags import build_resource_tags
from tests.integration.udfs import lifecycle_udf_wrappers
from tests.integration.udfs.conftest import CONNECTION_NAME, REGION, ROLE_ARN, aws_client, connections, raises_sme
from tests.integration.udfs.udf_runner import as_row, run_udf

UDF = "SME_AWS_ENDPOINT_SWEEP_UDF"
OURS = build_resource_tags("SME", "ALICE", "churn-1")  # udf-mock runs the UDF in schema SME


def sweep(known=(), delete_found=False, known_text=None):
    row = as_row(dict(aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION,
                      known_endpoints=known_text if known_text is not None else json.dumps(list(known)),
                      delete_found=delete_found), UDF)
    return run_udf(UDF, lifecycle_udf_wrappers.endpoint_sweep(), [row], connections())


def create_endpoint(name: str, tags=OURS, config_tags=None, model_tags=None) -> None:
    sagemaker = aws_client("sagemaker")
    sagemaker.create_model(ModelName=name, ExecutionRoleArn=ROLE_ARN, PrimaryContainer={"Image": "image"},
                           Tags=model_tags if model_tags is not None else tags)
    sagemaker.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": name, "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}],
        Tags=config_tags if config_tags is not None else tags)
    sagemaker.create_endpoint(EndpointName=name, EndpointConfigName=name, Tags=tags)


def names(kind):
    sagemaker = aws_client("sagemaker")
    if kind == "endpoints":
        return sorted(e["EndpointName"] for e in sagemaker.list_endpoints()["Endpoints"])
    if kind == "configs":
        return sorted(c["EndpointConfigName"] for c in sagemaker.list_endpoint_configs()["EndpointConfigs"])
    return sorted(m["ModelName"] for m in sagemaker.list_models()["Models"])


def test_a_tagged_endpoint_unknown_to_metadata_is_listed_with_its_tags(recorder):
    create_endpoint("lost-ep")
    (row,) = sweep()
    assert row[:3] == ("ENDPOINT", "lost-ep", "InService")
    assert row[4:] == ("ALICE", "churn-1", "LISTED")
    assert len(row[3]) == 19 and row[3][4] == "-"  # YYYY-MM-DD HH:MM:SS
    assert names("endpoints") == ["lost-ep"]


def test_known_foreign_and_untagged_endpoints_are_left_out(recorder):
    create_endpoint("known-ep")
    create_endpoint("foreign-ep", tags=build_resource_tags("OTHER", "BOB", "job-9"))
    create_endpoint("untagged-ep", tags=[])
    create_endpoint("lost-ep")
    assert [row[1] for row in sweep(known=["known-ep"])] == ["lost-ep"]


def test_deleting_removes_endpoint_config_and_model_of_a_stray(recorder):
    create_endpoint("lost-ep")
    create_endpoint("known-ep")
    rows = sweep(known=["known-ep"], delete_found=True)
    assert [(row[0], row[1], row[6]) for row in rows] == [
        ("ENDPOINT", "lost-ep", "DELETED"), ("ENDPOINT_CONFIG", "lost-ep", "DELETED"), ("MODEL", "lost-ep", "DELETED")]
    assert names("endpoints") == names("configs") == names("models") == ["known-ep"]


def test_a_config_and_model_without_our_tags_stay(recorder):
    create_endpoint("lost-ep", config_tags=[], model_tags=build_resource_tags("OTHER", "BOB", "job-9"))
    rows = sweep(delete_found=True)
    assert [(row[0], row[6]) for row in rows] == [
        ("ENDPOINT", "DELETED"), ("ENDPOINT_CONFIG", "KEPT_UNTAGGED"), ("MODEL", "KEPT_UNTAGGED")]
    assert names("endpoints") == [] and names("configs") == ["lost-ep"] and names("models") == ["lost-ep"]


def test_listing_only_calls_no_delete(recorder):
    create_endpoint("lost-ep")
    sweep()
    assert not [name for name in recorder.operations("sagemaker") if name.startswith("Delete")]


def test_a_region_without_endpoints_gives_no_rows(recorder):
    assert sweep() == []


def test_known_endpoints_that_are_not_a_json_array_are_e_sme_1(recorder):
    with raises_sme(error_codes.INVALID_JSON):
        sweep(known_text='{"a": 1}')
