"""Tasks, Foxx, backup, cluster, replication, WAL, Pregel."""

from __future__ import annotations

from arango_anyio.api import ApiGroup


class ExtrasMixin(ApiGroup):
    """Tasks, Foxx, backup, cluster, replication, WAL, Pregel."""
