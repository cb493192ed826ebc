"""clean: which stretches of an article are its content, without touching the text itself.

Needs: an `Article` (any text; scraped pages keep their menus, captions, comment widgets and disclaimers).
Adds: a `CleanDoc` whose `passages` are the content spans, paragraph by paragraph, stripped, as offsets
into the unchanged `article.text` (so evidence offsets stay valid), and whose `dropped` spans say why each
removed stretch went. First the editable rules of data/boilerplate.tsv run line by line (they drop
captions, "Read more" link lists, disclaimers, widget labels and trailing page furniture, and keep
datelines); then justext judges what is left, but it may only drop text that is not the title, holds no
sentence and no dateline, and is not what a cut rule left of a line: alone, justext throws away titles,
datelines and whole FA-KES bodies, which carry the deal and its date.
"""

from __future__ import annotations

from ceasefire.clean.judge import boilerplate
from ceasefire.clean.lines import Candidate, RulePass, is_prose
from ceasefire.clean.rules import Rules, load_rules
from ceasefire.models import Article, CleanDoc, Dropped, Span

JUSTEXT = "justext: boilerplate"

__all__ = ["clean"]


def clean(article: Article) -> CleanDoc:
    """Split `article.text` into content passages and dropped boilerplate, both as offsets."""
    rules = load_rules()
    found = RulePass(article.text, rules).run()
    kept, dropped = _screen(article.text, found.candidates, rules)
    dropped = sorted(found.dropped + dropped, key=lambda span: span.start)
    return CleanDoc(article=article, passages=[Span(c.start, c.end) for c in kept], dropped=dropped)


def _screen(text: str, candidates: list[Candidate], rules: Rules) -> tuple[list[Candidate], list[Dropped]]:
    """justext may drop only what is no title, no remnant of a cut line, and holds no sentence or dateline."""
    texts = [text[c.start : c.end] for c in candidates]
    title = next((i for i, c in enumerate(candidates) if not c.forced), -1)
    kept: list[Candidate] = []
    dropped: list[Dropped] = []
    for index, (candidate, content, bad) in enumerate(
        zip(candidates, texts, boilerplate(texts), strict=True)
    ):
        protected = candidate.forced or candidate.remnant or index == title or is_prose(content)
        if bad and not (protected or rules.mentions_keep(content)):
            dropped.append(Dropped(candidate.start, candidate.end, JUSTEXT))
        else:
            kept.append(candidate)
    return kept, dropped
