"""The training data of a job: every CSV object under its S3Prefix, read through boto3 (RFC 4180)."""
from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import urlparse


class DataError(Exception):
    """The data cannot be used; the message is the job's FailureReason."""


@dataclass(frozen=True)
class Dataset:
    """The header and the data rows (fields as text) of all files, in key order."""

    columns: tuple[str, ...]
    rows: list[list[str]]
    files: tuple[str, ...]


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/prefix`` as ``(bucket, prefix)``."""
    parsed = urlparse(uri)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise DataError(f"ClientError: {uri!r} is not an S3 URI (s3://bucket/prefix).")
    return parsed.netloc, parsed.path.lstrip("/")


def training_channel(input_config: list[dict[str, Any]]) -> dict[str, Any]:
    """The job's training channel (the one without ChannelType or with ChannelType training)."""
    for channel in input_config or []:
        if channel.get("ChannelType", "training") == "training":
            return channel
    raise DataError("ClientError: the job has no training channel in AutoMLJobInputDataConfig.")


def read_channel(s3: Any, channel: dict[str, Any]) -> Dataset:
    """Read the channel's CSV objects; a header line is required, as for ``text/csv;header=present``."""
    source = channel.get("DataSource", {}).get("S3DataSource", {})
    if source.get("S3DataType", "S3Prefix") != "S3Prefix":
        raise DataError(f"ClientError: the local Autopilot reads S3Prefix data sources only, not "
                        f"{source.get('S3DataType')}.")
    content_type = (channel.get("ContentType") or "text/csv;header=present").replace(" ", "").lower()
    if content_type != "text/csv;header=present":
        raise DataError(f"ClientError: content type {channel.get('ContentType')} is not supported locally; "
                        "use text/csv;header=present.")
    bucket, prefix = split_s3_uri(source.get("S3Uri", ""))
    gzipped = channel.get("CompressionType") == "Gzip"
    return read_prefix(s3, bucket, prefix, gzipped)


def read_prefix(s3: Any, bucket: str, prefix: str, gzipped: bool = False) -> Dataset:
    """All objects under the prefix as one table; every file must start with the same header."""
    keys = list_keys(s3, bucket, prefix)
    if not keys:
        raise DataError(f"ClientError: no data found under s3://{bucket}/{prefix}.")
    header: Optional[tuple[str, ...]] = None
    rows: list[list[str]] = []
    for key in keys:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        file_header, file_rows = parse_csv(gzip.decompress(body) if gzipped else body, key)
        if file_header is None:
            continue
        if header is None:
            header = file_header
        elif file_header != header:
            raise DataError(f"ClientError: s3://{bucket}/{key} has another header than the other files; "
                            "all files of a dataset must share one header.")
        rows.extend(file_rows)
    if header is None:
        raise DataError(f"ClientError: the files under s3://{bucket}/{prefix} are empty.")
    return Dataset(columns=header, rows=rows, files=tuple(keys))


def list_keys(s3: Any, bucket: str, prefix: str) -> list[str]:
    """The keys of the objects under the prefix, sorted, without folder markers."""
    keys: list[str] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys.extend(item["Key"] for item in page.get("Contents", []) if not item["Key"].endswith("/"))
    return sorted(keys)


def parse_csv(data: bytes, key: str) -> tuple[Optional[tuple[str, ...]], list[list[str]]]:
    """``(header, rows)`` of one file; ``(None, [])`` for an empty file; blank lines are skipped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"ClientError: {key} is not UTF-8 text.") from None
    try:
        lines = [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]
    except csv.Error as error:
        raise DataError(f"ClientError: {key} is not valid CSV: {error}.") from None
    if not lines:
        return None, []
    header = tuple(lines[0])
    width = len(header)
    for number, row in enumerate(lines[1:], start=2):
        if len(row) != width:
            raise DataError(f"ClientError: line {number} of {key} has {len(row)} fields, the header "
                            f"has {width}.")
    return header, lines[1:]
