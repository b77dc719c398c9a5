"""AQL query management: ``/_api/query`` (parse, current, slow, properties, rules, kill),
``/_api/explain``, ``/_api/aqlfunction``, ``/_api/query-cache`` and ``/_api/query-plan-cache``.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from arango_anyio.testing._aql.explain import constant_warnings, plan, query_ast
from arango_anyio.testing._aql.query import check_collections, parse_query
from arango_anyio.testing._aql.service import service
from arango_anyio.testing._handlers.cursor import cache_fingerprint
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import (
    EmuRequest,
    EmuResponse,
    json_response,
    result_response,
)
from arango_anyio.testing._protocol.routing import Router

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _body(request: EmuRequest) -> dict[str, Any]:
    body = request.json()
    if not isinstance(body, dict):
        raise EmuError(10, "expecting JSON object as body", http_code=400)
    return body


def _query_text(body: dict[str, Any]) -> str:
    text = body.get("query")
    if not isinstance(text, str) or not text.strip():
        raise EmuError(1502, "query is empty", http_code=400)
    return text


def _user_functions(emu: Deployment, database: str) -> Any:
    functions = service(emu).user_functions(database)
    return lambda name: name in functions


# ---------------------------------------------------------------------- parse / explain


@router.route("POST", "/_api/query")
def parse(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """Parse a query without running it."""
    emu.require_db(request, "ro")
    body = _body(request)
    query = parse_query(_query_text(body), None, _user_functions(emu, request.db_name))
    return result_response(200, {
        "parsed": True,
        "collections": [c for c in query.collections if not c.startswith("@")],
        "bindVars": list(query.bind_names),
        "ast": query_ast(query),
        "warnings": [],
    })


@router.route("POST", "/_api/explain")
def explain(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """A plausible execution plan for a query (bind parameters and collections checked)."""
    started = time.perf_counter()
    body = _body(request)
    text = _query_text(body)
    bind_vars = body.get("bindVars") or {}
    options = body.get("options") or {}
    ctx = emu.query_context(request)
    emu.record_aql_query(text, ctx.database, bind_vars)
    query = parse_query(text, bind_vars, _user_functions(emu, ctx.database))
    check_collections(query, ctx)
    stats = {"rulesExecuted": 0, "rulesSkipped": 0, "plansCreated": 1, "rules": {},
             "peakMemoryUsage": 0, "executionTime": time.perf_counter() - started}
    the_plan = plan(query)
    warnings = constant_warnings(query)
    if isinstance(options, dict) and options.get("allPlans"):
        return result_response(200, {"plans": [the_plan], "warnings": warnings,
                                     "stats": stats})
    return result_response(200, {"plan": the_plan,
                                 "cacheable": not query.modifies and not warnings,
                                 "warnings": warnings, "stats": stats})


# ---------------------------------------------------------------------- running queries


def _all_databases(emu: Deployment, request: EmuRequest) -> bool:
    """``all=true``: the queries of every database. Only in ``_system`` (403/1230) and for
    superusers (403/11), as the server allows it (``Queries::getQueries``)."""
    if not request.flag("all"):
        return False
    if request.db_name != "_system":
        raise EmuError(1230, http_code=403)
    if not emu.permissions.is_superuser(request.user):
        raise EmuError(11, "only superusers may retrieve the list of queries for all "
                           "databases", http_code=403)
    return True


@router.route("GET", "/_api/query/current")
def current(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """The queries running in the database (in every database with ``all=true``)."""
    emu.require_db(request, "ro")
    state = service(emu)
    every = _all_databases(emu, request)
    return json_response(200, [q.describe() for q in state.running.values()
                               if every or q.database == request.db_name])


@router.route("GET", "/_api/query/slow")
def slow(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """The slow queries remembered for the database (for every database with
    ``all=true``)."""
    emu.require_db(request, "ro")
    remembered = service(emu).slow
    if _all_databases(emu, request):
        return json_response(200, [q for queries in remembered.values() for q in queries])
    return json_response(200, list(remembered.get(request.db_name, [])))


@router.route("DELETE", "/_api/query/slow")
def clear_slow(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """Forget the slow queries of the database (of every database with ``all=true``)."""
    emu.require_db(request, "ro")
    remembered = service(emu).slow
    if _all_databases(emu, request):
        remembered.clear()
    else:
        remembered.pop(request.db_name, None)
    return result_response(200, {})


_PROPERTY_TYPES: dict[str, type | tuple[type, ...]] = {
    "enabled": bool, "trackSlowQueries": bool, "trackBindVars": bool,
    "maxSlowQueries": int, "slowQueryThreshold": (int, float),
    "slowStreamingQueryThreshold": (int, float), "maxQueryStringLength": int,
}


@router.route("GET", "/_api/query/properties")
def get_properties(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """The query tracking configuration."""
    emu.require_db(request, "ro")
    return result_response(200, dict(service(emu).tracking(request.db_name)))


@router.route("PUT", "/_api/query/properties")
def put_properties(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """Change the query tracking configuration."""
    emu.require_db(request, "ro")
    body = _body(request)
    props = service(emu).tracking(request.db_name)
    for name, value in body.items():
        wanted = _PROPERTY_TYPES.get(name)
        if wanted is None:
            continue
        if isinstance(value, bool) and wanted is not bool:
            raise EmuError(10, f"invalid value for '{name}'", http_code=400)
        if not isinstance(value, wanted):
            raise EmuError(10, f"invalid value for '{name}'", http_code=400)
        props[name] = value
    return result_response(200, dict(props))


@router.route("DELETE", "/_api/query/{qid}")
def kill(emu: Deployment, request: EmuRequest, qid: str) -> EmuResponse:
    """Kill a running query (of any database with ``all=true``)."""
    emu.require_db(request, "ro")
    state = service(emu)
    running = state.running.get(qid)
    every = _all_databases(emu, request)
    state.kill(running.database if every and running is not None else request.db_name, qid)
    return result_response(200, {})


_RULES = (
    "move-calculations-up", "move-filters-up", "remove-redundant-calculations",
    "remove-unnecessary-filters", "remove-unnecessary-calculations", "remove-redundant-sorts",
    "interchange-adjacent-enumerations", "move-calculations-up-2", "move-filters-up-2",
    "remove-redundant-or", "use-indexes", "remove-filter-covered-by-index",
    "use-index-for-sort", "remove-collect-variables", "propagate-constant-attributes",
    "late-document-materialization", "optimize-traversals", "optimize-subqueries",
    "sort-limit", "reduce-extraction-to-projection", "async-prefetch",
)


@router.route("GET", "/_api/query/rules")
def rules(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """The optimizer rules (names and flags)."""
    flags = {"hidden": False, "clusterOnly": False, "canBeDisabled": True,
             "canCreateAdditionalPlans": False, "disabledByDefault": False,
             "enterpriseOnly": False}
    return json_response(200, [{"name": name, "flags": dict(flags)} for name in _RULES])


# ---------------------------------------------------------------------- user functions

_FUNCTION_NAME = re.compile(r"^[a-zA-Z0-9_]+(::[a-zA-Z0-9_]+)+$")


@router.route("POST", "/_api/aqlfunction")
def create_function(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """Register an AQL user function (stored; calling it in a query is an error, as the
    emulator cannot run JavaScript)."""
    emu.require_db(request, "rw")
    body = _body(request)
    name = body.get("name")
    code = body.get("code")
    if not isinstance(name, str) or not _FUNCTION_NAME.match(name):
        raise EmuError(1580, http_code=400)
    if not isinstance(code, str) or not code.strip().startswith(("function", "(")):
        raise EmuError(1581, http_code=400)
    functions = service(emu).user_functions(request.db_name)
    created = name.upper() not in functions
    functions[name.upper()] = {"name": name, "code": code,
                               "isDeterministic": bool(body.get("isDeterministic", False))}
    status = 201 if created else 200
    return result_response(status, {"isNewlyCreated": created})


def _list_functions(emu: Deployment, request: EmuRequest, namespace: str | None) -> EmuResponse:
    emu.require_db(request, "ro")
    functions = service(emu).user_functions(request.db_name)
    prefix = namespace.upper().rstrip(":") + "::" if namespace else ""
    return result_response(200, {"result": [
        dict(f) for key, f in sorted(functions.items()) if key.startswith(prefix)]})


@router.route("GET", "/_api/aqlfunction")
def list_functions(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """User functions, optionally of one ``namespace``."""
    return _list_functions(emu, request, request.params.get("namespace"))


@router.route("GET", "/_api/aqlfunction/{namespace}")
def list_namespace(emu: Deployment, request: EmuRequest, namespace: str) -> EmuResponse:
    """User functions of ``namespace`` (the legacy form)."""
    return _list_functions(emu, request, namespace)


@router.route("DELETE", "/_api/aqlfunction/{name}")
def delete_function(emu: Deployment, request: EmuRequest, name: str) -> EmuResponse:
    """Remove one user function, or a whole namespace with ``group=true``."""
    emu.require_db(request, "rw")
    functions = service(emu).user_functions(request.db_name)
    upper = name.upper()
    if request.flag("group"):
        doomed = [k for k in functions if k.startswith(upper.rstrip(":") + "::")]
    else:
        doomed = [upper] if upper in functions else []
    if not doomed:
        raise EmuError(1582, f"no AQL user function with name '{name}' found", http_code=404)
    for key in doomed:
        del functions[key]
    return result_response(200, {"deletedCount": len(doomed)})


# ---------------------------------------------------------------------- caches


@router.route("GET", "/_api/query-cache/properties")
def get_cache_properties(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """The query results cache configuration."""
    return json_response(200, dict(service(emu).cache_properties))


@router.route("PUT", "/_api/query-cache/properties")
def put_cache_properties(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """Change the query results cache configuration (access to the request's database is
    enough, as documented)."""
    body = _body(request)
    props = service(emu).cache_properties
    mode = body.get("mode")
    if mode is not None:
        if mode not in ("off", "on", "demand"):
            raise EmuError(10, "invalid value for 'mode'", http_code=400)
        props["mode"] = mode
        if mode == "off":
            service(emu).results_cache.clear()
    for name in ("maxResults", "maxResultsSize", "maxEntrySize"):
        if isinstance(body.get(name), int) and not isinstance(body[name], bool):
            props[name] = body[name]
    if isinstance(body.get("includeSystem"), bool):
        props["includeSystem"] = body["includeSystem"]
    return json_response(200, dict(props))


_ENTRY_KEYS = ("hash", "query", "bindVars", "size", "results", "hits", "runTime", "started",
               "dataSources")


@router.route("GET", "/_api/query-cache/entries")
def cache_entries(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """The cached query results of the database."""
    emu.require_db(request, "ro")
    service(emu).cache_drop_stale(request.db_name, cache_fingerprint(emu, request.db_name))
    entries = service(emu).results_cache.get(request.db_name, {})
    return json_response(200, [{k: e[k] for k in _ENTRY_KEYS} for e in entries.values()])


@router.route("DELETE", "/_api/query-cache")
def clear_cache(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """Clear the query results cache of the database."""
    emu.require_db(request, "ro")
    service(emu).results_cache.pop(request.db_name, None)
    return result_response(200, {})


@router.route("GET", "/_api/query-plan-cache")
def plan_cache(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """The plans of queries run with ``usePlanCache`` (kept as bookkeeping only)."""
    emu.require_db(request, "ro")
    entries = service(emu).plan_cache.get(request.db_name, {})
    return json_response(200, [dict(e) for e in entries.values()])


@router.route("DELETE", "/_api/query-plan-cache")
def clear_plan_cache(emu: Deployment, request: EmuRequest) -> EmuResponse:
    """Clear the query plan cache of the database."""
    emu.require_db(request, "ro")
    service(emu).plan_cache.pop(request.db_name, None)
    return result_response(200, {})
