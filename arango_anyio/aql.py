"""AQL (python-arango's ``arango.aql``): ``db.aql`` runs queries and manages the query cache,
tracking and user functions."""

from arango_anyio._api.aql.aql import AQL, QueryExecution
from arango_anyio._api.aql.cache import AQLQueryCache

__all__ = ["AQL", "AQLQueryCache", "QueryExecution"]
