"""Replaying one recorded example: its arangosh source runs against a fresh emulator (see
:mod:`._arangosh`), each ``logCurlRequest`` sends the recorded request, and the answer is
compared with the recorded one (:func:`compare`)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from arango_anyio.response import Response
from arango_anyio.testing import Emulator

from ._arangosh import Http, Interpreter, JsError, Unsupported, shell_response

Pair = dict[str, Any]
#: Extra checks for one example: ``(seq, recorded json, our json) -> problems``.
DeepCheck = Callable[[int, Any, Any], list[str]]


def load_pairs(path: Path) -> dict[str, list[Pair]]:
    """The recorded pairs by example, each example's pairs in ``seq`` order."""
    examples: dict[str, list[Pair]] = {}
    if not path.exists():
        return examples
    for line in path.read_text().splitlines():
        if line.strip():
            pair = json.loads(line)
            examples.setdefault(pair["example"], []).append(pair)
    for pairs in examples.values():
        pairs.sort(key=lambda p: p["seq"])
    return examples


_AREAS = [
    (r"^/_api/gharial", "graphs"),
    (r"^/_api/(cursor|query|explain|aqlfunction|query-cache|query-plan-cache)", "aql"),
    (r"^/_api/(document|import|edges)", "documents"),
    (r"^/_api/(collection|key-generators)", "collections"),
    (r"^/_api/index", "indexes"),
    (r"^/_api/(view|analyzer)", "views+analyzers"),
    (r"^/_api/(user|database|token)", "users+databases"),
    (r"^/_api/transaction", "transactions"),
    (r"^/_api/job", "async jobs"),
    (r"^/_api/(replication|wal)", "replication+wal"),
    (r"^/_api/tasks", "tasks"),
    (r"^/_admin/backup", "hot backup"),
    (r"^/_admin|^/_api/(version|engine)", "admin"),
]


def request_path(pair: Pair) -> str:
    path = urlsplit(pair["request"]["url"]).path
    return re.sub(r"^/_db/[^/]+", "", path)


def area_of(pairs: list[Pair]) -> str:
    """The area an example belongs to, from its first request's path (async requests with
    ``x-arango-async`` count as async jobs)."""
    first = pairs[0]
    if any(k.lower() == "x-arango-async" for k in first["request"]["headers"]):
        return "async jobs"
    path = request_path(first)
    for pattern, area in _AREAS:
        if re.search(pattern, path):
            return area
    return "other"


# -- comparing answers ----------------------------------------------------------------------

#: Nested objects whose keys are compared too (when both answers have them as objects).
NESTED = ("result", "extra", "graph", "vertex", "edge", "new", "old")
#: Headers the transport sets (the in-process client has no connection).
TRANSPORT_HEADERS = frozenset({"content-length", "connection", "transfer-encoding"})
#: Headers whose values must match too (``x-arango-error-codes`` as JSON).
HEADER_VALUES = ("x-arango-error-codes", "content-security-policy", "cache-control",
                 "strict-transport-security", "x-content-type-options", "server")


def error_message(text: str) -> str:
    """An AQL runtime error's message without the plan nodes the server names in it
    (``[node #3: RemoveNode]``) — the emulator has no execution plan nodes."""
    return re.sub(r" \[node #\d+: \w+\]", "", text)


def _keys(value: Any) -> Any:
    return sorted(value) if isinstance(value, dict) else type(value).__name__


def compare(recorded: dict[str, Any], ours: Response, *,
            extra_headers: frozenset[str] = frozenset()) -> list[str]:
    """What differs between a recorded answer and ours: status, content type, errorNum,
    errorMessage, the body's keys (nested ``result``/``extra``/... objects' keys; for lists,
    every element's keys when the lengths agree, else the first's), the set of headers (but
    the transport's and ``extra_headers``, which we may send in addition) and the values of
    the static ones."""
    problems: list[str] = []
    if ours.status_code != recorded["status"]:
        problems.append(f"status {ours.status_code} != {recorded['status']}")
    want, got = recorded.get("json"), ours.body
    kind = recorded["headers"].get("content-type", "").split(";")[0].strip()
    our_kind = (ours.headers.get("content-type") or "").split(";")[0].strip()
    if kind != our_kind:
        problems.append(f"content-type {our_kind!r} != {kind!r}")
    if want is None:
        if bool(recorded["body"]) != bool(ours.raw_body):
            problems.append(f"body {'present' if ours.raw_body else 'empty'}")
    elif isinstance(want, dict):
        if not isinstance(got, dict):
            return [*problems, f"body is {type(got).__name__}, not an object"]
        if "errorNum" in want and got.get("errorNum") != want["errorNum"]:
            problems.append(f"errorNum {got.get('errorNum')} != {want['errorNum']}")
        if "errorMessage" in want and error_message(str(got.get("errorMessage"))) != \
                error_message(want["errorMessage"]):
            problems.append(f"errorMessage {got.get('errorMessage')!r} != "
                            f"{want['errorMessage']!r}")
        if set(got) != set(want):
            problems.append(f"keys: ours only {sorted(set(got) - set(want))}, "
                            f"recorded only {sorted(set(want) - set(got))}")
        for name in NESTED:
            inner_want, inner_got = want.get(name), got.get(name)
            if not isinstance(inner_want, dict):
                continue
            if _keys(inner_got) != _keys(inner_want):
                problems.append(f"{name} keys {_keys(inner_got)} != {_keys(inner_want)}")
            elif name == "extra" and isinstance(inner_want.get("stats"), dict):
                stats = inner_got.get("stats") if isinstance(inner_got, dict) else None
                if _keys(stats) != _keys(inner_want["stats"]):
                    problems.append(f"extra.stats keys {_keys(stats)} != "
                                    f"{_keys(inner_want['stats'])}")
    elif isinstance(want, list):
        if not isinstance(got, list):
            return [*problems, f"body is {type(got).__name__}, not a list"]
        if bool(want) != bool(got):
            problems.append(f"{len(got)} elements, recorded {len(want)}")
        elif len(want) == len(got):  # the same documents: every element's keys
            for index, (mine, theirs) in enumerate(zip(got, want, strict=True)):
                if _keys(mine) != _keys(theirs):
                    problems.append(f"element {index}: {_keys(mine)} != {_keys(theirs)}")
        elif want and _keys(got[0]) != _keys(want[0]):
            problems.append(f"first element {_keys(got[0])} != {_keys(want[0])}")
    elif got != want:
        problems.append(f"body {got!r} != {want!r}")
    theirs = {k.lower(): v for k, v in recorded["headers"].items()}
    mine = {k.lower(): v for k, v in ours.headers.items() if k.lower() not in extra_headers}
    if set(theirs) - TRANSPORT_HEADERS != set(mine) - TRANSPORT_HEADERS:
        problems.append(f"headers: ours only {sorted(set(mine) - set(theirs))}, recorded "
                        f"only {sorted(set(theirs) - set(mine) - TRANSPORT_HEADERS)}")
    if "etag" in theirs and "etag" in mine:
        where = _rev_named(theirs["etag"], want)
        if where is not None and _rev_named(mine["etag"], got) != where:
            problems.append(f"header etag {mine['etag']!r} is not the {where} of the body")
        if theirs["etag"].startswith('"') != mine["etag"].startswith('"'):
            problems.append(f"header etag {mine['etag']!r} quoted unlike {theirs['etag']!r}")
    for header in HEADER_VALUES:
        if header in theirs and header in mine:
            differs = theirs[header] != mine[header]
            if header == "x-arango-error-codes":
                differs = json.loads(theirs[header]) != json.loads(mine[header])
            if differs:
                problems.append(f"header {header}: ours {mine[header]!r}, recorded "
                                f"{theirs[header]!r}")
    return problems


def _rev_named(etag: str, body: Any) -> str | None:
    """Which revision of ``body`` the ``etag`` header names (``_rev``, ``graph._rev``, ...)."""
    if not isinstance(body, dict):
        return None
    value = etag.strip('"')
    if body.get("_rev") == value:
        return "_rev"
    for name in ("graph", "vertex", "edge", "new", "old"):
        inner = body.get(name)
        if isinstance(inner, dict) and inner.get("_rev") == value:
            return f"{name}._rev"
    return None


# -- substituting the recording's ids by ours -----------------------------------------------

_URL_TOKENS = re.compile(r"([/?&=])")


def _align(recorded: Any, ours: Any, subs: dict[str, str]) -> None:
    """Collects ``recorded string -> our string`` where the two values differ (the ids,
    revisions and ticks that differ from run to run)."""
    if isinstance(recorded, dict) and isinstance(ours, dict):
        for key in recorded.keys() & ours.keys():
            _align(recorded[key], ours[key], subs)
    elif isinstance(recorded, list) and isinstance(ours, list):
        for a, b in zip(recorded, ours, strict=False):
            _align(a, b, subs)
    elif isinstance(recorded, str) and isinstance(ours, str) and recorded != ours \
            and len(recorded) >= 2:
        subs[recorded] = ours


def substitutions(pair: Pair, url: str, body: Any, headers: Any) -> dict[str, str]:
    """Where the request the source builds (from our state) differs from the recorded one."""
    subs: dict[str, str] = {}
    recorded_url = re.sub(r"^https?://[^/]+", "", pair["request"]["url"])
    theirs, mine = _URL_TOKENS.split(recorded_url), _URL_TOKENS.split(str(url))
    if len(theirs) == len(mine):
        _align(theirs, mine, subs)
    raw = pair["request"]["body"]
    if raw and isinstance(body, (dict, list)):
        try:
            _align(json.loads(raw), body, subs)
        except ValueError:
            pass
    if isinstance(headers, dict):
        recorded_headers = {k.lower(): v for k, v in pair["request"]["headers"].items()}
        _align(recorded_headers, {k.lower(): v for k, v in headers.items()}, subs)
    return subs


def _apply(text: str, subs: dict[str, str]) -> str:
    for old in sorted(subs, key=len, reverse=True):
        text = text.replace(old, subs[old])
    return text


# -- running an example -----------------------------------------------------------------------

@dataclass
class PairResult:
    example: str
    seq: int
    area: str
    matched: bool = False
    problems: list[str] = field(default_factory=list)
    left_out: str | None = None
    #: The request sent (``METHOD path``, with our ids) and the substitutions made.
    sent: str = ""
    substituted: dict[str, str] = field(default_factory=dict)
    #: Where the script stopped after its last request (cleanup it could not follow).
    after: str = ""


async def replay(example: str, pairs: list[Pair], *, deep: DeepCheck | None = None,
                 skip_seqs: frozenset[int] = frozenset(),
                 extra_headers: frozenset[str] = frozenset(), prelude: str = "",
                 builtins: dict[str, Any] | None = None) -> list[PairResult]:
    """Runs ``example`` on a fresh emulator; one result per pair. Pairs in ``skip_seqs`` are
    still sent (later requests may depend on them) but not judged. The hand-written setups:
    ``prelude`` is arangosh source run first (state the recorder had from earlier examples);
    ``builtins`` adds or replaces names of the script's global scope (a Python ``async def``
    standing in for a shell call the interpreter does not translate)."""
    emu = Emulator(root_password="")
    http = Http(emu)
    area = area_of(pairs)
    results = [PairResult(example, p["seq"], area) for p in pairs]
    pending = list(pairs)
    answered: list[PairResult] = []  # the pairs sent so far: the script checks the last one

    async def on_request(method: str, url: str, body: Any, headers: Any,
                         raw_flag: bool) -> dict[str, Any]:
        if not pending:
            raise Unsupported("the source sends more requests than were recorded")
        pair = pending.pop(0)
        result = results[pair["seq"]]
        request = pair["request"]
        subs = substitutions(pair, url, body, headers)
        path = _apply(re.sub(r"^https?://[^/]+", "", request["url"]), subs)
        sent_headers = {k: _apply(v, subs) for k, v in request["headers"].items()
                        if k.lower() not in ("accept", "content-length")}
        raw = _apply(request["body"], subs) if request["body"] is not None else None
        ours = await http.send(request["method"], path, raw=raw, headers=sent_headers)
        result.sent, result.substituted = f"{request['method']} {path}", subs
        answered.append(result)
        if method.upper() != request["method"]:
            result.problems.append(f"the source sends {method}, the recording "
                                   f"{request['method']}")
        result.problems += compare(pair["response"], ours, extra_headers=extra_headers)
        if deep is not None and not result.problems:
            result.problems += deep(pair["seq"], pair["response"]["json"], ours.body)
        return shell_response(ours)

    def on_assert(statement: str) -> None:
        (answered[-1] if answered else results[0]).problems.append(
            f"the source's check fails on our answer: {statement}")

    interpreter = Interpreter(http, on_request, on_assert)
    interpreter.env.update(builtins or {})
    try:
        async with emu:  # async jobs run in the background, as on the server
            try:
                await interpreter.run(prelude)
                await interpreter.run(pairs[0]["arangosh_source"])
            except (Unsupported, JsError) as exc:
                if pending:  # the setup failed (after the last request: cleanup, not judged)
                    results[pairs.index(pending[0])].problems.append(
                        f"setup: {type(exc).__name__}: {exc}")
                else:
                    results[-1].after = f"{type(exc).__name__}: {exc}"
    finally:
        await http.aclose()
    for result in results:
        if not result.sent and not result.problems:
            result.problems.append("never sent")
        result.matched = bool(result.sent) and not result.problems
        if result.seq in skip_seqs:
            result.matched, result.problems = False, []
    return results
