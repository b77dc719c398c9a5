"""AQL access from a database handle."""

from __future__ import annotations

from arango_anyio._api.aql.aql import AQL
from arango_anyio._api.group import ApiGroup


class AQLMixin(ApiGroup):
    """AQL access from a database handle (``db.aql``)."""

    @property
    def aql(self) -> AQL:
        """The AQL API (no I/O): ``db.aql.execute(...)``, ``explain``, ``validate``, ...

        It shares this handle's connection and executor: inside a stream transaction its
        queries and cursors run in the transaction, under async execution they are jobs.
        """
        return AQL(self._conn, self._executor)
