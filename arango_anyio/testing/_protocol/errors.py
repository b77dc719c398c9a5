"""The error a handler raises to answer with ArangoDB's error body."""

from __future__ import annotations

from arango_anyio.testing._protocol.error_texts import ERROR_TEXTS

#: The HTTP status ArangoDB gives with an error number, where it is not 400 (checked against
#: the recorded 3.12 answers where they show one).
_HTTP_CODES: dict[int, int] = {
    3: 500, 4: 500, 9: 501, 11: 403, 12: 500, 17: 400, 18: 409, 20: 409, 21: 500, 22: 500,
    23: 409, 25: 409, 26: 500, 27: 400, 28: 503, 32: 500, 400: 400, 401: 401, 403: 403,
    404: 404, 405: 405, 406: 406, 412: 412, 500: 500, 501: 501, 503: 503, 504: 504,
    1200: 409, 1202: 404, 1203: 404, 1205: 400, 1207: 409, 1210: 409, 1212: 404, 1213: 400,
    1004: 403, 1221: 400, 1228: 404, 1229: 400, 1230: 403, 1233: 400, 1234: 400, 1500: 410,
    1501: 400, 1510: 400,
    1521: 400, 1522: 400, 1540: 400, 1541: 400, 1542: 400, 1543: 400, 1551: 400, 1552: 400,
    1553: 400, 1562: 400, 1579: 400, 1582: 404, 1583: 400, 1600: 404, 1620: 400,
    1651: 409, 1652: 400, 1653: 409, 1654: 410, 1655: 404,
    1703: 404, 1700: 400, 1702: 409,
    1924: 404, 1920: 400, 1921: 400, 1922: 400, 1923: 400, 1925: 409, 1926: 404, 1930: 404,
    1940: 400, 1947: 400, 1921001: 404, 21004: 412,
}


class EmuError(Exception):
    """Answer with ``{"error": true, "errorNum": error_num, ...}`` and ``http_code``.

    ``message`` defaults to the server's text for ``error_num`` from errors.yaml; ``http_code``
    to the status ArangoDB uses for that number (400 when unlisted).
    """

    def __init__(self, error_num: int, message: str | None = None, http_code: int | None = None):
        self.error_num = error_num
        self.message = message if message is not None else ERROR_TEXTS.get(error_num, "error")
        self.http_code = http_code if http_code is not None else _HTTP_CODES.get(error_num, 400)
        super().__init__(f"[{self.http_code}][{self.error_num}] {self.message}")


class RevisionConflict(EmuError):
    """A ``_rev`` / ``If-Match`` mismatch (1200): single-document answers are 412 and carry
    the current document's ``_id``, ``_key`` and ``_rev``."""

    def __init__(self, current: dict[str, object]) -> None:
        super().__init__(1200, "conflict, _rev values do not match", http_code=412)
        self.current = current
