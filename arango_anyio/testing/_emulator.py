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
        ArangoDB's ``--server.jwt-secret``; text is encoded as UTF-8.
    :param jwt_secret_keyfile: a file holding the secret, read as ArangoDB reads
        ``--server.jwt-secret-keyfile`` (used when ``jwt_secret`` is not given); ``POST
        /_admin/server/jwt`` reads it again. A file that cannot be used raises ValueError.
    :param options_api: who may read ``/_admin/options`` and ``/_admin/options-description``,
        like ``--server.options-api``: ``"disabled"``, ``"jwt"`` (superuser tokens only,
        ArangoDB's default), ``"admin"`` (users with write
        access to ``_system``, as the official drivers' CI configures it) or ``"public"``.
    """

    def __init__(self, root_password: str = "", *, jwt_secret: str | bytes | None = None,
                 jwt_secret_keyfile: str | None = None, options_api: str = "jwt") -> None:
        super().__init__(root_password, jwt_secret=jwt_secret, router=all_routes(),
                         jwt_secret_keyfile=jwt_secret_keyfile, options_api=options_api)

    def http_client(self) -> EmulatorHTTPClient:
        """An HTTPClient whose sessions route to this emulator in-process (no sockets)."""
        return EmulatorHTTPClient(self)
