"""The ``SCRIPT_LANGUAGES`` parameter: add or replace one alias definition, keeping every other one.

The value is a space-separated list of ``ALIAS=definition`` entries. Setting ``PYTHON3_SME`` keeps the
other aliases in their order; an identical definition needs no change, a different one is replaced
only when the user allows it (``--allow-override``). Pure functions, no database.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Optional

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.errors import DeploymentError

# Exasol's value after installation; only used to show an example where no database is asked.
EXASOL_DEFAULT_SCRIPT_LANGUAGES = "R=builtin_r JAVA=builtin_java PYTHON3=builtin_python3"


class ActivationLevel(Enum):
    """Where ``ALTER ... SET SCRIPT_LANGUAGES`` acts: the whole database or the current session."""

    SYSTEM = "SYSTEM"
    SESSION = "SESSION"


@dataclass(frozen=True)
class Activation:
    """The value at one level before and after; ``new_value`` None means the definition is there."""

    level: ActivationLevel
    current_value: str
    new_value: Optional[str]

    @property
    def needed(self) -> bool:
        """Whether an ALTER statement must run at this level."""
        return self.new_value is not None

    @property
    def value(self) -> str:
        """The value the level holds once activated."""
        return self.current_value if self.new_value is None else self.new_value

    def statement(self) -> str:
        """``ALTER <level> SET SCRIPT_LANGUAGES='<value>'`` (no terminator), the value as a SQL literal."""
        return alter_statement(self.level, self.value)


def alter_statement(level: ActivationLevel, value: str) -> str:
    """The ALTER statement that sets SCRIPT_LANGUAGES to ``value`` at ``level``."""
    return f"ALTER {level.value} SET SCRIPT_LANGUAGES={names.quote_literal(value)}"


def alias_of(entry: str) -> str:
    """The alias of one ``ALIAS=definition`` entry, upper-cased as Exasol compares aliases."""
    return entry.split("=", 1)[0].upper()


def _normalized(entry: str) -> str:
    alias, _, definition = entry.partition("=")
    return f"{alias.upper()}={definition}"


def existing_definitions(value: Optional[str], alias: str) -> list[str]:
    """The entries of ``value`` that define ``alias``."""
    return [entry for entry in (value or "").split() if alias_of(entry) == alias.upper()]


def merge_definition(value: Optional[str], definition: str, allow_override: bool,
                     level: ActivationLevel) -> Activation:
    """Put ``definition`` (``ALIAS=...``) into ``value``; E-SME-94 if the alias differs and no override."""
    current = " ".join((value or "").split())
    alias = alias_of(definition)
    existing = existing_definitions(current, alias)
    if [_normalized(entry) for entry in existing] == [_normalized(definition)]:
        return Activation(level, current, None)
    if existing and not allow_override:
        raise DeploymentError(
            error_codes.SCRIPT_LANGUAGE_CONFLICT,
            f"SCRIPT_LANGUAGES ({level.value}) already defines {' '.join(existing)}; this installation "
            f"would set {definition}",
            f"To replace it, run again with --allow-override (every UDF using {alias} then runs on the "
            "new runtime). To keep it, run again with the runtime it names, or with --no-deploy-archive "
            "--no-deploy-slc if it is a script-language container that holds this package.")
    merged: list[str] = []
    for entry in current.split():
        if alias_of(entry) != alias:
            merged.append(entry)
        elif definition not in merged:
            merged.append(definition)
    if definition not in merged:
        merged.append(definition)
    return Activation(level, current, " ".join(merged))
