"""Reading the site's pages: their code blocks (MyST fences, reST code directives) and their
``literalinclude`` targets, for the tests that keep the pages from rotting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
#: Where a page's Python listings come from: complete programs (the site's own, run by
#: test_examples.py, and the repository's, run by test_examples_as_documented.py) and, for the
#: contributors' pages, the package's own source.
LISTING_SOURCES = (DOCS / "examples", ROOT / "examples", ROOT / "arango_anyio")

PYTHON_LANGUAGES = frozenset({"python", "python3", "py", "py3", "ipython", "ipython3", "sage"})
DOCTEST_LANGUAGES = frozenset({"pycon", "python-console"})
#: Directives whose content is code or data, not Markdown: fences inside are text.
LITERAL_DIRECTIVES = frozenset({
    "code-block", "code", "sourcecode", "code-cell", "literalinclude", "eval-rst", "toctree",
    "math", "raw", "csv-table", "list-table", "mermaid", "graphviz",
})

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_RST_CODE = re.compile(
    r"^\s*\.\.\s+(?P<directive>code-block|code|sourcecode)::[ \t]*(?P<language>\S*)[ \t]*$", re.M)
_LITERALINCLUDE = re.compile(r"(?:\{literalinclude\}|\.\.\s+literalinclude::)[ \t]*(?P<path>\S+)")


@dataclass(frozen=True)
class CodeBlock:
    page: Path
    line: int  # 1-based, the opening fence's line
    language: str  # "" when the block names none
    content: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def pages() -> list[Path]:
    """Every Markdown and reST source of the site (not the build, not the programs)."""
    found = [*DOCS.rglob("*.md"), *DOCS.rglob("*.rst")]
    return sorted(p for p in found if not {"_build", "examples"} & set(p.relative_to(DOCS).parts))


def _language(info: str) -> tuple[str | None, bool]:
    """(the code language of a fence's info string, or None when it opens a Markdown
    container such as ``{note}``; whether its content is literal)."""
    info = info.strip()
    if not info.startswith("{"):
        return (info.split()[0].lower() if info else ""), True
    name, _, argument = info[1:].partition("}")
    if name in {"code-block", "code", "sourcecode", "code-cell"}:
        return (argument.split()[0].lower() if argument.strip() else ""), True
    return None, name in LITERAL_DIRECTIVES


def code_blocks(page: Path) -> Iterator[CodeBlock]:
    """The page's code blocks: MyST fences (nested in containers too) and reST directives."""
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".md":
        yield from _fenced_blocks(page, text.splitlines())
    for match in _RST_CODE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        yield CodeBlock(page, line, match["language"].lower(), "")


def _fenced_blocks(page: Path, lines: list[str]) -> Iterator[CodeBlock]:
    # (fence character, fence length, literal content?, language or None, line, content)
    stack: list[tuple[str, int, bool, str | None, int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        match = _FENCE.match(line)
        if stack and stack[-1][2]:  # inside a literal block: only its closing fence counts
            char, length, _, language, start, content = stack[-1]
            if match and match["fence"][0] == char and len(match["fence"]) >= length \
                    and not match["info"].strip():
                stack.pop()
                if language is not None:
                    yield CodeBlock(page, start, language, "\n".join(content))
            else:
                content.append(line)
            continue
        if not match:
            continue
        fence, info = match["fence"], match["info"]
        if stack and fence[0] == stack[-1][0] and len(fence) >= stack[-1][1] \
                and not info.strip():
            stack.pop()  # the end of a container
            continue
        if fence[0] == ":" and not info.strip().startswith("{"):
            continue  # not a colon fence
        language, literal = _language(info)
        stack.append((fence[0], len(fence), literal, language, number, []))


def included_files(page: Path) -> Iterator[tuple[int, Path]]:
    """(line, resolved path) of every ``literalinclude`` on the page."""
    text = page.read_text(encoding="utf-8")
    for match in _LITERALINCLUDE.finditer(text):
        target = match["path"]
        path = DOCS / target.lstrip("/") if target.startswith("/") else page.parent / target
        yield text.count("\n", 0, match.start()) + 1, path.resolve()
