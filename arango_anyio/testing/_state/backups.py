"""Hot backups: point-in-time copies of every database and user, restorable in place."""

from __future__ import annotations

import copy
import time
import uuid
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.store import Store


class Backup:
    """One snapshot of the store's databases and users."""

    def __init__(self, backup_id: str, datetime: str, databases: Any, users: Any,
                 tokens: Any, size: int) -> None:
        self.id = backup_id
        self.datetime = datetime
        self.databases = databases
        self.users = users
        self.tokens = tokens
        self.size = size

    def describe(self) -> dict[str, Any]:
        """The entry ``/_admin/backup/list`` shows."""
        return {"id": self.id, "version": "3.12.10", "datetime": self.datetime,
                "keys": [], "potentiallyInconsistent": False, "sizeInBytes": self.size,
                "nrFiles": len(self.databases), "nrDBServers": 1, "available": True,
                "nrPiecesPresent": 1, "countIncludesFilesOnly": False}


class Backups:
    """The backups of one deployment."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.by_id: dict[str, Backup] = {}

    def _copy(self, value: Any) -> Any:
        clock = self.store.clock
        return copy.deepcopy(value, {id(clock): clock})

    def create(self, label: str | None) -> Backup:
        """Snapshot the store now."""
        now = time.gmtime()
        stamp = time.strftime("%Y-%m-%dT%H.%M.%SZ", now)
        backup_id = f"{stamp}_{label or uuid.uuid4()}"
        store = self.store
        size = sum(len(c.docs) for d in store.databases.values()
                   for c in d.collections.values()) * 64
        backup = Backup(backup_id, time.strftime("%Y-%m-%dT%H:%M:%SZ", now),
                        self._copy(store.databases), self._copy(store.users.by_name),
                        self._copy(store.users.tokens), size)
        self.by_id[backup_id] = backup
        return backup

    def get(self, backup_id: Any) -> Backup:
        """A backup by id (404/7007 when unknown)."""
        backup = self.by_id.get(backup_id) if isinstance(backup_id, str) else None
        if backup is None:
            raise EmuError(7007, http_code=404)
        return backup

    def delete(self, backup_id: Any) -> None:
        """Forget a backup."""
        self.by_id.pop(self.get(backup_id).id)

    def restore(self, backup_id: Any) -> None:
        """Put the store back as it was (running transactions are aborted)."""
        backup = self.get(backup_id)
        store = self.store
        for trx in store.transactions.running():
            store.transactions.abort(trx)
        store.transactions.locks.clear()
        store.databases.clear()
        store.databases.update(self._copy(backup.databases))
        store.users.by_name = self._copy(backup.users)
        store.users.tokens = self._copy(backup.tokens)
        store.users.version += 1
