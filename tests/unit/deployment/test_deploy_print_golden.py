"""The ``--to-print`` output compared as text with a reviewed golden file.

Regenerate after an intended change with ``SME_UPDATE_GOLDEN=1 pytest tests/unit/deployment`` and
review the diff of ``golden/deploy_to_print.sql``.
"""
from __future__ import annotations

import os
import pathlib

from exasol_sagemaker_extension.deployment import deploy_cli
from exasol_sagemaker_extension.deployment.statements import DeployStatement, build_deploy_statements

GOLDEN = pathlib.Path(__file__).parent / "golden" / "deploy_to_print.sql"
SCHEMA_ARG, SCHEMA = '"Sme Schema"', "Sme Schema"


def _printed(run_cli) -> str:
    result = run_cli("--to-print", "--schema", SCHEMA_ARG)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_printed_statements_match_the_golden_file(run_cli):
    printed = _printed(run_cli)
    if os.environ.get("SME_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(printed, encoding="utf-8", newline="\n")
    assert printed == GOLDEN.read_text(encoding="utf-8"), (
        "the deploy statements changed; if intended, regenerate with SME_UPDATE_GOLDEN=1 and "
        "review the diff of golden/deploy_to_print.sql")


def test_golden_file_holds_every_statement_verbatim():
    golden = GOLDEN.read_text(encoding="utf-8")
    assert [s.description for s in build_deploy_statements(SCHEMA) if s.sql not in golden] == []


def test_changing_any_one_statement_breaks_the_golden_comparison(run_cli, monkeypatch):
    original = build_deploy_statements(SCHEMA)
    golden = GOLDEN.read_text(encoding="utf-8")
    unnoticed = []
    for index, statement in enumerate(original):
        changed = list(original)
        changed[index] = DeployStatement(statement.description, statement.sql.replace(
            "CREATE", "CREATE  ", 1), statement.is_script)
        monkeypatch.setattr(deploy_cli, "build_deploy_statements", lambda schema, c=changed: c)
        if _printed(run_cli) == golden:
            unnoticed.append(statement.description)
    assert unnoticed == []
