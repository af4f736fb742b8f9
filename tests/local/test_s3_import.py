"""IMPORT INTO <table> FROM CSV AT <S3 connection> FILE ... in the local runtime, read from the moto stand-in."""
from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest

from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from exasol_sagemaker_extension.local.s3_import import convert_value, parse_import
from exasol_sagemaker_extension.local.sql_types import parse_type_text
from tests.local.scripting_helpers import REGION, ScriptingDb, create_bucket

pytest_plugins = ["tests.local.scripting_fixtures"]

BUCKET = "sme-scores"
ADDRESS = f"https://{BUCKET}.s3.{REGION}.amazonaws.com/"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def s3(aws: AwsStandin, scripting_db: ScriptingDb) -> Any:
    """Bucket BUCKET in the stand-in, connection S3_CONN to it and table S.SCORES; returns a boto3 client."""
    client = create_bucket(aws, BUCKET)
    scripting_db.run(f"CREATE CONNECTION S3_CONN TO '{ADDRESS}' USER 'AKIAEXAMPLE' IDENTIFIED BY '{SECRET}'")
    scripting_db.run('CREATE TABLE S.SCORES("Customer Id" DECIMAL(9,0), "segment" VARCHAR(20), '
                     '"PROBABILITY" DOUBLE, "PREDICTIONS" BOOLEAN)')
    return client


def put(client: Any, key: str, text: str) -> None:
    client.put_object(Bucket=BUCKET, Key=key, Body=text.encode("utf-8"))


IMPORT = ('IMPORT INTO S.SCORES ("Customer Id", "segment", "PREDICTIONS", "PROBABILITY") FROM CSV AT S3_CONN '
          "FILE 'out/part-001.csv.out' FILE 'out/part-002.csv.out'")


def test_import_loads_every_file_into_the_named_columns(scripting_db: ScriptingDb, s3: Any) -> None:
    put(s3, "out/part-001.csv.out", '1,"seg, ""a""",1,0.75\n2,,0,0.5\n')
    put(s3, "out/part-002.csv.out", "3,b,TRUE,1E-3\n")
    assert scripting_db.run(IMPORT).rows_affected == 3
    assert scripting_db.rows('SELECT * FROM S.SCORES ORDER BY 1') == [
        (1, 'seg, "a"', 0.75, True), (2, None, 0.5, False), (3, "b", 0.001, True)]


def test_import_without_column_list_fills_the_columns_in_table_order(scripting_db: ScriptingDb, s3: Any) -> None:
    put(s3, "all.csv", "7,x,0.25,false\n")
    scripting_db.run("IMPORT INTO S.SCORES FROM CSV AT S3_CONN FILE 'all.csv'")
    assert scripting_db.rows("SELECT * FROM S.SCORES") == [(7, "x", 0.25, False)]


def test_a_bad_value_in_any_file_loads_no_row(scripting_db: ScriptingDb, s3: Any) -> None:
    put(s3, "out/part-001.csv.out", "1,a,1,0.75\n")
    put(s3, "out/part-002.csv.out", "2,b,maybe,0.5\n")
    error = scripting_db.error(IMPORT)
    assert "ETL-3050" in error.text and "maybe" in error.text
    assert scripting_db.rows("SELECT COUNT(*) FROM S.SCORES") == [(0,)]


def test_a_missing_file_fails_the_import(scripting_db: ScriptingDb, s3: Any) -> None:
    put(s3, "out/part-001.csv.out", "1,a,1,0.75\n")
    error = scripting_db.error(IMPORT)
    assert "out/part-002.csv.out" in error.text and "NoSuchKey" in error.text
    assert scripting_db.rows("SELECT COUNT(*) FROM S.SCORES") == [(0,)]


def test_a_line_with_another_number_of_fields_fails_the_import(scripting_db: ScriptingDb, s3: Any) -> None:
    put(s3, "out/part-001.csv.out", "1,a,1\n")
    put(s3, "out/part-002.csv.out", "")
    assert "expected 4" in scripting_db.error(IMPORT).text


def test_the_secret_never_appears_in_an_import_error(scripting_db: ScriptingDb, s3: Any) -> None:
    assert SECRET not in scripting_db.error(IMPORT).text


@pytest.mark.parametrize("statement", [
    "IMPORT INTO S.SCORES FROM EXA AT X STATEMENT 'SELECT 1'",
    "IMPORT INTO S.SCORES FROM CSV AT S3_CONN FILE 'a' REJECT LIMIT 5",
    "IMPORT FROM CSV AT S3_CONN FILE 'a'",
])
def test_other_import_forms_are_not_supported(scripting_db: ScriptingDb, s3: Any, statement: str) -> None:
    assert "not supported by the local runtime" in scripting_db.error(statement).text


def test_options_are_parsed() -> None:
    parsed = parse_import("IMPORT INTO s.t (a, \"B c\") FROM CSV AT 'https://b.s3.amazonaws.com/' USER 'u' "
                          "IDENTIFIED BY 'p' FILE 'x' FILE 'y' ENCODING = 'UTF-8' SKIP = 1 NULL = 'NA' "
                          "COLUMN SEPARATOR = ';' ROW SEPARATOR = 'CRLF'")
    assert (parsed.target_table, parsed.target_columns, parsed.files) == (["S", "T"], ["A", "B c"], ["x", "y"])
    assert (parsed.skip, parsed.null, parsed.column_separator, parsed.row_separator) == (1, "NA", ";", "\r\n")


@pytest.mark.parametrize("text, type_text, value", [
    ("12", "DECIMAL(9,0)", 12),
    ("1.5", "DECIMAL(10,2)", decimal.Decimal("1.50")),
    ("1E-3", "DOUBLE", 0.001),
    ("yes", "BOOLEAN", True),
    ("0", "BOOLEAN", False),
    ("2024-01-02", "DATE", datetime.date(2024, 1, 2)),
    ("2024-01-02 03:04:05.678", "TIMESTAMP(3)", datetime.datetime(2024, 1, 2, 3, 4, 5, 678000)),
    ("héllo", "VARCHAR(5) UTF8", "héllo"),
])
def test_values_are_converted_to_the_column_type(text: str, type_text: str, value: Any) -> None:
    assert convert_value(text, parse_type_text(type_text)) == value


@pytest.mark.parametrize("text, type_text", [
    ("x", "DOUBLE"), ("maybe", "BOOLEAN"), ("toolong", "VARCHAR(3) UTF8"),
    ("12345678901", "DECIMAL(9,0)"),
])
def test_values_that_do_not_fit_are_refused(text: str, type_text: str) -> None:
    with pytest.raises((ValueError, ArithmeticError)):
        convert_value(text, parse_type_text(type_text))
