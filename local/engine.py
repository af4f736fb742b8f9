"""The local Exasol stand-in's database core: sessions, statement dispatch, catalog access.

Published interface (stable; the scripting layer codes against it):

- ``LocalSqlError(sql_code, text)``: every failure of a statement; the WebSocket server sends it as
  ``{"status": "error", "exception": {"sqlCode", "text"}}``. ``not_supported(what)`` builds the
  ``0A000`` "not supported by the local runtime: <what>" error.
- ``Column(name, sql_type)``: ``sql_type`` is Exasol type text as ``SYS.EXA_ALL_COLUMNS`` shows it:
  ``DECIMAL(18,0)``, ``DOUBLE``, ``VARCHAR(100) UTF8``, ``CHAR(1) UTF8``, ``BOOLEAN``, ``DATE``,
  ``TIMESTAMP(3)`` (Exasol 8.32+ reports plain ``TIMESTAMP`` as ``TIMESTAMP(3)``).
- ``Result(columns, rows, rows_affected)``: a result set (``columns`` set, ``rows`` a list of tuples of
  Python values: int/Decimal/float/str/bool/date/datetime/None) or a row count (``columns`` None).
- ``Session``: one login; ``current_schema`` (exact name or None), ``attributes`` (Exasol attribute
  names), ``script_languages`` (session value of SCRIPT_LANGUAGES, inherited from the system value).
- ``StatementHandler.try_execute(db, session, sql) -> Result | None``: handlers registered with
  ``db.register_handler`` are tried in order before the default SQL path; ``None`` means "not mine".
  ``sql`` is one statement, stripped of surrounding whitespace and a trailing ``;``.
- ``LocalDatabase``:
  - ``nproc`` (value of ``NPROC()``, default 2), ``connections`` (name -> ``ConnectionObject``),
    ``lock`` (an ``RLock`` held during every ``execute``/``query``; nested calls from handlers are fine),
    ``duck`` (the shared DuckDB connection; use it only while holding ``lock``),
    ``atomic()`` (context manager: the enclosed statements form one DuckDB transaction, rolled back
    on an exception; nested uses join the outer one. DuckDB has no savepoints: a statement that
    fails inside DuckDB aborts the whole unit, so wrap only work that must succeed or fail as one).
  - ``open_session(user)``, ``close_session(session)``.
  - ``execute(session, sql) -> Result``: one *Exasol* statement, handlers first; raises ``LocalSqlError``.
  - ``query(session, sql, params=None) -> Result``: *DuckDB* SQL run verbatim (``?`` parameters;
    ``session`` may be None), no name resolution and no handlers. Physical DuckDB names equal the
    exact Exasol names, so always quote them (``"SCHEMA"."TABLE"``). Result column types are mapped
    to Exasol types; INSERT/UPDATE/DELETE give a row count. For handlers that read or write stored
    data directly.
  - ``translate(session, sql) -> str``: one Exasol ``SELECT``/``WITH``/``INSERT``/``UPDATE``/``DELETE``
    (text or a sqlglot expression parsed with ``read="exasol"``) to DuckDB SQL, names resolved against
    the session's schema, Exasol functions (``NPROC()``, ``IPROC()``, ``CURRENT_USER``, ...) replaced.
    ``sql_translation.translate_statement`` returns the same plus result column names and catalog
    type hints (pass both to ``sql_results.run_duckdb`` to get Exasol-shaped results).
  - ``resolve_object(session, name) -> (schema, name)``: ``name`` is SQL text (``s."My T"``) or a
    sequence of already-normalized parts; unquoted parts are upper-cased, quoted ones kept exactly.
  - ``object_kind(schema, name) -> 'TABLE' | 'VIEW' | 'SCRIPT' | None``, ``schema_exists(schema)``,
    ``table_columns(schema, table) -> list[Column]`` (tables and views, ordinal order).
  - scripts: ``put_script(ScriptObject, replace=False)``, ``get_script(schema, name)``,
    ``drop_script(schema, name, if_exists=False)``, ``list_scripts(schema=None)``.
  - connections: ``create_connection(name, address, user, password, replace=False)``,
    ``get_connection(name) -> ConnectionObject`` (42000 if missing), ``drop_connection(name, if_exists)``.

Helpers the scripting layer may use too (also stable): ``sql_names`` (``TokenStream``, ``quote``,
``quote_string``, ``display_name``, ``split_qualified_name``) and ``sql_types`` (``parse_type``,
``parse_type_text``, ``SqlType``).
"""
from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import duckdb

NOT_SUPPORTED_CODE = "0A000"


class LocalSqlError(Exception):
    """A statement failed; carries Exasol's five-character SQL code and the message text."""

    def __init__(self, sql_code: str, text: str) -> None:
        super().__init__(f"[{sql_code}] {text}")
        self.sql_code = sql_code
        self.text = text


def not_supported(what: str) -> LocalSqlError:
    """The clear error for anything the local runtime does not emulate."""
    return LocalSqlError(NOT_SUPPORTED_CODE, f"not supported by the local runtime: {what}")


@dataclass(frozen=True)
class Column:
    """A result or table column: its name and its Exasol type text."""

    name: str
    sql_type: str


@dataclass
class Result:
    """A result set (columns and rows) or, with columns None, a row count."""

    columns: list[Column] | None = None
    rows: list[tuple] = field(default_factory=list)
    rows_affected: int | None = None

    @classmethod
    def row_count(cls, count: int) -> Result:
        """A row-count result, as DDL and DML statements return."""
        return cls(columns=None, rows=[], rows_affected=count)


@dataclass
class Session:
    """One logged-in session."""

    session_id: int
    user: str
    current_schema: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    script_languages: str = ""
    parameters: dict[str, str] = field(default_factory=dict)


@dataclass
class ConnectionObject:
    """A CONNECTION object; its password never reaches a queryable table."""

    name: str
    address: str
    user: str
    password: str
    created: Any = None


@dataclass
class ScriptObject:
    """A script in the catalog, as SYS.EXA_ALL_SCRIPTS shows it plus what running it needs."""

    schema: str
    name: str
    script_type: str  # 'SCRIPTING' | 'UDF'
    language: str  # 'LUA' or a SCRIPT_LANGUAGES alias such as 'PYTHON3_SME'
    text: str  # SCRIPT_TEXT: the CREATE statement as given
    input_type: str | None = None  # UDF: 'SCALAR' | 'SET'
    result_type: str | None = None  # UDF: 'RETURNS' | 'EMITS'; scripting: 'ROWCOUNT' | 'TABLE'
    parameters: list[Any] = field(default_factory=list)  # UDF: list[Column]; scripting: list[str]
    outputs: list[Column] | None = None  # UDF: EMITS columns or one RETURNS column; None: dynamic
    body: str = ""  # the code after AS
    extra: dict[str, Any] = field(default_factory=dict)  # free for the scripting layer


class StatementHandler(Protocol):
    """A plug-in that executes the statements it recognises."""

    def try_execute(self, db: LocalDatabase, session: Session, sql: str) -> Result | None:
        """Execute ``sql`` and return its result, or None when the statement is not this handler's."""


class LocalDatabase:
    """An in-memory Exasol stand-in on DuckDB; thread-safe through one re-entrant lock."""

    def __init__(self, nproc: int = 2, users: dict[str, str] | None = None,
                 duckdb_path: str = ":memory:") -> None:
        from exasol_sagemaker_extension.local.catalog import create_sys_schema
        from exasol_sagemaker_extension.local.objects import ObjectStore
        from exasol_sagemaker_extension.local.sql_statements import FIXED_PARAMETERS, DefaultStatements

        self.nproc = nproc
        self.users = dict(users) if users is not None else {"SYS": "exasol"}
        self.lock = threading.RLock()
        self.duck = duckdb.connect(duckdb_path)
        self.duck.execute("SET TimeZone = 'UTC'")
        self.duck.execute("SET default_null_order = 'nulls_last_on_asc_first_on_desc'")
        self.objects = ObjectStore(self)
        self.connections: dict[str, ConnectionObject] = self.objects.connections
        self.system_parameters: dict[str, str] = {"SCRIPT_LANGUAGES": DEFAULT_SCRIPT_LANGUAGES}
        self.sessions: dict[int, Session] = {}
        self._handlers: list[StatementHandler] = []
        self._transaction_depth = 0
        self._default = DefaultStatements()
        self._session_ids = itertools.count(4_611_686_018_427_387_904 + 1)
        self.system_parameters.update(FIXED_PARAMETERS)
        self.system_parameters["QUERY_TIMEOUT"] = "0"
        create_sys_schema(self)

    # -- sessions and dispatch ------------------------------------------------------------------

    def register_handler(self, handler: StatementHandler) -> None:
        """Add a handler; handlers are tried in registration order before the default SQL path."""
        self._handlers.append(handler)

    def authenticate(self, user: str, password: str) -> bool:
        """Whether user and password match a configured user (user names are case-sensitive as given)."""
        return user in self.users and self.users[user] == password

    def open_session(self, user: str) -> Session:
        """Start a session for ``user``; it inherits the system parameters."""
        with self.lock:
            session = Session(
                session_id=next(self._session_ids),
                user=user,
                script_languages=self.system_parameters["SCRIPT_LANGUAGES"],
                parameters={k: v for k, v in self.system_parameters.items()},
            )
            self.sessions[session.session_id] = session
            return session

    def close_session(self, session: Session) -> None:
        """Forget a session."""
        with self.lock:
            self.sessions.pop(session.session_id, None)

    def execute(self, session: Session, sql: str) -> Result:
        """Run one Exasol statement: registered handlers first, then the default SQL path."""
        statement = strip_statement(sql)
        if not statement:
            raise LocalSqlError("42000", "syntax error: empty statement")
        with self.lock:
            for handler in self._handlers:
                result = handler.try_execute(self, session, statement)
                if result is not None:
                    return result
            return self._default.execute(self, session, statement)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """Run the enclosed statements as one DuckDB transaction (nested uses join the outer one)."""
        with self.lock:
            if self._transaction_depth:
                self._transaction_depth += 1
                try:
                    yield
                finally:
                    self._transaction_depth -= 1
                return
            self.duck.execute("BEGIN TRANSACTION")
            self._transaction_depth = 1
            try:
                yield
            except BaseException:
                self._transaction_depth = 0
                self.duck.execute("ROLLBACK")
                raise
            self._transaction_depth = 0
            self.duck.execute("COMMIT")

    def query(self, session: Session | None, sql: str, params: Sequence[Any] | None = None) -> Result:
        """Run DuckDB SQL verbatim with ``?`` parameters; result types mapped to Exasol types."""
        from exasol_sagemaker_extension.local.sql_results import run_duckdb

        with self.lock:
            return run_duckdb(self, sql, params)

    def translate(self, session: Session, sql: Any) -> str:
        """Exasol SELECT/INSERT/UPDATE/DELETE (text or sqlglot expression) -> DuckDB SQL."""
        from exasol_sagemaker_extension.local.sql_translation import translate_statement

        with self.lock:
            return translate_statement(self, session, sql).sql

    # -- names and objects ----------------------------------------------------------------------

    def resolve_object(self, session: Session, name: str | Sequence[str]) -> tuple[str, str]:
        """(schema, name) of a possibly qualified object name under Exasol's identifier rules."""
        from exasol_sagemaker_extension.local.sql_names import split_qualified_name

        parts = split_qualified_name(name) if isinstance(name, str) else list(name)
        if len(parts) == 2:
            return parts[0], parts[1]
        if len(parts) != 1:
            raise LocalSqlError("42000", f"invalid object name: {name}")
        if session.current_schema is None:
            raise LocalSqlError("42000", "no schema specified or opened or current schema has been dropped")
        return session.current_schema, parts[0]

    def schema_exists(self, schema: str) -> bool:
        """Whether a schema of exactly this name exists."""
        return self.objects.schema_exists(schema)

    def object_kind(self, schema: str, name: str) -> str | None:
        """'TABLE', 'VIEW' or 'SCRIPT' for an existing object of exactly this name, else None."""
        return self.objects.object_kind(schema, name)

    def table_columns(self, schema: str, table: str) -> list[Column]:
        """The columns of a table or view in ordinal order; 42000 if it does not exist."""
        return self.objects.table_columns(schema, table)

    # -- scripts --------------------------------------------------------------------------------

    def put_script(self, script: ScriptObject, replace: bool = False) -> None:
        """Store a script; 42000 if an object of that name exists and ``replace`` is false."""
        with self.lock:
            self.objects.put_script(script, replace)

    def get_script(self, schema: str, name: str) -> ScriptObject | None:
        """The script of exactly this schema and name, or None."""
        return self.objects.scripts.get((schema, name))

    def drop_script(self, schema: str, name: str, if_exists: bool = False) -> None:
        """Remove a script; 42000 if missing unless ``if_exists``."""
        with self.lock:
            self.objects.drop_script(schema, name, if_exists)

    def list_scripts(self, schema: str | None = None) -> list[ScriptObject]:
        """All scripts, or those of one schema."""
        return [s for s in self.objects.scripts.values() if schema is None or s.schema == schema]

    # -- connections ----------------------------------------------------------------------------

    def create_connection(self, name: str, address: str, user: str, password: str,
                          replace: bool = False) -> None:
        """Store a CONNECTION object; 42000 if it exists and ``replace`` is false."""
        with self.lock:
            self.objects.create_connection(name, address, user, password, replace)

    def get_connection(self, name: str) -> ConnectionObject:
        """The CONNECTION of exactly this name; 42000 if there is none."""
        connection = self.connections.get(name)
        if connection is None:
            raise LocalSqlError("42000", f"connection {name} does not exist")
        return connection

    def drop_connection(self, name: str, if_exists: bool = False) -> None:
        """Remove a CONNECTION object; 42000 if missing unless ``if_exists``."""
        with self.lock:
            self.objects.drop_connection(name, if_exists)

    def close(self) -> None:
        """Close the DuckDB connection (calling it twice is harmless)."""
        with self.lock:
            self.duck.close()


DEFAULT_SCRIPT_LANGUAGES = (
    "R=builtin_r JAVA=builtin_java PYTHON3=builtin_python3"
)


def strip_statement(sql: str) -> str:
    """The statement without surrounding whitespace and trailing semicolons."""
    text = sql.strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    return text
