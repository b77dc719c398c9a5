"""Collection management and documents by _id."""

from __future__ import annotations

from arango_anyio.api import ApiGroup


class CollectionsMixin(ApiGroup):
    """Collection management and documents by _id."""
