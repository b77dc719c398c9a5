"""Which values of a document an index holds, and under which names: the field rules of
``arangosearch`` view links and of inverted indexes.

A view link indexes the attributes named in ``fields`` (recursively, each level inheriting
the analyzers and options of its parent) and, with ``includeAllFields``, every other one;
array elements are indexed under the array's name, or under ``name[i]`` with
``trackListPositions``. An inverted index indexes the attributes its ``fields`` list
(``[*]`` expands one array level), optionally with ``includeAllFields`` and ``searchField``
(arrays indexed like a view does).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

#: Attributes never indexed (``_id`` is stored as a special type ArangoSearch skips).
_SKIPPED = frozenset(("_id",))


@dataclass(frozen=True)
class FieldSpec:
    """How one level of a document is indexed."""

    analyzers: tuple[str, ...] = ("identity",)
    include_all: bool = False
    track_positions: bool = False
    store_values: bool = False
    search_field: bool = True
    fields: dict[str, FieldSpec] = field(default_factory=dict)

    @cached_property
    def leaf(self) -> FieldSpec:
        """These rules without the per-attribute ones: what the attributes
        ``includeAllFields`` adds are indexed with (kept, as this runs per document)."""
        return replace(self, fields={}) if self.fields else self

    def child(self, name: str) -> FieldSpec | None:
        """The rules for attribute ``name`` one level down, or None when it is not indexed."""
        sub = self.fields.get(name)
        if sub is None and self.include_all:
            return self.leaf
        return sub


@dataclass(frozen=True, slots=True)
class IndexedValue:
    """One value to index: its field path, the value, and the rules it falls under."""

    path: str
    value: Any
    spec: FieldSpec


Extractor = Callable[[dict[str, Any]], list[IndexedValue]]
Canonical = Callable[[str], str]


# -- arangosearch view links ---------------------------------------------------------------

def link_spec(definition: dict[str, Any], canonical: Canonical,
              parent: FieldSpec | None = None) -> FieldSpec:
    """The :class:`FieldSpec` of a link definition (or of one of its ``fields`` entries,
    inheriting from ``parent``)."""
    base = parent or FieldSpec()
    analyzers = definition.get("analyzers")
    spec = FieldSpec(
        analyzers=tuple(canonical(str(a)) for a in analyzers) if isinstance(analyzers, list)
        else base.analyzers,
        include_all=bool(definition.get("includeAllFields", base.include_all)),
        track_positions=bool(definition.get("trackListPositions", base.track_positions)),
        store_values=(definition.get("storeValues") == "id") if "storeValues" in definition
        else base.store_values,
    )
    fields = definition.get("fields") or {}
    nested = definition.get("nested") or {}
    children: dict[str, FieldSpec] = {}
    for source in (fields, nested):
        if isinstance(source, dict):
            for name, sub in source.items():
                children[str(name)] = link_spec(sub if isinstance(sub, dict) else {},
                                                canonical, spec)
    return replace(spec, fields=children)


def _walk(value: Any, path: str, spec: FieldSpec, out: list[IndexedValue],
          top: bool = False) -> None:
    if isinstance(value, dict):
        if not top:
            out.append(IndexedValue(path, value, spec))  # for geo analyzers
        for name, item in value.items():
            if top and name in _SKIPPED:
                continue
            sub = spec.child(name)
            if sub is not None:
                _walk(item, f"{path}.{name}" if path else name, sub, out)
    elif isinstance(value, list):
        out.append(IndexedValue(path, value, spec))  # for geo analyzers
        if not spec.search_field:
            return
        for i, item in enumerate(value):
            _walk(item, f"{path}[{i}]" if spec.track_positions else path, spec, out)
    else:
        out.append(IndexedValue(path, value, spec))


def link_extractor(spec: FieldSpec) -> Extractor:
    """The values a view link with ``spec`` indexes of a document."""

    def extract(doc: dict[str, Any]) -> list[IndexedValue]:
        out: list[IndexedValue] = []
        _walk(doc, "", spec, out, top=True)
        return out

    return extract


# -- inverted indexes ----------------------------------------------------------------------

@dataclass(frozen=True)
class InvertedField:
    """One entry of an inverted index's ``fields``."""

    parts: tuple[str, ...]
    spec: FieldSpec

    @property
    def name(self) -> str:
        """The field's name as queries use it (``a[*].b`` is ``a.b``)."""
        return ".".join(p for p in self.parts if p != "[*]")


def _split_path(name: str) -> tuple[str, ...]:
    parts: list[str] = []
    for piece in name.split("."):
        while piece.endswith("[*]"):
            base = piece[:-3]
            if base:
                parts.append(base)
            parts.append("[*]")
            piece = ""
        if piece:
            parts.append(piece)
    return tuple(parts)


def inverted_fields(definition: dict[str, Any], canonical: Canonical
                    ) -> tuple[list[InvertedField], FieldSpec | None]:
    """The fields of an inverted index definition, and the spec for the remaining
    attributes when ``includeAllFields`` is set at the top level."""
    top = FieldSpec(analyzers=(canonical(str(definition.get("analyzer", "identity"))),),
                    include_all=bool(definition.get("includeAllFields", False)),
                    track_positions=bool(definition.get("trackListPositions", False)),
                    store_values=True,
                    search_field=bool(definition.get("searchField", False)))
    out: list[InvertedField] = []
    for entry in definition.get("fields", []):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        analyzer = entry.get("analyzer")
        spec = replace(
            top,
            analyzers=(canonical(str(analyzer)),) if analyzer else top.analyzers,
            include_all=bool(entry.get("includeAllFields", False)),
            track_positions=bool(entry.get("trackListPositions", top.track_positions)),
            search_field=bool(entry.get("searchField", top.search_field)))
        nested = entry.get("nested")
        if isinstance(nested, list):
            children = {}
            for sub in nested:
                sub_def = {"name": sub} if isinstance(sub, str) else sub
                if isinstance(sub_def, dict) and isinstance(sub_def.get("name"), str):
                    sub_analyzer = sub_def.get("analyzer")
                    children[sub_def["name"]] = replace(
                        spec, analyzers=(canonical(str(sub_analyzer)),) if sub_analyzer
                        else spec.analyzers, fields={})
            spec = replace(spec, fields=children, search_field=True)
        out.append(InvertedField(_split_path(entry["name"]), spec))
    return out, (top if top.include_all else None)


def _resolve(value: Any, parts: tuple[str, ...], path: str, spec: FieldSpec,
             out: list[IndexedValue]) -> None:
    if not parts:
        if isinstance(value, dict):
            out.append(IndexedValue(path, value, spec))
            for name, item in value.items():
                sub = spec.child(name)
                if sub is not None:
                    _walk(item, f"{path}.{name}", sub, out)
        elif isinstance(value, list):
            _walk(value, path, spec, out)
        elif value is not None or path:
            out.append(IndexedValue(path, value, spec))
        return
    head, rest = parts[0], parts[1:]
    if head == "[*]":
        if isinstance(value, list):
            for item in value:
                _resolve(item, rest, path, spec, out)
        return
    if not isinstance(value, dict) or head not in value:
        return
    _resolve(value[head], rest, f"{path}.{head}" if path else head, spec, out)


def inverted_extractor(fields: list[InvertedField], rest: FieldSpec | None) -> Extractor:
    """The values an inverted index with ``fields`` (and ``rest`` for includeAllFields)
    indexes of a document."""
    named = {f.parts[0] for f in fields if f.parts}
    rest_leaf = rest.leaf if rest is not None else None

    def extract(doc: dict[str, Any]) -> list[IndexedValue]:
        out: list[IndexedValue] = []
        for entry in fields:
            _resolve(doc, entry.parts, "", entry.spec, out)
        if rest_leaf is not None:
            for name, value in doc.items():
                if name not in named and name not in _SKIPPED:
                    _walk(value, name, rest_leaf, out)
        return out

    return extract
