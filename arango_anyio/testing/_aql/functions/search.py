"""The ArangoSearch and vector functions outside of a ``SEARCH`` condition: ``TOKENS``,
the scorers ``BM25``/``TFIDF`` (on documents of a view loop), ``LEVENSHTEIN_MATCH`` and
``NGRAM_MATCH`` on plain values, ``ANALYZER``/``BOOST`` (their first argument), and the
errors ArangoDB raises for ``EXISTS``/``PHRASE`` and the ``APPROX_NEAR_*`` functions where
no view or vector index answers them."""

from __future__ import annotations

from typing import Any

from arango_anyio.testing._aql import ast
from arango_anyio.testing._aql.evaluator import Env, evaluate, register_lazy
from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.search_context import (
    analyzer_of,
    canonical_analyzer,
    score_slot,
    vector_slot,
)
from arango_anyio.testing._aql.values import to_number
from arango_anyio.testing._aql.vector_for import METRICS, failed
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._search.analyzers import Analyzer
from arango_anyio.testing._search.index.postings import FieldPostings
from arango_anyio.testing._search.query.phrase import match_ngrams
from arango_anyio.testing._search.query.terms import edit_distance
from arango_anyio.testing._search.scoring import bm25, tfidf


def _search_only(name: str) -> EmuError:
    return EmuError(9, f"AQL: ArangoSearch function '{name}' is designed to be used only "
                       "within a corresponding SEARCH statement of ArangoSearch view. Please "
                       "ensure function signature is correct. (while executing)")


def _analyzer(rt: Runtime, name: Any) -> Analyzer:
    if not isinstance(name, str):
        raise EmuError(1542, "AQL: invalid argument type in call to function 'TOKENS()' "
                             "(while executing)")
    full = canonical_analyzer(rt.ctx, name)
    found = analyzer_of(rt.ctx, full) if full is not None else None
    if found is None:
        raise EmuError(10, f"AQL: failure to find arangosearch analyzer with name '{name}' "
                           "(while executing)")
    return found


def _tokens_of(analyzer: Analyzer, value: Any, rt: Runtime) -> Any:
    if isinstance(value, list):
        return [_tokens_of(analyzer, item, rt) for item in value]
    if isinstance(value, str):
        return analyzer.terms(value)
    rt.bad_argument("TOKENS")
    return None


@aql_function("TOKENS", 1, 2)
def _tokens(rt: Runtime, value: Any, analyzer: Any = "identity") -> Any:
    return _tokens_of(_analyzer(rt, analyzer), value, rt)


@aql_function("EXISTS", 1, 3)
def _exists(rt: Runtime, *args: Any) -> Any:
    raise _search_only("EXISTS")


@aql_function("PHRASE", 2, None)
def _phrase(rt: Runtime, *args: Any) -> Any:
    raise _search_only("PHRASE")


@aql_function("OFFSET_INFO", 2)
def _offset_info(rt: Runtime, *args: Any) -> Any:
    raise EmuError(9, "AQL: OFFSET_INFO() is not supported by the emulator (while executing)",
                   http_code=501)


@aql_function("ANALYZER", 2, aliases=("BOOST",))
def _context(rt: Runtime, value: Any, _: Any) -> Any:
    return value


@aql_function("LEVENSHTEIN_MATCH", 3, 6)
def _levenshtein_match(rt: Runtime, value: Any, target: Any, distance: Any,
                       transpositions: Any = True, max_terms: Any = 64, prefix: Any = ""
                       ) -> Any:
    if not isinstance(value, str) or not isinstance(target, str) \
            or not isinstance(prefix, str):
        rt.bad_argument("LEVENSHTEIN_MATCH")
        return None
    limit = int(to_number(distance))
    if not value.startswith(prefix):
        return False
    rest = value[len(prefix):]
    return edit_distance(rest, target, bool(transpositions), limit) <= limit


@aql_function("NGRAM_MATCH", 3, 4)
def _ngram_match(rt: Runtime, value: Any, target: Any, *rest: Any) -> Any:
    threshold = 0.7 if len(rest) == 1 else to_number(rest[0])
    if not isinstance(value, str) or not isinstance(target, str):
        rt.bad_argument("NGRAM_MATCH")
        return None
    analyzer = _analyzer(rt, rest[-1])
    field = FieldPostings("s", frozenset(), False)
    field.add("value", ((term, i) for i, term in enumerate(analyzer.terms(value))))
    return bool(match_ngrams(field, analyzer.terms(target), float(threshold)))


def _not_in_view(name: str) -> EmuError:
    return EmuError(9, f"AQL: ArangoSearch scorer function '{name}' are designed to be used "
                       "only outside SEARCH statement within a context of ArangoSearch view. "
                       "Please ensure function signature is correct. (while executing)")


def _scorer(name: str) -> Any:
    def lazy(expr: ast.Call, env: Env, rt: Runtime) -> Any:
        first = expr.args[0] if expr.args else None
        contributions = env.get(score_slot(first.name)) \
            if isinstance(first, ast.Var) else None
        if contributions is None:
            raise _not_in_view(name)
        params = [evaluate(arg, env, rt) for arg in expr.args[1:]]
        if name == "BM25":
            k = float(to_number(params[0])) if params else 1.2
            b = float(to_number(params[1])) if len(params) > 1 else 0.75
            return bm25(contributions, k, b)
        return tfidf(contributions, bool(params[0]) if params else False)

    return lazy


@aql_function("BM25", 1, 3)
def _bm25(rt: Runtime, *args: Any) -> Any:
    raise _not_in_view("BM25")  # only reached when called as a value, not on a loop variable


@aql_function("TFIDF", 1, 2)
def _tfidf(rt: Runtime, *args: Any) -> Any:
    raise _not_in_view("TFIDF")


def _approx_near(expr: ast.Call, env: Env, rt: Runtime) -> Any:
    """An ``APPROX_NEAR_*`` call: the similarity the vector index loop left in the row."""
    for arg in expr.args[:2]:
        base = arg
        while isinstance(base, (ast.Attr, ast.Index)):
            base = base.obj
        if isinstance(base, ast.Var):
            value = env.get(vector_slot(base.name))
            if value is not None:
                return value
    raise failed()


def _approx_unapplied(rt: Runtime, *args: Any) -> Any:
    raise failed()


for _name in METRICS:
    aql_function(_name, 2, 3)(_approx_unapplied)
    register_lazy(_name, _approx_near)
register_lazy("BM25", _scorer("BM25"))
register_lazy("TFIDF", _scorer("TFIDF"))
