"""Snapshot reads: what a stream transaction (or a running query) saw when it began.

ArangoDB's RocksDB engine gives every transaction a snapshot of the database taken when it
begins: later commits by others stay invisible to it. The emulator keeps one committed
version of each document, so a snapshot records the *earlier* version of every document that
is changed after the snapshot was taken (once per key, the first time): a read through the
snapshot takes that earlier version when there is one, and the committed one otherwise.
Committed writes call :meth:`Snapshots.before_change`; nothing is copied while no snapshot
is live.
"""

from __future__ import annotations

import weakref
from typing import Any

#: A document (a plain dict), or None for "absent".
Version = dict[str, Any] | None


class Snapshot:
    """The database as one reader saw it when it began.

    ``before[collection][key]`` is the version of ``key`` at that moment (None: it did not
    exist) for every key changed since; keys not listed are unchanged since.
    """

    __slots__ = ("__weakref__", "before")

    def __init__(self) -> None:
        self.before: dict[object, dict[str, Version]] = {}

    def changed(self, collection: object) -> dict[str, Version] | None:
        """The earlier versions of ``collection``'s changed keys (None: nothing changed)."""
        return self.before.get(collection)

    def changed_since(self, collection: object, key: str) -> bool:
        """True when ``key`` was committed by someone else after this snapshot was taken."""
        changed = self.before.get(collection)
        return changed is not None and key in changed


class Snapshots:
    """The live snapshots of one database. A snapshot is live from :meth:`take` until
    :meth:`release` (or until nothing refers to it any more)."""

    __slots__ = ("_live",)

    def __init__(self) -> None:
        self._live: weakref.WeakSet[Snapshot] = weakref.WeakSet()

    def __bool__(self) -> bool:
        return bool(self._live)

    def take(self) -> Snapshot:
        """A snapshot of the committed state now."""
        snapshot = Snapshot()
        self._live.add(snapshot)
        return snapshot

    def release(self, snapshot: Snapshot | None) -> None:
        """Stop keeping ``snapshot`` up to date (its reader has finished)."""
        if snapshot is not None:
            self._live.discard(snapshot)

    def before_change(self, collection: object, key: str, old: Version) -> None:
        """Called before a committed write replaces ``old`` (the committed version of
        ``key``, None when absent): every live snapshot that has not yet seen ``key`` change
        keeps ``old``."""
        for snapshot in self._live:
            snapshot.before.setdefault(collection, {}).setdefault(key, old)
