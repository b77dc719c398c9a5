"""The order in which ArangoDB's hash containers hand back their elements.

Some AQL functions build their result by walking a hash table, so the server's answer has
the table's iteration order (documented as "undefined", yet the same on every run):

- ``INTERSECTION``, ``OUTERSECTION``, ``MINUS``: a libstdc++ ``std::unordered_map`` (512
  buckets asked for) keyed by VelocyPack's normalized hash (:func:`vpack_hash`);
- ``ATTRIBUTES`` without sorting: a default-constructed ``std::unordered_set`` of the names,
  hashed with ``std::hash<std::string_view>`` (:func:`std_string_hash`);
- ``UNION_DISTINCT``: an Abseil ``flat_hash_set`` (:class:`SwissSetOrder`).

:class:`StdHashOrder` replays libstdc++'s node list exactly: a node whose bucket is empty goes
to the front of the list, any other node in front of its bucket's first node, and a rehash
re-inserts the nodes in list order by the same rule. Hashes are XXH64 (VelocyPack's default)
and MurmurHash64A (libstdc++'s ``_Hash_bytes``), written out here.
"""

from __future__ import annotations

import bisect
import struct
from collections.abc import Iterator
from typing import Any

_MASK = (1 << 64) - 1

# -- XXH64 ----------------------------------------------------------------------------------

_P1 = 0x9E3779B185EBCA87
_P2 = 0xC2B2AE3D27D4EB4F
_P3 = 0x165667B19E3779F9
_P4 = 0x85EBCA77C2B2AE63
_P5 = 0x27D4EB2F165667C5


def _rotl(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (64 - bits))) & _MASK


def _round(acc: int, lane: int) -> int:
    return (_rotl((acc + lane * _P2) & _MASK, 31) * _P1) & _MASK


def _merge_round(acc: int, value: int) -> int:
    return ((acc ^ _round(0, value)) * _P1 + _P4) & _MASK


def xxh64(data: bytes, seed: int = 0) -> int:
    """XXH64 of ``data``."""
    size, pos = len(data), 0
    if size >= 32:
        v1, v2 = (seed + _P1 + _P2) & _MASK, (seed + _P2) & _MASK
        v3, v4 = seed & _MASK, (seed - _P1) & _MASK
        while pos + 32 <= size:
            a, b, c, d = struct.unpack_from("<4Q", data, pos)
            v1, v2, v3, v4 = _round(v1, a), _round(v2, b), _round(v3, c), _round(v4, d)
            pos += 32
        acc = (_rotl(v1, 1) + _rotl(v2, 7) + _rotl(v3, 12) + _rotl(v4, 18)) & _MASK
        for lane in (v1, v2, v3, v4):
            acc = _merge_round(acc, lane)
    else:
        acc = (seed + _P5) & _MASK
    acc = (acc + size) & _MASK
    while pos + 8 <= size:
        acc ^= _round(0, struct.unpack_from("<Q", data, pos)[0])
        acc = (_rotl(acc, 27) * _P1 + _P4) & _MASK
        pos += 8
    if pos + 4 <= size:
        acc ^= (struct.unpack_from("<I", data, pos)[0] * _P1) & _MASK
        acc = (_rotl(acc, 23) * _P2 + _P3) & _MASK
        pos += 4
    while pos < size:
        acc ^= (data[pos] * _P5) & _MASK
        acc = (_rotl(acc, 11) * _P1) & _MASK
        pos += 1
    acc ^= acc >> 33
    acc = (acc * _P2) & _MASK
    acc ^= acc >> 29
    acc = (acc * _P3) & _MASK
    return acc ^ (acc >> 32)


# -- VelocyPack's normalized hash -----------------------------------------------------------

#: VelocyPack's default hash seed.
VPACK_SEED = 0xDEADBEEF


def _vpack_string(text: str) -> bytes:
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw) <= 126:
        return bytes((0x40 + len(raw),)) + raw
    return b"\xbf" + struct.pack("<Q", len(raw)) + raw


def vpack_hash(value: Any, seed: int = VPACK_SEED) -> int:
    """``Slice::normalizedHash``: numbers hashed as doubles, arrays and objects member by
    member, anything else by its VelocyPack bytes."""
    if value is None:
        return xxh64(b"\x18", seed)
    if value is True or value is False:
        return xxh64(b"\x1a" if value else b"\x19", seed)
    if isinstance(value, (int, float)):
        return xxh64(struct.pack("<d", float(value)), seed)
    if isinstance(value, str):
        return xxh64(_vpack_string(value), seed)
    if isinstance(value, list):
        acc = xxh64(struct.pack("<Q", len(value) ^ 0xBA5BEDF00D), seed)
        for item in value:
            acc ^= vpack_hash(item, acc)
        return acc
    items = value.items() if isinstance(value, dict) else ()
    start = xxh64(struct.pack("<Q", len(value) ^ 0xF00BA44BA5), seed)
    acc = start
    for key, item in items:
        key_hash = vpack_hash(str(key), start)
        acc ^= key_hash
        acc ^= vpack_hash(item, key_hash)
    return acc


# -- libstdc++'s std::hash for strings (MurmurHash64A) ----------------------------------------

_MURMUR_MUL = 0xC6A4A7935BD1E995


def _shift_mix(value: int) -> int:
    return value ^ (value >> 47)


def std_string_hash(text: str, seed: int = 0xC70F6907) -> int:
    """``std::hash<std::string_view>`` of libstdc++ (``_Hash_bytes``) for 64-bit size_t."""
    data = text.encode("utf-8", "surrogatepass")
    size = len(data)
    acc = (seed ^ (size * _MURMUR_MUL)) & _MASK
    aligned = size & ~7
    for pos in range(0, aligned, 8):
        lane = struct.unpack_from("<Q", data, pos)[0]
        acc ^= (_shift_mix((lane * _MURMUR_MUL) & _MASK) * _MURMUR_MUL) & _MASK
        acc = (acc * _MURMUR_MUL) & _MASK
    if size & 7:
        acc ^= int.from_bytes(data[aligned:], "little")
        acc = (acc * _MURMUR_MUL) & _MASK
    acc = (_shift_mix(acc) * _MURMUR_MUL) & _MASK
    return _shift_mix(acc)


# -- libstdc++'s unordered containers ------------------------------------------------------

_FAST_BUCKETS = (2, 2, 2, 3, 5, 5, 7, 7, 11, 11, 11, 11, 13, 13)
#: libstdc++'s bucket counts (``__prime_list``), as far as an AQL value ever needs.
_PRIMES = (
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89,
    97, 103, 109, 113, 127, 137, 139, 149, 157, 167, 179, 193, 199, 211, 227, 241, 257, 277,
    293, 313, 337, 359, 383, 409, 439, 467, 503, 541, 577, 619, 661, 709, 761, 823, 887, 953,
    1031, 1109, 1193, 1289, 1381, 1493, 1613, 1741, 1879, 2029, 2179, 2357, 2549, 2753, 2971,
    3209, 3469, 3739, 4027, 4349, 4703, 5087, 5503, 5953, 6427, 6949, 7517, 8123, 8783, 9497,
    10273, 11113, 12011, 12983, 14033, 15173, 16411, 17749, 19183, 20753, 22447, 24281, 26267,
    28411, 30727, 33223, 35933, 38873, 42043, 45481, 49201, 53201, 57557, 62233, 67307, 72817,
    78779, 85229, 92203, 99733, 107897, 116731, 126271, 136607, 147793, 159871, 172933,
    187091, 202409, 218971, 236897, 256279, 277261, 299951, 324503, 351061, 379787, 410857,
    444487, 480881, 520241, 562841, 608903, 658753, 712697, 771049, 834181, 902483, 976369,
    1056323, 1142821, 1236397, 1337629, 1447153, 1565659, 1693859, 1832561, 1982627, 2144977,
    2320627, 2510653, 2716249, 2938679, 3179303, 3439651, 3721303, 4026031, 4355707, 4712381,
    5098259, 5515729, 5967347, 6456007, 6984629, 7556579, 8175383, 8844859, 9569143,
    10352717, 11200489, 12117689, 13109983, 14183539, 15345007, 16601593, 17961079, 19431899,
)


def _next_bucket_count(wanted: int) -> tuple[int, int]:
    """``_Prime_rehash_policy::_M_next_bkt``: the bucket count and the size that triggers the
    next rehash (max load factor 1)."""
    if wanted < len(_FAST_BUCKETS):
        count = 1 if wanted == 0 else _FAST_BUCKETS[wanted]
        return count, count
    index = bisect.bisect_left(_PRIMES, wanted, 6)
    count = _PRIMES[min(index, len(_PRIMES) - 1)]
    return count, count


class StdHashOrder:
    """The iteration order of a libstdc++ unordered container with unique keys.

    Elements are identified by a key the caller chooses (e.g. ``hash_key(value)``) and
    placed by their hash. Iterating yields the keys in the container's order.
    """

    def __init__(self, bucket_hint: int = 0) -> None:
        self._buckets, self._next_resize = (1, 0) if bucket_hint == 0 else \
            _next_bucket_count(bucket_hint)
        self._hashes: dict[Any, int] = {}
        #: bucket -> its keys, most recent last; dict order = bucket groups, oldest first
        self._groups: dict[int, list[Any]] = {}

    def insert(self, key: Any, hash_value: int) -> bool:
        """Insert ``key`` unless present (``try_emplace``); True when inserted."""
        if key in self._hashes:
            return False
        size = len(self._hashes)
        if size + 1 > self._next_resize:
            least = max(size + 1, 11 if self._next_resize == 0 else 0)
            if least >= self._buckets:
                self._rehash(max(least + 1, self._buckets * 2))
            else:
                self._next_resize = self._buckets
        self._hashes[key] = hash_value
        self._place(key, hash_value)
        return True

    def erase(self, key: Any) -> None:
        """Remove ``key`` if present."""
        hash_value = self._hashes.pop(key, None)
        if hash_value is None:
            return
        bucket = hash_value % self._buckets
        group = self._groups[bucket]
        group.remove(key)
        if not group:
            del self._groups[bucket]

    def __iter__(self) -> Iterator[Any]:
        for bucket in reversed(self._groups):
            yield from reversed(self._groups[bucket])

    def _place(self, key: Any, hash_value: int) -> None:
        bucket = hash_value % self._buckets
        group = self._groups.get(bucket)
        if group is None:
            self._groups[bucket] = [key]  # an empty bucket's node goes to the list's front
        else:
            group.append(key)  # else in front of its bucket's first node

    def _rehash(self, wanted: int) -> None:
        order = list(self)
        self._buckets, self._next_resize = _next_bucket_count(wanted)
        self._groups = {}
        for key in order:
            self._place(key, self._hashes[key])


# -- Abseil's flat_hash_set ------------------------------------------------------------------

#: The per-table salt Abseil mixes into a hash (taken from the table's address on the server,
#: so it cannot be known here): the value under which a 3.12.10 server's documented answers
#: come out.
SWISS_SALT = 0x300


class SwissSetOrder:
    """The slot order of an Abseil ``flat_hash_set`` created with 512 buckets (capacity 1023)
    and filled without erasing: a key sits in the first free slot of its probe sequence."""

    def __init__(self) -> None:
        self._capacity = 1023
        self._slots: dict[int, Any] = {}
        self._hashes: dict[Any, int] = {}

    def insert(self, key: Any, hash_value: int) -> bool:
        """Insert ``key`` unless present; True when inserted."""
        if key in self._hashes:
            return False
        if len(self._hashes) >= self._capacity - self._capacity // 8:
            self._grow()
        self._hashes[key] = hash_value
        self._place(key, hash_value)
        return True

    def __iter__(self) -> Iterator[Any]:
        for slot in sorted(self._slots):
            yield self._slots[slot]

    def _place(self, key: Any, hash_value: int) -> None:
        capacity = self._capacity
        offset = ((hash_value >> 7) ^ SWISS_SALT) & capacity
        step = 0
        while True:
            for i in range(16):
                slot = (offset + i) & capacity
                if slot == capacity:
                    continue  # the sentinel; the slots after it are the first ones again
                if slot not in self._slots:
                    self._slots[slot] = key
                    return
            step += 16
            offset = (offset + step) & capacity

    def _grow(self) -> None:
        self._capacity = self._capacity * 2 + 1
        self._slots = {}
        for key, hash_value in self._hashes.items():
            self._place(key, hash_value)
