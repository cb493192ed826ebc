"""Copy the page's third-party files from node_modules into the package, where the server finds them.

Run by scripts/setup.sh after `npm ci`: `python -m ceasefire.web.assets [NODE_MODULES]`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from ceasefire.web import VENDOR

# (path under node_modules, path under static/vendor); each package's licence travels with its files.
FILES = (
    ("leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet/dist/images", "leaflet/images"),
    ("leaflet/LICENSE", "leaflet/LICENSE"),
    ("topojson-client/dist/topojson-client.min.js", "topojson/topojson-client.min.js"),
    ("topojson-client/LICENSE", "topojson/LICENSE"),
    ("world-atlas/countries-50m.json", "world-atlas/countries-50m.json"),
    ("world-atlas/LICENSE", "world-atlas/LICENSE"),
    ("swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui/swagger-ui-bundle.js"),
    ("swagger-ui-dist/swagger-ui.css", "swagger-ui/swagger-ui.css"),
    ("swagger-ui-dist/LICENSE", "swagger-ui/LICENSE"),
)


def missing() -> list[str]:
    """The vendor files not in place, so that `ceasefire serve` can say to run setup first."""
    return [target for _, target in FILES if not (VENDOR / target).exists()]


def copy(node_modules: Path, vendor: Path = VENDOR) -> int:
    """Replace `vendor` with fresh copies; returns how many entries were copied."""
    absent = [source for source, _ in FILES if not (node_modules / source).exists()]
    if absent:
        raise FileNotFoundError(f"not in {node_modules}: {', '.join(absent)}; run `npm ci` first")
    shutil.rmtree(vendor, ignore_errors=True)
    for source, target in FILES:
        origin, destination = node_modules / source, vendor / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, destination)
        else:
            shutil.copy2(origin, destination)
    return len(FILES)


def main(argv: list[str]) -> int:
    node_modules = Path(argv[0]) if argv else Path.cwd() / "node_modules"
    try:
        copied = copy(node_modules)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Copied {copied} web assets into {VENDOR}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
