"""INSERT / UPDATE / REPLACE / REMOVE / UPSERT: one store write per row, OLD/NEW bound."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.context import Document, WriteOptions
from arango_anyio.testing._aql.evaluator import Env, evaluate
from arango_anyio.testing._aql.runtime import Runtime
from arango_anyio.testing._aql.values import equal
from arango_anyio.testing._protocol.errors import EmuError

_NODE_NAMES = {"INSERT": "InsertNode", "UPDATE": "UpdateNode", "REPLACE": "ReplaceNode",
               "REMOVE": "RemoveNode", "UPSERT": "UpsertNode"}


def _node_error(op: ast.Modify, error: EmuError) -> EmuError:
    message = error.message
    if message.startswith("AQL: "):
        return error
    return EmuError(
        error.error_num,
        f"AQL: {message} [node #{op.node_id}: {_NODE_NAMES[op.kind]}] (while executing)",
        error.http_code,
    )


def document_key(value: Any, collection: str) -> str:
    """The ``_key`` a modification addresses: a key string, an ``_id`` or a document."""
    if isinstance(value, str):
        if "/" in value:
            prefix, _, key = value.partition("/")
            if prefix == collection:
                return key
        return value
    if isinstance(value, dict):
        found = value.get("_key")
        if isinstance(found, str):
            return found
        ident = value.get("_id")
        if isinstance(ident, str) and "/" in ident:
            return ident.partition("/")[2]
        raise EmuError(1226)
    raise EmuError(1227)


def _options(op: ast.Modify, env: Env, rt: Runtime) -> WriteOptions:
    if op.options is None:
        return {}
    value = evaluate(op.options, env, rt)
    if not isinstance(value, dict):
        raise EmuError(1539, "AQL: unknown/invalid OPTIONS attribute used (while parsing)")
    options: WriteOptions = {}
    for name in ("waitForSync", "keepNull", "mergeObjects", "ignoreRevs", "ignoreErrors",
                 "overwrite", "refillIndexCaches"):
        if name in value:
            options[name] = bool(value[name])  # type: ignore[literal-required,unused-ignore]
    if "overwriteMode" in value:
        options["overwriteMode"] = str(value["overwriteMode"])
    elif options.get("overwrite"):
        options["overwriteMode"] = "replace"
    return options


def _find_match(search: Any, collection: str, rt: Runtime) -> Document | None:
    if not isinstance(search, dict):
        raise EmuError(1227, "AQL: invalid document type (while executing)")
    key = search.get("_key")
    if isinstance(key, str) and len(search) == 1:
        rt.stats["documentLookups"] += 1
        return rt.ctx.lookup(collection, key)
    for doc in rt.ctx.scan(collection):
        rt.stats["scannedFull"] += 1
        if all(_matches(doc.get(name), value) for name, value in search.items()):
            return doc
    return None


def _matches(actual: Any, wanted: Any) -> bool:
    return equal(actual, wanted)


def _apply(op: ast.Modify, env: Env, rt: Runtime, options: WriteOptions
           ) -> tuple[Document | None, Document | None]:
    ctx = rt.ctx
    name = op.collection
    if op.kind == "INSERT":
        doc = evaluate(op.doc, env, rt) if op.doc is not None else None
        if not isinstance(doc, dict):
            raise EmuError(1227)
        return ctx.insert(name, dict(doc), options)
    if op.kind == "REMOVE":
        key = document_key(evaluate(op.key, env, rt) if op.key else None, name)
        return ctx.remove(name, key, options), None
    if op.kind in ("UPDATE", "REPLACE"):
        first = evaluate(op.key, env, rt) if op.key is not None else None
        if op.doc is not None:
            body = evaluate(op.doc, env, rt)
            if not isinstance(body, dict):
                raise EmuError(1227)
            key = document_key(first, name)
        else:
            if not isinstance(first, dict):
                raise EmuError(1227)
            body = first
            key = document_key(first, name)
        patch = {k: v for k, v in body.items() if k not in ("_key", "_id")}
        if options.get("ignoreRevs", True):
            patch.pop("_rev", None)
        elif isinstance(first, dict) and "_rev" in first and "_rev" not in patch:
            patch["_rev"] = first["_rev"]
        if op.kind == "UPDATE":
            return ctx.update(name, key, patch, options)
        return ctx.replace(name, key, patch, options)
    # UPSERT
    search = evaluate(op.search, env, rt) if op.search is not None else None
    found = _find_match(search, name, rt)
    if found is None:
        doc = evaluate(op.doc, env, rt) if op.doc is not None else None
        if not isinstance(doc, dict):
            raise EmuError(1227)
        return ctx.insert(name, dict(doc), options)
    inner = dict(env)
    inner["OLD"] = found
    body = evaluate(op.update, inner, rt) if op.update is not None else None
    if not isinstance(body, dict):
        raise EmuError(1227)
    patch = {k: v for k, v in body.items() if k not in ("_key", "_id", "_rev")}
    key = str(found["_key"])
    if op.upsert_replace:
        return ctx.replace(name, key, patch, options)
    return ctx.update(name, key, patch, options)


def run_modify(op: ast.Modify, rows: list[Env], base: Env, rt: Runtime) -> list[Env]:
    """Apply ``op`` once per row; rows that failed with ``ignoreErrors`` are dropped."""
    out: list[Env] = []
    for row in rows:
        rt.tick()
        options = _options(op, row, rt)
        try:
            old, new = _apply(op, row, rt, options)
        except EmuError as error:
            if options.get("ignoreErrors"):
                rt.stats["writesIgnored"] += 1
                continue
            raise _node_error(op, error) from None
        if op.kind == "INSERT" and old is not None and options.get("overwriteMode") == "ignore":
            rt.stats["writesIgnored"] += 1
        else:
            rt.stats["writesExecuted"] += 1
        row["OLD"] = old
        row["NEW"] = new
        out.append(row)
    return out
