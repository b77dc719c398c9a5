"""Serialization refuses what JSON cannot carry; responses parse or fail with typed errors."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arango_anyio import _serde
from arango_anyio._executors.handling import interpret
from arango_anyio.exceptions import ArangoServerError, ResponseParseError
from arango_anyio.request import Request
from arango_anyio.response import Response


@pytest.mark.parametrize(
    "value",
    [{1, 2}, {"x": math.nan}, {"x": [math.inf]}, {1: "non-string key"}, {"x": object()}],
)
def test_unserializable_values_are_refused(value: object) -> None:
    with pytest.raises(_serde.SerializationError):
        _serde.dumps(value)


def test_round_trip() -> None:
    doc = {"a": [1, 2.5, None, True], "b": {"c": "ü"}}
    assert _serde.loads(_serde.dumps(doc)) == doc


def _response(status: int, body: bytes | str, headers: dict[str, str] | None = None
              ) -> Response:
    return Response("GET", "http://h/_api/x", headers or {}, status, "Reason", body)


def test_error_body_fields_and_message() -> None:
    body = b'{"code":404,"error":true,"errorMessage":"document not found","errorNum":1202}'
    response = _response(404, body)
    assert response.error_code == 1202 and not response.is_success
    error = ArangoServerError(response, Request("GET", "/_api/x"))
    assert str(error) == "[HTTP 404][ERR 1202] document not found"
    assert error.http_method == "GET" and error.url == "http://h/_api/x"


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>502 Bad Gateway</body></html>", b'{"code":500', b'{"error":true}',
     b'{"errorNum":"weird"}', b"[1,2,3]"],
)
def test_broken_error_answers_give_readable_server_errors(body: bytes) -> None:
    response = _response(502, body)
    error = ArangoServerError(response, Request("GET", "/_api/x"))
    assert error.http_code == 502
    assert str(error).startswith("[HTTP 502]")
    assert "Reason" in str(error) or "unexpected" in str(error)


def test_header_lookup_is_case_insensitive_for_plain_dicts() -> None:
    response = _response(200, b"{}", {"X-Arango-Queue-Time-Seconds": "0.5"})
    assert response.header("x-arango-queue-time-seconds") == "0.5"
    assert response.header("missing", "d") == "d"


@given(st.binary(max_size=200), st.integers(min_value=100, max_value=599))
def test_fuzzed_answers_never_escape_as_raw_errors(body: bytes, status: int) -> None:
    response = _response(status, body)

    def handler(r: Response) -> object:
        if not r.is_success:
            raise ArangoServerError(r, Request("GET", "/_api/x"))
        return r.body["result"]

    try:
        interpret(response, handler)
    except (ArangoServerError, ResponseParseError) as exc:
        assert str(exc)
