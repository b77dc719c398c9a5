"""The pages show no Python that is not run: every Python listing comes from a complete program
(``docs/examples/*.py``, run by test_examples.py, or ``examples/*.py``) through
``literalinclude``; a page's own code blocks are shell, data or ``pycon`` sessions, and those
run here as doctests."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from tests.docs.pages import (
    DOCTEST_LANGUAGES,
    LISTING_SOURCES,
    PYTHON_LANGUAGES,
    ROOT,
    CodeBlock,
    code_blocks,
    included_files,
    pages,
)

PAGES = pages()
#: Pages written before this rule, whose listings are being moved into programs. The list only
#: shrinks: a page on it that has no Python block any more fails the last test below.
NOT_YET_CONVERTED: set[str] = set()


def _id(page: Path) -> str:
    return str(page.relative_to(ROOT / "docs"))


def test_the_site_has_pages() -> None:
    assert len(PAGES) > 10


def _python_blocks(page: Path) -> list[CodeBlock]:
    return [block for block in code_blocks(page) if block.language in PYTHON_LANGUAGES]


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_no_python_block_that_does_not_run(page: Path) -> None:
    if _id(page) in NOT_YET_CONVERTED:
        pytest.skip("listed in NOT_YET_CONVERTED")
    wrong = [
        f"{block.where}: a ```{block.language} block (show Python from a program in "
        "docs/examples/ with literalinclude, or as a ```pycon session)"
        for block in _python_blocks(page)
    ] + [
        f"{block.where}: a code block that names no language (say which: text, console, "
        "bash, json, toml...)"
        for block in code_blocks(page) if block.language == ""
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_python_listings_come_from_programs_that_run(page: Path) -> None:
    wrong = [
        f"{page.relative_to(ROOT)}:{line}: includes {path}, "
        f"which is not under {' or '.join(str(d.relative_to(ROOT)) for d in LISTING_SOURCES)}"
        for line, path in included_files(page)
        if path.suffix == ".py" and not any(path.is_relative_to(d) for d in LISTING_SOURCES)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("page", [p for p in PAGES if any(
    b.language in DOCTEST_LANGUAGES for b in code_blocks(p))], ids=_id)
def test_pycon_sessions_run(page: Path) -> None:
    """A page's ``pycon`` sessions run in order, in one namespace, as doctests."""
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    namespace: dict[str, object] = {"__name__": "__doctest__"}
    report: list[str] = []
    for block in code_blocks(page):
        if block.language not in DOCTEST_LANGUAGES:
            continue
        test = parser.get_doctest(block.content, namespace, block.where, str(page), block.line)
        runner.run(test, out=report.append, clear_globs=False)
    assert runner.failures == 0, "".join(report)


def test_the_page_reader_finds_blocks_where_myst_does(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```bash\n./docs.sh\n```\n"
        "````{note}\nNested:\n```python\nprint('shown, not run')\n```\n````\n"
        ":::{tip}\n```\nno language\n```\n:::\n"
        "```{code-block} py\nx = 1\n```\n"
        "````md\n```python\ninside a literal block: text\n```\n````\n"
        "```pycon\n>>> 1 + 1\n2\n```\n"
        "```{eval-rst}\n.. code-block:: python\n\n   y = 2\n```\n",
        encoding="utf-8")
    found = [(block.line, block.language) for block in code_blocks(page)]
    assert found == [(1, "bash"), (6, "python"), (11, ""), (15, "py"), (18, "md"),
                     (23, "pycon"), (28, "python")]
    (pycon,) = [block for block in code_blocks(page) if block.language == "pycon"]
    assert pycon.content == ">>> 1 + 1\n2"


def test_pages_awaiting_conversion_still_need_it() -> None:
    done = sorted(name for name in NOT_YET_CONVERTED
                  if not (ROOT / "docs" / name).exists()
                  or not _python_blocks(ROOT / "docs" / name))
    assert not done, f"remove from NOT_YET_CONVERTED: {done}"
