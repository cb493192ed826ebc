"""The editable boilerplate rules (data/boilerplate.tsv): what justext cannot know about news pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

KINDS = ("line", "list", "cut", "keep")


@dataclass(frozen=True)
class Rule:
    kind: str
    reason: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    """Rules by kind, each list in file order."""

    keep_rules: tuple[Rule, ...]
    line_rules: tuple[Rule, ...]
    list_rules: tuple[Rule, ...]
    cut_rules: tuple[Rule, ...]

    def whole_line(self, text: str) -> Rule | None:
        """The first keep, line or list rule that matches all of `text`; keep rules win."""
        for rule in (*self.keep_rules, *self.line_rules, *self.list_rules):
            if rule.pattern.fullmatch(text):
                return rule
        return None

    def mentions_keep(self, text: str) -> bool:
        """Whether a keep rule matches somewhere in `text`, such as a dateline run into a headline."""
        return any(rule.pattern.search(text) for rule in self.keep_rules)

    def cuts(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, reason) spans of `text` that cut rules remove, in order."""
        found = sorted(
            (m.start(), m.end(), r.reason) for r in self.cut_rules for m in r.pattern.finditer(text)
        )
        spans: list[tuple[int, int, str]] = []
        for start, end, reason in found:
            if end > start and (not spans or start >= spans[-1][1]):
                spans.append((start, end, reason))
        return spans


def parse_rules(text: str) -> Rules:
    """Rules from the TSV text; a malformed row raises, naming its line, so a typo cannot pass silently."""
    rules: dict[str, list[Rule]] = {kind: [] for kind in KINDS}
    for number, row in enumerate(text.splitlines(), 1):
        if not row.strip() or row.startswith("#"):
            continue
        fields = row.split("\t")
        if len(fields) != 3 or fields[0] not in KINDS:
            raise ValueError(f"boilerplate rules line {number}: expected kind<TAB>reason<TAB>pattern")
        try:
            pattern = re.compile(fields[2])
        except re.error as error:
            raise ValueError(f"boilerplate rules line {number}: bad pattern: {error}") from error
        rules[fields[0]].append(Rule(fields[0], fields[1], pattern))
    return Rules(
        keep_rules=tuple(rules["keep"]),
        line_rules=tuple(rules["line"]),
        list_rules=tuple(rules["list"]),
        cut_rules=tuple(rules["cut"]),
    )


@cache
def load_rules() -> Rules:
    return parse_rules(
        resources.files("ceasefire").joinpath("data/boilerplate.tsv").read_text(encoding="utf-8")
    )
