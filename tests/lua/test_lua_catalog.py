"""sme.catalog: names are looked up exactly as written first, then upper-cased when regular."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.lua_scenarios import COLUMNS, raises_code


@pytest.fixture
def catalog(lua):
    return lua.module("sme.catalog")


def lookups(db, table_name):
    return [statement.params for statement in db.statements_matching(table_name)]


@pytest.mark.parametrize("given, stored, tried", [
    ("AWS_CONN", "AWS_CONN", [{"c": "AWS_CONN"}]),
    ("aws_conn", "AWS_CONN", [{"c": "aws_conn"}, {"c": "AWS_CONN"}]),
    ("aws_conn", "aws_conn", [{"c": "aws_conn"}]),
    ("My Conn", "My Conn", [{"c": "My Conn"}]),
])
def test_connection_is_found_exactly_then_upper_case(lua, catalog, given, stored, tried):
    lua.on("EXA_ALL_CONNECTIONS", [])
    lua.on("EXA_ALL_CONNECTIONS", [(stored,)], ["CONNECTION_NAME"], params={"c": stored})
    assert lua.call(catalog.resolve_connection, lua.env(), given) == (stored,)
    assert lookups(lua, "EXA_ALL_CONNECTIONS") == tried


@pytest.mark.parametrize("given", ["missing_conn", "My Conn"])
def test_a_missing_connection_is_e_sme_50_with_create_and_grant_advice(lua, catalog, given):
    lua.on("EXA_ALL_CONNECTIONS", [])
    with raises_code(error_codes.CONNECTION_NOT_USABLE) as caught:
        lua.call(catalog.resolve_connection, lua.env(), given)
    assert "CREATE CONNECTION" in caught.value.message and "GRANT CONNECTION" in caught.value.message


def test_a_name_that_is_not_regular_is_never_upper_cased(lua, catalog):
    lua.on("EXA_SCHEMAS", [])
    with raises_code(error_codes.SCHEMA_NOT_FOUND):
        lua.call(catalog.resolve_schema, lua.env(), "my-schema")
    assert lookups(lua, "EXA_SCHEMAS") == [{"s": "my-schema"}]


@pytest.mark.parametrize("given, stored", [("ml", "ML"), ("ML", "ML"), ("MixedCase", "MixedCase")])
def test_schema_is_found_exactly_then_upper_case(lua, catalog, given, stored):
    lua.on("EXA_SCHEMAS", [])
    lua.on("EXA_SCHEMAS", [(stored,)], ["SCHEMA_NAME"], params={"s": stored})
    assert lua.call(catalog.resolve_schema, lua.env(), given) == (stored,)


@pytest.mark.parametrize("schema, table, stored_schema, stored_table", [
    ("data", "customers", "DATA", "CUSTOMERS"),
    ("DATA", "Customers", "DATA", "Customers"),
    ("data", "My Table", "DATA", "My Table"),
    ("Data", "t", "Data", "T"),
])
def test_table_is_found_exactly_then_upper_case(lua, catalog, schema, table, stored_schema, stored_table):
    lua.on("EXA_ALL_COLUMNS", [])
    lua.on("EXA_ALL_COLUMNS", COLUMNS, ["COLUMN_NAME", "COLUMN_TYPE"],
           params={"s": stored_schema, "t": stored_table})
    (source,) = lua.call(catalog.resolve_table, lua.env(), schema, table)
    source = lua.to_python(source)
    assert (source["schema"], source["table"]) == (stored_schema, stored_table)
    assert [(column["name"], column["type"]) for column in source["columns"]] == COLUMNS


def test_columns_are_read_in_ordinal_order_from_exa_all_columns(lua, catalog):
    lua.on("EXA_ALL_COLUMNS", COLUMNS, ["COLUMN_NAME", "COLUMN_TYPE"])
    lua.call(catalog.resolve_table, lua.env(), "DATA", "T")
    assert lua.statements[0].sql == ("SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS WHERE"
                                     " COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION")


def test_a_table_found_neither_way_is_e_sme_30(lua, catalog):
    lua.on("EXA_ALL_COLUMNS", [])
    with raises_code(error_codes.TABLE_NOT_FOUND) as caught:
        lua.call(catalog.resolve_table, lua.env(), "data", "nothing")
    assert "'nothing'" in caught.value.message and "'data'" in caught.value.message
    assert len(lua.statements) == 4


def source_table(lua, columns):
    return lua.to_lua({"schema": "DATA", "table": "T",
                       "columns": [{"name": name, "type": column_type} for name, column_type in columns]})


@pytest.mark.parametrize("given, found", [("LABEL", "LABEL"), ("label", "LABEL"), ("Mixed Case", "Mixed Case")])
def test_target_column_is_found_exactly_then_upper_case(lua, catalog, given, found):
    (column,) = lua.call(catalog.resolve_target, source_table(lua, COLUMNS), given)
    assert column["name"] == found


def test_a_missing_target_is_e_sme_31_listing_some_columns(lua, catalog):
    columns = [(f"C{i}", "DOUBLE") for i in range(1, 16)]
    with raises_code(error_codes.TARGET_COLUMN_NOT_FOUND) as caught:
        lua.call(catalog.resolve_target, source_table(lua, columns), "mixed case")
    message = caught.value.message
    assert '"C1", "C2"' in message and '"C10" and 5 more' in message and '"C11"' not in message


def test_a_failing_catalog_query_is_e_sme_41(lua, catalog):
    lua.on("EXA_SCHEMAS", error="[42500] insufficient privileges")
    with raises_code(error_codes.METADATA_READ_FAILED) as caught:
        lua.call(catalog.resolve_schema, lua.env(), "ML")
    assert "insufficient privileges" in caught.value.message
