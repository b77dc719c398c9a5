"""INSERT / UPDATE / REPLACE / REMOVE / UPSERT through the engine."""

from __future__ import annotations

import pytest

from arango_anyio.testing._aql.memory import MemoryContext
from arango_anyio.testing._protocol.errors import EmuError

from .conftest import run


def test_insert_returns_new_and_counts_writes(ctx: MemoryContext) -> None:
    result = run(ctx, "FOR i IN 1..3 INSERT {_key: CONCAT('k', i), i} INTO empty "
                      "RETURN NEW._key")
    assert result.result == ["k1", "k2", "k3"]
    assert result.stats["writesExecuted"] == 3
    assert ctx.count("empty") == 3


def test_insert_without_return_gives_an_empty_result(ctx: MemoryContext) -> None:
    assert run(ctx, "INSERT {a: 1} IN empty").result == []
    assert ctx.count("empty") == 1


def test_let_new_after_insert(ctx: MemoryContext) -> None:
    result = run(ctx, "INSERT {_key: 'n', v: 1} INTO empty LET doc = NEW RETURN doc._id")
    assert result.result == ["empty/n"]


def test_update_with_and_old_new(ctx: MemoryContext) -> None:
    result = run(ctx, "FOR u IN users FILTER u.age == 25 SORT u._key "
                      "UPDATE u WITH {age: u.age + 1} IN users RETURN [OLD.age, NEW.age]")
    assert result.result == [[25, 26], [25, 26]]
    bob = ctx.lookup("users", "bob")
    assert bob is not None and bob["age"] == 26


def test_update_by_key_string(ctx: MemoryContext) -> None:
    run(ctx, "UPDATE 'bob' WITH {nested: {x: 1}} IN users")
    run(ctx, "UPDATE {_key: 'bob', nested: {y: 2}} IN users")
    bob = ctx.lookup("users", "bob")
    assert bob is not None and bob["nested"] == {"x": 1, "y": 2}


def test_update_options_keep_null_and_merge_objects(ctx: MemoryContext) -> None:
    run(ctx, "UPDATE 'bob' WITH {city: null, tags: {a: 1}} IN users "
             "OPTIONS {keepNull: false, mergeObjects: false}")
    bob = ctx.lookup("users", "bob")
    assert bob is not None and "city" not in bob and bob["tags"] == {"a": 1}


def test_replace_drops_other_attributes(ctx: MemoryContext) -> None:
    result = run(ctx, "REPLACE 'dave' WITH {name: 'D'} IN users RETURN NEW")
    new = result.result[0]
    assert new["name"] == "D" and "age" not in new and new["_key"] == "dave"


def test_remove_returns_old(ctx: MemoryContext) -> None:
    result = run(ctx, "FOR u IN users FILTER u.city == 'Berlin' REMOVE u IN users "
                      "RETURN OLD.name")
    assert sorted(result.result) == ["Alice", "Carol"]
    assert ctx.count("users") == 2


def test_remove_missing_document_fails_with_node_in_message(ctx: MemoryContext) -> None:
    with pytest.raises(EmuError) as info:
        run(ctx, "REMOVE 'foo' IN users")
    assert info.value.error_num == 1202
    assert info.value.message == \
        "AQL: document not found [node #3: RemoveNode] (while executing)"


def test_ignore_errors_counts_ignored_writes(ctx: MemoryContext) -> None:
    result = run(ctx, "REMOVE 'bar' IN users OPTIONS { ignoreErrors: true }")
    assert result.stats["writesIgnored"] == 1
    assert result.stats["writesExecuted"] == 0


def test_failed_query_rolls_back_its_writes(ctx: MemoryContext) -> None:
    with pytest.raises(EmuError):
        run(ctx, "FOR i IN [1, 2, 1] INSERT {_key: TO_STRING(i)} INTO empty")
    assert ctx.count("empty") == 0
    assert ctx.finished == [False]


def test_insert_conflict_and_overwrite_modes(ctx: MemoryContext) -> None:
    with pytest.raises(EmuError) as info:
        run(ctx, "INSERT {_key: 'bob'} INTO users")
    assert info.value.error_num == 1210
    result = run(ctx, "INSERT {_key: 'bob', x: 1} INTO users OPTIONS {overwriteMode: 'update'} "
                      "RETURN [OLD.name, NEW.name, NEW.x]")
    assert result.result == [["Bob", "Bob", 1]]


def test_upsert_inserts_then_updates(ctx: MemoryContext) -> None:
    query = ("UPSERT {name: 'Eve'} INSERT {name: 'Eve', visits: 1} "
             "UPDATE {visits: OLD.visits + 1} IN users RETURN NEW.visits")
    assert run(ctx, query).result == [1]
    assert run(ctx, query).result == [2]
    assert run(ctx, query.replace("UPDATE {", "REPLACE {name: 'Eve', ")).result == [3]


def test_upsert_with_bind_parameters(ctx: MemoryContext) -> None:
    result = run(ctx, "UPSERT {_key: @k} INSERT {_key: @k, n: 1} UPDATE {n: OLD.n + 1} "
                      "IN @@c RETURN {n: NEW.n, existed: OLD != null}",
                 {"k": "z", "@c": "empty"})
    assert result.result == [{"n": 1, "existed": False}]


def test_modification_in_subquery(ctx: MemoryContext) -> None:
    result = run(ctx, "LET added = (FOR i IN 1..2 INSERT {i} INTO empty RETURN NEW.i) "
                      "RETURN added")
    assert result.result == [[1, 2]]


def test_two_modifications_of_one_collection_are_rejected(ctx: MemoryContext) -> None:
    with pytest.raises(EmuError) as info:
        run(ctx, "INSERT {} INTO empty INSERT {} INTO empty")
    assert info.value.error_num == 1579
    result = run(ctx, "LET a = (INSERT {x: 1} INTO empty RETURN NEW.x) "
                      "INSERT {_from: 'users/bob', _to: 'users/dave'} INTO knows RETURN a")
    assert result.result == [[1]]


def test_edge_insert_needs_from_and_to(ctx: MemoryContext) -> None:
    with pytest.raises(EmuError) as info:
        run(ctx, "INSERT {a: 1} INTO knows")
    assert info.value.error_num == 1233
    result = run(ctx, "INSERT {_from: 'users/dave', _to: 'users/bob'} INTO knows RETURN NEW._to")
    assert result.result == ["users/bob"]


def test_reading_a_collection_after_modifying_it_is_rejected(ctx: MemoryContext) -> None:
    with pytest.raises(EmuError) as info:
        run(ctx, "FOR i IN 1..2 INSERT {i} INTO empty FOR e IN empty RETURN e")
    assert info.value.error_num == 1579
    assert info.value.message == \
        "AQL: access after data-modification by InsertNode (while parsing)"
    assert run(ctx, "FOR u IN users UPDATE u WITH {seen: true} IN users "
                    "RETURN NEW.seen").result == [True] * 4
