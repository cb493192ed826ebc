"""Deal ids that stay put, so analysts' corrections (keyed by deal id) keep applying.

A group of mentions keeps the id of the stored deal it shares most mentions with; a group with no
stored deal behind it gets an id derived from its first mention id. Clustering the same mentions
again therefore gives the same ids, and a deal that gains an article keeps its id.
"""

from __future__ import annotations

import hashlib
from collections import Counter


def fresh_id(anchor: str, attempt: int = 0) -> str:
    seed = anchor if attempt == 0 else f"{anchor}#{attempt}"
    return "d-" + hashlib.sha1(seed.encode()).hexdigest()[:10]


def _inherited(groups: list[list[str]], previous: dict[str, str]) -> dict[int, str]:
    """Each stored id goes to the group holding most of its mentions; ties go to the earlier group."""
    offers = []
    for index, group in enumerate(groups):
        held = Counter(previous[m] for m in group if m in previous)
        offers += [(-count, old, index) for old, count in held.items()]
    taken: dict[int, str] = {}
    used: set[str] = set()
    for _, old, index in sorted(offers):
        if index not in taken and old not in used:
            taken[index] = old
            used.add(old)
    return taken


def assign(groups: list[list[str]], previous: dict[str, str], reserved: set[str] | None = None) -> list[str]:
    """One id per group of sorted mention ids; `previous` maps a mention id to its stored deal id.

    `reserved` are ids other deals keep, which a fresh id must not take.
    """
    taken = _inherited(groups, previous)
    used = set(taken.values()) | set(reserved or ())
    ids = []
    for index, group in enumerate(groups):
        if index in taken:
            ids.append(taken[index])
            continue
        attempt = 0
        while (candidate := fresh_id(group[0], attempt)) in used:
            attempt += 1
        used.add(candidate)
        ids.append(candidate)
    return ids
