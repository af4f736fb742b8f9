import datetime

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.endpoint_sweep import (StrayEndpoint, config_model_names, creation_time_text,
                                                       find_stray_endpoint, parse_known_endpoints)
from exasol_sagemaker_extension.errors import InvalidInputError
from exasol_sagemaker_extension.resource_tags import build_resource_tags, parse_resource_tags

SUMMARY = {"EndpointName": "lost-ep", "EndpointArn": "arn:aws:sagemaker:eu-west-1:1:endpoint/lost-ep",
           "EndpointStatus": "InService",
           "CreationTime": datetime.datetime(2026, 5, 1, 12, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))}
OURS = parse_resource_tags(build_resource_tags("SME", "ALICE", "churn-1"))


def test_a_tagged_unknown_endpoint_is_a_stray_with_its_owner_and_job():
    assert find_stray_endpoint(SUMMARY, OURS, "SME", frozenset()) == StrayEndpoint(
        name="lost-ep", arn=SUMMARY["EndpointArn"], status="InService", creation_time="2026-05-01 10:00:00",
        user="ALICE", job_name="churn-1")


@pytest.mark.parametrize("tags, schema, known", [
    (OURS, "SME", frozenset({"lost-ep"})),
    (OURS, "OTHER", frozenset()),
    ({}, "SME", frozenset()),
    ({"exasol-sme:user": "ALICE"}, "SME", frozenset()),
])
def test_known_foreign_or_untagged_endpoints_are_no_strays(tags, schema, known):
    assert find_stray_endpoint(SUMMARY, tags, schema, known) is None


def test_a_schema_name_with_characters_aws_refuses_in_tags_still_matches():
    tags = parse_resource_tags(build_resource_tags('My "Schema"', "ALICE", "j"))
    assert find_stray_endpoint(SUMMARY, tags, 'My "Schema"', frozenset()) is not None


@pytest.mark.parametrize("text, names", [("[]", set()), ('["a-ep", "b-ep"]', {"a-ep", "b-ep"})])
def test_known_endpoints_are_read_from_a_json_array(text, names):
    assert parse_known_endpoints(text) == names


@pytest.mark.parametrize("text", ["{}", "[1]", "not json", None])
def test_known_endpoints_that_are_no_json_array_of_names_are_e_sme_1(text):
    with pytest.raises(InvalidInputError) as raised:
        parse_known_endpoints(text)
    assert raised.value.code == error_codes.INVALID_JSON


def test_a_creation_time_without_zone_is_kept_and_none_stays_none():
    assert creation_time_text(datetime.datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02 03:04:05"
    assert creation_time_text(None) is None


def test_model_names_of_a_config_are_distinct_and_in_order():
    config = {"ProductionVariants": [{"ModelName": "a"}, {"ModelName": "b"}, {"ModelName": "a"}, {}]}
    assert config_model_names(config) == ["a", "b"]
    assert config_model_names(None) == []
