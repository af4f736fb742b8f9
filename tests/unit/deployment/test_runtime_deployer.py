"""The runtime plan (file, SCRIPT_LANGUAGES definition, UDF path) and how BucketFS failures read."""
from __future__ import annotations

import pytest
import requests

import exasol.bucketfs as bfs
from exasol_sagemaker_extension.deployment.runtime_deployer import (
    ARCHIVE_DEFINITION,
    ARCHIVE_NAME,
    BucketFsAccess,
    BucketFsLocation,
    RuntimeKind,
    bucketfs_error,
    bucketfs_root,
    plan_runtime,
)
from exasol_sagemaker_extension.errors import InvalidInputError

DEFAULT = BucketFsLocation("bfsdefault", "default")
ACCESS = BucketFsAccess("bfs.example.com", 2581, "w", "Bfs-secret", use_https=True)


@pytest.mark.parametrize("location, python_path", [
    (DEFAULT, "/buckets/bfsdefault/default/exasol_sagemaker_extension_runtime"),
    (BucketFsLocation("bfsml", "models", "/sme/v1/"),
     "/buckets/bfsml/models/sme/v1/exasol_sagemaker_extension_runtime"),
])
def test_the_archive_is_imported_from_where_bucketfs_unpacks_it(location, python_path):
    plan = plan_runtime(RuntimeKind.ARCHIVE, location)
    assert (plan.file_name, plan.definition, plan.python_path) == (ARCHIVE_NAME, ARCHIVE_DEFINITION, python_path)
    assert (bucketfs_root(location) / ARCHIVE_NAME).as_udf_path() == python_path


def test_a_container_is_activated_as_the_language_container_deployer_defines_it(tmp_path):
    container = tmp_path / "sme_slc-1.0.tar.gz"
    plan = plan_runtime(RuntimeKind.CONTAINER, BucketFsLocation("bfsdefault", "default", "slc"), container)
    assert plan.definition == ("PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/slc/sme_slc-1.0?lang=python"
                               "#/buckets/bfsdefault/default/slc/sme_slc-1.0/exaudf/exaudfclient")
    assert (plan.file_name, plan.python_path, plan.container_file) == ("sme_slc-1.0.tar.gz", None, container)


def test_no_runtime_plans_nothing():
    plan = plan_runtime(RuntimeKind.NONE, DEFAULT)
    assert (plan.definition, plan.python_path, plan.file_name) == (None, None, None)


@pytest.mark.parametrize("location", [
    BucketFsLocation("bfs default", "default"), BucketFsLocation("bfsdefault", "de'fault"),
    BucketFsLocation("bfsdefault", ""), BucketFsLocation("bfsdefault", "default", "a//b"),
    BucketFsLocation("bfsdefault", "default", "a/./b"), BucketFsLocation("bfsdefault", "default", "a=b"),
])
def test_names_that_would_break_the_url_or_the_definition_are_refused(location):
    with pytest.raises(InvalidInputError, match=r"^E-SME-92: "):
        plan_runtime(RuntimeKind.ARCHIVE, location)


def test_the_access_url_follows_the_https_option():
    assert ACCESS.url == "https://bfs.example.com:2581"
    assert BucketFsAccess("h", 2580, "w", "p").url == "http://h:2580"
    assert "Bfs-secret" not in repr(ACCESS)


def _http_error(status: int) -> bfs.BucketFsError:
    response = requests.Response()
    response.status_code = status
    try:
        raise bfs.BucketFsError("Couldn't upload file: x") from requests.HTTPError(response=response)
    except bfs.BucketFsError as error:
        return error


@pytest.mark.parametrize("error, start", [
    (_http_error(401), "E-SME-93: BucketFS at https://bfs.example.com:2581 refused to store "
                       "exasol_sagemaker_extension_runtime.tar.gz in bucket default for user w (HTTP 401)"),
    (_http_error(403), "E-SME-93: BucketFS at https://bfs.example.com:2581 refused to store"),
    (_http_error(500), "E-SME-93: uploading exasol_sagemaker_extension_runtime.tar.gz to BucketFS at "
                       "https://bfs.example.com:2581 failed: HTTP 500"),
    (requests.exceptions.SSLError("HTTPSConnectionPool(host='bfs.example.com', port=2581): Max retries "
                                  "exceeded (Caused by SSLError(SSLCertVerificationError(1, '[SSL: "
                                  "CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed "
                                  "certificate (_ssl.c:1006)')))"),
     "E-SME-93: could not reach BucketFS at https://bfs.example.com:2581 over TLS: certificate verify "
     "failed: self-signed certificate. Give the CA"),
    (requests.ConnectionError("HTTPConnectionPool(host='bfs.example.com', port=2581): Max retries exceeded "
                              "(Caused by NameResolutionError(\"<urllib3.connection.HTTPConnection object>: "
                              "Failed to resolve 'bfs.example.com' ([Errno -2] Name or service not known)\"))"),
     "E-SME-93: could not reach BucketFS at https://bfs.example.com:2581: Name or service not known. "),
    (bfs.BucketFsError("Bucket default does not exist."),
     "E-SME-93: BucketFS at https://bfs.example.com:2581 has no bucket default"),
])
def test_bucketfs_failures_read_as_one_message_with_what_to_check(error, start):
    text = bucketfs_error(error, plan_runtime(RuntimeKind.ARCHIVE, DEFAULT), ACCESS).text
    assert text.startswith(start) and "Bfs-secret" not in text


def test_a_password_in_a_bucketfs_message_is_hidden():
    error = requests.ConnectionError("proxy said: Bfs-secret is wrong")
    assert "Bfs-secret" not in bucketfs_error(error, plan_runtime(RuntimeKind.ARCHIVE, DEFAULT), ACCESS).text
