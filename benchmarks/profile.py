"""Where a page's time goes: pyinstrument over many requests of one page, in-process.

    .venv/bin/python benchmarks/history.py --years 10 --database sqlite:////tmp/ten.sqlite
    .venv/bin/python benchmarks/profile.py --database sqlite:////tmp/ten.sqlite --page board

The application runs on the given database (filled by benchmarks/history.py) with the benchmark's
coordinator logged in through a test client; after a warm-up, --requests requests of the page are
profiled together and the call tree is printed (pyinstrument's text, --html for its page). The
mean time per request, with and without the profiler, is printed first. Run it by hand.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.history import PASSWORD  # noqa: E402
from benchmarks.run import PAGES, USER, _app, page_paths  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="URL of a database filled by benchmarks/history.py")
    parser.add_argument("--page", choices=PAGES, default="board")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--html", help="write pyinstrument's page to this file as well")
    args = parser.parse_args()
    from pyinstrument import Profiler

    path = page_paths(args.database)[args.page]
    app = _app(args.database)
    client = app.test_client()
    assert client.post("/login", data={"username": USER, "password": PASSWORD}).status_code == 302
    for _ in range(20):
        assert client.get(path).status_code == 200, path
    began = time.perf_counter()
    for _ in range(args.requests):
        client.get(path)
    plain = (time.perf_counter() - began) / args.requests * 1000
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(args.requests):
        client.get(path)
    profiler.stop()
    print(f"{args.page} ({path}): {plain:.2f} ms a request in-process without the profiler")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html())


if __name__ == "__main__":
    main()
