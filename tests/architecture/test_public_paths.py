"""Public classes live where users import them: ``__module__`` is the public module (so
``repr``, ``help()``, pickle and the API reference say ``arango_anyio.StandardCollection``),
while the source stays in its layer (``arango_anyio._public.defined_in``)."""

from __future__ import annotations

import enum
import importlib
import inspect
import pickle
import typing

import pytest

import arango_anyio
import arango_anyio.testing
from arango_anyio._public import defined_in

PUBLIC_MODULES = [arango_anyio, arango_anyio.testing]
CLASSES = [(module.__name__, name, getattr(module, name))
           for module in PUBLIC_MODULES for name in module.__all__
           if inspect.isclass(getattr(module, name))]


@pytest.mark.parametrize("module, name, cls", CLASSES, ids=[f"{m}.{n}" for m, n, _ in CLASSES])
def test_public_class_names_its_public_path(module: str, name: str, cls: type) -> None:
    home = importlib.import_module(cls.__module__)
    assert not any(part.startswith("_") for part in cls.__module__.split(".")), cls
    assert getattr(home, cls.__qualname__) is cls
    if not issubclass(cls, enum.Enum):  # an enum's repr is <enum 'Name'>
        assert repr(cls) == f"<class '{cls.__module__}.{cls.__qualname__}'>"
    assert pickle.loads(pickle.dumps(cls)) is cls
    typing.get_type_hints(cls)  # annotations still resolve after the move
    source = importlib.import_module(defined_in(cls))
    assert getattr(source, cls.__name__) is cls
    assert inspect.getsource(source).count(f"class {cls.__name__}") >= 1


def test_every_handle_a_user_gets_has_a_public_name() -> None:
    """What the database handle hands out is importable from ``arango_anyio``."""
    for attribute in ("aql", "foxx", "backup", "cluster", "replication", "wal", "pregel"):
        prop = getattr(arango_anyio.StandardDatabase, attribute)
        returned = typing.get_type_hints(prop.fget)["return"]
        assert getattr(arango_anyio, returned.__name__) is returned, attribute
    cache_property = inspect.getattr_static(arango_anyio.AQL, "cache")
    assert isinstance(cache_property, property) and cache_property.fget is not None
    cache = typing.get_type_hints(cache_property.fget)["return"]
    assert cache is arango_anyio.AQLQueryCache
    begin = typing.get_type_hints(arango_anyio.StandardDatabase.begin_transaction)["return"]
    assert typing.get_origin(begin) is arango_anyio.TransactionBegin


def test_pickled_values_of_public_classes_round_trip() -> None:
    status = arango_anyio.DocumentStatus.WRITTEN
    assert pickle.loads(pickle.dumps(status)) is status
