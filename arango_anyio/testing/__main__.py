"""``python -m arango_anyio.testing``: serve an in-memory ArangoDB over HTTP until signalled.

Prints the URL of each coordinator, one per line, then serves until SIGINT or SIGTERM and exits
with status 0.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence

import anyio

from arango_anyio.testing._emulator import Emulator
from arango_anyio.testing._frontends.serve import serve
from arango_anyio.testing._server.deployment import OPTIONS_API_MODES
from arango_anyio.testing._server.jwt_secrets import (
    MAX_JWT_SECRET_BYTES,
    JwtSecretError,
    check_jwt_secret,
    read_jwt_secret_keyfile,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m arango_anyio.testing",
        description="Serve an in-memory ArangoDB (arango_anyio's emulator) over HTTP.",
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8529,
                        help="port of the first coordinator; the next ones use port+1, ...; "
                             "0 for ephemeral ports (default: %(default)s)")
    parser.add_argument("--coordinators", type=int, default=1,
                        help="number of coordinators sharing one store (default: %(default)s)")
    parser.add_argument("--root-password", default="",
                        help="password of the root user (default: empty)")
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument("--jwt-secret", metavar="SECRET", default=None,
                        help="secret that JWTs are signed and verified with (HS256, at most "
                             f"{MAX_JWT_SECRET_BYTES} bytes), like ArangoDB's "
                             "--server.jwt-secret (default: a random secret)")
    secret.add_argument("--jwt-secret-keyfile", metavar="PATH", default=None,
                        help="file holding the JWT secret, like ArangoDB's "
                             "--server.jwt-secret-keyfile: its whole content, spaces, tabs and "
                             "line breaks at both ends trimmed (default: none, see --jwt-secret)")
    parser.add_argument("--options-api", choices=OPTIONS_API_MODES, default="jwt",
                        help="who may read /_admin/options and /_admin/options-description, "
                             "like ArangoDB's --server.options-api: disabled, jwt (superuser "
                             "tokens), admin (write access to _system) or public "
                             "(default: %(default)s)")
    parser.add_argument("--compress-response-threshold", type=int, default=0,
                        help="compress answers of at least this many bytes for clients that "
                             "accept it (default: %(default)s, never, as the server)")
    parser.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio",
                        help="async library to run on (default: %(default)s)")
    parser.add_argument("--log-level", default="WARNING",
                        help="logging level, e.g. INFO (default: %(default)s)")
    return parser


def _jwt_secret(args: argparse.Namespace) -> bytes | None:
    """The secret the options name; None (a random one) when they name none or an empty one."""
    if args.jwt_secret_keyfile is not None:
        secret = read_jwt_secret_keyfile(args.jwt_secret_keyfile)
    elif args.jwt_secret is not None:
        secret = check_jwt_secret(args.jwt_secret.encode())
    else:
        return None
    if not secret:
        print("the JWT secret is empty: using a random secret", file=sys.stderr)
        return None
    return secret


async def _serve_until_signalled(args: argparse.Namespace, jwt_secret: bytes | None) -> None:
    emu = Emulator(root_password=args.root_password, jwt_secret=jwt_secret,
                   jwt_secret_keyfile=args.jwt_secret_keyfile, options_api=args.options_api)
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async with serve(emu, coordinators=args.coordinators, host=args.host, port=args.port,
                         compress_response_threshold=args.compress_response_threshold) as urls:
            for url in urls:
                print(url, flush=True)
            async for _ in signals:
                break


def main(argv: Sequence[str] | None = None, *, configure_logging: bool = True) -> int:
    """Run the command; returns the exit status (0 after a signal, 1 when it cannot listen,
    2 for bad arguments)."""
    args = _parser().parse_args(argv)
    if args.coordinators < 1:
        print("--coordinators must be at least 1", file=sys.stderr)
        return 2
    try:
        jwt_secret = _jwt_secret(args)
    except JwtSecretError as error:
        print(error, file=sys.stderr)
        return 2
    if configure_logging:
        logging.basicConfig(level=args.log_level.upper(),
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        anyio.run(_serve_until_signalled, args, jwt_secret, backend=args.backend)
    except OSError as error:
        print(f"cannot serve: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
