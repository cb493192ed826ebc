"""The analysts' tables that consolidation reads from ceasefire/data."""

from __future__ import annotations

import csv
from importlib import resources


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header; blank lines and "#" comments are skipped."""
    text = resources.files("ceasefire").joinpath("data", name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(lines, delimiter="\t")
    ]
