"""The consolidate stage: mentions from many articles become one record per real deal.

`rebuild` clusters only what new mentions touch: the mentions linked to them, directly or through
others, and the deals those belong to. Since a deal only grows along linked pairs, that gives the
same deals as clustering the whole store (`full=True`), at the cost of the neighbourhood alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from ceasefire.consolidate import ids
from ceasefire.consolidate.cluster import cluster
from ceasefire.consolidate.kinds import linked
from ceasefire.consolidate.link import LinkOptions, ReportRow, link_deals, report
from ceasefire.consolidate.merge import deals, merge, split
from ceasefire.consolidate.profile import Profile, profile
from ceasefire.consolidate.reference import Agreement
from ceasefire.consolidate.similarity import DEFAULT, Weights
from ceasefire.models import Mention
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


def neighbourhood(store: Store, seeds: list[Mention], weights: Weights = DEFAULT) -> list[Profile]:
    """The profiles of the seeds and of every stored mention linked to them, directly or through others."""
    reached = {m.id: profile(m) for m in seeds}
    frontier = list(reached.values())
    while frontier:
        found: dict[str, Mention] = {}
        for since, until in _windows(frontier, weights.max_gap_days):
            near = store.mentions_near(since, until, passages=False)
            found.update((m.id, m) for m in near if m.id not in reached)
        frontier = linked(frontier, [profile(m) for m in found.values()], weights)
        reached.update((p.id, p) for p in frontier)
    return sorted(reached.values(), key=lambda p: p.id)


def rebuild(store: Store, full: bool = False, weights: Weights = DEFAULT) -> int:
    """Bring the stored deals up to date with the stored mentions; returns how many deals there are.

    Only mentions stored since the last rebuild, and what they link to, are clustered again, unless
    `full` asks for every mention. Clustering reads mentions without their passages; each deal is then
    built from its own mentions, read a batch at a time, and written as it is built.
    """
    everything = DealQuery(include_rejected=True)
    full = full or not store.count_deals(everything)
    if full:
        found = cluster((profile(m) for m in store.mentions(passages=False)), weights)
    else:
        found = cluster(neighbourhood(store, store.unassigned_mentions(passages=False), weights), weights)
    if not found:
        return store.count_deals(everything)
    previous = store.mention_deals(None if full else [i for group in found for i in group])
    # Links to known agreements stay with a deal that keeps its id; `ceasefire link` refreshes them.
    kept = store.deal_links(store.deal_ids(everything) if full else previous.values())
    groups = split(found, store.mentions_by_id, weights)
    deal_ids = ids.assign(groups, previous)
    with store.transaction():
        store.delete_deals(sorted(set(kept) - set(deal_ids)))
        for batch in deals(groups, deal_ids, store.mentions_by_id):
            store.save_deals([dataclasses.replace(d, links=kept[d.id]) if d.id in kept else d for d in batch])
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
