"""The object store: schemas, tables, views, scripts and connections, mirrored into DuckDB.

DuckDB matches names case-insensitively, Exasol exactly. Objects are stored in DuckDB under their exact
Exasol names, and a name that differs from an existing one only in case is refused with the
"not supported by the local runtime" error rather than silently aliased.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from exasol_sagemaker_extension.local.engine import (
    Column, ConnectionObject, LocalSqlError, ScriptObject, not_supported,
)
from exasol_sagemaker_extension.local.sql_names import display_name, quote
from exasol_sagemaker_extension.local.sql_types import SqlType, parse_type_text

if TYPE_CHECKING:
    from exasol_sagemaker_extension.local.engine import LocalDatabase

SYSTEM_SCHEMAS = ("SYS", "EXA_STATISTICS")
_DUCKDB_SCHEMAS = ("main", "information_schema", "pg_catalog", "temp", "system")


@dataclass
class SchemaInfo:
    """A user schema."""

    name: str
    owner: str
    created: datetime.datetime


@dataclass
class TableInfo:
    """A table or view with its Exasol column types."""

    schema: str
    name: str
    kind: str  # 'TABLE' | 'VIEW'
    columns: list[Column]
    owner: str
    created: datetime.datetime
    view_text: str | None = None
    nullable: list[bool] = field(default_factory=list)
    defaults: list[str | None] = field(default_factory=list)

    @property
    def types(self) -> list[SqlType]:
        """The parsed Exasol types of the columns."""
        return [parse_type_text(c.sql_type) for c in self.columns]


def duck_name(schema: str, name: str) -> str:
    """The quoted DuckDB name of an object."""
    return f"{quote(schema)}.{quote(name)}"


def now() -> datetime.datetime:
    """The current UTC time with millisecond precision, as Exasol stores creation times."""
    stamp = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    return stamp.replace(microsecond=stamp.microsecond // 1000 * 1000)


class ObjectStore:
    """All database objects; every mutating call runs under the database lock."""

    def __init__(self, db: LocalDatabase) -> None:
        self.db = db
        self.schemas: dict[str, SchemaInfo] = {}
        self.tables: dict[tuple[str, str], TableInfo] = {}
        self.scripts: dict[tuple[str, str], ScriptObject] = {}
        self.connections: dict[str, ConnectionObject] = {}

    # -- lookups --------------------------------------------------------------------------------

    def schema_exists(self, schema: str) -> bool:
        """Whether a user schema of exactly this name exists (SYS counts as existing)."""
        return schema in self.schemas or schema in SYSTEM_SCHEMAS

    def object_kind(self, schema: str, name: str) -> str | None:
        """'TABLE', 'VIEW' or 'SCRIPT' for an object of exactly this name."""
        if (schema, name) in self.tables:
            return self.tables[(schema, name)].kind
        if (schema, name) in self.scripts:
            return "SCRIPT"
        if schema == "SYS":
            from exasol_sagemaker_extension.local.catalog import SYS_TABLES
            return "VIEW" if name in SYS_TABLES else None
        return None

    def table(self, schema: str, name: str) -> TableInfo:
        """A table or view; 42000 'object not found' if missing."""
        info = self.tables.get((schema, name))
        if info is None:
            if schema == "SYS":
                from exasol_sagemaker_extension.local.catalog import sys_table_info
                info = sys_table_info(name)
                if info is not None:
                    return info
            raise LocalSqlError("42000", f"object {display_name(schema, name)} not found")
        return info

    def table_columns(self, schema: str, name: str) -> list[Column]:
        """Columns of a table or view in ordinal order."""
        return list(self.table(schema, name).columns)

    def require_schema(self, schema: str) -> None:
        """42000 if the schema does not exist."""
        if not self.schema_exists(schema):
            raise LocalSqlError("42000", f"schema {display_name(schema)} not found")

    # -- schemas --------------------------------------------------------------------------------

    def create_schema(self, name: str, owner: str, if_not_exists: bool) -> bool:
        """Create a schema; False if it existed and ``if_not_exists``."""
        if self.schema_exists(name):
            if if_not_exists:
                return False
            raise LocalSqlError("42000", f"schema {display_name(name)} already exists")
        _refuse_case_twin(name, list(self.schemas) + list(SYSTEM_SCHEMAS) + list(_DUCKDB_SCHEMAS), "schema")
        self.db.duck.execute(f"CREATE SCHEMA {quote(name)}")
        self.schemas[name] = SchemaInfo(name, owner, now())
        return True

    def drop_schema(self, name: str, if_exists: bool, cascade: bool) -> None:
        """Drop a schema; without CASCADE only an empty one."""
        if name in SYSTEM_SCHEMAS:
            raise LocalSqlError("42500", f"insufficient privileges for dropping schema {name}")
        if name not in self.schemas:
            if if_exists:
                return
            raise LocalSqlError("42000", f"schema {display_name(name)} not found")
        contents = [k for k in list(self.tables) + list(self.scripts) if k[0] == name]
        if contents and not cascade:
            raise LocalSqlError(
                "42000", f"schema {display_name(name)} is not empty - use DROP SCHEMA {display_name(name)} CASCADE")
        self.db.duck.execute(f"DROP SCHEMA {quote(name)} CASCADE")
        for key in contents:
            self.tables.pop(key, None)
            self.scripts.pop(key, None)
        del self.schemas[name]

    # -- tables and views -----------------------------------------------------------------------

    def check_new_object(self, schema: str, name: str, replace: bool, kinds: tuple[str, ...]) -> bool:
        """Check that (schema, name) may be created; True if an object of a replaceable kind exists."""
        self.require_schema(schema)
        if schema in SYSTEM_SCHEMAS:
            raise LocalSqlError("42500", f"insufficient privileges for creating objects in schema {schema}")
        kind = self.object_kind(schema, name)
        if kind is not None:
            if replace and kind in kinds:
                return True
            raise LocalSqlError("42000", f"object {display_name(schema, name)} already exists")
        others = [n for (s, n) in list(self.tables) + list(self.scripts) if s == schema]
        _refuse_case_twin(name, others, "object")
        return False

    def register_table(self, info: TableInfo) -> None:
        """Record a table or view that now exists in DuckDB."""
        check_column_names([c.name for c in info.columns])
        self.tables[(info.schema, info.name)] = info

    def drop_table(self, schema: str, name: str, kind: str, if_exists: bool) -> None:
        """Drop a table or view of exactly this name."""
        info = self.tables.get((schema, name))
        if info is None or info.kind != kind:
            if if_exists:
                return
            raise LocalSqlError("42000", f"{kind.lower()} {display_name(schema, name)} not found")
        self.db.duck.execute(f"DROP {kind} {duck_name(schema, name)}")
        del self.tables[(schema, name)]

    # -- scripts --------------------------------------------------------------------------------

    def put_script(self, script: ScriptObject, replace: bool) -> None:
        """Store a script under the object namespace rules."""
        exists = self.check_new_object(script.schema, script.name, replace, ("SCRIPT",))
        if exists:
            del self.scripts[(script.schema, script.name)]
        self.scripts[(script.schema, script.name)] = script

    def drop_script(self, schema: str, name: str, if_exists: bool) -> None:
        """Remove a script."""
        if (schema, name) not in self.scripts:
            if if_exists:
                return
            raise LocalSqlError("42000", f"script {display_name(schema, name)} not found")
        del self.scripts[(schema, name)]

    # -- connections ----------------------------------------------------------------------------

    def create_connection(self, name: str, address: str, user: str, password: str, replace: bool) -> None:
        """Store a connection object."""
        if name in self.connections and not replace:
            raise LocalSqlError("42000", f"connection {display_name(name)} already exists")
        if name not in self.connections:
            _refuse_case_twin(name, list(self.connections), "connection")
        self.connections[name] = ConnectionObject(name, address, user, password, now())

    def drop_connection(self, name: str, if_exists: bool) -> None:
        """Remove a connection object."""
        if name not in self.connections:
            if if_exists:
                return
            raise LocalSqlError("42000", f"connection {display_name(name)} not found")
        del self.connections[name]


def _refuse_case_twin(name: str, existing: list[str], what: str) -> None:
    """Refuse a name that differs from an existing one only in case (DuckDB could not tell them apart)."""
    for other in existing:
        if other != name and other.casefold() == name.casefold():
            raise not_supported(
                f"{what} name {display_name(name)} next to {display_name(other)} (names differing only in case)")


def check_column_names(names: list[str]) -> None:
    """Refuse duplicate column names and names differing only in case."""
    seen: dict[str, str] = {}
    for name in names:
        twin = seen.get(name.casefold())
        if twin == name:
            raise LocalSqlError("42000", f"duplicate column name {display_name(name)}")
        if twin is not None:
            raise not_supported(
                f"column name {display_name(name)} next to {display_name(twin)} (names differing only in case)")
        seen[name.casefold()] = name
