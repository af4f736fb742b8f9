"""Every E-SME code used in the sources is registered and documented, and every registered one is used."""
import pathlib
import re

import pytest

from exasol_sagemaker_extension import error_codes

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE_FOLDERS = ["exasol_sagemaker_extension", "udfs", "lua", "deployment"]
USER_GUIDE = (ROOT / "doc" / "user_guide.md").read_text(encoding="utf-8")
REGISTERED = {value for name, value in vars(error_codes).items() if name.isupper()}


def _codes_in_lua() -> set[int]:
    codes = set()
    for path in (ROOT / "lua").rglob("*.lua"):
        text = path.read_text(encoding="utf-8")
        codes |= {int(code) for code in re.findall(r"E-SME-(\d+)", text)}
        # the bundler renders error_codes.py into the Lua module sme.error_codes, used as codes.NAME
        codes |= {getattr(error_codes, name)
                  for name in re.findall(r"codes\.([A-Z][A-Z0-9_]*)", text) if hasattr(error_codes, name)}
    return codes


def _codes_named_in_python() -> set[int]:
    names = set()
    for folder in SOURCE_FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "error_codes.py":
                continue
            names |= set(re.findall(r"error_codes\.([A-Z][A-Z0-9_]*)", path.read_text(encoding="utf-8")))
    return {getattr(error_codes, name) for name in names}


def test_registered_codes_are_unique():
    values = [value for name, value in vars(error_codes).items() if name.isupper()]
    assert len(values) == len(set(values))


@pytest.mark.parametrize("code", sorted(REGISTERED))
def test_every_registered_code_is_documented_in_the_user_guide(code):
    assert re.search(rf"\|\s*E-SME-{code}\s*\|", USER_GUIDE)


def test_every_code_raised_in_lua_is_registered():
    assert _codes_in_lua() - REGISTERED == set()


def test_every_code_is_raised_somewhere():
    assert REGISTERED - _codes_in_lua() - _codes_named_in_python() == set()
