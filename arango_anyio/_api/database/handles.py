"""The handles of the API areas below a database (no I/O): ``db.aql``, ``db.foxx``,
``db.backup``, ``db.cluster``, ``db.replication``, ``db.wal``, ``db.pregel``."""

from __future__ import annotations

from arango_anyio._api.aql.aql import AQL
from arango_anyio._api.group import ApiGroup
from arango_anyio._api.services.backup import Backup
from arango_anyio._api.services.cluster import Cluster
from arango_anyio._api.services.foxx import Foxx
from arango_anyio._api.services.pregel import Pregel
from arango_anyio._api.services.replication import Replication
from arango_anyio._api.services.wal import WAL


class HandlesMixin(ApiGroup):
    """The handles of AQL, Foxx, backup, cluster, replication, WAL and Pregel."""

    @property
    def aql(self) -> AQL:
        """The AQL API (no I/O): ``db.aql.execute(...)``, ``explain``, ``validate``, ...

        It shares this handle's connection and executor: inside a stream transaction its
        queries and cursors run in the transaction, under async execution they are jobs.
        """
        return AQL(self._conn, self._executor)

    @property
    def foxx(self) -> Foxx:
        """Foxx services of this database.

        .. warning:: Foxx is no longer available in ArangoDB 4.0.
        """
        return Foxx(self._conn, self._executor)

    @property
    def backup(self) -> Backup:
        """Hot backups of the deployment (Enterprise Edition)."""
        return Backup(self._conn, self._executor)

    @property
    def cluster(self) -> Cluster:
        """Cluster information and administration (coordinators)."""
        return Cluster(self._conn, self._executor)

    @property
    def replication(self) -> Replication:
        """Replication: inventory, dump batches, logger state, applier (removed parts
        warn)."""
        return Replication(self._conn, self._executor)

    @property
    def wal(self) -> WAL:
        """The write-ahead log: flush, tick ranges, last tick, tailing."""
        return WAL(self._conn, self._executor)

    @property
    def pregel(self) -> Pregel:
        """Pregel jobs.

        .. deprecated:: Pregel was removed in ArangoDB 3.12; every call warns
            (``DeprecationWarning``) and a 3.12 server answers 404.
        """
        return Pregel(self._conn, self._executor)
