"""AQL syntax tree: expression nodes and the operations of a query body."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Expr:
    """Base of every expression node."""

    __slots__ = ()


@dataclass(slots=True)
class Literal(Expr):
    """A constant (also a bind parameter once substituted)."""

    value: Any


@dataclass(slots=True)
class ArrayLit(Expr):
    """``[a, b, ...]``."""

    items: list[Expr]


@dataclass(slots=True)
class ObjectLit(Expr):
    """``{k: v, [expr]: v, name}``: keys are strings or computed expressions."""

    items: list[tuple[str | Expr, Expr]]


@dataclass(slots=True)
class Var(Expr):
    """A reference to a variable."""

    name: str


@dataclass(slots=True)
class Bind(Expr):
    """A value bind parameter ``@name``."""

    name: str


@dataclass(slots=True)
class CollectionRef(Expr):
    """A collection named in the query (a bare name or ``@@name``); ``name`` is resolved."""

    name: str


@dataclass(slots=True)
class Attr(Expr):
    """``obj.name``."""

    obj: Expr
    name: str


@dataclass(slots=True)
class Index(Expr):
    """``obj[index]`` (attribute name or array position)."""

    obj: Expr
    index: Expr


@dataclass(slots=True)
class Expand(Expr):
    """``obj[* FILTER f LIMIT o, c RETURN r]tail``; ``depth`` > 1 for ``[**]``.

    Each element is bound to ``var`` (``CURRENT``); ``tail`` (an expression over ``var``) is
    applied after the projection.
    """

    obj: Expr
    depth: int
    var: str
    filter: Expr | None
    offset: Expr | None
    count: Expr | None
    ret: Expr | None
    tail: Expr | None = None


@dataclass(slots=True)
class Unary(Expr):
    """``-x``, ``+x``, ``NOT x``."""

    op: str
    operand: Expr


@dataclass(slots=True)
class Binary(Expr):
    """Arithmetic, comparison, IN, LIKE, regex and range (``..``) operators."""

    op: str
    left: Expr
    right: Expr


@dataclass(slots=True)
class Logical(Expr):
    """``&&`` / ``||`` with short-circuit, returning an operand."""

    op: str
    left: Expr
    right: Expr


@dataclass(slots=True)
class Ternary(Expr):
    """``cond ? a : b``; ``then`` is None for the shorthand ``cond ?: b``."""

    cond: Expr
    then: Expr | None
    otherwise: Expr


@dataclass(slots=True)
class ArrayCompare(Expr):
    """``left ANY|ALL|NONE op right``."""

    quantifier: str
    op: str
    left: Expr
    right: Expr


@dataclass(slots=True)
class Call(Expr):
    """A function call; ``name`` is upper-cased (user functions keep ``::``)."""

    name: str
    args: list[Expr]


@dataclass(slots=True)
class Subquery(Expr):
    """``( FOR ... RETURN ... )``."""

    body: list[Op]


# ---------------------------------------------------------------------------- operations


class Op:
    """Base of the operations (statements) of a query body."""

    __slots__ = ()


@dataclass(slots=True)
class ArrayPattern:
    """``[a, , [b, c], {d}]`` on the left of LET / FOR: the array's elements by position
    (None skips one); a missing element or a non-array value gives null."""

    items: list[Pattern | None]


@dataclass(slots=True)
class ObjectPattern:
    """``{a, b: c, d: [e]}`` on the left of LET / FOR: attributes by name, each to a variable
    or a nested pattern; a missing attribute or a non-object value gives null."""

    items: list[tuple[str, Pattern]]


#: A destructuring target: a variable name or a nested pattern.
Pattern = str | ArrayPattern | ObjectPattern


@dataclass(slots=True)
class For(Op):
    """``FOR var IN expr [SEARCH cond] [OPTIONS {...}]``; with ``pattern``
    (``FOR [a, b] IN ...``) each element is destructured into the pattern's variables
    (``var`` is a hidden name)."""

    var: str
    source: Expr
    options: Expr | None = None
    search: Expr | None = None
    pattern: ArrayPattern | ObjectPattern | None = field(default=None, kw_only=True)


@dataclass(slots=True)
class Traversal(Op):
    """``FOR v[, e[, p]] IN min..max DIR start edges|GRAPH g [PRUNE cond] [OPTIONS {...}]``."""

    vertex: str
    edge: str | None
    path: str | None
    min_depth: Expr
    max_depth: Expr
    direction: str
    start: Expr
    edge_collections: list[tuple[str, str | None]]
    graph: Expr | None
    prune: Expr | None
    prune_var: str | None
    options: Expr | None


@dataclass(slots=True)
class ShortestPath(Op):
    """``FOR v[, e] IN DIR SHORTEST_PATH|K_SHORTEST_PATHS|K_PATHS|ALL_SHORTEST_PATHS a TO b
    edges|GRAPH g``."""

    kind: str
    vertex: str
    edge: str | None
    direction: str
    start: Expr
    target: Expr
    edge_collections: list[tuple[str, str | None]]
    graph: Expr | None
    options: Expr | None
    min_depth: Expr | None = None
    max_depth: Expr | None = None


@dataclass(slots=True)
class Let(Op):
    """``LET var = expr``; with ``pattern`` (``LET {a, b} = ...``) the value is destructured
    into the pattern's variables (``var`` is a hidden name)."""

    var: str
    expr: Expr
    pattern: ArrayPattern | ObjectPattern | None = field(default=None, kw_only=True)


@dataclass(slots=True)
class Filter(Op):
    """``FILTER expr``."""

    expr: Expr


@dataclass(slots=True)
class Sort(Op):
    """``SORT e1 [ASC|DESC], ...``."""

    keys: list[tuple[Expr, bool]]


@dataclass(slots=True)
class Limit(Op):
    """``LIMIT [offset,] count``."""

    offset: Expr
    count: Expr
    top_level_last: bool = False


@dataclass(slots=True)
class Collect(Op):
    """``COLLECT ... [AGGREGATE ...] [INTO var [= expr] [KEEP ...]] [WITH COUNT INTO var]``."""

    groups: list[tuple[str, Expr]]
    aggregates: list[tuple[str, str, list[Expr]]]
    into: str | None = None
    into_expr: Expr | None = None
    keep: list[str] | None = None
    count_into: str | None = None
    visible: list[str] = field(default_factory=list)
    options: Expr | None = None


@dataclass(slots=True)
class Window(Op):
    """``WINDOW [range WITH] {preceding, following} AGGREGATE ...`` (see :mod:`.window`)."""

    range_expr: Expr | None
    bounds: Expr
    aggregates: list[tuple[str, str, list[Expr]]]


@dataclass(slots=True)
class Return(Op):
    """``RETURN [DISTINCT] expr``."""

    expr: Expr
    distinct: bool = False


@dataclass(slots=True)
class Modify(Op):
    """INSERT / UPDATE / REPLACE / REMOVE / UPSERT.

    INSERT: ``doc``. UPDATE/REPLACE: ``key`` and optional ``doc`` (the WITH part; without it
    ``key`` is the document). REMOVE: ``key``. UPSERT: ``search``, ``doc`` (INSERT part) and
    ``update`` (UPDATE/REPLACE part; ``upsert_replace`` tells which).
    """

    kind: str
    collection: str
    key: Expr | None = None
    doc: Expr | None = None
    search: Expr | None = None
    update: Expr | None = None
    upsert_replace: bool = False
    options: Expr | None = None
    node_id: int = 0


@dataclass(slots=True)
class Query:
    """A parsed query: its body, the names it uses and whether it modifies data."""

    body: list[Op]
    bind_names: list[str]
    collections: list[str]
    write_collections: list[str]
    functions: list[str]
    modifies: bool
