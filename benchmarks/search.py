"""Benchmark: a single-term SEARCH on a 100,000-document arangosearch view, in-process.

Not part of the test run. Builds the collection and the view on an in-process emulator, then
times single-term SEARCH queries end to end (``POST /_api/cursor`` through the emulator's
in-process HTTP client, as a test would send them):

    python benchmarks/search.py                 # 100,000 documents
    python benchmarks/search.py --docs 20000    # smaller, quicker

The target (issue 16) is under 50 ms per query.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from typing import Any

import anyio

from arango_anyio.testing import Emulator

WORDS = [f"w{i}" for i in range(5000)]
HOST = "http://emu:8529"


async def main(docs: int, rounds: int) -> dict[str, Any]:
    """Build the view and time the queries; returns the figures (milliseconds)."""
    emu = Emulator()
    http = emu.http_client()
    session = http.create_session(HOST)

    async def call(method: str, path: str, body: Any) -> Any:
        answer = await http.send_request(session, method, HOST + path, data=json.dumps(body),
                                         auth=("root", ""))
        assert answer.status_code < 300, answer.body
        return answer.body

    rng = random.Random(16)
    await call("POST", "/_api/collection", {"name": "docs"})
    started = time.perf_counter()
    for start in range(0, docs, 10_000):
        batch = [{"_key": str(i), "tag": f"t{i % 1000}",
                  "text": " ".join(rng.choice(WORDS) for _ in range(8))}
                 for i in range(start, min(start + 10_000, docs))]
        await call("POST", "/_api/document/docs?silent=true", batch)
    loaded = time.perf_counter()
    await call("POST", "/_api/view", {"name": "v", "type": "arangosearch", "links": {"docs": {
        "fields": {"tag": {}, "text": {"analyzers": ["text_en"]}}}}})
    await call("POST", "/_api/cursor", {"query": "FOR d IN v SEARCH d.tag == 't0' RETURN 1"})
    indexed = time.perf_counter()
    figures: dict[str, Any] = {"documents": docs, "load_s": round(loaded - started, 2),
                               "index_s": round(indexed - loaded, 2)}
    queries = {
        "term (identity, ~0.1% of documents)":
            ("FOR d IN v SEARCH d.tag == @t RETURN d", lambda i: {"t": f"t{i % 1000}"}),
        "term (text_en, ~0.2% of documents)":
            ("FOR d IN v SEARCH ANALYZER(d.text == @w, 'text_en') RETURN d",
             lambda i: {"w": WORDS[i]}),
        "term + BM25 top 10":
            ("FOR d IN v SEARCH ANALYZER(d.text == @w, 'text_en') SORT BM25(d) DESC "
             "LIMIT 10 RETURN d", lambda i: {"w": WORDS[i + 100]}),
    }
    for name, (query, binds) in queries.items():
        times = []
        count = 0
        for i in range(rounds):
            begin = time.perf_counter()
            body = await call("POST", "/_api/cursor", {"query": query, "bindVars": binds(i),
                                                       "batchSize": 1000})
            times.append((time.perf_counter() - begin) * 1000)
            count = len(body["result"])
        figures[name] = {"median_ms": round(statistics.median(times), 2),
                         "max_ms": round(max(times), 2), "rows": count}
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    arguments = parser.parse_args()
    print(json.dumps(anyio.run(main, arguments.docs, arguments.rounds), indent=2))
