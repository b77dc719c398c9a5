"""The public :class:`Emulator`: a deployment with every handler, and its front ends."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._aql.service import emu_expire_cursors, open_cursors, service
from arango_anyio.testing._frontends.inprocess import EmulatorHTTPClient
from arango_anyio.testing._handlers import all_routes
from arango_anyio.testing._protocol.messages import EmuRequest
from arango_anyio.testing._server.deployment import Deployment


class Emulator(Deployment):
    """One in-memory ArangoDB 3.12 deployment (``_system`` exists; ``root`` has
    ``root_password``).

    Reach it in-process with :meth:`http_client`, or over loopback HTTP with
    :func:`arango_anyio.testing.serve`. Several coordinators share one store; cursors, stream
    transactions and async jobs live on the coordinator that created them.

    ``async with emu:`` runs stored async jobs in the background while the block lasts.

    :param root_password: the password of ``root``.
    :param jwt_secret: the secret HS256 tokens are signed with (random when not given), like
        ArangoDB's ``--server.jwt-secret``; text is encoded as UTF-8.
    :param jwt_secret_keyfile: a file holding the secret, read as ArangoDB reads
        ``--server.jwt-secret-keyfile`` (used when ``jwt_secret`` is not given); ``POST
        /_admin/server/jwt`` reads it again. A file that cannot be used raises ValueError.
    :param options_api: who may read ``/_admin/options`` and ``/_admin/options-description``,
        like ``--server.options-api``: ``"disabled"``, ``"jwt"`` (superuser tokens only,
        ArangoDB's default), ``"admin"`` (users with write
        access to ``_system``, as the official drivers' CI configures it) or ``"public"``.
    """

    def __init__(self, root_password: str = "", *, jwt_secret: str | bytes | None = None,
                 jwt_secret_keyfile: str | None = None, options_api: str = "jwt") -> None:
        super().__init__(root_password, jwt_secret=jwt_secret, router=all_routes(),
                         jwt_secret_keyfile=jwt_secret_keyfile, options_api=options_api)

    def http_client(self) -> EmulatorHTTPClient:
        """An HTTPClient whose sessions route to this emulator in-process (no sockets)."""
        return EmulatorHTTPClient(self)

    # -- inspection: what a test may look at on the server side ---------------------------

    def open_cursors(self, coordinator: str | None = None) -> list[str]:
        """The ids of the cursors alive on ``coordinator`` (``"c0"``, ...; all when None),
        oldest first. Cursors whose ``ttl`` ran out are gone."""
        return open_cursors(self, coordinator)

    def expire_cursors(self, coordinator: str | None = None) -> int:
        """Forget the open cursors now, as if their ``ttl`` had run out (on ``coordinator``,
        or everywhere): their next batch gets 404/1600. Returns how many were dropped."""
        return emu_expire_cursors(self, coordinator)

    def running_queries(self) -> list[str]:
        """The ids of the AQL queries executing now (every database), oldest first."""
        return list(service(self).running)

    def running_transactions(self, database: str | None = None) -> list[str]:
        """The ids of the running stream transactions (of ``database``, or all)."""
        return [trx.id for trx in self.store.transactions.running()
                if database is None or trx.database.name == database]

    def transaction_status(self, transaction_id: str) -> str:
        """``"running"``, ``"committed"`` or ``"aborted"``; KeyError for an unknown id."""
        trx = self.store.transactions.by_id.get(transaction_id)
        if trx is None:
            raise KeyError(transaction_id)
        return trx.status

    def route(self, method: str, path: str) -> tuple[str, str, dict[str, str]]:
        """How ``method path`` (a raw path, e.g. ``/_db/shop/_api/document/c/k``) is routed:
        ``(database, handler, path parameters)``, the handler as ``module.qualified_name``
        and the parameters percent-decoded. EmuError 404 when no route matches."""
        request = EmuRequest(method, path)
        self._split_database(request)
        handler, params = self.router.resolve(request.method, request.segments())
        return request.db_name, f"{handler.__module__}.{handler.__qualname__}", params

    def documents(self, collection: str, database: str = "_system") -> dict[str, Any]:
        """The committed documents of ``collection`` by key (a copy; what a client outside
        any transaction would read). KeyError when the database or collection is unknown."""
        found = self.store.databases.get(database)
        if found is None or collection not in found.collections:
            raise KeyError(f"{database}/{collection}")
        return dict(found.collections[collection].docs)
