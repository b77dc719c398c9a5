"""Document and object functions: MERGE, KEEP, UNSET, ATTRIBUTES, DOCUMENT, HAS, ZIP, ..."""

from __future__ import annotations

import re
from typing import Any

from arango_anyio.testing._aql.hash_order import StdHashOrder, std_string_hash
from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import (
    collation_key,
    compare,
    is_number,
    to_string,
    truthy,
)
from arango_anyio.testing._protocol.errors import EmuError


def _object(rt: Runtime, name: str, value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value
    rt.bad_argument(name)
    return None


def _names(rt: Runtime, function: str, values: tuple[Any, ...]) -> set[str]:
    """The attribute names KEEP/UNSET take: strings, numbers (as AQL prints them) and arrays
    of strings (other array members are skipped with a warning)."""
    names: set[str] = set()
    for value in values:
        if isinstance(value, str):
            names.add(value)
        elif is_number(value):
            names.add(to_string(value))
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    names.add(item)
                else:
                    rt.bad_argument(function)
    return names


def _keep_or_unset(obj: dict[str, Any], names: set[str], keep: bool, recursive: bool
                   ) -> dict[str, Any]:
    """What KEEP/UNSET (and their recursive forms, which go into sub-objects but not into
    arrays) leave of ``obj``; the server writes the attributes in VelocyPack's sorted
    index order."""
    out: dict[str, Any] = {}
    for key in sorted(obj, key=lambda k: k.encode("utf-8", "surrogatepass")):
        if (key in names) != keep:
            continue
        value = obj[key]
        out[key] = _keep_or_unset(value, names, keep, True) \
            if recursive and isinstance(value, dict) else value
    return out


@aql_function("MERGE", 1, None)
def _merge(rt: Runtime, *values: Any) -> Any:
    if len(values) == 1 and isinstance(values[0], list):
        values = tuple(values[0])
    out: dict[str, Any] = {}
    for value in values:
        obj = _object(rt, "MERGE", value)
        if obj is None:
            return None
        out.update(obj)
    return out


def _merge_recursive(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for key, value in b.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge_recursive(out[key], value)
        else:
            out[key] = value
    return out


@aql_function("MERGE_RECURSIVE", 1, None)
def _merge_recursive_fn(rt: Runtime, *values: Any) -> Any:
    if len(values) == 1 and isinstance(values[0], list):
        values = tuple(values[0])  # one array: its objects are merged
    out: dict[str, Any] = {}
    for value in values:
        obj = _object(rt, "MERGE_RECURSIVE", value)
        if obj is None:
            return None
        out = _merge_recursive(out, obj)
    return out


@aql_function("KEEP", 2, None)
def _keep(rt: Runtime, value: Any, *names: Any) -> Any:
    obj = _object(rt, "KEEP", value)
    return None if obj is None else _keep_or_unset(obj, _names(rt, "KEEP", names), True,
                                                   False)


@aql_function("UNSET", 2, None)
def _unset(rt: Runtime, value: Any, *names: Any) -> Any:
    obj = _object(rt, "UNSET", value)
    return None if obj is None else _keep_or_unset(obj, _names(rt, "UNSET", names), False,
                                                   False)


@aql_function("KEEP_RECURSIVE", 2, None)
def _keep_recursive(rt: Runtime, value: Any, *names: Any) -> Any:
    obj = _object(rt, "KEEP_RECURSIVE", value)
    return None if obj is None else _keep_or_unset(
        obj, _names(rt, "KEEP_RECURSIVE", names), True, True)


@aql_function("UNSET_RECURSIVE", 2, None)
def _unset_recursive(rt: Runtime, value: Any, *names: Any) -> Any:
    obj = _object(rt, "UNSET_RECURSIVE", value)
    return None if obj is None else _keep_or_unset(
        obj, _names(rt, "UNSET_RECURSIVE", names), False, True)


@aql_function("ATTRIBUTES", 1, 3, aliases=("KEYS",))
def _attributes(rt: Runtime, value: Any, remove_system: Any = False, sort: Any = False) -> Any:
    obj = _object(rt, "ATTRIBUTES", value)
    if obj is None:
        return None
    if truthy(sort):  # ArangoDB sorts the names with its UTF-8 collation
        names = sorted(obj, key=collation_key)
    else:  # the order of the std::unordered_set the server collects the names in
        table = StdHashOrder()
        for name in obj:
            table.insert(name, std_string_hash(name))
        names = list(table)
    return [k for k in names if not (truthy(remove_system) and k.startswith("_"))]


@aql_function("VALUES", 1, 2)
def _values(rt: Runtime, value: Any, remove_system: Any = False) -> Any:
    obj = _object(rt, "VALUES", value)
    if obj is None:
        return None
    return [v for k, v in obj.items() if not (truthy(remove_system) and k.startswith("_"))]


@aql_function("ENTRIES", 1)
def _entries(rt: Runtime, value: Any) -> Any:
    obj = _object(rt, "ENTRIES", value)
    return None if obj is None else [[k, v] for k, v in obj.items()]


@aql_function("ZIP", 2)
def _zip_(rt: Runtime, keys: Any, vals: Any) -> Any:
    if not isinstance(keys, list) or not isinstance(vals, list) or len(keys) != len(vals):
        rt.bad_argument("ZIP")
        return None
    return {to_string(k): v for k, v in zip(keys, vals, strict=False)}


@aql_function("HAS", 2)
def _has(rt: Runtime, value: Any, name: Any) -> bool:
    return isinstance(value, dict) and to_string(name) in value


@aql_function("VALUE", 2)
def _value_(rt: Runtime, value: Any, path: Any) -> Any:
    obj = _object(rt, "VALUE", value)
    if obj is None or not isinstance(path, list):
        return None
    current: Any = obj
    for step in path:
        if isinstance(current, dict) and isinstance(step, str):
            current = current.get(step)
        elif isinstance(current, list) and isinstance(step, int):
            current = current[step] if -len(current) <= step < len(current) else None
        else:
            return None
    return current


@aql_function("MATCHES", 2, 3)
def _matches(rt: Runtime, doc: Any, examples: Any, return_index: Any = False) -> Any:
    if not isinstance(doc, dict):
        return False
    candidates = examples if isinstance(examples, list) else [examples]
    for i, example in enumerate(candidates):
        if isinstance(example, dict) and all(
                compare(doc.get(k), v) == 0 for k, v in example.items()):
            return i if truthy(return_index) else True
    return -1 if truthy(return_index) else False


@aql_function("TRANSLATE", 2, 3)
def _translate(rt: Runtime, value: Any, lookup: Any, default: Any = None) -> Any:
    if not isinstance(lookup, dict):
        rt.bad_argument("TRANSLATE")
        return None
    key = to_string(value)
    if key in lookup:
        return lookup[key]
    return value if default is None else default


def _parse_id(value: Any) -> tuple[str, str] | None:
    if isinstance(value, dict):
        value = value.get("_id")
    if isinstance(value, str) and "/" in value:
        collection, _, key = value.partition("/")
        return collection, key
    return None


def _require_id(name: str, value: Any) -> tuple[str, str]:
    parsed = _parse_id(value)
    if parsed is None:
        raise EmuError(1542, f"AQL: invalid argument type in call to function '{name}()' "
                             "(while executing)")
    return parsed


@aql_function("PARSE_IDENTIFIER", 1)
def _parse_identifier(rt: Runtime, value: Any) -> Any:
    collection, key = _require_id("PARSE_IDENTIFIER", value)
    return {"collection": collection, "key": key}


@aql_function("PARSE_COLLECTION", 1)
def _parse_collection(rt: Runtime, value: Any) -> Any:
    return _require_id("PARSE_COLLECTION", value)[0]


@aql_function("PARSE_KEY", 1)
def _parse_key(rt: Runtime, value: Any) -> Any:
    return _require_id("PARSE_KEY", value)[1]


@aql_function("IS_SAME_COLLECTION", 2)
def _is_same_collection(rt: Runtime, collection: Any, value: Any) -> Any:
    parsed = _parse_id(value)
    if parsed is None or not isinstance(collection, str):
        rt.bad_argument("IS_SAME_COLLECTION")
        return None
    return parsed[0] == collection


_KEY_RE = re.compile(r"^[a-zA-Z0-9_\-:.@()+,=;$!*'%]{1,254}$")


@aql_function("IS_KEY", 1)
def _is_key(rt: Runtime, value: Any) -> bool:
    return isinstance(value, str) and bool(_KEY_RE.match(value))


def _lookup(rt: Runtime, collection: str | None, ident: Any) -> Any:
    if isinstance(ident, dict):
        ident = ident.get("_id")
    if not isinstance(ident, str):
        return None
    if "/" in ident:
        name, _, key = ident.partition("/")
        if collection is not None and name != collection:
            return None
    elif collection is not None:
        name, key = collection, ident
    else:
        return None
    rt.stats["documentLookups"] += 1
    try:
        return rt.ctx.lookup(name, key)
    except EmuError as error:
        if error.error_num == 1203:
            return None
        raise


@aql_function("DOCUMENT", 1, 2)
def _document(rt: Runtime, first: Any, second: Any = None) -> Any:
    if second is None:
        collection = None
        ids = first
    else:
        if not isinstance(first, str):
            rt.bad_argument("DOCUMENT")
            return None
        collection = first
        ids = second
    if isinstance(ids, list):
        found = [_lookup(rt, collection, i) for i in ids]
        return [doc for doc in found if doc is not None]
    return _lookup(rt, collection, ids)


@aql_function("CHECK_DOCUMENT", 1)
def _check_document(rt: Runtime, value: Any) -> bool:
    return isinstance(value, dict)
