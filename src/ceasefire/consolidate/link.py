"""Link deals to known agreements (PA-X Local, PA-X, ETH/PRIO), with a score analysts can threshold.

A deal and an agreement can match only when they share a type, lie within `max_km` of each other (an
agreement that names no place covers the whole country) and are dated within `window_days`. The score
then weighs how close they are in time and place and how many types and actors they share; a deal
keeps, per dataset, the best agreement that reaches the threshold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ceasefire.actors import ActorLexicon
from ceasefire.consolidate.data import read_table
from ceasefire.consolidate.reference import Agreement
from ceasefire.consolidate.similarity import actor_score, actor_weights
from ceasefire.geo import distance_km
from ceasefire.models import Deal, Link, Place

Span = tuple[dt.date, dt.date]
# What each part of the score counts for; they add up to 1.
WEIGHTS = {"date": 0.3, "place": 0.3, "types": 0.2, "actors": 0.2}
# Actors weighing less than this in data/cluster_actors.tsv take part in too many deals to tell them apart.
TELLING = 0.5
# The kinds of actor (data/actors.tsv) that broker deals rather than fight.
BROKERS = ("state", "organisation")
# How long after a deal's last reported stage an agreement can still be the one it reports.
SIGNED_AFTER = dt.timedelta(days=7)
# How long before its last stage a deal's first stage can be.
LIFETIME = dt.timedelta(days=120)
# The place part when the agreement covers the whole country: the deal lies in it, but so do all others.
COUNTRY_WIDE = 0.5


@dataclass(frozen=True)
class LinkOptions:
    threshold: float = 0.6
    max_km: float = 50.0
    window_days: int = 31


@dataclass(frozen=True)
class ReportRow:
    """One reference agreement and the deals linked to it, best first."""

    agreement: Agreement
    deals: tuple[tuple[str, float], ...]


def deal_span(deal: Deal) -> Span | None:
    """From the first to the last stage of the deal dated to the day or month.

    A stage dated to the year says too little, and one long before the others is more likely a misread
    date ("since March 2011") than the deal's start.
    """
    dates = [d for d in (*(e.date for e in deal.timeline), deal.date) if d and d.precision != "year"]
    if not dates:
        return None
    last = max(d.end for d in dates)
    return min(d.start for d in dates if d.start >= last - LIFETIME), last


def _gap(a: Span, b: Span) -> int:
    return max(0, (max(a[0], b[0]) - min(a[1], b[1])).days)


def _deal_places(deal: Deal) -> list[Place]:
    return [p for p in (deal.location, deal.origin, deal.destination) if p and p.level != "country"]


def place_part(deal: Deal, agreement: Agreement, max_km: float) -> float | None:
    """1 at the agreement's place, falling to 0 at `max_km`; None further away."""
    here = _deal_places(deal)
    if not agreement.places:
        return 1.0 if not here else COUNTRY_WIDE
    if not here:
        return None
    nearest = min(distance_km(p, q) for p in here for q in agreement.places)
    return None if nearest > max_km else 1 - nearest / max_km


def _telling(names: Iterable[str]) -> frozenset[str]:
    """The actors that tell one deal from another (not the two sides of the war, which are in most)."""
    return frozenset(n for n in names if actor_weights().get(n, 1.0) >= TELLING)


def named_in(deal: Deal) -> frozenset[str]:
    """The deal's actors, and the states and organisations its passages name.

    Brokers that only a few outlets name fall out of the deal's actors but still tell it apart; armed
    groups a passage names are as often those left out of the deal ("excluding Nusra") as in it.
    """
    lexicon = ActorLexicon.default()
    found = {
        name for e in deal.evidence for _, _, name in lexicon.find(e.text) if lexicon.kind(name) in BROKERS
    }
    return frozenset(found | {a.name for a in deal.actors})


def actors_agree(deal: Deal, agreement: Agreement) -> bool:
    """The deal names someone who tells the agreement apart, or the agreement names nobody who does.

    An agreement between two rebel factions is not a government-rebel deal nearby, and one for the whole
    country is this deal only if they share a broker or side, or the deal covers the country too.
    """
    ours, theirs = _telling(named_in(deal)), _telling(agreement.actors)
    if theirs:
        return bool(ours & theirs)
    nationwide = deal.location is not None and deal.location.level == "country"
    return bool(agreement.places) or nationwide


def _in_order(span: Span, agreement: Agreement, status: str) -> bool:
    """Articles report an agreement once it is made: a deal whose reports all end well before it was signed
    can only be the talks that led to it."""
    return agreement.date.start <= span[1] + SIGNED_AFTER or status in ("proposed", "negotiating")


@cache
def _compatible() -> frozenset[tuple[str, str]]:
    pairs = [(row["type"], row["other"]) for row in read_table("compatible_types.tsv")]
    return frozenset(pairs + [(b, a) for a, b in pairs])


def type_part(deal: Deal, agreement: Agreement) -> float:
    """Jaccard of the types, where a compatible pair (evacuation, ceasefire) counts half."""
    ours, theirs = set(deal.types), set(agreement.types)
    shared = len(ours & theirs)
    halves = sum(0.5 for a in ours - theirs for b in theirs - ours if (a, b) in _compatible())
    return min(1.0, (shared + halves) / len(ours | theirs)) if ours | theirs else 0.0


def score(deal: Deal, agreement: Agreement, options: LinkOptions) -> float | None:
    """How well a deal matches an agreement, from 0 to 1; None when it cannot be the same."""
    types = type_part(deal, agreement)
    span = deal_span(deal)
    if not types or span is None or not actors_agree(deal, agreement):
        return None
    if not _in_order(span, agreement, deal.status):
        return None
    gap = _gap(span, (agreement.date.start, agreement.date.end))
    place = place_part(deal, agreement, options.max_km)
    if gap > options.window_days or place is None:
        return None
    parts = {
        "date": 1 - gap / (options.window_days + 1),
        "place": place,
        "types": types,
        "actors": actor_score(named_in(deal), agreement.actors),
    }
    return round(sum(WEIGHTS[name] * value for name, value in parts.items()), 3)


def links_for(deal: Deal, agreements: Iterable[Agreement], options: LinkOptions) -> list[Link]:
    """The best agreement of each dataset that reaches the threshold."""
    best: dict[str, tuple[float, Agreement]] = {}
    for agreement in agreements:
        value = score(deal, agreement, options)
        if value is None or value < options.threshold:
            continue
        held = best.get(agreement.dataset)
        if held is None or (value, held[1].ref_id) > (held[0], agreement.ref_id):
            best[agreement.dataset] = (value, agreement)
    return [Link(a.dataset, a.ref_id, a.title, value) for _, (value, a) in sorted(best.items())]


def link_deals(deals: list[Deal], agreements: list[Agreement], options: LinkOptions) -> list[Deal]:
    """The deals with their links replaced by those found now."""
    return [dataclasses.replace(d, links=links_for(d, agreements, options)) for d in deals]


def report(deals: list[Deal], agreements: list[Agreement], span: Span) -> list[ReportRow]:
    """Every agreement dated inside `span`, oldest first, with the deals linked to it."""
    linked: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for deal in deals:
        for link in deal.links:
            linked.setdefault((link.dataset, link.ref_id), []).append((deal.id, link.score))
    inside = [a for a in agreements if span[0] <= a.date.start and a.date.end <= span[1]]
    rows = []
    for agreement in sorted(inside, key=lambda a: (a.date.start, a.dataset, a.ref_id)):
        found = sorted(linked.get((agreement.dataset, agreement.ref_id), []), key=lambda d: (-d[1], d[0]))
        rows.append(ReportRow(agreement, tuple(found)))
    return rows
