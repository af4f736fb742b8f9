"""Installs the Python runtime of the UDFs (alias ``PYTHON3_SME``): upload to BucketFS, then activation.

Two runtimes give the same alias and UDF names:

- the package archive (default): a pure-Python ``.tar.gz`` of this package and boto3, built from this
  installation by :mod:`package_archive`; BucketFS unpacks it next to itself, ``PYTHON3_SME`` becomes
  ``builtin_python3`` and every UDF text puts the unpacked directory on ``sys.path``;
- a script-language container (``--container-file``): uploaded as it is and activated with the
  definition exasol-python-extension-common's ``LanguageContainerDeployer`` writes.

The upload goes through exasol-bucketfs (``build_path(backend="onprem")``) and the container deployer;
activation keeps every other alias of ``SCRIPT_LANGUAGES`` (see :mod:`script_languages`).
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Optional, Union

import exasol.bucketfs as bfs
import pyexasol
import requests
from exasol.python_extension_common.deployment.language_container_deployer import (
    LanguageActivationLevel,
    LanguageContainerDeployer,
    get_language_settings,
)

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.deployment import package_archive
from exasol_sagemaker_extension.deployment.deployer import Connection, database_message
from exasol_sagemaker_extension.deployment.script_languages import (
    Activation,
    ActivationLevel,
    merge_definition,
)
from exasol_sagemaker_extension.deployment.statements import LANGUAGE_ALIAS
from exasol_sagemaker_extension.errors import DeploymentError, InvalidInputError

ARCHIVE_NAME = "exasol_sagemaker_extension_runtime.tar.gz"
ARCHIVE_DEFINITION = f"{LANGUAGE_ALIAS}=builtin_python3"
CONTAINER_SUFFIXES = (".tar.gz", ".tgz")
# BucketFS service, bucket, folder and file names: one word each, so a SCRIPT_LANGUAGES URL stays intact
_NAME_RE = re.compile(r"[A-Za-z0-9_.+-]+")
_OFFLINE_URL = "http://bucketfs.invalid:2580"  # never contacted: the path only computes UDF paths
_ERRNO_RE = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")
_SSL_RE = re.compile(r"\[SSL(?:: [A-Z_]+)?\] ([^'\"(]+)")

_LEVELS = {ActivationLevel.SYSTEM: LanguageActivationLevel.System,
           ActivationLevel.SESSION: LanguageActivationLevel.Session}


class RuntimeKind(Enum):
    """How ``PYTHON3_SME`` gets its Python packages."""

    ARCHIVE = "package archive"
    CONTAINER = "script-language container"
    NONE = "none"


@dataclass(frozen=True)
class BucketFsLocation:
    """Where the runtime goes: BucketFS service, bucket, and a folder in the bucket ('' for its root)."""

    service_name: str
    bucket: str
    path_in_bucket: str = ""

    @property
    def folder(self) -> str:
        """The folder without surrounding slashes."""
        return self.path_in_bucket.strip("/")

    def file_path(self, file_name: str) -> str:
        """The key of ``file_name`` in the bucket."""
        return f"{self.folder}/{file_name}" if self.folder else file_name


@dataclass(frozen=True)
class BucketFsAccess:
    """How to reach BucketFS for writing; ``verify`` is a bool or a CA file/directory."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)
    use_https: bool = False
    verify: Union[bool, str] = True

    @property
    def url(self) -> str:
        """The service URL, ``http(s)://host:port``."""
        return f"{'https' if self.use_https else 'http'}://{self.host}:{self.port}"


@dataclass(frozen=True)
class RuntimePlan:
    """What will be uploaded where, and the ``SCRIPT_LANGUAGES`` definition and UDF path it gives."""

    kind: RuntimeKind
    location: Optional[BucketFsLocation] = None
    file_name: Optional[str] = None
    container_file: Optional[Path] = None
    definition: Optional[str] = None
    python_path: Optional[str] = None

    def describe_upload(self) -> str:
        """One sentence naming the file and its place in BucketFS."""
        if self.kind is RuntimeKind.NONE or self.location is None or self.file_name is None:
            return "nothing (no Python runtime is deployed)"
        what = (f"the package archive {self.file_name} (built from this installation)"
                if self.kind is RuntimeKind.ARCHIVE else f"the container file {self.container_file}")
        return (f"{what} to BucketFS service {self.location.service_name}, bucket "
                f"{self.location.bucket}, as {self.location.file_path(self.file_name)}")


def check_location(location: BucketFsLocation) -> BucketFsLocation:
    """Refuse names that would break a URL or the SCRIPT_LANGUAGES value (E-SME-92)."""
    for option, value in (("--bucketfs-name", location.service_name), ("--bucket", location.bucket)):
        _check_name(option, value)
    for part in location.folder.split("/") if location.folder else []:
        _check_name("--path-in-bucket", part)
    return location


def _check_name(option: str, value: str) -> None:
    if not _NAME_RE.fullmatch(value or "") or value in (".", ".."):
        raise InvalidInputError(
            error_codes.INVALID_OPTION, f"{option} {value!r} is not a usable BucketFS name",
            "Use letters, digits, '_', '-', '.' and '+' (and '/' between the folders of --path-in-bucket).")


def plan_runtime(kind: RuntimeKind, location: BucketFsLocation,
                 container_file: Optional[Path] = None) -> RuntimePlan:
    """The plan for ``kind``, computed without network: file name, definition, UDF path."""
    if kind is RuntimeKind.NONE:
        return RuntimePlan(kind)
    check_location(location)
    if kind is RuntimeKind.ARCHIVE:
        python_path = package_archive.archive_python_path(
            location.service_name, location.bucket, location.folder, ARCHIVE_NAME)
        return RuntimePlan(kind, location, ARCHIVE_NAME, None, ARCHIVE_DEFINITION, python_path)
    if container_file is None:
        raise InvalidInputError(error_codes.INVALID_OPTION, "--deploy-slc needs --container-file",
                                "Give the script-language container file (.tar.gz) to upload.")
    name = Path(container_file).name
    _check_name("--container-file", name)
    if not name.endswith(CONTAINER_SUFFIXES):
        raise InvalidInputError(error_codes.INVALID_OPTION,
                                f"--container-file {name!r} does not end with .tar.gz",
                                "BucketFS unpacks only archives; give the container's .tar.gz file.")
    deployer = LanguageContainerDeployer(None, LANGUAGE_ALIAS, bucketfs_root(location))
    return RuntimePlan(kind, location, name, Path(container_file),
                       deployer.get_language_definition(name), None)


def bucketfs_root(location: BucketFsLocation, access: Optional[BucketFsAccess] = None) -> Any:
    """The folder as an exasol-bucketfs path; without ``access`` an offline one, for UDF paths only."""
    if access is None:
        return bfs.path.build_path(backend="onprem", url=_OFFLINE_URL, username="", password="",
                                   bucket_name=location.bucket, service_name=location.service_name,
                                   verify_bucket=False, path=location.folder)
    return bfs.path.build_path(backend="onprem", url=access.url, username=access.user,
                               password=access.password, bucket_name=location.bucket,
                               service_name=location.service_name, verify=access.verify,
                               path=location.folder)


class RuntimeDeployer:
    """Checks, uploads and activates the runtime of a plan on an open database connection."""

    def __init__(self, connection: Connection, plan: RuntimePlan, access: Optional[BucketFsAccess],
                 alter_system: bool = True, allow_override: bool = False,
                 report: Callable[[str], None] = lambda line: None):
        self._connection = connection
        self._plan = plan
        self._access = access
        self._alter_system = alter_system
        self._allow_override = allow_override
        self._report = report

    def deploy(self) -> list[Activation]:
        """Check the activation (refusing a conflict before any change), upload, then activate."""
        activations = self.check_activation()
        self.upload()
        self.activate(activations)
        return activations

    def check_activation(self) -> list[Activation]:
        """Read SCRIPT_LANGUAGES at each level to change; raises E-SME-94 on a conflicting alias."""
        if self._plan.definition is None:
            return []
        levels = ([ActivationLevel.SYSTEM] if self._alter_system else []) + [ActivationLevel.SESSION]
        return [merge_definition(self._read(level), self._plan.definition, self._allow_override, level)
                for level in levels]

    def upload(self) -> None:
        """Build the archive if needed and upload it, or the container file; failures are E-SME-93."""
        plan = self._plan
        if plan.kind is RuntimeKind.NONE or self._access is None:
            return
        if plan.kind is RuntimeKind.CONTAINER and plan.container_file is not None:
            self._upload(plan.container_file)
            return
        with tempfile.TemporaryDirectory(prefix="sme_runtime_") as folder:
            self._report(f"Building the package archive {ARCHIVE_NAME} from this installation")
            info = package_archive.build_package_archive(Path(folder) / ARCHIVE_NAME, from_installed=True,
                                                         prune_botocore=True)
            self._report(f"Built {ARCHIVE_NAME} ({info.size_bytes / 2**20:.1f} MiB)")
            self._upload(Path(info.path))

    def activate(self, activations: list[Activation]) -> None:
        """Run the ALTER statements that are needed; report the ones that are not."""
        for activation in activations:
            if not activation.needed:
                self._report(f"SCRIPT_LANGUAGES ({activation.level.value}) already defines "
                             f"{self._plan.definition}; unchanged")
                continue
            self._report(activation.statement())
            try:
                self._connection.execute(activation.statement())
            except pyexasol.ExaError as error:
                raise DeploymentError(
                    error_codes.SCRIPT_LANGUAGE_ACTIVATION_FAILED,
                    f"activating {LANGUAGE_ALIAS} with ALTER {activation.level.value} failed: "
                    f"{database_message(error)}",
                    "ALTER SYSTEM needs the ALTER SYSTEM privilege: ask a database administrator to "
                    "run the installer, or run it with --no-alter-system and run the printed ALTER "
                    "SESSION statement in each session that uses the extension.") from error

    def _read(self, level: ActivationLevel) -> str:
        try:
            return get_language_settings(self._connection, _LEVELS[level]) or ""
        except pyexasol.ExaError as error:
            raise DeploymentError(
                error_codes.SCRIPT_LANGUAGE_ACTIVATION_FAILED,
                f"reading SCRIPT_LANGUAGES ({level.value}) from SYS.EXA_PARAMETERS failed: "
                f"{database_message(error)}",
                "Check that the user may read SYS.EXA_PARAMETERS, then run the installer again.") from error

    def _upload(self, local_file: Path) -> None:
        plan, access = self._plan, self._access
        assert plan.location is not None and plan.file_name is not None and access is not None
        self._report(f"Uploading {plan.describe_upload()} at {access.url}")
        try:
            root = bucketfs_root(plan.location, access)
            LanguageContainerDeployer(self._connection, LANGUAGE_ALIAS, root).upload_container(
                local_file, plan.file_name)
        except (bfs.BucketFsError, requests.RequestException, OSError, RuntimeError) as error:
            raise bucketfs_error(error, plan, access) from None


def bucketfs_error(error: BaseException, plan: RuntimePlan, access: BucketFsAccess) -> DeploymentError:
    """E-SME-93 for a failed upload: what BucketFS said (never the password) and what to check."""
    assert plan.location is not None and plan.file_name is not None
    target = plan.location.file_path(plan.file_name)
    status = _http_status(error)
    if status in (401, 403):
        message = (f"BucketFS at {access.url} refused to store {target} in bucket "
                   f"{plan.location.bucket} for user {access.user} (HTTP {status})")
        todo = ("Check --bucketfs-user and --bucketfs-password (the bucket's write password, also "
                "read from BUCKETFS_PASSWORD).")
    elif isinstance(error, requests.exceptions.SSLError):
        message = f"could not reach BucketFS at {access.url} over TLS: {_reason(error)}"
        todo = ("Give the CA of BucketFS's certificate with --ssl-cert-path, or use "
                "--no-bucketfs-use-https for a plain HTTP port.")
    elif isinstance(error, requests.ConnectionError):
        message = f"could not reach BucketFS at {access.url}: {_reason(error)}"
        todo = ("Check --bucketfs-host, --bucketfs-port and --bucketfs-use-https; BucketFS listens on "
                "its own port (for example 2580 or 2581), not on the database port.")
    elif isinstance(error, bfs.BucketFsError) and status is None and "does not exist" in str(error):
        message = f"BucketFS at {access.url} has no bucket {plan.location.bucket}"
        todo = "Check --bucket and --bucketfs-name."
    else:
        detail = f"HTTP {status}" if status is not None else _reason(error)
        message = f"uploading {target} to BucketFS at {access.url} failed: {detail}"
        todo = "Check the BucketFS options (--bucketfs-*, --bucket, --path-in-bucket) and run again."
    return DeploymentError(error_codes.BUCKETFS_UPLOAD_FAILED, message.replace(access.password, "***")
                           if access.password else message, todo)


def _http_status(error: BaseException) -> Optional[int]:
    """The HTTP status of the error or of its cause, if any."""
    current: Optional[BaseException] = error
    while current is not None:
        response = getattr(current, "response", None)
        if response is not None and getattr(response, "status_code", None) is not None:
            return int(response.status_code)
        current = current.__cause__
    return None


def _reason(error: BaseException) -> str:
    """A short reason: the operating system's words if there are any, else the error's first line."""
    match = _SSL_RE.search(str(error)) or _ERRNO_RE.search(str(error))
    if match:
        return match.group(1).strip()
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
