"""The installer command: ``sme-deploy`` or ``python -m exasol_sagemaker_extension.deployment.deploy_cli``.

It installs the Python runtime of the UDFs (alias ``PYTHON3_SME``) and creates the schema, the four
Python UDFs, the four Lua scripts and the two metadata tables. The runtime is, by default, a package
archive uploaded to BucketFS (``--deploy-archive``), or a script-language container
(``--container-file``), or nothing (``--no-deploy-archive``: scripts only).

With ``--to-print`` it only prints the statements, for EXAplus or another SQL client: every statement is
preceded by a ``--`` comment naming it; a plain statement ends with ``;``, a ``CREATE ... SCRIPT``
(whose body may hold semicolons) ends with a line holding only ``/``, as EXAplus expects. The upload and
the ``SCRIPT_LANGUAGES`` activation, which depend on BucketFS and the database's current value, are
described in ``--`` comments; nothing is contacted.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import click
from exasol.python_extension_common.cli.std_options import StdParams, StdTags, select_std_options

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.deployment.deployer import (
    ConnectionOptions,
    ScriptDeployer,
    close_quietly,
    open_database_connection,
)
from exasol_sagemaker_extension.deployment.runtime_deployer import (
    ARCHIVE_NAME,
    BucketFsAccess,
    BucketFsLocation,
    RuntimeDeployer,
    RuntimeKind,
    RuntimePlan,
    plan_runtime,
)
from exasol_sagemaker_extension.deployment.script_languages import (
    EXASOL_DEFAULT_SCRIPT_LANGUAGES,
    Activation,
    ActivationLevel,
    merge_definition,
)
from exasol_sagemaker_extension.deployment.statements import DeployStatement, build_deploy_statements
from exasol_sagemaker_extension.errors import InvalidInputError, SageMakerExtensionError

DEFAULT_PORT = 8563
PASSWORD_ENVVAR = "DB_PASSWORD"
BUCKETFS_PASSWORD_ENVVAR = "BUCKETFS_PASSWORD"
CONNECTION_KEYS = ("host", "port", "dsn", "db_user", "db_password", "use_ssl_cert_validation",
                   "ssl_cert_path", "ssl_client_cert_path", "ssl_client_private_key")


def _parse_schema(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Read --schema as SQL would (``sme`` is SME, ``"My Schema"`` keeps its case)."""
    try:
        return names.parse_sql_identifier(value, "schema")
    except InvalidInputError as error:
        raise click.BadParameter(error.text, ctx, param) from None


def _tls_file(help_text: str) -> dict:
    """Settings of a TLS file option, shared by the three path options."""
    return {"type": click.Path(exists=True, readable=True), "default": None, "help": help_text}


def _text(default: Optional[str], help_text: str) -> dict:
    """Settings of a text option with a shown default."""
    return {"type": str, "default": default, "show_default": default is not None, "help": help_text}


_STANDARD_OPTIONS = {option.name: option for option in select_std_options(
    [StdTags.DB | StdTags.ONPREM, StdTags.BFS | StdTags.ONPREM, StdTags.SLC],
    exclude=[StdParams.db_user, StdParams.db_password, StdParams.schema, StdParams.version,
             StdParams.language_alias, StdParams.upload_container, StdParams.wait_for_completion,
             StdParams.deploy_timeout_minutes, StdParams.display_progress],
    override={
        StdParams.dsn: {"type": str, "help": "Database as HOST:PORT (Exasol's DSN syntax). "
                                             "Alternative to --host/--port."},
        StdParams.ssl_cert_path: _tls_file(
            "CA certificate file or directory to validate the database's TLS certificate with "
            "(default: the system's trusted CAs)."),
        StdParams.ssl_client_cert_path: _tls_file("Client certificate file (PEM), if the database "
                                                  "asks for one."),
        StdParams.ssl_client_private_key: _tls_file("Private key file (PEM) of the client "
                                                    "certificate."),
        StdParams.use_ssl_cert_validation: {
            "type": bool, "default": True, "show_default": True,
            "help": "Validate the TLS certificates of the database and of BucketFS (with "
                    "--bucketfs-use-https). Turn off only on a trusted network."},
        StdParams.bucketfs_name: _text("bfsdefault", "BucketFS service that receives the Python "
                                                     "runtime."),
        StdParams.bucketfs_host: _text(None, "BucketFS host name or IP address (needed unless "
                                             "--to-print or no runtime is deployed)."),
        StdParams.bucketfs_port: {"type": click.IntRange(1, 65535), "default": None,
                                  "help": "BucketFS port, for example 2580 or 2581 (not the database "
                                          "port)."},
        StdParams.bucketfs_use_https: {"type": bool, "default": False, "show_default": True,
                                       "help": "Reach BucketFS over HTTPS."},
        StdParams.bucketfs_user: _text("w", "BucketFS user with write access to the bucket."),
        StdParams.bucketfs_password: {
            "type": str, "default": None, "envvar": BUCKETFS_PASSWORD_ENVVAR, "show_envvar": True,
            "help": "Write password of the bucket; asked for (hidden) when missing on a terminal."},
        StdParams.bucket: _text("default", "Bucket that receives the Python runtime."),
        StdParams.path_in_bucket: _text("", "Folder in the bucket for the Python runtime ('' is the "
                                            "bucket's root)."),
        StdParams.container_file: {
            "type": click.Path(exists=True, dir_okay=False, readable=True), "default": None,
            "help": "Script-language container (.tar.gz) holding this package and boto3: uploaded "
                    "and activated as PYTHON3_SME instead of the package archive."},
        StdParams.alter_system: {
            "type": bool, "default": True, "show_default": True,
            "help": "Activate PYTHON3_SME for the whole database (ALTER SYSTEM, needs that "
                    "privilege). With --no-alter-system the installer prints the ALTER SESSION "
                    "statement to run in each session instead."},
        StdParams.allow_override: {
            "type": bool, "default": False, "show_default": True,
            "help": "Replace a different existing PYTHON3_SME definition in SCRIPT_LANGUAGES."},
    })}

PARAMS = [
    click.Option(["--schema"], required=True, callback=_parse_schema,
                 help='Schema to install into, read as SQL does: sme means SME, \'"My Schema"\' '
                      "keeps its case. Created if missing."),
    click.Option(["--host"], help="Database host name or IP address (with --port)."),
    click.Option(["--port"], type=click.IntRange(1, 65535),
                 help=f"Database port (with --host).  [default: {DEFAULT_PORT}]"),
    _STANDARD_OPTIONS["dsn"],
    click.Option(["--db-user", "--user", "db_user"], help="Database user."),
    click.Option(["--db-password", "--pass", "db_password"], envvar=PASSWORD_ENVVAR,
                 show_envvar=True, hide_input=True,
                 help="Password of the database user; asked for (hidden) when missing on a "
                      "terminal. Prefer the environment variable or the prompt: a password on the "
                      "command line is visible to other users of the machine."),
    _STANDARD_OPTIONS["use_ssl_cert_validation"],
    _STANDARD_OPTIONS["ssl_cert_path"],
    _STANDARD_OPTIONS["ssl_client_cert_path"],
    _STANDARD_OPTIONS["ssl_client_private_key"],
    click.Option(["--deploy-archive/--no-deploy-archive"], default=None,
                 help="Upload the package archive (this package and boto3 for Exasol's built-in "
                      "Python 3) and activate PYTHON3_SME=builtin_python3.  [default: on, unless "
                      "--container-file is given]"),
    click.Option(["--deploy-slc/--no-deploy-slc"], default=None,
                 help="Upload and activate the script-language container of --container-file.  "
                      "[default: on with --container-file]"),
    _STANDARD_OPTIONS["container_file"],
    _STANDARD_OPTIONS["bucketfs_name"],
    _STANDARD_OPTIONS["bucketfs_host"],
    _STANDARD_OPTIONS["bucketfs_port"],
    _STANDARD_OPTIONS["bucketfs_use_https"],
    _STANDARD_OPTIONS["bucketfs_user"],
    _STANDARD_OPTIONS["bucketfs_password"],
    _STANDARD_OPTIONS["bucket"],
    _STANDARD_OPTIONS["path_in_bucket"],
    _STANDARD_OPTIONS["alter_system"],
    _STANDARD_OPTIONS["allow_override"],
    click.Option(["--to-print"], is_flag=True,
                 help="Print the statements instead of running them (no database, no BucketFS): "
                      "each after a '--' comment, ended by ';', or by a line '/' for scripts, as "
                      "EXAplus reads them; the upload and the activation are described in comments."),
]


def deploy(schema: str, to_print: bool, **values: Any) -> None:
    """The ``main`` command: print the statements, or check the options and run them."""
    connection_values = {key: values.pop(key) for key in CONNECTION_KEYS}
    secrets = [connection_values["db_password"], values["bucketfs_password"]]
    try:
        plan = runtime_plan(values["deploy_archive"], values["deploy_slc"], values["container_file"],
                            BucketFsLocation(values["bucketfs_name"], values["bucket"],
                                             values["path_in_bucket"]))
        statements = build_deploy_statements(schema, plan.python_path)
        if to_print:
            click.echo(format_for_printing(schema, statements, plan, values["alter_system"]), nl=False)
            return
        options = connection_options(**connection_values)
        access = None if plan.kind is RuntimeKind.NONE else bucketfs_access(
            values["bucketfs_host"], values["bucketfs_port"], values["bucketfs_use_https"],
            values["bucketfs_user"], values["bucketfs_password"], options)
        secrets = [options.password, access.password if access else None]
        run_deployment(schema, statements, options, plan, access, values["alter_system"],
                       values["allow_override"])
    except SageMakerExtensionError as error:
        text = _redact(error.text, secrets)
        if error.code == error_codes.INVALID_OPTION:
            raise click.UsageError(text) from None
        raise click.ClickException(text) from None


def runtime_plan(deploy_archive: Optional[bool], deploy_slc: Optional[bool],
                 container_file: Optional[str], location: BucketFsLocation) -> RuntimePlan:
    """Choose the runtime from the flags (archive unless a container is given) and plan it."""
    slc = container_file is not None if deploy_slc is None else deploy_slc
    archive = not slc if deploy_archive is None else deploy_archive
    if slc and archive:
        raise _usage_error("--deploy-archive and --deploy-slc both define PYTHON3_SME; choose one")
    if container_file is not None and not slc:
        raise _usage_error("--container-file has no effect with --no-deploy-slc")
    kind = RuntimeKind.ARCHIVE if archive else RuntimeKind.CONTAINER if slc else RuntimeKind.NONE
    return plan_runtime(kind, location, Path(container_file) if container_file else None)


def bucketfs_access(host: Optional[str], port: Optional[int], use_https: bool, user: Optional[str],
                    password: Optional[str], options: ConnectionOptions) -> BucketFsAccess:
    """Check the BucketFS options needed for the upload; TLS validation follows the database's."""
    if not host or not port:
        raise _usage_error("the Python runtime is uploaded to BucketFS: give --bucketfs-host and "
                           "--bucketfs-port, or install only the scripts with --no-deploy-archive")
    if any(char in host for char in ":/, \t"):
        raise _usage_error(f"--bucketfs-host takes one host name or address, not {host!r}")
    if not user:
        raise _usage_error("no BucketFS user given: use --bucketfs-user")
    if password is None:
        password = _ask_password("BucketFS password", "no BucketFS password given: use "
                                 f"--bucketfs-password or the {BUCKETFS_PASSWORD_ENVVAR} "
                                 "environment variable")
    verify = options.ssl_cert_path or options.use_ssl_cert_validation
    return BucketFsAccess(host, port, user, password, use_https, verify)


def run_deployment(schema: str, statements: list[DeployStatement], options: ConnectionOptions,
                   plan: RuntimePlan, access: Optional[BucketFsAccess], alter_system: bool,
                   allow_override: bool) -> None:
    """Connect, install the runtime, run every statement with a progress line, close, summarise."""
    if not options.use_ssl_cert_validation:
        click.echo("Warning: the TLS certificate of the database "
                   f"{'and of BucketFS are' if access and access.use_https else 'is'} not validated.",
                   err=True)
    click.echo(f"Connecting to {options.dsn} as {options.user}")
    connection = open_database_connection(options)
    try:
        activations = RuntimeDeployer(connection, plan, access, alter_system, allow_override,
                                      report=click.echo).deploy()
        ScriptDeployer(connection, report=click.echo).run(statements)
    finally:
        close_quietly(connection)
    click.echo(f"Done: {len(statements)} statements ran; the extension is installed in schema "
               f"{names.quote_identifier(schema)}.")
    for line in runtime_summary(plan, activations, alter_system):
        click.echo(line)


def runtime_summary(plan: RuntimePlan, activations: list[Activation], alter_system: bool) -> list[str]:
    """Where the runtime went and, with --no-alter-system, the statement each session needs."""
    if plan.kind is RuntimeKind.NONE:
        return []
    lines = [f"Python runtime: the {plan.kind.value} {plan.file_name}; BucketFS unpacks it on every "
             "node within moments (large files: up to a minute) before UDFs can use it."]
    session = next(a for a in activations if a.level is ActivationLevel.SESSION)
    if alter_system:
        lines.append(f"{plan.definition} is active for the whole database.")
    elif not session.needed:
        lines.append(f"{plan.definition} was already active for every session; nothing to run.")
    else:
        lines += [f"{plan.definition} is active in no other session (--no-alter-system). Run this in "
                  "each session that uses the extension (or let an administrator run it once as "
                  "ALTER SYSTEM):", session.statement() + ";"]
    return lines


def connection_options(host: Optional[str], port: Optional[int], dsn: Optional[str],
                       db_user: Optional[str], db_password: Optional[str],
                       use_ssl_cert_validation: bool, ssl_cert_path: Optional[str],
                       ssl_client_cert_path: Optional[str],
                       ssl_client_private_key: Optional[str]) -> ConnectionOptions:
    """Check the connection options against each other; a conflict or a gap is a usage error."""
    if dsn and (host or port):
        raise _usage_error("give the database either with --dsn or with --host and --port, not both")
    if port and not host:
        raise _usage_error("--port needs --host")
    if host and any(char in host for char in ":, \t"):
        raise _usage_error(f"--host takes one host name or address, not {host!r}; give the port "
                           "with --port, or use --dsn for Exasol's full DSN syntax")
    if not dsn and not host:
        raise _usage_error("no database given: use --dsn HOST:PORT or --host HOST [--port PORT]")
    if not db_user:
        raise _usage_error("no database user given: use --db-user (or --user)")
    if ssl_client_private_key and not ssl_client_cert_path:
        raise _usage_error("--ssl-client-private-key needs --ssl-client-cert-path")
    if ssl_cert_path and not use_ssl_cert_validation:
        raise _usage_error("--ssl-cert-path has no effect with --no-use-ssl-cert-validation")
    if db_password is None:
        db_password = _ask_password()
    return ConnectionOptions(
        dsn=dsn or f"{host}:{port or DEFAULT_PORT}", user=db_user, password=db_password,
        use_ssl_cert_validation=use_ssl_cert_validation, ssl_cert_path=ssl_cert_path,
        ssl_client_cert_path=ssl_client_cert_path, ssl_client_private_key=ssl_client_private_key)


def format_for_printing(schema: str, statements: list[DeployStatement],
                        plan: Optional[RuntimePlan] = None, alter_system: bool = True) -> str:
    """Render the statements as one SQL file that EXAplus (``exaplus -f``) can run."""
    lines = [f"-- Exasol SageMaker Extension: installation into schema "
             f"{names.quote_identifier(schema)} ({len(statements)} statements).",
             "-- Plain statements end with ';', CREATE ... SCRIPT statements with a line '/'.",
             *runtime_comments(plan, alter_system), ""]
    for number, statement in enumerate(statements, start=1):
        lines.append(f"-- {number}/{len(statements)}: {statement.description}")
        lines.extend([statement.sql, "/"] if statement.is_script else [statement.sql + ";"])
        lines.append("")
    return "\n".join(lines)


def runtime_comments(plan: Optional[RuntimePlan], alter_system: bool) -> list[str]:
    """``--`` lines saying what the installer would upload and which ALTER it would run."""
    if plan is None or plan.kind is RuntimeKind.NONE or plan.definition is None:
        return []
    level = ActivationLevel.SYSTEM if alter_system else ActivationLevel.SESSION
    example = merge_definition(EXASOL_DEFAULT_SCRIPT_LANGUAGES, plan.definition, True, level)
    lines = [f"-- Python runtime: without --to-print the installer uploads {plan.describe_upload()}."]
    if plan.kind is RuntimeKind.ARCHIVE:
        lines += [f"--   BucketFS unpacks it to {plan.python_path}, which every UDF puts on sys.path.",
                  "--   To build the archive yourself: python -m exasol_sagemaker_extension.deployment."
                  f"package_archive --from-installed --output {ARCHIVE_NAME}"]
    lines += [f"-- Activation: SCRIPT_LANGUAGES must hold {plan.definition} and keep every alias it "
              "holds now",
              "--   (SELECT SYSTEM_VALUE FROM SYS.EXA_PARAMETERS WHERE PARAMETER_NAME = "
              "'SCRIPT_LANGUAGES'). Without --to-print",
              "--   the installer reads that value and runs the statement; for Exasol's default "
              "value it is:",
              f"-- {example.statement()};"]
    return lines


def _ask_password(prompt: str = "Database password",
                  missing: str = "no password given: use --db-password (or --pass) or the "
                                 f"{PASSWORD_ENVVAR} environment variable") -> str:
    """Prompt for a password with hidden input, or fail when nobody can answer."""
    if not _stdin_is_interactive():
        raise _usage_error(missing)
    return click.prompt(prompt, hide_input=True)


def _stdin_is_interactive() -> bool:
    """Tell whether a person can answer a prompt."""
    return sys.stdin is not None and sys.stdin.isatty()


def _usage_error(message: str) -> click.UsageError:
    """A usage error carrying the E-SME code for invalid options."""
    error = InvalidInputError(error_codes.INVALID_OPTION, message, "See --help.")
    return click.UsageError(error.text)


def _redact(text: str, secrets: list[Optional[str]]) -> str:
    """Remove the passwords from a text that is about to be shown, should they ever appear."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


main = click.Command(
    "sme-deploy",
    params=PARAMS,
    callback=deploy,
    help="Install the Exasol SageMaker Extension (the Python runtime PYTHON3_SME, UDFs, Lua "
         "scripts, metadata tables) into a schema. Safe to repeat: scripts are replaced, metadata "
         "tables and their rows are kept, an identical runtime definition is left as it is.",
)

if __name__ == "__main__":
    main()
