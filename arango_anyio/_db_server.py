"""Server information and administration."""

from __future__ import annotations

from typing import Any

from arango_anyio.api import ApiGroup
from arango_anyio.exceptions import ServerVersionError
from arango_anyio.request import Request
from arango_anyio.response import Response


class ServerMixin(ApiGroup):
    """Server information and administration."""

    async def version(self, details: bool = False) -> Any:
        """The server version string, or the full answer with ``details=True``.

        ``GET /_api/version``.
        """
        request = Request("GET", "/_api/version", params={"details": details})

        def handler(response: Response) -> Any:
            if not response.is_success:
                raise ServerVersionError(response, request)
            return response.body if details else response.body["version"]

        return await self._execute(request, handler)
