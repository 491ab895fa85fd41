"""`svccheck roster`: the staff list the morning brief holds a branch to."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from svccheck.cli.common import (
    ChecklistsOption,
    DbOption,
    LangOption,
    StandardsOption,
    make_settings,
    tell,
)


def command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="Staff list: csv or xlsx with 姓名/name, optionally 工号/employee id, "
            "岗位/role and 网点/branch (then only --branch's people are kept).",
            show_default=False,
        ),
    ],
    branch: Annotated[
        str, typer.Option("--branch", help="The branch whose staff this is.", show_default=False)
    ],
    db: DbOption = None,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
) -> None:
    """Store a branch's staff list: the people the morning brief expects a self-check from.

    The brief's "no self-check" list is everyone on the day's sheets of the branch (roster
    lines nobody filled in included) and everyone on this list — so it is right on the first
    day, before anybody has filled in a sheet. Giving a list again replaces the branch's
    previous one. The file is read as `svccheck form --roster` reads it (csv in UTF-8 or
    GB18030, or xlsx; the header may sit below a title).

    \b
    Examples:
      svccheck roster 东环支行花名册.xlsx --branch 东环支行
      svccheck --lang zh roster staff.csv --branch 西城支行 --db postgresql://svc@db/ledger
    """
    settings = make_settings(ctx, lang=lang, standards=standards, checklists=checklists, db=db)

    from svccheck.errors import ConfigError
    from svccheck.forms import read_roster
    from svccheck.i18n import tr
    from svccheck.ledger.store import open_ledger

    name = branch.strip()
    if not name:
        raise ConfigError(tr(settings.lang, "--branch 不能为空", "--branch must name a branch"))
    staff = read_roster(file, settings.library().taxonomy, settings.lang, branch=name)
    with open_ledger(settings.db_url, lang=settings.lang) as ledger:
        ledger.set_staff(name, staff.people, str(file))
    elsewhere = (
        tr(
            settings.lang,
            "；另有 {n} 人属于其他网点，未记录",
            "; left out {n} who work at another branch",
            n=staff.elsewhere,
        )
        if staff.elsewhere
        else ""
    ) + (
        tr(
            settings.lang,
            "；{n} 行重复，只记一次",
            "; {n} repeated lines stored once",
            n=staff.repeated,
        )
        if staff.repeated
        else ""
    )
    tell(
        tr(
            settings.lang,
            "已记录 {branch} 的名单：{n} 人（来自 {file}{elsewhere}）\n",
            "stored the staff list of {branch}: {n} people (from {file}{elsewhere})\n",
            branch=name,
            n=len(staff.people),
            file=file,
            elsewhere=elsewhere,
        )
    )
