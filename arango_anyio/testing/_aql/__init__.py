"""The emulator's AQL engine.

- :mod:`.lexer`, :mod:`.parse_base`, :mod:`.parse_expr`, :mod:`.parser` — query text to the
  syntax tree of :mod:`.ast` (with the server's 1501/1511/1540/1541/155x errors);
- :mod:`.executor` (operations over rows), :mod:`.evaluator` (expressions), :mod:`.modify`,
  :mod:`.traversal`, :mod:`.aggregates`, :mod:`.values` (AQL type order and casts) and the
  built-in functions in :mod:`.functions`;
- :mod:`.query` — the entry points :func:`~.query.parse_query` and :func:`~.query.run_query`;
- :mod:`.context` — the :class:`~.context.QueryContext` protocol the store implements
  (``emu.query_context(request)``); :mod:`.memory` — a dict-backed one for tests;
- :mod:`.service` — server-side state (cursors per coordinator, running/slow queries, user
  functions); :mod:`.explain` — ASTs and plans for ``/_api/query`` and ``/_api/explain``.

The HTTP side lives in ``_handlers/cursor.py`` and ``_handlers/query.py``.
"""
