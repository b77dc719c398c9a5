"""AQL-based reads and writes: all, find, ids, keys, random, find_*, *_match.

Every query is built from fixed text plus bind parameters: the collection is ``@@collection``,
attribute names are bind parameters used as ``doc[@name]``, and values are bind parameters.
No user value is ever formatted into the query text.
"""

from __future__ import annotations

import warnings
from collections.abc import Generator, Mapping, Sequence
from types import TracebackType
from typing import Any

from arango_anyio._api.aql.aql import AQL
from arango_anyio._api.aql.cursor import Cursor
from arango_anyio._api.aql.execution import QueryExecution
from arango_anyio._api.collection.base import CollectionBase, ensure_count, ensure_document
from arango_anyio._api.collection.indexes import IndexesMixin
from arango_anyio._api.group import Json
from arango_anyio.exceptions import (
    AQLQueryExecuteError,
    ArangoServerError,
    DocumentDeleteError,
    DocumentGetError,
    DocumentIDsError,
    DocumentKeysError,
    DocumentReplaceError,
    DocumentUpdateError,
    IndexMissingError,
    InvalidArgumentError,
    SortValidationError,
)

#: LIMIT count used when only ``skip`` is given (AQL needs a count after an offset).
_NO_LIMIT = 2**53


class CollectionQuery:
    """A collection read about to run, like :class:`~arango_anyio.QueryExecution`:
    ``await`` it for a :class:`~arango_anyio.Cursor`, or use ``async with`` to have the
    server-side cursor deleted when the block is left. Server errors are raised as the
    operation's own exception (e.g. :class:`DocumentGetError`, as python-arango does)."""

    def __init__(self, execution: QueryExecution, error_class: type[ArangoServerError]
                 ) -> None:
        self._execution = execution
        self._error_class = error_class

    def __repr__(self) -> str:
        return f"<CollectionQuery {self._execution!r}>"

    def _translate(self, exc: AQLQueryExecuteError) -> ArangoServerError:
        return self._error_class(exc.response, exc.request)

    async def _start(self) -> Cursor:
        try:
            return await self._execution
        except AQLQueryExecuteError as exc:
            raise self._translate(exc) from exc

    def __await__(self) -> Generator[Any, None, Cursor]:
        return self._start().__await__()

    async def __aenter__(self) -> Cursor:
        try:
            return await self._execution.__aenter__()
        except AQLQueryExecuteError as exc:
            raise self._translate(exc) from exc

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self._execution.__aexit__(exc_type, exc, tb)


class _Query:
    """Builds query text and bind parameters side by side."""

    def __init__(self, collection: str) -> None:
        self.lines = ["FOR doc IN @@collection"]
        self.bind_vars: dict[str, Any] = {"@collection": collection}
        self._n = 0

    def bind(self, value: Any, prefix: str = "v") -> str:
        name = f"{prefix}{self._n}"
        self._n += 1
        self.bind_vars[name] = value
        return "@" + name

    def attribute(self, field: Any) -> str:
        """``doc[@a]`` for ``"a"``; for ``"a.b"`` the attribute ``"a.b"`` when the document
        has it, else the nested ``doc[@a][@b]`` (python-arango's rule)."""
        if not isinstance(field, str) or not field:
            raise InvalidArgumentError(f"attribute names must be non-empty strings: {field!r}")
        whole = f"doc[{self.bind(field, 'f')}]"
        if "." not in field:
            return whole
        parts = field.split(".")
        if any(not part for part in parts):
            raise InvalidArgumentError(f"invalid attribute path {field!r}")
        nested = "doc" + "".join(f"[{self.bind(part, 'f')}]" for part in parts)
        return f"(HAS(doc, {self.bind(field, 'f')}) ? {whole} : {nested})"

    def filters(self, filters: Any) -> None:
        body = ensure_document(filters, "filters")
        conditions = [f"{self.attribute(field)} == {self.bind(value)}"
                      for field, value in body.items()]
        if conditions:
            self.lines.append("FILTER " + " AND ".join(conditions))

    def sort(self, sort: Any) -> None:
        if not sort:
            return
        if isinstance(sort, (str, bytes, Mapping)) or not isinstance(sort, Sequence):
            raise SortValidationError("sort must be a list of {'sort_by', 'sort_order'} dicts")
        chunks = []
        for item in sort:
            if not isinstance(item, Mapping) or "sort_by" not in item or "sort_order" not in item:
                raise SortValidationError("Each sort parameter must have 'sort_by' and "
                                          "'sort_order'.")
            order = item["sort_order"]
            if not isinstance(order, str) or order.upper() not in ("ASC", "DESC"):
                raise SortValidationError("'sort_order' must be either 'ASC' or 'DESC'")
            chunks.append(f"{self.attribute(item['sort_by'])} {order.upper()}")
        self.lines.append("SORT " + ", ".join(chunks))

    def limit(self, skip: int | None, limit: int | None) -> None:
        ensure_count("skip", skip)
        ensure_count("limit", limit)
        if skip is None and limit is None:
            return
        count = _NO_LIMIT if limit is None else limit
        self.lines.append(f"LIMIT {self.bind(skip or 0, 'skip')}, {self.bind(count, 'limit')}")

    def text(self, final: str) -> str:
        return "\n".join([*self.lines, final])


class ReadsMixin(CollectionBase):
    """Queries over the collection (``POST /_api/cursor``)."""

    def _aql(self) -> AQL:
        return AQL(self._conn, self._executor)

    def _query(self, query: _Query, final: str, error_class: type[ArangoServerError], *,
               count: bool = False, allow_dirty_read: bool = False,
               batch_size: int | None = None) -> CollectionQuery:
        execution = self._aql().execute(
            query.text(final), bind_vars=query.bind_vars, count=count, batch_size=batch_size,
            allow_dirty_read=allow_dirty_read,
        )
        return CollectionQuery(execution, error_class)

    def all(self, skip: int | None = None, limit: int | None = None,
            allow_dirty_read: bool = False, *, batch_size: int | None = None
            ) -> CollectionQuery:
        """Every document (``skip``/``limit`` optional), as a cursor:
        ``async with col.all() as cursor:`` or ``cursor = await col.all()``."""
        query = _Query(self._name)
        query.limit(skip, limit)
        return self._query(query, "RETURN doc", DocumentGetError, count=True,
                           allow_dirty_read=allow_dirty_read, batch_size=batch_size)

    def find(self, filters: Json, skip: int | None = None, limit: int | None = None,
             allow_dirty_read: bool = False, sort: Sequence[Json] | None = None, *,
             batch_size: int | None = None) -> CollectionQuery:
        """Documents whose attributes equal ``filters`` (``{"a.b": 1}`` matches nested
        attributes), sorted by ``sort`` (``[{"sort_by": "x", "sort_order": "DESC"}]``)
        before ``skip``/``limit``; a cursor as for :meth:`all`."""
        query = _Query(self._name)
        query.filters(filters)
        query.sort(sort)
        query.limit(skip, limit)
        return self._query(query, "RETURN doc", DocumentGetError, count=True,
                           allow_dirty_read=allow_dirty_read, batch_size=batch_size)

    def ids(self, allow_dirty_read: bool = False) -> CollectionQuery:
        """A cursor over every document ``_id``."""
        return self._query(_Query(self._name), "RETURN doc._id", DocumentIDsError,
                           allow_dirty_read=allow_dirty_read)

    def keys(self, allow_dirty_read: bool = False) -> CollectionQuery:
        """A cursor over every document ``_key``."""
        return self._query(_Query(self._name), "RETURN doc._key", DocumentKeysError,
                           allow_dirty_read=allow_dirty_read)

    async def random(self, allow_dirty_read: bool = False) -> Json | None:
        """A random document, or None when the collection is empty."""
        query = _Query(self._name)
        query.lines.append("SORT RAND()")
        query.lines.append("LIMIT 1")
        async with self._query(query, "RETURN doc", DocumentGetError,
                               allow_dirty_read=allow_dirty_read) as cursor:
            async for doc in cursor:
                result: Json = doc
                return result
        return None

    def find_in_range(self, field: str, lower: Any, upper: Any, skip: int | None = None,
                      limit: int | None = None, allow_dirty_read: bool = False
                      ) -> CollectionQuery:
        """Documents with ``lower <= doc[field] < upper``; a cursor as for :meth:`all`."""
        query = _Query(self._name)
        attribute = query.attribute(field)
        query.lines.append(
            f"FILTER {attribute} >= {query.bind(lower)} && {attribute} < {query.bind(upper)}"
        )
        query.limit(skip, limit)
        return self._query(query, "RETURN doc", DocumentGetError, count=True,
                           allow_dirty_read=allow_dirty_read)

    def find_by_text(self, field: str, query: str, limit: int | None = None,
                     allow_dirty_read: bool = False) -> CollectionQuery:
        """Documents matching a fulltext ``query`` on ``field`` (needs a fulltext index;
        fulltext indexes are deprecated in favour of ArangoSearch)."""
        if not isinstance(query, str):
            raise InvalidArgumentError("query must be a string")
        ensure_count("limit", limit)
        built = _Query(self._name)
        built.lines = []
        args = [built.bind(self._name, "c"), built.bind(field, "f"), built.bind(query, "q")]
        if limit is not None:
            args.append(built.bind(limit, "limit"))
        built.lines.append(f"FOR doc IN FULLTEXT({', '.join(args)})")
        del built.bind_vars["@collection"]
        return self._query(built, "RETURN doc", DocumentGetError, count=True,
                           allow_dirty_read=allow_dirty_read)

    async def find_near(self, latitude: float, longitude: float, limit: int | None = None,
                        allow_dirty_read: bool = False) -> Cursor:
        """Documents nearest to a point, nearest first (needs a geo index; deprecated as in
        python-arango, warns). Returns a cursor you close."""
        warnings.warn("find_near is deprecated in ArangoDB 4.0", DeprecationWarning,
                      stacklevel=2)
        query = _Query(self._name)
        point = await self._geo_point(query)
        origin = f"[{query.bind(float(longitude))}, {query.bind(float(latitude))}]"
        query.lines.append(f"SORT GEO_DISTANCE({point}, {origin}) ASC")
        query.limit(None, limit)
        return await self._query(query, "RETURN doc", DocumentGetError, count=True,
                                 allow_dirty_read=allow_dirty_read)

    async def find_in_radius(self, latitude: float, longitude: float, radius: float,
                             distance_field: str | None = None,
                             allow_dirty_read: bool = False) -> Cursor:
        """Documents within ``radius`` meters of a point (needs a geo index; deprecated as in
        python-arango, warns). Returns a cursor you close."""
        warnings.warn("find_in_radius is deprecated in ArangoDB 4.0", DeprecationWarning,
                      stacklevel=2)
        query = _Query(self._name)
        point = await self._geo_point(query)
        origin = f"[{query.bind(float(longitude))}, {query.bind(float(latitude))}]"
        query.lines.append(f"LET distance = GEO_DISTANCE({point}, {origin})")
        query.lines.append(f"FILTER distance <= {query.bind(float(radius))}")
        query.lines.append("SORT distance ASC")
        final = "RETURN doc"
        if distance_field is not None:
            final = f"RETURN MERGE(doc, {{[{query.bind(distance_field, 'f')}]: distance}})"
        return await self._query(query, final, DocumentGetError, count=True,
                                 allow_dirty_read=allow_dirty_read)

    async def find_in_box(self, latitude1: float, longitude1: float, latitude2: float,
                          longitude2: float, skip: int | None = None, limit: int | None = None,
                          index: str | None = None, allow_dirty_read: bool = False) -> Cursor:
        """Documents inside the rectangle with corners (``latitude1``, ``longitude1``) and
        (``latitude2``, ``longitude2``), using the geo index ``index`` (default: the first
        geo index). Returns a cursor you close."""
        query = _Query(self._name)
        point = await self._geo_point(query, index)
        lat1, lon1, lat2, lon2 = (query.bind(float(v)) for v in
                                  (latitude1, longitude1, latitude2, longitude2))
        corners = [f"[{lon1}, {lat1}]", f"[{lon2}, {lat1}]", f"[{lon2}, {lat2}]",
                   f"[{lon1}, {lat2}]", f"[{lon1}, {lat1}]"]
        query.lines.insert(0, f"LET rect = GEO_POLYGON([[{', '.join(corners)}]])")
        query.lines.append(f"FILTER GEO_CONTAINS(rect, {point})")
        query.limit(skip, limit)
        return await self._query(query, "RETURN doc", DocumentGetError, count=True,
                                 allow_dirty_read=allow_dirty_read)

    async def _geo_point(self, query: _Query, index_id: str | None = None) -> str:
        """The ``[lon, lat]`` (or GeoJSON) expression of the collection's first geo index."""
        self._executor.require_results("find_near/find_in_radius/find_in_box (they read the "
                                       "collection's geo index first)")
        assert isinstance(self, IndexesMixin)  # every collection class has both mixins
        if index_id is not None:
            index = await self.get_index(index_id)
            if index.get("type") != "geo":
                raise InvalidArgumentError(f"index {index_id!r} is not a geo index")
            candidates = [index]
        else:
            candidates = await self.indexes()
        for index in candidates:
            if index.get("type") == "geo":
                fields = index["fields"]
                if len(fields) == 1:
                    attribute = query.attribute(fields[0])
                    if index.get("geo_json"):
                        return attribute
                    return f"[{attribute}[1], {attribute}[0]]"
                return f"[{query.attribute(fields[1])}, {query.attribute(fields[0])}]"
        raise IndexMissingError(f"no geo index in collection {self._name!r}")

    # -- writes by filter ------------------------------------------------------------------

    async def _modify_match(self, query: _Query, final: str,
                            error_class: type[ArangoServerError]) -> int:
        async with self._query(query, final, error_class) as cursor:
            stats = cursor.statistics() or {}
            return int(stats.get("modified", 0))

    @staticmethod
    def _write_options(query: _Query, sync: bool | None, **options: Any) -> str:
        if sync is not None:
            options["waitForSync"] = sync
        if not options:
            return ""
        # Option names are fixed identifiers chosen here; only their values are bound.
        pairs = ", ".join(f"{name}: {query.bind(value, 'o')}" for name, value in options.items())
        return f" OPTIONS {{ {pairs} }}"

    async def update_match(self, filters: Json, body: Json, limit: int | None = None,
                           keep_none: bool = True, sync: bool | None = None,
                           merge: bool = True, allow_dirty_read: bool = False) -> int:
        """Merge ``body`` into every document matching ``filters`` (at most ``limit``);
        returns how many were updated."""
        del allow_dirty_read  # a write: never served by followers
        query = _Query(self._name)
        query.filters(filters)
        query.limit(None, limit)
        value = query.bind(dict(ensure_document(body, "body")), "body")
        options = self._write_options(query, sync, keepNull=keep_none, mergeObjects=merge)
        return await self._modify_match(
            query, f"UPDATE doc WITH {value} IN @@collection{options}", DocumentUpdateError
        )

    async def replace_match(self, filters: Json, body: Json, limit: int | None = None,
                            sync: bool | None = None, allow_dirty_read: bool = False) -> int:
        """Replace every document matching ``filters`` (at most ``limit``) with ``body``;
        returns how many were replaced."""
        del allow_dirty_read
        query = _Query(self._name)
        query.filters(filters)
        query.limit(None, limit)
        value = query.bind(dict(ensure_document(body, "body")), "body")
        options = self._write_options(query, sync)
        return await self._modify_match(
            query, f"REPLACE doc WITH {value} IN @@collection{options}", DocumentReplaceError
        )

    async def delete_match(self, filters: Json, limit: int | None = None,
                           sync: bool | None = None, allow_dirty_read: bool = False) -> int:
        """Delete every document matching ``filters`` (at most ``limit``); returns how many
        were deleted."""
        del allow_dirty_read
        query = _Query(self._name)
        query.filters(filters)
        query.limit(None, limit)
        options = self._write_options(query, sync)
        return await self._modify_match(query, f"REMOVE doc IN @@collection{options}",
                                        DocumentDeleteError)
