"""The deploy command installing the Python runtime: BucketFS stand-in on 127.0.0.1, recorded database."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from exasol_sagemaker_extension.deployment.package_archive import PackagingError
from exasol_sagemaker_extension.deployment.runtime_deployer import ARCHIVE_NAME
from exasol_sagemaker_extension.deployment.statements import UDF_NAMES, build_deploy_statements, runtime_prelude

from .conftest import ARCHIVE_MARKER, BUCKETFS_PASSWORD, small_tar_gz
from .database_stand_ins import EXASOL_DEFAULT_SCRIPT_LANGUAGES, PASSWORD

DB = ["--dsn", "db.example.com:8563", "--db-user", "sys", "--db-password", PASSWORD, "--schema", "sme"]
PYTHON_PATH = "/buckets/bfsdefault/default/exasol_sagemaker_extension_runtime"
ARCHIVE = "PYTHON3_SME=builtin_python3"
OTHER_SLC = ("PYTHON3_TE=localzmq+protobuf:///bfsdefault/default/te/slc?lang=python"
             "#/buckets/bfsdefault/default/te/slc/exaudf/exaudfclient")
OLD_SME = ("PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/old/slc?lang=python"
           "#/buckets/bfsdefault/default/old/slc/exaudf/exaudfclient")


@pytest.fixture
def deploy(run_cli, bucketfs, archive_builds):
    """Run the installer against the stand-ins with the given extra options."""

    def run(*args: str, password: str = BUCKETFS_PASSWORD, **kwargs):
        return run_cli(*DB, "--bucketfs-host", "127.0.0.1", "--bucketfs-port", str(bucketfs.port),
                       "--bucketfs-password", password, *args, **kwargs)

    return run


@pytest.fixture
def container_file(tmp_path: Path) -> Path:
    """A small script-language container file."""
    path = tmp_path / "sme_slc.tar.gz"
    path.write_bytes(small_tar_gz({"exaudf/exaudfclient": b"#!/bin/sh\n"}))
    return path


def _python_texts(executed: list[str]) -> list[str]:
    return [sql.split(" AS\n", 1)[1] for sql in executed if sql.startswith("CREATE OR REPLACE PYTHON3_SME")]


def test_default_deploy_uploads_the_package_archive_which_bucketfs_unpacks(deploy, bucketfs, archive_builds):
    result = deploy()
    assert result.exit_code == 0, result.output
    assert list(bucketfs.files()) == [ARCHIVE_NAME]
    assert (bucketfs.udf_path(PYTHON_PATH) / ARCHIVE_MARKER).is_file()
    assert archive_builds == [{"name": ARCHIVE_NAME, "from_installed": True, "prune_botocore": True}]


def test_default_deploy_activates_builtin_python3_for_the_system_and_this_session(deploy, connector):
    assert deploy().exit_code == 0
    expected = f"{EXASOL_DEFAULT_SCRIPT_LANGUAGES} {ARCHIVE}"
    assert connector.connections[0].changes == [f"ALTER SYSTEM SET SCRIPT_LANGUAGES='{expected}'",
                                                f"ALTER SESSION SET SCRIPT_LANGUAGES='{expected}'"]
    assert connector.languages.system == expected


def test_activation_keeps_every_other_alias_in_its_order(deploy, connector):
    connector.languages.system = f"{OTHER_SLC}  PYTHON3=builtin_python3 R=builtin_r"
    assert deploy().exit_code == 0
    assert connector.languages.system == f"{OTHER_SLC} PYTHON3=builtin_python3 R=builtin_r {ARCHIVE}"


def test_every_udf_starts_with_the_prelude_of_the_unpacked_archive(deploy, connector, bucketfs):
    assert deploy().exit_code == 0
    texts = _python_texts(connector.executed)
    assert len(texts) == len(UDF_NAMES) and all(text.startswith(runtime_prelude(PYTHON_PATH)) for text in texts)
    assert bucketfs.udf_path(PYTHON_PATH).is_dir()


def test_the_lua_deployment_script_carries_the_archive_path_for_prediction_udfs(deploy, connector):
    assert deploy().exit_code == 0
    (script,) = [sql for sql in connector.executed if '"SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT"' in sql]
    assert f'M.PYTHON_PATH = "{PYTHON_PATH}"' in script


def test_the_runtime_is_checked_uploaded_and_activated_before_any_script_is_created(deploy, connector,
                                                                                     bucketfs):
    assert deploy().exit_code == 0
    kinds = [sql.split(" ")[0] for sql in connector.executed]
    assert kinds[:4] == ["SELECT", "SELECT", "ALTER", "ALTER"]
    assert connector.executed[4:] == connector.created
    assert connector.created == [s.sql for s in build_deploy_statements("SME", PYTHON_PATH)]


def test_a_different_python3_sme_is_refused_with_e_sme_94_before_anything_changes(deploy, connector,
                                                                                   bucketfs):
    connector.languages.system = f"PYTHON3=builtin_python3 {OLD_SME}"
    result = deploy()
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: E-SME-94: SCRIPT_LANGUAGES (SYSTEM) already defines {OLD_SME}; this installation "
        f"would set {ARCHIVE}. To replace it, run again with --allow-override")
    assert "Traceback" not in result.output
    assert connector.connections[0].changes == [] and connector.created == []
    assert bucketfs.writes() == []


def test_allow_override_replaces_the_existing_definition_in_its_place(deploy, connector):
    connector.languages.system = f"PYTHON3=builtin_python3 {OLD_SME} R=builtin_r"
    result = deploy("--allow-override")
    assert result.exit_code == 0, result.output
    assert connector.languages.system == f"PYTHON3=builtin_python3 {ARCHIVE} R=builtin_r"


def test_an_identical_definition_is_left_as_it_is(deploy, connector):
    connector.languages.system = f"PYTHON3=builtin_python3 {ARCHIVE}"
    result = deploy()
    assert result.exit_code == 0, result.output
    assert connector.connections[0].changes == []
    assert "SCRIPT_LANGUAGES (SYSTEM) already defines PYTHON3_SME=builtin_python3; unchanged" in result.stdout


def test_running_the_installer_twice_is_harmless(deploy, connector, bucketfs):
    first, second = deploy(), deploy()
    assert (first.exit_code, second.exit_code) == (0, 0), second.output
    assert [len(connection.changes) for connection in connector.connections] == [2, 0]
    assert connector.connections[0].created == connector.connections[1].created
    assert list(bucketfs.files()) == [ARCHIVE_NAME]
    assert [request.method for request in bucketfs.writes()] == ["PUT", "PUT"]


def test_a_wrong_bucketfs_password_is_one_clear_error(deploy, connector, bucketfs):
    wrong = "Not-the-Bfs-Pw!"
    result = deploy(password=wrong)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: E-SME-93: BucketFS at http://127.0.0.1:{bucketfs.port} refused to store {ARCHIVE_NAME} "
        "in bucket default for user w (HTTP 401). Check --bucketfs-user and --bucketfs-password (the "
        "bucket's write password, also read from BUCKETFS_PASSWORD).\n")
    assert wrong not in result.output and "Traceback" not in result.output
    assert connector.connections[0].changes == [] and connector.created == []
    assert connector.connections[0].closed


def test_an_unreachable_bucketfs_is_one_clear_error(run_cli, connector, archive_builds):
    with socket.socket() as closed_port:
        closed_port.bind(("127.0.0.1", 0))
        port = closed_port.getsockname()[1]
    result = run_cli(*DB, "--bucketfs-host", "127.0.0.1", "--bucketfs-port", str(port),
                     "--bucketfs-password", BUCKETFS_PASSWORD)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: E-SME-93: could not reach BucketFS at http://127.0.0.1:{port}: Connection refused. "
        "Check --bucketfs-host, --bucketfs-port and --bucketfs-use-https")
    assert "Traceback" not in result.output and BUCKETFS_PASSWORD not in result.output


def test_an_unknown_bucket_is_named_in_the_error(deploy, bucketfs):
    result = deploy("--bucket", "models")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: E-SME-93: BucketFS at http://127.0.0.1:{bucketfs.port} has no bucket models. "
        "Check --bucket and --bucketfs-name.")


def test_no_alter_system_changes_only_this_session_and_prints_the_alter_session_statement(deploy,
                                                                                         connector):
    result = deploy("--no-alter-system")
    assert result.exit_code == 0, result.output
    statement = f"ALTER SESSION SET SCRIPT_LANGUAGES='{EXASOL_DEFAULT_SCRIPT_LANGUAGES} {ARCHIVE}'"
    assert connector.connections[0].changes == [statement]
    assert connector.languages.system == EXASOL_DEFAULT_SCRIPT_LANGUAGES
    assert result.stdout.rstrip().splitlines()[-1] == statement + ";"


def test_no_alter_system_asks_for_nothing_when_the_definition_is_already_active(deploy, connector):
    connector.languages.system = f"PYTHON3=builtin_python3 {ARCHIVE}"
    result = deploy("--no-alter-system")
    assert result.exit_code == 0, result.output
    assert connector.connections[0].changes == []
    assert result.stdout.rstrip().splitlines()[-1] == (
        "PYTHON3_SME=builtin_python3 was already active for every session; nothing to run.")


def test_no_alter_system_refuses_a_different_session_definition_too(deploy, connector):
    connector.languages.system = OLD_SME
    result = deploy("--no-alter-system")
    assert result.exit_code == 1 and "E-SME-94: SCRIPT_LANGUAGES (SESSION) already defines" in result.stderr


def test_a_failing_alter_system_is_e_sme_95_naming_the_way_out(deploy, connector):
    connector.fail_on = "ALTER SYSTEM"
    result = deploy()
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: E-SME-95: activating PYTHON3_SME with ALTER SYSTEM failed: "
                                    "[42500] insufficient privileges")
    assert "--no-alter-system" in result.stderr and connector.created == []


def test_a_failing_archive_build_is_e_sme_96_and_uploads_nothing(deploy, connector, bucketfs, monkeypatch):
    from exasol_sagemaker_extension.deployment import package_archive

    def fail(*args, **kwargs):
        raise PackagingError("the runtime requirement boto3 is not installed", "Install the extension first.")

    monkeypatch.setattr(package_archive, "build_package_archive", fail)
    result = deploy()
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: E-SME-96: the runtime requirement boto3 is not installed.")
    assert bucketfs.writes() == [] and connector.created == []


def test_a_container_file_is_uploaded_and_activated_instead_of_the_archive(deploy, connector, bucketfs,
                                                                          container_file, archive_builds):
    result = deploy("--container-file", str(container_file), "--path-in-bucket", "/slc/")
    assert result.exit_code == 0, result.output
    assert list(bucketfs.files()) == ["slc/sme_slc.tar.gz"] and archive_builds == []
    assert (bucketfs.udf_path("/buckets/bfsdefault/default/slc/sme_slc") / "exaudf/exaudfclient").is_file()
    assert connector.languages.system == (
        f"{EXASOL_DEFAULT_SCRIPT_LANGUAGES} PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/slc/sme_slc"
        "?lang=python#/buckets/bfsdefault/default/slc/sme_slc/exaudf/exaudfclient")


def test_with_a_container_the_udfs_carry_no_prelude(deploy, connector, container_file):
    assert deploy("--container-file", str(container_file)).exit_code == 0
    assert connector.created == [s.sql for s in build_deploy_statements("SME")]


def test_scripts_only_touches_neither_bucketfs_nor_script_languages(run_cli, connector, bucketfs):
    result = run_cli(*DB, "--no-deploy-archive")
    assert result.exit_code == 0, result.output
    assert connector.executed == [s.sql for s in build_deploy_statements("SME")]
    assert bucketfs.requests == []


def test_the_bucketfs_password_comes_from_its_environment_variable(run_cli, connector, bucketfs,
                                                                   archive_builds):
    result = run_cli(*DB, "--bucketfs-host", "127.0.0.1", "--bucketfs-port", str(bucketfs.port),
                     env={"BUCKETFS_PASSWORD": BUCKETFS_PASSWORD})
    assert result.exit_code == 0, result.output
    assert list(bucketfs.files()) == [ARCHIVE_NAME]


@pytest.mark.parametrize("args, message", [
    (["--deploy-archive", "--deploy-slc", "--container-file", "{slc}"], "both define PYTHON3_SME; choose one"),
    (["--deploy-slc"], "--deploy-slc needs --container-file"),
    (["--container-file", "{slc}", "--no-deploy-slc"], "--container-file has no effect with --no-deploy-slc"),
    (["--container-file", "{bad}"], "does not end with .tar.gz"),
    (["--bucketfs-port", "2580", "--bucketfs-password", "p"], "give --bucketfs-host and --bucketfs-port"),
    (["--bucketfs-host", "bfs", "--bucketfs-password", "p"], "give --bucketfs-host and --bucketfs-port"),
    (["--bucketfs-host", "bfs:2580", "--bucketfs-port", "2580", "--bucketfs-password", "p"],
     "--bucketfs-host takes one host name"),
    (["--bucketfs-host", "bfs", "--bucketfs-port", "2580"], "no BucketFS password given"),
    (["--path-in-bucket", "a b"], "--path-in-bucket 'a b' is not a usable BucketFS name"),
    (["--path-in-bucket", "x/../y"], "--path-in-bucket '..' is not a usable BucketFS name"),
    (["--bucket", "my'bucket"], "--bucket \"my'bucket\" is not a usable BucketFS name"),
])
def test_runtime_options_that_conflict_or_are_missing_are_usage_errors(run_cli, connector, container_file,
                                                                       tmp_path, args, message):
    bad = tmp_path / "slc.zip"
    bad.write_bytes(b"PK")
    result = run_cli(*DB, *[arg.format(slc=container_file, bad=bad) for arg in args])
    assert result.exit_code == 2, result.output
    assert "E-SME-92: " in result.stderr and message in result.stderr
    assert connector.calls == []

