import pytest

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.errors import InvalidInputError


def _code_of(call, *args):
    with pytest.raises(InvalidInputError) as raised:
        call(*args)
    return raised.value.code


@pytest.mark.parametrize("job_name", ["a", "job-1", "Job--2", "A" * 32, "1-2-3", "x" + "-" * 30 + "y"])
def test_job_name_accepts_what_aws_accepts(job_name):
    assert names.validate_job_name(job_name) == job_name


@pytest.mark.parametrize("job_name", ["", "-job", "job-", "job_1", "job 1", "A" * 33, "jöb", "a.b", None, 12])
def test_job_name_rejects_what_aws_rejects(job_name):
    assert _code_of(names.validate_job_name, job_name) == error_codes.INVALID_JOB_NAME


def test_job_name_longer_than_32_is_rejected_with_the_limit_in_the_message():
    with pytest.raises(InvalidInputError) as raised:
        names.validate_job_name("a" * 33)
    assert "E-SME-4:" in str(raised.value)
    assert "32" in str(raised.value)


@pytest.mark.parametrize("endpoint_name", ["ep", "my-endpoint-1", "E" * 63])
def test_endpoint_name_accepts_hyphens_up_to_63_characters(endpoint_name):
    assert names.validate_endpoint_name(endpoint_name) == endpoint_name


@pytest.mark.parametrize("endpoint_name", ["", "E" * 64, "ep_1", "-ep", "ep-", 'ep"x'])
def test_endpoint_name_rejects_invalid_names(endpoint_name):
    assert _code_of(names.validate_endpoint_name, endpoint_name) == error_codes.INVALID_ENDPOINT_NAME


@pytest.mark.parametrize("region", ["eu-central-1", "us-east-1", "us-gov-west-1", "ap-southeast-3",
                                    "cn-northwest-1", "il-central-1"])
def test_region_accepts_aws_region_codes(region):
    assert names.validate_region(region) == region


@pytest.mark.parametrize("region", ["", "eu-central", "EU-CENTRAL-1", "eu_central_1", "eu-central-1'",
                                    "https://evil", None])
def test_region_rejects_anything_else(region):
    assert _code_of(names.validate_region, region) == error_codes.INVALID_REGION


@pytest.mark.parametrize("identifier", ["T", "mixedCase", "with space", "select", 'a"b', "ü" * 128])
def test_identifier_accepts_any_printable_name_up_to_128_characters(identifier):
    assert names.validate_identifier(identifier) == identifier


@pytest.mark.parametrize("identifier", ["", "x" * 129, "a\nb", "a\x00b", None])
def test_identifier_rejects_empty_long_and_control_characters(identifier):
    assert _code_of(names.validate_identifier, identifier) == error_codes.INVALID_IDENTIFIER


@pytest.mark.parametrize("name, quoted", [
    ("T", '"T"'), ("mixedCase", '"mixedCase"'), ('a"b', '"a""b"'), ("select", '"select"'),
    ("x; DROP SCHEMA y", '"x; DROP SCHEMA y"'),
])
def test_quote_identifier_keeps_case_and_doubles_quotes(name, quoted):
    assert names.quote_identifier(name) == quoted


@pytest.mark.parametrize("text, name", [
    ("sme", "SME"), ("My_Schema1", "MY_SCHEMA1"), ('"My Schema"', "My Schema"), ('"a""b"', 'a"b'),
    ('"select"', "select"),
])
def test_parse_sql_identifier_reads_names_as_sql_does(text, name):
    assert names.parse_sql_identifier(text) == name


@pytest.mark.parametrize("text", ["my-schema", "1abc", "", '"a"b"', '"', '""', "a b", "x; DROP SCHEMA y"])
def test_parse_sql_identifier_rejects_names_sql_would_not_read(text):
    assert _code_of(names.parse_sql_identifier, text) == error_codes.INVALID_IDENTIFIER


@pytest.mark.parametrize("role", ["arn:aws:iam::123456789012:role/SageMakerRole",
                                  "arn:aws-cn:iam::123456789012:role/path/to/Role",
                                  "arn:aws-us-gov:iam::123456789012:role/r", "SageMakerRole", "role+=,.@-_"])
def test_iam_role_accepts_arns_and_role_names(role):
    assert names.validate_iam_role(role) == role


@pytest.mark.parametrize("role", ["", "arn:aws:iam::12:role/x", "arn:aws:s3:::bucket", "role name", "r" * 65,
                                  "role'; DROP"])
def test_iam_role_rejects_other_values(role):
    assert _code_of(names.validate_iam_role, role) == error_codes.INVALID_IAM_ROLE


def test_is_role_arn_tells_arns_from_names():
    assert names.is_role_arn("arn:aws:iam::123456789012:role/R")
    assert not names.is_role_arn("R")


@pytest.mark.parametrize("uri, bucket", [("s3://my-bucket", "my-bucket"), ("s3://my.bucket.01/", "my.bucket.01")])
def test_s3_bucket_uri_gives_the_bucket_name(uri, bucket):
    assert names.parse_s3_bucket_uri(uri) == bucket


@pytest.mark.parametrize("uri", ["my-bucket", "s3://", "s3://ab", "s3://bucket/path", "https://b.s3.amazonaws.com",
                                 "s3://Upper"])
def test_s3_bucket_uri_rejects_paths_and_other_schemes(uri):
    assert _code_of(names.parse_s3_bucket_uri, uri) == error_codes.INVALID_S3_BUCKET_URI


@pytest.mark.parametrize("path, normalized", [("ml", "ml"), ("/ml/autopilot/", "ml/autopilot"),
                                              ("a-b_c.d/e(1)", "a-b_c.d/e(1)")])
def test_s3_output_path_is_normalized_without_edge_slashes(path, normalized):
    assert names.normalize_s3_output_path(path) == normalized


@pytest.mark.parametrize("path", ["", "/", "a//b", "../x", "a/./b", "a b", "a\nb", "x" * 513, "a;b", None])
def test_s3_output_path_rejects_unsafe_prefixes(path):
    assert _code_of(names.normalize_s3_output_path, path) == error_codes.INVALID_S3_OUTPUT_PATH


@pytest.mark.parametrize("instance_type", ["ml.m5.large", "ml.c5.2xlarge", "ml.g4dn.xlarge"])
def test_instance_type_accepts_sagemaker_instance_types(instance_type):
    assert names.validate_instance_type(instance_type) == instance_type


@pytest.mark.parametrize("value", ["m5.large", "ml.m5", "ML.M5.LARGE", "ml.m5.large;x", ""])
def test_instance_type_rejects_other_values(value):
    assert _code_of(names.validate_instance_type, value) == error_codes.INVALID_INSTANCE


@pytest.mark.parametrize("count", [0, -1, 101, 1.5, True, "2"])
def test_instance_count_must_be_a_whole_number_in_range(count):
    assert _code_of(names.validate_instance_count, count) == error_codes.INVALID_INSTANCE


@pytest.mark.parametrize("problem_type", [None, "", *names.PROBLEM_TYPES])
def test_problem_type_accepts_autopilot_types_or_nothing(problem_type):
    assert names.validate_problem_type(problem_type) == (problem_type or None)


def test_problem_type_rejects_unknown_types():
    assert _code_of(names.validate_problem_type, "Clustering") == error_codes.INVALID_PROBLEM_TYPE


@pytest.mark.parametrize("metric, problem_type", [("F1", "BinaryClassification"), ("Accuracy", None),
                                                  ("MSE", "Regression"), ("F1macro", "MulticlassClassification")])
def test_objective_accepts_metrics_that_fit_the_problem_type(metric, problem_type):
    assert names.validate_objective(metric, problem_type) == metric


@pytest.mark.parametrize("metric, problem_type", [("F1", "Regression"), ("MSE", "BinaryClassification"),
                                                  ("AUC", "MulticlassClassification"), ("f1", None)])
def test_objective_rejects_metrics_that_do_not_fit(metric, problem_type):
    assert _code_of(names.validate_objective, metric, problem_type) == error_codes.INVALID_OBJECTIVE


def test_lua_rules_carry_the_same_limits_as_python():
    rules = names.lua_rules()
    assert rules["JOB_NAME_MAX_LENGTH"] == names.JOB_NAME_MAX_LENGTH == 32
    assert rules["ENDPOINT_NAME_MAX_LENGTH"] == names.ENDPOINT_NAME_MAX_LENGTH == 63
    assert set(rules["OBJECTIVES"]) == set(names.OBJECTIVES)


def test_rejected_values_are_shortened_in_messages():
    with pytest.raises(InvalidInputError) as raised:
        names.validate_region("x" * 500)
    assert len(str(raised.value)) < 250


@pytest.mark.parametrize("validate, text", [
    (names.validate_job_name, "a" + "-" * 40 + "b"),
    (names.validate_endpoint_name, "e" + "-" * 70 + "p"),
    (names.validate_job_name, "job\n"),
    (names.validate_region, "eu-central-1\n"),
    (names.validate_iam_role, "Rolé"),
])
def test_hyphens_count_towards_the_limit_and_no_trailing_newline_or_non_ascii_slips_through(validate, text):
    with pytest.raises(InvalidInputError):
        validate(text)


@pytest.mark.parametrize("value, literal", [("abc", "'abc'"), ("it's", "'it''s'"), ("", "''"),
                                            ("'; DROP TABLE t; --", "'''; DROP TABLE t; --'")])
def test_quote_literal_doubles_single_quotes(value, literal):
    assert names.quote_literal(value) == literal


@pytest.mark.parametrize("metric, problem_type, resolved", [
    (None, None, None), ("", None, None),
    (None, "BinaryClassification", "F1"), (None, "MulticlassClassification", "Accuracy"),
    (None, "Regression", "MSE"), ("AUC", "BinaryClassification", "AUC"),
])
def test_resolve_objective_fills_the_default_of_a_given_problem_type(metric, problem_type, resolved):
    assert names.resolve_objective(metric, problem_type) == resolved


def test_resolve_objective_refuses_an_objective_without_problem_type():
    assert _code_of(names.resolve_objective, "F1", None) == error_codes.INVALID_OBJECTIVE


@pytest.mark.parametrize("metric, problem_type", [("F1macro", "BinaryClassification"),
                                                  ("LogLoss", "MulticlassClassification")])
def test_objective_follows_awss_lists_per_problem_type(metric, problem_type):
    assert _code_of(names.validate_objective, metric, problem_type) == error_codes.INVALID_OBJECTIVE
