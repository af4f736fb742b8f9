"""The installer command: ``sme-deploy`` or ``python -m exasol_sagemaker_extension.deployment.deploy_cli``.

It creates the schema, the four Python UDFs, the four Lua scripts and the two metadata tables. With
``--to-print`` it only prints the statements, for EXAplus or another SQL client: every statement is
preceded by a ``--`` comment naming it; a plain statement ends with ``;``, a ``CREATE ... SCRIPT``
(whose body may hold semicolons) ends with a line holding only ``/``, as EXAplus expects.
"""
from __future__ import annotations

import sys
from typing import Optional

import click
from exasol.python_extension_common.cli.std_options import StdParams, StdTags, select_std_options

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.deployment.deployer import (
    ConnectionOptions,
    ScriptDeployer,
    close_quietly,
    open_database_connection,
)
from exasol_sagemaker_extension.deployment.statements import DeployStatement, build_deploy_statements
from exasol_sagemaker_extension.errors import InvalidInputError, SageMakerExtensionError

DEFAULT_PORT = 8563
PASSWORD_ENVVAR = "DB_PASSWORD"


def _parse_schema(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Read --schema as SQL would (``sme`` is SME, ``"My Schema"`` keeps its case)."""
    try:
        return names.parse_sql_identifier(value, "schema")
    except InvalidInputError as error:
        raise click.BadParameter(error.text, ctx, param) from None


def _tls_file(help_text: str) -> dict:
    """Settings of a TLS file option, shared by the three path options."""
    return {"type": click.Path(exists=True, readable=True), "default": None, "help": help_text}


_STANDARD_OPTIONS = {option.name: option for option in select_std_options(
    StdTags.DB | StdTags.ONPREM,
    exclude=[StdParams.db_user, StdParams.db_password, StdParams.schema],
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
            "help": "Validate the database's TLS certificate. Turn off only on a trusted network."},
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
    click.Option(["--to-print"], is_flag=True,
                 help="Print the statements instead of running them (no database needed): each "
                      "after a '--' comment, ended by ';', or by a line '/' for scripts, as EXAplus "
                      "reads them."),
]


def deploy(schema: str, to_print: bool, **connection_values: Optional[object]) -> None:
    """The ``main`` command: print the statements, or check the options and run them."""
    password = connection_values.get("db_password")
    try:
        statements = build_deploy_statements(schema)
        if to_print:
            click.echo(format_for_printing(schema, statements), nl=False)
            return
        options = connection_options(**connection_values)
        password = options.password
        run_statements(schema, statements, options)
    except SageMakerExtensionError as error:
        raise click.ClickException(_redact(error.text, password)) from None


def run_statements(schema: str, statements: list[DeployStatement],
                   options: ConnectionOptions) -> None:
    """Connect, run every statement with a progress line, close, and summarise."""
    if not options.use_ssl_cert_validation:
        click.echo("Warning: the database's TLS certificate is not validated.", err=True)
    click.echo(f"Connecting to {options.dsn} as {options.user}")
    connection = open_database_connection(options)
    try:
        ScriptDeployer(connection, report=click.echo).run(statements)
    finally:
        close_quietly(connection)
    click.echo(f"Done: {len(statements)} statements ran; the extension is installed in schema "
               f"{names.quote_identifier(schema)}.")


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


def format_for_printing(schema: str, statements: list[DeployStatement]) -> str:
    """Render the statements as one SQL file that EXAplus (``exaplus -f``) can run."""
    lines = [f"-- Exasol SageMaker Extension: installation into schema "
             f"{names.quote_identifier(schema)} ({len(statements)} statements).",
             "-- Plain statements end with ';', CREATE ... SCRIPT statements with a line '/'.", ""]
    for number, statement in enumerate(statements, start=1):
        lines.append(f"-- {number}/{len(statements)}: {statement.description}")
        lines.extend([statement.sql, "/"] if statement.is_script else [statement.sql + ";"])
        lines.append("")
    return "\n".join(lines)


def _ask_password() -> str:
    """Prompt for the password with hidden input, or fail when nobody can answer."""
    if not _stdin_is_interactive():
        raise _usage_error("no password given: use --db-password (or --pass) or the "
                           f"{PASSWORD_ENVVAR} environment variable")
    return click.prompt("Database password", hide_input=True)


def _stdin_is_interactive() -> bool:
    """Tell whether a person can answer a prompt."""
    return sys.stdin is not None and sys.stdin.isatty()


def _usage_error(message: str) -> click.UsageError:
    """A usage error carrying the E-SME code for invalid options."""
    error = InvalidInputError(error_codes.INVALID_OPTION, message, "See --help.")
    return click.UsageError(error.text)


def _redact(text: str, password: Optional[str]) -> str:
    """Remove the password from a text that is about to be shown, should it ever appear."""
    return text.replace(password, "***") if password else text


main = click.Command(
    "sme-deploy",
    params=PARAMS,
    callback=deploy,
    help="Install the Exasol SageMaker Extension (UDFs, Lua scripts, metadata tables) into a "
         "schema. Safe to repeat: scripts are replaced, metadata tables and their rows are kept.",
)

if __name__ == "__main__":
    main()
