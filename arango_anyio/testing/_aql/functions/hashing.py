"""Hash functions: HASH, CRC32, FNV64 and the MinHash family (MINHASH, MINHASH_COUNT,
MINHASH_ERROR), computed as the server computes them (VelocyPack's normalized hash,
CRC-32C, FNV-1a, and IResearch's single-hash MinHash signature)."""

from __future__ import annotations

import base64
import math
import struct
from typing import Any

from arango_anyio.testing._aql.hash_order import vpack_hash
from arango_anyio.testing._aql.runtime import Runtime, aql_function
from arango_anyio.testing._aql.values import is_number, to_string


@aql_function("HASH", 1)
def _hash(rt: Runtime, value: Any) -> int:
    """The normalized hash, cut to 51 bits so JavaScript numbers hold it exactly."""
    return vpack_hash(value) & 0x0007FFFFFFFFFFFF


def _crc32c_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC32C = _crc32c_table()


def crc32c(data: bytes) -> int:
    """CRC-32C (Castagnoli), the checksum ArangoDB's CRC32() computes."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC32C[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


@aql_function("CRC32", 1)
def _crc32(rt: Runtime, value: Any) -> str:
    return f"{crc32c(to_string(value).encode('utf-8', 'surrogatepass')):X}"


@aql_function("FNV64", 1)
def _fnv64(rt: Runtime, value: Any) -> str:
    h = 0xCBF29CE484222325
    for byte in to_string(value).encode("utf-8", "surrogatepass"):
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:X}"


# -- MinHash ---------------------------------------------------------------------------------
# IResearch keeps the ``size`` smallest distinct hashes in a vector; once it is full the
# vector is a max-heap (std::make_heap / pop_heap / push_heap), and the signature is the
# vector in that order. The heap steps below are libstdc++'s, so the order is the server's.


def _push_heap(heap: list[int], hole: int, top: int, value: int) -> None:
    parent = (hole - 1) // 2
    while hole > top and heap[parent] < value:
        heap[hole] = heap[parent]
        hole = parent
        parent = (hole - 1) // 2
    heap[hole] = value


def _adjust_heap(heap: list[int], hole: int, length: int, value: int) -> None:
    top = hole
    child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if heap[child] < heap[child - 1]:
            child -= 1
        heap[hole] = heap[child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        heap[hole] = heap[child - 1]
        hole = child - 1
    _push_heap(heap, hole, top, value)


def _make_heap(heap: list[int]) -> None:
    length = len(heap)
    if length < 2:
        return
    for parent in range((length - 2) // 2, -1, -1):
        _adjust_heap(heap, parent, length, heap[parent])


def minhash_signature(hashes: list[int], size: int) -> list[int]:
    """The MinHash signature (``irs::MinHash``) of ``hashes`` with at most ``size`` values."""
    left = max(size, 1)
    signature: list[int] = []
    seen: set[int] = set()
    for value in hashes:
        if left and value not in seen:
            seen.add(value)
            signature.append(value)
            left -= 1
            if left == 0:
                _make_heap(signature)
        elif not left and value < signature[0] and value not in seen:
            seen.add(value)
            # pop_heap moves the largest to the back; it is replaced and pushed again
            last = len(signature) - 1
            moved = signature[last]
            signature[last] = signature[0]
            _adjust_heap(signature, 0, last, moved)
            seen.discard(signature[last])
            signature[last] = value
            _push_heap(signature, last, 0, value)
    return signature


@aql_function("MINHASH", 2)
def _minhash(rt: Runtime, values: Any, size: Any) -> Any:
    if not isinstance(values, list) or not is_number(size) or size < 1:
        rt.bad_argument("MINHASH")
        return None
    signature = minhash_signature([vpack_hash(value) for value in values], int(size))
    return [base64.b64encode(struct.pack("<Q", h)).decode().rstrip("=") for h in signature]


@aql_function("MINHASH_COUNT", 1)
def _minhash_count(rt: Runtime, error: Any) -> Any:
    """The signature size for a tolerated error: ``ceil(1 / error²)``."""
    if not is_number(error):
        rt.bad_argument("MINHASH_COUNT")
        return None
    if 0 < error < 1:
        return math.ceil(1.0 / (error * error))
    return 0 if error >= 1 else 0xFFFFFFFFFFFFFFFF


@aql_function("MINHASH_ERROR", 1)
def _minhash_error(rt: Runtime, size: Any) -> Any:
    """The error of a signature of ``size`` hashes: ``1 / sqrt(size)``."""
    if not is_number(size) or size < 0:
        rt.bad_argument("MINHASH_ERROR")
        return None
    count = int(size)
    return 1.0 / math.sqrt(count) if count else None
