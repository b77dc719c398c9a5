"""Collection schema validation: a JSON Schema subset with ArangoDB's levels and message.

Supported keywords: ``type``, ``properties``, ``required``, ``additionalProperties``,
``items``, ``enum``, ``const``, ``minimum``/``maximum``, ``minLength``/``maxLength``,
``minItems``/``maxItems``, ``pattern``, ``anyOf``/``allOf``/``oneOf``/``not``.
"""

from __future__ import annotations

import re
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError

LEVELS = ("none", "new", "moderate", "strict")
_SYSTEM_ATTRS = ("_key", "_id", "_rev", "_from", "_to")


def check_schema_definition(schema: Any) -> dict[str, Any] | None:
    """Validate a collection's ``schema`` property (400/10 when malformed); None clears it."""
    if schema is None or schema == {}:
        return None
    if not isinstance(schema, dict) or not isinstance(schema.get("rule"), dict):
        raise EmuError(10, "schema definition must be an object with a 'rule' object",
                       http_code=400)
    level = schema.get("level", "strict")
    if level not in LEVELS:
        raise EmuError(10, "invalid schema level", http_code=400)
    message = schema.get("message", "Schema validation failed")
    return {"rule": schema["rule"], "level": level, "message": message,
            "type": schema.get("type", "json")}


def _type_ok(value: Any, kind: str) -> bool:
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return True


def matches(rule: Any, value: Any) -> bool:
    """True when ``value`` satisfies the JSON Schema ``rule`` (subset)."""
    if rule is True or not isinstance(rule, dict):
        return rule is not False
    kind = rule.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_type_ok(value, k) for k in kinds):
            return False
    if "enum" in rule and value not in rule["enum"]:
        return False
    if "const" in rule and value != rule["const"]:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in rule and value < rule["minimum"]:
            return False
        if "maximum" in rule and value > rule["maximum"]:
            return False
        if "exclusiveMinimum" in rule and value <= rule["exclusiveMinimum"]:
            return False
        if "exclusiveMaximum" in rule and value >= rule["exclusiveMaximum"]:
            return False
    if isinstance(value, str):
        if "minLength" in rule and len(value) < rule["minLength"]:
            return False
        if "maxLength" in rule and len(value) > rule["maxLength"]:
            return False
        if "pattern" in rule and re.search(rule["pattern"], value) is None:
            return False
    if isinstance(value, list):
        if "minItems" in rule and len(value) < rule["minItems"]:
            return False
        if "maxItems" in rule and len(value) > rule["maxItems"]:
            return False
        items = rule.get("items")
        if isinstance(items, dict) and not all(matches(items, v) for v in value):
            return False
    if isinstance(value, dict) and not _object_ok(rule, value):
        return False
    if "allOf" in rule and not all(matches(r, value) for r in rule["allOf"]):
        return False
    if "anyOf" in rule and not any(matches(r, value) for r in rule["anyOf"]):
        return False
    if "oneOf" in rule and sum(1 for r in rule["oneOf"] if matches(r, value)) != 1:
        return False
    return not ("not" in rule and matches(rule["not"], value))


def _object_ok(rule: dict[str, Any], value: dict[str, Any]) -> bool:
    required = rule.get("required", ())
    if any(name not in value for name in required):
        return False
    props = rule.get("properties", {})
    for name, sub in props.items():
        if name in value and not matches(sub, value[name]):
            return False
    extra = rule.get("additionalProperties", True)
    if extra is not True:
        for name, item in value.items():
            if name in props or name in _SYSTEM_ATTRS:
                continue
            if extra is False or not matches(extra, item):
                return False
    return True


def validate(schema: dict[str, Any] | None, new: dict[str, Any],
             old: dict[str, Any] | None) -> None:
    """Raise 1620 with the schema's message when ``new`` breaks the rule at its level.

    ``old`` is the document being replaced or updated (None for an insert): ``new`` checks
    inserts only, ``moderate`` skips updates of documents that were already invalid.
    """
    if schema is None:
        return
    level = schema["level"]
    if level == "none" or (level == "new" and old is not None):
        return
    doc = {k: v for k, v in new.items() if k not in _SYSTEM_ATTRS}
    if matches(schema["rule"], doc):
        return
    if level == "moderate" and old is not None:
        old_doc = {k: v for k, v in old.items() if k not in _SYSTEM_ATTRS}
        if not matches(schema["rule"], old_doc):
            return
    raise EmuError(1620, str(schema["message"]), http_code=400)
