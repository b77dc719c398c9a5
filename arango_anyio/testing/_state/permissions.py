"""Access checks: database and collection levels of the request's user, enforced."""

from __future__ import annotations

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.auth import SUPERUSER
from arango_anyio.testing._state.collection import Collection
from arango_anyio.testing._state.docs import Checker
from arango_anyio.testing._state.users import Users, at_least


def forbidden() -> EmuError:
    """403/11: the user lacks the access level an operation needs."""
    return EmuError(11, "forbidden", http_code=403)


class Permissions:
    """Answers "may ``user`` do this?" from the users' grants."""

    def __init__(self, users: Users) -> None:
        self.users = users

    def is_superuser(self, user: str | None) -> bool:
        """True for a superuser JWT (no user name)."""
        return user == SUPERUSER

    def db_level(self, user: str | None, db: str) -> str:
        """The user's effective level on database ``db``."""
        if user is None:
            return "none"
        if user == SUPERUSER:
            return "rw"
        account = self.users.by_name.get(user)
        return account.db_level(db) if account is not None else "none"

    def collection_level(self, user: str | None, db: str, collection: str) -> str:
        """The user's effective level on ``db/collection``."""
        if user == SUPERUSER:
            return "rw"
        account = self.users.by_name.get(user) if user is not None else None
        if account is None:
            return "none"
        return account.collection_level(db, collection)

    def require_db(self, user: str | None, db: str, need: str) -> None:
        """403/11 unless ``user`` has ``need`` on database ``db``."""
        if not at_least(self.db_level(user, db), need):
            raise forbidden()

    def require_admin(self, user: str | None) -> None:
        """403/11 unless ``user`` may administer the server (rw on ``_system``)."""
        self.require_db(user, "_system", "rw")

    def checker(self, user: str | None, db: str) -> Checker | None:
        """A collection checker for :class:`~arango_anyio.testing._state.docs.Access`
        (None when the user may do anything)."""
        if user == SUPERUSER or user == "root":
            return None

        def check(collection: Collection, need: str) -> None:
            if not at_least(self.collection_level(user, db, collection.name), need):
                raise forbidden()

        return check
