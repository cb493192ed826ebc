"""How the engine runs: where the document stages go, on how many workers, and its messages to users."""

from __future__ import annotations

from dataclasses import dataclass

ENGINES = ("local", "dask")
# Articles per batch: one transaction and one `nlp.pipe` call each; small enough to spread over workers.
BATCH = 32

MESSAGES = {
    "engine": "unknown engine {engine!r}; use one of: {choices}.",
    "workers": "--workers must be 1 or more, got {workers}.",
    "batch": "the batch size must be 1 or more, got {batch}.",
    "scheduler": "--scheduler names a Dask scheduler, so it needs --engine dask.",
    "extractor": "a custom extractor runs only in this process: use one local worker with it.",
    "unreachable": "cannot reach the Dask scheduler at {address}, or no worker joined it ({why}). Check that "
    "`dask scheduler` runs there and that workers with ceasefire installed have joined it "
    "(`dask worker {address} --nthreads 1`).",
}


class EngineError(ValueError):
    """A run the engine refuses or cannot start, with a message fit to show a user."""

    def __init__(self, key: str, **details: object) -> None:
        super().__init__(MESSAGES[key].format(**details))
        self.key = key


@dataclass(frozen=True)
class Options:
    """`engine` "local" runs `workers` processes here (1: this process); "dask" sends batches to the
    Dask scheduler at `scheduler`, or to a cluster of `workers` processes started here when none is named."""

    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    batch: int = BATCH

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise EngineError("engine", engine=self.engine, choices=", ".join(ENGINES))
        if self.workers < 1:
            raise EngineError("workers", workers=self.workers)
        if self.batch < 1:
            raise EngineError("batch", batch=self.batch)
        if self.scheduler and self.engine != "dask":
            raise EngineError("scheduler")
