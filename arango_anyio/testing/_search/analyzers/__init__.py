"""Analyzers as ArangoSearch runs them: a definition (type, properties, features) becomes an
:class:`~.base.Analyzer` that turns a value into tokens (what ``TOKENS()`` shows and what the
index stores)."""

from arango_anyio.testing._search.analyzers.base import Analyzer, Token
from arango_anyio.testing._search.analyzers.factory import build_analyzer

__all__ = ["Analyzer", "Token", "build_analyzer"]
