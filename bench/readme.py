"""Copy the latest bench/results/*.txt into README.md, between the bench markers (never typed by hand).

.venv/bin/python bench/readme.py
"""

from __future__ import annotations

from common import RESULTS, ROOT

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
BENCHES = ("throughput", "scale", "workers", "load", "page")


def block() -> str:
    parts = []
    for name in BENCHES:
        path = RESULTS / f"{name}.txt"
        text = path.read_text("utf-8").strip() if path.exists() else "(not run yet)"
        parts.append(f"`bench/{name}.py`:\n\n```\n{text}\n```")
    return "\n\n".join(parts)


def main() -> None:
    readme = ROOT / "README.md"
    content = readme.read_text("utf-8")
    start, end = content.index(BEGIN) + len(BEGIN), content.index(END)
    readme.write_text(content[:start] + "\n" + block() + "\n" + content[end:], "utf-8")


if __name__ == "__main__":
    main()
