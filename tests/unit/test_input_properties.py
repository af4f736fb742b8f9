"""Property-based: the core's validators and request builders take any value a user could pass (wrong
types, oversized, unicode, quotes, control characters) and either return a valid value or raise one
E-SME error on one line; never another exception. Every validator of names.py is found by its name, so a
new one is covered without a new test."""
from __future__ import annotations

import inspect
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exasol_sagemaker_extension import autopilot_requests, names
from exasol_sagemaker_extension.errors import SageMakerExtensionError

FRAGMENTS = ["'", '"', ";", "--", "::x", ":x", "\x00", "\n", "\r", "\t", "\x1b", "\\", "' OR '1'='1",
             "'; DROP TABLE t; --", "é", "日本", "🙂", "\u202e", "x" * 129, "s3://", "arn:aws:iam::", "ml.", "-"]
HOSTILE_TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=10)), max_size=5).map("".join)
ANY_VALUE = st.one_of(
    HOSTILE_TEXT, st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30), st.floats(),
    st.decimals(allow_nan=False, allow_infinity=False), st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), st.binary(max_size=8))
E_SME_LINE = re.compile(r"^E-SME-\d+: [^\n\r\x00]*$")
SETTINGS = settings(max_examples=100, deadline=None)

VALIDATORS = sorted(
    (name, function) for name, function in vars(names).items()
    if inspect.isfunction(function) and function.__module__ == names.__name__
    and name.startswith(("validate_", "parse_", "normalize_")) and name != "parse_sql_identifier_list")
REQUEST_PARSERS = [("validate_limit", lambda value: autopilot_requests.validate_limit("max_candidates", value)),
                   ("parse_objective", autopilot_requests.parse_objective),
                   ("parse_exported_files", autopilot_requests.parse_exported_files)]


def assert_returns_or_refuses(function, value):
    try:
        function(value)
    except SageMakerExtensionError as error:
        assert E_SME_LINE.match(str(error)), str(error)


def test_the_validators_of_names_py_are_found():
    assert {"validate_job_name", "validate_endpoint_name", "validate_identifier", "parse_sql_identifier",
            "parse_s3_bucket_uri", "normalize_s3_output_path"} <= {name for name, _ in VALIDATORS}


@pytest.mark.parametrize("name, function", VALIDATORS + REQUEST_PARSERS, ids=[n for n, _ in VALIDATORS + REQUEST_PARSERS])
@SETTINGS
@given(value=ANY_VALUE)
def test_any_value_is_accepted_or_refused_with_one_e_sme_line(name, function, value):
    assert_returns_or_refuses(function, value)


@SETTINGS
@given(value=ANY_VALUE)
def test_an_accepted_aws_name_has_only_letters_digits_and_hyphens(value):
    for validate, limit in ((names.validate_job_name, names.JOB_NAME_MAX_LENGTH),
                            (names.validate_endpoint_name, names.ENDPOINT_NAME_MAX_LENGTH)):
        try:
            accepted = validate(value)
        except SageMakerExtensionError:
            continue
        assert re.fullmatch(r"[A-Za-z0-9-]+", accepted) and len(accepted) <= limit


@SETTINGS
@given(name=st.text(min_size=1, max_size=names.IDENTIFIER_MAX_LENGTH).filter(
    lambda text: not any(ord(char) < 32 for char in text)))
def test_a_quoted_identifier_reads_back_as_the_same_name_and_cannot_end_early(name):
    quoted = names.quote_identifier(name)
    assert names.parse_sql_identifier(quoted) == name
    assert '"' not in quoted[1:-1].replace('""', "")


@SETTINGS
@given(value=HOSTILE_TEXT.filter(lambda text: "\x00" not in text))
def test_a_quoted_literal_cannot_end_early(value):
    literal = names.quote_literal(value)
    assert literal[0] == literal[-1] == "'" and "'" not in literal[1:-1].replace("''", "")


@SETTINGS
@given(job=ANY_VALUE, bucket=ANY_VALUE, path=ANY_VALUE, target=ANY_VALUE)
def test_a_create_job_request_is_built_only_from_values_that_pass_validation(job, bucket, path, target):
    try:
        request = autopilot_requests.build_create_job_request(
            names.validate_job_name(job), "arn:aws:iam::123456789012:role/R", names.parse_s3_bucket_uri(bucket),
            names.normalize_s3_output_path(path), names.validate_identifier(target, "target"))
    except SageMakerExtensionError as error:
        assert E_SME_LINE.match(str(error)), str(error)
        return
    uri = request["AutoMLJobInputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"]
    assert uri.startswith(f"s3://{names.parse_s3_bucket_uri(bucket)}/") and job in uri
    assert re.fullmatch(r"s3://[a-z0-9.-]+/[A-Za-z0-9!_.*'()/-]+/", uri), uri


def test_decimal_limits_from_the_database_are_whole_numbers():
    assert autopilot_requests.validate_limit("max_candidates", Decimal("5")) == 5
