"""The default SQL path: dispatch of one Exasol statement to DDL, session commands or translated SQL."""
from __future__ import annotations

from typing import TYPE_CHECKING

from exasol_sagemaker_extension.local.catalog import refresh_sys_tables
from exasol_sagemaker_extension.local.engine import LocalSqlError, Result, Session, not_supported
from exasol_sagemaker_extension.local.objects import duck_name
from exasol_sagemaker_extension.local.sql_ddl import alter_table, create_table, create_view
from exasol_sagemaker_extension.local.sql_names import TokenStream, quote
from exasol_sagemaker_extension.local.sql_results import run_duckdb
from exasol_sagemaker_extension.local.sql_translation import translate_statement

if TYPE_CHECKING:
    from exasol_sagemaker_extension.local.engine import LocalDatabase

# Session parameters: the ones stored (with no effect on results here) and the defaults of those whose
# other values would change results, which the local runtime therefore accepts only at their default.
STORED_PARAMETERS = {"SCRIPT_LANGUAGES", "QUERY_TIMEOUT", "PROFILE", "SCRIPT_OUTPUT_ADDRESS",
                     "QUERY_CACHE", "SNAPSHOT_MODE", "IDLE_TIMEOUT", "CONSTRAINT_STATE_DEFAULT"}
FIXED_PARAMETERS = {
    "NLS_DATE_FORMAT": "YYYY-MM-DD",
    "NLS_TIMESTAMP_FORMAT": "YYYY-MM-DD HH24:MI:SS.FF6",
    "NLS_NUMERIC_CHARACTERS": ".,",
    "NLS_DATE_LANGUAGE": "ENG",
    "NLS_FIRST_DAY_OF_WEEK": "7",
    "TIME_ZONE": "UTC",
    "TIME_ZONE_BEHAVIOR": "INVALID SHIFT AMBIGUOUS ST",
    "TIMESTAMP_ARITHMETIC_BEHAVIOR": "INTERVAL",
    "DEFAULT_LIKE_ESCAPE_CHARACTER": "\\",
}
# First words of Exasol statements; anything else is a syntax error, these are "not supported".
EXASOL_STATEMENT_WORDS = {
    "ALTER", "CLOSE", "COMMENT", "COMMIT", "CREATE", "DELETE", "DESCRIBE", "DROP", "EXECUTE", "EXPLAIN",
    "EXPORT", "FLUSH", "GRANT", "IMPORT", "INSERT", "KILL", "MERGE", "OPEN", "PRELOAD", "RECOMPRESS",
    "RENAME", "REORGANIZE", "REVOKE", "ROLLBACK", "SELECT", "TRUNCATE", "UPDATE", "WITH", "VALUES",
}


class DefaultStatements:
    """Executes the statements the core understands; anything else is 'not supported'."""

    def execute(self, db: LocalDatabase, session: Session, sql: str) -> Result:
        """Run one statement (already stripped of a trailing semicolon)."""
        stream = TokenStream(sql)
        first = stream.peek()
        if first is None:
            raise LocalSqlError("42000", "syntax error: empty statement")
        if first.is_word("SELECT", "WITH", "INSERT", "UPDATE", "DELETE") or first.value == "(":
            return run_translated(db, session, sql)
        stream.next()
        word = first.value.upper()
        if word == "CREATE":
            return self._create(db, session, stream)
        if word == "DROP":
            return self._drop(db, session, stream)
        if word == "OPEN":
            stream.expect("SCHEMA")
            return self._open_schema(db, session, stream)
        if word == "CLOSE":
            stream.expect("SCHEMA")
            stream.expect_end()
            session.current_schema = None
            return Result.row_count(0)
        if word == "ALTER":
            return self._alter(db, session, stream)
        if word in ("COMMIT", "ROLLBACK"):
            return self._end_transaction(session, word, stream)
        if word == "TRUNCATE":
            stream.expect("TABLE")
            schema, name = db.resolve_object(session, stream.qualified_name())
            stream.expect_end()
            db.objects.table(schema, name)
            run_duckdb(db, f"DELETE FROM {duck_name(schema, name)}")
            return Result.row_count(0)
        if word not in EXASOL_STATEMENT_WORDS:
            raise LocalSqlError("42000", f"syntax error, unexpected {first.value} [line 1, column 1]")
        raise not_supported(f"statement {_head(sql)}")

    # -- CREATE -----------------------------------------------------------------------------------

    def _create(self, db: LocalDatabase, session: Session, stream: TokenStream) -> Result:
        """CREATE SCHEMA / TABLE / VIEW / CONNECTION."""
        replace = stream.accept("OR", "REPLACE")
        if stream.accept("SCHEMA"):
            if_not_exists = stream.accept("IF", "NOT", "EXISTS")
            name = stream.name()
            stream.expect_end()
            if replace:
                raise not_supported("CREATE OR REPLACE SCHEMA")
            db.objects.create_schema(name, session.user, if_not_exists)
            session.current_schema = name
            return Result.row_count(0)
        if stream.accept("TABLE"):
            return create_table(db, session, stream, replace)
        force = stream.accept("FORCE")
        if stream.accept("VIEW"):
            return create_view(db, session, stream, replace, force)
        if stream.accept("CONNECTION"):
            return self._create_connection(db, stream, replace)
        raise not_supported(f"statement CREATE {stream.rest()[:40]}")

    def _create_connection(self, db: LocalDatabase, stream: TokenStream, replace: bool) -> Result:
        """CREATE [OR REPLACE] CONNECTION name TO 'address' [USER 'u'] [IDENTIFIED BY 'p']."""
        name = stream.name()
        stream.expect("TO")
        address = stream.string()
        user = stream.string() if stream.accept("USER") else ""
        password = stream.string() if stream.accept("IDENTIFIED", "BY") else ""
        stream.expect_end()
        db.create_connection(name, address, user, password, replace)
        return Result.row_count(0)

    # -- DROP -------------------------------------------------------------------------------------

    def _drop(self, db: LocalDatabase, session: Session, stream: TokenStream) -> Result:
        """DROP SCHEMA / TABLE / VIEW / CONNECTION / SCRIPT."""
        if stream.accept("SCHEMA"):
            if_exists = stream.accept("IF", "EXISTS")
            name = stream.name()
            cascade = stream.accept("CASCADE")
            stream.accept("RESTRICT")
            stream.expect_end()
            db.objects.drop_schema(name, if_exists, cascade)
            return Result.row_count(0)
        if stream.accept("CONNECTION"):
            if_exists = stream.accept("IF", "EXISTS")
            name = stream.name()
            stream.expect_end()
            db.drop_connection(name, if_exists)
            return Result.row_count(0)
        kind = next((k for k in ("TABLE", "VIEW", "SCRIPT", "FUNCTION") if stream.accept(k)), None)
        if kind is None and stream.accept("ADAPTER", "SCRIPT"):
            kind = "SCRIPT"
        if kind is None or kind == "FUNCTION":
            raise not_supported(f"statement DROP {stream.rest()[:40]}")
        if_exists = stream.accept("IF", "EXISTS")
        schema, name = db.resolve_object(session, stream.qualified_name())
        stream.accept("CASCADE", "CONSTRAINTS") or stream.accept("CASCADE") or stream.accept("RESTRICT")
        stream.expect_end()
        if kind == "SCRIPT":
            db.drop_script(schema, name, if_exists)
        else:
            db.objects.drop_table(schema, name, kind, if_exists)
        return Result.row_count(0)

    # -- session ----------------------------------------------------------------------------------

    def _open_schema(self, db: LocalDatabase, session: Session, stream: TokenStream) -> Result:
        """OPEN SCHEMA name."""
        name = stream.name()
        stream.expect_end()
        db.objects.require_schema(name)
        session.current_schema = name
        return Result.row_count(0)

    def _alter(self, db: LocalDatabase, session: Session, stream: TokenStream) -> Result:
        """ALTER SESSION|SYSTEM SET name = value, ALTER CONNECTION, ALTER TABLE ... ADD COLUMN."""
        if stream.accept("TABLE"):
            return alter_table(db, session, stream)
        if stream.accept("CONNECTION"):
            name = stream.name()
            db.get_connection(name)
            stream.expect("TO")
            address = stream.string()
            user = stream.string() if stream.accept("USER") else ""
            password = stream.string() if stream.accept("IDENTIFIED", "BY") else ""
            stream.expect_end()
            db.create_connection(name, address, user, password, replace=True)
            return Result.row_count(0)
        scope = "SESSION" if stream.accept("SESSION") else "SYSTEM" if stream.accept("SYSTEM") else None
        if scope is None:
            raise not_supported(f"statement ALTER {stream.rest()[:40]}")
        stream.expect("SET")
        name = stream.next().value.upper()
        stream.expect("=")
        token = stream.next()
        value = token.value if token.kind in ("string", "number") else token.value.upper()
        stream.expect_end()
        set_parameter(db, session, scope, name, value)
        return Result.row_count(0)

    def _end_transaction(self, session: Session, word: str, stream: TokenStream) -> Result:
        """COMMIT is a no-op under autocommit; ROLLBACK cannot undo autocommitted work."""
        stream.accept("WORK")
        stream.expect_end()
        if word == "ROLLBACK" and session.attributes.get("autocommit") is False:
            raise not_supported("ROLLBACK (the local runtime commits every statement)")
        return Result.row_count(0)


def set_parameter(db: LocalDatabase, session: Session, scope: str, name: str, value: str) -> None:
    """Store an ALTER SESSION / ALTER SYSTEM parameter, refusing values that would change results."""
    if name in FIXED_PARAMETERS:
        if value.upper() != FIXED_PARAMETERS[name].upper():
            raise not_supported(f"ALTER {scope} SET {name} to a value other than '{FIXED_PARAMETERS[name]}'")
    elif name not in STORED_PARAMETERS:
        raise not_supported(f"ALTER {scope} SET {name}")
    if scope == "SYSTEM":
        db.system_parameters[name] = value
        return
    session.parameters[name] = value
    if name == "SCRIPT_LANGUAGES":
        session.script_languages = value


def run_translated(db: LocalDatabase, session: Session, sql: str) -> Result:
    """Translate and run a query or DML statement; DML keeps CHAR padding and '' as NULL."""
    translation = translate_statement(db, session, sql)
    refresh_sys_tables(db, session, translation.sys_tables)
    if translation.kind != "dml":
        return run_duckdb(db, translation.sql, hints=translation.hints, names=translation.names)
    with db.atomic():
        result = run_duckdb(db, translation.sql)
        if translation.target is not None:
            normalize_strings(db, translation.target.schema, translation.target.name)
    return result


def normalize_strings(db: LocalDatabase, schema: str, table: str) -> None:
    """After a change: '' becomes NULL and CHAR(n) values are padded to n, as Exasol stores them."""
    info = db.objects.table(schema, table)
    for column, sql_type in zip(info.columns, info.types):
        if sql_type.kind not in ("VARCHAR", "CHAR"):
            continue
        name = quote(column.name)
        run_duckdb(db, f"UPDATE {duck_name(schema, table)} SET {name} = NULL WHERE {name} = ''")
        if sql_type.kind == "CHAR":
            run_duckdb(db, f"UPDATE {duck_name(schema, table)} SET {name} = rpad({name}, {sql_type.size}, ' ') "
                           f"WHERE length({name}) < {sql_type.size}")


def _head(sql: str) -> str:
    """The first words of a statement, for messages."""
    words = sql.split()
    return " ".join(words[:3]) if words else ""

