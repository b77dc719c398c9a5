"""The chaos workload shared by the reliability suite (a few seconds) and the soak command.

A mixed workload — inserts with client-chosen keys, inserts with server keys, reads, AQL
cursors, stream transactions, bulk inserts and imports — runs with ``concurrency`` tasks in
flight against ``serve(emu, coordinators=3)`` while a coordinator goes down and comes back every
few hundred milliseconds, a share of requests get 503/errorNum 503 and some connections are
reset before or after the request is applied.

Every write carries a unique tag (``t``). The client keeps a record of what each call said:

* ``done``  — the call returned: the tag must be stored exactly once;
* ``absent`` — the call raised without saying it may have been applied: the tag must be absent;
* ``maybe`` — the call raised ``ServerConnectionError(may_have_been_applied=True)`` (or was
  cut off mid-flight): the tag is stored at most once.

Transactions add a group rule: both of their documents are stored, or neither. At the end the
record is compared with the emulator's own data (:func:`check`).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.collection import BulkReport
from arango_anyio.exceptions import (
    ArangoError,
    ArangoServerError,
    BulkOperationError,
)
from arango_anyio.testing import Emulator

DB_NAME = "chaos"
COLLECTION = "chaos"
STATIC = "static"
STATIC_DOCS = 40
ROOT_PASSWORD = "rootpw"

OPERATIONS = ("insert_key", "insert_auto", "read", "cursor", "transaction", "bulk_insert",
              "import_bulk")
WEIGHTS = (30, 15, 20, 12, 8, 8, 7)


@dataclass
class Config:
    """What to run and how hostile the environment is."""

    resolver: str = "roundrobin"
    concurrency: int = 64
    operations: int | None = 600  #: stop after this many operations ...
    duration: float | None = None  #: ... or after this many seconds
    #: ... but not before this many outages have ended (a busy machine runs the operations
    #: faster than the outages come; bounded by ``hang_bound``)
    min_outages: int = 0
    seed: int = 1
    rate_503: float = 0.05
    rate_reset: float = 0.02
    down_every: tuple[float, float] = (0.15, 0.35)  #: seconds between outages
    down_for: tuple[float, float] = (0.05, 0.2)  #: seconds a coordinator stays down
    hang_bound: float = 20.0  #: every operation is bounded by this (fail_after)
    request_timeout: float = 10.0
    max_retries: int = 4
    auth_method: str = "basic"
    cancel_rate: float = 0.0  #: share of operations cancelled at a random point
    cancel_within: float = 0.05  #: ... within this many seconds of their start


@dataclass
class Record:
    """The client's record of the run and what it saw."""

    expect: dict[str, str] = field(default_factory=dict)  #: tag -> done/absent/maybe
    groups: list[tuple[str, ...]] = field(default_factory=list)  #: all-or-nothing tags
    ops: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    failed_ops: Counter[str] = field(default_factory=Counter)  #: operations that raised
    violations: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    recent: list[float] = field(default_factory=list)
    hangs: int = 0
    cancelled: Counter[str] = field(default_factory=Counter)  #: operations cancelled
    #: cursor/transaction creations that raised "may have been applied": the answer was lost,
    #: so what they created (if anything) is on the server with no owner until it times out
    lost_creations: Counter[str] = field(default_factory=Counter)
    done_keys: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @property
    def total(self) -> int:
        return sum(self.ops.values())

    def note_latency(self, seconds: float) -> None:
        self.recent.append(seconds)
        if len(self.latencies) < 200_000:
            self.latencies.append(seconds)
        else:  # reservoir sample for long soaks
            slot = random.randrange(self.total or 1)
            if slot < len(self.latencies):
                self.latencies[slot] = seconds


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def error_name(exc: BaseException) -> str:
    name = type(exc).__name__
    if getattr(exc, "may_have_been_applied", False):
        name += "(maybe)"
    if isinstance(exc, ArangoServerError):
        name += f"[{exc.http_code}/{exc.error_code}]"
    return name


def _outcome(exc: BaseException) -> str:
    """What a raised write tells about its effect."""
    if getattr(exc, "may_have_been_applied", False):  # ServerConnectionError, timeouts
        return "maybe"
    return "absent"


class Workload:
    """One run of the chaos workload against ``emu`` served at ``urls``."""

    def __init__(self, emu: Emulator, urls: list[str], config: Config) -> None:
        self.emu = emu
        self.urls = urls
        self.config = config
        self.record = Record()
        self.rng = random.Random(config.seed)
        self._next = 0
        self._stop = False
        self._outages = 0  # outages that have ended
        self.client: ArangoClient | None = None
        self.db: StandardDatabase | None = None

    # -- setup --------------------------------------------------------------------------

    async def setup(self, client: ArangoClient) -> StandardDatabase:
        sys_db = await client.db("_system", password=ROOT_PASSWORD)
        if not await sys_db.has_database(DB_NAME):
            await sys_db.create_database(DB_NAME)
        db = await client.db(DB_NAME, password=ROOT_PASSWORD,
                             auth_method=self.config.auth_method)
        for name in (COLLECTION, STATIC):
            if not await db.has_collection(name):
                await db.create_collection(name)
        static = db.collection(STATIC)
        if await static.count() == 0:
            await static.insert_many([{"_key": f"s{i}", "n": i} for i in range(STATIC_DOCS)])
        self.client, self.db = client, db
        return db

    # -- the faults ---------------------------------------------------------------------

    async def chaos(self) -> None:
        """Take a random coordinator down and bring it back, over and over."""
        faults = self.emu.faults
        coordinators = [self.emu.coordinator_id(i) for i in range(len(self.urls))]
        rng = random.Random(self.config.seed + 1)
        try:
            while not self._stop:
                await anyio.sleep(rng.uniform(*self.config.down_every))
                victim = rng.choice(coordinators)
                faults.down(victim)
                await anyio.sleep(rng.uniform(*self.config.down_for))
                faults.up(victim)
                self._outages += 1
        finally:
            for coordinator in coordinators:
                faults.up(coordinator)

    # -- running ------------------------------------------------------------------------

    def _take(self) -> int | None:
        config = self.config
        if self._stop:
            return None
        elapsed = time.monotonic() - self.record.started
        outages_owed = self._outages < config.min_outages and elapsed < config.hang_bound
        if config.operations is not None and self._next >= config.operations and not outages_owed:
            return None
        if config.duration is not None and elapsed > config.duration and not outages_owed:
            return None
        self._next += 1
        return self._next

    async def run(self, progress: Callable[[Workload], None] | None = None,
                  progress_every: float = 1.0) -> Record:
        """Run the operations with ``concurrency`` tasks, under chaos; returns the record."""
        config = self.config
        faults = self.emu.faults
        self.record.started = time.monotonic()
        faults.random_faults(rate_503=config.rate_503, rate_reset=config.rate_reset,
                             seed=config.seed)
        try:
            async with anyio.create_task_group() as outer:
                outer.start_soon(self.chaos)
                if progress is not None:
                    outer.start_soon(self._report, progress, progress_every)
                async with anyio.create_task_group() as workers:
                    for _ in range(config.concurrency):
                        workers.start_soon(self._worker)
                self._stop = True
                outer.cancel_scope.cancel()
        finally:
            self._stop = True
            faults.clear()
        return self.record

    async def _report(self, progress: Callable[[Workload], None], every: float) -> None:
        while True:
            await anyio.sleep(every)
            progress(self)
            self.record.recent.clear()

    async def _worker(self) -> None:
        rng = self.rng
        while (n := self._take()) is not None:
            op = rng.choices(OPERATIONS, WEIGHTS)[0]
            await self._one(op, n)

    async def _one(self, op: str, n: int) -> None:
        record = self.record
        started = time.monotonic()
        config = self.config
        cancel_after = (self.rng.uniform(0.0, config.cancel_within)
                        if self.rng.random() < config.cancel_rate else None)
        with anyio.move_on_after(config.hang_bound) as scope:
            with anyio.move_on_after(cancel_after if cancel_after is not None else
                                     config.hang_bound + 1) as cancel:
                try:
                    await getattr(self, "_op_" + op)(n)
                except ArangoError as exc:
                    record.errors[error_name(exc)] += 1
                    record.failed_ops[op] += 1
                else:
                    record.note_latency(time.monotonic() - started)
            if cancel.cancelled_caught:
                record.cancelled[op] += 1
        record.ops[op] += 1
        if scope.cancelled_caught:
            record.hangs += 1
            record.errors["HANG"] += 1
            record.violations.append(f"{op} #{n} did not finish within "
                                     f"{self.config.hang_bound} s")

    # -- the operations -----------------------------------------------------------------

    def _expect(self, tag: str, outcome: str) -> None:
        self.record.expect[tag] = outcome

    async def _op_insert_key(self, n: int) -> None:
        assert self.db is not None
        key = f"k{n}"
        self._expect(key, "maybe")  # while in flight (a hang or cancellation leaves it so)
        try:
            await self.db.collection(COLLECTION).insert({"_key": key, "t": key})
        except ArangoError as exc:
            self._expect(key, _outcome(exc))
            raise
        self._expect(key, "done")
        self.record.done_keys.append(key)

    async def _op_insert_auto(self, n: int) -> None:
        assert self.db is not None
        tag = f"a{n}"
        self._expect(tag, "maybe")
        try:
            meta = await self.db.collection(COLLECTION).insert({"t": tag})
        except ArangoError as exc:
            self._expect(tag, _outcome(exc))
            raise
        assert isinstance(meta, dict) and meta.get("_key")
        self._expect(tag, "done")

    async def _op_read(self, n: int) -> None:
        assert self.db is not None
        keys = self.record.done_keys
        if not keys:
            return
        key = self.rng.choice(keys)
        doc = await self.db.collection(COLLECTION).get(key)
        if doc is None or doc.get("t") != key:
            self.record.violations.append(f"read #{n}: acknowledged document {key} is {doc!r}")

    def _creation_failed(self, what: str, exc: ArangoError) -> None:
        if getattr(exc, "may_have_been_applied", False):
            self.record.lost_creations[what] += 1

    async def _op_cursor(self, n: int) -> None:
        assert self.db is not None
        seen: list[int] = []
        entered = False
        try:
            async with self.db.aql.execute(
                f"FOR d IN {STATIC} SORT d.n RETURN d.n", batch_size=7, count=True,
                allow_retry=bool(n % 2),
            ) as cursor:
                entered = True
                async for value in cursor:
                    seen.append(value)
        except ArangoError as exc:
            if not entered:
                self._creation_failed("cursor", exc)
            raise
        if seen != list(range(STATIC_DOCS)):
            self.record.violations.append(f"cursor #{n}: silent truncation, got {len(seen)} of "
                                          f"{STATIC_DOCS} documents")

    async def _op_transaction(self, n: int) -> None:
        assert self.db is not None
        tags = (f"x{n}a", f"x{n}b")
        self.record.groups.append(tags)
        for tag in tags:
            self._expect(tag, "maybe")
        entered = False
        try:
            async with self.db.begin_transaction(write=COLLECTION) as txn:
                entered = True
                collection = txn.collection(COLLECTION)
                for tag in tags:
                    await collection.insert({"t": tag})
        except ArangoError as exc:
            if not entered:
                self._creation_failed("transaction", exc)
            for tag in tags:
                self._expect(tag, _outcome(exc))
            raise
        for tag in tags:
            self._expect(tag, "done")

    async def _bulk(self, n: int, keyed: bool, call: str) -> None:
        assert self.db is not None
        tags = [f"{'i' if keyed else 'b'}{n}_{j}" for j in range(6)]
        docs = [{"_key": tag, "t": tag} if keyed else {"t": tag} for tag in tags]
        for tag in tags:
            self._expect(tag, "maybe")
        report = BulkReport()
        collection = self.db.collection(COLLECTION)
        error: BaseException | None = None
        try:
            if call == "import":
                await collection.import_bulk(docs, batch_size=3, concurrency=2, report=report)
            else:
                await collection.insert_many(docs, batch_size=3, concurrency=2, report=report)
        except BulkOperationError as exc:
            error = exc
        for tag, status, result in zip(tags, report.statuses, report.results, strict=True):
            if status.value == "written":
                self._expect(tag, "done")
            elif status.value in ("failed", "not_sent"):
                self._expect(tag, "absent")
                if isinstance(result, ArangoServerError):
                    self.record.errors[f"document:{error_name(result)}"] += 1
            else:
                self._expect(tag, "maybe")
        if error is not None:
            raise error

    async def _op_bulk_insert(self, n: int) -> None:
        await self._bulk(n, keyed=False, call="insert")

    async def _op_import_bulk(self, n: int) -> None:
        await self._bulk(n, keyed=True, call="import")


@dataclass
class Verdict:
    """What the final comparison found."""

    checked: int
    lost: list[str]
    duplicated: list[str]
    phantom: list[str]  #: raised without "may have been applied", yet stored
    torn: list[tuple[str, ...]]  #: transactions half applied
    unknown_stored: int  #: "maybe" writes that were in fact applied
    unknown_absent: int
    stray: list[str]  #: stored tags the client never wrote
    violations: list[str]

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.phantom or self.torn or self.stray
                    or self.violations)

    def summary(self) -> str:
        return (f"checked {self.checked} writes: lost {len(self.lost)}, duplicated "
                f"{len(self.duplicated)}, applied-but-reported-failed {len(self.phantom)}, "
                f"torn transactions {len(self.torn)}, stray {len(self.stray)}, other "
                f"violations {len(self.violations)}; 'may have been applied': "
                f"{self.unknown_stored} applied, {self.unknown_absent} not")


def stored_tags(emu: Emulator) -> Counter[str]:
    """How many times each tag is stored in the emulator's committed data."""
    return Counter(str(doc.get("t")) for doc in emu.documents(COLLECTION, DB_NAME).values())


def check(emu: Emulator, record: Record) -> Verdict:
    """Compare the client's record with the emulator's data."""
    stored = stored_tags(emu)
    lost, duplicated, phantom, torn, stray = [], [], [], [], []
    unknown_stored = unknown_absent = 0
    for tag, outcome in record.expect.items():
        count = stored.get(tag, 0)
        if count > 1:
            duplicated.append(tag)
        elif outcome == "done" and count != 1:
            lost.append(tag)
        elif outcome == "absent" and count:
            phantom.append(tag)
        elif outcome == "maybe":
            if count:
                unknown_stored += 1
            else:
                unknown_absent += 1
    for group in record.groups:
        if len({stored.get(tag, 0) for tag in group}) > 1:
            torn.append(group)
    stray = [tag for tag in stored if tag not in record.expect]
    return Verdict(len(record.expect), lost, duplicated, phantom, torn, unknown_stored,
                   unknown_absent, stray, list(record.violations))


def leftovers(emu: Emulator) -> dict[str, int]:
    """Server-side cursors and running stream transactions (for after the client closed)."""
    return {"cursors": len(emu.open_cursors()),
            "transactions": len(emu.running_transactions())}


def unowned(left: dict[str, int], record: Record) -> list[str]:
    """What is left on the server beyond what lost answers explain: cursors and transactions
    no caller owns (each lost answer to a creation may leave one, which the server drops on
    its ttl / idle timeout)."""
    problems = []
    for what, kind in (("cursors", "cursor"), ("transactions", "transaction")):
        if left[what] > record.lost_creations[kind]:
            problems.append(f"{left[what]} {what} left on the server, but only "
                            f"{record.lost_creations[kind]} creation(s) lost their answer")
    return problems


async def health(client: ArangoClient, db: StandardDatabase, emu: Emulator) -> dict[str, Any]:
    """After the faults are gone: a new request succeeds at once and nothing is stuck."""
    with anyio.fail_after(2):
        count = await db.collection(COLLECTION).count()
    stats = client.statistics()
    pool = stats.pool
    in_flight = {url: host.in_flight for url, host in stats.hosts.items()}
    return {"count": count, "pool": pool, "in_flight": in_flight,
            "open_cursors": len(emu.open_cursors()),
            "running_transactions": len(emu.running_transactions())}
