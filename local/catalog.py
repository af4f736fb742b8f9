"""The SYS views the extension reads, materialized into DuckDB schema "SYS" before a query uses them.

Each view is a DuckDB table in schema ``SYS`` whose rows are rebuilt from the object store right before a
statement that names it runs (under the database lock), so it is always current and never holds a secret.
``EXA_USER_*``/``EXA_DBA_*`` variants show the same rows as ``EXA_ALL_*``: the local runtime has no
privilege system, every user sees every object.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from exasol_sagemaker_extension.local.engine import Column, Session
from exasol_sagemaker_extension.local.objects import TableInfo, duck_name, now
from exasol_sagemaker_extension.local.sql_types import parse_type_text

if TYPE_CHECKING:
    from exasol_sagemaker_extension.local.engine import LocalDatabase

_NAME = "VARCHAR(128) UTF8"
_TEXT = "VARCHAR(2000000) UTF8"
_COMMENT = "VARCHAR(2000) UTF8"
_ID = "DECIMAL(18,0)"

_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "DUAL": [("DUMMY", "VARCHAR(1) UTF8")],
    "EXA_SCHEMAS": [("SCHEMA_NAME", _NAME), ("SCHEMA_OWNER", _NAME), ("SCHEMA_OBJECT_ID", _ID),
                    ("SCHEMA_IS_VIRTUAL", "BOOLEAN"), ("SCHEMA_COMMENT", _COMMENT)],
    "EXA_ALL_TABLES": [("TABLE_SCHEMA", _NAME), ("TABLE_NAME", _NAME), ("TABLE_OWNER", _NAME),
                       ("TABLE_OBJECT_ID", _ID), ("TABLE_IS_VIRTUAL", "BOOLEAN"),
                       ("TABLE_HAS_DISTRIBUTION_KEY", "BOOLEAN"), ("TABLE_HAS_PARTITION_KEY", "BOOLEAN"),
                       ("TABLE_ROW_COUNT", "DECIMAL(36,0)"), ("DELETE_PERCENTAGE", "DECIMAL(4,1)"),
                       ("TABLE_COMMENT", _COMMENT)],
    "EXA_ALL_VIEWS": [("VIEW_SCHEMA", _NAME), ("VIEW_NAME", _NAME), ("SCOPE_SCHEMA", _NAME),
                      ("VIEW_OWNER", _NAME), ("VIEW_OBJECT_ID", _ID), ("VIEW_TEXT", _TEXT),
                      ("VIEW_COMMENT", _COMMENT)],
    "EXA_ALL_COLUMNS": [("COLUMN_SCHEMA", _NAME), ("COLUMN_TABLE", _NAME), ("COLUMN_OBJECT_TYPE", "VARCHAR(40) UTF8"),
                        ("COLUMN_NAME", _NAME), ("COLUMN_TYPE", "VARCHAR(40) UTF8"),
                        ("COLUMN_MAXSIZE", _ID), ("COLUMN_NUM_PREC", _ID), ("COLUMN_NUM_SCALE", _ID),
                        ("COLUMN_ORDINAL_POSITION", _ID), ("COLUMN_IS_VIRTUAL", "BOOLEAN"),
                        ("COLUMN_IS_NULLABLE", "BOOLEAN"), ("COLUMN_IS_DISTRIBUTION_KEY", "BOOLEAN"),
                        ("COLUMN_DEFAULT", _TEXT), ("COLUMN_IDENTITY", _TEXT), ("COLUMN_OWNER", _NAME),
                        ("COLUMN_OBJECT_ID", _ID), ("STATUS", "VARCHAR(20) UTF8"), ("COLUMN_COMMENT", _COMMENT)],
    "EXA_ALL_SCRIPTS": [("SCRIPT_SCHEMA", _NAME), ("SCRIPT_NAME", _NAME), ("SCRIPT_OWNER", _NAME),
                        ("SCRIPT_OBJECT_ID", _ID), ("SCRIPT_TYPE", "VARCHAR(40) UTF8"),
                        ("SCRIPT_LANGUAGE", _NAME), ("SCRIPT_INPUT_TYPE", "VARCHAR(40) UTF8"),
                        ("SCRIPT_RESULT_TYPE", "VARCHAR(40) UTF8"), ("SCRIPT_TEXT", _TEXT),
                        ("SCRIPT_COMMENT", _COMMENT)],
    "EXA_ALL_CONNECTIONS": [("CONNECTION_NAME", _NAME), ("CREATED", "TIMESTAMP(3)"),
                            ("CONNECTION_COMMENT", _COMMENT)],
    "EXA_PARAMETERS": [("PARAMETER_NAME", _NAME), ("SESSION_VALUE", _TEXT), ("SYSTEM_VALUE", _TEXT)],
}
_ALIASES = {f"EXA_{scope}_{what}": f"EXA_ALL_{what}"
            for scope in ("USER", "DBA") for what in ("TABLES", "VIEWS", "COLUMNS", "SCRIPTS")}
SYS_TABLES = set(_COLUMNS) | set(_ALIASES)


def sys_table_info(name: str) -> TableInfo | None:
    """The column description of a SYS view, or None."""
    base = _ALIASES.get(name, name)
    if base not in _COLUMNS:
        return None
    columns = [Column(n, t) for n, t in _COLUMNS[base]]
    return TableInfo("SYS", name, "VIEW", columns, "SYS", now())


def create_sys_schema(db: LocalDatabase) -> None:
    """Create the DuckDB tables behind the SYS views."""
    db.duck.execute('CREATE SCHEMA "SYS"')
    for name in sorted(SYS_TABLES):
        info = sys_table_info(name)
        assert info is not None
        columns = ", ".join(f'"{c.name}" {parse_type_text(c.sql_type).duckdb_text}' for c in info.columns)
        db.duck.execute(f"CREATE TABLE {duck_name('SYS', name)} ({columns})")
    db.duck.execute(f"INSERT INTO {duck_name('SYS', 'DUAL')} VALUES ('X')")


def refresh_sys_tables(db: LocalDatabase, session: Session, names: Iterable[str]) -> None:
    """Rebuild the rows of the named SYS views from the object store."""
    for name in sorted(set(names)):
        base = _ALIASES.get(name, name)
        producer = _PRODUCERS.get(base)
        if producer is None:
            continue
        db.duck.execute(f"DELETE FROM {duck_name('SYS', name)}")
        _insert_rows(db, name, len(_COLUMNS[base]), producer(db, session))


def _insert_rows(db: LocalDatabase, name: str, width: int, rows: list[tuple]) -> None:
    """Insert rows in chunks with one parametrized VALUES statement each."""
    placeholders = "(" + ", ".join("?" * width) + ")"
    for start in range(0, len(rows), 200):
        chunk = rows[start:start + 200]
        values = ", ".join([placeholders] * len(chunk))
        params = [value for row in chunk for value in row]
        db.duck.execute(f"INSERT INTO {duck_name('SYS', name)} VALUES {values}", params)


def _object_ids() -> Callable[[], int]:
    """A counter for stable-looking object ids within one refresh."""
    counter = iter(range(1, 1_000_000_000))
    return lambda: next(counter)


def _schemas(db: LocalDatabase, session: Session) -> list[tuple]:
    """Rows of EXA_SCHEMAS."""
    ids = _object_ids()
    return [(s.name, s.owner, ids(), False, None) for s in sorted(db.objects.schemas.values(), key=lambda s: s.name)]


def _tables(db: LocalDatabase, session: Session) -> list[tuple]:
    """Rows of EXA_ALL_TABLES, with current row counts."""
    ids = _object_ids()
    rows = []
    for info in _sorted_tables(db, "TABLE"):
        count = db.duck.execute(f"SELECT count(*) FROM {duck_name(info.schema, info.name)}").fetchone()[0]
        rows.append((info.schema, info.name, info.owner, ids(), False, False, False, count, 0, None))
    return rows


def _views(db: LocalDatabase, session: Session) -> list[tuple]:
    """Rows of EXA_ALL_VIEWS."""
    ids = _object_ids()
    return [(v.schema, v.name, v.schema, v.owner, ids(), v.view_text, None) for v in _sorted_tables(db, "VIEW")]


def _columns(db: LocalDatabase, session: Session) -> list[tuple]:
    """Rows of EXA_ALL_COLUMNS with Exasol type text and 1-based ordinal positions."""
    ids = _object_ids()
    rows = []
    for info in _sorted_tables(db, None):
        object_id = ids()
        for position, (column, sql_type) in enumerate(zip(info.columns, info.types), start=1):
            nullable = info.nullable[position - 1] if info.nullable else True
            default = info.defaults[position - 1] if info.defaults else None
            rows.append((info.schema, info.name, info.kind, column.name, column.sql_type,
                         _max_size(sql_type), _num_prec(sql_type), sql_type.scale, position, False,
                         nullable, False, default, None, info.owner, object_id, None, None))
    return rows


def _max_size(sql_type: Any) -> int | None:
    """COLUMN_MAXSIZE: digits of a DECIMAL, characters of a string."""
    if sql_type.kind == "DECIMAL":
        return sql_type.precision
    if sql_type.kind in ("VARCHAR", "CHAR"):
        return sql_type.size
    return {"DOUBLE": 64, "BOOLEAN": 1, "DATE": 10, "TIMESTAMP": 29}.get(sql_type.kind)


def _num_prec(sql_type: Any) -> int | None:
    """COLUMN_NUM_PREC: precision of numbers, fractional seconds precision of timestamps."""
    if sql_type.kind in ("DECIMAL", "TIMESTAMP"):
        return sql_type.precision
    return 64 if sql_type.kind == "DOUBLE" else None


def _scripts(db: LocalDatabase, session: Session) -> list[tuple]:
    """Rows of EXA_ALL_SCRIPTS."""
    ids = _object_ids()
    scripts = sorted(db.objects.scripts.values(), key=lambda s: (s.schema, s.name))
    return [(s.schema, s.name, db.objects.schemas[s.schema].owner if s.schema in db.objects.schemas else None,
             ids(), s.script_type, s.language, s.input_type, s.result_type, s.text, None) for s in scripts]


def _connections(db: LocalDatabase, session: Session) -> list[tuple]:
    """Rows of EXA_ALL_CONNECTIONS: names and creation times only."""
    return [(c.name, c.created, None) for c in sorted(db.objects.connections.values(), key=lambda c: c.name)]


def _parameters(db: LocalDatabase, session: Session) -> list[tuple]:
    """Rows of EXA_PARAMETERS for this session."""
    names = sorted(set(db.system_parameters) | set(session.parameters))
    session_values = {**session.parameters, "SCRIPT_LANGUAGES": session.script_languages}
    return [(n, session_values.get(n), db.system_parameters.get(n)) for n in names]


def _sorted_tables(db: LocalDatabase, kind: str | None) -> list[TableInfo]:
    """Tables and/or views in schema and name order."""
    tables = [t for t in db.objects.tables.values() if kind is None or t.kind == kind]
    return sorted(tables, key=lambda t: (t.schema, t.name))


_PRODUCERS: dict[str, Callable[[LocalDatabase, Session], list[tuple]]] = {
    "EXA_SCHEMAS": _schemas,
    "EXA_ALL_TABLES": _tables,
    "EXA_ALL_VIEWS": _views,
    "EXA_ALL_COLUMNS": _columns,
    "EXA_ALL_SCRIPTS": _scripts,
    "EXA_ALL_CONNECTIONS": _connections,
    "EXA_PARAMETERS": _parameters,
}
