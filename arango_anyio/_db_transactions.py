"""Stream and JavaScript transactions."""

from __future__ import annotations

from arango_anyio.api import ApiGroup


class TransactionsMixin(ApiGroup):
    """Stream and JavaScript transactions."""
