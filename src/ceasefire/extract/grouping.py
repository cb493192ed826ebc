"""Group the candidates of one article into deals: one deal, one mention, however often it is named.

A sentence joins the deal it fits best, judged as a reader would: the same kind of deal, told in the
sentences just before, about the same sides and places. Nothing joins a deal it contradicts: another
place, a date months apart, other brokers. Talks join the deal they negotiate when one is reported nearby,
and a bare reference ("the deal") only ever adds its sentence to a deal. A headline sums up the body, so it
joins the body's deal of its kind. A sentence naming two kinds of deal, only one of which it joins, also
starts or joins a deal of the other kind when the parse sets the two apart ("the unsuccessful Kerry-Lavrov
agreement ... must be surrendered").
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from functools import cache

from ceasefire.extract import status
from ceasefire.extract.candidates import Candidate, Located
from ceasefire.extract.lexicon import _rows, alternation
from ceasefire.models import DealDate, Place

SAME_PLACE_KM = 50.0
SAME_TIME_DAYS = 45
# Deal types that local settlements combine: a truce, reconciliation, surrender, the evacuation of those who
# refuse it, aid. Sentences of different types in this family may tell one deal.
LOCAL_FAMILY = frozenset({"ceasefire", "reconciliation", "surrender", "evacuation", "humanitarian_access"})
RELATED = {frozenset({"evacuation", "prisoner_exchange"})}
JOIN_AT = 2.0
NEGOTIATED = 1.5
EXCHANGE = 10.0
_NEAR = {1: 1.5, 2: 1.0, 3: 0.5}
_ANAPHOR = re.compile(r"\b(?:the|such|these|those|this|that)\s+(?:deal|agreement|talks|negotiations)\b", re.I)


@dataclass
class Group:
    members: list[Candidate] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    parts: dict[int, set[str]] = field(default_factory=dict)

    @property
    def negotiated(self) -> bool:
        """Whether the deal's own sentences say it is negotiated: then talks nearby are its talks."""
        own = [c for c in self.members if c.kind != "talk" or c.types != {"political_process"}]
        return self.types != {"political_process"} and any(status.negotiates(c.text) for c in own)

    @classmethod
    def of(cls, candidate: Candidate, types: set[str]) -> Group:
        group = cls()
        group.add(candidate, types)
        return group

    def add(self, candidate: Candidate, types: set[str]) -> None:
        """A sentence joins, bringing the deal types it tells of this deal (none: it only refers to it)."""
        self.members.append(candidate)
        self.types |= types
        self.parts[candidate.index] = types

    def about_this(self, candidate: Candidate, vote_about: str | None) -> bool:
        """Whether a stage word of a sentence speaks of this deal: of a type the sentence brought here."""
        part = self.parts.get(candidate.index, set())
        return not vote_about or not part or vote_about in part


def distance_km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _agree(ours: list[Place], theirs: list[Place]) -> bool:
    return not ours or not theirs or any(distance_km(a, b) <= SAME_PLACE_KM for a in ours for b in theirs)


def _where(places: list[Located], end: str | None, home_only: bool) -> list[Place]:
    """Specific places of one end of a movement ("destination"), or of where the deal is (None)."""
    wanted = ("destination",) if end == "destination" else (None, "origin")
    found = [p.place for p in places if p.direction in wanted and p.place.level != "country"]
    return [p for p in found if p.country == "SY"] if home_only else found


def places_agree(candidate: Candidate, group: Group) -> bool:
    """Where a deal happens and where its people go are compared apart. A deal in Syria may be agreed or
    talked about abroad ("after marathon talks in Geneva"), so only talks compare places abroad; a deal over
    the whole country holds wherever its sentences say fighting went on ("bombed despite the truce")."""
    if candidate.nationwide or any(c.nationwide for c in group.members):
        return True
    talks = "political_process" in group.types or candidate.types == {"political_process"}
    home_only = candidate.kind == "talk" and "political_process" not in group.types or not talks
    theirs = [p for c in group.members for p in c.places]
    return all(
        _agree(_where(candidate.places, end, home_only), _where(theirs, end, home_only))
        for end in (None, "destination")
    )


def _middle(date: DealDate) -> dt.date:
    return date.start + (date.end - date.start) / 2


def _own_dates(candidate: Candidate) -> list[DealDate]:
    """The dates the parse ties to the deal's own words ("the Kerry-Lavrov agreement of September"); the
    day a violation of it was reported is no date of the deal."""
    own = [candidate.anchored.date] if candidate.anchored else [v.date for v in candidate.votes if v.date]
    return [d for d in own if d.precision != "year"]


def _dates_agree(candidate: Candidate, group: Group) -> bool:
    mine = [_middle(d) for d in _own_dates(candidate)]
    theirs = [_middle(d) for c in group.members for d in _own_dates(c)]
    if not mine or not theirs:
        return True
    return any(abs((a - b).days) <= SAME_TIME_DAYS for a in mine for b in theirs)


def _brokers_agree(candidate: Candidate, group: Group) -> bool:
    mine = candidate.mediators
    theirs = set().union(*(c.mediators for c in group.members))
    return not mine or not theirs or bool(mine & theirs)


def _type_score(candidate: Candidate, types: set[str], group: Group) -> float:
    """Same kind of deal; or kinds one local settlement combines, where the places say it is the same one
    (a sentence naming a town of its own does not join a deal that names none) and the words do not
    introduce a new deal ("a truce")."""
    if types & group.types:
        return 3.0
    related = types and group.types <= LOCAL_FAMILY and types <= LOCAL_FAMILY
    related = related or any(pair <= types | group.types for pair in RELATED)
    mine = _where(candidate.places, None, False)
    theirs = _where([p for c in group.members for p in c.places], None, False)
    return 1.0 if related and (theirs or not mine) and not candidate.fresh else 0.0


def _actor_score(candidate: Candidate, group: Group) -> float:
    """Named sides in common bind sentences; a sentence naming only other sides belongs elsewhere."""
    mine = candidate.specific_actors
    theirs = set().union(*(c.specific_actors for c in group.members))
    if not mine or not theirs:
        return 0.0
    return 0.5 if mine & theirs else -1.0


def _exchange(candidate: Candidate, group: Group) -> bool:
    """The other half of a swap told in the sentence right after the first ("In exchange ...")."""
    follows = any(candidate.index - c.index == 1 for c in group.members)
    return follows and bool(_exchange_cues().search(candidate.text))


@cache
def _exchange_cues() -> re.Pattern[str]:
    cues = [r["cue"] for r in _rows(None, "grouping_cues.tsv") if r["effect"] == "exchange"]
    return re.compile(rf"\b(?:{alternation(cues)})\b", re.I)


def score(candidate: Candidate, group: Group, types: set[str]) -> float | None:
    """How well a sentence fits a deal; None when it contradicts it."""
    if _exchange(candidate, group):
        return EXCHANGE
    if not (
        places_agree(candidate, group) and _dates_agree(candidate, group) and _brokers_agree(candidate, group)
    ):
        return None
    near = _NEAR.get(min(abs(candidate.index - c.index) for c in group.members), 0.0)
    referring = candidate.kind in ("talk", "join")
    anaphor = 0.5 if referring and _ANAPHOR.search(candidate.text) else 0.0
    negotiated = NEGOTIATED if candidate.kind == "talk" and group.negotiated else 0.0
    return _type_score(candidate, types, group) + near + anaphor + negotiated + _actor_score(candidate, group)


def _best(candidate: Candidate, groups: list[Group], types: set[str], floor: float) -> Group | None:
    """The best-fitting deal at or above `floor`; the latest wins a tie."""
    scored = [
        (s, i) for i, g in enumerate(groups) if (s := score(candidate, g, types)) is not None and s >= floor
    ]
    return groups[max(scored)[1]] if scored else None


def _place(candidate: Candidate, groups: list[Group]) -> None:
    """An anchor, talk or movement joins the deal it fits, else starts one; a split-off type may too. Talks
    join the deal told nearby unless they are about a new deal of their own ("a deal is being negotiated
    for a truce in Waer")."""
    if candidate.kind == "talk":
        new_deal = candidate.fresh and candidate.types != {"political_process"}
        nearby = None if new_deal else _best(candidate, groups, set(), JOIN_AT - 0.5)
        home = nearby or _best(candidate, groups, candidate.types, JOIN_AT)
        if home is None:
            groups.append(Group.of(candidate, set(candidate.types)))
        else:
            home.add(candidate, set())
        return
    home = _best(candidate, groups, candidate.types, JOIN_AT)
    if home is None:
        groups.append(Group.of(candidate, set(candidate.types)))
        return
    shared = candidate.types & home.types
    rest = {
        t for t in candidate.types - home.types if any(frozenset((t, s)) in candidate.apart for s in shared)
    }
    if not shared or not rest:
        home.add(candidate, set(candidate.types))
        return
    home.add(candidate, candidate.types - rest)
    other = _best(candidate, [g for g in groups if g is not home and rest & g.types], rest, JOIN_AT)
    if other is None:
        groups.append(Group.of(candidate, rest))
    else:
        other.add(candidate, rest)


def group(candidates: list[Candidate]) -> list[Group]:
    """The article's deals, each with its sentences in text order."""
    groups: list[Group] = []
    for candidate in candidates:
        if candidate.kind != "join" and not candidate.headline:
            for part in candidate.clauses or [candidate.types]:
                _place(replace(candidate, types=set(part)) if candidate.clauses else candidate, groups)
    for candidate in candidates:
        if candidate.kind == "join" and not candidate.headline:
            home = _best(candidate, groups, candidate.types, JOIN_AT - 0.5)
            if home is not None:
                home.add(candidate, set())
    for candidate in candidates:
        if candidate.headline:
            _headline(candidate, groups)
    for group_ in groups:
        group_.members.sort(key=lambda c: c.index)
    return groups


def _headline(candidate: Candidate, groups: list[Group]) -> None:
    """A headline joins the first deal of its kind it does not contradict, else reports one of its own."""
    for group_ in groups:
        fits = candidate.kind in ("talk", "join") or candidate.types & group_.types
        if fits and places_agree(candidate, group_):
            group_.add(candidate, set())
            return
    if candidate.kind in ("anchor", "movement"):
        groups.append(Group.of(candidate, set(candidate.types)))
