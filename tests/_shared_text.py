"""Reading the shared corpus at test time: articles by id, their sentences, and what the extractor makes of
them. Tests quote no article text; they find sentences by a few words of them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from ceasefire.clean import clean
from ceasefire.extract import Extractor, load_nlp, sentences
from ceasefire.ingest import read_paths
from ceasefire.models import Article, Mention

SHARED = Path(__file__).parents[1].parent / "shared"
CORPUS = SHARED / "corpus"


@cache
def _corpus() -> dict[str, Article]:
    found = read_paths([CORPUS / "seeds", CORPUS / "fakes.jsonl"])
    return {a.id: a for a in found if isinstance(a, Article)}


def article(doc: str) -> Article:
    """A seed page by file name, or a FA-KES record by id, read the way the pipeline reads it."""
    return _corpus()[doc]


def sentence(doc: str, words: str) -> str:
    """The sentence of an article that holds these words."""
    text = article(doc).text
    for passage in clean(article(doc)).passages:
        for span in sentences.split(text, passage):
            if words in text[span.start : span.end]:
                return text[span.start : span.end]
    raise KeyError(words)


@cache
def extractor() -> Extractor:
    return Extractor.load()


@cache
def mentions(doc: str) -> tuple[Mention, ...]:
    return tuple(extractor().extract(clean(article(doc))))


def parse(text: str) -> Doc:
    return load_nlp()(text)
