"""Named graphs."""

from __future__ import annotations

from arango_anyio.api import ApiGroup


class GraphsMixin(ApiGroup):
    """Named graphs."""
