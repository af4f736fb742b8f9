"""The deploy CLI installing the Python runtime into the local Exasol stand-in and a BucketFS stand-in,
with the real package archive: what the database holds afterwards, and that the archive serves the UDFs."""
from __future__ import annotations

import io
import subprocess
import sys
import tarfile

import pytest

from exasol_sagemaker_extension.deployment.runtime_deployer import ARCHIVE_NAME
from exasol_sagemaker_extension.deployment.statements import UDF_NAMES, quote_python_string, runtime_prelude

DEFAULT_LANGUAGES = "R=builtin_r JAVA=builtin_java PYTHON3=builtin_python3"
PYTHON_PATH = "/buckets/bfsdefault/default/exasol_sagemaker_extension_runtime"
OLD_SME = ("PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/old/slc?lang=python"
           "#/buckets/bfsdefault/default/old/slc/exaudf/exaudfclient")


def _languages(connection) -> tuple[str, str]:
    return connection.execute("SELECT SYSTEM_VALUE, SESSION_VALUE FROM SYS.EXA_PARAMETERS "
                              "WHERE PARAMETER_NAME = 'SCRIPT_LANGUAGES'").fetchone()


def _udf_texts(connection) -> dict[str, str]:
    rows = connection.execute("SELECT SCRIPT_NAME, SCRIPT_TEXT FROM SYS.EXA_ALL_SCRIPTS "
                              "WHERE SCRIPT_SCHEMA = 'SME' AND SCRIPT_LANGUAGE <> 'LUA'").fetchall()
    return {name: text for name, text in rows}


def _python_of(text: str) -> str:
    return text.split(" AS\n", 1)[1] if " AS\n" in text else text


@pytest.fixture
def installed(install):
    """The extension installed with the default runtime, the package archive."""
    result = install()
    assert result.exit_code == 0, result.output
    return result


def test_the_package_archive_is_uploaded_and_activated_for_every_new_session(installed, bucketfs, connection):
    assert list(bucketfs.files()) == [ARCHIVE_NAME]
    assert _languages(connection()) == (f"{DEFAULT_LANGUAGES} PYTHON3_SME=builtin_python3",) * 2


def test_every_fixed_udf_in_the_database_imports_from_the_unpacked_archive(installed, connection):
    texts = _udf_texts(connection())
    assert sorted(texts) == sorted(UDF_NAMES)
    assert all(runtime_prelude(PYTHON_PATH) in text for text in texts.values())


def test_the_unpacked_archive_alone_serves_the_udfs_and_boto3(installed, bucketfs, connection):
    """Run the prelude of a UDF in a Python without site-packages, /buckets pointing at the stand-in."""
    python = _python_of(_udf_texts(connection())["SME_AUTOPILOT_TRAINING_UDF"])
    local = str(bucketfs.udf_path(PYTHON_PATH))
    prelude = python.split("from exasol_sagemaker_extension", 1)[0].replace(
        quote_python_string(PYTHON_PATH), quote_python_string(local))
    probe = prelude + (
        "import boto3, botocore.session, exasol_sagemaker_extension.udfs.training_udf as udf\n"
        "botocore.session.get_session().get_service_model('sagemaker')\n"
        "print(udf.__file__); print(boto3.__file__)\n")
    completed = subprocess.run([sys.executable, "-I", "-S", "-c", probe], capture_output=True, text=True,
                               timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    assert all(line.startswith(local + "/") for line in completed.stdout.splitlines())


def test_a_udf_with_the_prelude_runs_in_the_database(installed, connection):
    session = connection()
    with pytest.raises(Exception, match="E-SME-50"):
        session.execute("SELECT SME.SME_AUTOPILOT_JOB_STATUS_POLLING_UDF('job-1', 'NO_SUCH_CONN', 'eu-central-1')")


def test_running_the_installer_again_changes_no_setting(installed, install, connection):
    again = install()
    assert again.exit_code == 0, again.output
    assert "SCRIPT_LANGUAGES (SYSTEM) already defines PYTHON3_SME=builtin_python3; unchanged" in again.stdout
    assert "ALTER SYSTEM" not in again.stdout
    assert _languages(connection())[0] == f"{DEFAULT_LANGUAGES} PYTHON3_SME=builtin_python3"


def test_no_alter_system_leaves_the_system_and_prints_what_a_session_runs(install, connection):
    result = install("--no-alter-system")
    assert result.exit_code == 0, result.output
    session = connection()
    assert _languages(session)[0] == DEFAULT_LANGUAGES
    statement = result.stdout.rstrip().splitlines()[-1]
    session.execute(statement.rstrip(";"))
    assert _languages(session) == (DEFAULT_LANGUAGES, f"{DEFAULT_LANGUAGES} PYTHON3_SME=builtin_python3")


def test_a_different_python3_sme_is_kept_unless_override_is_allowed(install, connection, bucketfs):
    connection().execute(f"ALTER SYSTEM SET SCRIPT_LANGUAGES='{DEFAULT_LANGUAGES} {OLD_SME}'")
    refused = install()
    assert refused.exit_code == 1 and refused.stderr.startswith("Error: E-SME-94: ")
    assert bucketfs.files() == {} and _udf_texts(connection()) == {}
    allowed = install("--allow-override")
    assert allowed.exit_code == 0, allowed.output
    assert _languages(connection())[0] == f"{DEFAULT_LANGUAGES} PYTHON3_SME=builtin_python3"


def test_a_container_file_is_uploaded_and_its_udfs_carry_no_prelude(install, bucketfs, connection, tmp_path):
    container = tmp_path / "sme_slc.tar.gz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("exaudf/exaudfclient")
        tar.addfile(info, io.BytesIO(b""))
    container.write_bytes(buffer.getvalue())
    result = install("--container-file", str(container), "--path-in-bucket", "slc")
    assert result.exit_code == 0, result.output
    assert list(bucketfs.files()) == ["slc/sme_slc.tar.gz"]
    assert _languages(connection())[0] == (
        f"{DEFAULT_LANGUAGES} PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/slc/sme_slc?lang=python"
        "#/buckets/bfsdefault/default/slc/sme_slc/exaudf/exaudfclient")
    assert all(_python_of(text).startswith("from exasol_sagemaker_extension.udfs.")
               for text in _udf_texts(connection()).values())


def test_a_wrong_bucketfs_password_stops_before_anything_is_created(install, connection):
    result = install("--bucketfs-password", "not-the-password")
    assert result.exit_code == 1 and result.stderr.startswith("Error: E-SME-93: ")
    assert "not-the-password" not in result.output and "Traceback" not in result.output
    assert _udf_texts(connection()) == {} and _languages(connection())[0] == DEFAULT_LANGUAGES
