"""/_api/cluster/endpoints: the coordinators' endpoints, 501 on a single server."""

from __future__ import annotations

import pytest

from arango_anyio.testing._frontends.serve import serve

from ._netutil import client, make_emulator

pytestmark = pytest.mark.anyio


async def test_endpoints_of_three_coordinators() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=3) as urls, client() as http:
        answer = await http.get(urls[2] + "/_api/cluster/endpoints")
        assert answer.status_code == 200
        assert answer.json() == {"error": False, "code": 200, "endpoints": [
            {"endpoint": url.replace("http://", "tcp://")} for url in urls]}
        wrong = await http.post(urls[0] + "/_api/cluster/endpoints")
        assert wrong.status_code == 405 and wrong.json()["errorNum"] == 405
        other = await http.get(urls[0] + "/_api/cluster/elsewhere")
        assert other.status_code == 404 and other.json()["errorNum"] == 404


async def test_single_server_answers_501() -> None:
    emu, _ = make_emulator()
    async with serve(emu, coordinators=1) as urls, client() as http:
        answer = await http.get(urls[0] + "/_api/cluster/endpoints")
        assert answer.status_code == 501
        assert answer.json() == {
            "code": 501, "error": True, "errorNum": 9,
            "errorMessage": "cannot serve this request for this deployment type"}


async def test_in_process_single_host_answers_501() -> None:
    emu, _ = make_emulator()
    http_client = emu.http_client()
    session = http_client.create_session("http://emulator:8529")
    try:
        answer = await http_client.send_request(
            session, "GET", "http://emulator:8529/_api/cluster/endpoints", auth=("root", ""))
        assert answer.status_code == 501
    finally:
        await http_client.close_session(session)


async def test_in_process_hosts_are_the_cluster_endpoints() -> None:
    emu, _ = make_emulator()
    http_client = emu.http_client()
    hosts = ["http://a:8529", "http://b:8529"]
    sessions = [http_client.create_session(host) for host in hosts]
    try:
        answer = await http_client.send_request(
            sessions[1], "GET", "http://b:8529/_api/cluster/endpoints", auth=("root", ""))
        assert answer.status_code == 200
        assert answer.body["endpoints"] == [{"endpoint": "tcp://a:8529"},
                                            {"endpoint": "tcp://b:8529"}]
    finally:
        for session in sessions:
            await http_client.close_session(session)
