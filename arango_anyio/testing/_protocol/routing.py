"""Route table: method + path pattern -> handler.

Patterns are written like ``/_api/document/{collection}/{key}``; a last segment ``{rest*}``
matches one or more remaining segments (joined with ``/``). Segments are matched after
splitting the raw path on ``/`` and percent-decoding each one, so encoded slashes stay inside
their segment.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuResponse

Handler = Callable[..., EmuResponse | Awaitable[EmuResponse]]


class _Route:
    __slots__ = ("handler", "parts", "rest")

    def __init__(self, pattern: str, handler: Handler) -> None:
        self.parts = [p for p in pattern.split("/") if p]
        self.rest = bool(self.parts) and self.parts[-1].endswith("*}")
        self.handler = handler

    def match(self, segments: list[str]) -> dict[str, str] | None:
        parts = self.parts
        if self.rest:
            if len(segments) < len(parts):
                return None
        elif len(segments) != len(parts):
            return None
        params: dict[str, str] = {}
        for i, part in enumerate(parts):
            if part.startswith("{"):
                name = part[1:-1]
                if name.endswith("*"):
                    params[name[:-1]] = "/".join(segments[i:])
                    return params
                params[name] = segments[i]
            elif part != segments[i]:
                return None
        return params


class Router:
    """Routes grouped by their first two literal segments for a quick lookup."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], list[tuple[str, _Route]]] = {}

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        """Register ``handler`` for ``method`` (or ``*``) and ``pattern``."""
        route = _Route(pattern, handler)
        first, second = ([p if not p.startswith("{") else "" for p in route.parts] + ["", ""])[:2]
        if not first:
            second = ""
        self._routes.setdefault((first, second), []).append((method.upper(), route))

    def route(self, method: str, pattern: str) -> Callable[[Handler], Handler]:
        """Decorator form of :meth:`add`."""

        def register(handler: Handler) -> Handler:
            self.add(method, pattern, handler)
            return handler

        return register

    def resolve(self, method: str, segments: list[str]) -> tuple[Handler, dict[str, str]]:
        """Find the handler for a request; 404 for an unknown path, 405 for a wrong method."""
        first, second = ([*segments, "", ""])[:2]
        path_matched = False
        for k in ((first, second), (first, ""), ("", "")):
            for route_method, route in self._routes.get(k, ()):
                params = route.match(segments)
                if params is None:
                    continue
                path_matched = True
                if route_method == method or route_method == "*":
                    return route.handler, params
        if path_matched:
            raise EmuError(405, "method not supported", http_code=405)
        raise EmuError(404, "unknown path '/" + "/".join(segments) + "'", http_code=404)


def merge(*routers: Router) -> Router:
    """A router holding the routes of all ``routers`` (handler modules each export one)."""
    out = Router()
    for router in routers:
        for key, routes in router._routes.items():
            out._routes.setdefault(key, []).extend(routes)
    return out


