"""Per-query run state (warnings, statistics, SLEEP total) and the function registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from arango_anyio.testing._aql.context import QueryContext
from arango_anyio.testing._protocol import slices
from arango_anyio.testing._protocol.errors import EmuError

#: Rows between two looks at the clock (see :meth:`Runtime.tick`).
TICK_EVERY = 32

STAT_KEYS = (
    "writesExecuted", "writesIgnored", "documentLookups", "seeks", "scannedFull",
    "scannedIndex", "cursorsCreated", "cursorsRearmed", "cacheHits", "cacheMisses", "filtered",
    "httpRequests",
)


@dataclass
class Runtime:
    """Everything one query run shares: the store context, bind values, warnings, stats."""

    ctx: QueryContext
    bind_vars: dict[str, Any]
    fail_on_warning: bool = False
    max_warning_count: int = 10
    full_count_wanted: bool = False
    user: str | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAT_KEYS, 0))
    sleep_seconds: float = 0.0
    full_count: int | None = None
    memory_limit: int = 0
    memory_used: int = 0
    _countdown: int = TICK_EVERY

    def tick(self) -> None:
        """Called once per row in the executor's loops: every :data:`TICK_EVERY` rows, a
        checkpoint of the sliced run (the event loop gets a turn when the slice is used up;
        a killed or cancelled query stops here)."""
        self._countdown -= 1
        if self._countdown <= 0:
            self._countdown = TICK_EVERY
            slices.checkpoint()

    def charge(self, size: int) -> None:
        """Account ``size`` bytes (a rough estimate) against the query's ``memoryLimit``."""
        self.memory_used += size
        if self.memory_limit and self.memory_used > self.memory_limit:
            raise EmuError(32, "AQL: query would use more memory than allowed "
                               "(while executing)", http_code=500)

    def warn(self, code: int, message: str) -> None:
        """Register a warning (or fail with it when ``failOnWarning`` is set)."""
        if self.fail_on_warning:
            raise EmuError(code, f"AQL: {message} (while executing)")
        if len(self.warnings) < self.max_warning_count:
            self.warnings.append({"code": code, "message": message})

    def bad_argument(self, function: str) -> None:
        """Warning 1542 for a wrong argument type in a call to ``function``."""
        self.warn(1542, f"invalid argument type in call to function '{function}()'")


Impl = Callable[..., Any]


@dataclass(frozen=True)
class FunctionSpec:
    """A built-in function: its implementation ``impl(rt, *args)`` and its arity."""

    name: str
    impl: Impl
    min_args: int
    max_args: int | None


FUNCTIONS: dict[str, FunctionSpec] = {}


def aql_function(
    name: str, min_args: int, max_args: int | None = -1, *, aliases: tuple[str, ...] = ()
) -> Callable[[Impl], Impl]:
    """Register ``impl(rt, *args)`` as AQL function ``name`` (``max_args=None``: unbounded;
    the default ``-1`` means ``max_args == min_args``)."""

    def register(impl: Impl) -> Impl:
        top = min_args if max_args == -1 else max_args
        for alias in (name, *aliases):
            FUNCTIONS[alias] = FunctionSpec(alias, impl, min_args, top)
        return impl

    return register


def check_arity(spec: FunctionSpec, count: int) -> None:
    """Raise 1541 when ``count`` arguments do not fit ``spec``."""
    top = spec.max_args
    if count < spec.min_args or (top is not None and count > top):
        shown = top if top is not None else 65536
        raise EmuError(
            1541,
            f"AQL: invalid number of arguments for function '{spec.name}()', expected number "
            f"of arguments: minimum: {spec.min_args}, maximum: {shown} (while parsing)",
        )
