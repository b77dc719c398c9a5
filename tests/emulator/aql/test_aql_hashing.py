"""HASH, CRC32, FNV64, DECODE_REV and the MinHash functions compute what the server does."""

from __future__ import annotations

from typing import Any

import pytest

from arango_anyio.testing._aql.functions.hashing import crc32c, minhash_signature
from arango_anyio.testing._aql.memory import MemoryContext

from .conftest import run


def test_crc32c_check_value() -> None:
    assert crc32c(b"123456789") == 0xE3069283  # the CRC-32C catalogue's check value


#: (expression, the documented answer of a 3.12 server)
DOCUMENTED: list[tuple[str, Any]] = [
    ("CRC32('foobar')", "D5F5C7F"),  # hexadecimal without leading zeros
    ("FNV64('foobar')", "85944171F73967E8"),
    ("MINHASH(['foo', 'bar', 'baz'], 5)", ["OmvEOSfAYs8", "Jcz+LQgakgs", "YfBzyXaSXIA"]),
    ("MINHASH_ERROR(400)", 0.05),
    ("MINHASH_COUNT(0.05)", 400),
    ("DECODE_REV('_YU0HOEG---')", {"date": "2019-03-11T16:15:05.314Z", "count": 0}),
]


@pytest.mark.parametrize(("expression", "expected"), DOCUMENTED)
def test_documented_values(ctx: MemoryContext, expression: str, expected: Any) -> None:
    assert run(ctx, f"RETURN {expression}").result == [expected]


def test_hash_is_the_normalized_hash(ctx: MemoryContext) -> None:
    result = run(ctx, "RETURN [HASH(1), HASH(1.0), HASH('1'), HASH({a: 1, b: 2}), "
                      "HASH({b: 2, a: 1})]").result[0]
    assert result[0] == result[1] != result[2]
    assert result[3] == result[4]
    assert all(0 <= h < 2 ** 51 for h in result)


def test_minhash_keeps_the_smallest_hashes_as_a_heap() -> None:
    signature = minhash_signature([50, 10, 40, 10, 30, 20, 60, 5], 4)
    assert sorted(signature) == [5, 10, 20, 30]
    assert all(signature[(i - 1) // 2] >= signature[i] for i in range(1, len(signature)))
    # fewer values than hashes: insertion order, duplicates once
    assert minhash_signature([3, 1, 3, 2], 5) == [3, 1, 2]


def test_minhash_signature_heap_order() -> None:
    # libstdc++: make_heap([4, 1, 3]) is [4, 1, 3]; 2 replaces 4: [3, 1, 2]
    assert minhash_signature([4, 1, 3, 2], 3) == [3, 1, 2]


def test_bad_arguments_warn(ctx: MemoryContext) -> None:
    result = run(ctx, "RETURN [MINHASH('x', 2), MINHASH([1], 0), DECODE_REV('not a rev!')]")
    assert result.result == [[None, None, None]]
    assert [w["code"] for w in result.warnings] == [1542, 1542, 1542]
