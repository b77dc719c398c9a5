"""Turning an answer into a result: running an API method's handler on a response."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from arango_anyio.exceptions import ArangoError, ArangoServerError, ResponseParseError
from arango_anyio.request import Request
from arango_anyio.response import Response

T = TypeVar("T")

#: Handler = what an API method does with the answer: a result, or its own typed exception.
Handler = Callable[[Response], T]

#: The per-operation exception an API method raises for an error answer
#: (``DocumentInsertError``, ...), made from the answer and the request.
ErrorClass = type[ArangoServerError]

# What a handler raises when the body has the wrong shape or values of the wrong kind
# (``int("abc")``, ``int(float("inf"))``, a str where a dict was expected, ...).
_PARSE_ERRORS = (KeyError, TypeError, IndexError, AttributeError, ValueError, OverflowError)


def raise_unless_success(response: Response, request: Request, error: ErrorClass) -> None:
    """Raise ``error(response, request)`` unless ``response`` is a success (2xx)."""
    if not response.is_success:
        raise error(response, request)


def interpret(response: Response, handler: Callable[[Response], T]) -> T:
    """Run ``handler`` on ``response``; a body of the wrong shape becomes ResponseParseError,
    and so does a 2xx answer whose body is not the JSON the method reads (an HTML page, an
    empty body: :meth:`Response.unusable_body`)."""
    try:
        result = handler(response)
    except ArangoError:  # the handler's own typed errors (some are also ValueErrors)
        raise
    except _PARSE_ERRORS as exc:
        raise ResponseParseError(
            f"unexpected answer to {response.method} {response.url} "
            f"(HTTP {response.status_code}): {type(exc).__name__}: {exc}",
            response,
        ) from exc
    if not response.body_is_json and 200 <= response.status_code < 300:
        problem = response.unusable_body()
        if problem is not None:
            raise ResponseParseError(
                f"unexpected answer to {response.method} {response.url} "
                f"(HTTP {response.status_code}): {problem}",
                response,
            )
    return result
