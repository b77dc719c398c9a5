"""Database handles: the root of the API tree below the client."""

from __future__ import annotations

from arango_anyio._api.database.aql import AQLMixin
from arango_anyio._api.database.collections import CollectionsMixin
from arango_anyio._api.database.databases import DatabasesMixin
from arango_anyio._api.database.graphs import GraphsMixin
from arango_anyio._api.database.jobs import JobsMixin, OverloadControlMixin
from arango_anyio._api.database.server import ServerMixin
from arango_anyio._api.database.services import ExtrasMixin
from arango_anyio._api.database.transactions import TransactionsMixin
from arango_anyio._api.database.users import UsersMixin
from arango_anyio._api.database.views import ViewsMixin
from arango_anyio._api.transaction import TransactionControlMixin
from arango_anyio._connection.connection import Connection
from arango_anyio._executors.base import DefaultExecutor, Executor


class Database(
    DatabasesMixin,
    CollectionsMixin,
    AQLMixin,
    UsersMixin,
    ServerMixin,
    TransactionsMixin,
    JobsMixin,
    GraphsMixin,
    ViewsMixin,
    ExtrasMixin,
):
    """A database: collections, AQL, transactions, users, server administration, ...

    Get one with ``await client.db(name, ...)``. Creating sub-handles (``db.collection(n)``,
    ``db.aql``) does no I/O.
    """

    def __init__(self, connection: Connection, executor: Executor | None = None) -> None:
        super().__init__(connection, executor or DefaultExecutor(connection))

    @property
    def name(self) -> str:
        """The database name."""
        return self._conn.db_name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class StandardDatabase(Database):
    """A database whose calls are sent directly."""


# status() here is the transaction's (python-arango: transaction_status()), not the server's.
class TransactionDatabase(TransactionControlMixin, Database):  # type: ignore[misc]
    """A database whose calls run inside a stream transaction (see ``begin_transaction``)."""


class AsyncDatabase(Database):
    """A database whose calls are submitted as async jobs (see ``begin_async_execution``)."""


class OverloadControlDatabase(OverloadControlMixin, Database):
    """A database whose calls carry ``x-arango-max-queue-time-seconds``."""
