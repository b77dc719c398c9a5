"""Miscellaneous functions: SLEEP, FAIL, WARN, ASSERT, CURRENT_*, VERSION, HASH, APPLY, ..."""

from __future__ import annotations

import datetime
from typing import Any

from arango_anyio.testing._aql.runtime import FUNCTIONS, Runtime, aql_function
from arango_anyio.testing._aql.values import to_number, to_string, truthy
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.clock import decode_rev


@aql_function("SLEEP", 1)
def _sleep(rt: Runtime, seconds: Any) -> None:
    """Adds to the query's sleep total; the cursor handler awaits it (killable)."""
    value = to_number(seconds)
    if value < 0:
        rt.bad_argument("SLEEP")
        return None
    rt.sleep_seconds += float(value)
    return None


@aql_function("FAIL", 0, 1)
def _fail(rt: Runtime, reason: Any = None) -> None:
    raise EmuError(1569, f"AQL: FAIL({to_string(reason) if reason is not None else ''}) "
                         "called (while executing)")


@aql_function("WARN", 2)
def _warn(rt: Runtime, condition: Any, message: Any) -> bool:
    if not truthy(condition):
        rt.warn(1594, to_string(message))
        return False
    return True


@aql_function("ASSERT", 2)
def _assert_(rt: Runtime, condition: Any, message: Any) -> bool:
    if not truthy(condition):
        raise EmuError(1593, f"AQL: {to_string(message)} (while executing)")
    return True


@aql_function("NOOPT", 1, aliases=("NOEVAL", "PASSTHRU"))
def _noopt(rt: Runtime, value: Any) -> Any:
    return value


@aql_function("CURRENT_DATABASE", 0)
def _current_database(rt: Runtime) -> str:
    return rt.ctx.database


@aql_function("CURRENT_USER", 0)
def _current_user(rt: Runtime) -> Any:
    return rt.user


@aql_function("VERSION", 0)
def _version(rt: Runtime) -> str:
    return "3.12.10"


@aql_function("V8", 1)
def _v8(rt: Runtime, value: Any) -> Any:
    return value


@aql_function("DECODE_REV", 1)
def _decode_rev(rt: Runtime, value: Any) -> Any:
    """The hybrid logical clock in a ``_rev``: milliseconds (upper bits) and a counter (lower
    20 bits)."""
    clock = (decode_rev(value) or 0) if isinstance(value, str) and 0 < len(value) <= 11 else 0
    if clock <= 0:
        rt.bad_argument("DECODE_REV")
        return None
    millis = clock >> 20
    moment = datetime.datetime.fromtimestamp(millis // 1000, datetime.timezone.utc)
    return {"date": f"{moment:%Y-%m-%dT%H:%M:%S}.{millis % 1000:03d}Z",
            "count": clock & 0xFFFFF}


@aql_function("SCHEMA_GET", 1)
def _schema_get(rt: Runtime, collection: Any) -> None:
    return None


@aql_function("SCHEMA_VALIDATE", 2)
def _schema_validate(rt: Runtime, doc: Any, schema: Any) -> dict[str, Any]:
    return {"valid": True}


def _call_by_name(rt: Runtime, name: Any, args: list[Any]) -> Any:
    if not isinstance(name, str):
        rt.bad_argument("CALL")
        return None
    upper = name.upper()
    spec = FUNCTIONS.get(upper)
    if spec is None or upper in ("CALL", "APPLY"):
        raise EmuError(1540, f"AQL: usage of unknown function '{upper}()' (while executing)")
    return spec.impl(rt, *args)


@aql_function("CALL", 1, None)
def _call(rt: Runtime, name: Any, *args: Any) -> Any:
    return _call_by_name(rt, name, list(args))


@aql_function("APPLY", 1, 2)
def _apply(rt: Runtime, name: Any, args: Any = None) -> Any:
    return _call_by_name(rt, name, list(args) if isinstance(args, list) else [])


@aql_function("COLLECTION_COUNT", 1)
def _collection_count(rt: Runtime, name: Any) -> Any:
    if not isinstance(name, str):
        rt.bad_argument("COLLECTION_COUNT")
        return None
    return rt.ctx.count(name)
