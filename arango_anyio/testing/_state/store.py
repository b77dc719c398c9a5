"""The whole deployment's data: databases, users, transactions, and the shared clock."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.clock import Clock
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.names import check_database_name
from arango_anyio.testing._state.transactions import TransactionManager
from arango_anyio.testing._state.users import Users


class Store:
    """Everything the coordinators of one emulated deployment share."""

    def __init__(self, root_password: str = "") -> None:
        self.clock = Clock()
        self.users = Users(root_password)
        self.transactions = TransactionManager()
        self.databases: dict[str, Database] = {}
        self.databases["_system"] = Database("_system", "1", self.clock.tick_str)

    def database(self, name: str) -> Database:
        """A database by name (404/1228 when unknown)."""
        database = self.databases.get(name)
        if database is None:
            raise EmuError(1228, http_code=404)
        return database

    def create_database(self, name: Any, options: dict[str, Any] | None = None) -> Database:
        """Create a database (1229 bad name, 1207 duplicate)."""
        name = check_database_name(name)
        if name in self.databases:
            raise EmuError(1207, http_code=409)
        database = Database(name, self.clock.tick_str(), self.clock.tick_str, options)
        self.databases[name] = database
        return database

    def drop_database(self, name: str) -> None:
        """Drop a database (403/1230 for ``_system``, 404/1228 when unknown)."""
        if name == "_system":
            raise EmuError(1230, http_code=403)
        database = self.database(name)
        for trx in list(self.transactions.by_id.values()):
            if trx.database is database and trx.status == "running":
                self.transactions.abort(trx)
        del self.databases[name]
        self.users.drop_database(name)
