"""Users and permissions."""

from __future__ import annotations

from arango_anyio.api import ApiGroup


class UsersMixin(ApiGroup):
    """Users and permissions."""
