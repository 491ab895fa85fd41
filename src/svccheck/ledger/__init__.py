"""The ledger: scored history in SQLite (one branch) or PostgreSQL (a bank), and what is read
from it — period reports with trends, self-check honesty, the morning briefing.

    open_ledger(url) -> Ledger                       store.py  (schema.py, backends.py, url.py)
    ingest_paths(ledger, paths, library) -> IngestReport         ingest.py
    period_report(ledger, library, period) -> Report (history)   report.py (history.py, honesty.py)
    morning_brief(ledger, library, day) -> Brief                 brief.py
    choose_period / parse_period -> Period                       period.py

What it builds is data beside scoring's results (`svccheck.scoring.history`, `.brief`), rendered
by `svccheck.reporting.history` and `.brief`. Nothing here imports typer or prints; the commands
in `svccheck.cli` do the talking.
"""
