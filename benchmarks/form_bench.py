"""Form-writing benchmark: how long `svccheck form` takes for a large branch roster.

    python benchmarks/form_bench.py [--people 2000] [--checklist peer-teller] [--repeat 3]

Builds a roster of `people` tellers in memory and measures, for each format, the median wall
time of make_form (lay out + render to bytes, as the CLI does before writing atomically), and
the size of the result. Also times the 200-row inspection register. Prints the figures; there
is no pass/fail (budgets live in the README).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from svccheck.catalog.library import load_library
from svccheck.forms import FormOutput, Person, make_form


def median_seconds(run: Callable[[], FormOutput], repeat: int) -> tuple[float, FormOutput]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    assert result is not None
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--checklist", default="peer-teller")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    library = load_library()
    role = library.checklist_items(library.checklists[args.checklist])[0].role
    roster = [Person(f"员工{n:05d}", f"{100000 + n}", role) for n in range(args.people)]
    print(
        f"{args.checklist}: {args.people} people × "
        f"{len(library.checklists[args.checklist].items)} items"
    )
    for fmt in ("xlsx", "csv", "md"):
        seconds, form = median_seconds(
            lambda fmt=fmt: make_form(
                library, args.checklist, fmt=fmt, roster=roster, branch="东环支行"
            ),
            args.repeat,
        )
        print(f"  {fmt:4}  {seconds:7.3f} s  {len(form.data) / 1024:8.0f} KiB")
    seconds, form = median_seconds(
        lambda: make_form(library, "inspection-monthly", branch="东环支行"), args.repeat
    )
    print(
        f"inspection-monthly register, {form.rows} rows × {len(form.plan.columns)} columns: "
        f"{seconds:.3f} s, {len(form.data) / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
