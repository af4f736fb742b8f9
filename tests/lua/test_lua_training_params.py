"""sme.training_params: the JSON argument of SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.fake_exasol import ScriptError
from tests.lua.lua_scenarios import LEAVE_OUT, TRAINING_PARAMS, training_json

REQUIRED = list(TRAINING_PARAMS)


@pytest.fixture
def parse(lua):
    module = lua.module("sme.training_params")
    env = lua.env()

    def parse_json(text):
        (params,) = lua.call(module.parse, env, text)
        return lua.to_python(params)

    return parse_json


def error_of(parse, text) -> str:
    with pytest.raises(ScriptError) as caught:
        parse(text)
    return caught.value.message


def test_parse_returns_normalized_parameters(parse):
    params = parse(training_json(s3_bucket_uri="s3://ml-bucket/", s3_output_path="//a/b//"))
    assert params["job_name"] == "churn-1"
    assert params["s3_bucket_uri"] == "s3://ml-bucket"
    assert params["s3_output_path"] == "a/b"
    assert params["input_table_or_view_name"] == "customers"
    assert "problem_type" not in params and "objective" not in params


@pytest.mark.parametrize("text", [None, "", "   ", "not json", "[1, 2]", '"a string"', "42", '{"job_name": '])
def test_anything_but_a_json_object_is_e_sme_1(parse, text):
    assert error_of(parse, text).startswith(f"E-SME-{error_codes.INVALID_JSON}: ")


def test_unknown_keys_are_e_sme_15_listing_the_accepted_keys(parse):
    message = error_of(parse, training_json(job_nmae="x", max_candidate=3))
    assert message.startswith(f"E-SME-{error_codes.UNKNOWN_PARAMETER}: unknown training parameter"
                              " 'job_nmae', 'max_candidate'. ")
    assert "Use only these keys: job_name, aws_credentials_connection_name" in message
    assert "max_runtime_per_training_job_in_seconds." in message


@pytest.mark.parametrize("key", REQUIRED)
@pytest.mark.parametrize("missing", [LEAVE_OUT, None, ""])
def test_a_missing_or_empty_required_key_is_e_sme_2(parse, key, missing):
    message = error_of(parse, training_json(**{key: missing}))
    assert message.startswith(f"E-SME-{error_codes.MISSING_PARAMETER}: parameter {key} is missing. ")


@pytest.mark.parametrize("key", REQUIRED)
@pytest.mark.parametrize("wrong", [7, True, ["a"], {"a": 1}])
def test_a_required_key_that_is_not_a_string_is_e_sme_3(parse, key, wrong):
    message = error_of(parse, training_json(**{key: wrong}))
    assert message.startswith(f"E-SME-{error_codes.WRONG_PARAMETER_TYPE}: parameter {key} must be a string")


@pytest.mark.parametrize("key, value, code", [
    ("job_name", "churn_1", error_codes.INVALID_JOB_NAME),
    ("aws_region", "Frankfurt", error_codes.INVALID_REGION),
    ("iam_sagemaker_role", "arn:aws:iam::1:role/x", error_codes.INVALID_IAM_ROLE),
    ("s3_bucket_uri", "s3://bucket/prefix", error_codes.INVALID_S3_BUCKET_URI),
    ("s3_output_path", "a/../b", error_codes.INVALID_S3_OUTPUT_PATH),
    ("input_schema_name", "x" * 129, error_codes.INVALID_IDENTIFIER),
    ("input_table_or_view_name", "a\nb", error_codes.INVALID_IDENTIFIER),
    ("target_attribute_name", "t\x00", error_codes.INVALID_IDENTIFIER),
    ("aws_credentials_connection_name", "c" * 200, error_codes.INVALID_IDENTIFIER),
    ("problem_type", "Clustering", error_codes.INVALID_PROBLEM_TYPE),
    ("problem_type", 3, error_codes.WRONG_PARAMETER_TYPE),
    ("objective", "F2", error_codes.INVALID_OBJECTIVE),
    ("objective", 3, error_codes.WRONG_PARAMETER_TYPE),
    ("objective", {"Metric": "F1"}, error_codes.INVALID_OBJECTIVE),
    ("objective", "{not json", error_codes.INVALID_OBJECTIVE),
    ("max_candidates", 0, error_codes.INVALID_LIMIT),
    ("max_candidates", 2.5, error_codes.INVALID_LIMIT),
    ("max_candidates", "ten", error_codes.INVALID_LIMIT),
    ("max_candidates", True, error_codes.WRONG_PARAMETER_TYPE),
    ("max_runtime_for_automl_job_in_seconds", -1, error_codes.INVALID_LIMIT),
    ("max_runtime_per_training_job_in_seconds", [600], error_codes.WRONG_PARAMETER_TYPE),
])
def test_each_bad_value_is_rejected_with_the_code_of_its_rule(parse, key, value, code):
    assert error_of(parse, training_json(**{key: value})).startswith(f"E-SME-{code}: ")


@pytest.mark.parametrize("objective", ["F1", "{\"MetricName\":\"F1\"}", {"MetricName": "F1"}])
def test_objective_is_accepted_as_name_legacy_json_string_or_object(parse, objective):
    params = parse(training_json(problem_type="BinaryClassification", objective=objective))
    assert params["objective"] == "F1"


def test_objective_must_fit_the_problem_type(parse):
    message = error_of(parse, training_json(problem_type="Regression", objective="F1"))
    assert message.startswith(f"E-SME-{error_codes.INVALID_OBJECTIVE}: objective F1 does not fit problem"
                              " type Regression. For Regression use one of MSE, RMSE, MAE, R2.")


@pytest.mark.parametrize("given, expected", [(3600, 3600), ("3600", 3600), (3600.0, 3600)])
def test_limits_are_positive_whole_numbers_as_number_or_digit_string(parse, given, expected):
    params = parse(training_json(max_runtime_for_automl_job_in_seconds=given, max_candidates=given,
                                 max_runtime_per_training_job_in_seconds=given))
    assert params["max_runtime_for_automl_job_in_seconds"] == expected
    assert params["max_candidates"] == expected
    assert params["max_runtime_per_training_job_in_seconds"] == expected


@pytest.mark.parametrize("key", ["problem_type", "objective", "max_candidates"])
@pytest.mark.parametrize("absent", [None, ""])
def test_null_or_empty_optional_keys_are_left_out(parse, key, absent):
    assert key not in parse(training_json(**{key: absent}))


def test_a_long_rejected_value_is_shown_shortened(parse):
    message = error_of(parse, training_json(job_name="'; DROP TABLE x; --" * 20))
    assert message.startswith(f"E-SME-{error_codes.INVALID_JOB_NAME}: invalid job name '\\'; DROP TABLE")
    assert len(message) < 250


@pytest.mark.parametrize("problem_type, objective", [
    ("BinaryClassification", "F1"), ("MulticlassClassification", "Accuracy"), ("Regression", "MSE"),
])
def test_a_problem_type_without_objective_gets_autopilots_default_objective(parse, problem_type, objective):
    assert parse(training_json(problem_type=problem_type))["objective"] == objective


def test_an_objective_without_problem_type_is_e_sme_9_before_anything_is_exported(parse):
    message = error_of(parse, training_json(objective="Accuracy"))
    assert message.startswith(f"E-SME-{error_codes.INVALID_OBJECTIVE}: objective Accuracy is given without"
                              " a problem_type. ")
