"""`svccheck ingest`: store filled sheets, scored, in the ledger (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from svccheck.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    ChecklistOption,
    ChecklistsOption,
    DbOption,
    LangOption,
    SheetsArgument,
    StandardsOption,
    emit,
    make_settings,
    stderr_console,
)

if TYPE_CHECKING:
    from svccheck.ledger.ingest import IngestReport
    from svccheck.ledger.records import FileOutcome

SHOWN_REJECTIONS = 10  # rejected rows listed per file on stderr (all of them are stored)


class IngestFormat(StrEnum):
    text = "text"
    json = "json"


def command(
    ctx: typer.Context,
    sheets: SheetsArgument,
    checklist: ChecklistOption = None,
    fmt: Annotated[
        IngestFormat,
        typer.Option("--format", help="text (a line per file on stderr) or json (on stdout)."),
    ] = (IngestFormat.text),
    db: DbOption = None,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
) -> None:
    """Store filled sheets in the ledger, scored, with where every row came from.

    Each file is one transaction: all of its rows or none. A file already in the ledger (same
    content, under any name) adds nothing. A corrected sheet for the same branch, date,
    checklist and kind supersedes the earlier rows, which are kept as an audit trail. Rejected
    rows are listed and stored too, and never hold back the accepted ones. The ledger is
    created on first use (--db, else $SVCCHECK_DB, else sqlite:///svccheck.db in the working
    folder); a ledger from an older svccheck is upgraded, one from a newer one refused.
    An unfilled form stores nothing and says so (exit code 1).
    Exit code 2 when a file could not be read or the ledger cannot be used.

    \b
    Examples:
      svccheck ingest examples/2026-10/
      svccheck ingest morning/东环支行-W41.xlsx --db sqlite:///branch.db
      svccheck ingest register.xlsx --checklist inspection-monthly --db postgresql://svc@db/ledger
    """
    settings = make_settings(ctx, lang=lang, standards=standards, checklists=checklists, db=db)

    from svccheck.cli.display import WorkDisplay
    from svccheck.i18n import tr
    from svccheck.ledger.ingest import ingest_paths
    from svccheck.ledger.store import open_ledger

    library = settings.library()
    console = stderr_console()
    with (
        open_ledger(settings.db_url, lang=settings.lang) as ledger,
        WorkDisplay(console, tr(settings.lang, "入账", "ingesting")) as display,
    ):
        report = ingest_paths(
            ledger,
            sheets,
            library,
            checklist=checklist,
            lang=settings.lang,
            progress=display.update,
            on_outcome=lambda outcome: _say(console, outcome, settings.lang),
        )
        counts = ledger.counts()
    for path, why in report.problems:
        console.print(f"✗ {path}: {why}", markup=False, soft_wrap=True)
    if report.skipped_sheets:
        _say_skipped(console, report.skipped_sheets, settings.lang)
    for warning in report.warnings:
        console.print(f"! {warning}", markup=False, soft_wrap=True)
    console.print(
        _summary(report, str(ledger.url), counts, settings.lang), markup=False, soft_wrap=True
    )
    if fmt is IngestFormat.json:
        emit(json.dumps(_as_json(report, str(ledger.url)), ensure_ascii=False, indent=2), None)
    if not report.ok:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_OK if report.stored_all else EXIT_FINDINGS)


def _say(console: Any, outcome: FileOutcome, lang: str) -> None:
    from svccheck.i18n import tr

    if outcome.status == "failed":
        console.print(f"✗ {outcome.error}", markup=False, soft_wrap=True)
        return
    if outcome.status == "empty":
        console.print(
            tr(
                lang,
                "○ {file}：没有可入账的内容（表中没有任何勾选或扣分，是未填写的空白表吗？）",
                "○ {file}: nothing to store (no marks or deductions: an unfilled form?)",
                file=outcome.path,
            ),
            markup=False,
            soft_wrap=True,
        )
        return
    if outcome.status == "duplicate":
        held = outcome.duplicate_of
        console.print(
            tr(
                lang,
                "= {file}：账本中已有相同内容（{held}，{when} 入账），未新增任何数据",
                "= {file}: already in the ledger (same content as {held}, ingested {when}); "
                "nothing added",
                file=outcome.path,
                held=held.path if held else "?",
                when=held.ingested_at if held else "?",
            ),
            markup=False,
            soft_wrap=True,
        )
        return
    console.print(
        tr(
            lang,
            "✓ {file}：入账 {obs} 条观察、{checks} 次检查（{batches} 批）；拒收 {rej} 行",
            "✓ {file}: stored {obs} observations, {checks} checks in {batches} batches; "
            "{rej} rows rejected",
            file=outcome.path,
            obs=f"{outcome.observations:,}",
            checks=f"{outcome.checks:,}",
            batches=outcome.batches,
            rej=outcome.rejected,
        ),
        markup=False,
        soft_wrap=True,
    )
    for rejection in outcome.rejections[:SHOWN_REJECTIONS]:
        row = tr(lang, "第 {n} 行", "row {n}", n=rejection.row)
        where = f"{rejection.sheet} {row}" if rejection.sheet else row
        colon = tr(lang, "：", ": ")
        console.print(
            f"  − {where} {rejection.cell}{colon}{rejection.reason}", markup=False, soft_wrap=True
        )
    if len(outcome.rejections) > SHOWN_REJECTIONS:
        console.print(
            tr(
                lang,
                "  … 另有 {n} 行被拒收（svccheck read {file} --format json 可全部列出）",
                "  … {n} more rejected rows (svccheck read {file} --format json lists them all)",
                n=len(outcome.rejections) - SHOWN_REJECTIONS,
                file=outcome.path,
            ),
            markup=False,
            soft_wrap=True,
        )
    for old in outcome.superseded:
        console.print(
            tr(
                lang,
                "  ↻ 取代 {old} 中的 {n} 批（旧数据保留为审计记录{whole}）",
                "  ↻ supersedes {n} batches of {old} (kept as an audit trail{whole})",
                old=old.path,
                n=old.batches,
                whole=tr(lang, "；该文件已全部被取代", "; that file is now wholly superseded")
                if old.whole_file
                else "",
            ),
            markup=False,
            soft_wrap=True,
        )


def _say_skipped(console: Any, skipped: tuple[tuple[str, str, str], ...], lang: str) -> None:
    # One line, as `score` does: the reasons (expected vs found headers) are long, and
    # `svccheck read` shows them.
    from collections import Counter

    from svccheck.i18n import tr

    names = Counter(sheet for _, sheet, _ in skipped)
    listed = "、".join(f"{name} ×{n}" if n > 1 else name for name, n in names.items())
    console.print(
        tr(lang, "跳过 {n} 张没有可识别表头的表：{names}（原因见 svccheck read）",
           "skipped {n} sheets with no recognisable header: {names} (see svccheck read)",
           n=len(skipped), names=listed),
        markup=False, soft_wrap=True,
    )  # fmt: skip


def _summary(report: IngestReport, url: str, counts: dict[str, int], lang: str) -> str:
    from svccheck.i18n import tr

    return tr(
        lang,
        "账本 {url}：新增 {added} 个文件，已有 {dup} 个，{empty}失败 {failed} 个；"
        "现有有效观察 {active} 条（共 {total} 条，含被取代的）",
        "ledger {url}: {added} files added, {dup} already held, {empty}{failed} failed; "
        "{active} active observations ({total} in all, superseded included)",
        url=url,
        added=report.count("added"),
        dup=report.count("duplicate"),
        empty=tr(lang, "空白 {n} 个（未入账），", "{n} empty (not stored), ", n=empty)
        if (empty := report.count("empty"))
        else "",
        failed=report.count("failed") + len(report.problems),
        active=f"{counts['observations_active']:,}",
        total=f"{counts['observations']:,}",
    )


def _as_json(report: IngestReport, url: str) -> dict[str, Any]:
    return {
        "schema": "svccheck/ingest@1",
        "ledger": url,
        "files": [
            {
                "file": o.path,
                "status": o.status,
                "content_hash": o.content_hash,
                "observations": o.observations,
                "checks": o.checks,
                "batches": o.batches,
                "rejected": o.rejected,
                "error": o.error or None,
                "rejections": [
                    {"sheet": r.sheet, "row": r.row, "cell": r.cell, "reason": r.reason}
                    for r in o.rejections
                ],
                "duplicate_of": o.duplicate_of.path if o.duplicate_of else None,
                "superseded": [
                    {"file": s.path, "batches": s.batches, "whole_file": s.whole_file}
                    for s in o.superseded
                ],
            }
            for o in report.outcomes
        ],
        "problems": [{"file": path, "reason": why} for path, why in report.problems],
        "warnings": list(report.warnings),
    }


__all__ = ["SHOWN_REJECTIONS", "command"]
