"""sme.prediction_udf_sql: the generated prediction UDF, tested as text against golden files."""
from __future__ import annotations

import ast
import pathlib

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.deployment.statements import runtime_prelude
from tests.lua.fake_exasol import FakeExasol
from tests.lua.lua_scenarios import (COLUMN_NAMES, COLUMN_TYPES, DEPLOY, DEPLOY_ARGS, prepare_deployment,
                                     raises_code)

GOLDEN = pathlib.Path(__file__).parent / "golden"


@pytest.fixture
def build(lua):
    module = lua.module("sme.prediction_udf_sql")

    def build_sql(**changes):
        spec = {"schema": "ML", "endpoint_name": "churn-endpoint", "connection": "AWS_CONN",
                "region": "eu-central-1", "problem_type": "BinaryClassification", "target": "LABEL",
                "column_names": COLUMN_NAMES, "column_types": COLUMN_TYPES}
        spec.update(changes)
        (text,) = lua.call(module.build, lua.to_lua(spec))
        return text

    return build_sql


@pytest.mark.parametrize("problem_type, golden", [
    ("BinaryClassification", "prediction_udf_classification.sql"),
    ("Regression", "prediction_udf_regression.sql"),
])
def test_prediction_udf_text_matches_the_golden_file(build, problem_type, golden):
    assert build(problem_type=problem_type) == (GOLDEN / golden).read_text(encoding="utf-8")


def test_inputs_are_the_columns_without_the_target_in_ordinal_order(build):
    text = build(column_names=["B", "LABEL", "A"], column_types=["DOUBLE", "BOOLEAN", "DATE"])
    assert text.startswith('CREATE OR REPLACE PYTHON3_SME SET SCRIPT "ML"."churn-endpoint"("B" DOUBLE, "A" DATE)\n'
                           'EMITS ("B" DOUBLE, "A" DATE, "PROBABILITY" DOUBLE, "PREDICTIONS" BOOLEAN) AS\n')


@pytest.mark.parametrize("problem_type, outputs", [
    ("BinaryClassification", '"PROBABILITY" DOUBLE, "PREDICTIONS" VARCHAR(10) UTF8)'),
    ("MulticlassClassification", '"PROBABILITY" DOUBLE, "PREDICTIONS" VARCHAR(10) UTF8)'),
    ("Regression", '"SELECT" DOUBLE, "PREDICTIONS" DOUBLE)'),
])
def test_classification_adds_probability_and_the_targets_type(build, problem_type, outputs):
    assert outputs + " AS\n" in build(problem_type=problem_type)


@pytest.mark.parametrize("name, quoted", [
    ("Mixed Case", '"Mixed Case"'), ("SELECT", '"SELECT"'), ('say "hi"', '"say ""hi"""'), ("a b", '"a b"'),
])
def test_column_names_are_quoted_in_inputs_and_outputs(build, name, quoted):
    text = build(column_names=[name, "LABEL"], column_types=["DOUBLE", "DOUBLE"])
    assert text.count(quoted + " DOUBLE") == 2


@pytest.mark.parametrize("column_type", [
    "DECIMAL(18,0)", "VARCHAR(2000000) UTF8", "CHAR(1) ASCII", "TIMESTAMP(3) WITH LOCAL TIME ZONE",
    "INTERVAL DAY(2) TO SECOND(3)", "GEOMETRY(4326)", "HASHTYPE(16 BYTE)", "BOOLEAN", "DATE",
])
def test_exasol_column_types_are_written_as_they_are(build, column_type):
    assert f'"X" {column_type})' in build(column_names=["X", "LABEL"], column_types=[column_type, "DOUBLE"])


@pytest.mark.parametrize("column_type", [
    "DOUBLE) AS x", "DOUBLE)", "DECIMAL((1)", "DOUBLE (1) (2)) x", "VARCHAR(1); DROP", "INT -- x", "", "'x'",
    "DOUBLE\n", "(DOUBLE)", None])
def test_column_types_that_do_not_look_like_exasol_types_are_e_sme_37(build, column_type):
    with raises_code(error_codes.PREDICTION_UDF_CREATION_FAILED):
        build(column_names=["X", "LABEL"], column_types=[column_type, "DOUBLE"])


@pytest.mark.parametrize("names, types", [
    (["X", "LABEL"], ["DOUBLE"]),
    (["LABEL"], ["DOUBLE"]),
    (["X", "Y"], ["DOUBLE", "DOUBLE"]),
])
def test_recorded_columns_without_target_or_features_are_e_sme_37(build, names, types):
    with raises_code(error_codes.PREDICTION_UDF_CREATION_FAILED):
        build(column_names=names, column_types=types)


@pytest.mark.parametrize("reserved", ["PROBABILITY", "PREDICTIONS"])
def test_features_named_like_outputs_are_e_sme_39_here_too(build, reserved):
    with raises_code(error_codes.RESERVED_OUTPUT_COLUMN):
        build(column_names=[reserved, "LABEL"], column_types=["DOUBLE", "DOUBLE"])


HOSTILE = ["it's", "back\\slash", "line\nbreak", "'); import os; os.system('x') #", "\x00\x1b", "ünï"]


@pytest.mark.parametrize("value", HOSTILE)
def test_python_values_read_back_exactly_as_given(build, value):
    text = build(connection=value, schema=value)
    python = text.split(" AS\n", 1)[1]
    tree = ast.parse(python)
    call = tree.body[1].value
    assert {keyword.arg: ast.literal_eval(keyword.value) for keyword in call.keywords} == {
        "endpoint_name": "churn-endpoint", "connection_name": value, "aws_region": "eu-central-1",
        "problem_type": "BinaryClassification"}
    assert len(tree.body) == 3


@pytest.mark.parametrize("value", HOSTILE + ['a"b', '"; DROP SCRIPT x; --'])
def test_a_hostile_schema_stays_inside_its_quotes(build, value):
    quoted = '"' + value.replace('"', '""') + '"'
    assert build(schema=value).startswith(
        "CREATE OR REPLACE PYTHON3_SME SET SCRIPT " + quoted + '."churn-endpoint"("ID" DECIMAL(18,0), ')


# ---- with a package archive as the runtime: the same prelude the deploy CLI writes ----------------

ARCHIVE_PATH = "/buckets/bfsdefault/default/exasol_sagemaker_extension_runtime"


def build_with_runtime(python_path, **changes):
    db = FakeExasol(python_path=python_path)
    db.load_modules()
    spec = {"schema": "ML", "endpoint_name": "churn-endpoint", "connection": "AWS_CONN", "region": "eu-central-1",
            "problem_type": "Regression", "target": "LABEL", "column_names": COLUMN_NAMES,
            "column_types": COLUMN_TYPES, **changes}
    (text,) = db.call(db.module("sme.prediction_udf_sql").build, db.to_lua(spec))
    return text


def test_with_an_archive_the_udf_text_starts_with_the_prelude_then_the_usual_text():
    golden = (GOLDEN / "prediction_udf_regression.sql").read_text(encoding="utf-8")
    head, python = golden.split(" AS\n", 1)
    assert build_with_runtime(ARCHIVE_PATH) == head + " AS\n" + runtime_prelude(ARCHIVE_PATH) + python


@pytest.mark.parametrize("python_path", HOSTILE + [ARCHIVE_PATH, "/buckets/b/d/\x7f\r\t日本"])
def test_the_lua_prelude_is_the_deploy_clis_prelude_for_any_path(python_path):
    python = build_with_runtime(python_path).split(" AS\n", 1)[1]
    assert python.startswith(runtime_prelude(python_path))
    tree = ast.parse(python)
    assert ast.literal_eval(tree.body[1].test.left) == python_path and len(tree.body) == 5


def test_without_an_archive_the_udf_text_has_no_prelude(build):
    assert "sys.path" not in build()


def test_the_deployment_script_creates_the_prediction_udf_with_the_prelude():
    db = FakeExasol(python_path=ARCHIVE_PATH)
    prepare_deployment(db)
    db.run_script(DEPLOY, *DEPLOY_ARGS)
    (create,) = db.statements_matching("^CREATE OR REPLACE PYTHON3_SME SET SCRIPT")
    assert create.sql.split(" AS\n", 1)[1].startswith(runtime_prelude(ARCHIVE_PATH)
                                                      + "from exasol_sagemaker_extension.udfs.prediction_udf import")
