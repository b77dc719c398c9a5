"""The public :class:`Emulator`: a deployment with every handler, and its front ends."""

from __future__ import annotations

from arango_anyio.testing._frontends.inprocess import EmulatorHTTPClient
from arango_anyio.testing._handlers import all_routes
from arango_anyio.testing._server.deployment import Deployment


class Emulator(Deployment):
    """One in-memory ArangoDB 3.12 deployment (``_system`` exists; ``root`` has
    ``root_password``).

    Reach it in-process with :meth:`http_client`, or over loopback HTTP with
    :func:`arango_anyio.testing.serve`. Several coordinators share one store; cursors, stream
    transactions and async jobs live on the coordinator that created them.

    ``async with emu:`` runs stored async jobs in the background while the block lasts.

    :param root_password: the password of ``root``.
    :param jwt_secret: the secret HS256 tokens are signed with (random when not given), like
        ArangoDB's ``--server.jwt-secret-keyfile``; text is encoded as UTF-8.
    """

    def __init__(self, root_password: str = "", *,
                 jwt_secret: str | bytes | None = None) -> None:
        super().__init__(root_password, jwt_secret=jwt_secret, router=all_routes())

    def http_client(self) -> EmulatorHTTPClient:
        """An HTTPClient whose sessions route to this emulator in-process (no sockets)."""
        return EmulatorHTTPClient(self)
