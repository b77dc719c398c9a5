"""``/_api/document``: single and multi-document create, read, replace, update, remove."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from arango_anyio.testing._handlers._common import location, write_status
from arango_anyio.testing._protocol.errors import EmuError, RevisionConflict
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.collection import Collection, Doc
from arango_anyio.testing._state.docs import Access, meta

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _options(req: EmuRequest) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("keepNull", "mergeObjects", "ignoreRevs", "overwrite"):
        value = req.optional_flag(name)
        if value is not None:
            out[name] = value
    version_attribute = req.params.get("versionAttribute")
    if version_attribute:
        out["versionAttribute"] = version_attribute
    mode = req.params.get("overwriteMode")
    if mode:
        if mode not in ("ignore", "replace", "update", "conflict"):
            raise EmuError(10, "invalid overwriteMode", http_code=400)
        out["overwriteMode"] = mode
    return out


def _if_match(req: EmuRequest, header: str = "if-match") -> str | None:
    value = req.headers.get(header)
    if value is None:
        return None
    return value.strip().strip('"')


def _conflict_response(error: RevisionConflict) -> EmuResponse:
    body: dict[str, Any] = {"error": True, "code": 412, "errorNum": 1200,
                            "errorMessage": error.message}
    body.update(error.current)
    return json_response(412, body, {"etag": f'"{error.current["_rev"]}"'})


def _single_answer(req: EmuRequest, collection: Collection, status: int, answer: Doc,
                   old: Doc | None, new: Doc | None) -> EmuResponse:
    headers = {"etag": f'"{answer["_rev"]}"',
               "location": location(req, f"/_api/document/{collection.name}/{answer['_key']}")}
    if req.flag("silent"):
        return json_response(status, {}, headers)
    if old is not None and req.flag("returnOld"):
        answer["old"] = old
    if new is not None and req.flag("returnNew"):
        answer["new"] = new
    return json_response(status, answer, headers)


# -- single documents --------------------------------------------------------------------


@router.route("GET", "/_api/document/{collection}/{key}")
@router.route("HEAD", "/_api/document/{collection}/{key}")
def read_document(emu: Deployment, req: EmuRequest, collection: str, key: str) -> EmuResponse:
    """One document; ``If-None-Match`` (304) and ``If-Match`` (412) honoured."""
    access = emu.access(req)
    found = access.collection(collection, "ro")
    doc = access.get(found, key)
    if doc is None:
        raise EmuError(1202, http_code=404)
    rev = doc["_rev"]
    etag = {"etag": f'"{rev}"'}
    none_match = _if_match(req, "if-none-match")
    if none_match is not None and none_match == rev:
        return EmuResponse(304, b"", etag)
    expected = _if_match(req)
    if expected is not None and expected != rev:
        return _conflict_response(RevisionConflict(meta(doc)))
    # for HEAD the pipeline drops the body and announces its length (as the server does)
    return json_response(200, doc, etag)


@router.route("POST", "/_api/document/{collection}")
def create_documents(emu: Deployment, req: EmuRequest, collection: str) -> EmuResponse:
    """Insert one document (object body) or many (array body)."""
    access = emu.access(req)
    found = access.collection(collection, "rw")
    body = req.json()
    options = _options(req)
    status = write_status(req, found)
    if isinstance(body, list):
        def one(item: Any) -> tuple[Doc, Doc | None, Doc | None]:
            old, new, answer = access.insert(found, item, options)
            return answer, old, new
        return _multi(req, status, body, one)
    if not isinstance(body, dict):
        raise EmuError(1227, http_code=400)
    try:
        old, new, answer = access.insert(found, body, options)
    except RevisionConflict as conflict:
        return _conflict_response(conflict)
    return _single_answer(req, found, status, answer, old, new)


def _modify_one(emu: Deployment, req: EmuRequest, collection: str, key: str,
                kind: str) -> EmuResponse:
    access = emu.access(req)
    found = access.collection(collection, "rw")
    options = _options(req)
    status = write_status(req, found, removal=kind == "remove")
    expected = _if_match(req)
    try:
        if kind == "remove":
            old = access.remove(found, key, options, expected)
            return _single_answer(req, found, status, meta(old), old, None)
        body = req.json()
        if not isinstance(body, dict):
            raise EmuError(1227, http_code=400)
        if kind == "replace":
            old, new = access.replace(found, key, body, options, expected)
        else:
            old, new = access.update(found, key, body, options, expected)
    except RevisionConflict as conflict:
        return _conflict_response(conflict)
    answer = meta(new)
    answer["_oldRev"] = old["_rev"]
    return _single_answer(req, found, status, answer, old, new)


@router.route("PUT", "/_api/document/{collection}/{key}")
def replace_document(emu: Deployment, req: EmuRequest, collection: str, key: str) -> EmuResponse:
    """Replace one document."""
    return _modify_one(emu, req, collection, key, "replace")


@router.route("PATCH", "/_api/document/{collection}/{key}")
def update_document(emu: Deployment, req: EmuRequest, collection: str, key: str) -> EmuResponse:
    """Update (merge into) one document."""
    return _modify_one(emu, req, collection, key, "update")


@router.route("DELETE", "/_api/document/{collection}/{key}")
def remove_document(emu: Deployment, req: EmuRequest, collection: str, key: str) -> EmuResponse:
    """Remove one document."""
    return _modify_one(emu, req, collection, key, "remove")


# -- many documents ----------------------------------------------------------------------


def _multi(req: EmuRequest, status: int, items: list[Any],
           one: Callable[[Any], tuple[Doc, Doc | None, Doc | None]]) -> EmuResponse:
    results: list[Doc] = []
    errors: dict[str, int] = {}
    silent = req.flag("silent")
    return_old = req.flag("returnOld")
    return_new = req.flag("returnNew")
    for item in items:
        try:
            answer, old, new = one(item)
        except EmuError as error:
            code = str(error.error_num)
            errors[code] = errors.get(code, 0) + 1
            results.append({"error": True, "errorNum": error.error_num,
                            "errorMessage": error.message})
            continue
        if silent:
            continue
        if return_old and old is not None:
            answer["old"] = old
        if return_new and new is not None:
            answer["new"] = new
        results.append(answer)
    headers = {"x-arango-error-codes": json_errors(errors)} if errors else None
    if items and sum(errors.values()) == len(items) and status in (200, 201) \
            and "waitForSync" not in req.params and not req.flag("onlyget"):
        # nothing was written, so the collection's waitForSync never applied (recorded: 202)
        status = 202
    if silent and not errors and not req.flag("onlyget"):
        # every operation succeeded: the server reports nothing, as an empty object
        return json_response(status, {}, headers)
    return json_response(status, results, headers)


def json_errors(errors: dict[str, int]) -> str:
    """The ``x-arango-error-codes`` header value (``{"1210":2}``)."""
    return "{" + ",".join(f'"{k}":{v}' for k, v in errors.items()) + "}"


def _key_of(found: Collection, item: Any) -> tuple[str, Doc]:
    """The key an array element names: a key, an id of this collection, or an object."""
    if isinstance(item, str):
        if "/" in item:
            prefix, _, rest = item.partition("/")
            if prefix != found.name:
                raise EmuError(1202, http_code=404)
            return rest, {}
        return item, {}
    if isinstance(item, dict):
        key: Any = item.get("_key")
        handle = item.get("_id")
        if key is None and isinstance(handle, str):
            name, _, key = handle.partition("/")
            if name != found.name:
                raise EmuError(1202, http_code=404)
        if not isinstance(key, str):
            raise EmuError(1226 if key is None else 1221, http_code=400)
        return key, item
    raise EmuError(1227, http_code=400)


def _read_many(access: Access, found: Collection, req: EmuRequest, items: list[Any]
               ) -> EmuResponse:
    check_revs = not req.flag("ignoreRevs", True)

    def one(item: Any) -> tuple[Doc, Doc | None, Doc | None]:
        key, obj = _key_of(found, item)
        doc = access.get(found, key)
        if doc is None:
            raise EmuError(1202, http_code=404)
        rev = obj.get("_rev")
        if check_revs and isinstance(rev, str) and rev != doc["_rev"]:
            raise RevisionConflict(meta(doc))
        return doc, None, None

    return _multi(req, 200, items, one)


def _modify_many(emu: Deployment, req: EmuRequest, collection: str, kind: str) -> EmuResponse:
    access = emu.access(req)
    body = req.json()
    if kind == "replace" and req.flag("onlyget"):
        found = access.collection(collection, "ro")
        if not isinstance(body, list):
            raise EmuError(10, "expecting array of documents", http_code=400)
        return _read_many(access, found, req, body)
    found = access.collection(collection, "rw")
    if not isinstance(body, list):
        raise EmuError(10, "expecting array of documents", http_code=400)
    options = _options(req)

    def one(item: Any) -> tuple[Doc, Doc | None, Doc | None]:
        key, obj = _key_of(found, item)
        if kind == "remove":
            old = access.remove(found, key, options, None, obj)
            return meta(old), old, None
        if kind == "replace":
            old, new = access.replace(found, key, obj, options)
        else:
            old, new = access.update(found, key, obj, options)
        answer = meta(new)
        answer["_oldRev"] = old["_rev"]
        return answer, old, new

    return _multi(req, write_status(req, found, removal=kind == "remove"), body, one)


@router.route("PUT", "/_api/document/{collection}")
def replace_many(emu: Deployment, req: EmuRequest, collection: str) -> EmuResponse:
    """Replace many documents (or read many with ``onlyget=true``)."""
    return _modify_many(emu, req, collection, "replace")


@router.route("PATCH", "/_api/document/{collection}")
def update_many(emu: Deployment, req: EmuRequest, collection: str) -> EmuResponse:
    """Update many documents."""
    return _modify_many(emu, req, collection, "update")


@router.route("DELETE", "/_api/document/{collection}")
def remove_many(emu: Deployment, req: EmuRequest, collection: str) -> EmuResponse:
    """Remove many documents (keys, ids or objects with ``_key``)."""
    return _modify_many(emu, req, collection, "remove")
