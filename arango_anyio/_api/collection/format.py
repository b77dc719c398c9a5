"""Collection and index descriptions in python-arango's snake_case shapes."""

from __future__ import annotations

from arango_anyio._api.group import Json, without_envelope

_COLLECTION_KEYS = (
    ("id", "id"),
    ("objectId", "object_id"),
    ("name", "name"),
    ("isSystem", "system"),
    ("isSmart", "smart"),
    ("waitForSync", "sync"),
    ("status", "status"),
    ("statusString", "status_string"),
    ("globallyUniqueId", "global_id"),
    ("cacheEnabled", "cache"),
    ("replicationFactor", "replication_factor"),
    ("minReplicationFactor", "min_replication_factor"),
    ("writeConcern", "write_concern"),
    ("shards", "shards"),
    ("numberOfShards", "shard_count"),
    ("shardKeys", "shard_fields"),
    ("distributeShardsLike", "shard_like"),
    ("shardingStrategy", "sharding_strategy"),
    ("smartJoinAttribute", "smart_join_attribute"),
    ("cid", "cid"),
    ("version", "version"),
    ("allowUserKeys", "user_keys"),
    ("planId", "plan_id"),
    ("deleted", "deleted"),
    ("syncByRevision", "sync_by_revision"),
    ("tempObjectId", "temp_object_id"),
    ("usesRevisionsAsDocumentIds", "rev_as_id"),
    ("isDisjoint", "disjoint"),
    ("isSmartChild", "smart_child"),
    ("minRevision", "min_revision"),
    ("schema", "schema"),
    ("internalValidatorType", "internal_validator_type"),
    ("supportsRBAC", "supportsRBAC"),
)


def format_key_options(body: Json) -> Json:
    """``keyOptions`` as python-arango names them."""
    names = {"type": "key_generator", "increment": "key_increment", "offset": "key_offset",
             "allowUserKeys": "user_keys", "lastValue": "key_last_value"}
    return {names[k]: v for k, v in body.items() if k in names}


def format_collection(body: Json) -> Json:
    """A collection description as python-arango formats it (``sync``, ``system``,
    ``key_options``, ``edge``, ...)."""
    result: Json = {}
    for server_name, name in _COLLECTION_KEYS:
        if server_name in body:
            result[name] = body[server_name]
    if "type" in body:
        result["type"] = body["type"]
        result["edge"] = body["type"] == 3
    if isinstance(body.get("keyOptions"), dict):
        result["key_options"] = format_key_options(body["keyOptions"])
    if body.get("computedValues") is not None:
        result["computedValues"] = body["computedValues"]
    return result


_STATS_KEYS = {
    "documentReferences": "document_refs",
    "lastTick": "last_tick",
    "waitingFor": "waiting_for",
    "documentsSize": "documents_size",
    "cacheInUse": "cache_in_use",
    "cacheSize": "cache_size",
    "cacheUsage": "cache_usage",
    "uncollectedLogfileEntries": "uncollected_logfile_entries",
}


def format_figures(body: Json) -> Json:
    """``figures`` with python-arango's snake_case names."""
    stats: Json = dict(body.get("figures", body))
    for server_name, name in _STATS_KEYS.items():
        if server_name in stats:
            stats[name] = stats.pop(server_name)
    return stats


_INDEX_KEYS = (
    ("type", "type"),
    ("name", "name"),
    ("deduplicate", "deduplicate"),
    ("sparse", "sparse"),
    ("unique", "unique"),
    ("minLength", "min_length"),
    ("geoJson", "geo_json"),
    ("ignoreNull", "ignore_none"),
    ("selectivityEstimate", "selectivity"),
    ("isNewlyCreated", "new"),
    ("expireAfter", "expiry_time"),
    ("inBackground", "in_background"),
    ("bestIndexedLevel", "best_indexed_level"),
    ("worstIndexedLevel", "worst_indexed_level"),
    ("maxNumCoverCells", "max_num_cover_cells"),
    ("storedValues", "storedValues"),
    ("cacheEnabled", "cacheEnabled"),
    ("legacyPolygons", "legacyPolygons"),
    ("figures", "figures"),
    ("estimates", "estimates"),
    ("analyzer", "analyzer"),
    ("cleanupIntervalStep", "cleanup_interval_step"),
    ("commitIntervalMsec", "commit_interval_msec"),
    ("consolidationIntervalMsec", "consolidation_interval_msec"),
    ("consolidationPolicy", "consolidation_policy"),
    ("features", "features"),
    ("includeAllFields", "include_all_fields"),
    ("primarySort", "primary_sort"),
    ("searchField", "search_field"),
    ("trackListPositions", "track_list_positions"),
    ("version", "version"),
    ("cache", "cache"),
    ("primaryKeyCache", "primaryKeyCache"),
    ("writebufferIdle", "writebuffer_idle"),
    ("writebufferActive", "writebuffer_active"),
    ("writebufferSizeMax", "writebuffer_max_size"),
    ("fieldValueTypes", "field_value_types"),
    ("optimizeTopK", "optimizeTopK"),
    ("params", "params"),
    ("errorMessage", "error_message"),
    ("trainingState", "training_state"),
    ("shards", "shards"),
)


def index_id(full_id: str) -> str:
    """``"coll/123"`` -> ``"123"``."""
    return full_id.split("/", 1)[-1]


def format_index(body: Json, formatter: bool = True) -> Json:
    """An index description; ``formatter=False`` keeps the server's names (as python-arango's
    ``add_index`` does) and only shortens ``id``."""
    if not formatter:
        raw = without_envelope(body)
        raw["id"] = index_id(str(body["id"]))
        return raw
    result: Json = {"id": index_id(str(body["id"])), "fields": body["fields"]}
    for server_name, name in _INDEX_KEYS:
        if server_name in body:
            result[name] = body[server_name]
    return result
