"""AQL access from a database handle."""

from __future__ import annotations

from arango_anyio.api import ApiGroup


class AQLMixin(ApiGroup):
    """AQL access from a database handle (``db.aql``)."""
