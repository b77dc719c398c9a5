"""Cursors (python-arango's ``arango.cursor``): the results of a query, fetched in batches
from the coordinator that holds them."""

from arango_anyio._api.aql.cursor import Cursor

__all__ = ["Cursor"]
