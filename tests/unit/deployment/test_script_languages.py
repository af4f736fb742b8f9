"""SCRIPT_LANGUAGES: one alias added or replaced, every other one kept, conflicts refused."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension.deployment.script_languages import (
    EXASOL_DEFAULT_SCRIPT_LANGUAGES,
    ActivationLevel,
    alter_statement,
    existing_definitions,
    merge_definition,
)
from exasol_sagemaker_extension.errors import DeploymentError

SME = "PYTHON3_SME=builtin_python3"
SYSTEM = ActivationLevel.SYSTEM


@pytest.mark.parametrize("current, merged", [
    (EXASOL_DEFAULT_SCRIPT_LANGUAGES, f"{EXASOL_DEFAULT_SCRIPT_LANGUAGES} {SME}"),
    ("", SME),
    (None, SME),
    ("  PYTHON3=builtin_python3\n  R=builtin_r ", f"PYTHON3=builtin_python3 R=builtin_r {SME}"),
    ("PYTHON3_SMELL=builtin_python3", f"PYTHON3_SMELL=builtin_python3 {SME}"),
])
def test_the_definition_is_appended_and_every_other_alias_kept_in_order(current, merged):
    assert merge_definition(current, SME, False, SYSTEM).new_value == merged


@pytest.mark.parametrize("current", [f"R=builtin_r {SME}", f"{SME}  R=builtin_r",
                                     "r=builtin_r python3_sme=builtin_python3"])
def test_an_identical_definition_needs_no_change(current):
    activation = merge_definition(current, SME, False, SYSTEM)
    assert not activation.needed and activation.new_value is None
    assert activation.value == " ".join(current.split())


@pytest.mark.parametrize("current", [
    "PYTHON3_SME=localzmq+protobuf:///b/d/slc?lang=python#/buckets/b/d/slc/exaudf/exaudfclient",
    "python3_sme=builtin_python", f"{SME} PYTHON3_SME=builtin_python3"])
def test_a_different_definition_of_the_alias_is_refused_with_e_sme_94(current):
    with pytest.raises(DeploymentError, match=r"^E-SME-94: SCRIPT_LANGUAGES \(SESSION\) already defines "):
        merge_definition(f"R=builtin_r {current}", SME, False, ActivationLevel.SESSION)


def test_with_override_the_definition_replaces_every_old_one_in_the_first_ones_place():
    current = "A=a PYTHON3_SME=old1 B=b python3_sme=old2 C=c"
    assert merge_definition(current, SME, True, SYSTEM).new_value == f"A=a {SME} B=b C=c"


def test_the_conflict_message_names_both_definitions_and_both_ways_out():
    with pytest.raises(DeploymentError) as caught:
        merge_definition("PYTHON3_SME=old", SME, False, SYSTEM)
    text = caught.value.text
    assert "already defines PYTHON3_SME=old; this installation would set PYTHON3_SME=builtin_python3" in text
    assert "--allow-override" in text and "--no-deploy-archive --no-deploy-slc" in text


def test_existing_definitions_match_the_alias_case_insensitively():
    assert existing_definitions("a=1 A=2 AB=3", "a") == ["a=1", "A=2"]


@pytest.mark.parametrize("level", list(ActivationLevel))
def test_the_alter_statement_writes_the_value_as_a_sql_literal(level):
    assert alter_statement(level, "X=it's") == f"ALTER {level.value} SET SCRIPT_LANGUAGES='X=it''s'"


def test_the_activation_statement_carries_the_merged_value():
    activation = merge_definition("R=builtin_r", SME, False, SYSTEM)
    assert activation.statement() == f"ALTER SYSTEM SET SCRIPT_LANGUAGES='R=builtin_r {SME}'"
