"""An in-memory ArangoDB for tests and demos: in-process, over loopback HTTP, or as a command.

.. code-block:: python

    emu = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529", http_client=emu.http_client()) as c:
        ...
    async with serve(emu, coordinators=3) as urls:          # real HTTP on 127.0.0.1
        async with ArangoClient(hosts=urls, host_resolver="roundrobin") as c:
            ...

Where it differs from ArangoDB 3.12, and why: ``docs/emulator-gaps.md``.
"""

from arango_anyio._public import publish
from arango_anyio.testing._emulator import Emulator
from arango_anyio.testing._frontends.inprocess import EmulatorHTTPClient
from arango_anyio.testing._frontends.serve import serve
from arango_anyio.testing._server.faults import DropConnection, Faults, InjectedFault

__all__ = [
    "DropConnection",
    "Emulator",
    "EmulatorHTTPClient",
    "Faults",
    "InjectedFault",
    "serve",
]

publish(__name__, globals(), __all__)
