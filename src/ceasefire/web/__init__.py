"""The page `ceasefire serve` shows: static HTML, JS and CSS, plus third-party files that setup copies in.

The third-party files (map, clusters, country basemap, API docs viewer) come from the npm registry at
setup time (`python -m ceasefire.web.assets`) and land in `static/vendor/`, which git ignores.
"""

from pathlib import Path

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"

__all__ = ["STATIC", "VENDOR"]
