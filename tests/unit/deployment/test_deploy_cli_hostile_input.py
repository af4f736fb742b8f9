"""Property-based: hostile --schema and BucketFS location values given to the deploy CLI (with --to-print,
so nothing is contacted) are either refused with one E-SME error or written quoted into every statement;
no value ever ends a statement or a string early, and the database password never shows."""
from __future__ import annotations

import re

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.deployment import deploy_cli

PASSWORD = "DB-SECRET-MARKER-41b7"
FRAGMENTS = ["'", '"', '""', ";", "--", "/", "\n", "\x00", "\t", " ", "é", "日本", "::x", ":x", "' OR '1'='1",
             '"; DROP SCHEMA s CASCADE; --', "x" * 129, "sme", "SME", "My Schema", "..", "a.b", "+", "-"]
HOSTILE_TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=5).map("".join)
SETTINGS = settings(max_examples=60, deadline=None)


def print_statements(*options: str):
    return CliRunner().invoke(deploy_cli.main, ["--dsn", "db.example.com:8563", "--db-user", "sys", "--db-password",
                                                PASSWORD, "--to-print", *options], catch_exceptions=True)


def refused(result) -> bool:
    return result.exit_code != 0 and re.search(r"E-SME-(7|92): ", result.output) is not None


@SETTINGS
@given(schema=st.one_of(HOSTILE_TEXT, HOSTILE_TEXT.map(lambda text: '"' + text.replace('"', '""') + '"')))
def test_a_hostile_schema_is_refused_or_quoted_in_every_statement(schema):
    result = print_statements("--schema", schema, "--no-deploy-archive")
    assert PASSWORD not in result.output
    if result.exit_code != 0:
        assert refused(result), result.output
        return
    quoted = names.quote_identifier(names.parse_sql_identifier(schema, "schema"))
    assert f"CREATE SCHEMA IF NOT EXISTS {quoted};" in result.output
    statements = re.split(r"\n-- \d+/\d+: [^\n]*\n", result.output)[1:]
    assert len(statements) >= 10
    for statement in statements:
        assert quoted in statement, statement[:200]


@SETTINGS
@given(option=st.sampled_from(["--bucketfs-name", "--bucket", "--path-in-bucket"]), value=HOSTILE_TEXT)
def test_a_hostile_bucketfs_location_is_refused_or_kept_to_safe_characters(option, value):
    result = print_statements("--schema", "SME", option, value)
    assert PASSWORD not in result.output
    if result.exit_code != 0:
        assert refused(result), result.output
        return
    assert re.fullmatch(r"[A-Za-z0-9_.+/-]*", value), value
