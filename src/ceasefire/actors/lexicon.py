"""The actor lexicon: every name an article gives a side of a deal, and the canonical name it stands for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ceasefire.geo.names import Case, NameMatcher, case_of, fold, packaged_text, read_tsv, unlead
from ceasefire.models import Problem

KINDS = ("state", "armed_group", "organisation", "community", "person", "capital", "not_actor")
# Names that hold an actor's name but stand for no side ("Agence France-Presse", "UK-based"): found so that
# the longer name wins over the actor inside it, then dropped.
NOT_ACTOR = "not_actor"


@dataclass(frozen=True)
class ActorName:
    """What one alias stands for: the canonical actor, and the kind of name it is ("person" for "Putin")."""

    canonical: str
    kind: str


class ActorLexicon:
    """Aliases -> canonical actor names, folded the way the scorer folds them, and found in text."""

    _default: ClassVar[ActorLexicon | None] = None

    def __init__(self, rows: list[dict[str, str]], problems: list[Problem] | None = None) -> None:
        self.problems = list(problems or [])
        self._names: dict[str, tuple[ActorName, Case]] = {}
        self._kinds: dict[str, str] = {}
        patterns: dict[str, tuple[ActorName, Case]] = {}
        for row in rows:
            actor = ActorName(row["canonical"], row["kind"])
            self._kinds.setdefault(actor.canonical, actor.kind)
            for alias in _aliases(row):
                folded, case = fold(alias), case_of(alias)
                for table, name in (
                    (self._names, unlead(folded)),
                    (patterns, folded),
                    (patterns, unlead(folded)),
                ):
                    known = table.get(name)
                    table[name] = (known[0], min(known[1], case)) if known else (actor, case)
        self._matcher = NameMatcher(patterns)

    @classmethod
    def load(cls, extra: Path | None = None) -> ActorLexicon:
        """The packaged lexicon; a user's file in the same format adds rows that win over packaged ones."""
        problems: list[Problem] = []
        rows = _checked(read_tsv(extra.read_text("utf-8")), str(extra), problems) if extra else []
        rows += _checked(read_tsv(packaged_text("actors.tsv")), "actors.tsv", problems)
        return cls(rows, problems)

    @classmethod
    def default(cls) -> ActorLexicon:
        """The packaged lexicon, read on first use and shared by the whole process."""
        if cls._default is None:
            cls._default = cls.load()
        return cls._default

    def canonical(self, name: str) -> str | None:
        """The canonical actor a name stands for, or None ("Russian", "the Russians" -> "Russia")."""
        actor = self._actor(name)
        return actor.canonical if actor and actor.kind != NOT_ACTOR else None

    def kind(self, name: str) -> str | None:
        """What a name is: a canonical name's kind ("state"), or an alias's ("person" for "Lavrov")."""
        if name in self._kinds:
            return self._kinds[name]
        actor = self._actor(name)
        return actor.kind if actor else None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every actor named in the text as (start, end, canonical name); the longest name wins."""
        return [
            (m.start, m.end, m.value.canonical) for m in self._matcher.find(text) if m.value.kind != NOT_ACTOR
        ]

    def _actor(self, name: str) -> ActorName | None:
        named = unlead(fold(name))
        for candidate in (named, named[:-1] if named.endswith("s") else named + "s"):
            found = self._names.get(candidate)
            if found and (found[1] is not Case.UPPER or name.isupper()):
                return found[0]
        return None


def _aliases(row: dict[str, str]) -> list[str]:
    own = [row["canonical"]] if row["kind"] not in ("person", "capital", NOT_ACTOR) else []
    return own + [a.strip() for a in row.get("aliases", "").split("|") if a.strip()]


def _checked(rows: list[dict[str, str]], source: str, problems: list[Problem]) -> list[dict[str, str]]:
    """The usable rows; each unusable one becomes a problem instead of stopping the load."""
    good = []
    for number, row in enumerate(rows, start=1):
        if not row.get("canonical") or row.get("kind") not in KINDS:
            problems.append(
                Problem(
                    source,
                    f"row {number}",
                    f"an actor row needs a canonical name and a kind ({', '.join(KINDS)})",
                )
            )
        else:
            good.append(row)
    return good
