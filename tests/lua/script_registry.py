"""Every Lua script of the SQL surface, with arguments that work and a fake database that answers it, so
that the property tests run hostile input through each script. A new script is covered by adding a row
to SCRIPT_CASES (tests fail for a script of LUA_SCRIPTS that has no row and is not in NOT_YET_COVERED)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tests.lua.batch_transform_scenarios import BATCH, SCORED_COLUMNS, batch_json, prepare_batch_prediction
from tests.lua.fake_exasol import FakeExasol, Response
from tests.lua.lifecycle_scenarios import DELETE_DATA, LIFECYCLE_SCENARIOS, REFRESH, STOP, SWEEP
from tests.lua.lua_scenarios import (COLUMNS, DELETE, DELETE_ARGS, DEPLOY, DEPLOY_ARGS, POLL, POLL_ARGS, TRAIN,
                                     prepare_deletion, prepare_deployment, prepare_polling, prepare_training,
                                     training_json)
from tests.lua.lua_scenarios import (CREATE_PREDICTION_UDF, DEPLOY_WITH_OPTIONS, LIST, LIST_ARGS,
                                     deploy_options_json, prediction_udf_json, prepare_listing,
                                     prepare_prediction_udf_creation)

# Scripts added while this registry was written; the lead moves each into SCRIPT_CASES (with a prepare
# function that answers its statements, or the generic one) once its SQL surface is settled.
NOT_YET_COVERED: frozenset[str] = frozenset()

# Parameters that carry a user's text (names, regions, types, JSON); the others are numbers or booleans.
TEXT_PARAMETERS = frozenset({"job_name", "endpoint_name", "schema_name", "instance_type",
                             "aws_credentials_connection_name", "aws_region", "json_str"})


def answer_anything(db: FakeExasol) -> None:
    """Any statement gets an empty answer; connections and schemas of any name exist. Scripts whose
    statements the fake does not know in detail still run their validation and first lookups."""
    db.on(r".", [])
    answer_any_name(db)


def answer_any_name(db: FakeExasol) -> None:
    """Connections and schemas of any name exist, so that hostile names get past the lookups to the
    statements that use them (registered after a scenario's own answers, it overrides them)."""
    db.on(r"EXA_ALL_CONNECTIONS", answer=lambda sql, values: Response(
        rows=[(values.get("c"),)], columns=("CONNECTION_NAME",)))
    db.on(r"EXA_SCHEMAS", answer=lambda sql, values: Response(rows=[(values.get("s"),)], columns=("SCHEMA_NAME",)))


def prepare_training_on_any_table(db: FakeExasol) -> None:
    """Training succeeds for any schema and table name: hostile names reach the EXPORT statement."""
    prepare_training(db)
    db.on(r"EXA_ALL_COLUMNS", COLUMNS, ["COLUMN_NAME", "COLUMN_TYPE"])


def prepare_batch_prediction_on_any_table(db: FakeExasol, key_columns=()) -> None:
    """Batch prediction succeeds for any input table: it has the job's features, the scenario's key column
    and ``key_columns``, so hostile key column names reach the EXPORT, the output table and the IMPORT."""
    prepare_batch_prediction(db)
    columns = list(SCORED_COLUMNS)
    for name in key_columns:
        if name not in [column for column, _ in columns]:
            columns.append((name, "DECIMAL(9,0)"))
    db.on(r"EXA_ALL_COLUMNS.*ORDER BY COLUMN_ORDINAL_POSITION", columns, ["COLUMN_NAME", "COLUMN_TYPE"])


@dataclass(frozen=True)
class ScriptCase:
    """How to run one script successfully: its arguments in order and the database's answers."""

    arguments: tuple
    prepare: Callable[[FakeExasol], None] = answer_anything
    succeeds: bool = False  # whether the fake answers enough for these arguments to give a result


def with_anything(prepare: Callable[[FakeExasol], None]) -> Callable[[FakeExasol], None]:
    """The scenario's answers over empty answers for everything else, with connections and schemas of any name."""
    def all_of_them(db: FakeExasol) -> None:
        answer_anything(db)
        prepare(db)
        answer_any_name(db)
    return all_of_them


def _lifecycle(script: str) -> ScriptCase:
    prepare, arguments, _ = LIFECYCLE_SCENARIOS[script]
    return ScriptCase(arguments, with_anything(prepare), succeeds=True)


SCRIPT_CASES: dict[str, ScriptCase] = {
    TRAIN: ScriptCase((training_json(),), with_anything(prepare_training_on_any_table), succeeds=True),
    POLL: ScriptCase(POLL_ARGS, with_anything(prepare_polling), succeeds=True),
    DEPLOY: ScriptCase(DEPLOY_ARGS, with_anything(prepare_deployment), succeeds=True),
    DELETE: ScriptCase(DELETE_ARGS, with_anything(prepare_deletion), succeeds=True),
    DEPLOY_WITH_OPTIONS: ScriptCase((deploy_options_json(),), with_anything(prepare_deployment), succeeds=True),
    CREATE_PREDICTION_UDF: ScriptCase((prediction_udf_json(),), with_anything(prepare_prediction_udf_creation),
                                      succeeds=True),
    BATCH: ScriptCase((batch_json(),), with_anything(prepare_batch_prediction_on_any_table), succeeds=True),
    LIST: ScriptCase(LIST_ARGS, with_anything(prepare_listing), succeeds=True),
    STOP: _lifecycle(STOP),
    REFRESH: _lifecycle(REFRESH),
    # with the model artefacts, so the check for deployed endpoints runs too
    DELETE_DATA: ScriptCase(LIFECYCLE_SCENARIOS[DELETE_DATA][1][:3] + (True,),
                            with_anything(LIFECYCLE_SCENARIOS[DELETE_DATA][0]), succeeds=True),
    SWEEP: _lifecycle(SWEEP),
}
