"""Cluster information and administration: ``db.cluster``.

Most calls are for coordinators; a single server refuses the cluster-only ones. The
coordinator list (:meth:`Cluster.endpoints`) is what :meth:`ArangoClient.refresh_hosts`
adds to the client's hosts (both use :func:`endpoint_url`).
"""

from __future__ import annotations

from arango_anyio._api.group import ApiGroup, Json, without_envelope
from arango_anyio._connection.url import segment
from arango_anyio.exceptions import (
    ClusterEndpointsError,
    ClusterHealthError,
    ClusterMaintenanceModeError,
    ClusterRebalanceError,
    ClusterServerCountError,
    ClusterServerEngineError,
    ClusterServerIDError,
    ClusterServerModeError,
    ClusterServerRoleError,
    ClusterServerStatisticsError,
    ClusterServerVersionError,
    ClusterVpackSortMigrationError,
)
from arango_anyio.request import Request


def endpoint_url(endpoint: str) -> str | None:
    """A coordinator endpoint as a host URL: ``tcp://h:p`` -> ``http://h:p``,
    ``ssl://h:p`` -> ``https://h:p`` (``http(s)://`` kept); None for other schemes
    (``unix://``, ``vst://``, ...)."""
    if endpoint.startswith("tcp://"):
        return "http://" + endpoint[6:]
    if endpoint.startswith("ssl://"):
        return "https://" + endpoint[6:]
    if endpoint.startswith(("http://", "https://")):
        return endpoint
    return None


def _rebalance_options(version: int, max_moves: int | None, leader_changes: bool | None,
                       move_leaders: bool | None, move_followers: bool | None,
                       pi_factor: float | None, exclude_system_collections: bool | None,
                       databases_excluded: list[str] | None) -> Json:
    data: Json = {"version": version}
    for key, value in (("maximumNumberOfMoves", max_moves), ("leaderChanges", leader_changes),
                       ("moveLeaders", move_leaders), ("moveFollowers", move_followers),
                       ("piFactor", pi_factor),
                       ("excludeSystemCollections", exclude_system_collections),
                       ("databasesExcluded", databases_excluded)):
        if value is not None:
            data[key] = value
    return data


class Cluster(ApiGroup):
    """Cluster information and administration. Get it as ``db.cluster``."""

    def __repr__(self) -> str:
        return f"<Cluster in {self.db_name}>"

    async def server_id(self) -> str:
        """This server's id in the cluster. ``GET /_admin/server/id``.

        :raise ClusterServerIDError: the server refused (a single server answers 500).
        """
        return await self._call(
            Request("GET", "/_admin/server/id"), ClusterServerIDError, lambda r: str(r.body["id"]))

    async def server_role(self) -> str:
        """``SINGLE``, ``COORDINATOR``, ``PRIMARY``, ``AGENT``, ... ``GET
        /_admin/server/role``.

        :raise ClusterServerRoleError: the server refused.
        """
        return await self._call(
            Request("GET", "/_admin/server/role"), ClusterServerRoleError,
            lambda r: str(r.body["role"]))

    async def server_mode(self) -> str:
        """``default`` or ``readonly``. ``GET /_admin/server/mode``.

        :raise ClusterServerModeError: the server refused.
        """
        return await self._call(
            Request("GET", "/_admin/server/mode"), ClusterServerModeError,
            lambda r: str(r.body["mode"]))

    async def server_version(self, server_id: str) -> Json:
        """The version of another server of the cluster.
        ``GET /_admin/cluster/nodeVersion?ServerID=...``.

        :raise ClusterServerVersionError: the server refused.
        """
        request = Request("GET", "/_admin/cluster/nodeVersion", params={"ServerID": server_id})
        return await self._call(
            request, ClusterServerVersionError, lambda r: without_envelope(r.body))

    async def server_engine(self, server_id: str) -> Json:
        """The storage engine of another server of the cluster.
        ``GET /_admin/cluster/nodeEngine?ServerID=...``.

        :raise ClusterServerEngineError: the server refused.
        """
        request = Request("GET", "/_admin/cluster/nodeEngine", params={"ServerID": server_id})
        return await self._call(
            request, ClusterServerEngineError, lambda r: without_envelope(r.body))

    async def server_count(self) -> Json:
        """The number of servers in the cluster: ``numberOfCoordinators``,
        ``numberOfDBServers``, ``cleanedServers``. ``GET /_admin/cluster/numberOfServers``.

        (python-arango annotates this ``int`` but returns the same object.)

        :raise ClusterServerCountError: the server refused (a single server: 403).
        """
        return await self._call(
            Request("GET", "/_admin/cluster/numberOfServers"), ClusterServerCountError,
            lambda r: without_envelope(r.body))

    async def server_statistics(self, server_id: str) -> Json:
        """The statistics of another server of the cluster.
        ``GET /_admin/cluster/nodeStatistics?ServerID=...``.

        .. warning:: DB-Server statistics are no longer available in ArangoDB 4.0; use
            :meth:`~arango_anyio.Database.metrics`.

        :raise ClusterServerStatisticsError: the server refused.
        """
        request = Request("GET", "/_admin/cluster/nodeStatistics",
                          params={"ServerID": server_id})
        return await self._call(
            request, ClusterServerStatisticsError, lambda r: without_envelope(r.body))

    async def server_maintenance_mode(self, server_id: str) -> Json:
        """Whether a DB-Server is in maintenance mode and until when (``{}`` when not).
        ``GET /_admin/cluster/maintenance/{id}``.

        :raise ClusterMaintenanceModeError: the server refused.
        """
        request = Request("GET",
                          f"/_admin/cluster/maintenance/{segment(server_id, 'server id')}")
        return await self._call(
            request, ClusterMaintenanceModeError, lambda r: r.body.get("result", {}))

    async def toggle_server_maintenance_mode(self, server_id: str, mode: str,
                                             timeout: int | None = None) -> Json:
        """Put a DB-Server in (``mode="maintenance"``) or out of (``"normal"``) maintenance
        mode. ``PUT /_admin/cluster/maintenance/{id}``.

        :param timeout: seconds the maintenance mode lasts.
        :raise ClusterMaintenanceModeError: the server refused.
        """
        request = Request("PUT",
                          f"/_admin/cluster/maintenance/{segment(server_id, 'server id')}",
                          data={"mode": mode, "timeout": timeout})
        return await self._call(
            request, ClusterMaintenanceModeError, lambda r: without_envelope(r.body))

    async def health(self) -> Json:
        """The cluster's health as the supervision sees it: ``ClusterId`` and ``Health``
        (per server: ``Role``, ``Status``, ``Endpoint``, ...). ``GET /_admin/cluster/health``.

        :raise ClusterHealthError: the server refused.
        """
        return await self._call(
            Request("GET", "/_admin/cluster/health"), ClusterHealthError,
            lambda r: without_envelope(r.body))

    async def toggle_maintenance_mode(self, mode: str) -> Json:
        """Switch the supervision's maintenance mode: ``"on"``, ``"off"`` or a duration in
        seconds (``"7200"``). ``PUT /_admin/cluster/maintenance``.

        :raise ClusterMaintenanceModeError: the server refused.
        """
        request = Request("PUT", "/_admin/cluster/maintenance", data=mode)
        return await self._call(
            request, ClusterMaintenanceModeError, lambda r: without_envelope(r.body))

    async def endpoints(self) -> list[str]:
        """The coordinators' endpoints (``tcp://host:port``). ``GET /_api/cluster/endpoints``.

        :meth:`ArangoClient.refresh_hosts` adds these to the client's hosts.

        :raise ClusterEndpointsError: the server refused (a single server answers 501/9).
        """
        return await self._call(
            Request("GET", "/_api/cluster/endpoints"), ClusterEndpointsError,
            lambda r: [str(item["endpoint"]) for item in r.body["endpoints"]])

    async def calculate_imbalance(self) -> Json:
        """The current shard imbalance (``leader``, ``shards``, ``pendingMoveShards``, ...).
        ``GET /_admin/cluster/rebalance``.

        :raise ClusterRebalanceError: the server refused.
        """
        return await self._call(
            Request("GET", "/_admin/cluster/rebalance"), ClusterRebalanceError,
            lambda r: r.body["result"])

    async def rebalance(self, version: int = 1, max_moves: int | None = None,
                        leader_changes: bool | None = None, move_leaders: bool | None = None,
                        move_followers: bool | None = None, pi_factor: float | None = None,
                        exclude_system_collections: bool | None = None,
                        databases_excluded: list[str] | None = None) -> Json:
        """Compute a rebalance plan and run it. ``PUT /_admin/cluster/rebalance``.

        :return: the imbalance before and after, and the moves.
        :raise ClusterRebalanceError: the server refused.
        """
        data = _rebalance_options(version, max_moves, leader_changes, move_leaders,
                                  move_followers, pi_factor, exclude_system_collections,
                                  databases_excluded)
        return await self._call(
            Request("PUT", "/_admin/cluster/rebalance", data=data), ClusterRebalanceError,
            lambda r: r.body["result"])

    async def calculate_rebalance_plan(
            self, version: int = 1, max_moves: int | None = None,
            leader_changes: bool | None = None, move_leaders: bool | None = None,
            move_followers: bool | None = None, pi_factor: float | None = None,
            exclude_system_collections: bool | None = None,
            databases_excluded: list[str] | None = None) -> Json:
        """Compute a rebalance plan without running it. ``POST /_admin/cluster/rebalance``.

        :return: the imbalance before and after, and the ``moves``.
        :raise ClusterRebalanceError: the server refused.
        """
        data = _rebalance_options(version, max_moves, leader_changes, move_leaders,
                                  move_followers, pi_factor, exclude_system_collections,
                                  databases_excluded)
        request = Request("POST", "/_admin/cluster/rebalance", data=data)
        return await self._call(request, ClusterRebalanceError, lambda r: r.body["result"])

    async def execute_rebalance_plan(self, moves: list[Json], version: int = 1) -> bool:
        """Run the ``moves`` of a plan. ``POST /_admin/cluster/rebalance/execute``.

        :return: True when the server accepted the moves (202), False when there was
            nothing to do (200).
        :raise ClusterRebalanceError: the server refused.
        """
        request = Request("POST", "/_admin/cluster/rebalance/execute",
                          data={"version": version, "moves": moves})
        return await self._call(request, ClusterRebalanceError, lambda r: r.body["code"] == 202)

    async def vpack_sort_migration_status(self) -> Json:
        """The status of the VelocyPack sort-order migration.
        ``GET /_admin/cluster/vpackSortMigration/status``.

        :raise ClusterVpackSortMigrationError: the server refused.
        """
        request = Request("GET", "/_admin/cluster/vpackSortMigration/status")
        return await self._call(request, ClusterVpackSortMigrationError, lambda r: r.body["result"])

    async def vpack_sort_migration_index_check(self) -> Json:
        """Which indexes the VelocyPack sort-order migration affects.
        ``GET /_admin/cluster/vpackSortMigration/check``.

        :raise ClusterVpackSortMigrationError: the server refused.
        """
        request = Request("GET", "/_admin/cluster/vpackSortMigration/check")
        return await self._call(request, ClusterVpackSortMigrationError, lambda r: r.body["result"])

    async def migrate_vpack_sorting(self) -> Json:
        """Run the VelocyPack sort-order migration.
        ``PUT /_admin/cluster/vpackSortMigration/migrate``.

        :raise ClusterVpackSortMigrationError: the server refused.
        """
        request = Request("PUT", "/_admin/cluster/vpackSortMigration/migrate")
        return await self._call(request, ClusterVpackSortMigrationError, lambda r: r.body["result"])
