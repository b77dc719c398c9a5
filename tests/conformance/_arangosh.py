"""Runs the arangosh source of a recorded example against the emulator, over HTTP.

A small tree-walking interpreter for the JavaScript subset of :mod:`._jsparse`, with a table of
the arangosh idioms the examples use (``db._create``, ``db.<c>.save``, ``ensureIndex``,
``db._query``, ``@arangodb/users``, ``@arangodb/general-graph``, the example graphs, views,
analyzers, hot backups, ...), each translated into the HTTP call the shell would make. The
``logCurlRequest`` calls are the replay points: they are handed to a callback (the test), which
sends the recorded request and returns our answer, bound in the script like the shell's
``response`` (``code``, ``parsedBody``, ``headers``).
"""

from __future__ import annotations

import datetime
import inspect
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import anyio

from arango_anyio.response import Response
from arango_anyio.testing import Emulator

from ._jsparse import JsSyntaxError, Node, Parser

HOST = "http://emulator:8529"


class JsError(Exception):
    """A JavaScript exception (an arangosh call that failed); ``try``/``catch`` catches it."""


class Unsupported(Exception):
    """The source does something the interpreter does not translate."""


class _Break(Exception):
    """``break`` (``continue`` when ``loop_continues``) unwinding to the innermost loop."""

    def __init__(self, loop_continues: bool) -> None:
        super().__init__()
        self.loop_continues = loop_continues


class Stop(Exception):
    """Raised by the request callback to end the script early."""


class _Return(Exception):
    """``return`` unwinding to the function call."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


class Http:
    """Raw HTTP calls to the emulator as root (empty password, like the recording)."""

    def __init__(self, emu: Emulator, auth: tuple[str, str] = ("root", "")) -> None:
        self.client = emu.http_client()
        self.session = self.client.create_session(HOST)
        self.auth = auth

    async def aclose(self) -> None:
        await self.client.close_session(self.session)

    async def send(self, method: str, path: str, *, body: Any = None, raw: str | None = None,
                   headers: dict[str, str] | None = None) -> Response:
        data = raw if raw is not None else (None if body is None else json.dumps(body))
        return await self.client.send_request(self.session, method.upper(), HOST + path,
                                              headers=headers, data=data, auth=self.auth)

    async def json(self, method: str, path: str, body: Any = None, *,
                   check: bool = True) -> Any:
        """The parsed answer; a :class:`JsError` for an error answer when ``check``."""
        response = await self.send(method, path, body=body)
        if check and not response.is_success:
            raise JsError(f"{method} {path}: {response.status_code} {response.body}")
        return response.body


def _js_str(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return "[object Object]" if isinstance(value, dict) else ",".join(map(_js_str, value))
    return str(value)


def _truthy(value: Any) -> bool:
    return bool(value) if not isinstance(value, Handle) else True


class Handle:
    """A shell object: ``js_<name>`` methods are callable members, ``prop_<name>`` async
    properties; anything else is :meth:`missing`."""

    def __init__(self, http: Http) -> None:
        self.http = http

    async def member(self, name: str) -> Any:
        prop = getattr(self, f"prop_{name}", None)
        if prop is not None:
            return await prop()
        method = getattr(self, f"js_{name}", None)
        if method is not None:
            return method
        return self.missing(name)

    def missing(self, name: str) -> Any:
        raise Unsupported(f"{type(self).__name__}.{name}")

    def set_member(self, name: str, value: Any) -> None:
        """``obj.x = y``: the shell's caches (``db[cn] = undefined``) need nothing here."""


class Noop(Handle):
    """A module or object whose calls have no effect on the server (logging, waiting)."""

    def missing(self, name: str) -> Any:
        async def noop(*args: Any) -> None:
            return None
        return noop


class Connection(Handle):
    """``db._connection``, ``arango``, ``internal.arango``: raw requests answering the body."""

    async def _call(self, method: str, url: str, body: Any = None) -> Any:
        raw = body if isinstance(body, str) else None
        response = await self.http.send(method, url, body=None if raw is not None else body,
                                        raw=raw)
        return response.body

    async def js_GET(self, url: str) -> Any:
        return await self._call("GET", url)

    async def js_POST(self, url: str, body: Any = None) -> Any:
        return await self._call("POST", url, body)

    async def js_PUT(self, url: str, body: Any = None) -> Any:
        return await self._call("PUT", url, body)

    async def js_PATCH(self, url: str, body: Any = None) -> Any:
        return await self._call("PATCH", url, body)

    async def js_DELETE(self, url: str, body: Any = None) -> Any:
        return await self._call("DELETE", url, body)

    async def js_GET_RAW(self, url: str) -> dict[str, Any]:
        response = await self.http.send("GET", url)
        return shell_response(response)


def shell_response(response: Response) -> dict[str, Any]:
    """What arangosh's request helpers answer: ``code``, ``parsedBody``, ``headers``."""
    return {"code": response.status_code, "parsedBody": response.body,
            "headers": {k.lower(): v for k, v in response.headers.items()},
            "body": response.raw_body}


class Collection(Handle):
    """``db.<name>`` / the result of ``db._create``."""

    def __init__(self, http: Http, name: str, ident: str | None = None) -> None:
        super().__init__(http)
        self.name = name
        self.ident = ident

    async def prop__id(self) -> str:
        if self.ident is None:
            self.ident = str((await self.http.json("GET", f"/_api/collection/{self.name}"))["id"])
        return self.ident

    async def js_name(self) -> str:
        return self.name

    async def js_save(self, doc: Any, *more: Any) -> Any:
        if more:  # the edge form: save(from, to, data)
            doc = {**(more[1] if len(more) > 1 else {}), "_from": doc, "_to": more[0]}
        return await self.http.json("POST", f"/_api/document/{self.name}", doc)

    js_insert = js_save

    async def js_remove(self, selector: Any) -> Any:
        if isinstance(selector, list):
            return await self.http.json("DELETE", f"/_api/document/{self.name}", selector)
        key = selector.get("_key") if isinstance(selector, dict) else str(selector)
        return await self.http.json("DELETE", f"/_api/document/{self.name}/{key}")

    async def js_update(self, selector: Any, patch: Any) -> Any:
        key = selector.get("_key") if isinstance(selector, dict) else str(selector)
        return await self.http.json("PATCH", f"/_api/document/{self.name}/{key}", patch)

    async def js_ensureIndex(self, definition: Any) -> Any:
        return await self.http.json("POST", f"/_api/index?collection={self.name}", definition)

    async def js_any(self) -> Any:
        answer = await self.http.json("POST", "/_api/cursor", {
            "query": "FOR d IN @@c LIMIT 1 RETURN d", "bindVars": {"@c": self.name}})
        return answer["result"][0] if answer["result"] else None

    async def js_drop(self) -> None:
        await self.http.json("DELETE", f"/_api/collection/{self.name}", check=False)

    async def js_count(self) -> int:
        return int((await self.http.json("GET", f"/_api/collection/{self.name}/count"))["count"])


class View(Handle):
    def __init__(self, http: Http, name: str, ident: str) -> None:
        super().__init__(http)
        self.name, self.ident = name, ident

    async def prop__id(self) -> str:
        return self.ident

    async def js_name(self) -> str:
        return self.name


class Transaction(Handle):
    def __init__(self, http: Http, ident: str) -> None:
        super().__init__(http)
        self.ident = ident

    async def js_id(self) -> str:
        return self.ident

    async def js_abort(self) -> None:
        await self.http.json("DELETE", f"/_api/transaction/{self.ident}")

    async def js_commit(self) -> None:
        await self.http.json("PUT", f"/_api/transaction/{self.ident}")


class Database(Handle):
    """The shell's ``db``: its methods, and ``db.<name>`` for any collection."""

    async def js__create(self, name: str, properties: Any = None, kind: Any = None,
                         options: Any = None) -> Collection:
        body: dict[str, Any] = {"name": name, **(properties or {})}
        if kind in ("edge", 3):
            body["type"] = 3
        created = await self.http.json("POST", "/_api/collection", body)
        return Collection(self.http, name, str(created["id"]))

    async def js__createEdgeCollection(self, name: str, properties: Any = None) -> Collection:
        return await self.js__create(name, properties, "edge")

    async def js__createDocumentCollection(self, name: str,
                                           properties: Any = None) -> Collection:
        return await self.js__create(name, properties)

    async def js__drop(self, name: str, options: Any = None) -> None:
        system = "?isSystem=true" if isinstance(options, dict) and options.get("isSystem") else ""
        await self.http.json("DELETE", f"/_api/collection/{name}{system}", check=False)

    async def js__query(self, query: str, bind_vars: Any = None, options: Any = None) -> Any:
        body: dict[str, Any] = {"query": query}
        if bind_vars:
            body["bindVars"] = bind_vars
        if options:
            body["options"] = options
        return await self.http.json("POST", "/_api/cursor", body)

    async def js__createView(self, name: str, kind: str, properties: Any = None) -> View:
        created = await self.http.json("POST", "/_api/view",
                                       {"name": name, "type": kind, **(properties or {})})
        return View(self.http, name, str(created["id"]))

    async def js__dropView(self, name: str) -> None:
        await self.http.json("DELETE", f"/_api/view/{name}", check=False)

    async def js__createTransaction(self, body: Any) -> Transaction:
        begun = await self.http.json("POST", "/_api/transaction/begin", body)
        return Transaction(self.http, str(begun["result"]["id"]))

    async def js__createDatabase(self, name: str, options: Any = None,
                                 users: Any = None) -> bool:
        await self.http.json("POST", "/_api/database", {"name": name, **(options or {})})
        return True

    async def js__dropDatabase(self, name: str) -> bool:
        await self.http.json("DELETE", f"/_api/database/{name}")
        return True

    async def js__flushCache(self) -> None:
        return None

    async def prop__connection(self) -> Connection:
        return Connection(self.http)

    def missing(self, name: str) -> Any:
        if name.startswith("_"):
            raise Unsupported(f"db.{name}")
        return Collection(self.http, name)


class Users(Handle):
    """``require("@arangodb/users")``."""

    async def js_save(self, user: str, passwd: str = "", active: bool = True,
                      extra: Any = None) -> Any:
        return await self.http.json("POST", "/_api/user", {
            "user": user, "passwd": passwd, "active": active, "extra": extra or {}})

    async def js_remove(self, user: str) -> None:
        await self.http.json("DELETE", f"/_api/user/{quote(user, safe='@')}")

    async def js_grantDatabase(self, user: str, database: str, grant: str = "rw") -> None:
        await self.http.json("PUT", f"/_api/user/{user}/database/{database}", {"grant": grant})

    async def js_grantCollection(self, user: str, database: str, collection: str,
                                 grant: str = "rw") -> None:
        await self.http.json("PUT", f"/_api/user/{user}/database/{database}/{collection}",
                             {"grant": grant})


class GeneralGraph(Handle):
    """``require("@arangodb/general-graph")``."""

    async def js__exists(self, name: str) -> bool:
        response = await self.http.send("GET", f"/_api/gharial/{name}")
        return response.is_success

    async def js__drop(self, name: str, drop_collections: Any = False) -> None:
        suffix = "?dropCollections=true" if drop_collections else ""
        await self.http.json("DELETE", f"/_api/gharial/{name}{suffix}")

    async def js__create(self, name: str, edge_definitions: Any = None, orphans: Any = None,
                         options: Any = None) -> Any:
        body: dict[str, Any] = {"name": name, "edgeDefinitions": edge_definitions or [],
                                "orphanCollections": orphans or []}
        if options:
            body["options"] = options
        return (await self.http.json("POST", "/_api/gharial", body))["graph"]

    async def js__relation(self, collection: str, sources: Any, targets: Any) -> Any:
        def names(value: Any) -> list[str]:
            return list(value) if isinstance(value, list) else [value]
        return {"collection": collection, "from": names(sources), "to": names(targets)}


#: ArangoDB's example graphs (``@arangodb/graph-examples/example-graph.js``), as
#: ``(edge definitions, vertices by collection, edges by collection)``.
EXAMPLE_GRAPHS: dict[str, tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]],
                                dict[str, list[dict[str, Any]]]]] = {
    "social": (
        [{"collection": "relation", "from": ["female", "male"], "to": ["female", "male"]}],
        {"female": [{"_key": "alice", "name": "Alice"}, {"_key": "diana", "name": "Diana"}],
         "male": [{"_key": "bob", "name": "Bob"}, {"_key": "charly", "name": "Charly"}]},
        {"relation": [
            {"_from": "female/alice", "_to": "male/bob", "type": "married"},
            {"_from": "female/alice", "_to": "male/charly", "type": "friend"},
            {"_from": "male/charly", "_to": "female/diana", "type": "married"},
            {"_from": "male/bob", "_to": "female/diana", "type": "friend"}]},
    ),
}


class GraphExamples(Handle):
    """``require("@arangodb/graph-examples/example-graph.js")``."""

    async def js_loadGraph(self, name: str) -> Any:
        if name not in EXAMPLE_GRAPHS:
            raise Unsupported(f"example graph {name!r}")
        definitions, vertices, edges = EXAMPLE_GRAPHS[name]
        graph = await self.http.json("POST", "/_api/gharial",
                                     {"name": name, "edgeDefinitions": definitions})
        for collection, docs in vertices.items():
            for doc in docs:
                await self.http.json("POST", f"/_api/gharial/{name}/vertex/{collection}", doc)
        for collection, docs in edges.items():
            for doc in docs:
                await self.http.json("POST", f"/_api/gharial/{name}/edge/{collection}", doc)
        return graph["graph"]

    async def js_dropGraph(self, name: str) -> None:
        await self.http.json("DELETE", f"/_api/gharial/{name}?dropCollections=true",
                             check=False)


class Analyzers(Handle):
    """``require("@arangodb/analyzers")``."""

    async def js_save(self, name: str, kind: str, properties: Any = None,
                      features: Any = None) -> Any:
        body: dict[str, Any] = {"name": name, "type": kind}
        if properties is not None:
            body["properties"] = properties
        if features is not None:
            body["features"] = features
        return await self.http.json("POST", "/_api/analyzer", body)

    async def js_remove(self, name: str, force: Any = False) -> None:
        await self.http.json("DELETE", f"/_api/analyzer/{name}?force={str(bool(force)).lower()}")


class HotBackup(Handle):
    """``require("@arangodb/hotbackup")``."""

    async def js_create(self, label: Any = None) -> Any:
        body = {"label": label} if label else {}
        return (await self.http.json("POST", "/_admin/backup/create", body))["result"]


class QueryCache(Handle):
    """``require("@arangodb/aql/cache")``."""

    async def js_properties(self, properties: Any = None) -> Any:
        if properties is None:
            return await self.http.json("GET", "/_api/query-cache/properties")
        return await self.http.json("PUT", "/_api/query-cache/properties", properties)

    async def js_clear(self) -> Any:
        return await self.http.json("DELETE", "/_api/query-cache")


class ReplicationLogger(Handle):
    async def js_state(self) -> Any:
        return await self.http.json("GET", "/_api/replication/logger-state")


class Replication(Handle):
    """``require("@arangodb/replication")``."""

    async def prop_logger(self) -> ReplicationLogger:
        return ReplicationLogger(self.http)


#: The longest a script's ``sleep``/``wait`` really waits: long enough for the emulator's
#: background jobs to run, short enough for a quick suite.
MAX_SLEEP = 0.02


class Internal(Noop):
    """``require("internal")``: ``sleep``/``wait`` pause briefly (:data:`MAX_SLEEP`), WAL
    flushes are no-ops; ``arango`` is the connection."""

    async def js_sleep(self, seconds: Any = 0) -> None:
        await anyio.sleep(min(float(seconds or 0), MAX_SLEEP))

    js_wait = js_sleep

    async def prop_arango(self) -> Connection:
        return Connection(self.http)

    async def prop_wal(self) -> Noop:
        return Noop(self.http)

    async def js_time(self) -> float:
        return time.time()


class JsDate(Handle):
    def __init__(self, http: Http, moment: datetime.datetime) -> None:
        super().__init__(http)
        self.moment = moment

    async def js_getFullYear(self) -> int:
        return self.moment.year

    async def js_getTime(self) -> float:
        return self.moment.timestamp() * 1000


class DateClass(Handle):
    async def js_UTC(self, year: int, month: int = 0, day: int = 1, hours: int = 0,
                     minutes: int = 0, seconds: int = 0) -> float:
        moment = datetime.datetime(int(year), int(month) + 1, int(day), int(hours),
                                   int(minutes), int(seconds), tzinfo=datetime.timezone.utc)
        return moment.timestamp() * 1000

    async def js_now(self) -> float:
        return time.time() * 1000

    def construct(self) -> JsDate:
        return JsDate(self.http, datetime.datetime.now(datetime.timezone.utc))


ReplayPoint = Callable[[str, str, Any, Any, bool], Awaitable[dict[str, Any]]]


@dataclass
class Interpreter:
    """Runs one example's arangosh source; ``on_request(method, url, body, headers, raw)`` is
    called for each ``logCurlRequest``/``logCurlRequestRaw`` and answers the shell's
    ``response``."""

    http: Http
    on_request: ReplayPoint
    #: Called with the statement's text when a script's ``assert`` (or jsUnity assertion)
    #: fails; ``None`` ignores them.
    on_assert: Callable[[str], None] | None = None
    env: dict[str, Any] = field(default_factory=dict)
    #: The text of the top-level statement being executed.
    statement: str = ""

    def __post_init__(self) -> None:
        http = self.http
        modules: dict[str, Handle] = {
            "@arangodb/users": Users(http),
            "@arangodb/general-graph": GeneralGraph(http),
            "@arangodb/graph-examples/example-graph.js": GraphExamples(http),
            "@arangodb/graph-examples/example-graph": GraphExamples(http),
            "@arangodb/analyzers": Analyzers(http),
            "@arangodb/hotbackup": HotBackup(http),
            "@arangodb/aql/cache": QueryCache(http),
            "@arangodb/replication": Replication(http),
            "internal": Internal(http),
            "fs": Noop(http),
        }
        database = Database(http)

        async def require(name: str) -> Any:
            if name == "@arangodb":
                return {"db": database}
            if name == "jsunity":
                return {"jsUnity": {"assertions": {"assertEqual": assert_equal,
                                                   "assertTrue": check}}}
            if name not in modules:
                raise Unsupported(f"require({name!r})")
            return modules[name]

        async def log_request(method: str, url: str, body: Any = None, headers: Any = None,
                              *rest: Any) -> dict[str, Any]:
            return await self.on_request(method, url, body, headers, False)

        async def log_request_raw(method: str, url: str, body: Any = None, headers: Any = None,
                                  *rest: Any) -> dict[str, Any]:
            return await self.on_request(method, url, body, headers, True)

        async def curl_request(method: str, url: str, body: Any = None, headers: Any = None,
                               *rest: Any) -> dict[str, Any]:
            raw = body if isinstance(body, str) else None
            response = await http.send(method, url, body=None if raw is not None else body,
                                       raw=raw, headers=headers or None)
            return shell_response(response)

        async def encode(value: Any) -> str:
            return quote(_js_str(value), safe="-_.!~*'()")

        async def noop(*args: Any) -> None:
            return None

        async def check(condition: Any = None, *message: Any) -> None:
            if not _truthy(condition) and self.on_assert is not None:
                self.on_assert(self.statement)

        async def assert_equal(expected: Any, actual: Any, *message: Any) -> None:
            await check(expected == actual)

        self.env.update({
            "db": database, "require": require, "internal": modules["internal"],
            "arango": Connection(http), "Date": DateClass(http),
            "logCurlRequest": log_request, "logCurlRequestRaw": log_request_raw,
            "curlRequest": curl_request, "encodeURIComponent": encode,
            "logJsonResponse": noop, "logRawResponse": noop, "logPlainResponse": noop,
            "logJsonLResponse": noop, "logHtmlResponse": noop, "assert": check, "print": noop,
        })

    async def run(self, source: str) -> None:
        """Executes ``source`` statement by statement until the callback raises
        :class:`Stop` (or the source ends)."""
        parser = Parser(source)
        try:
            while not parser.done():
                start = parser.pos
                node = parser.next_statement()
                self.statement = parser.text_since(start)
                await self.execute(node)
        except Stop:
            return
        except JsSyntaxError as exc:
            raise Unsupported(f"syntax: {exc}") from exc

    # -- statements -------------------------------------------------------------------------
    async def execute(self, node: Node) -> None:
        kind = node[0]
        if kind == "empty":
            return
        if kind == "expr":
            await self.evaluate(node[1])
        elif kind == "block":
            for statement in node[1]:
                await self.execute(statement)
        elif kind == "if":
            await self.execute(node[2] if _truthy(await self.evaluate(node[1])) else node[3])
        elif kind in ("break", "continue"):
            raise _Break(kind == "continue")
        elif kind == "return":
            raise _Return(await self.evaluate(node[1]))
        elif kind == "for":
            await self.execute(node[1])
            for _ in range(100_000):
                if not _truthy(await self.evaluate(node[2])):
                    break
                try:
                    await self.execute(node[4])
                except _Break as exc:
                    if not exc.loop_continues:
                        break
                await self.evaluate(node[3])
        elif kind == "while":
            raise Unsupported("while loops")
        elif kind == "try":
            try:
                await self.execute(node[1])
            except JsError:
                await self.execute(node[2])
        else:
            raise Unsupported(f"statement {kind}")

    # -- expressions ------------------------------------------------------------------------
    async def evaluate(self, node: Node) -> Any:
        kind = node[0]
        if kind in ("num", "str", "bool"):
            return node[1]
        if kind in ("null", "undefined"):
            return None
        if kind == "var":
            if node[1] not in self.env:
                raise JsError(f"ReferenceError: {node[1]} is not defined")
            return self.env[node[1]]
        if kind == "array":
            return [await self.evaluate(item) for item in node[1]]
        if kind == "object":
            return {key: await self.evaluate(value) for key, value in node[1]}
        if kind == "member":
            return await self._member(await self.evaluate(node[1]), await self.evaluate(node[2]))
        if kind == "call":
            function = await self.evaluate(node[1])
            args = [await self.evaluate(arg) for arg in node[2]]
            if not callable(function):
                raise Unsupported(f"calling a {type(function).__name__}")
            result = function(*args)
            return await result if inspect.isawaitable(result) else result
        if kind == "new":
            cls = await self.evaluate(node[1])
            if not isinstance(cls, DateClass):
                raise Unsupported("new")
            return cls.construct()
        if kind == "function":
            return self._closure(node[1], node[2])
        if kind == "assign":
            value = await self.evaluate(node[2])
            await self._assign(node[1], value)
            return value
        if kind == "cond":
            branch = node[2] if _truthy(await self.evaluate(node[1])) else node[3]
            return await self.evaluate(branch)
        if kind == "unary":
            operand = await self.evaluate(node[2])
            if node[1] == "!":
                return not _truthy(operand)
            if node[1] == "typeof":
                return type(operand).__name__
            return -operand if node[1] == "-" else +operand
        if kind == "binary":
            return await self._binary(node[1], node[2], node[3])
        raise Unsupported(f"expression {kind}")

    def _closure(self, params: list[str], body: Node) -> Callable[..., Awaitable[Any]]:
        """A script function (one flat scope: parameters are bound as globals)."""
        async def function(*args: Any) -> Any:
            for index, name in enumerate(params):
                self.env[name] = args[index] if index < len(args) else None
            try:
                await self.execute(body)
            except _Return as exc:
                return exc.value
            return None
        return function

    async def _member(self, obj: Any, key: Any) -> Any:
        if isinstance(obj, Handle):
            return await obj.member(str(key))
        if isinstance(obj, dict):
            return obj.get(str(key))
        if isinstance(obj, list) and key in ("forEach", "map"):
            async def each(function: Callable[..., Awaitable[Any]]) -> Any:
                mapped = [await function(item, index) for index, item in enumerate(obj)]
                return mapped if key == "map" else None
            return each
        if isinstance(obj, (list, str)):
            if key == "length":
                return len(obj)
            if isinstance(key, int):
                return obj[key] if 0 <= key < len(obj) else None
        if obj is None:
            raise JsError(f"cannot read property {key!r} of undefined")
        raise Unsupported(f"member {key!r} of {type(obj).__name__}")

    async def _assign(self, target: Node, value: Any) -> None:
        if target[0] == "var":
            self.env[target[1]] = value
            return
        if target[0] == "member":
            obj = await self.evaluate(target[1])
            key = await self.evaluate(target[2])
            if isinstance(obj, Handle):
                obj.set_member(str(key), value)
            elif isinstance(obj, dict):
                obj[str(key)] = value
            else:
                raise Unsupported("assignment to a member")
            return
        raise Unsupported("assignment target")

    async def _binary(self, op: str, left_node: Node, right_node: Node) -> Any:
        left = await self.evaluate(left_node)
        if op == "&&":
            return await self.evaluate(right_node) if _truthy(left) else left
        if op == "||":
            return left if _truthy(left) else await self.evaluate(right_node)
        right = await self.evaluate(right_node)
        if op == "+":
            if isinstance(left, str) or isinstance(right, str):
                return _js_str(left) + _js_str(right)
            return left + right
        operations: dict[str, Callable[[Any, Any], Any]] = {
            "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
            "%": lambda a, b: a % b, "<": lambda a, b: a < b, ">": lambda a, b: a > b,
            "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b,
            "===": lambda a, b: a == b, "==": lambda a, b: a == b,
            "!==": lambda a, b: a != b, "!=": lambda a, b: a != b,
        }
        value = operations[op](left, right)
        # JavaScript has one number type: 1814400000.0 is 1814400000 (also in JSON)
        return int(value) if isinstance(value, float) and value.is_integer() else value
