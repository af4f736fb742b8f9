"""The training data is every CSV object under the job's S3 prefix, read as RFC 4180 with a header."""
from __future__ import annotations

import gzip

import pytest

from exasol_sagemaker_extension.local.autopilot.dataset import DataError, read_channel, read_prefix
from tests.local.autopilot.conftest import BUCKET, s3_client


def put(key: str, body: bytes) -> None:
    s3_client().put_object(Bucket=BUCKET, Key=key, Body=body)


def channel(prefix: str, **changes) -> dict:
    value = {"ChannelType": "training", "ContentType": "text/csv;header=present", "CompressionType": "None",
             "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/{prefix}"}}}
    value.update(changes)
    return value


def test_every_file_under_the_prefix_is_read_in_key_order_with_one_header(aws):
    put("ds/a/part-2.csv", b"x,y\n3,c\n")
    put("ds/a/part-1.csv", b"x,y\n1,a\n2,b\n")
    put("ds/ab/other.csv", b"x,y\n9,z\n")  # another prefix that merely starts alike
    data = read_channel(s3_client(), channel("ds/a/"))
    assert data.columns == ("x", "y")
    assert data.rows == [["1", "a"], ["2", "b"], ["3", "c"]]
    assert data.files == ("ds/a/part-1.csv", "ds/a/part-2.csv")


def test_fields_follow_rfc_4180_quoting_commas_quotes_and_line_breaks(aws):
    put("ds/quoted/part-1.csv", b'name,"the ""note""",n\r\n"a, b","say ""hi""\nagain",1\r\n,,\r\n')
    data = read_prefix(s3_client(), BUCKET, "ds/quoted/")
    assert data.columns == ("name", 'the "note"', "n")
    assert data.rows == [["a, b", 'say "hi"\nagain', "1"], ["", "", ""]]


def test_an_empty_file_of_an_empty_slice_is_skipped(aws):
    put("ds/slices/part-1.csv", b"x,y\n1,a\n")
    put("ds/slices/part-2.csv", b"")
    put("ds/slices/part-3.csv", b"x,y\n")
    assert read_prefix(s3_client(), BUCKET, "ds/slices/").rows == [["1", "a"]]


def test_gzip_files_are_read_when_the_channel_says_so(aws):
    put("ds/gz/part-1.csv.gz", gzip.compress(b"x,y\n1,a\n"))
    assert read_channel(s3_client(), channel("ds/gz/", CompressionType="Gzip")).rows == [["1", "a"]]


@pytest.mark.parametrize("files, message", [
    ({}, "no data found under"),
    ({"ds/bad1/p.csv": b"x,y\n1,a\n", "ds/bad1/q.csv": b"x,z\n1,a\n"}, "another header"),
    ({"ds/bad2/p.csv": b"x,y\n1,a,3\n"}, "line 2 of ds/bad2/p.csv has 3 fields, the header has 2"),
    ({"ds/bad3/p.csv": b'x,y\n"1,a\n'}, "not valid CSV"),
    ({"ds/bad4/p.csv": b"x,y\n\xff,a\n"}, "not UTF-8"),
    ({"ds/bad5/p.csv": b""}, "are empty"),
])
def test_unreadable_data_fails_with_a_client_error(aws, files, message):
    for key, body in files.items():
        put(key, body)
    prefix = next(iter(files), "ds/none/").rsplit("/", 1)[0] + "/"
    with pytest.raises(DataError, match=message) as raised:
        read_prefix(s3_client(), BUCKET, prefix)
    assert str(raised.value).startswith("ClientError: ")


def test_only_csv_with_a_header_is_read(aws):
    with pytest.raises(DataError, match="text/csv;header=present"):
        read_channel(s3_client(), channel("ds/a/", ContentType="x-application/vnd.amazon+parquet"))
