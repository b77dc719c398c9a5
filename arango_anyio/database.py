"""Database handles (python-arango's ``arango.database``): the root of the API tree below the
client. Get one with ``await client.db(name, ...)``."""

from arango_anyio._api.database.database import (
    AsyncDatabase,
    Database,
    OverloadControlDatabase,
    StandardDatabase,
    TransactionDatabase,
)

__all__ = [
    "AsyncDatabase",
    "Database",
    "OverloadControlDatabase",
    "StandardDatabase",
    "TransactionDatabase",
]
