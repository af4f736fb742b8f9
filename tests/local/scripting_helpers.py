"""Helpers for the scripting layer's tests: a database wrapper and S3 checks against the AWS stand-in."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from exasol_sagemaker_extension.local.engine import LocalDatabase, LocalSqlError, Result, Session

REGION = "eu-west-1"
PYTHON3_SME = ("PYTHON3=builtin_python3 PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/slc/"
               "sme?lang=python#buckets/bfsdefault/default/slc/sme/exaudf/exaudfclient_py3")


@dataclass
class ScriptingDb:
    """A LocalDatabase with the scripting handlers, one open session and a schema ``S``."""

    db: LocalDatabase
    session: Session

    def run(self, sql: str) -> Result:
        """Execute one statement."""
        return self.db.execute(self.session, sql)

    def rows(self, sql: str) -> list[tuple]:
        """The rows of a query."""
        return self.run(sql).rows

    def value(self, sql: str) -> Any:
        """The only value of a one-row, one-column query."""
        rows = self.rows(sql)
        assert len(rows) == 1 and len(rows[0]) == 1, rows
        return rows[0][0]

    def error(self, sql: str) -> LocalSqlError:
        """The error a statement fails with."""
        with pytest.raises(LocalSqlError) as caught:
            self.run(sql)
        return caught.value

    def output(self, body: str, name: str = "PROBE") -> list[str]:
        """Create a Lua script from ``body`` and return its ``output()`` lines."""
        self.run(f"CREATE OR REPLACE LUA SCRIPT S.{name}() AS\n{body}")
        return [row[0] for row in self.rows(f"EXECUTE SCRIPT S.{name}() WITH OUTPUT")]


def s3_client(aws: AwsStandin) -> Any:
    """A boto3 S3 client of the stand-in for checking what was written."""
    return boto3.client("s3", region_name=REGION, endpoint_url=aws.endpoint_url,
                        aws_access_key_id="checker", aws_secret_access_key="checker-secret")


def create_bucket(aws: AwsStandin, bucket: str) -> Any:
    """Create a bucket in REGION; returns the checking client."""
    client = s3_client(aws)
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    return client
