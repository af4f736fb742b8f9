"""The Lua bundler: one self-contained CREATE LUA SCRIPT statement per entry point."""
from __future__ import annotations

import re
from importlib import resources

import pytest
from lupa.lua54 import LuaRuntime

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.deployment import lua_bundler
from exasol_sagemaker_extension.deployment.lua_bundler import (LUA_SCRIPTS, LuaBundleError, build_lua_script_statement,
                                                                build_lua_script_statements, bundle_lua_modules,
                                                                bundle_lua_script, to_lua_literal)

SRC = resources.files("exasol_sagemaker_extension.lua") / "src"
LUA_SOURCES = {entry.name: entry.read_text(encoding="utf-8") for entry in SRC.iterdir() if entry.name.endswith(".lua")}


def run_lua(text: str):
    return LuaRuntime(unpack_returned_tuples=True).execute(text)


# The SQL surface: the four scripts of the existing extension first, unchanged, then the ones added here.
SQL_SURFACE = {
    "SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT": ("json_str",),
    "SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS": ("job_name", "aws_credentials_connection_name", "aws_region"),
    "SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT": (
        "job_name", "endpoint_name", "schema_name", "instance_type", "instance_count",
        "aws_credentials_connection_name", "aws_region"),
    "SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT": ("endpoint_name", "aws_credentials_connection_name", "aws_region"),
    "SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS": ("json_str",),
    "SME_CREATE_SAGEMAKER_PREDICTION_UDF": ("json_str",),
    "SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT": ("json_str",),
    "SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES": ("job_name", "aws_credentials_connection_name", "aws_region"),
    "SME_STOP_SAGEMAKER_AUTOPILOT_JOB": ("job_name", "aws_credentials_connection_name", "aws_region"),
    "SME_REFRESH_SAGEMAKER_STATE": ("aws_credentials_connection_name", "aws_region"),
    "SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA": (
        "job_name", "aws_credentials_connection_name", "aws_region", "delete_model_artifacts"),
    "SME_SWEEP_SAGEMAKER_ENDPOINTS": ("aws_credentials_connection_name", "aws_region", "delete_found"),
}


def test_lua_scripts_are_the_scripts_of_the_sql_surface_with_their_parameters():
    assert {name: script.parameters for name, script in LUA_SCRIPTS.items()} == SQL_SURFACE


def test_statements_come_in_the_order_of_the_sql_surface():
    assert [name for name, _ in build_lua_script_statements("SME")] == list(SQL_SURFACE)


@pytest.mark.parametrize("script_name, script", LUA_SCRIPTS.items())
def test_each_statement_creates_a_table_returning_lua_script_with_its_parameters(script_name, script):
    statement = build_lua_script_statement("SME", script_name)
    first_line, body = statement.split("\n", 1)
    assert first_line == (f'CREATE OR REPLACE LUA SCRIPT "SME"."{script_name}"({", ".join(script.parameters)})'
                          " RETURNS TABLE AS")
    assert body == bundle_lua_script(script.entry_file)


@pytest.mark.parametrize("schema, quoted", [("sme", '"sme"'), ("My Schema", '"My Schema"'), ('a"b', '"a""b"')])
def test_the_schema_is_taken_as_given_and_quoted(schema, quoted):
    statement = build_lua_script_statement(schema, "SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT")
    assert statement.startswith(f"CREATE OR REPLACE LUA SCRIPT {quoted}.\"SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT\"(")


def test_statements_end_with_the_entry_scripts_return_and_no_slash():
    for name, statement in build_lua_script_statements("SME"):
        assert statement.endswith(")\n") and not statement.endswith("\n\n")
        assert not re.search(r"^\s*/\s*$", statement, re.MULTILINE)
        assert statement.endswith(LUA_SOURCES[LUA_SCRIPTS[name].entry_file].rstrip() + "\n")
        assert "return require(" in LUA_SOURCES[LUA_SCRIPTS[name].entry_file]


def test_bundles_are_the_same_every_time():
    assert build_lua_script_statements("SME") == build_lua_script_statements("SME")


def test_an_unknown_script_name_is_refused():
    with pytest.raises(LuaBundleError, match="unknown Lua script 'SME_NOPE'"):
        build_lua_script_statement("SME", "SME_NOPE")


@pytest.mark.parametrize("script", LUA_SCRIPTS.values())
def test_each_bundle_is_valid_lua(script):
    compile_error = LuaRuntime().eval("function(text) local _, problem = load(text); return problem end")
    assert compile_error(bundle_lua_script(script.entry_file)) is None


@pytest.mark.parametrize("script", LUA_SCRIPTS.values())
def test_each_bundle_preloads_every_module_it_needs_once_and_ends_with_its_entry(script):
    bundle = bundle_lua_script(script.entry_file)
    preloaded = re.findall(r'^package\.preload\["(sme\.\w+)"\] = function\(\.\.\.\)$', bundle, re.MULTILINE)
    assert len(preloaded) == len(set(preloaded)) and preloaded == sorted(preloaded)
    required = set(re.findall(r'require\("(sme\.\w+)"\)', bundle))
    assert required == set(preloaded)
    assert bundle.endswith(LUA_SOURCES[script.entry_file].rstrip() + "\n")


def test_a_bundle_holds_only_the_modules_its_entry_needs():
    polling = bundle_lua_script("entry_poll.lua")
    assert 'package.preload["sme.polling"]' in polling
    assert 'package.preload["sme.exporter"]' not in polling and 'package.preload["sme.training"]' not in polling


def test_the_rules_module_carries_names_lua_rules():
    lua = LuaRuntime(unpack_returned_tuples=True)
    lua.execute(bundle_lua_modules(["sme.rules"]))
    rules = lua.eval('(require("sme.rules"))')

    def plain(value):
        if hasattr(value, "items"):
            items = dict(value.items())
            if items and all(isinstance(key, int) for key in items):
                return [plain(items[i]) for i in range(1, len(items) + 1)]
            return {key: plain(item) for key, item in items.items()}
        return value

    for key, value in names.lua_rules().items():
        assert plain(rules[key]) == value, key
    assert plain(rules.OBJECTIVE_NAMES) == list(names.OBJECTIVES)


def test_the_error_codes_module_carries_every_code_of_error_codes_py():
    lua = LuaRuntime(unpack_returned_tuples=True)
    lua.execute(bundle_lua_modules(["sme.error_codes"]))
    codes = lua.eval('(require("sme.error_codes"))')
    expected = {name: number for name, number in vars(error_codes).items() if name.isupper()}
    assert dict(codes.items()) == expected


def test_every_code_and_rule_the_lua_sources_use_exists():
    used_codes = set(re.findall(r"\bcodes\.([A-Z0-9_]+)", "".join(LUA_SOURCES.values())))
    used_rules = set(re.findall(r"\brules\.([A-Z0-9_]+)", "".join(LUA_SOURCES.values())))
    assert used_codes and used_codes <= set(vars(error_codes))
    assert used_rules and used_rules <= set(names.lua_rules()) | {"OBJECTIVE_NAMES"}


# Numbers that merely equal a limit of names.py: the deletion UDF's fixed column widths, and the
# bucket name and role path lengths of AWS's shapes (names.py keeps those inside its regexes).
COINCIDENCES = ("RESOURCE_TYPE VARCHAR(32)", "ACTION VARCHAR(32)", "BUCKET_NAME_MAX_LENGTH = 3, 63",
                "ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512",
                "VARCHAR(64)",  # status and region columns, not CANDIDATE_NAME_MAX_LENGTH
                "STATUS VARCHAR(32)")  # AWS's status words, not JOB_NAME_MAX_LENGTH


def code_lines(source):
    for number, line in enumerate(source.splitlines(), start=1):
        yield number, line.split("--", 1)[0] if not line.lstrip().startswith("--") else ""


def test_no_lua_source_repeats_a_limit_of_names_py():
    limits = {str(value) for value in names.lua_rules().values() if isinstance(value, int)}
    for file_name, source in LUA_SOURCES.items():
        for number, code in code_lines(source):
            for coincidence in COINCIDENCES:
                code = code.replace(coincidence, "")
            assert not set(re.findall(r"\b\d+\b", code)) & limits, f"{file_name}:{number}: {code}"


def test_no_lua_source_writes_an_e_sme_number_literally():
    for file_name, source in LUA_SOURCES.items():
        for number, code in code_lines(source):
            assert not re.search(r"E-SME-\d", code), f"{file_name}:{number}: {code}"


def test_modules_are_written_without_globals():
    for file_name, source in LUA_SOURCES.items():
        if not file_name.startswith("entry_"):
            assert source.startswith("--") and "\nlocal M = {}\n" in source, file_name
            assert source.rstrip().endswith("return M"), file_name


def with_change(original, file_name, old, new):
    return lambda name: original(name).replace(old, new, 1) if name == file_name else original(name)


def test_a_line_holding_only_a_slash_is_refused(monkeypatch):
    line = LUA_SOURCES["validation.lua"].splitlines().index("local M = {}") + 3
    monkeypatch.setattr(lua_bundler, "_src_file", with_change(
        lua_bundler._src_file, "validation.lua", "local M = {}", "local M = {}\nlocal half = 1\n  /  \n2"))
    with pytest.raises(LuaBundleError, match=rf"module sme.validation line {line} consists only of '/'"):
        bundle_lua_script("entry_train.lua")


def test_an_entry_line_holding_only_a_slash_is_refused(monkeypatch):
    monkeypatch.setattr(lua_bundler, "_src_file", with_change(
        lua_bundler._src_file, "entry_poll.lua", "local env", "/\nlocal env"))
    with pytest.raises(LuaBundleError, match=r"lua/src/entry_poll.lua line \d+ consists only of '/'"):
        bundle_lua_script("entry_poll.lua")


def test_a_slash_inside_a_line_is_fine(monkeypatch):
    monkeypatch.setattr(lua_bundler, "_src_file", with_change(
        lua_bundler._src_file, "validation.lua", "local M = {}", "local M = {}\nlocal half = 1\n/ 2"))
    assert "\nlocal half = 1\n/ 2\n" in bundle_lua_script("entry_train.lua")


def test_a_require_without_a_source_file_is_refused(monkeypatch):
    original = lua_bundler._src_file
    monkeypatch.setattr(lua_bundler, "_src_file", lambda name: original(name) + '\nrequire("sme.missing")\n'
                        if name == "entry_poll.lua" else original(name))
    with pytest.raises(LuaBundleError, match=r'require\("sme.missing"\) names no file lua/src/missing.lua'):
        bundle_lua_script("entry_poll.lua")


@pytest.mark.parametrize("value, literal", [
    (32, "32"), ("F1", '"F1"'), ('a"b\\c', '"a\\"b\\\\c"'), ("x\ny", '"x\\010y"'),
    (["A", "B"], '{"A", "B"}'), ({"F1": ["Binary"]}, '{["F1"] = {"Binary"}}'), (True, "true"),
])
def test_lua_literals_read_back_as_the_python_value(value, literal):
    assert to_lua_literal(value) == literal
    assert run_lua(f"local v = {literal}; return v") is not None


@pytest.mark.parametrize("python_path", [None, "/buckets/bfsdefault/default/exasol_sagemaker_extension_runtime",
                                         "/buckets/it's/\"q\"/back\\slash/line\nbreak/ünï"])
def test_the_runtime_module_carries_the_python_path_or_nil(python_path):
    lua = LuaRuntime(unpack_returned_tuples=True)
    lua.execute(bundle_lua_modules(["sme.runtime"], python_path=python_path))
    assert lua.eval('(require("sme.runtime")).PYTHON_PATH') == python_path


def test_the_deployment_script_which_creates_prediction_udfs_bundles_the_runtime_module():
    bundle = bundle_lua_script("entry_deploy.lua", "/buckets/x")
    assert 'package.preload["sme.runtime"] = function(...)' in bundle and 'M.PYTHON_PATH = "/buckets/x"' in bundle


def test_a_python_path_changes_nothing_but_the_runtime_module():
    for name in LUA_SCRIPTS:
        plain, with_path = build_lua_script_statement("SME", name), build_lua_script_statement("SME", name, "/b/x")
        assert with_path == plain.replace("M.PYTHON_PATH = nil", 'M.PYTHON_PATH = "/b/x"')
