"""sme.validation: one rule per kind of name, the same verdicts and codes as names.py."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.errors import InvalidInputError
from tests.lua.fake_exasol import FakeExasol, ScriptError

CODES = {
    "job_name": error_codes.INVALID_JOB_NAME,
    "endpoint_name": error_codes.INVALID_ENDPOINT_NAME,
    "region": error_codes.INVALID_REGION,
    "identifier": error_codes.INVALID_IDENTIFIER,
    "iam_role": error_codes.INVALID_IAM_ROLE,
    "s3_bucket_uri": error_codes.INVALID_S3_BUCKET_URI,
    "s3_output_path": error_codes.INVALID_S3_OUTPUT_PATH,
    "instance_type": error_codes.INVALID_INSTANCE,
    "instance_count": error_codes.INVALID_INSTANCE,
    "problem_type": error_codes.INVALID_PROBLEM_TYPE,
    "positive_integer": error_codes.INVALID_LIMIT,
}

PYTHON_RULES = {
    "job_name": names.validate_job_name,
    "endpoint_name": names.validate_endpoint_name,
    "region": names.validate_region,
    "identifier": names.validate_identifier,
    "iam_role": names.validate_iam_role,
    "s3_bucket_uri": names.parse_s3_bucket_uri,
    "s3_output_path": names.normalize_s3_output_path,
    "instance_type": names.validate_instance_type,
    "problem_type": names.validate_problem_type,
}

VALID = [
    ("job_name", "a"), ("job_name", "Churn-2024-01"), ("job_name", "a--b"), ("job_name", "x" * 32),
    ("job_name", "a-" * 15 + "bc"),
    ("endpoint_name", "churn-endpoint"), ("endpoint_name", "E" * 63),
    ("region", "eu-central-1"), ("region", "us-gov-west-1"), ("region", "ap-southeast-10"),
    ("identifier", "A"), ("identifier", "My Schema"), ("identifier", "x" * 128), ("identifier", "Ä" * 128),
    ("identifier", 'say "hi"'), ("identifier", "'; DROP TABLE t; --"),
    ("iam_role", "arn:aws:iam::123456789012:role/sagemaker"),
    ("iam_role", "arn:aws-cn:iam::123456789012:role/team/ml/role"),
    ("iam_role", "arn:aws-us-gov:iam::123456789012:role/x"),
    ("iam_role", "SageMaker_Role+=,.@-1"), ("iam_role", "r" * 64),
    ("s3_bucket_uri", "s3://abc"), ("s3_bucket_uri", "s3://ml-bucket/"), ("s3_bucket_uri", "s3://a.b-c9"),
    ("s3_bucket_uri", "s3://" + "b" * 63),
    ("s3_output_path", "a"), ("s3_output_path", "/ml/autopilot/"), ("s3_output_path", "a!_.*'()-/b"),
    ("s3_output_path", "x" * 512), ("s3_output_path", "v1.2/..x"),
    ("instance_type", "ml.m5.large"), ("instance_type", "ml.g4dn.xlarge"),
    ("problem_type", "BinaryClassification"), ("problem_type", "MulticlassClassification"),
    ("problem_type", "Regression"),
]

INVALID = [
    ("job_name", ""), ("job_name", "-a"), ("job_name", "a-"), ("job_name", "a_b"), ("job_name", "a b"),
    ("job_name", "x" * 33), ("job_name", "jöb"), ("job_name", "a.b"), ("job_name", "job'; DROP"),
    ("job_name", "a" + "-" * 40 + "b"),
    ("job_name", "job\n"),
    ("endpoint_name", "E" * 64), ("endpoint_name", "end_point"), ("endpoint_name", "-endpoint"),
    ("endpoint_name", "e" + "-" * 70 + "p"),
    ("region", "EU-central-1"), ("region", "eu-central"), ("region", "eu-1"), ("region", "eu-central-123"),
    ("region", "eu--central-1"), ("region", "eucentral-1"), ("region", "e-central-1"), ("region", ""),
    ("region", "eu-central-1\n"),
    ("identifier", ""), ("identifier", "x" * 129), ("identifier", "Ä" * 129), ("identifier", "a\nb"),
    ("identifier", "tab\there"), ("identifier", "nul\0"),
    ("iam_role", "arn:aws:iam::12345:role/x"), ("iam_role", "arn:aws:iam::123456789012:user/x"),
    ("iam_role", "arn:aws:iam::123456789012:role/"), ("iam_role", "role name"), ("iam_role", "r'; DROP"),
    ("iam_role", "r" * 65), ("iam_role", "arn:aws--x:iam::123456789012:role/x"), ("iam_role", ""),
    ("iam_role", "Rolé"),
    ("s3_bucket_uri", "s3://ab"), ("s3_bucket_uri", "s3://Bucket"), ("s3_bucket_uri", "s3://bucket/path"),
    ("s3_bucket_uri", "https://bucket"), ("s3_bucket_uri", "s3://-bucket"), ("s3_bucket_uri", "s3://bucket-"),
    ("s3_bucket_uri", "bucket"), ("s3_bucket_uri", "s3://" + "b" * 64), ("s3_bucket_uri", "s3://bucket//"),
    ("s3_output_path", ""), ("s3_output_path", "/"), ("s3_output_path", "a//b"), ("s3_output_path", "a/./b"),
    ("s3_output_path", "../a"), ("s3_output_path", "a/.."), ("s3_output_path", "a b"),
    ("s3_output_path", "a\\b"), ("s3_output_path", "x" * 513), ("s3_output_path", "dätä"),
    ("s3_output_path", "a\nb"),
    ("instance_type", "m5.large"), ("instance_type", "ml.m5"), ("instance_type", "ML.M5.LARGE"),
    ("instance_type", "ml.m5.large "), ("instance_type", "ml..large"), ("instance_type", ""),
    ("problem_type", "regression"), ("problem_type", "Classification"),
]


@pytest.fixture(scope="module")
def validation():
    runtime = FakeExasol()
    runtime.load_modules()
    return runtime, runtime.module("sme.validation")


def lua_verdict(validation, kind, value):
    runtime, module = validation
    try:
        arguments = (value, "max_candidates") if kind == "positive_integer" else (value,)
        runtime.call(module[kind], *arguments)
        return True
    except ScriptError as error:
        assert error.message.startswith(f"E-SME-{CODES[kind]}: "), error.message
        return False


def python_verdict(kind, value):
    try:
        PYTHON_RULES[kind](value)
        return True
    except InvalidInputError:
        return False


@pytest.mark.parametrize("kind, value", VALID)
def test_lua_accepts_valid_value(validation, kind, value):
    assert lua_verdict(validation, kind, value)


@pytest.mark.parametrize("kind, value", [
    pytest.param(*case.values, id=repr(case.values)[:60]) if hasattr(case, "values") else case
    for case in INVALID])
def test_lua_rejects_invalid_value_with_its_code(validation, kind, value):
    assert not lua_verdict(validation, kind, value)


@pytest.mark.parametrize("kind, value", VALID + INVALID)
def test_names_py_gives_the_same_verdict_as_lua(validation, kind, value):
    assert python_verdict(kind, value) == lua_verdict(validation, kind, value)


@pytest.mark.parametrize("kind, value, normalized", [
    ("s3_output_path", "/ml/autopilot/", "ml/autopilot"),
    ("s3_output_path", "ml", "ml"),
    ("s3_bucket_uri", "s3://ml-bucket/", "s3://ml-bucket"),
])
def test_normalizing_rules_return_the_normalized_value(validation, kind, value, normalized):
    runtime, module = validation
    assert runtime.call(module[kind], value)[0] == normalized


def test_s3_bucket_uri_also_returns_the_bucket_name(validation):
    runtime, module = validation
    assert runtime.call(module.s3_bucket_uri, "s3://ml-bucket") == ("s3://ml-bucket", "ml-bucket")


@pytest.mark.parametrize("value, expected", [(1, 1), (100, 100), ("3", 3), (" 7 ", 7), (2.0, 2)])
def test_instance_count_accepts_whole_numbers_and_digit_strings(validation, value, expected):
    runtime, module = validation
    assert runtime.call(module.instance_count, value) == (expected,)


@pytest.mark.parametrize("value", [0, 101, -1, 1.5, "two", "1.5", "", "1e2", True, None])
def test_instance_count_rejects_anything_else_with_e_sme_14(validation, value):
    assert not lua_verdict(validation, "instance_count", value)


@pytest.mark.parametrize("value, expected", [(1, 1), ("3600", 3600), (3600.0, 3600), (10**12, 10**12)])
def test_positive_integer_accepts_whole_numbers(validation, value, expected):
    runtime, module = validation
    assert runtime.call(module.positive_integer, value, "max_candidates") == (expected,)


@pytest.mark.parametrize("value", [0, -5, 1.5, "abc", "1e3", "-1", "99999999999999999999", 1e300])
def test_positive_integer_rejects_anything_else_with_e_sme_10(validation, value):
    assert not lua_verdict(validation, "positive_integer", value)


@pytest.mark.parametrize("metric, problem_type", [
    ("F1", "BinaryClassification"), ("MSE", None), ("Accuracy", "MulticlassClassification"),
    ("R2", "Regression"), ("AUC", None)])
def test_objective_accepts_metrics_that_fit_the_problem_type(validation, metric, problem_type):
    runtime, module = validation
    assert runtime.call(module.objective, metric, problem_type) == (metric,)
    assert names.validate_objective(metric, problem_type) == metric


@pytest.mark.parametrize("metric, problem_type, hint", [
    ("F2", None, "Use one of Accuracy, BalancedAccuracy"),
    ("f1", None, "Use one of"),
    ("F1", "Regression", "For Regression use one of MSE, RMSE, MAE, R2."),
    ("MSE", "MulticlassClassification", "For MulticlassClassification use one of Accuracy"),
])
def test_objective_rejects_unknown_or_unfitting_metric_with_e_sme_9(validation, metric, problem_type, hint):
    runtime, module = validation
    with pytest.raises(ScriptError) as caught:
        runtime.call(module.objective, metric, problem_type)
    assert caught.value.message.startswith(f"E-SME-{error_codes.INVALID_OBJECTIVE}: ")
    assert hint in caught.value.message
    with pytest.raises(InvalidInputError):
        names.validate_objective(metric, problem_type)


@pytest.mark.parametrize("value", ["", None])
def test_empty_problem_type_and_objective_mean_left_to_autopilot(validation, value):
    runtime, module = validation
    assert runtime.call(module.problem_type, value) == (None,)
    assert runtime.call(module.objective, value, None) == (None,)


@pytest.mark.parametrize("kind, value, message", [
    ("job_name", "x" * 33, "Use 1 to 32 letters, digits and hyphens"),
    ("endpoint_name", "x" * 64, "Use 1 to 63 letters, digits and hyphens"),
    ("instance_count", 101, "Give a whole number from 1 to 100."),
    ("identifier", "", "Give a name of 1 to 128 characters"),
    ("s3_output_path", "a//b", "up to 512 characters"),
])
def test_messages_name_the_limits_of_names_py(validation, kind, value, message):
    runtime, module = validation
    with pytest.raises(ScriptError) as caught:
        runtime.call(module[kind], value)
    assert message in caught.value.message


def test_messages_show_at_most_80_characters_of_a_rejected_value(validation):
    runtime, module = validation
    with pytest.raises(ScriptError) as caught:
        runtime.call(module.identifier, "y" * 500)
    assert "y" * 77 not in caught.value.message
    assert "y" * 70 + "...'" in caught.value.message


def test_messages_escape_control_characters_of_a_rejected_value(validation):
    runtime, module = validation
    with pytest.raises(ScriptError) as caught:
        runtime.call(module.identifier, "a\nb")
    assert "'a\\nb'" in caught.value.message and "\n" not in caught.value.message


@pytest.mark.parametrize("value, code", [(None, error_codes.MISSING_PARAMETER), ("", error_codes.MISSING_PARAMETER),
                                         (7, error_codes.WRONG_PARAMETER_TYPE)])
def test_required_string_reports_missing_and_wrong_type(validation, value, code):
    runtime, module = validation
    with pytest.raises(ScriptError) as caught:
        runtime.call(module.required_string, value, "job_name", runtime.null)
    assert caught.value.message.startswith(f"E-SME-{code}: ")
    assert "job_name" in caught.value.message


def test_required_string_treats_sql_null_as_missing(validation):
    runtime, module = validation
    with pytest.raises(ScriptError) as caught:
        runtime.call(module.required_string, runtime.null, "aws_region", runtime.null)
    assert caught.value.message.startswith(f"E-SME-{error_codes.MISSING_PARAMETER}: parameter aws_region")


def python_accepts_aws_name(validate, text):
    try:
        validate(text)
    except InvalidInputError:
        return False
    return True


NAME_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(list("aZ09-_ .\n'\"ä")), max_size=80),
    st.text(max_size=40),
)


@settings(max_examples=400, deadline=None)
@given(NAME_TEXT)
def test_lua_job_name_rule_agrees_with_names_py_on_random_strings(validation, text):
    expected = python_accepts_aws_name(names.validate_job_name, text)
    assert lua_verdict(validation, "job_name", text) == expected


@settings(max_examples=400, deadline=None)
@given(NAME_TEXT)
def test_lua_endpoint_name_rule_agrees_with_names_py_on_random_strings(validation, text):
    expected = python_accepts_aws_name(names.validate_endpoint_name, text)
    assert lua_verdict(validation, "endpoint_name", text) == expected
