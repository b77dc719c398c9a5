"""Database handles (python-arango's ``arango.database``): the root of the API tree below the
client. Get one with ``await client.db(name, ...)``."""

from typing import TYPE_CHECKING

from arango_anyio._api.database.database import (
    Database,
    OverloadControlDatabase,
    StandardDatabase,
    TransactionDatabase,
)

if TYPE_CHECKING:
    # Every call through it returns an AsyncJob: the generated protocol says so.
    from arango_anyio._api.async_types.database import AsyncDatabase
else:
    from arango_anyio._api.database.database import AsyncDatabase

__all__ = [
    "AsyncDatabase",
    "Database",
    "OverloadControlDatabase",
    "StandardDatabase",
    "TransactionDatabase",
]
