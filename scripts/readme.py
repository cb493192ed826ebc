"""Rewrite one generated block of README.md, between its two markers, so figures are never typed by hand."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def replace_block(name: str, text: str) -> None:
    """Put `text` between `<!-- NAME:begin -->` and `<!-- NAME:end -->`."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    content = README.read_text("utf-8")
    start, stop = content.index(begin) + len(begin), content.index(end)
    README.write_text(content[:start] + "\n" + text + "\n" + content[stop:], "utf-8")
