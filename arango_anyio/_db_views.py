"""Views and analyzers."""

from __future__ import annotations

from arango_anyio.api import ApiGroup


class ViewsMixin(ApiGroup):
    """Views and analyzers."""
