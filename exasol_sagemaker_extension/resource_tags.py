"""The tags on every AWS resource the extension creates: which schema, user and job it belongs to.

AWS allows letters, digits, spaces and ``_ . : / = + - @`` in tag keys and values (keys at most 128
characters, values at most 256); any other character of a database name is written as ``_``. The
sweep script finds the resources of one schema by these tags, so the keys never change.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

TAG_SCHEMA = "exasol-sme:schema"
TAG_USER = "exasol-sme:user"
TAG_JOB = "exasol-sme:job"
TAG_VALUE_MAX_LENGTH = 256

_NOT_ALLOWED_RE = re.compile(r"[^\w\s.:/=+\-@]", re.UNICODE)


def tag_value(text: str) -> str:
    """``text`` as AWS accepts it in a tag value (other characters become ``_``, cut to 256)."""
    return _NOT_ALLOWED_RE.sub("_", text)[:TAG_VALUE_MAX_LENGTH]


def build_resource_tags(schema: str, user: str, job_name: str) -> list[dict[str, str]]:
    """The ``Tags`` list of a create request: the owning schema, the database user and the job."""
    return [{"Key": TAG_SCHEMA, "Value": tag_value(schema)},
            {"Key": TAG_USER, "Value": tag_value(user)},
            {"Key": TAG_JOB, "Value": tag_value(job_name)}]


def parse_resource_tags(tags: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The tags of a ``ListTags`` answer as a dict (key -> value)."""
    return {str(tag["Key"]): str(tag.get("Value", "")) for tag in tags}


def belongs_to_schema(tags: Mapping[str, str], schema: str) -> bool:
    """Whether tags parsed by :func:`parse_resource_tags` name ``schema`` as the owner."""
    return tags.get(TAG_SCHEMA) == tag_value(schema)
