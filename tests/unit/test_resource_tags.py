import pytest

from exasol_sagemaker_extension import resource_tags
from exasol_sagemaker_extension.resource_tags import (TAG_JOB, TAG_SCHEMA, TAG_USER, belongs_to_schema,
                                                      build_resource_tags, parse_resource_tags, tag_value)


def test_tags_name_the_schema_the_user_and_the_job():
    assert build_resource_tags("SME", "ANALYST", "churn-1") == [
        {"Key": TAG_SCHEMA, "Value": "SME"}, {"Key": TAG_USER, "Value": "ANALYST"},
        {"Key": TAG_JOB, "Value": "churn-1"}]


@pytest.mark.parametrize("text, expected", [
    ("My Schema", "My Schema"),
    ("a\"b;c'd", "a_b_c_d"),
    ("Größe_1.2:3/4=5+6-7@8", "Größe_1.2:3/4=5+6-7@8"),
    ("x" * 300, "x" * resource_tags.TAG_VALUE_MAX_LENGTH),
])
def test_tag_values_keep_only_what_aws_accepts(text, expected):
    assert tag_value(text) == expected


def test_a_schema_is_recognised_by_its_tag_even_with_replaced_characters():
    tags = parse_resource_tags(build_resource_tags('my"schema', "U", "j"))
    assert belongs_to_schema(tags, 'my"schema')
    assert not belongs_to_schema(tags, "OTHER")
