"""Build the script-language container (SLC) that gives the UDFs their ``PYTHON3_SME`` runtime.

The flavor (``slc_flavor/`` beside this module, shipped as package data) follows the layout of
exasol-python-extension-common's flavor: ``flavor_base/build_steps.py`` with the steps "dependencies"
(Exasol's Python 3 template + ``dependencies/requirements.txt``) and "release" (+ this package's wheel
from ``release/dist``), and a ``language_definition``. ``prepare`` writes a working copy with the
requirements generated from ``exasol_sagemaker_extension.runtime_requirements`` and the wheel; ``build``
then runs exaslct (Docker needed) through ``LanguageContainerBuilder`` and exports the ``.tar.gz``.

    python -m exasol_sagemaker_extension.deployment.slc_builder build --export-dir ./slc
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Optional, Sequence

import click

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import DeploymentError
from exasol_sagemaker_extension.runtime_requirements import RUNTIME_REQUIREMENTS

LANGUAGE_ALIAS = "PYTHON3_SME"
CONTAINER_NAME = "exasol_sagemaker_extension_slc"
FLAVOR_RESOURCE = "slc_flavor"
REQUIREMENTS_FILE = Path("flavor_base", "dependencies", "requirements.txt")
WHEEL_DIR = Path("flavor_base", "release", "dist")
LANGUAGE_DEFINITION_FILE = Path("flavor_base", "language_definition")
DISTRIBUTION = "exasol-sagemaker-extension"
REQUIREMENTS_HEADER = ("# Generated from exasol_sagemaker_extension/runtime_requirements.py by\n"
                       "# `python -m exasol_sagemaker_extension.deployment.slc_builder prepare`. Do not edit.\n")
SLC_TOOL_HINT = 'pip install "exasol-python-extension-common[slc-tool]"  (brings exaslct)'


class SlcBuildError(DeploymentError):
    """The script-language container could not be prepared or built."""

    def __init__(self, message: str, mitigation: str):
        super().__init__(error_codes.RUNTIME_ARCHIVE_FAILED, message, mitigation)


def flavor_template() -> Path:
    """Directory of the flavor shipped with this package (read-only template)."""
    return Path(str(resources.files(__package__).joinpath(FLAVOR_RESOURCE)))


def requirements_text(requirements: Sequence[str] = RUNTIME_REQUIREMENTS) -> str:
    """Content of the flavor's requirements.txt: the runtime requirements, one a line."""
    return REQUIREMENTS_HEADER + "".join(f"{requirement}\n" for requirement in requirements)


def read_requirements(path: Path) -> list[str]:
    """Requirement lines of a requirements file, comments and blanks left out."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def language_definition(bucketfs_name: str, bucket: str, path_in_bucket: str, container_name: str,
                        flavor_path: Optional[Path] = None) -> str:
    """The SCRIPT_LANGUAGES entry for the container uploaded as <path_in_bucket>/<container_name>.tar.gz."""
    template = ((flavor_path or flavor_template()) / LANGUAGE_DEFINITION_FILE).read_text(encoding="utf-8")
    path = path_in_bucket.strip("/")
    values = {"bucketfs_name": bucketfs_name, "bucket_name": bucket,
              "path_in_bucket": f"{path}/" if path else "",
              "release_name": _strip_archive_suffix(container_name)}
    for key, value in values.items():
        template = template.replace("{{ %s }}" % key, value)
    return template.strip()


def _strip_archive_suffix(name: str) -> str:
    """Container name without .tar.gz, as BucketFS names the unpacked directory."""
    for suffix in (".tar.gz", ".tgz"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def find_project_dir(start: Optional[Path] = None) -> Optional[Path]:
    """The checkout holding setup.py of this project, searched upwards from the installed package."""
    if start is None:
        spec = importlib.util.find_spec("exasol_sagemaker_extension")
        if spec is None or spec.origin is None:
            return None
        start = Path(spec.origin)
    for folder in Path(start).resolve().parents:
        setup = folder / "setup.py"
        if setup.is_file() and f'name="{DISTRIBUTION}"' in setup.read_text(encoding="utf-8"):
            return folder
    return None


def build_wheel(project_dir: Path, dist_dir: Path) -> Path:
    """Build this project's wheel with pip into dist_dir and return it."""
    dist_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sme_wheel_") as tmp:
        # build from a copy, so setuptools leaves no build/ folder in the checkout
        source = Path(tmp) / "src"
        shutil.copytree(project_dir, source, ignore=shutil.ignore_patterns(
            ".git", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".pytest_cache", "tests"))
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
                   "--quiet", "--wheel-dir", str(dist_dir), str(source)]
        result = subprocess.run(command, capture_output=True, text=True)
    wheels = sorted(dist_dir.glob("exasol_sagemaker_extension-*.whl"))
    if result.returncode != 0 or len(wheels) != 1:
        raise SlcBuildError(f"could not build the wheel of {project_dir}: {result.stderr.strip()[-1500:]}",
                            "Build it yourself (pip wheel --no-deps .) and pass it with --wheel.")
    return wheels[0]


def prepare_flavor(target_dir: Path, wheel: Optional[Path] = None, project_dir: Optional[Path] = None,
                   container_name: str = CONTAINER_NAME, include_wheel: bool = True) -> Path:
    """Write a buildable flavor directory <target_dir>/<container_name> and return its path."""
    flavor_path = Path(target_dir) / container_name
    if flavor_path.exists():
        shutil.rmtree(flavor_path)
    shutil.copytree(flavor_template(), flavor_path, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (flavor_path / REQUIREMENTS_FILE).write_text(requirements_text(), encoding="utf-8")
    if include_wheel:
        dist_dir = flavor_path / WHEEL_DIR
        if wheel is not None:
            dist_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(wheel, dist_dir / Path(wheel).name)
        else:
            project = project_dir or find_project_dir()
            if project is None:
                raise SlcBuildError("found no checkout of the extension to build its wheel from",
                                    "Pass --project-dir <checkout> or --wheel <exasol_sagemaker_extension-*.whl>.")
            build_wheel(project, dist_dir)
    return flavor_path


def missing_build_tools() -> list[str]:
    """What is missing to build a container here (exaslct, Docker client, reachable Docker engine)."""
    missing = []
    if importlib.util.find_spec("exasol.slc") is None:
        missing.append(f"exaslct (Exasol's script-language container tool): {SLC_TOOL_HINT}")
    docker = shutil.which("docker")
    if docker is None:
        missing.append("the docker command: install Docker")
    elif subprocess.run([docker, "info"], capture_output=True).returncode != 0:
        missing.append("a running Docker engine this user may use (`docker info` failed)")
    return missing


def build_container(flavor_path: Path, export_dir: Path) -> Path:
    """Build the prepared flavor with exaslct and export it into export_dir; return the .tar.gz."""
    missing = missing_build_tools()
    if missing:
        raise SlcBuildError("cannot build the script-language container here; missing: " + "; ".join(missing),
                            "Run `slc_builder prepare` and build the flavor on a machine with Docker, "
                            "or use the package archive (language_container/README.md)")
    from exasol.python_extension_common.deployment.language_container_builder import LanguageContainerBuilder

    export_dir = Path(export_dir).resolve()
    export_dir.mkdir(parents=True, exist_ok=True)
    with LanguageContainerBuilder(flavor_path.name) as builder:
        # our flavor replaces the one LanguageContainerBuilder copies (same layout, same step names)
        shutil.rmtree(builder.flavor_path)
        shutil.copytree(flavor_path, builder.flavor_path)
        builder.build()
        builder.export(export_dir)
    exported = sorted(export_dir.glob(f"{flavor_path.name}_release*.tar.gz"))
    if not exported:
        raise SlcBuildError(f"exaslct exported no container into {export_dir}",
                            "Look at exaslct's log in .build_output and retry.")
    return exported[-1]


def _echo_next_steps(container: Path) -> None:
    """Tell how to install the built container."""
    click.echo(f"Built {container} ({container.stat().st_size / 2**20:.0f} MiB). Upload it and activate it as "
               f"{LANGUAGE_ALIAS}, e.g. with the deploy CLI's language-container options, or by hand:")
    click.echo("  ALTER SESSION SET SCRIPT_LANGUAGES='<other aliases> " + language_definition(
        "<bucketfs>", "<bucket>", "<path>", container.name) + "';")


_WHEEL_OPTIONS = [
    click.option("--wheel", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 help="Use this exasol_sagemaker_extension wheel instead of building one."),
    click.option("--project-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
                 help="Checkout to build the wheel from (default: the one this package runs from)."),
    click.option("--container-name", default=CONTAINER_NAME, show_default=True,
                 help="Flavor directory name; the export is <name>_release.tar.gz."),
]


def _with_wheel_options(command):
    """Add the options shared by prepare and build."""
    for option in reversed(_WHEEL_OPTIONS):
        command = option(command)
    return command


@click.group(help=f"Script-language container with this package for the {LANGUAGE_ALIAS} alias.")
def main() -> None:
    """Command group."""


@main.command(help="Write a buildable flavor: generated requirements.txt and this package's wheel.")
@click.option("--output-dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@_with_wheel_options
def prepare(output_dir: Path, wheel: Optional[Path], project_dir: Optional[Path], container_name: str) -> None:
    """Prepare the flavor for exaslct."""
    try:
        flavor_path = prepare_flavor(output_dir, wheel=wheel, project_dir=project_dir,
                                     container_name=container_name)
    except SlcBuildError as error:
        raise click.ClickException(error.text) from None
    click.echo(f"Prepared {flavor_path}. Build it where Docker runs with:\n"
               f"  exaslct export --flavor-path {flavor_path} --export-path <dir>")


@main.command(help="Prepare the flavor, build it with exaslct (Docker needed) and export the .tar.gz.")
@click.option("--export-dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@_with_wheel_options
def build(export_dir: Path, wheel: Optional[Path], project_dir: Optional[Path], container_name: str) -> None:
    """Build and export the container."""
    missing = missing_build_tools()
    if missing:
        raise click.ClickException("Cannot build the script-language container here. Missing:\n  - "
                                   + "\n  - ".join(missing)
                                   + "\nUse `prepare` and build elsewhere, or the package archive.")
    try:
        with tempfile.TemporaryDirectory(prefix="sme_slc_") as tmp:
            flavor_path = prepare_flavor(Path(tmp), wheel=wheel, project_dir=project_dir,
                                         container_name=container_name)
            container = build_container(flavor_path, export_dir)
    except SlcBuildError as error:
        raise click.ClickException(error.text) from None
    _echo_next_steps(container)


@main.command(name="language-definition", help=f"Print the {LANGUAGE_ALIAS} entry for SCRIPT_LANGUAGES.")
@click.option("--bucketfs-name", default="bfsdefault", show_default=True)
@click.option("--bucket", default="default", show_default=True)
@click.option("--path-in-bucket", default="", help="Folder in the bucket the container is uploaded to.")
@click.option("--container-file", default=f"{CONTAINER_NAME}_release.tar.gz", show_default=True)
def print_language_definition(bucketfs_name: str, bucket: str, path_in_bucket: str, container_file: str) -> None:
    """Print the language definition."""
    click.echo(language_definition(bucketfs_name, bucket, path_in_bucket, container_file))


if __name__ == "__main__":
    main()
