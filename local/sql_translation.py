"""Exasol SELECT/INSERT/UPDATE/DELETE to DuckDB SQL with sqlglot, under Exasol's name rules.

What the translation does, in order:
- parses with sqlglot's ``exasol`` dialect (``VARCHAR(n) UTF8``/``ASCII`` suffixes removed first);
- names every unaliased select expression by its text, as Exasol does (``COUNT(*)``, ``NPROC()``);
- replaces Exasol's session functions by values (``CURRENT_USER``, ``CURRENT_SESSION``,
  ``CURRENT_SCHEMA``, ``NPROC()``) and ``IPROC()`` by ``rowid % nproc`` of the first table in FROM;
- upper-cases unquoted identifiers and quotes all of them; qualifies tables with the session's schema
  and checks that they exist with exactly that name; refuses a column or table reference that matches
  only case-insensitively (DuckDB would accept it, Exasol does not);
- keeps Exasol semantics DuckDB lacks: ``''`` is NULL, ``||`` ignores NULL, division by zero fails;
- maps data types through ``sql_types`` and raises "not supported" for any construct sqlglot cannot
  carry over faithfully (``unsupported_level=RAISE``) and for unknown functions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, UnsupportedError

from exasol_sagemaker_extension.local.engine import LocalSqlError, Session, not_supported
from exasol_sagemaker_extension.local.objects import SYSTEM_SCHEMAS, TableInfo
from exasol_sagemaker_extension.local.sql_names import display_name, tokenize
from exasol_sagemaker_extension.local.sql_types import SqlType, parse_type_text

if TYPE_CHECKING:
    from exasol_sagemaker_extension.local.engine import LocalDatabase

_QUERY_TYPES = (exp.Select, exp.SetOperation)
_DML_TYPES = (exp.Insert, exp.Update, exp.Delete)
_KEYWORD_COLUMNS = {"CURRENT_SESSION", "CURRENT_USER", "USER", "CURRENT_SCHEMA", "SYSDATE",
                    "LOCALTIMESTAMP", "SYSTIMESTAMP", "CURRENT_TIMESTAMP", "CURRENT_DATE"}
_UNSUPPORTED_KEYWORD_COLUMNS = {"ROWNUM", "ROWID", "LEVEL", "CONNECT_BY_ISLEAF", "CONNECT_BY_ISCYCLE"}


@dataclass
class Translation:
    """A translated statement and what running it needs."""

    sql: str
    kind: str  # 'query' | 'dml'
    names: list[str] | None = None  # result column names (None entries: DuckDB's name)
    hints: dict[str, SqlType] = field(default_factory=dict)
    sys_tables: set[str] = field(default_factory=set)
    target: TableInfo | None = None  # the table a DML statement changes


def parse_exasol(sql: str) -> exp.Expression:
    """Parse exactly one Exasol statement with sqlglot."""
    try:
        statements = [s for s in sqlglot.parse(strip_charsets(sql), read="exasol") if s is not None]
    except ParseError as error:
        raise LocalSqlError("42000", f"syntax error: {error.errors[0]['description'] if error.errors else error}")
    if len(statements) != 1:
        raise LocalSqlError("42000", "syntax error: expected exactly one statement")
    return statements[0]


def strip_charsets(sql: str) -> str:
    """Remove ``UTF8``/``ASCII`` after a type's closing parenthesis, which sqlglot does not parse."""
    tokens = tokenize(sql)
    cuts = [t for prev, t in zip(tokens, tokens[1:])
            if prev.value == ")" and prev.kind == "symbol" and t.is_word("UTF8", "ASCII")]
    for token in reversed(cuts):
        sql = sql[:token.start] + sql[token.end:]
    return sql


def translate_statement(db: LocalDatabase, session: Session, sql: str | exp.Expression) -> Translation:
    """Translate one Exasol query or DML statement to DuckDB SQL."""
    tree = parse_exasol(sql) if isinstance(sql, str) else sql.copy()
    if not isinstance(tree, _QUERY_TYPES + _DML_TYPES):
        raise not_supported(f"statement {tree.key.upper()}")
    return _Translator(db, session, tree).run()


def translate_expression(db: LocalDatabase, session: Session, text: str) -> str:
    """Translate one Exasol scalar expression (e.g. a column DEFAULT) to DuckDB SQL."""
    translator = _Translator(db, session, parse_exasol(f"SELECT {text}"))
    translator.run()
    expression = translator.tree.expressions[0]
    if isinstance(expression, exp.Alias):
        expression = expression.this
    try:
        return expression.sql(dialect="duckdb", unsupported_level=ErrorLevel.RAISE)
    except UnsupportedError as error:
        raise not_supported(str(error)) from error


class _Translator:
    """One translation run over a sqlglot tree."""

    def __init__(self, db: LocalDatabase, session: Session, tree: exp.Expression) -> None:
        self.db = db
        self.session = session
        self.tree = tree
        self.tables: dict[str, TableInfo] = {}  # visible name (alias or table name) -> table
        self.sys_tables: set[str] = set()
        self.cte_names: set[str] = set()

    def run(self) -> Translation:
        """Apply all rewrites and generate DuckDB SQL."""
        names = self._name_projections()
        self._replace_session_functions()
        self._normalize_identifiers()
        self._resolve_tables()
        self._check_exact_names()
        self._replace_iproc()
        self._keep_exasol_semantics()
        self._map_data_types()
        try:
            sql = self.tree.sql(dialect="duckdb", unsupported_level=ErrorLevel.RAISE)
        except UnsupportedError as error:
            raise not_supported(str(error)) from error
        target = self._dml_target()
        kind = "dml" if isinstance(self.tree, _DML_TYPES) else "query"
        return Translation(sql, kind, names, self._hints(), self.sys_tables, target)

    # -- result column names ----------------------------------------------------------------------

    def _name_projections(self) -> list[str] | None:
        """Alias unaliased expressions by their Exasol text; returns the result column names."""
        select = self.tree
        while isinstance(select, exp.SetOperation):
            select = select.this
        if not isinstance(select, exp.Select):
            return None
        names: list[str] = []
        for index, projection in enumerate(select.expressions):
            if isinstance(projection, exp.Star) or (
                    isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star)):
                return None
            if isinstance(projection, exp.Alias):
                names.append(_identifier_name(projection.args["alias"]))
            elif isinstance(projection, exp.Column) and projection.name.upper() not in _KEYWORD_COLUMNS:
                names.append(_identifier_name(projection.this))
            else:
                name = _expression_name(projection)
                select.expressions[index] = exp.alias_(projection, exp.to_identifier(name, quoted=True))
                select.expressions[index].parent = select
                names.append(name)
        return names

    # -- Exasol functions -------------------------------------------------------------------------

    def _replace_session_functions(self) -> None:
        """Replace CURRENT_USER, CURRENT_SESSION, NPROC() and friends; refuse unknown functions."""
        for node in list(self.tree.walk()):
            replacement = self._session_value(node)
            if replacement is not None:
                node.replace(replacement)
            elif isinstance(node, exp.Anonymous):
                self._refuse_function(node)

    def _session_value(self, node: exp.Expression) -> exp.Expression | None:
        """The value replacing a session function, or None."""
        if isinstance(node, exp.Column) and not node.table and not node.this.quoted:
            word = node.name.upper()
            if word in _UNSUPPORTED_KEYWORD_COLUMNS:
                raise not_supported(f"pseudo column {word}")
            if word in _KEYWORD_COLUMNS:
                return self._keyword_value(word)
            return None
        if isinstance(node, exp.CurrentUser):
            return exp.Literal.string(self.session.user)
        if isinstance(node, exp.CurrentDate):
            return _now("DATE")
        if isinstance(node, exp.CurrentSchema):
            return self._keyword_value("CURRENT_SCHEMA")
        if isinstance(node, (exp.CurrentTimestamp, exp.Systimestamp)):
            return _now("TIMESTAMP(3)")
        if isinstance(node, exp.Anonymous) and node.name.upper() == "NPROC" and not node.expressions:
            return exp.Literal.number(self.db.nproc)
        return None

    def _keyword_value(self, word: str) -> exp.Expression:
        """The value of a keyword-like session function."""
        if word == "CURRENT_SESSION":
            return exp.Literal.number(self.session.session_id)
        if word in ("CURRENT_USER", "USER"):
            return exp.Literal.string(self.session.user)
        if word == "CURRENT_SCHEMA":
            schema = self.session.current_schema
            return exp.Literal.string(schema) if schema is not None else exp.Null()
        if word in ("SYSDATE", "CURRENT_DATE"):
            return _now("DATE")
        return _now("TIMESTAMP(3)")

    def _refuse_function(self, node: exp.Anonymous) -> None:
        """Refuse a function sqlglot does not know (its DuckDB namesake may mean something else)."""
        name = node.name.upper()
        if name == "IPROC" and not node.expressions:
            return
        parent = node.parent
        if isinstance(parent, exp.Dot) or self._is_script(name):
            raise not_supported(f"calling UDF script {node.sql(dialect='exasol')} outside the scripting layer")
        raise not_supported(f"function {name}")

    def _is_script(self, name: str) -> bool:
        """Whether an unqualified function name is a script in the current schema."""
        schema = self.session.current_schema
        return schema is not None and self.db.object_kind(schema, name) == "SCRIPT"

    # -- names ------------------------------------------------------------------------------------

    def _normalize_identifiers(self) -> None:
        """Upper-case unquoted identifiers and quote every identifier."""
        for node in self.tree.find_all(exp.Identifier):
            if not node.quoted:
                node.set("this", node.this.upper())
            node.set("quoted", True)
        for cte in self.tree.find_all(exp.CTE):
            self.cte_names.add(cte.alias)

    def _resolve_tables(self) -> None:
        """Qualify every table with its schema and check that it exists with exactly that name."""
        for table in list(self.tree.find_all(exp.Table)):
            if not isinstance(table.this, exp.Identifier):
                raise not_supported(f"table expression {table.sql(dialect='exasol')}")
            if table.args.get("catalog") is not None:
                raise LocalSqlError("42000", f"invalid object name {table.sql(dialect='exasol')}")
            name = table.name
            if not table.db and name in self.cte_names:
                self.tables[table.alias_or_name] = TableInfo("", name, "CTE", [], "", None)  # type: ignore[arg-type]
                continue
            schema = table.db or self._default_schema(name)
            info = self.db.objects.table(schema, name) if self.db.object_kind(schema, name) in (
                "TABLE", "VIEW") else None
            if info is None:
                raise LocalSqlError("42000", f"object {display_name(schema, name)} not found")
            if schema == "SYS":
                self.sys_tables.add(name)
            table.set("db", exp.to_identifier(schema, quoted=True))
            self.tables[table.alias_or_name] = info

    def _default_schema(self, name: str) -> str:
        """The schema of an unqualified table name: the current schema (DUAL falls back to SYS)."""
        schema = self.session.current_schema
        if name == "DUAL" and (schema is None or self.db.object_kind(schema, name) is None):
            return "SYS"
        if schema is None:
            raise LocalSqlError("42000", "no schema specified or opened or current schema has been dropped")
        return schema

    def _check_exact_names(self) -> None:
        """Refuse column and table references that match a known name only case-insensitively."""
        known = {c.name for info in self.tables.values() for c in info.columns}
        known |= {a.alias for a in self.tree.find_all(exp.Alias)}
        known |= {c.name for alias in self.tree.find_all(exp.TableAlias) for c in alias.columns}
        known |= {alias.name for alias in self.tree.find_all(exp.TableAlias)}
        folded = {name.casefold() for name in known}
        for column in self.tree.find_all(exp.Column):
            for name in (column.name, column.table):
                if name and name not in known and name not in self.tables and name.casefold() in folded:
                    raise LocalSqlError("42000", f"object {display_name(name)} not found")

    # -- IPROC ------------------------------------------------------------------------------------

    def _replace_iproc(self) -> None:
        """IPROC() becomes ``rowid % nproc`` of the first table in the enclosing SELECT's FROM."""
        for node in list(self.tree.find_all(exp.Anonymous)):
            if node.name.upper() != "IPROC":
                continue
            select = node.find_ancestor(exp.Select)
            source = select.args.get("from_") if select is not None else None
            if source is None:
                node.replace(exp.Literal.number(0))
                continue
            first = source.this
            if not isinstance(first, exp.Table) or self.tables.get(first.alias_or_name, None) is None \
                    or self.tables[first.alias_or_name].kind not in ("TABLE",):
                raise not_supported("IPROC() when the first FROM item is not a table")
            rowid = exp.column("rowid", table=exp.to_identifier(first.alias_or_name, quoted=True))
            node.replace(exp.paren(exp.Mod(this=rowid, expression=exp.Literal.number(self.db.nproc))))

    # -- semantics --------------------------------------------------------------------------------

    def _keep_exasol_semantics(self) -> None:
        """'' is NULL, || skips NULLs, division by zero is an error."""
        for node in list(self.tree.walk()):
            if isinstance(node, exp.Literal) and node.is_string and node.this == "":
                node.replace(exp.Null())
            elif isinstance(node, exp.DPipe):
                node.replace(exp.Anonymous(this="CONCAT", expressions=[node.this, node.expression]))
            elif isinstance(node, exp.Div):
                divisor = node.expression
                checked = exp.Case(
                    ifs=[exp.If(this=exp.EQ(this=divisor.copy(), expression=exp.Literal.number(0)),
                                true=exp.Anonymous(this="ERROR", expressions=[
                                    exp.Literal.string("data exception - division by zero")]))],
                    default=divisor.copy())
                node.set("expression", exp.paren(checked))

    def _map_data_types(self) -> None:
        """Replace every data type by the DuckDB type of its Exasol meaning."""
        for node in list(self.tree.find_all(exp.DataType)):
            if isinstance(node.parent, exp.DataType):
                continue
            sql_type = parse_type_text(node.sql(dialect="exasol"))
            node.replace(exp.DataType.build(sql_type.duckdb_text, dialect="duckdb"))

    # -- results ----------------------------------------------------------------------------------

    def _hints(self) -> dict[str, SqlType]:
        """Catalog types (VARCHAR sizes, CHAR, timestamp precision) of result columns that pass a table
        column through unchanged; computed columns and results of unions or subqueries get none."""
        select = self.tree
        if not isinstance(select, exp.Select):
            return {}
        sources = [select.args["from_"].this] if select.args.get("from_") else []
        sources += [join.this for join in select.args.get("joins") or []]
        tables = {s.alias_or_name: self.tables[s.alias_or_name] for s in sources
                  if isinstance(s, exp.Table) and self.tables.get(s.alias_or_name) is not None
                  and self.tables[s.alias_or_name].kind in ("TABLE", "VIEW")}
        only_tables = len(tables) == len(sources)
        hints: dict[str, SqlType] = {}
        for projection in select.expressions:
            if isinstance(projection, exp.Star) and only_tables:
                for info in tables.values():
                    hints.update(_column_types(info))
            column = projection.this if isinstance(projection, exp.Alias) else projection
            if not isinstance(column, exp.Column) or isinstance(column.this, exp.Star):
                continue
            candidates = [tables[column.table]] if column.table in tables else (
                list(tables.values()) if only_tables and not column.table else [])
            types = {_column_types(info).get(column.name) for info in candidates} - {None}
            if len(types) == 1:
                hints[projection.alias_or_name] = types.pop()
        return hints

    def _dml_target(self) -> TableInfo | None:
        """The table an INSERT, UPDATE or DELETE changes; refuses views and SYS."""
        if not isinstance(self.tree, _DML_TYPES):
            return None
        target = self.tree.this
        if isinstance(target, exp.Schema):
            target = target.this
        info = self.tables.get(target.alias_or_name) if isinstance(target, exp.Table) else None
        if info is None:
            raise not_supported(f"DML target {self.tree.this.sql(dialect='exasol')}")
        if info.schema in SYSTEM_SCHEMAS:
            raise LocalSqlError("42500", f"insufficient privileges: cannot change {display_name(info.schema, info.name)}")
        if info.kind != "TABLE":
            raise LocalSqlError("42000", f"{display_name(info.schema, info.name)} is not a table")
        return info


def _column_types(info: TableInfo) -> dict[str, SqlType]:
    """Column name -> parsed Exasol type of a table or view."""
    return {c.name: parse_type_text(c.sql_type) for c in info.columns}


def _now(exasol_type: str) -> exp.Expression:
    """The statement's start time (UTC) as an Exasol type; DuckDB's keyword form could bind to an alias."""
    return exp.Cast(this=exp.Anonymous(this="GET_CURRENT_TIMESTAMP", expressions=[]),
                    to=exp.DataType.build(exasol_type, dialect="exasol"))


def _identifier_name(node: Any) -> str:
    """The Exasol name of an identifier node."""
    if isinstance(node, exp.Identifier):
        return node.this if node.quoted else node.this.upper()
    return str(node).upper()


def _expression_name(node: exp.Expression) -> str:
    """The name Exasol gives an unaliased select expression: its SQL text."""
    if isinstance(node, exp.Column) and node.name.upper() in _KEYWORD_COLUMNS:
        return node.name.upper()
    if isinstance(node, (exp.CurrentTimestamp, exp.CurrentUser, exp.CurrentSchema, exp.CurrentDate)):
        return {exp.CurrentTimestamp: "CURRENT_TIMESTAMP", exp.CurrentUser: "CURRENT_USER",
                exp.CurrentSchema: "CURRENT_SCHEMA", exp.CurrentDate: "CURRENT_DATE"}[type(node)]
    named = node.copy()
    for identifier in named.find_all(exp.Identifier):
        if not identifier.quoted:
            identifier.set("this", identifier.this.upper())
    return named.sql(dialect="exasol")
