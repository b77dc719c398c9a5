"""Fault injection: coordinators down/up, error answers, latency, connection resets, queue time.

The emulator calls :meth:`Faults.on_request` before handling a request and
:meth:`Faults.on_response` after; front ends turn :class:`DropConnection` into a refused or
reset connection and ask :meth:`Faults.is_down` before accepting work for a coordinator.
Every injection is recorded in :attr:`Faults.log` and counted in :attr:`Faults.counts`, and
:meth:`Faults.clear` undoes them all.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import anyio

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, error_response

logger = logging.getLogger("arango_anyio.testing")

PathMatch = str | re.Pattern[str] | None
#: ``callback(coordinator, down)``: told when a coordinator goes down or comes back up.
Watcher = Callable[[str, bool], None]


class DropConnection(Exception):
    """The front end must drop the connection; ``applied`` tells if the request took effect."""

    def __init__(self, *, applied: bool, refused: bool = False) -> None:
        super().__init__("connection dropped by fault injection")
        self.applied = applied
        self.refused = refused


@dataclass(frozen=True)
class InjectedFault:
    """One fault that was injected (an entry of ``Faults.log``)."""

    kind: str  #: "down", "up", "error", "reset_before", "reset_after", "latency", ...
    #: The coordinator it concerned (``None`` when not one in particular).
    coordinator: str | None = None
    #: The HTTP method of the request it hit, if it hit one.
    method: str | None = None
    #: The path of the request it hit, if it hit one.
    path: str | None = None
    #: What was injected, in words (the status answered, the latency added, ...).
    detail: str = ""
    #: When (``time.time()``).
    at: float = 0.0


@dataclass
class _Rule:
    """Answer (or reset) the next ``remaining`` requests that match."""

    remaining: int
    method: str | None
    path: PathMatch
    status: int = 503
    error_num: int = 503
    message: str | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.path is None:
            return True
        if isinstance(self.path, str):
            return path.startswith(self.path)
        return self.path.search(path) is not None


@dataclass
class _Chaos:
    rate_503: float
    rate_reset: float
    rng: random.Random
    method: str | None
    path: PathMatch


def _route_path(path: str) -> str:
    """The path without its ``/_db/{name}`` prefix (what rules match against)."""
    if path.startswith("/_db/"):
        end = path.find("/", 5)
        return path[end:] if end != -1 else "/"
    return path


class Faults:
    """Fault injection switchboard for one emulator; every injection is observable and
    reversible.

    ``log`` keeps the most recent injections (:class:`InjectedFault`), ``counts`` counts them
    by kind for the whole run. Call its methods from the event loop's thread (the loopback
    server closes and reopens its listeners synchronously inside :meth:`down` and :meth:`up`).
    """

    def __init__(self, *, log_size: int = 10_000) -> None:
        self.log: deque[InjectedFault] = deque(maxlen=log_size)
        self.counts: Counter[str] = Counter()
        self._down: set[str] = set()
        self._errors: list[_Rule] = []
        self._resets_before: list[_Rule] = []
        self._resets_after: list[_Rule] = []
        self._latency: dict[str | None, float] = {}
        self._queue_time = 0.0
        self._chaos: _Chaos | None = None
        self._watchers: list[Watcher] = []
        self._expirers: dict[str, list[Callable[[], object]]] = {}
        self._doomed: dict[int, EmuRequest] = {}  # requests to reset after they are applied

    def __repr__(self) -> str:
        return f"<Faults down={sorted(self._down)} injected={sum(self.counts.values())}>"

    # bookkeeping ---------------------------------------------------------------------------
    def _record(self, kind: str, request: EmuRequest | None = None, detail: str = "",
                coordinator: str | None = None) -> None:
        self.counts[kind] += 1
        self.log.append(InjectedFault(
            kind, request.coordinator if request is not None else coordinator,
            request.method if request is not None else None,
            request.path if request is not None else None, detail, time.time(),
        ))

    def watch(self, watcher: Watcher) -> Callable[[], None]:
        """Call ``watcher(coordinator, down)`` on every down/up; returns the unsubscribe."""
        self._watchers.append(watcher)

        def unwatch() -> None:
            if watcher in self._watchers:
                self._watchers.remove(watcher)

        return unwatch

    def statistics(self) -> dict[str, object]:
        """What is injected right now, and how many faults of each kind were injected."""
        return {
            "down": sorted(self._down),
            "pending_errors": sum(r.remaining for r in self._errors),
            "pending_resets": sum(r.remaining for r in self._resets_before + self._resets_after),
            "latency": dict(self._latency),
            "queue_time": self._queue_time,
            "random": self._chaos is not None,
            "counts": dict(self.counts),
        }

    # coordinators --------------------------------------------------------------------------
    def down(self, coordinator: str) -> None:
        """Take ``coordinator`` down: new connections are refused, open ones dropped."""
        if coordinator in self._down:
            return
        self._down.add(coordinator)
        self._record("down", coordinator=coordinator)
        for watcher in list(self._watchers):
            watcher(coordinator, True)

    def up(self, coordinator: str) -> None:
        """Bring ``coordinator`` back: it accepts connections again (same address)."""
        if coordinator not in self._down:
            return
        self._down.discard(coordinator)
        self._record("up", coordinator=coordinator)
        for watcher in list(self._watchers):
            watcher(coordinator, False)

    def is_down(self, coordinator: str) -> bool:
        """True while ``coordinator`` refuses connections."""
        return coordinator in self._down

    # answers -------------------------------------------------------------------------------
    def fail_next(self, n: int = 1, status: int = 503, error_num: int = 503, *,
                  method: str | None = None, path: PathMatch = None,
                  message: str | None = None) -> None:
        """Answer the next ``n`` matching requests with an error, without applying them.

        ``method`` matches exactly; ``path`` is a prefix of the path without its
        ``/_db/{name}`` part (e.g. ``"/_api/document"``) or a compiled regular expression.
        """
        if n > 0:
            self._errors.append(_Rule(n, method and method.upper(), path, status, error_num,
                                      message))

    def reset_next(self, n: int = 1, when: Literal["before", "after"] = "before", *,
                   method: str | None = None, path: PathMatch = None) -> None:
        """Drop the connection of the next ``n`` matching requests without an answer.

        ``when="before"``: the request is not applied. ``when="after"``: it is applied and
        only the answer is lost (the client cannot know which happened).
        """
        if when not in ("before", "after"):
            raise ValueError("when must be 'before' or 'after'")
        if n > 0:
            rules = self._resets_before if when == "before" else self._resets_after
            rules.append(_Rule(n, method and method.upper(), path))

    def add_latency(self, seconds: float, coordinator: str | None = None) -> None:
        """Delay every request (to ``coordinator`` only, if given) by ``seconds`` more."""
        self._latency[coordinator] = self._latency.get(coordinator, 0.0) + seconds

    def clear_latency(self) -> None:
        """Remove all injected latency."""
        self._latency.clear()

    def set_queue_time(self, seconds: float) -> None:
        """Report ``seconds`` in the ``x-arango-queue-time-seconds`` header of every answer.

        Requests whose ``x-arango-max-queue-time-seconds`` is below it are refused with
        412/21004 without being run, as the server does.
        """
        self._queue_time = max(0.0, seconds)

    def random_faults(self, rate_503: float = 0.05, rate_reset: float = 0.01,
                      seed: int | None = None, *, method: str | None = None,
                      path: PathMatch = None) -> None:
        """Chaos mode: each matching request gets a 503 with probability ``rate_503`` or a
        connection reset with probability ``rate_reset`` (half before, half after applying).
        """
        if not (0 <= rate_503 <= 1 and 0 <= rate_reset <= 1 and rate_503 + rate_reset <= 1):
            raise ValueError("rates must be probabilities adding up to at most 1")
        self._chaos = _Chaos(rate_503, rate_reset, random.Random(seed),
                             method and method.upper(), path)

    def stop_random_faults(self) -> None:
        """End chaos mode."""
        self._chaos = None

    # server-side state ---------------------------------------------------------------------
    def add_expirer(self, kind: Literal["cursors", "transactions"],
                    expire: Callable[[], object]) -> None:
        """Register what :meth:`expire_cursors` / :meth:`expire_transactions` call (the stores
        of cursors and stream transactions provide them)."""
        self._expirers.setdefault(kind, []).append(expire)

    def add_cursor_expirer(self, expire: Callable[[], object]) -> None:
        """Register what :meth:`expire_cursors` calls (same as ``add_expirer("cursors", ...)``).
        """
        self.add_expirer("cursors", expire)

    def expire_cursors(self) -> None:
        """Expire every open cursor now (their next batch request gets 404/1600)."""
        self._expire("cursors")

    def expire_transactions(self) -> None:
        """Expire every running stream transaction now (aborted; next use gets 404/1655)."""
        self._expire("transactions")

    def _expire(self, kind: str) -> None:
        self._record("expire_" + kind)
        for expire in list(self._expirers.get(kind, ())):
            expire()

    def clear(self) -> None:
        """Undo every injection: coordinators up, rules, latency, queue time, chaos."""
        for coordinator in sorted(self._down):
            self.up(coordinator)
        self._errors.clear()
        self._resets_before.clear()
        self._resets_after.clear()
        self._latency.clear()
        self._queue_time = 0.0
        self._chaos = None
        self._doomed.clear()

    # pipeline hooks ------------------------------------------------------------------------
    @staticmethod
    def _take(rules: list[_Rule], method: str, path: str) -> _Rule | None:
        for rule in rules:
            if rule.matches(method, path):
                rule.remaining -= 1
                if rule.remaining <= 0:
                    rules.remove(rule)
                return rule
        return None

    def _latency_for(self, coordinator: str) -> float:
        return self._latency.get(None, 0.0) + self._latency.get(coordinator, 0.0)

    async def on_request(self, request: EmuRequest) -> EmuResponse | None:
        """Called before handling: may sleep, return an early answer, or raise DropConnection."""
        if self._latency:
            delay = self._latency_for(request.coordinator)
            if delay > 0:
                self._record("latency", request, f"{delay:.3f}s")
                await anyio.sleep(delay)
        if self._queue_time:
            violated = _queue_time_violated(request, self._queue_time)
            if violated is not None:
                self._record("queue_time_violated", request)
                return violated
        if not (self._errors or self._resets_before or self._chaos):
            return None
        method, path = request.method, _route_path(request.path)
        if self._resets_before and self._take(self._resets_before, method, path):
            self._record("reset_before", request)
            raise DropConnection(applied=False)
        rule = self._take(self._errors, method, path) if self._errors else None
        if rule is not None:
            self._record("error", request, f"{rule.status}/{rule.error_num}")
            return error_response(EmuError(rule.error_num, rule.message, rule.status))
        chaos = self._chaos
        if chaos is not None and _matches(chaos.method, chaos.path, method, path):
            roll = chaos.rng.random()
            if roll < chaos.rate_503:
                self._record("error", request, "503/503 (random)")
                return error_response(EmuError(503, None, 503))
            if roll < chaos.rate_503 + chaos.rate_reset / 2:
                self._record("reset_before", request, "random")
                raise DropConnection(applied=False)
            if roll < chaos.rate_503 + chaos.rate_reset:
                self._doomed[id(request)] = request  # holding it keeps its id unique
        return None

    def on_response(self, request: EmuRequest, response: EmuResponse) -> EmuResponse:
        """Called after handling: may rewrite the answer or raise DropConnection(applied=True)."""
        if self._doomed and self._doomed.pop(id(request), None) is not None:
            self._record("reset_after", request, "random")
            raise DropConnection(applied=True)
        if self._resets_after and self._take(self._resets_after, request.method,
                                             _route_path(request.path)):
            self._record("reset_after", request)
            raise DropConnection(applied=True)
        if self._queue_time:
            response.headers["x-arango-queue-time-seconds"] = f"{self._queue_time:.6f}"
        return response


def _matches(method: str | None, path: PathMatch, req_method: str, req_path: str) -> bool:
    return _Rule(1, method, path).matches(req_method, req_path)


def _queue_time_violated(request: EmuRequest, queue_time: float) -> EmuResponse | None:
    """412/21004 when the request waited longer than its ``x-arango-max-queue-time-seconds``
    (the server rejects it without running it)."""
    limit = request.headers.get("x-arango-max-queue-time-seconds")
    if not limit:
        return None
    try:
        seconds = float(limit)
    except ValueError:
        return None
    if seconds <= 0 or queue_time <= seconds:
        return None
    response = error_response(EmuError(21004, http_code=412))
    response.headers["x-arango-queue-time-seconds"] = f"{queue_time:.6f}"
    return response
