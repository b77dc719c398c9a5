"""Throughput of simple document operations in-process (the suite relies on it)."""

from __future__ import annotations

import json
import time

import pytest

from tests.emulator.core.conftest import BASE, Api

pytestmark = pytest.mark.anyio

OPS = 2000


async def test_simple_document_ops_per_second(api: Api) -> None:
    await api.ok("POST", "/_api/collection", {"name": "speed"})
    client, session = api.client, api.session
    url = BASE + "/_api/document/speed"
    body = json.dumps({"name": "x", "value": 1})
    started = time.perf_counter()
    for i in range(OPS // 2):
        await client.send_request(session, "POST", url, data=body, auth=("root", ""))
        await client.send_request(session, "GET", f"{url}/missing{i}", auth=("root", ""))
    elapsed = time.perf_counter() - started
    rate = OPS / elapsed
    print(f"\nemulator in-process: {rate:,.0f} simple document ops/s")
    assert (await api.ok("GET", "/_api/collection/speed/count"))["count"] == OPS // 2
    assert rate > 2500  # 5,000+ on an idle core; generous bound for busy CI machines
