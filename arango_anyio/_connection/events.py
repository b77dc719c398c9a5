"""The records the ``arango_anyio`` logger writes about the connection's work.

One function per record, named after it, so that every record is written in one place; each
is documented in ``docs/topics/logging.md`` (a test keeps the two in step). Every record carries
``arango_event`` (its name) and its fields as attributes, for filters and structured
handlers. No record ever holds a password, a token, an ``Authorization`` value, a request body
or a query string: hosts and endpoint paths only (names in paths are the user's own,
percent-encoded).

INFO: ``retry``, ``failover``, ``back_off`` (one per retry), ``host_down``, ``host_up``,
``cleanup``, ``hosts_refreshed``. WARNING: ``cleanup_failed``, ``hosts_refresh_failed``.
DEBUG: ``request``, ``request_failed`` (one per attempt), ``jwt_renewed``.
"""

from __future__ import annotations

import logging

logger = logging.getLogger("arango_anyio")


def request(method: str, path: str, host: str, status: int, seconds: float) -> None:
    logger.debug("%s %s on %s: HTTP %d in %.1f ms", method, path, host, status, seconds * 1000,
                 extra={"arango_event": "request", "method": method, "path": path,
                        "host": host, "status": status, "seconds": seconds})


def request_failed(method: str, path: str, host: str, reason: str) -> None:
    logger.debug("%s %s on %s failed: %s", method, path, host, reason,
                 extra={"arango_event": "request_failed", "method": method, "path": path,
                        "host": host, "reason": reason})


def retry(method: str, path: str, host: str, attempt: int, reason: str) -> None:
    logger.info("%s %s: attempt %d on %s: %s", method, path, attempt, host, reason,
                extra={"arango_event": "retry", "method": method, "path": path, "host": host,
                       "attempt": attempt, "reason": reason})


def failover(method: str, path: str, source: str, reason: str) -> None:
    logger.info("%s %s: moving from %s to another coordinator: %s", method, path, source,
                reason, extra={"arango_event": "failover", "method": method, "path": path,
                               "host": source, "reason": reason})


def back_off(method: str, path: str, seconds: float, attempt: int, reason: str) -> None:
    logger.info("%s %s: backing off %.3f s before attempt %d: %s", method, path, seconds,
                attempt, reason, extra={"arango_event": "back_off", "method": method,
                                        "path": path, "seconds": seconds, "attempt": attempt,
                                        "reason": reason})


def host_down(host: str, reason: str) -> None:
    logger.info("host %s marked unhealthy: %s", host, reason,
                extra={"arango_event": "host_down", "host": host, "reason": reason})


def host_up(host: str, how: str) -> None:
    logger.info("host %s is healthy again (%s)", host, how,
                extra={"arango_event": "host_up", "host": host, "reason": how})


def cleanup(what: str, host: str | None) -> None:
    logger.info("removed %s left on %s by a cancelled call", what, host,
                extra={"arango_event": "cleanup", "what": what, "host": host})


def cleanup_failed(what: str, host: str | None, reason: str) -> None:
    logger.warning("could not remove %s left on %s by a cancelled call (%s); the server drops "
                   "it when it times out", what, host, reason,
                   extra={"arango_event": "cleanup_failed", "what": what, "host": host,
                          "reason": reason})


def hosts_refreshed(added: list[str], hosts: list[str]) -> None:
    logger.info("host list refreshed: added %s; now %d host(s)", ", ".join(added), len(hosts),
                extra={"arango_event": "hosts_refreshed", "added": list(added),
                       "hosts": list(hosts)})


def hosts_refresh_failed(reason: str) -> None:
    logger.warning("periodic host refresh failed: %s", reason,
                   extra={"arango_event": "hosts_refresh_failed", "reason": reason})


def jwt_renewed(username: str, expires_in: float | None, in_background: bool) -> None:
    how = "renewed in the background" if in_background else "fetched"
    lifetime = "no expiry" if expires_in is None else f"expires in {expires_in:.0f} s"
    logger.debug("JWT for user %r %s (%s)", username, how, lifetime,
                 extra={"arango_event": "jwt_renewed", "username": username,
                        "expires_in": expires_in, "background": in_background})
