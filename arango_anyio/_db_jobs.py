"""Async execution and overload control."""

from __future__ import annotations

from arango_anyio.api import ApiGroup


class JobsMixin(ApiGroup):
    """Async execution and overload control."""
