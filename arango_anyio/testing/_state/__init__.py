"""The emulator's data model: databases, collections, documents, indexes, users, transactions.

Nothing here knows about HTTP: handlers and the AQL bridge translate requests into calls on
:class:`~arango_anyio.testing._state.store.Store` and its parts, which raise
:class:`~arango_anyio.testing._protocol.errors.EmuError` with the server's error numbers.
"""
