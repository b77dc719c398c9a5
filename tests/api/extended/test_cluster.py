"""``db.cluster``: a single server's refusals, an emulated cluster of three coordinators,
``client.refresh_hosts()`` agreeing with ``endpoints()``, and requests a real coordinator
expects (documented answers: no cluster recordings exist)."""

from __future__ import annotations

import pytest

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio._api.services.cluster import endpoint_url
from arango_anyio.exceptions import (
    ClusterEndpointsError,
    ClusterHealthError,
    ClusterMaintenanceModeError,
    ClusterRebalanceError,
    ClusterServerCountError,
    ClusterServerEngineError,
    ClusterServerIDError,
    ClusterServerStatisticsError,
    ClusterServerVersionError,
    ClusterVpackSortMigrationError,
    ResponseParseError,
)
from arango_anyio.testing import Emulator, serve
from tests.api.admin.replay import documented, replay_db
from tests.conftest import ROOT_PASSWORD

pytestmark = pytest.mark.anyio

CLUSTER = "reference/http-api/cluster.md"


async def test_single_server_refuses_cluster_calls(sys_db: StandardDatabase) -> None:
    cluster = sys_db.cluster
    assert repr(cluster) == "<Cluster in _system>"
    assert await cluster.server_role() in ("SINGLE", "COORDINATOR")
    assert await cluster.server_mode() == "default"
    with pytest.raises(ClusterServerIDError) as no_id:
        await cluster.server_id()
    assert (no_id.value.http_code, no_id.value.error_code) == (500, 500)
    with pytest.raises(ClusterEndpointsError) as no_endpoints:
        await cluster.endpoints()
    assert (no_endpoints.value.http_code, no_endpoints.value.error_code) == (501, 9)
    for call, error in ((cluster.health(), ClusterHealthError),
                        (cluster.server_count(), ClusterServerCountError),
                        (cluster.toggle_maintenance_mode("on"), ClusterMaintenanceModeError),
                        (cluster.server_version("x"), ClusterServerVersionError),
                        (cluster.server_engine("x"), ClusterServerEngineError),
                        (cluster.server_statistics("x"), ClusterServerStatisticsError),
                        (cluster.calculate_imbalance(), ClusterRebalanceError)):
        with pytest.raises(error) as refused:
            await call
        assert refused.value.http_code == 403


@pytest.mark.emulator_only
async def test_emulated_cluster(cluster: ArangoClient) -> None:
    db = await cluster.db("_system", username="root", password=ROOT_PASSWORD)
    endpoints = await db.cluster.endpoints()
    assert len(endpoints) == 3 and all(e.startswith("tcp://127.0.0.1:") for e in endpoints)
    assert sorted(endpoint_url(e) or "" for e in endpoints) == sorted(cluster.hosts)

    server_id = await db.cluster.server_id()
    assert server_id.startswith("CRDN-")
    health = await db.cluster.health()
    roles = sorted(h["Role"] for h in health["Health"].values())
    assert roles == ["Agent", "Coordinator", "Coordinator", "Coordinator", "DBServer"]
    assert all(h["Status"] == "GOOD" for h in health["Health"].values())
    assert "error" not in health and health["ClusterId"]
    count = await db.cluster.server_count()
    assert count["numberOfCoordinators"] == 3 and count["numberOfDBServers"] == 1

    assert "error" not in await db.cluster.toggle_maintenance_mode("on")
    await db.cluster.toggle_maintenance_mode("off")
    with pytest.raises(ClusterMaintenanceModeError):
        await db.cluster.toggle_maintenance_mode("sometimes")
    dbserver = next(k for k, h in health["Health"].items() if h["Role"] == "DBServer")
    assert await db.cluster.server_maintenance_mode(dbserver) == {}
    await db.cluster.toggle_server_maintenance_mode(dbserver, "maintenance", timeout=60)
    assert (await db.cluster.server_version(server_id))["version"] == "3.12.10"
    assert (await db.cluster.server_engine(server_id))["name"] == "rocksdb"

    imbalance = await db.cluster.calculate_imbalance()
    assert set(imbalance) == {"leader", "shards"}
    plan = await db.cluster.calculate_rebalance_plan(max_moves=10)
    assert plan["moves"] == []
    assert (await db.cluster.rebalance(leader_changes=True))["moves"] == []
    assert await db.cluster.execute_rebalance_plan([]) is False
    with pytest.raises(ClusterVpackSortMigrationError) as migration:
        await db.cluster.vpack_sort_migration_status()
    assert migration.value.http_code == 501


@pytest.mark.emulator_only
async def test_refresh_hosts_uses_the_endpoints(emulator: Emulator) -> None:
    async with (
        serve(emulator, coordinators=3) as urls,
        ArangoClient(hosts=urls[0]) as client,
    ):
        db = await client.db("_system", username="root", password=ROOT_PASSWORD)
        endpoints = await db.cluster.endpoints()
        hosts = await client.refresh_hosts(password=ROOT_PASSWORD)
    assert sorted(hosts) == sorted(urls)
    assert sorted(hosts) == sorted(endpoint_url(e) or "" for e in endpoints)


def test_endpoint_url() -> None:
    assert endpoint_url("tcp://10.0.0.1:8529") == "http://10.0.0.1:8529"
    assert endpoint_url("ssl://[::1]:8530") == "https://[::1]:8530"
    assert endpoint_url("https://h:1") == "https://h:1"
    assert endpoint_url("unix:///tmp/arangod.sock") is None


async def test_requests_a_coordinator_expects() -> None:
    ok = {"error": False, "code": 200}
    moves = [{"from": "PRMR-a", "to": "PRMR-b", "shard": "s1", "collection": 1,
              "isLeader": True}]
    side = {"weightUsed": [1], "targetWeight": [1], "numberShards": [1],
            "numberDuplicates": [0], "imbalance": 0}
    exchanges = [
        documented("GET", "/_api/cluster/endpoints", source=CLUSTER, body={
            **ok, "endpoints": [{"endpoint": "tcp://[::1]:8530"},
                                {"endpoint": "ssl://c2:8530"}]}),
        documented("GET", "/_admin/server/id", source=CLUSTER, body={**ok, "id": "CRDN-1"}),
        documented("GET", "/_admin/cluster/health", source=CLUSTER, body={
            **ok, "ClusterId": "c", "Health": {"CRDN-1": {"Role": "Coordinator",
                                                          "Status": "GOOD"}}}),
        documented("PUT", "/_admin/cluster/maintenance", source=CLUSTER, request_body="on",
                   body=ok),
        documented("GET", "/_admin/cluster/maintenance/PRMR-a", source=CLUSTER,
                   body={**ok, "result": {"Mode": "maintenance",
                                          "Until": "2026-01-01T00:00:00Z"}}),
        documented("PUT", "/_admin/cluster/maintenance/PRMR-a", source=CLUSTER,
                   request_body={"mode": "normal", "timeout": None}, body=ok),
        documented("GET", "/_admin/cluster/rebalance", source=CLUSTER, body={
            **ok, "result": {"leader": side, "shards": side}, "pendingMoveShards": 0,
            "todoMoveShards": 0}),
        documented("POST", "/_admin/cluster/rebalance", source=CLUSTER,
                   request_body={"version": 1, "maximumNumberOfMoves": 5,
                                 "moveFollowers": False, "piFactor": 256.0,
                                 "databasesExcluded": ["_system"]},
                   body={**ok, "result": {"imbalanceBefore": {}, "imbalanceAfter": {},
                                          "moves": moves}}),
        documented("PUT", "/_admin/cluster/rebalance", source=CLUSTER,
                   request_body={"version": 1, "moveLeaders": True,
                                 "excludeSystemCollections": True},
                   body={**ok, "result": {"imbalanceBefore": {}, "imbalanceAfter": {},
                                          "moves": moves}}),
        documented("POST", "/_admin/cluster/rebalance/execute", source=CLUSTER, status=202,
                   request_body={"version": 1, "moves": moves},
                   body={"error": False, "code": 202}),
        documented("GET", "/_admin/cluster/nodeVersion", source=CLUSTER,
                   query={"ServerID": "PRMR-a"},
                   body={"server": "arango", "version": "3.12.10", "license": "enterprise"}),
        documented("GET", "/_admin/cluster/nodeStatistics", source=CLUSTER,
                   query={"ServerID": "PRMR-a"}, body={**ok, "enabled": True}),
        documented("GET", "/_admin/cluster/vpackSortMigration/status", source=CLUSTER,
                   body={**ok, "result": {"error": False, "errorCode": 0}}),
        documented("GET", "/_admin/cluster/vpackSortMigration/check", source=CLUSTER,
                   body={**ok, "result": {"affected": [], "error": False}}),
        documented("PUT", "/_admin/cluster/vpackSortMigration/migrate", source=CLUSTER,
                   body={**ok, "result": {"error": False}}),
        documented("GET", "/_api/cluster/endpoints", source=CLUSTER, body={**ok}),
    ]
    async with replay_db(*exchanges) as (db, _):
        cluster = db.cluster
        assert await cluster.endpoints() == ["tcp://[::1]:8530", "ssl://c2:8530"]
        assert await cluster.server_id() == "CRDN-1"
        assert (await cluster.health())["Health"]["CRDN-1"]["Status"] == "GOOD"
        assert await cluster.toggle_maintenance_mode("on") == {}
        assert (await cluster.server_maintenance_mode("PRMR-a"))["Mode"] == "maintenance"
        assert await cluster.toggle_server_maintenance_mode("PRMR-a", "normal") == {}
        assert (await cluster.calculate_imbalance())["leader"]["imbalance"] == 0
        plan = await cluster.calculate_rebalance_plan(max_moves=5, move_followers=False,
                                                      pi_factor=256.0,
                                                      databases_excluded=["_system"])
        assert plan["moves"] == moves
        assert (await cluster.rebalance(move_leaders=True,
                                        exclude_system_collections=True))["moves"] == moves
        assert await cluster.execute_rebalance_plan(moves) is True
        assert (await cluster.server_version("PRMR-a"))["license"] == "enterprise"
        assert (await cluster.server_statistics("PRMR-a"))["enabled"] is True
        assert (await cluster.vpack_sort_migration_status())["errorCode"] == 0
        assert (await cluster.vpack_sort_migration_index_check())["affected"] == []
        assert (await cluster.migrate_vpack_sorting())["error"] is False
        with pytest.raises(ResponseParseError):  # an answer without "endpoints"
            await cluster.endpoints()
