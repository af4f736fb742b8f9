"""Recognising what an interrupted deployment left behind, so deploying again can carry on.

A deployment creates model, endpoint config and endpoint, all named like the endpoint. If the UDF dies
between those calls (lost connection, killed VM) nothing can roll back, and the next attempt would find
a model or endpoint config of that name. Such a resource is a leftover of the same deployment when its
description holds exactly what this attempt would request; it can then be reused instead of refused.
Anything else of that name (another model, other instances) is somebody else's and stays refused.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

# Keys of a create request that a Describe* answer does not repeat (or that name the resource itself).
_NOT_DESCRIBED = frozenset({"ModelName", "EndpointConfigName", "Tags"})


def is_leftover(description: Optional[Mapping[str, Any]], request: Mapping[str, Any]) -> bool:
    """Whether an existing resource (its Describe* answer) is what ``request`` would create."""
    if description is None:
        return False
    return all(key in description and _holds(description[key], value)
               for key, value in request.items() if key not in _NOT_DESCRIBED)


def _holds(described: Any, requested: Any) -> bool:
    """``described`` has every requested value; AWS may describe more keys than were sent."""
    if isinstance(requested, Mapping):
        return isinstance(described, Mapping) and all(
            key in described and _holds(described[key], value) for key, value in requested.items())
    if isinstance(requested, (list, tuple)):
        return (isinstance(described, (list, tuple)) and len(described) == len(requested)
                and all(_holds(have, want) for have, want in zip(described, requested)))
    if isinstance(requested, (int, float)) and not isinstance(requested, bool):
        return (isinstance(described, (int, float)) and not isinstance(described, bool)
                and float(described) == float(requested))
    return described == requested
