"""The Dask engine on a real local cluster of two worker processes: it stores what a local run stores."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import store_rows
from distributed import LocalCluster
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.engine import Options, ingest
from ceasefire.store import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """Two single-threaded worker processes that know nothing but the installed package."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_stores_what_a_local_run_stores(
    scheduler: str, sample_corpus: list[str], sample_db: str, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'dask.db'}"
    with Store(url) as store:
        report = ingest(sample_corpus, store, Options(engine="dask", scheduler=scheduler, batch=8))
    assert (report.read, report.duplicates, len(report.problems)) == (86, 0, 1)
    assert store_rows(url) == store_rows(sample_db)


def test_dask_runs_from_the_command_line(scheduler: str, sample_corpus: list[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    seeds = sample_corpus[0]
    result = runner.invoke(app, ["ingest", seeds, "--db", url, "--engine", "dask", "--scheduler", scheduler])
    assert result.exit_code == 0, result.output
    assert "Read 5 documents" in result.stdout
    local = f"sqlite:///{tmp_path / 'local.db'}"
    assert runner.invoke(app, ["ingest", seeds, "--db", local]).exit_code == 0
    assert store_rows(url) == store_rows(local)


def test_dask_option_needs_the_dask_engine(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.db'}", "--scheduler", "tcp://h:8786"],
    )
    assert result.exit_code == 2
    assert "needs --engine dask" in result.stderr
