"""No secret ever shows: with a marker secret key and a marker session token in the AWS connection and a
marker database password, every error path a user can reach through SQL and the deploy CLI is run, and
neither marker appears in any error text, script output, table row, script text or log record (DEBUG,
botocore's included).

The tests of this module run in file order and share one stand-in; the last one inspects everything the
earlier ones left behind."""
from __future__ import annotations

import datetime
import json
import logging
from typing import Callable, Iterator

import pyexasol
import pytest
from click.testing import Result

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.local.autopilot.service import local_state
from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from exasol_sagemaker_extension.names import quote_identifier, quote_literal
from tests.e2e.helpers import (ACCESS_KEY_ID, BUCKET, DATA_SCHEMA, FEATURES, REGION, SME_SCHEMA, TABLE, Extension,
                               autopilot_completes, autopilot_job, aws_checking_credentials, qualified,
                               training_parameters)

SECRET = "SECRET-MARKER-9f3c"
TOKEN = "MARKER2-token-5e7a"
DB_PASSWORD_MARKER = "DB-SECRET-MARKER-41b7"
MARKERS = (SECRET, TOKEN, DB_PASSWORD_MARKER)
CONNECTION = "SECRET_CONN"
NO_KEY_CONNECTION = "SECRET_CONN_WITHOUT_KEY"
JOB = "secret-job-1"
ENDPOINT = "secret-ep-1"

seen: list[str] = []  # every error text and output line of this module


class _Capture(logging.Handler):
    """Log records of the database side (the extension, botocore, pyexasol, the stand-in); moto's own
    records are AWS's side, which receives the credentials anyway, and are left out."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("moto"):
            self.lines.append(self.format(record))


@pytest.fixture(scope="module", autouse=True)
def logs(connections: str) -> Iterator[_Capture]:
    """Every log record from after the connections were created (the CREATE CONNECTION statements are the
    user's own text), at DEBUG, formatted as a handler would write it."""
    capture = _Capture()
    root = logging.getLogger()
    level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    yield capture
    root.removeHandler(capture)
    root.setLevel(level)


@pytest.fixture(scope="module")
def connections(extension: Extension) -> str:
    """The marker connection (secret key and session token) and one without access key id."""
    address = quote_literal(f"https://{BUCKET}.s3.{REGION}.amazonaws.com/")
    extension.execute(f"CREATE OR REPLACE CONNECTION {quote_identifier(CONNECTION)} TO {address} "
                      f"USER {quote_literal(ACCESS_KEY_ID)} IDENTIFIED BY {quote_literal(f'{SECRET};session_token={TOKEN}')}")
    extension.execute(f"CREATE OR REPLACE CONNECTION {quote_identifier(NO_KEY_CONNECTION)} TO {address} "
                      f"USER '' IDENTIFIED BY {quote_literal(SECRET)}")
    return CONNECTION


def failure(extension: Extension, sql: str, *codes: int) -> str:
    """The error of ``sql``, one of ``codes``, without any marker."""
    message = extension.error(sql)
    seen.append(message)
    assert any(f"E-SME-{code}: " in message for code in codes), message
    for marker in MARKERS:
        assert marker not in message
    return message


def rows(extension: Extension, sql: str) -> list[tuple]:
    result = extension.rows(sql)
    seen.extend(str(row) for row in result)
    return result


def poll_sql(extension: Extension, job: str, connection: str = CONNECTION) -> str:
    return extension.script("SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS", job, connection, REGION, with_output=True)


def deploy_sql(extension: Extension, job: str, endpoint: str = ENDPOINT, connection: str = CONNECTION) -> str:
    return extension.script("SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT", job, endpoint, DATA_SCHEMA, "ml.m5.large", 1,
                            connection, REGION)


def delete_sql(extension: Extension, endpoint: str, connection: str = CONNECTION) -> str:
    return extension.script("SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT", endpoint, connection, REGION)


# -- training ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("overrides, code", [
    ({"job_name": "bad_name"}, error_codes.INVALID_JOB_NAME),
    ({"aws_region": "nowhere"}, error_codes.INVALID_REGION),
    ({"input_table_or_view_name": "No Such Table"}, error_codes.TABLE_NOT_FOUND),
    ({"aws_credentials_connection_name": "NO_SUCH_CONN"}, error_codes.CONNECTION_NOT_USABLE),
])
def test_training_refusals_show_no_secret(extension: Extension, connections: str, overrides: dict, code: int) -> None:
    parameters = training_parameters("secret-refused", aws_credentials_connection_name=CONNECTION)
    parameters.update(overrides)
    failure(extension, extension.train_sql(parameters), code)


def test_training_with_a_key_aws_refuses_shows_no_secret(extension: Extension, connections: str) -> None:
    with aws_checking_credentials():
        failure(extension, extension.train_sql(training_parameters("secret-denied", aws_credentials_connection_name=CONNECTION)),
                error_codes.EXPORT_FAILED)


def test_training_with_a_connection_without_access_key_shows_no_secret(extension: Extension, connections: str) -> None:
    message = extension.error(extension.train_sql(training_parameters(
        "secret-no-key", aws_credentials_connection_name=NO_KEY_CONNECTION)))
    seen.append(message)
    assert "E-SME-" in message and SECRET not in message


def test_training_with_the_marker_connection_works(extension: Extension, connections: str) -> None:
    assert rows(extension, extension.train_sql(training_parameters(JOB, aws_credentials_connection_name=CONNECTION))) \
        == [(JOB,)]


# -- polling, deploying, predicting, deleting ------------------------------------------------------------

def test_polling_errors_show_no_secret(extension: Extension, connections: str) -> None:
    failure(extension, poll_sql(extension, "secret-never-trained"), error_codes.JOB_NOT_FOUND)
    with aws_checking_credentials():
        failure(extension, poll_sql(extension, JOB), error_codes.AWS_ACCESS_DENIED)
    failure(extension, poll_sql(extension, JOB, NO_KEY_CONNECTION), error_codes.CONNECTION_NOT_USABLE)
    rows(extension, poll_sql(extension, JOB))


def test_deployment_errors_show_no_secret(extension: Extension, connections: str) -> None:
    failure(extension, deploy_sql(extension, "secret-never-trained"), error_codes.JOB_NOT_IN_METADATA)
    # the local Autopilot may have failed the six-row job already
    failure(extension, deploy_sql(extension, JOB), error_codes.JOB_NOT_COMPLETED, error_codes.JOB_FAILED)
    autopilot_completes(JOB)
    with aws_checking_credentials():
        failure(extension, deploy_sql(extension, JOB), error_codes.AWS_ACCESS_DENIED)
    failure(extension, deploy_sql(extension, JOB, connection=NO_KEY_CONNECTION), error_codes.CONNECTION_NOT_USABLE)


def test_prediction_errors_show_no_secret(extension: Extension, connections: str) -> None:
    rows(extension, deploy_sql(extension, JOB))
    arguments = ", ".join(quote_identifier(name) for name in FEATURES)
    predict = f"SELECT {qualified(DATA_SCHEMA, ENDPOINT)}({arguments}) FROM {qualified(DATA_SCHEMA, TABLE)}"
    with aws_checking_credentials():
        failure(extension, predict, error_codes.INVOCATION_FAILED)  # AWS refused the key
    text = extension.script_text(DATA_SCHEMA, ENDPOINT)
    with aws_checking_credentials():
        failure(extension, delete_sql(extension, ENDPOINT), error_codes.AWS_ACCESS_DENIED)
    rows(extension, delete_sql(extension, ENDPOINT))
    extension.execute(text)  # a copy of the UDF made before the endpoint was deleted
    failure(extension, predict, error_codes.ENDPOINT_NOT_FOUND)
    extension.execute(f"DROP SCRIPT {qualified(DATA_SCHEMA, ENDPOINT)}")


# -- leaderboard, lifecycle and batch prediction ----------------------------------------------------------

GHOST_JOB = "secret-ghost-1"  # recorded in this schema's metadata, unknown to AWS


def script_sql(extension: Extension, name: str, *arguments, with_output: bool = False) -> str:
    """``EXECUTE SCRIPT`` text; Python booleans become TRUE/FALSE."""
    shown = ", ".join(("TRUE" if value else "FALSE") if isinstance(value, bool) else
                      quote_literal(value) if isinstance(value, str) else str(value) for value in arguments)
    return (f"EXECUTE SCRIPT {qualified(SME_SCHEMA, name)}({shown})" + (" WITH OUTPUT" if with_output else ""))


def record_a_job_aws_does_not_know(extension: Extension) -> None:
    """A copy of JOB's metadata row under GHOST_JOB: a job of this schema that AWS no longer knows."""
    jobs = qualified(SME_SCHEMA, "SME_METADATA_AUTOPILOT_JOBS")
    columns = [row[0] for row in extension.rows(
        "SELECT COLUMN_NAME FROM SYS.EXA_ALL_COLUMNS WHERE COLUMN_SCHEMA = 'SME' AND "
        "COLUMN_TABLE = 'SME_METADATA_AUTOPILOT_JOBS' ORDER BY COLUMN_ORDINAL_POSITION")]
    selected = ", ".join(quote_literal(GHOST_JOB) if column == "JOB_NAME" else quote_identifier(column)
                         for column in columns)
    extension.execute(f"INSERT INTO {jobs} ({', '.join(quote_identifier(c) for c in columns)}) "
                      f"SELECT {selected} FROM {jobs} WHERE \"JOB_NAME\" = {quote_literal(JOB)}")


def autopilot_lists_a_candidate(job_name: str) -> None:
    """What Autopilot's ListCandidatesForAutoMLJob shows for the job: one completed candidate with its metrics."""
    now = datetime.datetime.now(datetime.timezone.utc)
    local_state(autopilot_job(job_name)).candidates.append({
        "CandidateName": f"{job_name}-001-xgboost", "ObjectiveStatus": "Succeeded", "CandidateStatus": "Completed",
        "FinalAutoMLJobObjectiveMetric": {"Type": "Maximize", "MetricName": "validation:f1", "Value": 0.8,
                                          "StandardMetricName": "F1"},
        "CandidateSteps": [], "InferenceContainers": [], "CreationTime": now, "EndTime": now, "LastModifiedTime": now,
        "CandidateProperties": {"CandidateMetrics": [{"MetricName": "F1", "StandardMetricName": "F1", "Value": 0.8,
                                                      "Set": "Validation"}]}})


def test_leaderboard_errors_show_no_secret(extension: Extension, connections: str) -> None:
    record_a_job_aws_does_not_know(extension)
    autopilot_lists_a_candidate(JOB)
    listing = "SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES"
    failure(extension, script_sql(extension, listing, "secret-never-trained", CONNECTION, REGION),
            error_codes.JOB_NOT_IN_METADATA)
    failure(extension, script_sql(extension, listing, GHOST_JOB, CONNECTION, REGION), error_codes.JOB_NOT_FOUND)
    with aws_checking_credentials():
        failure(extension, script_sql(extension, listing, JOB, CONNECTION, REGION), error_codes.AWS_ACCESS_DENIED)
    output = rows(extension, script_sql(extension, listing, JOB, CONNECTION, REGION, with_output=True))
    assert output[0] == (f"Leaderboard: 1 candidates of job {JOB} written to SME_METADATA_AUTOPILOT_CANDIDATES.",)


def test_stop_refresh_data_deletion_and_sweep_errors_show_no_secret(extension: Extension, connections: str) -> None:
    stop, refresh = "SME_STOP_SAGEMAKER_AUTOPILOT_JOB", "SME_REFRESH_SAGEMAKER_STATE"
    delete_data, sweep = "SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA", "SME_SWEEP_SAGEMAKER_ENDPOINTS"
    failure(extension, script_sql(extension, stop, "secret-never-trained", CONNECTION, REGION),
            error_codes.JOB_NOT_IN_METADATA)
    failure(extension, script_sql(extension, stop, GHOST_JOB, CONNECTION, REGION), error_codes.JOB_NOT_FOUND)
    failure(extension, script_sql(extension, delete_data, GHOST_JOB, CONNECTION, REGION, True),
            error_codes.JOB_NOT_FOUND)
    with aws_checking_credentials():
        failure(extension, script_sql(extension, stop, JOB, CONNECTION, REGION), error_codes.AWS_ACCESS_DENIED)
        failure(extension, script_sql(extension, refresh, CONNECTION, REGION), error_codes.AWS_ACCESS_DENIED)
        failure(extension, script_sql(extension, delete_data, JOB, CONNECTION, REGION, False),
                error_codes.AWS_ACCESS_DENIED)
        failure(extension, script_sql(extension, sweep, CONNECTION, REGION, True), error_codes.AWS_ACCESS_DENIED)
    failure(extension, script_sql(extension, sweep, NO_KEY_CONNECTION, REGION, False), error_codes.CONNECTION_NOT_USABLE)
    refreshed = rows(extension, script_sql(extension, refresh, CONNECTION, REGION))
    assert ("JOB", GHOST_JOB) in [row[:2] for row in refreshed]  # recorded as NOT_FOUND
    rows(extension, script_sql(extension, sweep, CONNECTION, REGION, False, with_output=True))
    rows(extension, script_sql(extension, stop, JOB, CONNECTION, REGION))


def batch_sql(extension: Extension, job: str, output_table: str, connection: str = CONNECTION) -> str:
    """Score the training table keyed by its target column (not a feature), waiting at most 30 seconds."""
    parameters = {"job_name": job, "aws_credentials_connection_name": connection, "aws_region": REGION,
                  "input_schema_name": DATA_SCHEMA, "input_table_or_view_name": TABLE, "key_columns": ["Churned"],
                  "output_schema_name": DATA_SCHEMA, "output_table_name": output_table, "max_wait_in_seconds": 30}
    return extension.script("SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT", json.dumps(parameters))


def test_batch_prediction_errors_show_no_secret(extension: Extension, connections: str) -> None:
    with aws_checking_credentials():  # the EXPORT to S3 with the refused key comes first
        failure(extension, batch_sql(extension, JOB, "secret scores 1"), error_codes.EXPORT_FAILED,
                error_codes.AWS_ACCESS_DENIED)
    failure(extension, batch_sql(extension, JOB, "secret scores 2", NO_KEY_CONNECTION),
            error_codes.EXPORT_FAILED, error_codes.CONNECTION_NOT_USABLE)
    failure(extension, batch_sql(extension, GHOST_JOB, "secret scores 3"), error_codes.JOB_NOT_FOUND)
    # JOB's containers are AWS's images: the stand-in completes the transform without output files
    (row,) = rows(extension, batch_sql(extension, JOB, "secret scores 4"))
    assert row[0].startswith(f"{JOB}-bt-") and row[1:] == (qualified(DATA_SCHEMA, "secret scores 4"), 0)


# -- the deploy CLI --------------------------------------------------------------------------------------

def test_deploy_cli_failures_show_no_database_password(run_deploy_cli: Callable[..., Result], certificate_file) -> None:
    results = [
        run_deploy_cli("--schema", SME_SCHEMA, "--ssl-cert-path", str(certificate_file), password=DB_PASSWORD_MARKER),
        run_deploy_cli("--schema", SME_SCHEMA, password=DB_PASSWORD_MARKER, dsn="127.0.0.1:9"),
        run_deploy_cli("--schema", SME_SCHEMA, "--to-print", password=DB_PASSWORD_MARKER),
    ]
    assert [result.exit_code != 0 for result in results] == [True, True, False]
    assert f"E-SME-{error_codes.DATABASE_CONNECTION_FAILED}" in results[0].output
    for result in results:
        seen.append(result.output)
        assert DB_PASSWORD_MARKER not in result.output and DB_PASSWORD_MARKER not in repr(result.exception)


# -- what is left behind ---------------------------------------------------------------------------------

def test_no_table_row_script_text_output_or_log_record_holds_a_secret(
        extension: Extension, connection: pyexasol.ExaConnection, aws: AwsStandin, logs: _Capture) -> None:
    tables = extension.rows(f"SELECT TABLE_SCHEMA, TABLE_NAME FROM SYS.EXA_ALL_TABLES "
                            f"WHERE TABLE_SCHEMA IN ({quote_literal(SME_SCHEMA)}, {quote_literal(DATA_SCHEMA)})")
    filled = {table: extension.rows(f"SELECT * FROM {qualified(schema, table)}") for schema, table in tables}
    filled["SME_AWS_RESOURCES"] = extension.rows(f"SELECT * FROM {qualified(SME_SCHEMA, 'SME_AWS_RESOURCES')}")
    # the marker connection's job, leaderboard, states and transform were recorded
    for table in ("SME_METADATA_AUTOPILOT_JOBS", "SME_METADATA_AUTOPILOT_CANDIDATES",
                  "SME_METADATA_AUTOPILOT_CANDIDATE_METRICS", "SME_METADATA_AWS_RESOURCE_STATE",
                  "SME_METADATA_BATCH_TRANSFORM_JOBS", "SME_AWS_RESOURCES"):
        assert any(JOB in str(row) for row in filled[table]), table
    stored = [str(row) for table_rows in filled.values() for row in table_rows]
    scripts = [row[0] for row in extension.rows("SELECT SCRIPT_TEXT FROM SYS.EXA_ALL_SCRIPTS")]
    assert any("botocore" in line or "Sending http request" in line for line in logs.lines)  # DEBUG was on
    everything = {"errors and output": seen, "table rows": stored, "script texts": scripts, "log records": logs.lines}
    leaks = {where: [text[:3000] for text in texts if any(marker in text for marker in MARKERS)]
             for where, texts in everything.items()}
    assert leaks == {where: [] for where in everything}
