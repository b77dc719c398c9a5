"""The AQL engine: operations, operators and access, table-driven against a small store."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing._aql.memory import MemoryContext

from .conftest import run

CASES: list[tuple[str, list[Any]]] = [
    # literals and basic expressions
    ("RETURN 1", [1]),
    ("return 1 + 2 * 3", [7]),
    ("RETURN (1 + 2) * 3", [9]),
    ("RETURN 7 / 2", [3.5]),
    ("RETURN 8 / 2", [4]),
    ("RETURN -7 % 3", [-1]),
    ("RETURN 1e3", [1000]),
    ("RETURN .5 + 0.25", [0.75]),
    ("RETURN 0x10 + 0b11", [19]),
    ("RETURN -(3)", [-3]),
    ("RETURN '5' + 1", [6]),
    ("RETURN 'abc' + 1", [1]),
    ("RETURN null + 1", [1]),
    ("RETURN true + true", [2]),
    ("RETURN [2] * 3", [6]),
    ("RETURN 'a\\'b\\n'", ["a'b\n"]),
    ('RETURN "tab\\there"', ["tab\there"]),
    ("RETURN 'caf\\u00e9'", ["café"]),
    ("/* comment */ RETURN // trailing\n 42", [42]),
    ("RETURN [1, 'two', null, true, [3], {a: 4}]", [[1, "two", None, True, [3], {"a": 4}]]),
    ("RETURN {a: 1, 'b c': 2, \"d\": 3}", [{"a": 1, "b c": 2, "d": 3}]),
    ("LET a = 1 LET b = 2 RETURN {a, b}", [{"a": 1, "b": 2}]),
    ("LET k = 'x' RETURN {[k]: 1, [CONCAT(k, 'y')]: 2}", [{"x": 1, "xy": 2}]),
    ("RETURN {`filter`: 1}.`filter`", [1]),
    # comparison and type order
    ("RETURN null < false", [True]),
    ("RETURN false < 0", [True]),
    ("RETURN 99 < ''", [True]),
    ("RETURN 'z' < []", [True]),
    ("RETURN [] < {}", [True]),
    ("RETURN [1, 2] < [2]", [True]),
    ("RETURN {b: 1} < {a: 0}", [True]),
    ("RETURN {} == {a: null}", [True]),
    ("RETURN {a: 1, b: 2} == {b: 2, a: 1}", [True]),
    ("RETURN 1 == 1.0", [True]),
    ("RETURN '1' == 1", [False]),
    ("RETURN 2 != 3", [True]),
    ("RETURN 2 IN [1, 2]", [True]),
    ("RETURN 5 NOT IN [1, 2]", [True]),
    ("RETURN 1 IN 'abc'", [False]),
    # logical operators return operands
    ("RETURN 0 || 'x'", ["x"]),
    ("RETURN 1 && 'y'", ["y"]),
    ("RETURN null && FAIL('not evaluated')", [None]),
    ("RETURN 'a' OR FAIL('not evaluated')", ["a"]),
    ("RETURN NOT 0", [True]),
    ("RETURN !'a'", [False]),
    ("RETURN 1 > 0 AND 2 > 1", [True]),
    ("RETURN true ? 'y' : 'n'", ["y"]),
    ("RETURN 0 ? 'y' : 'n'", ["n"]),
    ("RETURN null ?: 'fallback'", ["fallback"]),
    ("RETURN 'v' ?: 'fallback'", ["v"]),
    # LIKE and regex
    ("RETURN 'abc' LIKE 'a%'", [True]),
    ("RETURN 'abc' LIKE 'a_c'", [True]),
    ("RETURN 'abc' LIKE 'A%'", [False]),
    ("RETURN 'a%c' LIKE 'a\\\\%c'", [True]),
    ("RETURN 'abc' LIKE 'a\\\\%c'", [False]),
    ("RETURN 'abc' NOT LIKE 'x%'", [True]),
    ("RETURN LIKE('ABC', 'a%', true)", [True]),
    ("RETURN 'foobar' =~ '^fo+b'", [True]),
    ("RETURN 'foobar' !~ 'baz'", [True]),
    # array comparison operators
    ("RETURN [1, 2, 3] ANY == 2", [True]),
    ("RETURN [1, 2, 3] ALL > 0", [True]),
    ("RETURN [1, 2, 3] NONE > 5", [True]),
    ("RETURN [] ALL == 1", [True]),
    ("RETURN [] ANY == 1", [False]),
    ("RETURN [1, 2] ALL IN [1, 2, 3]", [True]),
    ("RETURN [1, 4] ANY NOT IN [1, 2]", [True]),
    # access
    ("LET d = {a: {b: [10, 20, 30]}} RETURN d.a.b[1]", [20]),
    ("LET d = {a: {b: [10, 20, 30]}} RETURN d.a.b[-1]", [30]),
    ("LET d = {a: {b: [10, 20, 30]}} RETURN d['a']['b'][5]", [None]),
    ("LET d = null RETURN d.a.b", [None]),
    ("LET d = 'str' RETURN d.length", [None]),
    ("RETURN {a: 1}[@k]", [1]),
    # expansion
    ("RETURN [{n: 1}, {n: 2}][*].n", [[1, 2]]),
    ("RETURN [1, 2, 3, 4][* FILTER CURRENT % 2 == 0]", [[2, 4]]),
    ("RETURN [1, 2, 3, 4][* FILTER CURRENT > 1 LIMIT 2 RETURN CURRENT * 10]", [[20, 30]]),
    ("RETURN [[1, 2], [3, [4]]][**]", [[1, 2, 3, [4]]]),
    ("RETURN [{a: [{b: 1}, {b: 2}]}, {a: [{b: 3}]}][*].a[*].b", [[[1, 2], [3]]]),
    ("RETURN null[*]", [[]]),
    # ranges and FOR
    ("FOR i IN 1..3 RETURN i", [1, 2, 3]),
    ("FOR i IN 3..1 RETURN i", [3, 2, 1]),
    ("FOR i IN [1, 2] FOR j IN ['a', 'b'] RETURN CONCAT(i, j)", ["1a", "1b", "2a", "2b"]),
    ("FOR i IN [] RETURN i", []),
    ("FOR i IN 1..10 FILTER i > 3 FILTER i < 6 RETURN i", [4, 5]),
    ("FOR i IN 1..10 LIMIT 3 RETURN i", [1, 2, 3]),
    ("FOR i IN 1..10 LIMIT 2, 3 RETURN i", [3, 4, 5]),
    ("FOR i IN 1..10 LIMIT 0 RETURN i", []),
    ("FOR i IN 1..3 LET sq = i * i RETURN sq", [1, 4, 9]),
    ("FOR i IN [3, 1, 2] SORT i RETURN i", [1, 2, 3]),
    ("FOR i IN [3, 1, 2] SORT i DESC RETURN i", [3, 2, 1]),
    ("FOR v IN ['b', 1, null, [], {}, true, 'a'] SORT v RETURN v",
     [None, True, 1, "a", "b", [], {}]),
    ("FOR i IN [1, 2, 1, 3, 2] RETURN DISTINCT i", [1, 2, 3]),
    ("FOR i IN [{a: 1}, {a: 1}] RETURN DISTINCT i", [{"a": 1}]),
    # collections
    ("FOR u IN users SORT u.age DESC, u.name RETURN u.name", ["Carol", "Alice", "Bob", "Dave"]),
    ("FOR u IN users FILTER u.city == 'Berlin' SORT u._key RETURN u._id",
     ["users/alice", "users/carol"]),
    ("FOR u IN users FILTER u.age >= 30 SORT u.name RETURN KEEP(u, 'name', 'age')",
     [{"name": "Alice", "age": 31}, {"name": "Carol", "age": 35}]),
    ("FOR u IN empty RETURN u", []),
    ("RETURN LENGTH(users)", [4]),
    ("RETURN COLLECTION_COUNT('users')", [4]),
    ("RETURN LENGTH(FOR u IN users FILTER u.age == 25 RETURN 1)", [2]),
    ("FOR u IN users FILTER u.name IN ['Bob', 'Dave'] SORT u.name RETURN u.city",
     ["Paris", "Rome"]),
    ("FOR u IN users FILTER 'b' IN u.tags SORT u.name RETURN u.name", ["Alice", "Bob"]),
    ("FOR u IN users FILTER u.tags ANY == 'a' RETURN u.name", ["Alice"]),
    ("RETURN DOCUMENT('users/bob').name", ["Bob"]),
    ("RETURN DOCUMENT('users', 'carol').age", [35]),
    ("RETURN DOCUMENT(['users/bob', 'users/nobody', 'users/dave'])[*].name", [["Bob", "Dave"]]),
    ("RETURN DOCUMENT('users/nobody')", [None]),
    # subqueries
    ("LET names = (FOR u IN users FILTER u.age < 30 SORT u.name RETURN u.name) RETURN names",
     [["Bob", "Dave"]]),
    ("FOR i IN 1..2 LET s = (FOR j IN 1..i RETURN j * i) RETURN s", [[1], [2, 4]]),
    ("RETURN (FOR i IN 1..3 RETURN i)[1]", [2]),
    ("FOR u IN users FILTER u.name == 'Bob' "
     "RETURN (FOR k IN knows FILTER k._from == u._id RETURN k._to)", [["users/carol"]]),
    # COLLECT
    ("FOR u IN users COLLECT city = u.city RETURN city", ["Berlin", "Paris", "Rome"]),
    ("FOR u IN users COLLECT age = u.age WITH COUNT INTO n RETURN [age, n]",
     [[25, 2], [31, 1], [35, 1]]),
    ("FOR u IN users COLLECT WITH COUNT INTO n RETURN n", [4]),
    ("FOR u IN empty COLLECT WITH COUNT INTO n RETURN n", [0]),
    ("FOR u IN empty COLLECT c = u.city WITH COUNT INTO n RETURN n", []),
    ("FOR u IN users COLLECT city = u.city INTO g RETURN {city, n: LENGTH(g), "
     "names: g[*].u.name}",
     [{"city": "Berlin", "n": 2, "names": ["Alice", "Carol"]},
      {"city": "Paris", "n": 1, "names": ["Bob"]}, {"city": "Rome", "n": 1, "names": ["Dave"]}]),
    ("FOR u IN users COLLECT city = u.city INTO names = u.name RETURN {city, names}",
     [{"city": "Berlin", "names": ["Alice", "Carol"]}, {"city": "Paris", "names": ["Bob"]},
      {"city": "Rome", "names": ["Dave"]}]),
    ("LET top = 1 FOR i IN [1, 2] LET sq = i * i COLLECT odd = i % 2 INTO g RETURN g",
     [[{"i": 2, "sq": 4}], [{"i": 1, "sq": 1}]]),
    ("LET top = 1 COLLECT x = 1 INTO g RETURN g", [[{"top": 1}]]),
    ("FOR u IN users LET a = u.age COLLECT c = u.city INTO g KEEP a RETURN {c, g}",
     [{"c": "Berlin", "g": [{"a": 31}, {"a": 35}]}, {"c": "Paris", "g": [{"a": 25}]},
      {"c": "Rome", "g": [{"a": 25}]}]),
    ("FOR u IN users COLLECT AGGREGATE mn = MIN(u.age), mx = MAX(u.age), s = SUM(u.age), "
     "a = AVERAGE(u.age), n = LENGTH(1) RETURN [mn, mx, s, a, n]", [[25, 35, 116, 29, 4]]),
    ("FOR u IN users COLLECT c = u.city AGGREGATE ages = UNIQUE(u.age), n = COUNT(u) "
     "RETURN [c, ages, n]", [["Berlin", [31, 35], 2], ["Paris", [25], 1], ["Rome", [25], 1]]),
    ("FOR u IN empty COLLECT AGGREGATE s = SUM(u.age) RETURN s", [0]),
    ("FOR u IN users COLLECT a = u.age, c = u.city RETURN CONCAT(a, c)",
     ["25Paris", "25Rome", "31Berlin", "35Berlin"]),
    ("FOR x IN [1, 2, 2, 3] COLLECT v = x AGGREGATE s = SUM(x) SORT s DESC RETURN [v, s]",
     [[2, 4], [3, 3], [1, 1]]),
    ("FOR i IN 1..5 COLLECT AGGREGATE p = PUSH(i), d = COUNT_DISTINCT(i % 2) RETURN [p, d]",
     [[[1, 2, 3, 4, 5], 2]]),
    # WINDOW
    ("FOR i IN [1, 2, 3, 4] WINDOW {preceding: 1, following: 0} AGGREGATE s = SUM(i) RETURN s",
     [1, 3, 5, 7]),
    # full query shapes
    ("FOR u IN users FILTER u.age > 20 SORT u.age, u.name LIMIT 1, 2 "
     "RETURN {name: u.name, old: u.age > 30}",
     [{"name": "Dave", "old": False}, {"name": "Alice", "old": True}]),
    ("FOR u IN users FOR k IN knows FILTER k._from == u._id SORT k._key RETURN k._key",
     ["ab", "ad", "bc", "cd"]),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_query(ctx: MemoryContext, query: str, expected: list[Any]) -> None:
    assert run(ctx, query, {"k": "a"} if "@k" in query else None).result == expected


BIND_CASES: list[tuple[str, dict[str, Any], list[Any]]] = [
    ("RETURN @v", {"v": [1, {"a": 2}]}, [[1, {"a": 2}]]),
    ("FOR u IN @@c SORT u.name LIMIT 1 RETURN u.name", {"@c": "users"}, ["Alice"]),
    ("FOR u IN users FILTER u.age == @age SORT u.name RETURN u.name", {"age": 25},
     ["Bob", "Dave"]),
    ("RETURN {[@k]: @v}", {"k": "x", "v": 1}, [{"x": 1}]),
    ("RETURN {@k: 1}", {"k": "x"}, [{"x": 1}]),
    ("LET d = {a: 5} RETURN d.@attr", {"attr": "a"}, [5]),
    ("LET doc = {foo: {bar: 'baz'}} RETURN [doc.@attr.@sub, doc[@attr][@sub]]",
     {"attr": "foo", "sub": "bar"}, [["baz", "baz"]]),
    ("LET doc = {a: {b: {c: 1}}} RETURN doc.@attr", {"attr": ["a", "b", "c"]}, [1]),
    ("RETURN {'a.b': 2}.@attr", {"attr": "a.b"}, [2]),
    ("RETURN @0", {"0": "digits"}, ["digits"]),
    ("FOR i IN 1..10 LIMIT @off, @count RETURN i", {"off": 1, "count": 2}, [2, 3]),
    ("INSERT @doc INTO @@c RETURN NEW.x", {"doc": {"x": 7}, "@c": "empty"}, [7]),
]


@pytest.mark.parametrize(("query", "bind_vars", "expected"), BIND_CASES)
def test_bind_parameters(ctx: MemoryContext, query: str, bind_vars: dict[str, Any],
                         expected: list[Any]) -> None:
    assert run(ctx, query, bind_vars).result == expected


def test_division_by_zero_is_null_with_warning(ctx: MemoryContext) -> None:
    result = run(ctx, "FOR i IN [0, 2] RETURN 4 / i")
    assert result.result == [None, 2]
    assert result.warnings == [{"code": 1562, "message": "division by zero"}]


def test_fail_on_warning_turns_the_warning_into_an_error(ctx: MemoryContext) -> None:
    from arango_anyio.testing._protocol.errors import EmuError

    with pytest.raises(EmuError) as info:
        run(ctx, "RETURN 1 / 0", failOnWarning=True)
    assert info.value.error_num == 1562


def test_full_count_counts_rows_before_the_last_limit(ctx: MemoryContext) -> None:
    result = run(ctx, "FOR i IN 1..1000 FILTER i > 500 LIMIT 10 RETURN i", fullCount=True)
    assert result.result == list(range(501, 511))
    assert result.stats["fullCount"] == 500
    assert result.stats["filtered"] == 500


def test_scanned_full_counts_collection_documents(ctx: MemoryContext) -> None:
    assert run(ctx, "FOR u IN users RETURN 1").stats["scannedFull"] == 4


def test_sleep_is_summed_not_slept(ctx: MemoryContext) -> None:
    result = run(ctx, "FOR i IN 1..3 RETURN SLEEP(2)")
    assert result.result == [None, None, None]
    assert result.sleep_seconds == 6


def test_filter_on_key_uses_a_lookup(ctx: MemoryContext) -> None:
    result = run(ctx, "FOR u IN users FILTER u._key == @k && u.age > 20 RETURN u.name",
                 {"k": "bob"})
    assert result.result == ["Bob"]
    assert result.stats["scannedIndex"] == 1 and result.stats["scannedFull"] == 0
    assert run(ctx, "FOR u IN users FILTER u._key == 'nobody' RETURN u").result == []


def test_strings_sort_like_icu(ctx: MemoryContext) -> None:
    result = run(ctx, "FOR s IN ['bob', 'Alice', 'alice', 'Bob', '10', '9', 'é', 'e', 'f'] "
                      "SORT s RETURN s")
    assert result.result == ["10", "9", "alice", "Alice", "bob", "Bob", "e", "é", "f"]
    assert run(ctx, "RETURN ['a' < 'B', 'a' == 'A', 'B' > 'a']").result == [[True, False, True]]


def test_collection_as_operand_warns(ctx: MemoryContext) -> None:
    result = run(ctx, "RETURN LENGTH(users[*])")
    assert result.result == [4]
    assert result.warnings == [{"code": 1568,
                                "message": "collection 'users' used as expression operand"}]


def test_huge_range_is_refused(ctx: MemoryContext) -> None:
    from arango_anyio.testing._protocol.errors import EmuError

    with pytest.raises(EmuError) as info:
        run(ctx, "FOR i IN 1..100000000000 RETURN i")
    assert info.value.error_num == 32


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        ("FOR r IN (WITH users FOR v IN 1..1 OUTBOUND 'users/a' knows RETURN v) RETURN r",
         1501, "AQL: syntax error, unexpected WITH keyword near 'WITH users FOR v IN 1..1 ...' "
               "at position 1:11 (while parsing)"),
        ("this is not AQL", 1501, "AQL: syntax error, unexpected identifier near "
                                  "'this is not AQL' at position 1:1 (while parsing)"),
        ("LET x 1 RETURN x", 1501, "AQL: syntax error, unexpected integer number, expecting "
                                   "assignment near '1 RETURN x' at position 1:7 (while parsing)"),
        ("FOR i IN 1..2\n  FILTER\n RETURN i", 1501,
         "AQL: syntax error, unexpected RETURN declaration near 'RETURN i' at position 3:2 "
         "(while parsing)"),
        ("RETURN 1;", 1501, None),
        ("", 1502, "query is empty"),
        ("FOR i IN 1..3", 1501, None),
        ("RETURN 1 RETURN 2", 1501, None),
        ("LET a = 1 FOR a IN [1] RETURN a", 1511, None),
        ("FOR u IN users COLLECT c = u.city RETURN u", 1512, None),
        ("RETURN nope", 1203, "collection or view not found: nope"),
        ("FOR x IN 5 RETURN x", 1563, None),
        ("RETURN SUM(1, 2)", 1541, None),
        ("FOR u IN users COLLECT AGGREGATE x = u.age RETURN x", 1574, None),
        ("INSERT {} INTO users INSERT {} INTO users", 1579, None),
        ("RETURN PARSE_KEY(1)", 1542, None),
        ("RETURN @@c", 1551, None),
    ],
)
def test_errors(ctx: MemoryContext, query: str, code: int, message: str | None) -> None:
    from arango_anyio.testing._protocol.errors import EmuError

    with pytest.raises(EmuError) as info:
        run(ctx, query)
    assert info.value.error_num == code
    if message is not None:
        assert info.value.message == message


def test_parser_only_raises_aql_errors_on_garbage(ctx: MemoryContext) -> None:
    """Random token soup: the parser answers with 1501 and friends, never a Python error."""
    import random

    from arango_anyio.testing._protocol.errors import EmuError

    vocabulary = ["FOR", "x", "IN", "1..3", "users", "RETURN", "FILTER", "==", "(", ")", "[",
                  "]", "{", "}", ":", ",", "LET", "=", "COLLECT", "INTO", "SORT", "LIMIT",
                  "@v", "@@c", "'s'", "1.5", "x.a", "[*]", "?", "NOT", "ANY", "OUTBOUND",
                  "GRAPH", "INSERT", "UPDATE", "WITH", "OPTIONS", "..", "&&", "LENGTH(", "."]
    rng = random.Random(1234)
    for _ in range(1500):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 12)))
        try:
            run(ctx, text, {"v": 1, "@c": "users"})
        except EmuError:
            pass


def test_a_context_without_search_has_no_views(ctx: MemoryContext) -> None:
    from arango_anyio.testing._protocol.errors import EmuError

    with pytest.raises(EmuError) as info:
        run(ctx, "FOR d IN v SEARCH d.x == 1 RETURN d")
    assert (info.value.error_num, info.value.http_code) == (1203, 404)
