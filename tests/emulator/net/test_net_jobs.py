"""Async jobs: x-arango-async true|store, /_api/job status, fetch, list, cancel, delete."""

from __future__ import annotations

import time

import anyio
import httpx
import pytest

from arango_anyio.testing._emulator import Emulator
from arango_anyio.testing._frontends.serve import serve
from arango_anyio.testing._server.jobs import BackgroundJobs

from ._netutil import client, make_emulator

pytestmark = pytest.mark.anyio

STORE = {"x-arango-async": "store"}
NOT_FOUND = {"code": 404, "error": True, "errorMessage": "not found", "errorNum": 404}


async def _store(http: httpx.AsyncClient, url: str, path: str, method: str = "GET") -> str:
    answer = await http.request(method, url + path, headers=STORE)
    assert answer.status_code == 202 and answer.content == b""
    return answer.headers["x-arango-async-id"]


async def _wait_done(http: httpx.AsyncClient, url: str, job_id: str) -> None:
    for _ in range(500):
        if (await http.get(f"{url}/_api/job/{job_id}")).status_code != 204:
            return
        await anyio.sleep(0.01)
    pytest.fail(f"job {job_id} still pending after 5 s")


async def test_stored_job_is_fetched_once_with_its_status_and_id() -> None:
    emu, counter = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        url = urls[0]
        job_id = await _store(http, url, "/_test/counter", "POST")
        await _wait_done(http, url, job_id)
        status = await http.get(f"{url}/_api/job/{job_id}")
        assert status.status_code == 200 and "x-arango-async-id" not in status.headers
        assert (await http.get(url + "/_api/job/done")).json() == [job_id]
        result = await http.put(f"{url}/_api/job/{job_id}")
        assert result.status_code == 201 and result.json() == {"value": 1}
        assert result.headers["x-arango-async-id"] == job_id
        assert counter.value == 1
        again = await http.put(f"{url}/_api/job/{job_id}")
        assert again.status_code == 404 and again.json() == NOT_FOUND
        assert (await http.get(url + "/_api/job/done")).json() == []


async def test_failed_job_keeps_its_error_answer() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        job_id = await _store(http, urls[0], "/_api/no-such-route")
        await _wait_done(http, urls[0], job_id)
        result = await http.put(f"{urls[0]}/_api/job/{job_id}")
        assert result.status_code == 404 and result.json()["errorNum"] == 404
        assert result.headers["x-arango-async-id"] == job_id


async def test_pending_job_lists_and_cancel() -> None:
    emu, counter = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        url = urls[0]
        slow = await _store(http, url, "/_test/sleep?seconds=30")
        quick = await _store(http, url, "/_test/sleep?seconds=0.3")
        assert (await http.get(f"{url}/_api/job/{slow}")).status_code == 204
        assert (await http.put(f"{url}/_api/job/{slow}")).status_code == 204  # not removed
        assert (await http.get(url + "/_api/job/pending")).json() == [slow, quick]
        assert (await http.get(url + "/_api/job/pending?count=1")).json() == [slow]
        cancelled = await http.put(f"{url}/_api/job/{slow}/cancel")
        assert cancelled.status_code == 200 and cancelled.json() == {"result": True}
        await _wait_done(http, url, slow)
        result = await http.put(f"{url}/_api/job/{slow}")
        assert result.status_code == 410 and result.json()["errorNum"] == 21
        await _wait_done(http, url, quick)
        assert counter.value == 1  # the quick one finished, the cancelled one never did
        unknown = await http.put(url + "/_api/job/99999999/cancel")
        assert unknown.status_code == 404 and unknown.json()["errorNum"] == 404


async def test_fire_and_forget_runs_without_an_id() -> None:
    emu, counter = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        answer = await http.post(urls[0] + "/_test/counter", headers={"x-arango-async": "true"})
        assert answer.status_code == 202 and "x-arango-async-id" not in answer.headers
        for _ in range(500):
            if counter.value:
                break
            await anyio.sleep(0.01)
        assert counter.value == 1
        assert (await http.get(urls[0] + "/_api/job/done")).json() == []


async def test_delete_one_all_and_expired() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        url = urls[0]
        ids = [await _store(http, url, "/_test/echo") for _ in range(4)]
        for job_id in ids:
            await _wait_done(http, url, job_id)
        deleted = await http.delete(f"{url}/_api/job/{ids[0]}")
        assert deleted.status_code == 200 and deleted.json() == {"result": True}
        missing = await http.delete(url + "/_api/job/AreYouThere")
        assert missing.status_code == 404 and missing.json() == NOT_FOUND
        assert (await http.delete(url + "/_api/job/expired?stamp=1")).json() == {"result": True}
        assert (await http.get(url + "/_api/job/done")).json() == ids[1:]
        stamp = time.time() + 1
        assert (await http.delete(f"{url}/_api/job/expired?stamp={stamp}")).status_code == 200
        assert (await http.get(url + "/_api/job/done")).json() == []
        more = await _store(http, url, "/_test/echo")
        await _wait_done(http, url, more)
        assert (await http.delete(url + "/_api/job/all")).status_code == 200
        assert (await http.get(f"{url}/_api/job/{more}")).status_code == 404
        assert (await http.delete(url + "/_api/job/expired")).status_code == 400


async def test_jobs_live_on_the_coordinator_that_created_them() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=2) as urls, client() as http:
        job_id = await _store(http, urls[0], "/_test/echo")
        await _wait_done(http, urls[0], job_id)
        for call in (http.get, http.put, http.delete):
            other = await call(f"{urls[1]}/_api/job/{job_id}")
            assert other.status_code == 404 and other.json() == NOT_FOUND
        assert (await http.get(urls[1] + "/_api/job/done")).json() == []
        assert (await http.put(f"{urls[0]}/_api/job/{job_id}")).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("PUT", "/_api/job", 400), ("GET", "/_api/job", 400), ("GET", "/_api/job/sideways", 400),
     ("PUT", "/_api/job/1/fly", 400), ("DELETE", "/_api/job", 400),
     ("POST", "/_api/job/1", 405), ("GET", "/_admin/job/notthere", 400),
     ("PUT", "/_admin/job/notthere", 404)],
)
async def test_malformed_job_calls(method: str, path: str, status: int) -> None:
    emu, _ = make_emulator()
    http_client = emu.http_client()
    session = http_client.create_session("http://emulator:8529")
    try:
        answer = await http_client.send_request(session, method, "http://emulator:8529" + path,
                                                auth=("root", ""))
        assert answer.status_code == status
    finally:
        await http_client.close_session(session)


async def test_in_process_without_task_group_jobs_finish_before_202() -> None:
    emu, counter = make_emulator()
    http_client = emu.http_client()
    session = http_client.create_session("http://emulator:8529")
    base = "http://emulator:8529"
    try:
        answer = await http_client.send_request(session, "POST", base + "/_test/counter",
                                                headers=dict(STORE), auth=("root", ""))
        assert answer.status_code == 202 and counter.value == 1
        job_id = answer.headers["x-arango-async-id"]
        status = await http_client.send_request(session, "GET", f"{base}/_api/job/{job_id}",
                                                auth=("root", ""))
        assert status.status_code == 200
    finally:
        await http_client.close_session(session)


async def test_async_with_emulator_runs_jobs_in_the_background_and_cancels_on_exit() -> None:
    emu, counter = make_emulator(Emulator)
    assert isinstance(emu, BackgroundJobs)
    http_client = emu.http_client()
    session = http_client.create_session("http://emulator:8529")
    base = "http://emulator:8529"
    try:
        async with emu:
            answer = await http_client.send_request(
                session, "GET", base + "/_test/sleep?seconds=30", headers=dict(STORE),
                auth=("root", ""))
            job_id = answer.headers["x-arango-async-id"]
            status = await http_client.send_request(session, "GET", f"{base}/_api/job/{job_id}",
                                                    auth=("root", ""))
            assert status.status_code == 204
            async with emu:  # nested blocks work; the innermost one runs new jobs
                quick = await http_client.send_request(
                    session, "GET", base + "/_test/sleep?seconds=0", headers=dict(STORE),
                    auth=("root", ""))
                done = emu.jobs.get("c0", quick.headers["x-arango-async-id"])
                assert done is not None
                for _ in range(100):
                    if done.done:
                        break
                    await anyio.sleep(0.01)
            assert done.response is not None and done.response.status == 200
        assert counter.value == 1  # only the quick job finished
        job = emu.jobs.get("c0", job_id)  # cancelled on exit: done, with the server's 410/21
        assert job is not None and job.response is not None and job.response.status == 410
    finally:
        await http_client.close_session(session)
