"""The `actors` stage: the names an article gives the sides of a deal -> canonical actor names.

`ActorLexicon.default()` reads ceasefire/data/actors.tsv, which analysts extend; `find` locates every
actor named in a text and `canonical` resolves one name, folded as the scorer folds it.
"""

from ceasefire.actors.lexicon import KINDS, ActorLexicon, ActorName

__all__ = ["KINDS", "ActorLexicon", "ActorName"]
