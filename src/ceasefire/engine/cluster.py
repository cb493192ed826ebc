"""The Dask runner: the same `stages.process` on a Dask distributed cluster.

Workers need only ceasefire installed (`pip install ceasefire`, then `dask worker tcp://HOST:8786
--nthreads 1`): tasks name `ceasefire.engine.stages.process` and carry the articles, nothing else.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from functools import partial

from ceasefire.engine.options import EngineError
from ceasefire.engine.runners import Runner, ordered

CONNECT_TIMEOUT = 20


@contextmanager
def dask(scheduler: str | None, workers: int) -> Iterator[Runner]:
    """Batches go to the scheduler at `scheduler`, or to a local cluster of `workers` processes."""
    from distributed import Client, LocalCluster  # imported here: distributed is slow to import

    with ExitStack() as stack:
        if scheduler is None:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            scheduler = stack.enter_context(cluster).scheduler_address
        try:
            client = stack.enter_context(Client(scheduler, timeout=CONNECT_TIMEOUT))
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except OSError as err:
            raise EngineError("unreachable", address=scheduler, why=err) from err
        window = 2 * max(1, sum(client.nthreads().values()))
        yield lambda chunks: ordered(partial(client.submit, pure=False), chunks, window)
