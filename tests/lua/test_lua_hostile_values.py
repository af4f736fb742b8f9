"""Hostile names and values (quotes, '; DROP, newlines) never reach SQL unescaped."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.fake_exasol import FakeExasol
from tests.lua.lua_scenarios import (DELETE, DEPLOY, ENDPOINT, JOB, TRAIN, job_row, outside_literals,
                                     prepare_deletion, prepare_deployment, prepare_training, raises_code,
                                     training_json)

HOSTILE_NAMES = ["x'; DROP TABLE t; --", 'x"; DROP TABLE t; --', "x' OR '1'='1", 'a""b', "semi;colon"]


def assert_contained(db: FakeExasol) -> None:
    """Outside literals and quoted identifiers, no statement says DROP TABLE, OR or ends early."""
    for statement in db.statements:
        if statement.sql.startswith("CREATE OR REPLACE PYTHON3_SME"):
            continue  # its body is checked by the prediction UDF tests
        rest = outside_literals(statement.final_sql)
        assert "DROP TABLE" not in rest and ";" not in rest and " OR " not in rest, statement.final_sql
        assert "'" not in rest and '"' not in rest, statement.final_sql


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_schema_table_and_column_names_stay_inside_quotes_during_training(db, name):
    columns = [(name, "DOUBLE"), ("LABEL", "BOOLEAN")]
    prepare_training(db, columns=columns, schema=name, table=name)
    db.run_script(TRAIN, training_json(input_schema_name=name, input_table_or_view_name=name,
                                       target_attribute_name="LABEL"))
    assert_contained(db)
    (export,) = db.statements_matching("^EXPORT")
    quoted = '"' + name.replace('"', '""') + '"'
    assert export.final_sql.startswith(f"EXPORT (SELECT {quoted}, \"LABEL\" FROM {quoted}.{quoted}) INTO CSV AT")
    (record,) = db.statements_matching("^INSERT")
    assert json.loads(record.params["column_names"]) == [name, "LABEL"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_target_name_stays_inside_quotes_during_training(db, name):
    prepare_training(db, columns=[("X", "DOUBLE"), (name, "BOOLEAN")])
    db.run_script(TRAIN, training_json(target_attribute_name=name))
    assert_contained(db)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_connection_name_stays_inside_quotes_everywhere(db, name):
    prepare_training(db)
    db.on("EXA_ALL_CONNECTIONS", [(name,)], ["CONNECTION_NAME"], params={"c": name})
    db.run_script(TRAIN, training_json(aws_credentials_connection_name=name))
    assert_contained(db)
    (export,) = db.statements_matching("^EXPORT")
    assert " AT " + '"' + name.replace('"', '""') + '"' + " FILE " in export.final_sql


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_stay_contained_when_deploying_and_deleting(name):
    deploying = FakeExasol()
    prepare_deployment(deploying, row=job_row(column_names=[name, "LABEL"], column_types=["DOUBLE", "BOOLEAN"],
                                              target="LABEL"))
    deploying.on("EXA_SCHEMAS", [(name,)], ["SCHEMA_NAME"], params={"s": name})
    deploying.on("EXA_ALL_CONNECTIONS", [(name,)], ["CONNECTION_NAME"], params={"c": name})
    deploying.run_script(DEPLOY, JOB, ENDPOINT, name, "ml.m5.large", 1, name, "eu-central-1")
    assert_contained(deploying)
    (create,) = deploying.statements_matching("^CREATE OR REPLACE PYTHON3_SME")
    header = create.sql.split(") AS\n", 1)[0]
    assert ";" not in outside_literals(header) and "DROP" not in outside_literals(header)

    deleting = FakeExasol()
    prepare_deletion(deleting, deployed_in=(name,))
    deleting.on("EXA_ALL_CONNECTIONS", [(name,)], ["CONNECTION_NAME"], params={"c": name})
    deleting.run_script(DELETE, ENDPOINT, name, "eu-central-1")
    assert_contained(deleting)


@pytest.mark.parametrize("value", ["a\nb", "tab\there"])
def test_names_with_control_characters_are_rejected_before_any_statement(db, value):
    prepare_training(db)
    with raises_code(error_codes.INVALID_IDENTIFIER):
        db.run_script(TRAIN, training_json(input_table_or_view_name=value))
    assert db.statements == []
