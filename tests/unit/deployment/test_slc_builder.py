"""The script-language container flavor: generated requirements, consistent files, language definition."""
from __future__ import annotations

import ast
import re
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.requirements import Requirement
from exasol.bucketfs import MountedBucket
from exasol.bucketfs import path as bfs_path
from exasol.python_extension_common.deployment.language_container_deployer import LanguageContainerDeployer

from exasol_sagemaker_extension.deployment import slc_builder as sb
from exasol_sagemaker_extension.deployment.slc_builder import SlcBuildError
from exasol_sagemaker_extension.runtime_requirements import RUNTIME_REQUIREMENTS

FLAVOR_BASE = sb.flavor_template() / "flavor_base"


@pytest.fixture
def fake_wheel(tmp_path: Path) -> Path:
    wheel = tmp_path / "exasol_sagemaker_extension-1.0.0-py3-none-any.whl"
    wheel.write_bytes(b"PK fake wheel")
    return wheel


@pytest.fixture
def prepared(tmp_path: Path, fake_wheel: Path) -> Path:
    return sb.prepare_flavor(tmp_path / "work", wheel=fake_wheel)


def _dockerfile(step: str) -> str:
    return (FLAVOR_BASE / step / "Dockerfile").read_text(encoding="utf-8")


def test_generated_requirements_equal_the_runtime_requirements(prepared):
    assert sb.read_requirements(prepared / sb.REQUIREMENTS_FILE) == RUNTIME_REQUIREMENTS


def test_generated_requirements_say_where_they_come_from(prepared):
    text = (prepared / sb.REQUIREMENTS_FILE).read_text(encoding="utf-8")
    assert text.startswith("# Generated from exasol_sagemaker_extension/runtime_requirements.py")


def test_runtime_requirements_are_what_the_installed_package_requires():
    declared = {(req.name, str(req.specifier)) for req in map(Requirement, metadata.requires(
        "exasol-sagemaker-extension") or []) if req.marker is None}
    runtime = {(req.name, str(req.specifier)) for req in map(Requirement, RUNTIME_REQUIREMENTS)}
    assert runtime <= declared


def test_prepared_flavor_carries_this_packages_wheel(prepared, fake_wheel):
    assert [p.name for p in (prepared / sb.WHEEL_DIR).iterdir()] == [fake_wheel.name]


def test_preparing_leaves_the_shipped_template_untouched(prepared):
    assert not (sb.flavor_template() / sb.REQUIREMENTS_FILE).exists()
    assert not (sb.flavor_template() / sb.WHEEL_DIR).exists()


@pytest.mark.parametrize("relative", ["build_steps.py", "language_definition", "dependencies/Dockerfile",
                                      "release/Dockerfile"])
def test_flavor_file_is_shipped(relative):
    assert (FLAVOR_BASE / relative).is_file()


def test_build_steps_name_one_step_per_dockerfile_folder_release_after_dependencies():
    tree = ast.parse((FLAVOR_BASE / "build_steps.py").read_text(encoding="utf-8"))
    steps = {}
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
        step = methods["get_build_step"].body[0].value.value
        requires = ast.literal_eval(ast.unparse(methods["requires_tasks"].body[0].value).replace(
            "AnalyzeDependencies", "'AnalyzeDependencies'"))
        steps[step] = (cls.name, requires)
    assert set(steps) == {"dependencies", "release"}
    assert steps["release"][1] == {"dependencies": steps["dependencies"][0]}
    assert all((FLAVOR_BASE / step / "Dockerfile").is_file() for step in steps)


def test_dependencies_step_installs_the_generated_requirements():
    dockerfile = _dockerfile("dependencies")
    copy = re.search(r"^COPY dependencies/requirements\.txt (\S+)$", dockerfile, re.M)
    assert copy and re.search(rf"pip install .*-r {re.escape(copy.group(1))}$", dockerfile, re.M)


def test_release_step_builds_on_dependencies_and_installs_the_wheel_without_dependencies():
    dockerfile = _dockerfile("release")
    assert re.search(r"^FROM \{\{ dependencies \}\}$", dockerfile, re.M)
    copy = re.search(r"^COPY release/dist (\S+)$", dockerfile, re.M)
    assert copy and re.search(rf"pip install .*--no-deps .*{re.escape(copy.group(1))}/\*\.whl", dockerfile)


def test_both_steps_use_the_python_of_the_template_image():
    base = re.search(r"^FROM exasol/script-language-container:template-Exasol-all-python-(\d+\.\d+)-",
                     _dockerfile("dependencies"), re.M)
    assert base, "the dependencies step must start from Exasol's Python 3 template flavor"
    for step in ("dependencies", "release"):
        assert set(re.findall(r"python(\d+\.\d+) -m pip", _dockerfile(step))) == {base.group(1)}


def test_language_definition_is_the_python3_client_of_the_uploaded_container():
    line = sb.language_definition("bfsdefault", "default", "/sme/", "exasol_sagemaker_extension_slc_release.tar.gz")
    assert line == ("PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/sme/exasol_sagemaker_extension_slc_release"
                    "?lang=python#buckets/bfsdefault/default/sme/exasol_sagemaker_extension_slc_release"
                    "/exaudf/exaudfclient")


def test_language_definition_without_a_folder_in_the_bucket():
    line = sb.language_definition("bfs1", "b1", "", "c.tar.gz")
    assert line == "PYTHON3_SME=localzmq+protobuf:///bfs1/b1/c?lang=python#buckets/bfs1/b1/c/exaudf/exaudfclient"


def test_language_definition_matches_what_the_common_deployer_activates():
    root = bfs_path.BucketPath("sme", bucket_api=MountedBucket(service_name="bfsdefault", bucket_name="default"))
    deployer = LanguageContainerDeployer(None, sb.LANGUAGE_ALIAS, root)
    container = "exasol_sagemaker_extension_slc_release.tar.gz"
    expected = deployer.get_language_definition(container).replace("#/buckets/", "#buckets/")
    assert sb.language_definition("bfsdefault", "default", "sme", container) == expected


def test_project_dir_is_found_upwards_from_the_package(tmp_path):
    (tmp_path / "setup.py").write_text('setup(\n    name="exasol-sagemaker-extension",\n)\n')
    module = tmp_path / "exasol_sagemaker_extension" / "__init__.py"
    module.parent.mkdir()
    module.write_text("")
    assert sb.find_project_dir(module) == tmp_path


def test_preparing_without_wheel_or_checkout_says_what_to_pass(tmp_path, monkeypatch):
    monkeypatch.setattr(sb, "find_project_dir", lambda start=None: None)
    with pytest.raises(SlcBuildError, match="Pass --project-dir <checkout> or --wheel"):
        sb.prepare_flavor(tmp_path)


def test_missing_build_tools_are_named(monkeypatch):
    monkeypatch.setattr(sb.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(sb.shutil, "which", lambda name: None)
    missing = sb.missing_build_tools()
    assert len(missing) == 2
    assert "exaslct" in missing[0] and "exasol-python-extension-common[slc-tool]" in missing[0]
    assert "docker" in missing[1]


def test_build_command_without_docker_says_clearly_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(sb, "missing_build_tools", lambda: ["the docker command: install Docker"])
    result = CliRunner().invoke(sb.main, ["build", "--export-dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Cannot build the script-language container here. Missing:" in result.output
    assert "the docker command: install Docker" in result.output
    assert not (tmp_path / "out").exists()


def test_build_container_refuses_without_tools(tmp_path, monkeypatch):
    monkeypatch.setattr(sb, "missing_build_tools", lambda: ["a running Docker engine"])
    with pytest.raises(SlcBuildError, match="missing: a running Docker engine"):
        sb.build_container(tmp_path, tmp_path / "out")


def test_prepare_command_writes_the_flavor_and_tells_how_to_build(tmp_path, fake_wheel):
    result = CliRunner().invoke(sb.main, ["prepare", "--output-dir", str(tmp_path / "w"), "--wheel", str(fake_wheel)])
    assert result.exit_code == 0, result.output
    flavor = tmp_path / "w" / sb.CONTAINER_NAME
    assert (flavor / sb.REQUIREMENTS_FILE).is_file()
    assert f"exaslct export --flavor-path {flavor}" in result.output


def test_language_definition_command_prints_the_entry():
    result = CliRunner().invoke(sb.main, ["language-definition", "--path-in-bucket", "sme"])
    assert result.exit_code == 0
    assert result.output.strip() == sb.language_definition(
        "bfsdefault", "default", "sme", f"{sb.CONTAINER_NAME}_release.tar.gz")


def test_release_step_checks_that_every_module_a_udf_text_imports_loads():
    """The UDF texts (fixed UDF templates, the Lua that generates prediction UDFs) name the modules."""
    package_root = Path(sb.__file__).resolve().parent.parent
    sources = [*package_root.glob("udfs/templates/*.j2"), *package_root.glob("lua/src/*.lua")]
    imported = {module for source in sources for module in re.findall(
        r"(exasol_sagemaker_extension\.udfs\.\w+) import", source.read_text(encoding="utf-8"))}
    assert {"exasol_sagemaker_extension.udfs.training_udf", "exasol_sagemaker_extension.udfs.prediction_udf"} <= imported
    assert imported <= set(re.findall(r"exasol_sagemaker_extension\.udfs\.\w+", _dockerfile("release")))
