"""The visible text of HTML too deep or too large for a tree parser.

libxml2, under lxml and so under trafilatura, stops building the tree at 256 levels of nesting, and
everything below is lost, silently: 260 unclosed <font> tags in an old page are enough to lose its
article. This flat scan keeps only a stack of open tag names, closed the way browsers close them, so it
has no depth limit; it keeps every visible text and breaks paragraphs at block tags, leaving menus and
footers for `clean` to drop. It takes linear time, where trafilatura takes minutes and gigabytes on a
page of tens of megabytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

PARSER_DEPTH = 256
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg"})
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "title",
        "tr",
        "ul",
    }
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
# Opening one of these closes an open one of its kind, and whatever was left open inside it.
_SELF_CLOSING = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})
# How far down the stack an end tag looks for its start tag: bounded, so a stray end tag costs no scan.
_SEARCH = 64


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.title = ""
        self.open: list[str] = []
        self.deepest = 0
        self._words: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _BLOCKS:
            self._break()
        if tag in _VOID:
            return
        if tag in _SELF_CLOSING:
            self._close(tag)
        self.open.append(tag)
        self.deepest = max(self.deepest, len(self.open))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._break()
        self._close(tag)

    def _close(self, tag: str) -> None:
        """Close `tag` and all left open inside it; a stray end tag, not open nearby, is ignored."""
        for at in range(len(self.open) - 1, max(-1, len(self.open) - 1 - _SEARCH), -1):
            if self.open[at] == tag:
                del self.open[at:]
                return

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "title":
            self.title += data
        elif not _HIDDEN.intersection(self.open[-8:]):
            self._words += data.split()

    def _break(self) -> None:
        if self._words:
            self.paragraphs.append(" ".join(self._words))
            self._words = []


@dataclass(frozen=True)
class Visible:
    """The visible text of a page, and how deep its tags nest."""

    title: str
    paragraphs: list[str]
    depth: int


def visible(html: str) -> Visible:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    scan._break()
    return Visible(" ".join(scan.title.split()), scan.paragraphs, scan.deepest)
