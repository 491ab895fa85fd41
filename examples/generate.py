"""Generate the example month: October 2026 in a small city network of six branches.

    python examples/generate.py            # rewrites examples/2026-10, roster.csv, README.md

The output is deterministic: a fixed seed, sorted iteration, and fixed workbook properties, so
running the script again gives byte-identical files (a test checks it). The sheets are written the
way branches really keep them — merged titles, header blocks, spacer rows, subtotal rows, footers,
mixed marks and date forms — because they are the acceptance data of the reader and the reports.

The story of the month (what the reports should show):
- 东环支行 is the star branch: clean morning checks and almost nothing in the inspection register;
- 滨江支行 is the weak branch: sloppy habits in the morning checks, two inspections under the pass
  mark (needs remediation), and a teller who argued with a customer (a red line in a peer check);
- 北站支行 had a wealth product sold without the audio-video recording (双录) — a red line the
  inspector wrote up as "一票否决";
- 南湖支行 had one bad on-site inspection that pulls its monthly mean under the pass mark;
- 西城支行 and 高新区支行 are ordinary, solid branches.
Across the network a handful of items (唱收唱付, 来有迎声, 门前三米洁净 …) cause most of the
points lost, and every person has their own habits, so the Pareto of gaps has a real shape.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from svccheck.catalog.library import load_library
from svccheck.model import Item, Library

SEED = 20261031
YEAR, MONTH = 2026, 10
HERE = Path(__file__).resolve().parent
# Fixed document properties: xlsxwriter stamps zip entries with a constant date, so with these
# the bytes of every workbook depend only on its content.
PROPERTIES = {
    "author": "svccheck examples",
    "company": "示例城市分行",
    "created": dt.datetime(2026, 10, 31, 18, 0, 0),
}

ROLE_LABEL = {
    "teller": "综合柜员",
    "lobby_manager": "大堂经理",
    "account_manager": "客户经理",
    "other_staff": "其他人员",
}
ROLE_SHEET = {
    "teller": "柜员",
    "lobby_manager": "大堂经理",
    "account_manager": "客户经理",
    "other_staff": "其他人员",
}
ROLE_SLUG = {
    "teller": "teller",
    "lobby_manager": "lobby-manager",
    "account_manager": "account-manager",
    "other_staff": "other-staff",
}
KIND_SHEET = {"self_check": "自查", "peer_check": "互查"}


@dataclass(frozen=True)
class MarkStyle:
    """How a branch writes its marks: pass, fail, not applicable, and the odd other hand."""

    ok: str
    bad: str
    na: str
    ok_alt: str
    bad_alt: str


@dataclass(frozen=True)
class BranchProfile:
    name: str
    code: str
    quality: float  # multiplies every fail probability: < 1 better than the network, > 1 worse
    staff: dict[str, int]  # role → head count
    marks: MarkStyle
    date_form: str  # date | zh | dot | slash: how the 日期 column is written
    inspections: tuple[tuple[int, str, str, float], ...]  # (day, 时段, 检查方式, points to find)
    head: str  # 网点负责人


BRANCHES: tuple[BranchProfile, ...] = (
    BranchProfile(
        "东环支行",
        "11",
        0.3,
        {"teller": 4, "lobby_manager": 2, "account_manager": 2, "other_staff": 2},
        MarkStyle("√", "×", "不适用", "✓", "X"),
        "date",
        (
            (9, "09:10-09:40", "视频调阅", 1.0),
            (16, "上午", "现场", 1.5),
            (27, "14:20", "暗访", 0.5),
        ),
        "周建华",
    ),
    BranchProfile(
        "西城支行",
        "12",
        0.9,
        {"teller": 4, "lobby_manager": 1, "account_manager": 3, "other_staff": 2},
        MarkStyle("✓", "✗", "—", "√", "×"),
        "date",
        (
            (8, "上午", "现场", 6.0),
            (15, "09:00-10:00", "视频调阅", 4.5),
            (23, "下午", "暗访", 7.0),
            (29, "10:15", "视频调阅", 3.0),
        ),
        "孙立新",
    ),
    BranchProfile(
        "南湖支行",
        "13",
        1.1,
        {"teller": 4, "lobby_manager": 2, "account_manager": 2, "other_staff": 2},
        MarkStyle("是", "否", "不适用", "√", "×"),
        "zh",
        ((12, "09:20", "视频调阅", 13.0), (20, "全天", "现场", 31.0), (28, "下午", "暗访", 12.5)),
        "何振国",
    ),
    BranchProfile(
        "北站支行",
        "14",
        1.2,
        {"teller": 5, "lobby_manager": 2, "account_manager": 2, "other_staff": 2},
        MarkStyle("√", "X", "/", "✔", "×"),
        "dot",
        (
            (7, "上午", "视频调阅", 5.0),
            (14, "下午", "现场", 6.5),
            (21, "10:30", "视频调阅", 4.0),
            (28, "上午", "暗访", 5.5),
        ),
        "罗志强",
    ),
    BranchProfile(
        "高新区支行",
        "15",
        0.6,
        {"teller": 3, "lobby_manager": 1, "account_manager": 3, "other_staff": 2},
        MarkStyle("✓", "×", "—", "√", "✗"),
        "date",
        ((13, "上午", "现场", 4.0), (22, "15:00", "视频调阅", 6.5), (30, "上午", "暗访", 3.5)),
        "梁文涛",
    ),
    BranchProfile(
        "滨江支行",
        "16",
        2.2,
        {"teller": 4, "lobby_manager": 2, "account_manager": 2, "other_staff": 2},
        MarkStyle("√", "×", "不适用", "✓", "✗"),
        "slash",
        (
            (6, "09:00-09:30", "视频调阅", 9.0),
            (14, "全天", "现场", 18.5),
            (19, "上午", "视频调阅", 7.5),
            (26, "下午", "暗访", 17.0),
        ),
        "谢明辉",
    ),
)

# Items the whole network gets wrong more often than the rest (fail probability per check at
# peer-check strictness, before branch and personal factors): the head of the Pareto.
HOT_ITEMS: dict[str, float] = {
    "TLR-11": 0.150,
    "TLR-06": 0.125,
    "TLR-05": 0.100,
    "TLR-14": 0.037,
    "TLR-09": 0.075,
    "TLR-12": 0.062,
    "TLR-03": 0.030,
    "LBM-05": 0.150,
    "LBM-10": 0.112,
    "LBM-07": 0.088,
    "LBM-16": 0.075,
    "LBM-11": 0.050,
    "ACM-30": 0.175,
    "ACM-07": 0.125,
    "ACM-03": 0.075,
    "ACM-11": 0.075,
    "ACM-08": 0.050,
    "OTH-14": 0.150,
    "OTH-03": 0.125,
    "OTH-15": 0.100,
    "OTH-05": 0.075,
    "OTH-09": 0.050,
    "ENT-04": 0.300,
    "LBY-01": 0.225,
    "LBY-07": 0.200,
    "LBY-14": 0.150,
    "ENT-12": 0.125,
    "WRK-06": 0.150,
    "WRK-01": 0.125,
    "LBY-02": 0.100,
    "ENT-13": 0.075,
}
BASE_FAIL = 0.012
SLIPS = 1.6  # one knob for how often anybody slips (the network's overall level)
SELF_STRICTNESS = 0.45  # people see fewer of their own slips than a colleague does
# Items that often do not arise on a given day (no elderly customer, no transfer, no complaint).
CONDITIONAL = {
    "TLR-17": 0.25,
    "TLR-19": 0.20,
    "TLR-20": 0.30,
    "LBM-14": 0.30,
    "LBM-18": 0.25,
    "LBM-19": 0.35,
    "LBM-21": 0.30,
    "ACM-24": 0.25,
    "ACM-29": 0.40,
    "OTH-04": 0.20,
    "OTH-10": 0.15,
}

# What inspectors write in 问题描述 for the findings they see most; other items get
# "未做到：<criterion>".
DESCRIPTIONS: dict[str, str] = {
    "TLR-03": "开门后3分钟仍未叫号",
    "TLR-05": "叫号后未举手示意，客户到柜未起身",
    "TLR-06": "客户到柜未主动问候",
    "TLR-09": "业务办结未道别",
    "TLR-11": "收付现金未唱收唱付",
    "TLR-12": "未提示客户核对回单即请签字",
    "TLR-14": "临时离柜未放暂停服务牌，未签退",
    "TLR-16": "柜面摆放水杯、手机等私人物品",
    "TLR-18": "客户输密时未提醒后方客户退至一米线外",
    "LBM-05": "客户进门未微笑问候",
    "LBM-07": "客户取号犹豫时未主动引导",
    "LBM-10": "大堂经理长时间在座位上办公，未巡视厅堂",
    "LBM-11": "等候超过15人未启动弹性窗口",
    "LBM-16": "客户离开未道别",
    "LBM-26": "厅堂日志10月多日未登记",
    "ACM-03": "客户到桌前未起身迎接",
    "ACM-07": "办公电话响铃五声以上未接听",
    "ACM-11": "工位堆放客户资料及私人物品",
    "ACM-16": "销售理财产品未在双录区进行录音录像",
    "ACM-30": "客户维护记录连续一周未填写",
    "ACM-31": "客户经理工作日志未周检签字",
    "OTH-03": "保安在门口玩手机",
    "OTH-05": "门前电动车乱停未劝导",
    "OTH-09": "自助区巡查记录缺两次",
    "OTH-14": "开门前门前台阶未清扫",
    "OTH-15": "大厅地面有水渍未及时清理",
    "ENT-04": "门前三米内有烟头、纸屑",
    "ENT-12": "自助区地面有废弃凭条",
    "ENT-13": "一台ATM暂停服务未挂提示牌",
    "LBY-01": "大厅垃圾桶满溢",
    "LBY-02": "宣传折页随意堆放在等候椅上",
    "LBY-07": "便民箱急救药品过期",
    "LBY-14": "智能柜台一台故障未报修",
    "WRK-01": "柜台台面凌乱",
    "WRK-06": "柜台上放有员工私人物品",
}
REMEDY = ("立即整改", "当场整改", "限期3日内整改", "纳入晨会学习", "班组长督促整改")
REVIEW = ("已整改，{d}复查通过", "已整改，{d}复查合格", "已于{d}整改到位", "整改中")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛"
)
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "文",
    "华",
    "建国",
    "晓燕",
    "志勇",
    "海燕",
    "雪",
    "丹",
    "婷",
    "慧",
    "佳怡",
    "子涵",
    "欣怡",
    "浩然",
    "宇航",
    "思远",
    "雨桐",
    "晨曦",
    "俊杰",
    "一鸣",
    "诗琪",
    "梦瑶",
    "嘉豪",
    "博文",
    "晓东",
    "春梅",
    "国庆",
    "红梅",
)


# ---------------------------------------------------------------- the month as data


@dataclass
class Person:
    name: str
    employee_id: str
    role: str
    branch: str
    diligence: float  # personal factor on fail probabilities
    habits: dict[str, float] = field(default_factory=dict)  # item → extra fail probability
    leave: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class MorningRow:
    date: dt.date
    person: Person | None  # None for the branch (environment walk-round)
    marks: dict[str, str]  # item → pass | fail | na | unchecked
    checker: str


@dataclass(frozen=True)
class Finding:
    date: dt.date | str  # a string for the deliberately impossible date
    period: str
    method: str
    role: str | None
    person: str | None
    item: str  # what the inspector wrote in 标准编号
    description: str
    points: float
    remedy: str
    review: str
    inspector: str
    note: str


def working_days() -> list[dt.date]:
    first = dt.date(YEAR, MONTH, 1)
    days = [first + dt.timedelta(days=n) for n in range(31)]
    return [d for d in days if d.month == MONTH and d.weekday() < 5]


def make_people(rng: random.Random) -> list[Person]:
    used: set[str] = set()
    people: list[Person] = []
    days = working_days()
    for branch in BRANCHES:
        serial = 0
        for role in ROLE_LABEL:
            for _ in range(branch.staff[role]):
                serial += 1
                name = _unique_name(rng, used)
                diligence = rng.lognormvariate(0.0, 0.45)
                leave = frozenset(rng.sample(days, 1)) if rng.random() < 0.35 else frozenset()
                people.append(
                    Person(
                        name,
                        f"0{branch.code}{serial:04d}",
                        role,
                        branch.name,
                        diligence,
                        leave=leave,
                    )
                )
    return people


def _unique_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in used:
            used.add(name)
            return name


def give_habits(rng: random.Random, people: Sequence[Person], library: Library) -> None:
    """Each person slips on one to three items of their own; a few are plainly sloppy."""
    for person in people:
        items = list(library.checklists[f"morning-{ROLE_SLUG[person.role]}"].items)
        minor = [i for i in items if not library.items[i].critical]
        sloppy = rng.random() < (0.45 if person.branch == "滨江支行" else 0.08)
        for item in rng.sample(minor, rng.randint(1, 3)):
            person.habits[item] = rng.uniform(0.35, 0.6) if sloppy else rng.uniform(0.08, 0.25)


def fail_probability(item: str, quality: float, diligence: float, habit: float) -> float:
    return min(0.9, (HOT_ITEMS.get(item, BASE_FAIL) + habit) * SLIPS * quality * diligence)


def morning_rows(
    rng: random.Random,
    library: Library,
    branch: BranchProfile,
    checklist_id: str,
    people: Sequence[Person],
) -> list[MorningRow]:
    """One row per person (or per day for the branch) per working day of the month."""
    checklist = library.checklists[checklist_id]
    strictness = SELF_STRICTNESS if checklist.kind == "self_check" else 1.0
    rows: list[MorningRow] = []
    for day in working_days():
        present = [p for p in people if day not in p.leave]
        subjects: list[Person | None] = list(present) if checklist.subject == "employee" else [None]
        for subject in subjects:
            diligence = subject.diligence if subject else 1.0
            marks: dict[str, str] = {}
            for item in checklist.items:
                habit = subject.habits.get(item, 0.0) if subject else 0.0
                # Red lines are not a matter of habit: the month has only the ones in the story.
                quality = 0.0 if library.items[item].critical else branch.quality * strictness
                marks[item] = _mark(rng, item, quality, diligence, habit)
            rows.append(
                MorningRow(
                    day, subject, marks, _checker(rng, checklist.kind, subject, present, branch)
                )
            )
    return rows


def _mark(rng: random.Random, item: str, quality: float, diligence: float, habit: float) -> str:
    if rng.random() < CONDITIONAL.get(item, 0.0):
        return "na"
    if rng.random() < 0.0015:  # a cell somebody forgot to fill in
        return "unchecked"
    return "fail" if rng.random() < fail_probability(item, quality, diligence, habit) else "pass"


def _checker(
    rng: random.Random,
    kind: str,
    subject: Person | None,
    present: Sequence[Person],
    branch: BranchProfile,
) -> str:
    if subject is None:
        return rng.choice([p.name for p in present if p.role == "lobby_manager"] or [branch.head])
    if kind == "self_check":
        return subject.name
    peers = [p.name for p in present if p.role == subject.role and p is not subject]
    return rng.choice(peers) if peers else branch.head  # a one-person role: the head checks


def add_red_lines(rows_by_checklist: dict[str, list[MorningRow]], branch: BranchProfile) -> None:
    """滨江支行: a teller argued with a customer, caught in the peer check of 10月20日."""
    if branch.name != "滨江支行":
        return
    rows = rows_by_checklist["peer-teller"]
    for n, row in enumerate(rows):
        if row.date == dt.date(2026, 10, 20) and row.person is not None:
            rows[n] = MorningRow(row.date, row.person, {**row.marks, "TLR-22": "fail"}, row.checker)
            return


def inspection_findings(
    rng: random.Random, library: Library, branch: BranchProfile, people: Sequence[Person]
) -> list[Finding]:
    """The inspection group's register: findings only, until each visit's points are found."""
    checklist = library.checklists["inspection-monthly"]
    candidates = [i for i in checklist.items if not library.items[i].critical]
    weights = [HOT_ITEMS.get(i, BASE_FAIL) * 10 + 0.05 for i in candidates]
    inspectors = ("郑佳怡", "韩志勇", "曹晓燕")
    findings: list[Finding] = []
    for day, period, method, target in branch.inspections:
        date = dt.date(YEAR, MONTH, day)
        inspector = inspectors[day % len(inspectors)]
        found = 0.0
        seen: set[str] = set()
        while found < target - 0.25:
            item_id = rng.choices(candidates, weights)[0]
            item = library.items[item_id]
            if item_id in seen or item.points > target - found + 0.25:
                if target - found < 0.5:
                    break
                continue
            seen.add(item_id)
            times = 2 if item.points <= 1 and rng.random() < 0.2 else 1
            points = item.points * times
            if item.max_points is not None:
                points = min(points, item.max_points)
            findings.append(
                _finding(rng, library, item, date, period, method, people, points, inspector, times)
            )
            found += points
    if branch.name == "北站支行":
        findings.append(_red_line_sale(library, people))
    findings.sort(key=lambda f: (str(f.date), f.period))
    return findings


def _finding(
    rng: random.Random,
    library: Library,
    item: Item,
    date: dt.date,
    period: str,
    method: str,
    people: Sequence[Person],
    points: float,
    inspector: str,
    times: int,
) -> Finding:
    staff = [p.name for p in people if p.role == item.role]
    person = rng.choice(staff) if staff else None
    text = DESCRIPTIONS.get(item.id) or f"未做到：{item.criterion.zh}"
    if times > 1:
        text = f"{text}（发现{times}次）"
    review_day = date + dt.timedelta(days=rng.randint(1, 4))
    return Finding(
        date,
        period,
        method,
        item.role if staff else None,
        person,
        _item_cell(rng, library, item),
        text,
        points,
        rng.choice(REMEDY),
        rng.choice(REVIEW).format(d=f"{review_day.month}月{review_day.day}日"),
        inspector,
        "",
    )


def _item_cell(rng: random.Random, library: Library, item: Item) -> str:
    """Inspectors copy the id, the id and title, or (when unambiguous) just the title."""
    roll = rng.random()
    if roll < 0.45:
        return item.id
    if roll < 0.85 or _title_is_shared(library, item):
        return f"{item.id} {item.title.zh}"
    return item.title.zh


def _title_is_shared(library: Library, item: Item) -> bool:
    return sum(1 for other in library.items.values() if other.title.zh == item.title.zh) > 1


def _red_line_sale(library: Library, people: Sequence[Person]) -> Finding:
    manager = next(p.name for p in people if p.role == "account_manager")
    item = library.items["ACM-16"]
    return Finding(
        dt.date(2026, 10, 14),
        "下午",
        "现场",
        "account_manager",
        manager,
        f"{item.id} {item.title.zh}",
        DESCRIPTIONS["ACM-16"],
        item.points,
        "停止销售，离岗培训，报分行消保部",
        "已约谈，10月16日起离岗培训",
        "曹晓燕",
        "一票否决",
    )


def deliberate_bad_rows(branch: BranchProfile, people: Sequence[Person]) -> list[Finding]:
    """Two rows a reader must reject (and name): an unknown item id and an impossible date."""
    teller = next(p.name for p in people if p.role == "teller")
    if branch.name == "南湖支行":  # LBY-31 does not exist: 大厅 has 22 items
        return [
            Finding(
                dt.date(2026, 10, 20),
                "全天",
                "现场",
                None,
                None,
                "LBY-31",
                "大厅绿植枯萎未更换",
                0.5,
                "立即整改",
                "已整改，10月21日复查通过",
                "郑佳怡",
                "",
            )
        ]
    if branch.name == "滨江支行":  # 9月 has no 31st
        return [
            Finding(
                "2026年9月31日",
                "上午",
                "视频调阅",
                "teller",
                teller,
                "TLR-06",
                DESCRIPTIONS["TLR-06"],
                0.5,
                "纳入晨会学习",
                "整改中",
                "曹晓燕",
                "日期待核实",
            )
        ]
    return []


# ---------------------------------------------------------------- writing the workbooks


class Formats:
    """The cell formats of one workbook (xlsxwriter formats belong to their workbook)."""

    def __init__(self, book: Workbook) -> None:
        border = {"border": 1, "valign": "vcenter", "font_name": "宋体", "font_size": 10}
        self.title = book.add_format(
            {
                "bold": True,
                "font_size": 16,
                "align": "center",
                "valign": "vcenter",
                "font_name": "黑体",
            }
        )
        self.info = book.add_format({"font_size": 10, "font_name": "宋体"})
        self.header = book.add_format(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#D9E1F2"}
        )
        self.cell = book.add_format({**border, "align": "center"})
        self.text = book.add_format({**border, "text_wrap": True})
        self.date = book.add_format(
            {**border, "align": "center", "num_format": 'yyyy"年"m"月"d"日"'}
        )
        self.number = book.add_format({**border, "align": "center", "num_format": "0.0"})
        self.total = book.add_format(
            {**border, "bold": True, "align": "center", "bg_color": "#F2F2F2"}
        )
        self.note = book.add_format(
            {"font_size": 9, "font_name": "宋体", "text_wrap": True, "valign": "top"}
        )


def new_book(path: Path) -> tuple[Workbook, Formats]:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({**PROPERTIES, "title": path.stem})
    return book, Formats(book)


def write_date(sheet: Worksheet, row: int, col: int, day: dt.date, form: str, fmt: Formats) -> None:
    if form == "date":
        sheet.write_datetime(row, col, dt.datetime(day.year, day.month, day.day), fmt.date)
    elif form == "zh":
        sheet.write_string(row, col, f"{day.year}年{day.month}月{day.day}日", fmt.cell)
    elif form == "dot":
        sheet.write_string(row, col, f"{day.year}.{day.month}.{day.day}", fmt.cell)
    else:
        sheet.write_string(row, col, f"{day.year}/{day.month}/{day.day}", fmt.cell)


def mark_text(rng: random.Random, result: str, style: MarkStyle) -> str:
    if result == "pass":
        return style.ok_alt if rng.random() < 0.02 else style.ok
    if result == "fail" and rng.random() < 0.1:
        return style.bad_alt
    return {"fail": style.bad, "na": style.na, "unchecked": ""}[result]


def deduction_of(library: Library, marks: dict[str, str]) -> float:
    """What the person writes in 扣分合计 (one violation per failed item)."""
    return sum(library.items[i].points for i, m in marks.items() if m == "fail")


def write_morning_sheet(
    book: Workbook,
    fmt: Formats,
    rng: random.Random,
    library: Library,
    branch: BranchProfile,
    checklist_id: str,
    week: Sequence[dt.date],
    rows: Sequence[MorningRow],
    roster_size: int,
    host: str,
) -> None:
    checklist = library.checklists[checklist_id]
    by_person = checklist.subject == "employee"
    peer = checklist.kind == "peer_check"
    role = library.items[checklist.items[0]].role
    name = "环境巡检" if not by_person else ROLE_SHEET[role] + KIND_SHEET[checklist.kind]
    sheet = book.add_worksheet(name)
    lead = ["序号", "日期", "姓名", "工号", "岗位"] if by_person else ["序号", "日期", "检查人"]
    tail = ["扣分合计", "互查人", "签字"] if peer else ["扣分合计", "签字"]
    headers = [*lead, *(f"{i} {library.items[i].title.zh}" for i in checklist.items), *tail]
    last = len(headers) - 1
    iso = week[0].isocalendar()

    sheet.merge_range(
        0,
        0,
        0,
        last,
        f"{branch.name} {checklist.title.zh}（{iso.year}年第{iso.week}周）",
        fmt.title,
    )
    sheet.set_row(0, 30)
    present = [sum(1 for r in rows if r.date == d) for d in week]
    span = f"{week[0].month}月{week[0].day}日—{week[-1].month}月{week[-1].day}日"
    info = [
        f"网点：{branch.name}",
        f"周次：第{iso.week}周（{span}）",
        f"主持人：{host}",
        f"应到：{roster_size}人/日  实到：{'/'.join(map(str, present))}",
    ]
    for n, text in enumerate(info):
        sheet.write_string(1, n * 4, text, fmt.info)
    header_row = 3
    sheet.write_row(header_row, 0, headers, fmt.header)
    sheet.set_row(header_row, 48)

    row = header_row + 1
    serial = 0
    for n, day in enumerate(week):
        if n:  # a blank spacer row between days, as the sheets are typed day by day
            row += 1
        for record in (r for r in rows if r.date == day):
            serial += 1
            sheet.write_number(row, 0, serial, fmt.cell)
            write_date(sheet, row, 1, day, branch.date_form, fmt)
            col = 2
            if record.person is not None:
                sheet.write_string(row, 2, record.person.name, fmt.cell)
                sheet.write_string(row, 3, record.person.employee_id, fmt.cell)
                sheet.write_string(row, 4, ROLE_LABEL[record.person.role], fmt.cell)
                col = 5
            else:
                sheet.write_string(row, 2, record.checker, fmt.cell)
                col = 3
            for item in checklist.items:
                sheet.write_string(
                    row, col, mark_text(rng, record.marks[item], branch.marks), fmt.cell
                )
                col += 1
            sheet.write_number(row, col, deduction_of(library, record.marks), fmt.number)
            if peer:
                sheet.write_string(row, col + 1, record.checker, fmt.cell)
            signer = record.person.name if record.person else branch.head
            sheet.write_string(row, last, signer, fmt.cell)
            row += 1
    first_data, last_data = header_row + 1, row - 1
    row += 1
    _subtotal_row(
        sheet, fmt, row, len(lead), checklist.items, first_data, last_data, rows, branch.marks
    )
    sheet.merge_range(
        row + 2,
        0,
        row + 2,
        min(last, 12),
        f"注：1. 符合填“{branch.marks.ok}”，不符合填“{branch.marks.bad}”，"
        f"当日未涉及填“{branch.marks.na}”；2. 不符合项按标准扣分，"
        "扣分合计由主持人复核；3. 本表每周五交网点负责人签阅。",
        fmt.note,
    )
    sheet.set_row(row + 2, 30)
    _layout(sheet, header_row, len(lead), len(checklist.items), last, by_person)


def _subtotal_row(
    sheet: Worksheet,
    fmt: Formats,
    row: int,
    first_item_col: int,
    items: Sequence[str],
    first: int,
    last: int,
    rows: Sequence[MorningRow],
    marks: MarkStyle,
) -> None:
    """合计: how many 不符合 per item, as COUNTIFs (both fail marks) with the cached value."""
    sheet.merge_range(row, 0, row, first_item_col - 1, "合计（不符合次数）", fmt.total)
    for n, item in enumerate(items):
        col = first_item_col + n
        ref = xlsxwriter.utility.xl_range(first, col, last, col)
        count = sum(1 for r in rows if r.marks[item] == "fail")
        formula = f'=COUNTIF({ref},"{marks.bad}")+COUNTIF({ref},"{marks.bad_alt}")'
        sheet.write_formula(row, col, formula, fmt.total, count)


def _layout(
    sheet: Worksheet, header_row: int, lead: int, items: int, last: int, by_person: bool
) -> None:
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 15)
    sheet.set_column(2, 2, 9)
    if by_person:
        sheet.set_column(3, 3, 9)
        sheet.set_column(4, 4, 9)
    sheet.set_column(lead, lead + items - 1, 7)
    sheet.set_column(lead + items, last, 9)
    sheet.freeze_panes(header_row + 1, lead)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, header_row)


def write_morning_workbook(
    path: Path,
    rng: random.Random,
    library: Library,
    branch: BranchProfile,
    week: Sequence[dt.date],
    rows_by_checklist: dict[str, list[MorningRow]],
    staff: Sequence[Person],
) -> None:
    book, fmt = new_book(path)
    # One meeting a day chaired by a lobby manager (or the head), the same host all week.
    host = rng.choice([p.name for p in staff if p.role == "lobby_manager"] or [branch.head])
    for checklist_id, rows in rows_by_checklist.items():
        week_rows = [r for r in rows if r.date in week]
        checklist = library.checklists[checklist_id]
        size = 1
        if checklist.subject == "employee":
            role = library.items[checklist.items[0]].role
            size = sum(1 for p in staff if p.role == role)
        write_morning_sheet(
            book, fmt, rng, library, branch, checklist_id, week, week_rows, size, host
        )
    book.close()


def write_register(
    path: Path, rng: random.Random, branch: BranchProfile, findings: Sequence[Finding]
) -> None:
    book, fmt = new_book(path)
    sheet = book.add_worksheet("10月")
    headers = [
        "序号",
        "检查日期",
        "时段",
        "检查方式",
        "岗位",
        "被检查人",
        "标准编号",
        "问题描述",
        "扣分",
        "整改要求",
        "整改情况及复查日期",
        "检查人",
        "备注",
    ]
    last = len(headers) - 1
    sheet.merge_range(0, 0, 0, last, "营业网点服务检查登记簿", fmt.title)
    sheet.set_row(0, 32)
    inspectors = sorted({f.inspector for f in findings})
    sheet.write_string(1, 0, f"网点：{branch.name}", fmt.info)
    sheet.write_string(1, 4, f"检查人：{'、'.join(inspectors)}", fmt.info)
    sheet.write_string(1, 8, "检查期间：2026年10月1日至10月31日", fmt.info)
    sheet.write_string(2, 0, "检查依据：《营业网点服务标准》（2026.1版）", fmt.info)
    header_row = 4
    sheet.write_row(header_row, 0, headers, fmt.header)
    sheet.set_row(header_row, 30)
    row = header_row + 1
    total = 0.0
    for serial, finding in enumerate(findings, start=1):
        sheet.write_number(row, 0, serial, fmt.cell)
        _register_date(sheet, row, finding.date, serial, fmt)
        sheet.write_string(row, 2, finding.period, fmt.cell)
        sheet.write_string(row, 3, finding.method, fmt.cell)
        sheet.write_string(row, 4, ROLE_LABEL.get(finding.role or "", ""), fmt.cell)
        sheet.write_string(row, 5, finding.person or "", fmt.cell)
        sheet.write_string(row, 6, finding.item, fmt.text)
        sheet.write_string(row, 7, finding.description, fmt.text)
        _register_points(sheet, row, finding.points, rng, fmt)
        sheet.write_string(row, 9, finding.remedy, fmt.text)
        sheet.write_string(row, 10, finding.review, fmt.text)
        sheet.write_string(row, 11, finding.inspector, fmt.cell)
        sheet.write_string(row, 12, finding.note, fmt.cell)
        total += finding.points
        row += 1
    sheet.merge_range(row, 0, row, 7, f"小计：共{len(findings)}条问题", fmt.total)
    sheet.write_string(row, 8, f"{total:g}分", fmt.total)
    sheet.merge_range(row, 9, row, last, "", fmt.total)
    row += 2
    sheet.write_string(row, 0, "检查人（签字）：", fmt.info)
    sheet.write_string(row, 5, f"网点负责人（签字）：{branch.head}", fmt.info)
    sheet.write_string(row, 10, "日期：2026年10月31日", fmt.info)
    sheet.merge_range(
        row + 1,
        0,
        row + 1,
        last,
        "注：本登记簿只记录检查发现的问题；扣分按《营业网点服务标准》执行，"
        "红线问题在备注栏注明“一票否决”；整改情况由网点于复查后填写。",
        fmt.note,
    )
    sheet.set_row(row + 1, 30)
    widths = [5, 14, 11, 9, 9, 9, 16, 34, 7, 16, 22, 8, 10]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    _register_instructions(book, fmt)
    book.close()


def _register_date(
    sheet: Worksheet, row: int, date: dt.date | str, serial: int, fmt: Formats
) -> None:
    """Inspectors type dates however they like: a real date, 2026年10月8日 or 2026.10.8."""
    if isinstance(date, str):
        sheet.write_string(row, 1, date, fmt.cell)
    elif serial % 3 == 0:
        sheet.write_datetime(row, 1, dt.datetime(date.year, date.month, date.day), fmt.date)
    elif serial % 3 == 1:
        sheet.write_string(row, 1, f"{date.year}年{date.month}月{date.day}日", fmt.cell)
    else:
        sheet.write_string(row, 1, f"{date.year}.{date.month}.{date.day}", fmt.cell)


def _register_points(
    sheet: Worksheet, row: int, points: float, rng: random.Random, fmt: Formats
) -> None:
    """扣分 as typed: 0.5, -1, 扣1分, 1分, or a plain number cell."""
    text = f"{points:g}"
    form = rng.randrange(5)
    if form == 0:
        sheet.write_number(row, 8, points, fmt.cell)
    else:
        sheet.write_string(
            row, 8, (text, f"-{text}", f"扣{text}分", f"{text}分")[form - 1], fmt.cell
        )


def _register_instructions(book: Workbook, fmt: Formats) -> None:
    """A second sheet with no table: a reader reports it as skipped."""
    sheet = book.add_worksheet("填写说明")
    lines = (
        "1. 每发现一个问题填写一行，未发现问题的项目不填。",
        "2. 标准编号填写《营业网点服务标准》中的编号，如 TLR-11。",
        "3. 扣分可写“扣1分”或“1”，同一问题多次发现的在问题描述中注明次数。",
        "4. 红线问题（一票否决）须当日上报分行。",
    )
    for n, line in enumerate(lines):
        sheet.write_string(n, 0, line, fmt.info)
    sheet.set_column(0, 0, 70)


def write_roster(path: Path, people: Iterable[Person]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["姓名", "工号", "岗位", "网点"])
    for p in people:
        writer.writerow([p.name, p.employee_id, ROLE_LABEL[p.role], p.branch])
    path.write_text(buffer.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------- README of the month


def write_readme(
    path: Path,
    people: Sequence[Person],
    findings: dict[str, list[Finding]],
    marked: Counter[tuple[str, str]],
) -> None:
    lines = [
        "# Example month: October 2026 in a small city network",
        "",
        f"Six branches, {len(people)} staff, the {len(working_days())} weekdays of October 2026 "
        "(the branches open through the",
        "National Day holiday on a rota; the example keeps one morning meeting per weekday).",
        "Everything here is written by `examples/generate.py` (fixed seed; running it again gives",
        "byte-identical files) — edit the script, not the files.",
        "",
        "```sh",
        ".venv/bin/python examples/generate.py          # regenerate",
        ".venv/bin/svccheck read examples/2026-10        # what the reader understood",
        ".venv/bin/svccheck score examples/2026-10       # the month's ranked gap report",
        ".venv/bin/svccheck score examples/2026-10 --format html -o 2026-10.html",
        ".venv/bin/svccheck score examples/2026-10 --format xlsx -o 2026-10.xlsx",
        "```",
        "",
        "## Files",
        "",
        "| path | what |",
        "|---|---|",
        "| `roster.csv` | 姓名, 工号, 岗位, 网点 — the staff list (for `svccheck form --roster`) |",
        "| `2026-10/morning/<网点>-W40…W44.xlsx` | the morning meeting's self and peer checks, "
        "one workbook per branch and ISO week, wide form |",
        "| `2026-10/inspection/<网点>-登记簿.xlsx` | the inspection group's register, "
        "long form, findings only |",
        "",
        "Each morning workbook has nine sheets: 柜员自查, 柜员互查, 大堂经理自查, 大堂经理互查, "
        "客户经理自查,",
        "客户经理互查, 其他人员自查, 其他人员互查 (checklists `morning-<role>` and "
        "`peer-<role>`) and 环境巡检",
        "(`morning-environment`, the branch walk-round before opening). A sheet has a merged "
        "title naming",
        "the checklist, a header block (网点, 周次, 主持人, 应到/实到), one row per person per "
        "day with a",
        "blank row between days, a 合计 row of COUNTIF formulas and a 注： footer. Branches "
        "write their",
        "marks and dates their own way:",
        "",
        "| 网点 | staff | marks (pass / fail / n.a.) | 日期 | the month's story |",
        "|---|---|---|---|---|",
    ]
    story = {
        "东环支行": "star branch: clean checks, a few small findings",
        "西城支行": "solid; one lobby manager, so the head does the peer check",
        "南湖支行": "one bad on-site inspection (10月20日) pulls the mean under the pass mark",
        "北站支行": "a wealth product sold outside the 双录 area on 10月14日 — 一票否决",
        "高新区支行": "solid; small findings",
        "滨江支行": "weak: sloppy habits, two inspections under 85, a teller's red line "
        "(TLR-22) in the peer check of 10月20日 — needs remediation",
    }
    forms = {"date": "date cells", "zh": "2026年10月8日", "dot": "2026.10.8", "slash": "2026/10/8"}
    for b in BRANCHES:
        count = sum(1 for p in people if p.branch == b.name)
        m = b.marks
        lines.append(
            f"| {b.name} | {count} | {m.ok} / {m.bad} / {m.na} | {forms[b.date_form]} "
            f"| {story[b.name]} |"
        )
    lines += [
        "",
        "People see fewer of their own slips than a colleague does — the marks written this month:",
        "",
        "| check | items judged | marked as failed | share |",
        "|---|---|---|---|",
        *(
            f"| {label} | {marked[kind, 'judged']:,} | {marked[kind, 'fail']:,} | "
            f"{marked[kind, 'fail'] / marked[kind, 'judged']:.1%} |"
            for kind, label in (
                ("self_check", "自查 self checks (and the walk-round)"),
                ("peer_check", "互查 peer checks"),
            )
        ),
        "",
        "The inspection registers follow the 《营业网点服务检查登记簿》: merged title, 网点 / "
        "检查人 / 检查期间",
        "lines, columns 序号 | 检查日期 | 时段 | 检查方式 | 岗位 | 被检查人 | 标准编号 | "
        "问题描述 | 扣分 |",
        "整改要求 | 整改情况及复查日期 | 检查人 | 备注, a 小计 row, a signature footer and a "
        "填写说明 sheet",
        "(skipped by the reader). Dates are typed three ways, 扣分 five ways (`0.5`, `-1`, "
        "`扣1分`, `1分`,",
        "a number cell). Findings per branch:",
        "",
        "| 网点 | findings | points written |",
        "|---|---|---|",
    ]
    for b in BRANCHES:
        rows = findings[b.name]
        lines.append(f"| {b.name} | {len(rows)} | {sum(f.points for f in rows):g} |")
    lines += [
        "",
        "Two register rows are wrong on purpose, so the rejected list has something real to show:",
        "南湖支行 has a finding filed under `LBY-31` (no such item; the lobby zone has 22), and "
        "滨江支行",
        "has one dated 2026年9月31日. Everything else is read and scored.",
        "",
        *WHAT_THE_REPORT_SHOWS,
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


# What `svccheck score examples/2026-10` makes of the month; tests/acceptance/
# test_examples_score.py checks the same statuses, so this text and the scorer stay in step.
WHAT_THE_REPORT_SHOWS = (
    "## What the report shows",
    "",
    "`svccheck score examples/2026-10` gives one section per checklist (ten of them)",
    "after an overview of all of them together:",
    "",
    "- **The inspection register** (`inspection-monthly`) ranks the branches:",
    "  东环支行 明星 (star); 高新区支行 and 西城支行 达标 (pass);",
    "  北站支行 需整改 (remediation — the 一票否决 finding is a critical item,",
    "  flagged: the score stands, the status does not);",
    "  滨江支行 需整改 (two inspections under the pass mark of 85);",
    "  南湖支行 未达标 (below — one bad on-site inspection pulls the mean under 85,",
    "  but only one check is under the mark).",
    "- **Over all checklists** 东环支行 ranks first and 滨江支行 last.",
    "  In 滨江支行's teller peer check of 10月20日 a teller failed TLR-22",
    "  (禁止争吵和禁语), a red line with `veto: zero`: that check scores 0",
    "  and the teller needs remediation.",
    "- **The Pareto** has a head: in every section a minority of the items makes",
    "  80% of the points lost — for tellers 临时离柜规范 (TLR-14) and 唱收唱付",
    "  (TLR-11); across the network also 跟进记录 (ACM-30) and 门前清洁 (OTH-14).",
    "- **Self checks are kind**: the peer checks find about twice as many failures",
    "  as the self checks (see the table above), so fewer people are stars there.",
    "- **Rejected rows**: the two rows above, with file, sheet, row, cell and reason.",
    "",
)


# ---------------------------------------------------------------- main


def weeks_of(days: Sequence[dt.date]) -> list[list[dt.date]]:
    weeks: dict[int, list[dt.date]] = {}
    for day in days:
        weeks.setdefault(day.isocalendar().week, []).append(day)
    return [weeks[w] for w in sorted(weeks)]


def generate(out: Path) -> None:
    library = load_library()
    rng = random.Random(SEED)
    people = make_people(rng)
    give_habits(rng, people, library)
    days = working_days()
    findings: dict[str, list[Finding]] = {}
    marked: Counter[tuple[str, str]] = Counter()
    for branch in BRANCHES:
        staff = [p for p in people if p.branch == branch.name]
        rows_by_checklist: dict[str, list[MorningRow]] = {}
        for role in ROLE_LABEL:
            role_staff = [p for p in staff if p.role == role]
            for kind in ("morning", "peer"):
                checklist_id = f"{kind}-{ROLE_SLUG[role]}"
                rows_by_checklist[checklist_id] = morning_rows(
                    rng, library, branch, checklist_id, role_staff
                )
        rows_by_checklist["morning-environment"] = morning_rows(
            rng, library, branch, "morning-environment", staff
        )
        add_red_lines(rows_by_checklist, branch)
        for checklist_id, rows in rows_by_checklist.items():
            kind = library.checklists[checklist_id].kind
            for row in rows:
                marked[kind, "fail"] += sum(1 for m in row.marks.values() if m == "fail")
                marked[kind, "judged"] += sum(
                    1 for m in row.marks.values() if m in ("pass", "fail")
                )
        for week in weeks_of(days):
            name = f"{branch.name}-W{week[0].isocalendar().week}.xlsx"
            write_morning_workbook(
                out / "2026-10" / "morning" / name,
                rng,
                library,
                branch,
                week,
                rows_by_checklist,
                staff,
            )
        branch_findings = inspection_findings(rng, library, branch, staff)
        branch_findings += deliberate_bad_rows(branch, staff)
        findings[branch.name] = branch_findings
        write_register(
            out / "2026-10" / "inspection" / f"{branch.name}-登记簿.xlsx",
            rng,
            branch,
            branch_findings,
        )
    write_roster(out / "roster.csv", people)
    write_readme(out / "README.md", people, findings, marked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=HERE, help="folder to write into (default: examples/)"
    )
    generate(parser.parse_args().out)


if __name__ == "__main__":
    main()
