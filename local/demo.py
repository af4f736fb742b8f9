"""``sme-local demo``: the whole extension on the local runtime, from install to prediction quality.

Starts the stand-ins, installs the extension with the real deploy CLI over pyexasol, loads
scikit-learn's breast-cancer data (it ships with the package) into a table, trains with the local
Autopilot, polls, deploys an endpoint, predicts held-out rows with SQL and prints how good the
predictions are, then deletes the endpoint.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional

from exasol_sagemaker_extension.deployment import deploy_cli
from exasol_sagemaker_extension.local.runtime import LocalRuntime
from exasol_sagemaker_extension.names import quote_identifier, quote_literal

SME_SCHEMA = "SME"
DATA_SCHEMA = "DEMO"
TRAINING_TABLE = "BREAST_CANCER"
HOLDOUT_TABLE = "BREAST_CANCER_HOLDOUT"
TARGET = "DIAGNOSIS"
CONNECTION = "AWS_CONN"
REGION = "eu-central-1"
BUCKET = "sme-demo-bucket"
ACCESS_KEY_ID = "AKIASMELOCALDEMO0001"
SECRET_ACCESS_KEY = "sme-local-demo-secret-key"
ROLE = "arn:aws:iam::123456789012:role/sme-local-demo"
JOB_NAME = "sme-demo-breast-cancer"
ENDPOINT_NAME = "sme-demo-endpoint"
HOLDOUT_EVERY = 5  # every fifth row is held out from training
INSERT_BATCH = 100
POLL_TIMEOUT_S = 300.0


@dataclass
class DemoResult:
    """What the demo measured."""

    job_status: str
    accuracy: float
    predicted_rows: int
    seconds: float


def load_dataset() -> tuple[list[str], list[tuple[Any, ...]]]:
    """Breast-cancer features (30 DOUBLE columns, names with spaces) and the diagnosis as text."""
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    columns = [str(name).upper() for name in data.feature_names]
    rows = [tuple(float(value) for value in features) + (str(data.target_names[label]),)
            for features, label in zip(data.data, data.target)]
    return columns, rows


def _insert(connection: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    for start in range(0, len(rows), INSERT_BATCH):
        values = ", ".join(
            "(" + ", ".join(repr(value) if isinstance(value, float) else quote_literal(value) for value in row) + ")"
            for row in rows[start:start + INSERT_BATCH])
        connection.execute(f"INSERT INTO {table} VALUES {values}")


class Demo:
    """The demo's steps against a started :class:`LocalRuntime`; ``say`` receives the progress lines."""

    def __init__(self, runtime: LocalRuntime, say: Callable[[str], None] = print):
        self.runtime = runtime
        self.say = say
        self.started = time.monotonic()
        self.connection: Any = None

    def _step(self, text: str) -> None:
        self.say(f"[{time.monotonic() - self.started:6.1f}s] {text}")

    def run(self, delete_endpoint: bool = True) -> DemoResult:
        """Every step, in order; raises on the first failure."""
        self.install()
        self.connection = self.runtime.connect()
        features, rows = load_dataset()
        self.load_tables(features, rows)
        self.create_aws_connection()
        self.train()
        status = self.poll()
        self.deploy()
        accuracy, predicted = self.predict(features, rows)
        if delete_endpoint:
            self.delete()
        return DemoResult(status, accuracy, predicted, time.monotonic() - self.started)

    def install(self) -> None:
        """The real deploy CLI, over pyexasol, validating the stand-in's certificate."""
        self._step(f"installing the extension into schema {SME_SCHEMA} with the deploy CLI")
        arguments = ["--dsn", self.runtime.dsn, "--db-user", self.runtime.user,
                     "--db-password", self.runtime.password, "--schema", SME_SCHEMA,
                     "--no-deploy-archive"]  # the local runtime has the package already; no BucketFS
        if self.runtime.certificate_file is not None:
            arguments += ["--ssl-cert-path", str(self.runtime.certificate_file)]
        deploy_cli.main.main(args=arguments, standalone_mode=False)

    def load_tables(self, features: list[str], rows: list[tuple[Any, ...]]) -> None:
        """Training and held-out tables with quoted column names (they contain spaces)."""
        training = [row for index, row in enumerate(rows) if index % HOLDOUT_EVERY]
        holdout = [row for index, row in enumerate(rows) if not index % HOLDOUT_EVERY]
        self._step(f"loading breast-cancer data: {len(training)} training rows, {len(holdout)} held out")
        columns = ", ".join([f"{quote_identifier(name)} DOUBLE" for name in features]
                            + [f"{quote_identifier(TARGET)} VARCHAR(20)"])
        self.connection.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_identifier(DATA_SCHEMA)}")
        for table, table_rows in ((TRAINING_TABLE, training), (HOLDOUT_TABLE, holdout)):
            qualified = f"{quote_identifier(DATA_SCHEMA)}.{quote_identifier(table)}"
            self.connection.execute(f"CREATE OR REPLACE TABLE {qualified} ({columns})")
            _insert(self.connection, qualified, table_rows)

    def create_aws_connection(self) -> None:
        """A bucket on the AWS stand-in and the CONNECTION object that names it."""
        import boto3

        self._step(f"creating bucket {BUCKET} and connection {CONNECTION}")
        s3 = boto3.client("s3", region_name=REGION, aws_access_key_id=ACCESS_KEY_ID,
                          aws_secret_access_key=SECRET_ACCESS_KEY)
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        self.connection.execute(
            f"CREATE OR REPLACE CONNECTION {quote_identifier(CONNECTION)} "
            f"TO {quote_literal(f'https://{BUCKET}.s3.{REGION}.amazonaws.com/')} "
            f"USER {quote_literal(ACCESS_KEY_ID)} IDENTIFIED BY {quote_literal(SECRET_ACCESS_KEY)}")

    def train(self) -> None:
        """SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT; the problem type is left to (local) Autopilot."""
        self._step(f"EXECUTE SCRIPT {SME_SCHEMA}.SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT (job {JOB_NAME})")
        params = {
            "job_name": JOB_NAME, "aws_credentials_connection_name": CONNECTION, "aws_region": REGION,
            "iam_sagemaker_role": ROLE, "s3_bucket_uri": f"s3://{BUCKET}", "s3_output_path": "sme-demo",
            "input_schema_name": DATA_SCHEMA, "input_table_or_view_name": TRAINING_TABLE,
            "target_attribute_name": TARGET, "objective": "Accuracy", "max_candidates": 4,
        }
        self.connection.execute(
            f"EXECUTE SCRIPT {quote_identifier(SME_SCHEMA)}.SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT("
            f"{quote_literal(json.dumps(params))})")

    def poll(self) -> str:
        """SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS until the job ends, printing every change."""
        deadline = time.monotonic() + POLL_TIMEOUT_S
        last: Optional[tuple[str, str]] = None
        while True:
            row = self.connection.execute(
                f"EXECUTE SCRIPT {quote_identifier(SME_SCHEMA)}.SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS("
                f"{quote_literal(JOB_NAME)}, {quote_literal(CONNECTION)}, {quote_literal(REGION)})").fetchone()
            status = (row[0], row[1])
            if status != last:
                self._step(f"job {JOB_NAME}: {status[0]} / {status[1]}")
                last = status
            if status[0] in ("Completed", "Failed", "Stopped"):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"job {JOB_NAME} did not finish within {POLL_TIMEOUT_S:g} seconds")
            time.sleep(1)
        if status[0] != "Completed":
            raise RuntimeError(f"job {JOB_NAME} ended as {status[0]} / {status[1]}")
        return status[0]

    def deploy(self) -> None:
        """SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT: endpoint plus prediction UDF in DEMO."""
        self._step(f"deploying endpoint {ENDPOINT_NAME} and its prediction UDF "
                   f'{DATA_SCHEMA}."{ENDPOINT_NAME}"')
        self.connection.execute(
            f"EXECUTE SCRIPT {quote_identifier(SME_SCHEMA)}.SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT("
            f"{quote_literal(JOB_NAME)}, {quote_literal(ENDPOINT_NAME)}, {quote_literal(DATA_SCHEMA)}, "
            f"'ml.m5.large', 1, {quote_literal(CONNECTION)}, {quote_literal(REGION)})")

    def predict(self, features: list[str], rows: list[tuple[Any, ...]]) -> tuple[float, int]:
        """Score the held-out table in SQL (GROUP BY IPROC()) and compare with the true diagnosis."""
        arguments = ", ".join(quote_identifier(name) for name in features)
        sql = (f"SELECT {quote_identifier(DATA_SCHEMA)}.{quote_identifier(ENDPOINT_NAME)}({arguments}) "
               f"FROM {quote_identifier(DATA_SCHEMA)}.{quote_identifier(HOLDOUT_TABLE)} GROUP BY IPROC()")
        self._step("predicting the held-out rows:\n    " + sql[:160] + " ...")
        predictions = self.connection.execute(sql).fetchall()
        truth = {row[:-1]: row[-1] for index, row in enumerate(rows) if not index % HOLDOUT_EVERY}
        hits = sum(1 for row in predictions if truth.get(tuple(row[:len(features)])) == row[-1])
        accuracy = hits / len(predictions) if predictions else 0.0
        self._step(f"accuracy on {len(predictions)} held-out rows: {accuracy:.3f}")
        self.say("    actual      predicted   probability")
        for row in predictions[:5]:
            self.say(f"    {truth.get(tuple(row[:len(features)]), '?'):<11} {row[-1]:<11} {row[-2]:.3f}")
        return accuracy, len(predictions)

    def delete(self) -> None:
        """SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT: endpoint, config, model and the UDF."""
        self._step(f"deleting endpoint {ENDPOINT_NAME}")
        self.connection.execute(
            f"EXECUTE SCRIPT {quote_identifier(SME_SCHEMA)}.SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT("
            f"{quote_literal(ENDPOINT_NAME)}, {quote_literal(CONNECTION)}, {quote_literal(REGION)})")
