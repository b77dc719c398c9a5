"""Replays every request/response pair recorded against ArangoDB 3.12.10 on the emulator.

For each example of ``recorded-3.12.jsonl`` a fresh :class:`~arango_anyio.testing.Emulator`
(root password ``""``, as recorded: the recorded requests carry no credentials of their own and
the shell was root) runs the example's arangosh source through a small interpreter
(:mod:`tests.conformance._arangosh`): the setup (``db._create``, ``save``, ``ensureIndex``,
``db._query``, users, graphs, views, analyzers, backups, ...) becomes HTTP calls, and each
``logCurlRequest`` sends the *recorded* request — with the recording's ids, revisions and ticks
replaced by ours where the source derives them from the state — and compares our answer with
the recorded one (:func:`tests.conformance._replay.compare`): status, content type,
``errorNum``, ``errorMessage`` (exactly, but for the plan nodes AQL runtime errors name), the
body's keys (nested ``result``/``extra``/``graph``/... objects' keys, the elements' keys of
lists), the set of headers and the static headers' values. The source's own checks (``assert``,
jsUnity's ``assertEqual``) run on our answers, and it runs to its end (its cleanup calls
too, unjudged). Then every deterministic value is
compared too (ids, revisions, times and generated names excepted; :data:`SHAPES_ONLY` examples
have their keys compared at every depth instead, :data:`IGNORED_VALUES` lists the keys left
alone), plus a few extra checks (:data:`EXTRA_CHECKS`). :data:`PRELUDES` holds the hand-written
setups: state the recording server still had from examples recorded before.

Every pair either matches or is listed in :data:`LEFT_OUT` with its reason; left-out pairs
count as not matched. The score (matched / recorded pairs, per area) is printed at the end of
the run (``tests/conformance/conftest.py``) and must stay at or above :data:`MIN_SCORE`.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conformance import _score
from tests.conformance._replay import (
    DeepCheck,
    PairResult,
    area_of,
    error_message,
    load_pairs,
    replay,
)
from tests.conftest import RECORDED_ANSWERS

pytestmark = pytest.mark.anyio

EXAMPLES = load_pairs(RECORDED_ANSWERS)
TOTAL_PAIRS = sum(len(pairs) for pairs in EXAMPLES.values())
MIN_SCORE = 0.85

_JS = "JavaScript execution (server-side V8 code): the emulator answers 501"
#: Pairs not replayed (``"Example"`` for all its pairs, ``"Example#seq"`` for one), and why.
LEFT_OUT: dict[str, str] = {
    "RestTransactionAbortInternal_single": f"{_JS} for JavaScript transactions",
    "RestTransactionMulti_single": f"{_JS} for JavaScript transactions",
    "job_getByType_03_single#1": "JavaScript execution: the job is a JavaScript transaction "
                                 "sleeping 15 s, still pending when recorded (ours is done)",
    "job_getStatusById_02_single#1": "JavaScript execution: the job is a JavaScript "
                                     "transaction sleeping 15 s, still pending when recorded",
    "RestGetShards_cluster": "cluster-only: recorded on a cluster (shard ids per DB-Server); "
                             "a single server answers 501",
    "RestGetShardsWithDetails_cluster": "cluster-only: recorded on a cluster (shard ids and "
                                        "DB-Servers); a single server answers 501",
    "RestWalAccessTailingBufferLimit_single": "WAL tailing: the emulator logs no WAL markers "
                                              "(tail answers 204, no events)",
}


def _left_out(example: str) -> tuple[str | None, dict[int, str]]:
    """The reason the whole example is left out, and the reasons for single pairs."""
    seqs = {int(key.partition("#")[2]): reason for key, reason in LEFT_OUT.items()
            if key.startswith(f"{example}#")}
    return LEFT_OUT.get(example), seqs


# -- deeper checks (values that are deterministic) ------------------------------------------

def _query_ast(seq: int, want: Any, got: Any) -> list[str]:
    return [] if got["ast"] == want["ast"] else ["ast differs"]


def _explain_plan(seq: int, want: Any, got: Any) -> list[str]:
    problems = []
    if [n["type"] for n in got["plan"]["nodes"]] != [n["type"] for n in want["plan"]["nodes"]]:
        problems.append("plan node types differ")
    for key in ("collections", "variables"):
        if got["plan"][key] != want["plan"][key]:
            problems.append(f"plan {key} differ")
    return problems


def _graph_values(seq: int, want: Any, got: Any) -> list[str]:
    """gharial answers: every graph attribute but ``_rev``, and ``collections`` lists."""
    problems = []
    if isinstance(want, dict) and isinstance(want.get("graph"), dict):
        for key, value in want["graph"].items():
            if key != "_rev" and got["graph"].get(key) != value:
                problems.append(f"graph.{key}: {got['graph'].get(key)!r} != {value!r}")
    if isinstance(want, dict) and "collections" in want and \
            got.get("collections") != want["collections"]:
        problems.append(f"collections {got.get('collections')} != {want['collections']}")
    return problems


#: Values that differ from run to run: compared as "both present", never by value.
_VOLATILE_KEYS = frozenset({
    "_rev", "_oldRev", "_id", "_key", "id", "globallyUniqueId", "objectId", "created_at",
    "fingerprint", "valid_until", "token", "time", "created", "executionTime", "lastValue",
    "checksum", "revision", "hash", "queryHash", "memoryUsage", "peakMemoryUsage", "uploadId",
    "UploadId", "BackupId", "Timestamp", "totalEvents", "tickMin", "tickMax", "lastLogTick",
    "lastUncommittedLogTick", "documentsSize", "size",
})
#: Generated strings (keys, ids, revisions, index names, timestamps) of the same kind match.
_VOLATILE_TEXT = [re.compile(p) for p in (
    r"^\d+$", r"^[\w-]+/\d+$", r"^_[\w-]{10}$", r"^idx_\d+$", r"^\d{4}-\d\d-\d\dT",
)]


def _same(want: Any, got: Any) -> bool:
    if want == got:
        return True
    return isinstance(want, str) and isinstance(got, str) and \
        any(p.match(want) and p.match(got) for p in _VOLATILE_TEXT)


def _sort_key(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("name", item.get("query", "")))
    return str(item)


def _values(ignore: frozenset[str] = frozenset(), unordered: bool = False) -> DeepCheck:
    """Every value equal but the run-to-run ones (:data:`_VOLATILE_KEYS`, generated strings)
    and the keys in ``ignore``; ``unordered`` compares lists sorted (by ``name``/``query``)."""
    skip = _VOLATILE_KEYS | ignore

    def walk(want: Any, got: Any, path: str, problems: list[str]) -> None:
        if isinstance(want, dict) and isinstance(got, dict):
            for key in sorted(want.keys() & got.keys() - skip):
                walk(want[key], got[key], f"{path}.{key}", problems)
        elif isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
            if unordered:
                want, got = sorted(want, key=_sort_key), sorted(got, key=_sort_key)
            for index, (a, b) in enumerate(zip(want, got, strict=True)):
                walk(a, b, f"{path}[{index}]", problems)
        elif path.endswith(".errorMessage") and isinstance(want, str) and \
                error_message(want) == error_message(str(got)):
            return
        elif not _same(want, got):
            problems.append(f"{path}: {got!r} != {want!r}"[:300])

    def check(seq: int, want: Any, got: Any) -> list[str]:
        problems: list[str] = []
        walk(want, got, "$", problems)
        return problems
    return check


def _shapes(ignore: frozenset[str] = frozenset()) -> DeepCheck:
    """The same keys at every depth (lists: their first elements), but keys in ``ignore``."""
    def walk(want: Any, got: Any, path: str, problems: list[str]) -> None:
        if isinstance(want, dict):
            if not isinstance(got, dict):
                problems.append(f"{path}: {type(got).__name__}, not an object")
                return
            if set(want) - ignore != set(got) - ignore:
                problems.append(f"{path}: ours only {sorted(set(got) - set(want) - ignore)}, "
                                f"recorded only {sorted(set(want) - set(got) - ignore)}")
            for key in sorted(want.keys() & got.keys() - ignore):
                walk(want[key], got[key], f"{path}.{key}", problems)
        elif isinstance(want, list) and isinstance(got, list) and want and got:
            walk(want[0], got[0], f"{path}[0]", problems)

    def check(seq: int, want: Any, got: Any) -> list[str]:
        problems: list[str] = []
        walk(want, got, "$", problems)
        return problems
    return check


#: Examples whose lists are in the server's hash-map order: compared sorted.
UNORDERED = frozenset({"HttpListQueryPlanCache_single",
                       "RestCollectionGetAllCollections_single"})
#: Examples whose values are not compared (only their shapes, at every depth), and why.
SHAPES_ONLY: dict[str, str] = {
    "RestAdminMetricsV2_single": "the recorder's process metrics (a text body)",
    "RestAdminStatistics1_single": "the recorder's process statistics",
    "RestExplainAllPlans_single": "the optimizer's cost model and rules",
    "RestExplainValid_single": "the optimizer's cost model (node types compared)",
    "RestExplainWarning_single": "the optimizer's cost model and rules",
}
#: Keys not compared (by value, or by shape for :data:`SHAPES_ONLY`) in one example, and why.
IGNORED_VALUES: dict[str, tuple[frozenset[str], str]] = {
    **dict.fromkeys(
        ("RestExplainAllPlans_single", "RestExplainValid_single", "RestExplainWarning_single"),
        (frozenset({"constantValue"}), "the optimizer's constant-folded variables")),
    "RestBackupRestoreBackup_single": (frozenset({"previous"}),
                                       "a directory on the server's disk"),
    "RestBackupUploadBackupStarted_single": (frozenset({"Status"}),
                                             "the emulator's transfers complete at once"),
    "RestCursorDeleteQuery_single": (
        frozenset({"scannedIndex", "scannedFull", "cursorsCreated"}),
        "the real optimizer's plan reads the collection through its primary index"),
    "RestCursorModifyArray_single": (frozenset({"documentLookups", "cursorsCreated"}),
                                     "index lookups of the real execution plan"),
    "RestVersionDetails_single": (
        frozenset({"optimization-flags", "build-id", "compiler", "build-repository", "license",
                   "full-version-string", "host"}),
        "the recorder's binary (an Enterprise Edition build) and host name"),
    "job_fetch_result_03_single": (frozenset({"license"}),
                                   "the recorder ran the Enterprise Edition"),
}


#: Headers we send beyond the recorded ones, per example, and why.
EXTRA_HEADERS: dict[str, tuple[frozenset[str], str]] = {}


def _both(*checks: DeepCheck) -> DeepCheck:
    def check(seq: int, want: Any, got: Any) -> list[str]:
        return [problem for one in checks for problem in one(seq, want, got)]
    return check


def _deep_check(example: str) -> DeepCheck:
    ignored = IGNORED_VALUES.get(example, (frozenset(), ""))[0]
    checks = [_shapes(ignored) if example in SHAPES_ONLY
              else _values(ignored, unordered=example in UNORDERED)]
    if example in EXTRA_CHECKS:
        checks.append(EXTRA_CHECKS[example])
    return _both(*checks)


EXTRA_CHECKS: dict[str, DeepCheck] = {
    "RestQueryValid_single": _query_ast,
    "RestExplainValid_single": _explain_plan,
    **{name: _graph_values for name, pairs in EXAMPLES.items()
       if area_of(pairs) == "graphs"},
}
#: Hand-written setups, in arangosh syntax, run before an example's own source: the state the
#: recording server had from examples recorded before it. (Every example's own source is run
#: by the interpreter; none needs Python ``builtins`` in place of a shell call.)
PRELUDES: dict[str, str] = {
    # RestAccessTokenCreate_single (recorded just before) left its token behind
    "RestAccessTokenList_single": """
        arango.POST("/_api/token/root", { name: "Token for Service A",
                    valid_until: Date.UTC(new Date().getFullYear() + 1, 6, 1) / 1000 });
    """,
    # job_getStatusById_02_single's JavaScript transaction (sleeping 15 s) was still running:
    # a query sleeping as long stands in for it
    "job_getByType_02_single": """
        curlRequest("POST", "/_api/cursor", { query: "RETURN SLEEP(15)" },
                    { "x-arango-async": "store" });
    """,
    # the view the server's own demo data set had
    "RestViewGetAllViews_single": """db._createView("demoView", "arangosearch");""",
    # collections other examples left in _system
    **dict.fromkeys(("RestFetchUserDatabaseListFull_single",
                     "RestCollectionGetAllCollections_single"), """
        var leftovers = ["animals", "demo", "ignore", "mycollection"];
        for (var i = 0; i < leftovers.length; i++) { db._create(leftovers[i]); }
    """),
}


async def _replay(example: str) -> list[PairResult]:
    whole, seqs = _left_out(example)
    pairs = EXAMPLES[example]
    if whole is not None:
        area = area_of(pairs)
        return [PairResult(example, p["seq"], area, left_out=whole) for p in pairs]
    results = await replay(example, pairs, deep=_deep_check(example),
                           prelude=PRELUDES.get(example, ""),
                           extra_headers=EXTRA_HEADERS.get(example, (frozenset(), ""))[0],
                           skip_seqs=frozenset(seqs))
    for result in results:
        if result.seq in seqs:
            result.left_out = seqs[result.seq]
    return results


@pytest.mark.parametrize("example", sorted(EXAMPLES))
async def test_recorded_example(example: str, anyio_backend: str) -> None:
    results = await _replay(example)
    _score.record(anyio_backend, results)
    whole, _ = _left_out(example)
    if whole is not None:
        pytest.skip(f"left out: {whole}")
    failures = [f"#{r.seq} ({r.sent or 'not sent'}): {'; '.join(r.problems)}" for r in results
                if not r.matched and r.left_out is None]
    assert not failures, "\n".join(failures)


async def test_conformance_score(anyio_backend: str) -> None:
    """At least 85% of the recorded pairs match (replaying what this run has not)."""
    if not EXAMPLES:
        pytest.skip(f"recorded answers not found at {RECORDED_ANSWERS}")
    done = {example for example, _ in _score.RESULTS.get(anyio_backend, {})}
    for example in sorted(set(EXAMPLES) - done):
        _score.record(anyio_backend, await _replay(example))
    board = _score.RESULTS[anyio_backend]
    matched = sum(r.matched for r in board.values())
    assert len(board) == TOTAL_PAIRS
    assert matched / TOTAL_PAIRS >= MIN_SCORE, "\n".join(_score.summary_lines(TOTAL_PAIRS))


def test_tables_name_recorded_pairs() -> None:
    """Every :data:`LEFT_OUT` entry names a recorded example (and pair) and gives a reason;
    the other tables name recorded examples."""
    if not EXAMPLES:
        pytest.skip(f"recorded answers not found at {RECORDED_ANSWERS}")
    for key, reason in LEFT_OUT.items():
        example, _, seq = key.partition("#")
        assert example in EXAMPLES, key
        assert not seq or int(seq) in {p["seq"] for p in EXAMPLES[example]}, key
        assert reason.strip(), key
    for table in (PRELUDES, SHAPES_ONLY, IGNORED_VALUES, EXTRA_CHECKS, UNORDERED,
                  EXTRA_HEADERS):
        assert set(table) <= set(EXAMPLES), set(table) - set(EXAMPLES)
