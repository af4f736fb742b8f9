"""The ``--to-print`` output compared as text with reviewed golden files, one per runtime mode.

Every Lua script bundles the modules it needs, so the printed text holds each module of ``lua/src`` up
to a dozen times. In the golden files a bundled module is one line instead, naming the module and the
SHA-256 of its text, so that a change to any module still changes the golden file; the modules rendered
at deploy time (``sme.rules``, ``sme.error_codes``, ``sme.runtime``) follow once, in full, at the end.
Everything else is verbatim.

Regenerate after an intended change with ``SME_UPDATE_GOLDEN=1 pytest tests/unit/deployment`` and
review the diff of ``golden/deploy_to_print*.sql``.
"""
from __future__ import annotations

import hashlib
import os
import pathlib

import pytest

from exasol_sagemaker_extension.deployment import deploy_cli, lua_bundler
from exasol_sagemaker_extension.deployment.statements import UDF_NAMES, DeployStatement, build_deploy_statements

from .conftest import small_tar_gz

GOLDEN_DIR = pathlib.Path(__file__).parent / "golden"
SCHEMA_ARG, SCHEMA = '"Sme Schema"', "Sme Schema"
ARCHIVE_PATH = "/buckets/bfsdefault/default/exasol_sagemaker_extension_runtime"
# mode -> (options after --to-print --schema, golden file, python path the UDFs import from)
MODES = {
    "archive (default)": ([], "deploy_to_print.sql", ARCHIVE_PATH),
    "scripts only": (["--no-deploy-archive"], "deploy_to_print_scripts_only.sql", None),
    "container": (["--container-file", "sme_slc.tar.gz", "--path-in-bucket", "slc", "--no-alter-system"],
                  "deploy_to_print_slc.sql", None),
}


@pytest.fixture(autouse=True)
def in_a_folder_with_a_container_file(tmp_path, monkeypatch):
    """Work where a relative container file exists, so the printed text names no temporary path."""
    (tmp_path / "sme_slc.tar.gz").write_bytes(small_tar_gz({"exaudf/exaudfclient": b""}))
    monkeypatch.chdir(tmp_path)


def _printed(run_cli, *options: str) -> str:
    result = run_cli("--to-print", "--schema", SCHEMA_ARG, *options)
    assert result.exit_code == 0, result.output
    return result.stdout


def _golden_text(printed: str, python_path: str | None) -> str:
    """The printed text with each bundled Lua module as one digest line, the rendered modules at the end."""
    sources = lua_bundler.module_sources(python_path)
    for module, source in sources.items():
        digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
        printed = printed.replace(lua_bundler.bundle_lua_modules([module], python_path),
                                  f"-- bundled: {module} (sha256 {digest}...)\n")
    rendered = [module for module in sources if module[len(lua_bundler.MODULE_PREFIX):] in ("rules", "error_codes",
                                                                                             "runtime")]
    return printed + "".join(f"\n-- rendered module {module}:\n{sources[module].rstrip()}\n" for module in rendered)


@pytest.mark.parametrize("options, golden_name, python_path", MODES.values(), ids=MODES.keys())
def test_printed_statements_match_the_golden_file(run_cli, options, golden_name, python_path):
    printed, golden = _golden_text(_printed(run_cli, *options), python_path), GOLDEN_DIR / golden_name
    if os.environ.get("SME_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(printed, encoding="utf-8", newline="\n")
    assert printed == golden.read_text(encoding="utf-8"), (
        "the deploy statements changed; if intended, regenerate with SME_UPDATE_GOLDEN=1 and "
        f"review the diff of golden/{golden_name}")


@pytest.mark.parametrize("options, golden_name, python_path", MODES.values(), ids=MODES.keys())
def test_golden_file_holds_every_statement_verbatim(options, golden_name, python_path):
    golden = (GOLDEN_DIR / golden_name).read_text(encoding="utf-8")
    assert [s.description for s in build_deploy_statements(SCHEMA, python_path)
            if _golden_text(s.sql, python_path).split("\n-- rendered module ")[0] not in golden] == []


def test_changing_any_one_statement_breaks_the_golden_comparison(run_cli, monkeypatch):
    original = build_deploy_statements(SCHEMA, ARCHIVE_PATH)
    golden = (GOLDEN_DIR / "deploy_to_print.sql").read_text(encoding="utf-8")
    unnoticed = []
    for index, statement in enumerate(original):
        changed = list(original)
        changed[index] = DeployStatement(statement.description, statement.sql.replace(
            " ", "  ", 1), statement.is_script)
        monkeypatch.setattr(deploy_cli, "build_deploy_statements",
                            lambda schema, python_path=None, c=changed: c)
        if _golden_text(_printed(run_cli), ARCHIVE_PATH) == golden:
            unnoticed.append(statement.description)
    assert unnoticed == []


def test_to_print_in_each_mode_contacts_neither_the_database_nor_bucketfs(run_cli, connector, bucketfs):
    for options, _, _ in MODES.values():
        _printed(run_cli, *options, "--bucketfs-host", "127.0.0.1", "--bucketfs-port", str(bucketfs.port))
    assert connector.calls == [] and bucketfs.requests == []


def test_to_print_with_the_archive_says_what_it_would_upload_and_where_bucketfs_unpacks_it(run_cli):
    printed = _printed(run_cli, "--bucketfs-name", "bfsml", "--bucket", "models", "--path-in-bucket", "sme")
    assert ("-- Python runtime: without --to-print the installer uploads the package archive "
            "exasol_sagemaker_extension_runtime.tar.gz (built from this installation) to BucketFS service "
            "bfsml, bucket models, as sme/exasol_sagemaker_extension_runtime.tar.gz.\n") in printed
    assert "--   BucketFS unpacks it to /buckets/bfsml/models/sme/exasol_sagemaker_extension_runtime," in printed
    assert printed.count("sys.path.insert(0, '/buckets/bfsml/models/sme/exasol_sagemaker_extension_runtime')") == len(
        UDF_NAMES)


@pytest.mark.parametrize("alter_option, statement", [
    ([], "-- ALTER SYSTEM SET SCRIPT_LANGUAGES='R=builtin_r JAVA=builtin_java PYTHON3=builtin_python3 "
         "PYTHON3_SME=builtin_python3';\n"),
    (["--no-alter-system"], "-- ALTER SESSION SET SCRIPT_LANGUAGES='R=builtin_r JAVA=builtin_java "
                            "PYTHON3=builtin_python3 PYTHON3_SME=builtin_python3';\n"),
])
def test_to_print_shows_the_alter_statement_as_a_comment_built_on_exasols_default_value(
        run_cli, alter_option, statement):
    printed = _printed(run_cli, *alter_option)
    assert statement in printed
    assert "\nALTER SYSTEM " not in printed and "\nALTER SESSION " not in printed  # never run blindly: the real value holds the database's other aliases


def test_scripts_only_prints_no_runtime_and_no_prelude(run_cli):
    printed = _printed(run_cli, "--no-deploy-archive")
    assert "-- Python runtime:" not in printed and "SCRIPT_LANGUAGES=" not in printed
    assert "sys.path.insert(0, '" not in printed and "M.PYTHON_PATH = nil" in printed
