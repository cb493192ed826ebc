"""The consolidate stage: mentions from many articles become one record per real deal.

`rebuild` clusters only what new mentions touch: the mentions linked to them, directly or through
others, and the deals those belong to. Since a deal only grows along linked pairs, that gives the
same deals as clustering the whole store (`full=True`), at the cost of the neighbourhood alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from ceasefire.consolidate.link import LinkOptions, ReportRow, link_deals, report
from ceasefire.consolidate.merge import merge
from ceasefire.consolidate.profile import Profile, profile
from ceasefire.consolidate.reference import Agreement
from ceasefire.consolidate.similarity import DEFAULT, Weights, links
from ceasefire.models import Deal, Mention
from ceasefire.store import DealQuery, Store

__all__ = ["Agreement", "LinkOptions", "ReportRow", "link", "link_report", "merge", "rebuild"]


def _windows(profiles: Iterable[Profile], margin: int) -> list[tuple[dt.date, dt.date]]:
    """The date ranges to search around these profiles, overlapping ones joined into one query.

    A stored mention's span starts at its date (a month spans from its first day) or ends at its
    publication, so a margin of a month beyond the link gap finds every one that can link. A date
    known only to the year starts on 1 January, so those days are searched too.
    """
    pad = dt.timedelta(days=margin + 31)
    spans = [(p.when[0] - pad, p.when[1] + pad) for p in profiles if p.when]
    years = {year for start, end in spans for year in range(start.year, end.year + 1)}
    spans += [(dt.date(year, 1, 1), dt.date(year, 1, 1)) for year in years]
    joined: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def neighbourhood(store: Store, seeds: list[Mention], weights: Weights = DEFAULT) -> list[Mention]:
    """The seeds and every stored mention linked to them, directly or through others."""
    loaded = {m.id: m for m in seeds}
    frontier = [profile(m) for m in seeds]
    while frontier:
        found: dict[str, Mention] = {}
        for since, until in _windows(frontier, weights.max_gap_days):
            found.update((m.id, m) for m in store.mentions_near(since, until) if m.id not in loaded)
        candidates = [(m, profile(m)) for m in found.values()]
        linked = [(m, q) for m, q in candidates if any(links(p, q, weights) for p in frontier)]
        loaded.update((m.id, m) for m, _ in linked)
        frontier = [q for _, q in linked]
    return sorted(loaded.values(), key=lambda m: m.id)


def _stored(store: Store, ids: Iterable[str] | None) -> dict[str, Deal]:
    """The stored deals with these ids, or all of them."""
    if ids is None:
        return {d.id: d for d in store.deals(DealQuery(include_rejected=True))}
    return {d.id: d for d in (store.deal(i) for i in sorted(set(ids))) if d is not None}


def _carry_links(deals: list[Deal], before: dict[str, Deal]) -> list[Deal]:
    """Links to known agreements stay with a deal that keeps its id; `ceasefire link` refreshes them."""
    return [dataclasses.replace(d, links=before[d.id].links) if d.id in before else d for d in deals]


def rebuild(store: Store, full: bool = False, weights: Weights = DEFAULT) -> int:
    """Bring the stored deals up to date with the stored mentions; returns how many deals there are.

    Only mentions stored since the last rebuild, and what they link to, are clustered again, unless
    `full` asks for every mention.
    """
    everything = DealQuery(include_rejected=True)
    full = full or not store.count_deals(everything)
    mentions = list(store.mentions()) if full else neighbourhood(store, store.unassigned_mentions(), weights)
    if not mentions:
        return store.count_deals(everything)
    previous = store.mention_deals(None if full else [m.id for m in mentions])
    before = _stored(store, None if full else previous.values())
    deals = _carry_links(merge(mentions, previous, weights), before)
    with store.transaction():
        store.delete_deals(sorted(set(before) - {d.id for d in deals}))
        store.save_deals(deals)
    return store.count_deals(everything)


def link(store: Store, agreements: list[Agreement], options: LinkOptions | None = None) -> int:
    """Link every stored deal to the agreements it matches; returns how many deals got a link."""
    deals = link_deals(store.deals(DealQuery(include_rejected=True)), agreements, options or LinkOptions())
    store.save_links({d.id: d.links for d in deals})
    return sum(1 for d in deals if d.links)


def link_report(store: Store, agreements: list[Agreement]) -> list[ReportRow]:
    """Each agreement dated while the stored articles were published, with the deals linked to it."""
    span = store.published_span()
    return report(store.deals(DealQuery(include_rejected=True)), agreements, span) if span else []
