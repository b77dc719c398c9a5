"""The deployment's JWT secret: given directly, or read from a keyfile as ArangoDB reads
``--server.jwt-secret-keyfile`` (``AuthenticationFeature::loadJwtSecretKeyfile``)."""

from __future__ import annotations

from pathlib import Path

#: ArangoDB refuses an HS256 secret longer than this many bytes.
MAX_JWT_SECRET_BYTES = 64
#: What ArangoDB trims from both ends of a keyfile's content.
_KEYFILE_TRIMMED = b" \t\n\r"


class JwtSecretError(ValueError):
    """A JWT secret (or its keyfile) that cannot be used."""


def check_jwt_secret(secret: bytes) -> bytes:
    """``secret``, unless it is longer than ArangoDB allows (an empty secret means "pick a
    random one", as in ArangoDB)."""
    if len(secret) > MAX_JWT_SECRET_BYTES:
        raise JwtSecretError(f"the JWT secret is too long: at most {MAX_JWT_SECRET_BYTES} "
                             f"bytes, got {len(secret)}")
    return secret


def read_jwt_secret_keyfile(path: str) -> bytes:
    """The JWT secret in ``path``: the whole content, with spaces, tabs, CRs and LFs trimmed
    at both ends; at most 64 bytes."""
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise JwtSecretError(f"unable to read content of jwt-secret file '{path}': "
                             f"{error.strerror or error}") from None
    return check_jwt_secret(content.strip(_KEYFILE_TRIMMED))
