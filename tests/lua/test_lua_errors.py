"""sme.errors: one message shape, and a UDF's own E-SME text reaching the user unchanged."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.fake_exasol import ScriptError
from tests.lua.lua_scenarios import UDF_OWN_MESSAGE, UDF_TRACEBACK_FAILURE


@pytest.fixture
def errors(lua):
    return lua.module("sme.errors")


def test_raise_writes_code_what_and_what_to_do(lua, errors):
    with pytest.raises(ScriptError) as caught:
        lua.call(errors["raise"], 4, "invalid job name 'a b'.", "Use letters.")
    assert caught.value.message == "E-SME-4: invalid job name 'a b'. Use letters."


def test_raise_refuses_a_code_that_is_not_a_number(lua, errors):
    with pytest.raises(ScriptError) as caught:
        lua.call(errors["raise"], None, "x", "y")
    assert "needs a code from sme.error_codes" in caught.value.message


@pytest.mark.parametrize("message, expected", [
    (UDF_TRACEBACK_FAILURE, UDF_OWN_MESSAGE),
    ("[22002] VM error: F-UDF-CL-SL-PYTHON-1114: Exception during run: E-SME-52: access denied to"
     " sagemaker:CreateModel. Grant it to the key pair. (Session: 1788052123123456789)",
     "E-SME-52: access denied to sagemaker:CreateModel. Grant it to the key pair."),
    ("E-SME-53: no job churn-1. Check the name.\nTraceback (most recent call last):\n  File x",
     "E-SME-53: no job churn-1. Check the name."),
    ("first E-SME-57: timed out. Wait.\nthen E-SME-51: other. Other.",
     "E-SME-57: timed out. Wait."),
])
def test_extract_finds_the_first_own_message_without_traceback_or_session(lua, errors, message, expected):
    assert lua.call(errors.extract, message) == (expected,)


@pytest.mark.parametrize("message", ["[42000] object SME_AUTOPILOT_TRAINING_UDF not found", "", None])
def test_extract_finds_nothing_in_foreign_messages(lua, errors, message):
    assert lua.call(errors.extract, message) == (None,)


def test_from_database_passes_an_own_message_on_unchanged(lua, errors):
    with pytest.raises(ScriptError) as caught:
        lua.call(errors.from_database, UDF_TRACEBACK_FAILURE, error_codes.UDF_CALL_FAILED, "calling X")
    assert caught.value.message == UDF_OWN_MESSAGE


def test_from_database_turns_a_foreign_message_into_e_sme_38_with_its_first_lines(lua, errors):
    foreign = ("[42000] object SME_AUTOPILOT_TRAINING_UDF not found [line 1, column 8] (Session: 17)\n"
               "Traceback (most recent call last):\n  File \"x.py\", line 1\nSecretLeak")
    with pytest.raises(ScriptError) as caught:
        lua.call(errors.from_database, foreign, None, "calling SME_AUTOPILOT_TRAINING_UDF")
    message = caught.value.message
    assert message.startswith("E-SME-38: calling SME_AUTOPILOT_TRAINING_UDF failed: [42000] object"
                              " SME_AUTOPILOT_TRAINING_UDF not found [line 1, column 8]. ")
    assert "Traceback" not in message and "SecretLeak" not in message and "Session" not in message
    assert "PYTHON3_SME" in message


def test_from_database_uses_the_callers_code_and_advice(lua, errors):
    with pytest.raises(ScriptError) as caught:
        lua.call(errors.from_database, "[42000] insufficient privileges", error_codes.EXPORT_FAILED,
                 "exporting", "Grant EXPORT.")
    assert caught.value.message == "E-SME-35: exporting failed: [42000] insufficient privileges. Grant EXPORT."


def test_database_message_is_shortened(lua, errors):
    (text,) = lua.call(errors.database_message, "x" * 5000)
    assert len(text) <= 600 and text.endswith("...")


@pytest.mark.parametrize("value, shown", [
    ("abc", "'abc'"), ("it's", "'it\\'s'"), ("a\nb\tc\x01", "'a\\nb\\tc\\x01'"), (12, "12"),
])
def test_show_quotes_and_escapes_a_value(lua, errors, value, shown):
    assert lua.call(errors.show, value) == (shown,)


def test_show_never_cuts_a_utf8_character_in_half(lua, errors):
    (shown,) = lua.call(errors.show, "ä" * 100)
    assert len(shown.encode()) <= 80 and shown.endswith("...'")
    shown.encode("utf-8")  # a cut character would have made the text undecodable already
