"""Views (``arangosearch`` and ``search-alias``) and analyzers on the database.

Results have python-arango's shapes: view descriptions use its snake_case names
(``global_id``, ``cleanup_interval_step``, ``consolidation_policy``, ...); analyzers are the
server's objects without the ``error``/``code`` envelope.
"""

from __future__ import annotations

from collections.abc import Sequence

from arango_anyio._api.group import ApiGroup, Json, without_envelope
from arango_anyio._connection.url import segment
from arango_anyio.errno import DATA_SOURCE_NOT_FOUND
from arango_anyio.exceptions import (
    AnalyzerCreateError,
    AnalyzerDeleteError,
    AnalyzerGetError,
    AnalyzerListError,
    ViewCreateError,
    ViewDeleteError,
    ViewGetError,
    ViewListError,
    ViewRenameError,
    ViewReplaceError,
    ViewUpdateError,
)
from arango_anyio.request import Request

#: View attribute -> python-arango's name for it.
_VIEW_KEYS = (
    ("globallyUniqueId", "global_id"),
    ("id", "id"),
    ("name", "name"),
    ("type", "type"),
    ("cleanupIntervalStep", "cleanup_interval_step"),
    ("commitIntervalMsec", "commit_interval_msec"),
    ("consolidationIntervalMsec", "consolidation_interval_msec"),
    ("consolidationPolicy", "consolidation_policy"),
    ("primarySort", "primary_sort"),
    ("primarySortCompression", "primary_sort_compression"),
    ("storedValues", "stored_values"),
    ("writebufferIdle", "writebuffer_idle"),
    ("writebufferActive", "writebuffer_active"),
    ("writebufferSizeMax", "writebuffer_max_size"),
    ("links", "links"),
    ("indexes", "indexes"),
    ("primaryKeyCache", "primaryKeyCache"),
    ("primarySortCache", "primarySortCache"),
    ("optimizeTopK", "optimizeTopK"),
)

_POLICY_KEYS = (
    ("type", "type"),
    ("threshold", "threshold"),
    ("segmentsMin", "segments_min"),
    ("segmentsMax", "segments_max"),
    ("segmentsBytesMax", "segments_bytes_max"),
    ("segmentsBytesFloor", "segments_bytes_floor"),
    ("minScore", "min_score"),
    ("maxSkewThreshold", "max_skew_threshold"),
    ("minDeletionRatio", "min_deletion_ratio"),
)


def format_view(body: Json) -> Json:
    """A view description with python-arango's names (unknown attributes are left out, as
    python-arango does)."""
    result: Json = {}
    for server_name, name in _VIEW_KEYS:
        if server_name in body:
            result[name] = body[server_name]
    policy = result.get("consolidation_policy")
    if isinstance(policy, dict):
        result["consolidation_policy"] = {
            name: policy[key] for key, name in _POLICY_KEYS if key in policy}
    return result


class ViewsMixin(ApiGroup):
    """Views and analyzers."""

    # -- views ----------------------------------------------------------------------------

    async def views(self) -> list[Json]:
        """Every view of the database: ``id``, ``name``, ``type``, ``global_id``.

        ``GET /_api/view``.

        :raise ViewListError: the server refused.
        """
        request = Request("GET", "/_api/view")
        return await self._call(
            request, ViewListError, lambda r: [format_view(view) for view in r.body["result"]])

    async def view(self, name: str) -> Json:
        """A view's properties. ``GET /_api/view/{name}/properties``.

        :param name: the view's name (or id).
        :raise ViewGetError: no such view (404/1203), or the server refused.
        """
        request = Request("GET", f"/_api/view/{segment(name, 'view name')}/properties")
        return await self._call(request, ViewGetError, lambda r: format_view(r.body))

    async def view_info(self, name: str) -> Json:
        """A view's ``id``, ``name``, ``type`` and ``global_id``. ``GET /_api/view/{name}``.

        :raise ViewGetError: no such view (404/1203), or the server refused.
        """
        request = Request("GET", f"/_api/view/{segment(name, 'view name')}")
        return await self._call(request, ViewGetError, lambda r: format_view(r.body))

    async def create_view(self, name: str, view_type: str,
                          properties: Json | None = None) -> Json:
        """Create a view. ``POST /_api/view``.

        :param name: the view's name (shares the namespace of collections).
        :param view_type: ``"arangosearch"`` or ``"search-alias"``.
        :param properties: the view's properties in the server's names (``links``,
            ``indexes``, ``primarySort``, ``commitIntervalMsec``, ...).
        :return: the view's properties.
        :raise ViewCreateError: duplicate name (409/1207), a link to an unknown collection
            (404/1203), bad properties (400), ...
        """
        data: Json = {"name": name, "type": view_type}
        if properties is not None:
            data.update(properties)
        request = Request("POST", "/_api/view", data=data)
        return await self._call(request, ViewCreateError, lambda r: format_view(r.body))

    async def _change_view(self, method: str, name: str, properties: Json,
                           error: type[ViewUpdateError] | type[ViewReplaceError]) -> Json:
        request = Request(method, f"/_api/view/{segment(name, 'view name')}/properties",
                          data=properties)
        return await self._call(request, error, lambda r: format_view(r.body))

    async def update_view(self, name: str, properties: Json) -> Json:
        """Change some of a view's properties (links are merged; a link set to ``None``
        is removed). ``PATCH /_api/view/{name}/properties``.

        :raise ViewUpdateError: the server refused.
        """
        return await self._change_view("PATCH", name, properties, ViewUpdateError)

    async def replace_view(self, name: str, properties: Json) -> Json:
        """Replace a view's mutable properties (links not given are removed).
        ``PUT /_api/view/{name}/properties``.

        :raise ViewReplaceError: the server refused.
        """
        return await self._change_view("PUT", name, properties, ViewReplaceError)

    async def delete_view(self, name: str, ignore_missing: bool = False) -> bool:
        """Drop a view. ``DELETE /_api/view/{name}``.

        :param ignore_missing: return False instead of raising when there is no such view.
        :return: True when dropped, False when missing and ``ignore_missing``.
        :raise ViewDeleteError: the server refused.
        """
        request = Request("DELETE", f"/_api/view/{segment(name, 'view name')}")
        return await self._call_delete(request, ViewDeleteError, ignore_missing,
                                       DATA_SOURCE_NOT_FOUND)

    async def rename_view(self, name: str, new_name: str) -> bool:
        """Rename a view (single servers only; a cluster refuses).
        ``PUT /_api/view/{name}/rename``.

        :return: True.
        :raise ViewRenameError: the server refused.
        """
        request = Request("PUT", f"/_api/view/{segment(name, 'view name')}/rename",
                          data={"name": new_name})
        return await self._call(request, ViewRenameError, lambda r: True)

    # -- arangosearch and search-alias conveniences ----------------------------------------

    async def create_arangosearch_view(self, name: str, properties: Json | None = None
                                       ) -> Json:
        """Create an ``arangosearch`` view (see :meth:`create_view`).

        :raise ViewCreateError: the server refused.
        """
        return await self.create_view(name, "arangosearch", properties)

    async def update_arangosearch_view(self, name: str, properties: Json) -> Json:
        """Change some properties of an ``arangosearch`` view (see :meth:`update_view`).

        :raise ViewUpdateError: the server refused.
        """
        return await self.update_view(name, properties)

    async def replace_arangosearch_view(self, name: str, properties: Json) -> Json:
        """Replace the properties of an ``arangosearch`` view (see :meth:`replace_view`).

        :raise ViewReplaceError: the server refused.
        """
        return await self.replace_view(name, properties)

    async def create_search_alias_view(self, name: str, properties: Json | None = None
                                       ) -> Json:
        """Create a ``search-alias`` view over inverted indexes (``properties``:
        ``{"indexes": [{"collection": ..., "index": ...}]}``).

        :raise ViewCreateError: the server refused.
        """
        return await self.create_view(name, "search-alias", properties)

    async def update_search_alias_view(self, name: str, properties: Json) -> Json:
        """Add (or with ``"operation": "del"`` remove) indexes of a ``search-alias`` view.

        :raise ViewUpdateError: the server refused.
        """
        return await self.update_view(name, properties)

    async def replace_search_alias_view(self, name: str, properties: Json) -> Json:
        """Replace the indexes of a ``search-alias`` view.

        :raise ViewReplaceError: the server refused.
        """
        return await self.replace_view(name, properties)

    # -- analyzers ------------------------------------------------------------------------

    async def analyzers(self) -> list[Json]:
        """Every analyzer usable in this database: the built-in ones (``identity``,
        ``text_en``, ...), this database's (``db::name``) and ``_system``'s.

        ``GET /_api/analyzer``.

        :raise AnalyzerListError: the server refused.
        """
        request = Request("GET", "/_api/analyzer")
        return await self._call(request, AnalyzerListError, lambda r: list(r.body["result"]))

    async def analyzer(self, name: str) -> Json:
        """An analyzer's definition: ``name``, ``type``, ``properties``, ``features``.

        ``GET /_api/analyzer/{name}``.

        :raise AnalyzerGetError: no such analyzer (404/1202), or the server refused.
        """
        request = Request("GET", f"/_api/analyzer/{segment(name, 'analyzer name')}")
        return await self._call(request, AnalyzerGetError, lambda r: without_envelope(r.body))

    async def create_analyzer(self, name: str, analyzer_type: str,
                              properties: Json | None = None,
                              features: Sequence[str] | None = None) -> Json:
        """Create an analyzer. ``POST /_api/analyzer``.

        Creating one that exists with the same definition succeeds (200); with another
        definition the server refuses.

        :param analyzer_type: ``identity``, ``delimiter``, ``stem``, ``norm``, ``ngram``,
            ``text``, ``aql``, ``pipeline``, ``stopwords``, ``collation``, ``segmentation``,
            ``geojson``, ``geopoint``, ``minhash``, ...
        :param properties: the type's properties (``{"locale": "en", ...}``).
        :param features: any of ``frequency``, ``norm``, ``position``, ``offset``.
        :return: the stored definition (name as ``db::name``).
        :raise AnalyzerCreateError: the server refused.
        """
        data: Json = {"name": name, "type": analyzer_type}
        if properties is not None:
            data["properties"] = properties
        if features is not None:
            data["features"] = list(features)
        request = Request("POST", "/_api/analyzer", data=data)
        return await self._call(request, AnalyzerCreateError, lambda r: dict(r.body))

    async def delete_analyzer(self, name: str, force: bool = False,
                              ignore_missing: bool = False) -> bool:
        """Delete an analyzer. ``DELETE /_api/analyzer/{name}?force=...``.

        :param force: remove it even when views use it (else 409).
        :param ignore_missing: return False instead of raising when there is no such analyzer.
        :return: True when deleted, False when missing and ``ignore_missing``.
        :raise AnalyzerDeleteError: in use (409), built-in (403), or the server refused.
        """
        request = Request("DELETE", f"/_api/analyzer/{segment(name, 'analyzer name')}",
                          params={"force": force})
        return await self._call_delete(request, AnalyzerDeleteError, ignore_missing, 1202, 404)
