"""How far a deal has gone, from the words of the sentences that report it.

Cue words vote for a stage; modality ("would be allowed to leave") turns a done deed into a proposal,
and negation ("denied reaching a deal", "did not agree") takes the agreement away.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from spacy.tokens import Doc

from ceasefire.extract.lexicon import PhraseTable

# Later stages win when the evidence for them is as strong; collapse ends a deal that was in force.
RANK = {"proposed": 0, "negotiating": 1, "rejected": 2, "agreed": 3, "implemented": 4, "collapsed": 5}
_MODALS = {"would", "could", "will", "may", "might", "should", "shall", "'ll"}
_NEGATIONS = {"not", "n't", "never", "no"}
_DONE = {"agreed", "implemented"}


@cache
def cue_table() -> PhraseTable:
    return PhraseTable.load("status_cues.tsv", "cue", "status", "weight")


def _modality(sentence: Doc, char: int) -> str | None:
    """ "proposed" under a modal or a future, None when the verb is plainly asserted."""
    token = sentence.char_span(char, char + 1, alignment_mode="expand")
    if token is None:
        return None
    verb = token.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    aux = {child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass", "neg")}
    if aux & _NEGATIONS:
        return "negated"
    if aux & _MODALS:
        return "proposed"
    return None


def votes(sentence: Doc) -> dict[str, float]:
    """Each stage's weight in one parsed sentence."""
    scores: dict[str, float] = defaultdict(float)
    for hit in cue_table().find(sentence.text):
        status = hit.value
        mood = _modality(sentence, hit.start) if status in _DONE else None
        if mood == "proposed":
            status = "proposed"
        elif mood == "negated":
            status = "rejected" if status == "agreed" else "negotiating"
        scores[status] += hit.weight
    return dict(scores)


def decide(tallies: list[dict[str, float]], threshold: float = 2.0) -> str:
    """The latest stage with enough support over all sentences of a mention."""
    total: dict[str, float] = defaultdict(float)
    for tally in tallies:
        for status, weight in tally.items():
            total[status] += weight
    ranked = sorted(total, key=lambda s: -RANK[s])
    for status in ranked:
        if total[status] >= threshold:
            return status
    return max(total, key=lambda s: (total[s], RANK[s])) if total else "agreed"
