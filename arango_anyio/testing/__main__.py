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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m arango_anyio.testing",
        description="Serve an in-memory ArangoDB (arango_anyio's emulator) over HTTP.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8529,
                        help="port of the first coordinator; the next ones use port+1, ... "
                             "(0: ephemeral ports)")
    parser.add_argument("--coordinators", type=int, default=1,
                        help="number of coordinators sharing one store (default 1)")
    parser.add_argument("--root-password", default="", help="password of the root user")
    parser.add_argument("--compress-response-threshold", type=int, default=0,
                        help="compress answers of at least this many bytes for clients that "
                             "accept it (default 0: never, as the server)")
    parser.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio",
                        help="async library to run on")
    parser.add_argument("--log-level", default="WARNING", help="logging level (e.g. INFO)")
    return parser


async def _serve_until_signalled(args: argparse.Namespace) -> None:
    emu = Emulator(root_password=args.root_password)
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
    if configure_logging:
        logging.basicConfig(level=args.log_level.upper(),
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        anyio.run(_serve_until_signalled, args, backend=args.backend)
    except OSError as error:
        print(f"cannot serve: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
