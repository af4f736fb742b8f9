"""EXPORT ... INTO CSV AT <S3 connection> in the local runtime, written to the moto stand-in."""
from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from exasol_sagemaker_extension.local.s3_export import parse_s3_address, split_rows
from tests.local.scripting_helpers import REGION, ScriptingDb, create_bucket

pytest_plugins = ["tests.local.scripting_fixtures"]

BUCKET = "sme-training"
ADDRESS = f"https://{BUCKET}.s3.{REGION}.amazonaws.com/"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def s3(aws: AwsStandin, scripting_db: ScriptingDb) -> Any:
    """Bucket BUCKET in the stand-in and connection S3_CONN to it; returns a checking boto3 client."""
    client = create_bucket(aws, BUCKET)
    scripting_db.run(f"CREATE CONNECTION S3_CONN TO '{ADDRESS}' USER 'AKIAEXAMPLE' IDENTIFIED BY '{SECRET}'")
    return client


def read_object(client: Any, key: str) -> str:
    """The text of one object."""
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode("utf-8")


def keys(client: Any) -> list[str]:
    """All object keys of the bucket."""
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


@pytest.fixture
def people(scripting_db: ScriptingDb) -> ScriptingDb:
    """Table S.PEOPLE with awkward column names and values."""
    scripting_db.run('CREATE TABLE S.PEOPLE(ID DECIMAL(18,0), "Full Name" VARCHAR(50), "select" DOUBLE, '
                     'SCORE DECIMAL(10,2), ACTIVE BOOLEAN, BORN DATE, SEEN TIMESTAMP)')
    scripting_db.run("INSERT INTO S.PEOPLE VALUES "
                     "(1, 'Ann, the first', 1.5, 2.25, TRUE, DATE '1990-01-02', TIMESTAMP '2024-01-02 03:04:05.678'), "
                     "(2, NULL, NULL, NULL, NULL, NULL, NULL), "
                     "(3, 'Bob \"B\" Brown', 3, 10, FALSE, DATE '2000-12-31', TIMESTAMP '2024-12-31 23:59:59.000'), "
                     "(4, 'multi\nline', -0.125, -1.5, TRUE, NULL, NULL)")
    return scripting_db


def test_export_writes_one_object_per_file_with_a_header_each(people: ScriptingDb, s3: Any) -> None:
    count = people.run("EXPORT S.PEOPLE INTO CSV AT S3_CONN FILE 'job/part-1.csv' FILE 'job/part-2.csv' "
                       "WITH COLUMN NAMES").rows_affected
    assert count == 4 and keys(s3) == ["job/part-1.csv", "job/part-2.csv"]
    parts = [list(csv.reader(io.StringIO(read_object(s3, k), newline=""))) for k in keys(s3)]
    header = ["ID", "Full Name", "select", "SCORE", "ACTIVE", "BORN", "SEEN"]
    assert [p[0] for p in parts] == [header, header]
    assert [row for part in parts for row in part[1:]] == [
        ["1", "Ann, the first", "1.5", "2.25", "TRUE", "1990-01-02", "2024-01-02 03:04:05.678000"],
        ["2", "", "", "", "", "", ""],
        ["3", 'Bob "B" Brown', "3", "10.00", "FALSE", "2000-12-31", "2024-12-31 23:59:59.000000"],
        ["4", "multi\nline", "-0.125", "-1.50", "TRUE", "", ""],
    ]


def test_export_quotes_fields_only_when_needed(people: ScriptingDb, s3: Any) -> None:
    people.run("EXPORT S.PEOPLE(ID, \"Full Name\") INTO CSV AT S3_CONN FILE 'names.csv'")
    assert read_object(s3, "names.csv") == '1,"Ann, the first"\n2,\n3,"Bob ""B"" Brown"\n4,"multi\nline"\n'


@pytest.mark.parametrize("rows, files, expected", [
    (4, 2, [2, 2]), (5, 2, [3, 2]), (1, 3, [1, 0, 0]), (0, 2, [0, 0]), (7, 3, [3, 2, 2]),
])
def test_rows_are_divided_into_contiguous_parts_per_file(rows: int, files: int, expected: list[int]) -> None:
    parts = split_rows([(i,) for i in range(rows)], files)
    assert [len(p) for p in parts] == expected
    assert [r for p in parts for r in p] == [(i,) for i in range(rows)]


def test_every_file_is_written_even_when_it_gets_no_rows(scripting_db: ScriptingDb, s3: Any) -> None:
    scripting_db.run("CREATE TABLE S.ONE(X DECIMAL(18,0))")
    scripting_db.run("INSERT INTO S.ONE VALUES (1)")
    scripting_db.run("EXPORT S.ONE INTO CSV AT S3_CONN FILE 'a.csv' FILE 'b.csv' WITH COLUMN NAMES")
    assert [read_object(s3, k) for k in ("a.csv", "b.csv")] == ["X\n1\n", "X\n"]


def test_export_of_a_subquery_as_the_extension_writes_it(people: ScriptingDb, s3: Any) -> None:
    people.run('EXPORT (SELECT "ID", "Full Name" FROM "S"."PEOPLE" WHERE ID > 2) INTO CSV AT "S3_CONN" '
               "FILE 'sub/part-001.csv' WITH COLUMN NAMES")
    assert read_object(s3, "sub/part-001.csv") == 'ID,Full Name\n3,"Bob ""B"" Brown"\n4,"multi\nline"\n'


@pytest.mark.parametrize("options, expected", [
    ("COLUMN SEPARATOR = ';'", "1;Ann, the first;TRUE\n"),
    ("DELIMIT = ALWAYS", '"1","Ann, the first","TRUE"\n'),
    ("DELIMIT = NEVER", "1,Ann, the first,TRUE\n"),
    ("BOOLEAN = '1/0'", '1,"Ann, the first",1\n'),
    ("ROW SEPARATOR = 'CRLF'", '1,"Ann, the first",TRUE\r\n'),
    ("COLUMN DELIMITER = ''''", "1,'Ann, the first',TRUE\n"),
    ("ENCODING = 'UTF-8' REPLACE", '1,"Ann, the first",TRUE\n'),
])
def test_file_options_change_the_csv_as_documented(people: ScriptingDb, s3: Any, options: str, expected: str) -> None:
    people.run(f"EXPORT (SELECT ID, \"Full Name\", ACTIVE FROM S.PEOPLE WHERE ID = 1) INTO CSV AT S3_CONN "
               f"FILE 'o.csv' {options}")
    assert read_object(s3, "o.csv") == expected


def test_null_option_replaces_empty_fields(people: ScriptingDb, s3: Any) -> None:
    people.run("EXPORT (SELECT ID, \"Full Name\" FROM S.PEOPLE WHERE ID = 2) INTO CSV AT S3_CONN FILE 'n.csv' "
               "NULL = 'NULL'")
    assert read_object(s3, "n.csv") == "2,NULL\n"


def test_literal_address_with_user_and_session_token_works(people: ScriptingDb, s3: Any) -> None:
    people.run(f"EXPORT (SELECT ID FROM S.PEOPLE WHERE ID = 1) INTO CSV AT '{ADDRESS}' USER 'ASIAEXAMPLE' "
               f"IDENTIFIED BY '{SECRET};session_token=FwoGZXIvYXdzEXAMPLE' FILE 't.csv'")
    assert read_object(s3, "t.csv") == "1\n"


def test_s3_failure_is_reported_without_the_secret(people: ScriptingDb, aws: AwsStandin) -> None:
    people.run("CREATE CONNECTION NOWHERE TO 'https://missing-bucket.s3.eu-west-1.amazonaws.com/' "
               f"USER 'AKIAEXAMPLE' IDENTIFIED BY '{SECRET}'")
    error = people.error("EXPORT S.PEOPLE INTO CSV AT NOWHERE FILE 'x.csv'")
    assert error.sql_code == "42636" and "NoSuchBucket" in error.text and "s3://missing-bucket/x.csv" in error.text
    assert SECRET not in error.text and SECRET not in repr(error)


def test_unknown_connection_is_an_error(people: ScriptingDb, aws: AwsStandin) -> None:
    assert people.error("EXPORT S.PEOPLE INTO CSV AT NO_SUCH_CONN FILE 'x.csv'").sql_code == "42000"


@pytest.mark.parametrize("statement", [
    "EXPORT S.PEOPLE INTO LOCAL CSV FILE 'x.csv'",
    "EXPORT S.PEOPLE INTO EXA AT S3_CONN TABLE S.OTHER",
    "EXPORT S.PEOPLE INTO FBV AT S3_CONN FILE 'x.fbv'",
    "EXPORT S.PEOPLE INTO CSV AT CLOUD AZURE BLOBSTORAGE S3_CONN FILE 'x.csv'",
    "EXPORT S.PEOPLE INTO CSV AT 'https://example.com/data/' USER 'a' IDENTIFIED BY 'b' FILE 'x.csv'",
    "EXPORT S.PEOPLE INTO CSV AT 'ftp://files.example.com/' FILE 'x.csv'",
    "EXPORT S.PEOPLE INTO CSV AT S3_CONN FILE 'x.csv' (1..2)",
    "EXPORT S.PEOPLE INTO CSV AT S3_CONN FILE 'x.csv' ENCODING = 'LATIN1'",
    "EXPORT S.PEOPLE INTO CSV AT S3_CONN FILE 'x.csv' REJECT LIMIT 5",
])
def test_unsupported_export_forms_give_the_clear_error(people: ScriptingDb, s3: Any, statement: str) -> None:
    error = people.error(statement)
    assert error.sql_code == "0A000" and "not supported by the local runtime" in error.text
    assert keys(s3) == []


@pytest.mark.parametrize("address, expected", [
    ("https://my-bucket.s3.eu-west-1.amazonaws.com/", ("my-bucket", "eu-west-1")),
    ("https://my-bucket.s3.amazonaws.com", ("my-bucket", "us-east-1")),
    ("https://my.dotted.bucket.s3-us-west-2.amazonaws.com/", ("my.dotted.bucket", "us-west-2")),
    ("https://b12.s3.dualstack.ap-south-1.amazonaws.com/", ("b12", "ap-south-1")),
])
def test_virtual_hosted_s3_addresses_give_bucket_and_region(address: str, expected: tuple[str, str]) -> None:
    assert parse_s3_address(address) == expected


def test_lua_script_exports_through_placeholders_as_the_extension_does(people: ScriptingDb, s3: Any) -> None:
    body = ('local params = {s = "S", t = "PEOPLE", c = "S3_CONN", f1 = "p/part-001.csv", f2 = "p/part-002.csv"}\n'
            'local ok, r = pquery([[EXPORT (SELECT "ID", "Full Name" FROM ::s.::t) INTO CSV AT ::c '
            'FILE :f1 FILE :f2 WITH COLUMN NAMES]], params)\n'
            'output(tostring(ok) .. " " .. tostring(r.rows_affected))')
    assert people.output(body) == ["true 4"]
    assert keys(s3) == ["p/part-001.csv", "p/part-002.csv"]
    assert read_object(s3, "p/part-002.csv").startswith("ID,Full Name\n3,")


def test_export_through_pyexasol_reports_the_row_count(exa_connection: Any, aws: AwsStandin) -> None:
    client = create_bucket(aws, BUCKET)
    exa_connection.execute(f"CREATE CONNECTION S3_CONN TO '{ADDRESS}' USER 'AKIAEXAMPLE' IDENTIFIED BY '{SECRET}'")
    exa_connection.execute("CREATE TABLE S.T(X DECIMAL(18,0), Y VARCHAR(5))")
    exa_connection.execute("INSERT INTO S.T VALUES (1, 'a'), (2, 'b'), (3, NULL)")
    statement = exa_connection.execute("EXPORT S.T INTO CSV AT S3_CONN FILE 'e/1.csv' FILE 'e/2.csv' WITH COLUMN NAMES")
    assert statement.rowcount() == 3
    assert [read_object(client, k) for k in ("e/1.csv", "e/2.csv")] == ["X,Y\n1,a\n2,b\n", "X,Y\n3,\n"]
