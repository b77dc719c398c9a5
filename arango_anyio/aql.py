"""AQL (python-arango's ``arango.aql``): ``db.aql`` runs queries and manages the query cache,
tracking and user functions."""

from arango_anyio._api.aql.aql import AQL
from arango_anyio._api.aql.cache import AQLQueryCache
from arango_anyio._api.aql.execution import QueryExecution

__all__ = ["AQL", "AQLQueryCache", "QueryExecution"]
