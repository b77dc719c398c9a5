"""One emulated deployment: its state, security checks, and the request pipeline.

Handlers receive the :class:`Deployment`; front ends call :meth:`Deployment.handle`. The route
table is given to it (see :class:`~arango_anyio.testing.Emulator`), so nothing here imports
the handlers or the front ends."""

from __future__ import annotations

import inspect
import logging
import os
import time
from collections import deque
from typing import Any
from urllib.parse import unquote

import anyio

from arango_anyio import _serde
from arango_anyio.testing._protocol import slices
from arango_anyio.testing._protocol.content_encoding import decode_request_body
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import (
    EmuRequest,
    EmuResponse,
    error_response,
    never_gone,
)
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._server.aql_bridge import BridgeContext, apply_computed_values
from arango_anyio.testing._server.faults import Faults
from arango_anyio.testing._server.jobs import BackgroundJobs, JobStore
from arango_anyio.testing._server.jwt_secrets import JwtSecretError, read_jwt_secret_keyfile
from arango_anyio.testing._server.read_only import read_only_checker, refuse_in_read_only_mode
from arango_anyio.testing._state.appliers import Appliers
from arango_anyio.testing._state.auth import SUPERUSER, Authenticator, not_authorized
from arango_anyio.testing._state.backups import Backups
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.docs import Access
from arango_anyio.testing._state.permissions import Permissions
from arango_anyio.testing._state.store import Store
from arango_anyio.testing._state.transactions import DEFAULT_LOCK_TIMEOUT, LockBusy

logger = logging.getLogger("arango_anyio.testing")

#: Paths (after the database prefix) answered without credentials.
_OPEN_PREFIXES = ("/_open/",)
_OPEN_PATHS = frozenset(("/_admin/server/availability",))
_LOG_TOPICS = ("agency", "aql", "authentication", "authorization", "cache", "cluster",
               "communication", "config", "crash", "engines", "general", "graphs", "heartbeat",
               "http", "queries", "replication", "requests", "rocksdb", "ssl", "startup",
               "statistics", "syscall", "threads", "trx", "ttl", "views")
_STRUCTURED_LOG_PARAMS = ("database", "url", "username")
_API_CALLS_KEPT = 1000
_RECORDED_BIND_VARS_BYTES = 1024
#: the values of ``--server.options-api``
OPTIONS_API_MODES = ("disabled", "jwt", "admin", "public")
#: Requests with a body at least this large run in time slices when their handler is
#: synchronous (bulk writes, imports): see ``_protocol/slices.py``.
SLICED_BODY = 256 * 1024


#: The headers ArangoDB 3.12 sends with every answer (as recorded).
STANDARD_HEADERS = {
    "cache-control": "no-cache, no-store, must-revalidate, pre-check=0, post-check=0, "
                     "max-age=0, s-maxage=0",
    "content-security-policy": "frame-ancestors 'self'; form-action 'self';",
    "expires": "0",
    "pragma": "no-cache",
    "strict-transport-security": "max-age=31536000 ; includeSubDomains",
    "x-content-type-options": "nosniff",
}


class Deployment(BackgroundJobs):
    """One in-memory ArangoDB deployment (``_system`` exists; ``root`` has ``root_password``):
    the state every coordinator shares, and the pipeline that answers a request with the
    handlers of ``router``. Several coordinators share one store; cursors, stream
    transactions and async jobs live on the coordinator that created them.
    """

    def __init__(self, root_password: str, *, jwt_secret: str | bytes | None,
                 router: Router, jwt_secret_keyfile: str | None = None,
                 options_api: str = "jwt") -> None:
        if options_api not in OPTIONS_API_MODES:
            raise ValueError(f"options_api must be one of {', '.join(OPTIONS_API_MODES)}")
        if jwt_secret is None and jwt_secret_keyfile is not None:
            jwt_secret = read_jwt_secret_keyfile(jwt_secret_keyfile) or None
        self.root_password = root_password
        #: the secret HS256 tokens are signed with (superuser tokens too)
        self.jwt_secret: str | bytes = (jwt_secret if jwt_secret is not None
                                        else os.urandom(24).hex())
        #: the file ``POST /_admin/server/jwt`` reloads the secret from (None: no file)
        self.jwt_secret_keyfile = jwt_secret_keyfile
        #: who may read ``/_admin/options*`` (``--server.options-api``)
        self.options_api = options_api
        self.store = Store(root_password)
        self.auth = Authenticator(self.store.users, self._secret_bytes())
        self.permissions = Permissions(self.store.users)
        self.backups = Backups(self.store)
        #: replication appliers per database (configured and started, never applying)
        self.appliers = Appliers()
        #: simulated backup uploads and downloads by id
        self.backup_transfers: dict[str, dict[str, Any]] = {}
        #: tasks (``/_api/tasks``): stored, never run (there is no JavaScript engine)
        self.tasks: dict[str, dict[str, Any]] = {}
        self.started = time.time()
        #: requests seen, by HTTP method (for metrics and statistics)
        self.request_counts: dict[str, int] = {}
        #: log level per topic (``/_admin/log/level``)
        self.log_levels: dict[str, str] = dict.fromkeys(_LOG_TOPICS, "INFO")
        #: the levels ``DELETE /_admin/log/level`` goes back to
        self.startup_log_levels: dict[str, str] = dict(self.log_levels)
        #: structured log parameters (``/_admin/log/structured``)
        self.structured_log: dict[str, bool] = dict.fromkeys(_STRUCTURED_LOG_PARAMS, False)
        #: the most recent requests, newest last (``/_admin/server/api-calls``)
        self.api_calls: deque[dict[str, str]] = deque(maxlen=_API_CALLS_KEPT)
        #: the most recent AQL queries, newest last (``/_admin/server/aql-queries``)
        self.aql_queries: deque[dict[str, Any]] = deque(maxlen=_API_CALLS_KEPT)
        #: ``PUT /_admin/server/mode``: in read-only mode writes get 403/1004 and database,
        #: collection, index, view and graph changes 403/11
        self.read_only = False
        self.faults = Faults()
        self.faults.add_expirer("transactions", self._expire_transactions)
        self.router = router
        self.jobs = JobStore()
        #: coordinator id -> URL it is served at (filled by serve()).
        self.endpoints: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} coordinators={len(self.endpoints) or 1}>"

    @staticmethod
    def coordinator_id(index: int) -> str:
        """The id of the ``index``-th coordinator (``c0``, ``c1``, ...)."""
        return f"c{index}"

    @property
    def transaction_idle_timeout(self) -> float:
        """Seconds a stream transaction may stay idle before it is aborted (default 60)."""
        return self.store.transactions.idle_timeout

    @transaction_idle_timeout.setter
    def transaction_idle_timeout(self, value: float) -> None:
        self.store.transactions.idle_timeout = value

    @property
    def access_tokens(self) -> dict[str, list[dict[str, Any]]]:
        """Access tokens per user (``/_api/token``)."""
        return self.store.users.tokens

    def _expire_transactions(self) -> None:
        """Abort every running stream transaction (``faults.expire_transactions()``)."""
        self.store.transactions.expire_all()

    def _secret_bytes(self) -> bytes:
        secret = self.jwt_secret
        return secret.encode() if isinstance(secret, str) else secret

    def reload_jwt_secret(self) -> None:
        """Read the secret again from :attr:`jwt_secret_keyfile` (``POST /_admin/server/jwt``);
        tokens signed with the old secret stop working. JwtSecretError when there is no
        keyfile or it cannot be used."""
        if self.jwt_secret_keyfile is None:
            raise JwtSecretError("no JWT secret file was specified")
        self.jwt_secret = read_jwt_secret_keyfile(self.jwt_secret_keyfile)
        self.auth.set_secret(self._secret_bytes())

    def record_aql_query(self, query: str, database: str, bind_vars: dict[str, Any]) -> None:
        """Remember a submitted AQL query for ``/_admin/server/aql-queries`` (bind parameters
        only when they are small, as the server keeps them)."""
        small = len(_serde.dumps(bind_vars)) < _RECORDED_BIND_VARS_BYTES
        self.aql_queries.append({
            "timeStamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "query": query, "database": database, "bindVars": bind_vars if small else {}})

    def superuser_token(self) -> str:
        """A superuser JWT signed with :attr:`jwt_secret` (``Authorization: bearer ...``)."""
        return self.auth.superuser_token()

    def user_token(self, username: str, lifetime: float = 3600.0) -> str:
        """A JWT for ``username`` signed with :attr:`jwt_secret`, valid for ``lifetime`` s."""
        return self.auth.user_token(username, lifetime)

    async def handle(self, request: EmuRequest) -> EmuResponse:
        """Answer one request (the single entry point of every front end)."""
        early = await self.faults.on_request(request)
        if early is not None:
            response = early
        else:
            try:
                response = await self._dispatch(request)
            except EmuError as error:
                response = error_response(error)
            except Exception:  # a bug in a handler: answer like the server's internal error
                logger.exception("emulator handler failed for %s %s", request.method,
                                 request.path)
                response = error_response(EmuError(4, http_code=500))
        if request.method == "HEAD" and response.body:
            # the server announces the length of the GET answer, without sending the body
            response.headers["content-length"] = str(len(response.body))
            response.body = b""
        elif response.status == 401 and "x-omit-www-authenticate" not in request.headers:
            response.headers.setdefault("www-authenticate", 'Basic, realm="ArangoDB"')
        response = self.faults.on_response(request, response)
        headers = response.headers
        headers.setdefault("x-arango-queue-time-seconds", "0.000000")
        headers.setdefault("server", "ArangoDB")
        for name, value in STANDARD_HEADERS.items():
            headers.setdefault(name, value)
        return response

    def _split_database(self, request: EmuRequest) -> None:
        path = request.path
        if path.startswith("/_db/"):
            name_end = path.find("/", 5)
            if name_end == -1:
                name_end = len(path)
            request.db_name = unquote(path[5:name_end])
            request.route_path = path[name_end:] or "/"
        else:
            request.db_name = "_system"
            request.route_path = path

    async def _dispatch(self, request: EmuRequest) -> EmuResponse:
        self._split_database(request)
        counts = self.request_counts
        counts[request.method] = counts.get(request.method, 0) + 1
        self.api_calls.append({
            "timeStamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "requestType": request.method, "path": request.route_path,
            "database": request.db_name})
        if request.method == "OPTIONS":  # CORS preflight: answered without credentials
            return EmuResponse(200, b"", {
                "allow": "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"})
        self._authorize(request)
        # inflated only now: an unauthenticated client cannot make the server inflate
        request.body = decode_request_body(request.headers, request.body)
        if "x-arango-async" in request.headers:
            request.client_gone = never_gone  # a stored job outlives its connection
            return await self.jobs.submit(request, self._route)
        return await self._route(request)

    async def _route(self, request: EmuRequest) -> EmuResponse:
        handler, params = self.router.resolve(request.method, request.segments())
        if self.read_only:
            refuse_in_read_only_mode(request)
        deadline: float | None = None
        sliced = len(request.body) >= SLICED_BODY and not inspect.iscoroutinefunction(handler)
        while True:
            try:
                if sliced:  # a large bulk write: in time slices, so the event loop keeps going
                    try:
                        answer = await slices.SlicedRun(
                            lambda: handler(self, request, **params),
                            interruptible=False).run()
                    finally:
                        self.store.transactions.release(request)
                    assert isinstance(answer, EmuResponse)
                    return answer
                result = handler(self, request, **params)
                if inspect.isawaitable(result):
                    result = await result
                return result
            except LockBusy as busy:
                # a write met a collection held exclusively: wait for it, then run the request
                # again (nothing was applied: the check comes before the first change)
                if deadline is None:
                    deadline = anyio.current_time() + DEFAULT_LOCK_TIMEOUT
                await self.store.transactions.wait_writable(busy, deadline,
                                                            request.client_gone)

    # -- security -------------------------------------------------------------------------

    def _authorize(self, request: EmuRequest) -> None:
        """Authenticate the request and check it may use its database, in the server's order
        (``CommTask::prepareExecution``): an unknown database first, where only a user who
        could use it learns that it does not exist (404/1228; 401/11 for anyone else, so
        database names cannot be guessed); then the credentials (401/11) and the user's
        access to the database (401/11), except for the paths open to everyone."""
        path = request.route_path
        open_path = path in _OPEN_PATHS or path.startswith(_OPEN_PREFIXES)
        try:
            user: str | None = self.auth.authenticate(request.headers.get("authorization"))
        except EmuError:
            user = None
        request.user = user
        if request.db_name not in self.store.databases:
            if user is None or self.permissions.db_level(user, request.db_name) == "none":
                raise not_authorized()
            raise EmuError(1228, http_code=404)
        if open_path:
            return
        if user is None:
            raise not_authorized()
        if user == SUPERUSER:
            return
        # without access to the database, only the user API and the cluster endpoints
        # (``CommTask::canAccessPath``)
        if self.permissions.db_level(user, request.db_name) == "none" \
                and not path.startswith("/_api/user/") and path != "/_api/cluster/endpoints":
            raise not_authorized()

    def require_db(self, request: EmuRequest, need: str) -> Database:
        """The request's database, after checking the user has ``need`` ("ro"/"rw") on it."""
        database = self.store.database(request.db_name)
        self.permissions.require_db(request.user, database.name, need)
        return database

    def require_admin(self, request: EmuRequest) -> None:
        """403/11 unless the request's user administers the server (rw on ``_system``)."""
        self.permissions.require_admin(request.user)

    def access(self, request: EmuRequest, *, transactional: bool = True) -> Access:
        """Document access for ``request``: its database, its user's permissions and (when
        ``transactional``) the stream transaction named by ``x-arango-trx-id``."""
        database = self.store.database(request.db_name)
        trx = None
        tid = request.headers.get("x-arango-trx-id") if transactional else None
        if tid:
            trx = self.store.transactions.use(tid, request.coordinator, database)
        check = self.permissions.checker(request.user, database.name)
        if self.read_only:
            check = read_only_checker(check)
        # a request writing in time slices holds what it writes (others run in between)
        holder = request if trx is None and slices.in_sliced_run() else None
        return Access(database, self.store.clock, self.store.transactions, trx, check,
                      compute=apply_computed_values, holder=holder)

    def query_context(self, request: EmuRequest) -> BridgeContext:
        """The store as the AQL engine sees it for ``request`` (database, transaction,
        permissions resolved; EmuError raised as the server would)."""
        return BridgeContext(self.access(request), self.store.databases.get("_system"))
