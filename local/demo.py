"""``sme-local demo``: the whole extension on the local runtime, from install to prediction quality.

Starts the stand-ins, installs the extension with the real deploy CLI over pyexasol, loads
scikit-learn's breast-cancer data (it ships with the package) into a table, trains with the local
Autopilot, polls, deploys an endpoint, predicts held-out rows with SQL and prints how good the
predictions are, then deletes the endpoint.
"""
from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional

from exasol_sagemaker_extension.deployment import deploy_cli
from exasol_sagemaker_extension.local.runtime import LocalRuntime
from exasol_sagemaker_extension.names import quote_identifier, quote_literal

SME_SCHEMA = "SME"
DATA_SCHEMA = "DEMO"
CONNECTION = "AWS_CONN"
REGION = "eu-central-1"
BUCKET = "sme-demo-bucket"
ACCESS_KEY_ID = "AKIASMELOCALDEMO0001"
SECRET_ACCESS_KEY = "sme-local-demo-secret-key"
ROLE = "arn:aws:iam::123456789012:role/sme-local-demo"
HOLDOUT_EVERY = 10  # every tenth row is held out: Autopilot needs at least 500 training rows
INSERT_BATCH = 100
POLL_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class Dataset:
    """A table to train on: DOUBLE features, then the target; ``metric`` rates the predictions."""

    table: str
    features: list[str]
    target: str
    target_type: str
    rows: list[tuple[Any, ...]]
    metric: str  # "accuracy" for classification, "r2" for regression

    def job_name(self, run_id: str) -> str:
        """A job name of this run: AWS never lets a job name be used twice."""
        return f"sme-{self.table.lower().replace('_', '-')}-{run_id}"


def _classification(loader: Callable[[], Any], table: str, target: str) -> Dataset:
    data = loader()
    rows = [tuple(float(value) for value in features) + (str(data.target_names[label]),)
            for features, label in zip(data.data, data.target)]
    return Dataset(table, [str(name).upper() for name in data.feature_names], target, "VARCHAR(40)", rows,
                   "accuracy")


def breast_cancer() -> Dataset:
    """Binary classification: 569 tumours, 30 measurements (names with spaces), benign or malignant."""
    from sklearn.datasets import load_breast_cancer
    return _classification(load_breast_cancer, "BREAST_CANCER", "DIAGNOSIS")


def digits() -> Dataset:
    """Multiclass classification: 1,797 hand-written digits, 8x8 pixel intensities, digit 0 to 9."""
    from sklearn.datasets import load_digits
    return _classification(load_digits, "DIGITS", "DIGIT")


def friedman() -> Dataset:
    """Regression: 1,000 rows of Friedman's benchmark function #1 (five informative inputs, five noise)."""
    from sklearn.datasets import make_friedman1

    features, target = make_friedman1(n_samples=1000, n_features=10, noise=0.5, random_state=7)
    rows = [tuple(float(value) for value in row) + (float(value),) for row, value in zip(features, target)]
    return Dataset("FRIEDMAN", [f"X {index}" for index in range(1, 11)], "Y", "DOUBLE", rows, "r2")


@dataclass
class DemoResult:
    """What the demo measured: accuracy (classification) or R2 (regression) on held-out rows."""

    job_status: str
    metric: str
    quality: float
    predicted_rows: int
    seconds: float


def aws_client(service: str) -> Any:
    """A boto3 client with the demo's key pair; AWS_ENDPOINT_URL points it at the local stand-in."""
    import boto3

    return boto3.client(service, region_name=REGION, aws_access_key_id=ACCESS_KEY_ID,
                        aws_secret_access_key=SECRET_ACCESS_KEY)


def rate(metric: str, pairs: list[tuple[Any, Any]]) -> float:
    """Accuracy or R2 of ``(actual, predicted)`` pairs."""
    if not pairs:
        return 0.0
    if metric == "accuracy":
        return sum(1 for actual, predicted in pairs if actual == predicted) / len(pairs)
    mean = sum(actual for actual, _ in pairs) / len(pairs)
    total = sum((actual - mean) ** 2 for actual, _ in pairs)
    residual = sum((actual - predicted) ** 2 for actual, predicted in pairs)
    return 1 - residual / total if total else 0.0


def _insert(connection: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    for start in range(0, len(rows), INSERT_BATCH):
        values = ", ".join(
            "(" + ", ".join(repr(value) if isinstance(value, float) else quote_literal(value) for value in row) + ")"
            for row in rows[start:start + INSERT_BATCH])
        connection.execute(f"INSERT INTO {table} VALUES {values}")


class Demo:
    """The demo's steps against a started :class:`LocalRuntime`; ``say`` receives the progress lines."""

    def __init__(self, runtime: LocalRuntime, dataset: Optional[Dataset] = None,
                 say: Callable[[str], None] = print, prepare: bool = True):
        self.runtime = runtime
        self.dataset = dataset or breast_cancer()
        self.say = say
        self._prepare = prepare  # install the extension, create the bucket and the connection
        self.job_name = self.dataset.job_name(secrets.token_hex(3))
        self.endpoint_name = self.job_name + "-ep"
        self.started = time.monotonic()
        self.connection: Any = None

    def _step(self, text: str) -> None:
        self.say(f"[{time.monotonic() - self.started:6.1f}s] {text}")

    def run(self, delete_endpoint: bool = True) -> DemoResult:
        """Every step, in order; raises on the first failure."""
        if self._prepare:
            self.install()
        self.connection = self.runtime.connect()
        try:
            self.load_tables()
            if self._prepare:
                self.create_aws_connection()
            self.train()
            status = self.poll()
            self.show_leaderboard()
            self.deploy()
            quality, predicted = self.predict()
            if delete_endpoint:
                self.delete()
        finally:
            self.connection.close()
        return DemoResult(status, self.dataset.metric, quality, predicted, time.monotonic() - self.started)

    def install(self) -> None:
        """The real deploy CLI, over pyexasol, validating the stand-in's certificate."""
        self._step(f"installing the extension into schema {SME_SCHEMA} with the deploy CLI")
        arguments = ["--dsn", self.runtime.dsn, "--db-user", self.runtime.user,
                     "--db-password", self.runtime.password, "--schema", SME_SCHEMA,
                     "--no-deploy-archive"]  # the local runtime has the package already; no BucketFS
        if self.runtime.certificate_file is not None:
            arguments += ["--ssl-cert-path", str(self.runtime.certificate_file)]
        deploy_cli.main.main(args=arguments, standalone_mode=False)

    def _table(self, suffix: str = "") -> str:
        return f"{quote_identifier(DATA_SCHEMA)}.{quote_identifier(self.dataset.table + suffix)}"

    def load_tables(self) -> None:
        """Training and held-out tables with quoted column names (some contain spaces)."""
        data = self.dataset
        training = [row for index, row in enumerate(data.rows) if index % HOLDOUT_EVERY]
        holdout = [row for index, row in enumerate(data.rows) if not index % HOLDOUT_EVERY]
        self._step(f"loading {data.table}: {len(training)} training rows, {len(holdout)} held out")
        columns = ", ".join([f"{quote_identifier(name)} DOUBLE" for name in data.features]
                            + [f"{quote_identifier(data.target)} {data.target_type}"])
        self.connection.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_identifier(DATA_SCHEMA)}")
        for table, table_rows in ((data.table, training), (data.table + "_HOLDOUT", holdout)):
            qualified = f"{quote_identifier(DATA_SCHEMA)}.{quote_identifier(table)}"
            self.connection.execute(f"CREATE OR REPLACE TABLE {qualified} ({columns})")
            _insert(self.connection, qualified, table_rows)

    def create_aws_connection(self) -> None:
        """A bucket on the AWS stand-in and the CONNECTION object that names it."""
        self._step(f"creating bucket {BUCKET} and connection {CONNECTION}")
        s3 = aws_client("s3")
        try:
            s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass  # a bucket kept from an earlier run of this process serves as well
        self.connection.execute(
            f"CREATE OR REPLACE CONNECTION {quote_identifier(CONNECTION)} "
            f"TO {quote_literal(f'https://{BUCKET}.s3.{REGION}.amazonaws.com/')} "
            f"USER {quote_literal(ACCESS_KEY_ID)} IDENTIFIED BY {quote_literal(SECRET_ACCESS_KEY)}")

    def train(self) -> None:
        """SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT; the problem type is left to (local) Autopilot."""
        data = self.dataset
        self._step(f"EXECUTE SCRIPT {SME_SCHEMA}.SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT (job {self.job_name})")
        params = {
            "job_name": self.job_name, "aws_credentials_connection_name": CONNECTION, "aws_region": REGION,
            "iam_sagemaker_role": ROLE, "s3_bucket_uri": f"s3://{BUCKET}", "s3_output_path": "sme-demo",
            "input_schema_name": DATA_SCHEMA, "input_table_or_view_name": data.table,
            "target_attribute_name": data.target, "max_candidates": 4,  # Autopilot infers the problem type
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
                f"{quote_literal(self.job_name)}, {quote_literal(CONNECTION)}, "
                f"{quote_literal(REGION)})").fetchone()
            status = (row[0], row[1])
            if status != last:
                self._step(f"job {self.job_name}: {status[0]} / {status[1]}")
                last = status
            if status[0] in ("Completed", "Failed", "Stopped"):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"job {self.job_name} did not finish within {POLL_TIMEOUT_S:g} s")
            time.sleep(1)
        if status[0] != "Completed":
            raise RuntimeError(f"job {self.job_name} ended as {status[0]} / {status[1]}: "
                               f"{self._failure_reason()}")
        return status[0]

    def show_leaderboard(self) -> None:
        """The candidates and the best one's top features, from the tables the completing poll filled."""
        where = f'WHERE "JOB_NAME" = {quote_literal(self.job_name)}'
        candidates = self.connection.execute(
            'SELECT "CANDIDATE_RANK", "CANDIDATE_NAME", "ALGORITHM", "OBJECTIVE_METRIC_NAME", '
            f'"OBJECTIVE_METRIC_VALUE" FROM {quote_identifier(SME_SCHEMA)}."SME_METADATA_AUTOPILOT_CANDIDATES" '
            f'{where} ORDER BY "CANDIDATE_RANK" NULLS LAST').fetchall()
        self._step(f"leaderboard in {SME_SCHEMA}.SME_METADATA_AUTOPILOT_CANDIDATES ({len(candidates)} candidates):")
        for rank, name, algorithm, metric, value in candidates:
            shown = "-" if value is None else f"{value:.4f}"
            self.say(f"    {rank if rank is not None else '-':>4}  {name:<40} {algorithm or '?':<18} {metric} {shown}")
        features = self.connection.execute(
            'SELECT "FEATURE_NAME", "IMPORTANCE" FROM '
            f'{quote_identifier(SME_SCHEMA)}."SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE" {where} '
            'ORDER BY "IMPORTANCE_RANK" LIMIT 3').fetchall()
        if features:
            self.say("    the best candidate's top features: "
                     + ", ".join(f"{name} ({importance:.3f})" for name, importance in features))

    def _failure_reason(self) -> str:
        job = aws_client("sagemaker").describe_auto_ml_job_v2(AutoMLJobName=self.job_name)
        return job.get("FailureReason", "no reason given")

    def deploy(self) -> None:
        """SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT: endpoint plus prediction UDF in DEMO."""
        self._step(f"deploying endpoint {self.endpoint_name} and its prediction UDF "
                   f"{DATA_SCHEMA}.\"{self.endpoint_name}\"")
        self.connection.execute(
            f"EXECUTE SCRIPT {quote_identifier(SME_SCHEMA)}.SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT("
            f"{quote_literal(self.job_name)}, {quote_literal(self.endpoint_name)}, {quote_literal(DATA_SCHEMA)}, "
            f"'ml.m5.large', 1, {quote_literal(CONNECTION)}, {quote_literal(REGION)})")

    def predict(self) -> tuple[float, int]:
        """Score the held-out table in SQL (GROUP BY IPROC()) and compare with the true target."""
        data = self.dataset
        width = len(data.features)
        arguments = ", ".join(quote_identifier(name) for name in data.features)
        sql = (f"SELECT {quote_identifier(DATA_SCHEMA)}.{quote_identifier(self.endpoint_name)}({arguments}) "
               f"FROM {self._table('_HOLDOUT')} GROUP BY IPROC()")
        self._step("predicting the held-out rows:\n    " + sql[:150] + " ...")
        predictions = self.connection.execute(sql).fetchall()
        truth = {row[:-1]: row[-1] for index, row in enumerate(data.rows) if not index % HOLDOUT_EVERY}
        pairs = [(truth[tuple(row[:width])], row[-1]) for row in predictions if tuple(row[:width]) in truth]
        quality = rate(data.metric, pairs)
        self._step(f"{data.metric} on {len(predictions)} held-out rows: {quality:.3f}")
        classification = data.metric == "accuracy"
        self.say("    actual          predicted" + ("       probability" if classification else ""))
        for row in predictions[:5]:
            actual = truth.get(tuple(row[:width]), "?")
            line = f"    {actual!s:<15} {row[-1]!s:<15}"
            self.say(line + (f" {row[-2]:.3f}" if classification else ""))
        return quality, len(predictions)

    def delete(self) -> None:
        """SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT: endpoint, config, model and the UDF."""
        self._step(f"deleting endpoint {self.endpoint_name}")
        self.connection.execute(
            f"EXECUTE SCRIPT {quote_identifier(SME_SCHEMA)}.SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT("
            f"{quote_literal(self.endpoint_name)}, {quote_literal(CONNECTION)}, {quote_literal(REGION)})")
