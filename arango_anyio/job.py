"""Async jobs (python-arango's ``arango.job``): what calls return under
``db.begin_async_execution()``."""

from arango_anyio._executors.async_job import AsyncJob

__all__ = ["AsyncJob"]
