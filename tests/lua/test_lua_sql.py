"""sme.sql: quoting for the texts that cannot use placeholders."""
from __future__ import annotations

import ast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.lua.fake_exasol import FakeExasol


@pytest.fixture(scope="module")
def sql():
    runtime = FakeExasol()
    runtime.load_modules()
    return runtime, runtime.module("sme.sql")


@pytest.mark.parametrize("name, quoted", [
    ("ID", '"ID"'), ("Mixed Case", '"Mixed Case"'), ("SELECT", '"SELECT"'), ('a"b', '"a""b"'),
    ('"', '""""'), ("'; DROP TABLE t; --", "\"'; DROP TABLE t; --\""),
])
def test_quote_identifier_keeps_case_and_doubles_quotes(sql, name, quoted):
    runtime, module = sql
    assert runtime.call(module.quote_identifier, name) == (quoted,)


@pytest.mark.parametrize("text, literal", [
    ("AWS_CONN", "'AWS_CONN'"), ("it's", "'it\\'s'"), ("back\\slash", "'back\\\\slash'"),
    ("new\nline", "'new\\nline'"), ("cr\r", "'cr\\r'"), ("tab\t", "'tab\\t'"), ("bell\x07", "'bell\\x07'"),
    ("del\x7f", "'del\\x7f'"), ("ünï", "'ünï'"),
])
def test_quote_python_string_escapes_backslash_quote_and_control_characters(sql, text, literal):
    runtime, module = sql
    assert runtime.call(module.quote_python_string, text) == (literal,)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_quote_python_string_reads_back_as_the_same_string_in_python(sql, text):
    runtime, module = sql
    (literal,) = runtime.call(module.quote_python_string, text)
    assert "\n" not in literal and "\r" not in literal
    assert ast.literal_eval(literal) == text


@pytest.mark.parametrize("value, expected", [(3, 3), (3.0, 3), ("12", 12), ("12.0", 12), (None, None),
                                             (1.5, None), ("abc", None)])
def test_integer_reads_whole_numbers_from_results(sql, value, expected):
    runtime, module = sql
    assert runtime.call(module.integer, runtime.env(), value) == (expected,)
