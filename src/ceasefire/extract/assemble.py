"""Turn a group of candidate sentences into one `Mention`, keeping which passage gave each field."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from ceasefire.extract import dates, dealwords, movement, status
from ceasefire.extract.candidates import Candidate, Located, camps
from ceasefire.extract.grouping import Group
from ceasefire.models import DEAL_TYPES, Actor, Count, DealDate, Evidence, Mention, Place, Stage

_MOVING = {"evacuation", "prisoner_exchange", "humanitarian_access", "surrender"}
_BETWEEN_CAMPS = {"ceasefire", "evacuation", "surrender", "reconciliation"}
# A passage gives a stage of its own only when its words for it weigh at least this much.
STAGE_MIN = status.THRESHOLD
WEEK_DAYS = 7
_ACCEPTED = {"agreed", "implemented"}
_REFUSED = {"rejected"}
# Stages that happen on a day, unlike a deal being in force.
_EVENTS = {"agreed", "rejected", "collapsed"}
_TERM_LINE = re.compile(r"^\s*(?:[—–\-•*]|\d+[.)])\s+(?P<term>.+)$")


@dataclass
class Context:
    """What the article says outside the deal's own sentences, to fall back on."""

    doc: str
    text: str
    base: dt.date | None
    outlet: str | None
    published: dt.date | None
    fallback_places: list[Place]
    country: Place | None
    notes: list[str]
    actor_kind: Callable[[str], str | None]


def _own_places(candidate: Candidate, types: list[str]) -> list[Located]:
    """A sentence's places that can tell where the deal is: the venue of talks about a local deal is not."""
    if candidate.kind == "talk" and "political_process" not in types:
        return [p for p in candidate.places if p.place.country == "SY"]
    return candidate.places


def _broad(place: Place) -> bool:
    """A whole part of the country ("northern Syria"): any town or district named is more precise."""
    return place.level == "region" and place.admin1 is None


def _choose_place(group: list[Candidate], types: list[str], context: Context) -> tuple[Place | None, int]:
    """The most named place of the deal's sentences: talks take their venue; an evacuation where people leave
    from rather than where they go, when its sentences name both; a deal in Syria a Syrian place,
    else the country when it covers the country, else the article's own place, and only then one abroad
    (the city where ministers met about it)."""
    located = [(i, p) for i, c in enumerate(group) for p in _own_places(c, types)]
    if "evacuation" in types:
        located = [(i, p) for i, p in located if p.direction != "destination"] or located
    talks = types == ["political_process"]
    if not talks and (whole := _whole_country(group, located, context)):
        return whole
    if talks:
        abroad = [(i, p) for i, p in located if p.place.country != "SY" and p.place.level != "country"]
        located = abroad or located
    specific = [(i, p) for i, p in located if p.place.level != "country"]
    home = specific if talks else [(i, p) for i, p in specific if p.place.country == "SY"]
    if home:
        return _most_named(home)
    countries = [(i, p) for i, p in located if p.place.level == "country"]
    nationwide = any(dealwords.names_whole_country(c.text) for c in group)
    if countries and (nationwide or not context.fallback_places):
        return countries[0][1].place, countries[0][0]
    if context.fallback_places and context.fallback_places[0].country == "SY" or not specific:
        return (context.fallback_places[0], -1) if context.fallback_places else (None, -1)
    return _most_named(specific)


def _whole_country(
    group: list[Candidate], located: list[tuple[int, Located]], context: Context
) -> tuple[Place, int] | None:
    """A deal its words say covers the whole country ("a nationwide cease-fire") lies in the country its
    sentences name, else the article's own, however many towns they name."""
    said = next((i for i, c in enumerate(group) if c.nationwide), None)
    if said is None:
        return None
    named = [p.place for _, p in located if p.place.level == "country"]
    home = [p for p in named if context.country is None or p.country == context.country.country]
    country = home[0] if home else context.country
    return (country, said) if country is not None else None


def _most_named(located: list[tuple[int, Located]]) -> tuple[Place, int]:
    """A town before a whole region, then the most named, then the first."""
    tally = Counter(p.place.name for _, p in located)
    best = max(located, key=lambda item: (not _broad(item[1].place), tally[item[1].place.name], -item[0]))
    return best[1].place, best[0]


def _movement(group: list[Candidate], end: str, evacuation: bool) -> tuple[Place | None, int]:
    """The first place named as this end of the trip: a Syrian town or region before a place abroad; a trip
    "to Syria" says nothing about where in it. Only an evacuation is a trip in every sentence; another deal
    (a surrender) moves people only in a sentence that says they leave ("fighters must quit the town"),
    unlike "a delegation from Damascus"."""
    hits = [
        (i, p.place)
        for i, c in enumerate(group)
        if evacuation or movement.leaves(c.text)
        for p in c.places
        if p.direction == end
    ]
    hits = [(i, p) for i, p in hits if not (p.level == "country" and p.country == "SY")]
    ranked = sorted(hits, key=lambda h: (h[1].country != "SY", h[1].level == "country"))
    return (ranked[0][1], ranked[0][0]) if ranked else (None, -1)


def _leaving(group: list[Candidate], types: list[str]) -> bool:
    """Whether people leave the deal's place under it: always in an evacuation; in a surrender where a
    sentence says they leave ("safe passage for civilians wishing to leave"), the place surrendered."""
    return "evacuation" in types or "surrender" in types and any(movement.leaves(c.text) for c in group)


def _other_camp(actors: list[Actor], types: list[str], kind: Callable[[str], str | None]) -> list[Actor]:
    """A deal between the war's camps that names a side of only one gets the other camp's actor; two armed
    sides ("ISIL beheads militants despite surrendering") made it among themselves."""
    if not _BETWEEN_CAMPS & set(types):
        return []
    sides = camps()
    names = {a.name for a in actors}
    armed = {a.name for a in actors if kind(a.name) == "armed_group" and a.role == "party"}
    if sides["government"] in names and not armed:
        return [Actor(sides["armed"], "party")]
    if len(armed) == 1 and sides["government"] not in names:
        return [Actor(sides["government"], "party")]
    if "ceasefire" in types and not any(a.role == "party" for a in actors):
        return [Actor(sides["government"], "party"), Actor(sides["armed"], "party")]
    return []


def _actors(deal: Group) -> list[Actor]:
    """The deal's sides, brokers and guarantors, each with its special role where one is given. A sentence
    telling two deals gives each the actors nearest its own deal words."""
    roles: dict[str, list[str]] = {}
    for candidate in deal.members:
        for name, role in candidate.actors:
            if role == "party" and name in candidate.far:
                continue
            if not deal.about_this(candidate, candidate.actor_about.get(name)):
                continue
            roles.setdefault(name, [])
            if role not in roles[name]:
                roles[name].append(role)
    actors = []
    for name, found in roles.items():
        special = [r for r in found if r != "party"]
        actors += [Actor(name, r) for r in (special or ["party"])]
    return actors


def _counts(group: list[Candidate], types: list[str]) -> list[Count]:
    """Groups counted in the deal's own sentences, once per group of people even if named again; a headline
    repeats the body's figures, and talks or a bare reference to the deal give none of its own."""
    if not _MOVING & set(types):
        return []
    seen: dict[tuple[Count, str], None] = {}
    for candidate in group:
        if candidate.kind in ("anchor", "movement") and not candidate.headline:
            seen.update(dict.fromkeys(candidate.counts))
    return [count for count, _ in seen]


def _votes(candidate: Candidate, types: list[str], deal: Group) -> list[status.Vote]:
    """The stage words of a sentence about this deal. A sentence that tells two deals speaks of each with its
    own words ("the unsuccessful Kerry-Lavrov agreement" is no word on the surrender in it). Talks that
    fail ("negotiations faltered") end the talks, not a local deal reached later; talks that take place
    are the negotiation of a political process, not a deal in force."""
    own = [v for v in candidate.votes if deal.about_this(candidate, v.about)]
    talks_only = types == ["political_process"]
    if candidate.kind == "talk" and not talks_only:
        return [replace(v, status="negotiating") if v.status == "collapsed" else v for v in own]
    if talks_only:
        return [replace(v, status="negotiating") if v.status == "implemented" else v for v in own]
    return own


def _default(types: list[str]) -> str:
    return next((status.defaults()[t] for t in types if t in status.defaults()), "agreed")


def _status(deal: Group, types: list[str]) -> tuple[str, int]:
    """The deal's stage, and the sentence that says it most strongly (which then dates the deal)."""
    said = [_votes(c, types, deal) for c in deal.members]
    default = _default(types)
    decided = status.decide(said, default)
    backing = [
        (v.weight, v.time, v.date is not None, i)
        for i, found in enumerate(said)
        for v in found
        if v.status == decided
    ]
    return decided, (max(backing)[3] if backing else 0)


def _stages(deal: Group, types: list[str], verdict: Stage) -> list[Stage]:
    """The stages the article's passages tell on their own, beside its verdict (the latest stage it
    supports, told by the passage that gave it): an earlier stage a passage dates ("agreed in September"),
    for the deal's timeline; and a stage that a differently credited voice claims against the verdict
    ("they had refused the offer" against "the regime has spread rumors that the areas ... have accepted
    it"), where outlets and their sources disagree. An undated passage that only retells the story adds
    nothing a timeline could place."""
    found = []
    for i, candidate in enumerate(deal.members):
        if i == verdict.evidence:
            found.append(verdict)
            continue
        said = _passage_stage(candidate, types, deal)
        if said is None:
            continue
        stage, date = said
        if date is not None and verdict.date is not None and date.start < verdict.date.start:
            found.append(Stage(stage, i, date))
        elif _clash(stage, verdict.status) and candidate.source != deal.members[verdict.evidence].source:
            found.append(Stage(stage, i))
    return found


def _passage_stage(candidate: Candidate, types: list[str], deal: Group) -> tuple[str, DealDate | None] | None:
    """What one passage says of the deal's stage, if its own stage words say it clearly, and the date its
    words give that stage."""
    own = _votes(candidate, types, deal)
    if all(v.own for v in own):
        return None
    said = status.decide([own], _default(types))
    backing = sorted((v for v in own if v.status == said), key=lambda v: -v.weight)
    if sum(v.weight for v in backing) < STAGE_MIN:
        return None
    return said, next((v.date for v in backing if v.date is not None), None)


def _clash(a: str, b: str) -> bool:
    """Accepting and refusing: claims that cannot both be true of the same moment."""
    return {a, b} <= _ACCEPTED | _REFUSED and (a in _REFUSED) != (b in _REFUSED)


def _date(group: list[Candidate], at: int, decided: str, context: Context) -> tuple[DealDate | None, int]:
    """The date of the sentence that gave the latest stage, else the deal's last dated sentence, else the
    month the article was written. A bare year ("since the war began in 2011") is the last resort, and
    a headline or a bare reference to the deal dates it only when it gave its stage."""
    stage = [v for v in group[at].votes if v.date is not None and v.status == decided] if at >= 0 else []
    if stage:
        return max(stage, key=lambda v: v.weight).date, at
    if at >= 0 and context.base is not None and _told_now(group[at], decided):
        return DealDate(context.base, context.base, "day"), at
    order = [at] + [i for i in range(len(group) - 1, -1, -1) if i != at]
    usable = [i for i in order if i == at or group[i].kind not in ("join",) and not group[i].headline]
    limit = context.base + dt.timedelta(days=62) if context.base else None
    for precise in (True, False):
        for i in usable:
            hit = group[i].explicit_date()
            if hit is None or limit is not None and hit.date.start > limit:
                continue
            if precise != (hit.date.precision == "year"):
                return hit.date, i
    if context.base is None:
        return None, -1
    return DealDate(context.base.replace(day=1), context.base, "month"), -1


def _news_dates(candidate: Candidate) -> Candidate:
    """The sentence with only the dates that can date its deal: not those of an event it reports with the
    deal as its backdrop ("shells hit Douma on Monday despite a truce"), though a date written after the
    deal word still dates it ("despite a truce agreed in May")."""
    offset = candidate.span.start
    cut = dates.backdrop(candidate.text, [h.start - offset for h in candidate.triggers])
    if cut is None:
        return candidate
    kept = [h for h in candidate.dates if h.start - offset > cut]
    gone = {h.date for h in candidate.dates} - {h.date for h in kept}
    votes = [replace(v, date=None) if v.date in gone else v for v in candidate.votes]
    anchored = candidate.anchored if candidate.anchored in kept else None
    return replace(candidate, dates=kept, votes=votes, anchored=anchored)


def _told_now(candidate: Candidate, decided: str) -> bool:
    """Whether a sentence tells a turn of the deal as news of the day ("Syria's army announces the end of the
    freeze on fighting that began on September 12") while its only date is that of another stage; a state
    that holds now ("has been repeatedly violated") is no news of the day."""
    if decided not in _EVENTS:
        return False
    hit = candidate.explicit_date()
    now = any(v.status == decided and v.time == status.NOW for v in candidate.votes)
    said = {v.status for v in candidate.votes if hit is not None and v.date == hit.date}
    return now and bool(said) and decided not in said


def _refine(
    group: list[Candidate], found: tuple[DealDate | None, int], decided: str, context: Context
) -> tuple[DealDate | None, int]:
    """A date known only to its week or month, made precise by a day the deal's sentences give inside it:
    "the targeting of an aid convoy early this week" and "on Monday evening a convoy was targeted". Within
    a month only a day of the same stage counts; within a week any day the deal's own sentences give, but
    not the article's dateline."""
    date, at = found
    if date is None or date.precision != "month":
        return date, at
    week = (date.end - date.start).days < WEEK_DAYS
    published = next((h.date for c in group for h in c.dates if dates.is_dateline(context.text, h)), None)
    for i, candidate in enumerate(group):
        days = [v.date for v in candidate.votes if v.status == decided and v.date is not None]
        hit = candidate.explicit_date() if week and candidate.kind != "join" else None
        days += [hit.date] if hit is not None else []
        inside = [
            d for d in days if d.precision == "day" and date.start <= d.start <= date.end and d != published
        ]
        if inside:
            return inside[0], i
    return date, at


def _terms(group: list[Candidate], context: Context) -> list[str]:
    terms = []
    for candidate in group:
        terms += dealwords.stated_terms(candidate.text)
    return terms


def _evidence(group: list[Candidate], context: Context) -> list[Evidence]:
    return [Evidence(context.doc, c.span.start, c.span.end, c.text, c.source) for c in group]


def assemble(deal: Group, context: Context, extra_terms: list[str]) -> Mention:
    group = deal.members
    types = [t for t in DEAL_TYPES if t in deal.types]
    location, at_location = _choose_place(group, types, context)
    origin, at_origin = _movement(group, "origin", "evacuation" in types)
    destination, at_destination = _movement(group, "destination", "evacuation" in types)
    if (
        _leaving(group, types)
        and origin is None
        and location is not None
        and location.level != "country"
        and location != destination
    ):
        origin, at_origin = location, at_location
    status_value, at_status = _status(deal, types)
    actors = _actors(deal)
    dated = [_news_dates(c) for c in group]
    date, at_date = _refine(dated, _date(dated, at_status, status_value, context), status_value, context)
    stages = _stages(deal, types, Stage(status_value, at_status, date))
    provenance = {"types": 0, "status": at_status, "actors": 0, "counts": 0}
    for name, index in (
        ("location", at_location),
        ("origin", at_origin),
        ("destination", at_destination),
        ("date", at_date),
    ):
        if index >= 0:
            provenance[name] = index
    return Mention(
        doc=context.doc,
        types=types,
        status=status_value,
        actors=actors + _other_camp(actors, types, context.actor_kind),
        location=location,
        origin=origin,
        destination=destination,
        counts=_counts(group, types),
        date=date,
        terms=extra_terms + _terms(group, context),
        evidence=_evidence(group, context),
        provenance=provenance,
        outlet=context.outlet,
        published=context.published,
        notes=list(context.notes),
        places=[p.place for c in group for p in c.places],
        stages=stages,
    )


def listed_terms(text: str) -> list[str]:
    """Terms written as a list ("— Regime forces would be compelled to stop ...")."""
    return [m.group("term").strip() for line in text.splitlines() if (m := _TERM_LINE.match(line))]
