"""Logging: turn on arango_anyio's INFO records and keep only the host health changes with a
filter on the records' ``arango_event`` attribute.

From the repository root, after ``./quickstart.sh``:

    .venv/bin/python docs/examples/logging_setup.py
"""

from __future__ import annotations

import logging

import anyio

from arango_anyio import ArangoClient
from arango_anyio.testing import Emulator, serve


# [start filter]
class OnlyHealth(logging.Filter):
    """Let through the records about a host going down or coming back."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "arango_event", None) in ("host_down", "host_up")
# [end filter]


class Collect(logging.Handler):
    """Keeps the records it is given (so the program can show and check them)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def main() -> None:
    # [start setup]
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("arango_anyio").setLevel(logging.INFO)  # retries, failovers, health
    # logging.getLogger("arango_anyio").setLevel(logging.DEBUG)  # ... and one line a request
    # [end setup]
    collect = Collect()
    collect.addFilter(OnlyHealth())
    logger = logging.getLogger("arango_anyio")
    logger.addHandler(collect)
    try:
        emu = Emulator(root_password="")
        async with serve(emu, coordinators=2) as urls, ArangoClient(
            hosts=urls, host_resolver="roundrobin", max_retries=3
        ) as client:
            db = await client.db("_system", username="root", password="")
            emu.faults.down(emu.coordinator_id(0))  # one coordinator refuses connections
            for _ in range(4):
                await db.version()  # each call fails over to the other one when it must
            emu.faults.up(emu.coordinator_id(0))
    finally:
        logger.removeHandler(collect)
    events = [getattr(record, "arango_event", "") for record in collect.records]
    print("health records:", events)
    assert "host_down" in events


if __name__ == "__main__":
    anyio.run(main)
