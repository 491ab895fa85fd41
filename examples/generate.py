"""Generate the example month: October 2026 in a small city network of six branches.

    python examples/generate.py            # rewrites examples/2026-10, roster.csv, README.md

The output is deterministic: a fixed seed, sorted iteration, and fixed workbook properties, so
running the script again gives byte-identical files (a test checks it). The sheets are written the
way branches really keep them — merged titles, header blocks, spacer rows, subtotal rows, footers,
mixed marks and date forms — because they are the acceptance data of the reader and the reports.

The month is written against the bundled library (2027.1): every checklist is scored as a rate
(得分率) with a pass mark of 90, so one slip on a short peer sheet already costs more than ten
points; the fail probabilities below are set for that.

The story of the month (what the reports should show):
- 东环支行 is the star branch: clean morning checks and almost nothing in the inspection register;
- 滨江支行 is the weak branch: sloppy habits in the morning checks, a neglected opening walk-round,
  inspections under the pass mark, and a teller who argued with a customer — a red line the
  inspection group found on video (一票否决); its people are the ones due for remediation;
- 北站支行 had a wealth product sold without the audio-video recording (双录) — a red line the
  inspector wrote up as "一票否决";
- 南湖支行 had one bad on-site inspection of its counter (10月20日);
- 西城支行 and 高新区支行 are ordinary, solid branches.
Across the network a handful of items (唱收唱付, 跟进记录, 门前三米洁净 …) cause most of the
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
from svccheck.scoring.result import RankedRow
from svccheck.sheets.scope import ScopeWords

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

# The roles of a branch, in roster order (the head first), with the words the sheets use.
ROLE_LABEL = {
    "branch_head": "网点负责人",
    "teller": "综合柜员",
    "lobby_manager": "大堂经理",
    "account_manager": "客户经理",
    "security_guard": "安保人员",
    "cleaner": "保洁人员",
    "other_staff": "其他人员",
}
ROLE_SHEET = {
    "branch_head": "负责人",
    "teller": "柜员",
    "lobby_manager": "大堂经理",
    "account_manager": "客户经理",
    "security_guard": "安保",
    "cleaner": "保洁",
    "other_staff": "其他人员",
}
ROLE_SLUG = {
    "branch_head": "branch-head",
    "teller": "teller",
    "lobby_manager": "lobby-manager",
    "account_manager": "account-manager",
    "security_guard": "security-guard",
    "cleaner": "cleaner",
    "other_staff": "other-staff",
}
# The order of a morning workbook's sheets: the front line, then the head, then the walk-round.
SHEET_ROLES = (
    "teller",
    "lobby_manager",
    "account_manager",
    "security_guard",
    "cleaner",
    "other_staff",
    "branch_head",
)
KIND_SHEET = {"self_check": "自查", "peer_check": "互查"}
FX_TAG = "外币兑换"  # the items a branch without foreign exchange never meets


@dataclass(frozen=True)
class MarkStyle:
    """How a branch writes its marks: pass, fail, not applicable, and the odd other hand."""

    ok: str
    bad: str
    na: str
    ok_alt: str
    bad_alt: str


@dataclass(frozen=True)
class Visit:
    """One visit of the inspection group: when, how, what it covered, and how much it found
    (the share of the points its scope could lose, before rounding to whole findings)."""

    day: int
    period: str  # 时段
    method: str  # 检查方式: 现场 | 视频调阅 | 暗访
    scope: str  # 检查范围, as the inspector writes it
    share: float


@dataclass(frozen=True)
class BranchProfile:
    name: str
    code: str
    quality: float  # multiplies every staff fail probability: < 1 better than the network
    upkeep: float  # the same for the opening walk-round of the premises
    staff: dict[str, int]  # role → head count
    marks: MarkStyle
    date_form: str  # date | zh | dot | slash: how the 日期 column is written
    inspections: tuple[Visit, ...]
    video: tuple[float, ...]  # the head's weekly video reviews: share of the points found
    head: str  # 网点负责人
    fx: bool = True  # exchanges foreign currency (else the 外币兑换 items do not apply)
    # standing faults of the premises the walk-round sees every day: (item, first, last day)
    faults: tuple[tuple[str, int, int], ...] = ()


BRANCHES: tuple[BranchProfile, ...] = (
    BranchProfile(
        "东环支行",
        "11",
        0.3,
        0.3,
        {
            "branch_head": 1,
            "teller": 3,
            "lobby_manager": 2,
            "account_manager": 2,
            "security_guard": 1,
            "cleaner": 1,
        },
        MarkStyle("√", "×", "不适用", "✓", "X"),
        "date",
        (
            Visit(9, "09:10-09:40", "视频调阅", "综合柜员", 0.01),
            Visit(16, "上午", "现场", "全面检查", 0.004),
            Visit(27, "14:20", "暗访", "大堂经理、前厅区", 0.008),
        ),
        (0.005, 0.008, 0.005, 0.008),
        "周建华",
    ),
    BranchProfile(
        "西城支行",
        "12",
        0.6,
        0.6,
        {
            "branch_head": 1,
            "teller": 3,
            "lobby_manager": 1,
            "account_manager": 3,
            "security_guard": 1,
            "cleaner": 1,
        },
        MarkStyle("✓", "✗", "—", "√", "×"),
        "date",
        (
            Visit(8, "上午", "现场", "全面检查", 0.012),
            Visit(15, "09:00-10:00", "视频调阅", "综合柜员、大堂经理", 0.03),
            Visit(23, "下午", "暗访", "前厅区", 0.035),
            Visit(29, "10:15", "视频调阅", "客户经理", 0.025),
        ),
        (0.02, 0.015, 0.025, 0.02),
        "孙立新",
    ),
    BranchProfile(
        "南湖支行",
        "13",
        0.45,
        0.6,
        {
            "branch_head": 1,
            "teller": 3,
            "lobby_manager": 2,
            "account_manager": 2,
            "security_guard": 1,
            "cleaner": 1,
        },
        MarkStyle("是", "否", "不适用", "√", "×"),
        "zh",
        (
            Visit(12, "09:20", "视频调阅", "综合柜员", 0.03),
            Visit(20, "全天", "现场", "综合柜员、工作区", 0.25),
            Visit(28, "下午", "暗访", "大堂经理、前厅区", 0.025),
        ),
        (0.02, 0.025, 0.015, 0.02),
        "何振国",
    ),
    BranchProfile(
        "北站支行",
        "14",
        0.8,
        0.8,
        {
            "branch_head": 1,
            "teller": 3,
            "lobby_manager": 2,
            "account_manager": 2,
            "security_guard": 1,
            "cleaner": 1,
            "other_staff": 1,
        },
        MarkStyle("√", "X", "/", "✔", "×"),
        "dot",
        (
            Visit(7, "上午", "视频调阅", "综合柜员", 0.03),
            Visit(14, "下午", "现场", "全面检查", 0.012),
            Visit(21, "10:30", "视频调阅", "客户经理", 0.03),
            Visit(28, "上午", "暗访", "前厅区", 0.025),
        ),
        (0.025, 0.02, 0.03, 0.02),
        "罗志强",
    ),
    BranchProfile(
        "高新区支行",
        "15",
        0.45,
        0.5,
        {
            "branch_head": 1,
            "teller": 3,
            "lobby_manager": 1,
            "account_manager": 2,
            "security_guard": 1,
            "cleaner": 1,
        },
        MarkStyle("✓", "×", "—", "√", "✗"),
        "date",
        (
            Visit(13, "上午", "现场", "全面检查", 0.008),
            Visit(22, "15:00", "视频调阅", "综合柜员、大堂经理", 0.025),
            Visit(30, "上午", "暗访", "前厅区", 0.015),
        ),
        (0.015, 0.01, 0.02, 0.015),
        "梁文涛",
        fx=False,
    ),
    BranchProfile(
        "滨江支行",
        "16",
        14.0,
        12.0,
        {
            "branch_head": 1,
            "teller": 3,
            "lobby_manager": 2,
            "account_manager": 2,
            "security_guard": 1,
            "cleaner": 1,
        },
        MarkStyle("√", "×", "不适用", "✓", "✗"),
        "slash",
        (
            Visit(6, "09:00-09:30", "视频调阅", "综合柜员", 0.12),
            Visit(14, "全天", "现场", "全面检查", 0.06),
            Visit(19, "上午", "视频调阅", "综合柜员", 0.08),
            Visit(26, "下午", "暗访", "大堂经理、前厅区", 0.12),
        ),
        (0.06, 0.08, 0.05, 0.07),
        "谢明辉",
        fx=False,
        faults=(
            ("LBY-13", 1, 9),
            ("ENT-06", 5, 16),
            ("WRK-07", 12, 23),
            ("ENT-17", 19, 30),
            ("ENT-08", 21, 30),
        ),
    ),
)

# Items the whole network gets wrong more often than the rest (fail probability per check at
# peer-check strictness, before branch and personal factors): the head of the Pareto. The
# common slips are the small ones — a badge, a phrase at the drill, the conduct people own up
# to on their self-check; a one-point slip on a short peer sheet is rarer (it costs more than
# ten points there), and the one-person jobs (guard, cleaner, the head) rarely slip at all.
HOT_ITEMS: dict[str, float] = {
    # tellers (the conduct items are a self-report of the previous day)
    "TLR-11": 0.060,
    "TLR-06": 0.050,
    "TLR-05": 0.040,
    "TLR-09": 0.035,
    "TLR-12": 0.030,
    "TLR-47": 0.040,
    "TLR-01": 0.020,
    "TLR-46": 0.015,
    "TLR-16": 0.010,
    # lobby managers
    "LBM-05": 0.060,
    "LBM-03": 0.040,
    "LBM-41": 0.040,
    "LBM-26": 0.030,
    "LBM-43": 0.020,
    "LBM-10": 0.008,
    # account managers
    "ACM-03": 0.045,
    "ACM-07": 0.040,
    "ACM-40": 0.035,
    "ACM-41": 0.030,
    "ACM-11": 0.020,
    "ACM-30": 0.012,
    # the premises (the opening walk-round)
    "ENT-04": 0.120,
    "LBY-01": 0.090,
    "LBY-02": 0.070,
    "ENT-12": 0.060,
    "ENT-17": 0.050,
    "LBY-13": 0.040,
    "WRK-07": 0.040,
    "ENT-09": 0.040,
    "LBY-08": 0.030,
}
BASE_FAIL = 0.003
SLIPS = 1.0  # one knob for how often anybody slips (the network's overall level)
SELF_STRICTNESS = 0.45  # people see fewer of their own slips than a colleague does
# Items that often do not arise on a given day (no elderly customer, no appointment, no queue).
CONDITIONAL = {
    "LBM-11": 0.40,
    "LBM-13": 0.30,
    "LBM-15": 0.10,
    "ACM-08": 0.40,
    "ACM-13": 0.25,
    "SEC-08": 0.30,
    "CLN-02": 0.20,
    "BRH-04": 0.50,
}
# What the inspection group looks for besides the hot items (weights for drawing findings).
INSPECTION_WEIGHTS: dict[str, float] = {
    "TLR-31": 0.6,
    "TLR-07": 0.4,
    "TLR-10": 0.4,
    "TLR-13": 0.4,
    "TLR-33": 0.3,
    "LBM-04": 0.5,
    "LBM-06": 0.4,
    "LBM-07": 0.4,
    "LBM-16": 0.4,
    "LBM-11": 0.3,
    "ACM-09": 0.4,
    "ACM-31": 0.3,
    "SEC-06": 0.3,
    "SEC-08": 0.3,
    "CLN-02": 0.3,
    "CLN-03": 0.3,
    "BRH-05": 0.3,
    "ENT-08": 0.3,
    "LBY-07": 0.4,
}

# What inspectors write in 问题描述 for the findings they see most; other items get
# "未做到：<criterion>".
DESCRIPTIONS: dict[str, str] = {
    "TLR-03": "开门后3分钟仍未叫号",
    "TLR-05": "叫号后未举手示意，客户到柜未起身",
    "TLR-06": "客户到柜未主动问候",
    "TLR-07": "客户询问时低头操作未应答",
    "TLR-09": "业务办结未道别，未提醒客户收好证件",
    "TLR-10": "单手递回银行卡和回单",
    "TLR-11": "收付现金未唱收唱付",
    "TLR-12": "未提示客户核对回单即请签字",
    "TLR-13": "办理业务期间与邻窗同事闲聊",
    "TLR-16": "柜面摆放水杯、手机等私人物品",
    "TLR-31": "临时离柜未放暂停服务牌，未签退",
    "TLR-33": "客户输密时未提醒后方客户退至一米线外",
    "TLR-36": "柜员与客户发生争执，隔窗大声指责客户",
    "LBM-04": "大堂经理连续坐在引导台后办公超过10分钟",
    "LBM-05": "客户进门未微笑问候",
    "LBM-06": "未询问客户需求即让其取号排队",
    "LBM-07": "客户取号犹豫时未主动引导",
    "LBM-10": "厅堂巡视记录多次漏登",
    "LBM-11": "每窗口排队超过5人未报告加开窗口",
    "LBM-16": "客户离开未道别",
    "LBM-22": "在厅堂看手机",
    "LBM-26": "厅堂日志10月多日未登记",
    "ACM-03": "客户到桌前未起身迎接",
    "ACM-07": "办公电话响铃五声以上未接听",
    "ACM-09": "与客户面谈时接听私人电话",
    "ACM-11": "工位堆放客户资料及私人物品",
    "ACM-16": "销售理财产品未在双录区进行录音录像",
    "ACM-30": "客户维护记录连续一周未填写",
    "ACM-31": "客户经理工作日志未周检签字",
    "SEC-05": "自助区巡查记录缺两次",
    "SEC-06": "开门营业时未在门侧立岗",
    "SEC-07": "保安倚靠墙柜看手机",
    "SEC-08": "老年客户到门前未主动协助开门",
    "CLN-02": "营业高峰时段在大厅拖地",
    "CLN-03": "拖地后未摆放“小心地滑”提示牌",
    "CLN-04": "保洁记录多轮未签",
    "CLN-05": "拖把水桶放在无障碍坡道旁",
    "BRH-02": "晨会记录未写应到实到人数",
    "BRH-05": "上月检查问题逾期未整改",
    "OTH-28": "合作机构人员进出未登记",
    "ENT-04": "门前三米内有烟头、纸屑",
    "ENT-08": "门前电动车乱停，占用盲道",
    "ENT-12": "自助区地面有废弃凭条",
    "ENT-17": "一台ATM暂停服务未挂提示牌",
    "LBY-01": "大厅垃圾桶满溢",
    "LBY-02": "宣传折页随意堆放在等候椅上",
    "LBY-07": "便民箱急救药品过期",
    "LBY-13": "利率屏仍显示前一日利率",
    "WRK-07": "一个窗口评价器未开机",
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
    scope: str
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
    used: set[str] = {b.head for b in BRANCHES}
    people: list[Person] = []
    days = working_days()
    for branch in BRANCHES:
        serial = 0
        for role in ROLE_LABEL:
            for _ in range(branch.staff.get(role, 0)):
                serial += 1
                name = branch.head if role == "branch_head" else _unique_name(rng, used)
                diligence = rng.lognormvariate(0.0, 0.4)
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


def give_habits(
    rng: random.Random,
    people: Sequence[Person],
    library: Library,
    branches: Sequence[BranchProfile] = BRANCHES,
) -> None:
    """Each person slips on one or two items of their own; at the weak branch most people are
    plainly sloppy. Elsewhere a one-person job (the guard, the cleaner, the head) is checked by
    the head every morning and keeps no habit: one slip on a three-item sheet is a fail."""
    quality = {b.name: b.quality for b in branches}
    jobs = Counter((p.branch, p.role) for p in people)
    for person in people:
        items = list(library.checklists[f"morning-{ROLE_SLUG[person.role]}"].items)
        minor = [i for i in items if not library.items[i].critical]
        sloppy = quality[person.branch] > 1 and rng.random() < 0.8
        count = rng.randint(2, 3) if sloppy else rng.randint(1, 2)
        for item in rng.sample(minor, min(count, len(minor))):
            own = rng.uniform(0.2, 0.4) if sloppy else rng.uniform(0.01, 0.04)
            if not sloppy:
                alone = jobs[person.branch, person.role] == 1
                own *= (
                    0.0
                    if alone and quality[person.branch] <= 1
                    else min(1.0, quality[person.branch])
                )
            person.habits[item] = own


def fail_probability(item: Item, quality: float, diligence: float, habit: float) -> float:
    """At peer-check strictness: the network's rate for the item (a major slip is rarer), as
    good as the branch, plus the person's own habit, as careful as the person."""
    base = HOT_ITEMS.get(item.id, BASE_FAIL if item.severity == "minor" else BASE_FAIL / 4)
    return min(0.9, (base * SLIPS * quality + habit) * diligence)


def morning_rows(
    rng: random.Random,
    library: Library,
    branch: BranchProfile,
    checklist_id: str,
    people: Sequence[Person],
    staff: Sequence[Person],
) -> list[MorningRow]:
    """One row per person (or per day for the branch) per working day of the month; `people`
    are the ones the checklist is about, `staff` the whole branch (who checks whom)."""
    checklist = library.checklists[checklist_id]
    strictness = SELF_STRICTNESS if checklist.kind == "self_check" else 1.0
    rows: list[MorningRow] = []
    for day in working_days():
        present = [p for p in staff if day not in p.leave]
        subjects: list[Person | None]
        if checklist.subject == "employee":
            subjects = [p for p in people if day not in p.leave]
        else:
            subjects = [None]
        for subject in subjects:
            diligence = subject.diligence if subject else 1.0
            factor = branch.quality if subject else branch.upkeep
            marks: dict[str, str] = {}
            for item in checklist.items:
                habit = subject.habits.get(item, 0.0) if subject else 0.0
                # Red lines are not a matter of habit: the month has only the ones in the story.
                quality = 0.0 if library.items[item].critical else factor
                if not _offered(library, branch, item):
                    marks[item] = "na"  # no foreign exchange at this branch
                elif subject is None and _standing_fault(branch, item, day):
                    marks[item] = "fail"  # nothing a morning can put right: seen every day
                else:
                    p = fail_probability(library.items[item], quality, diligence, habit)
                    marks[item] = _mark(rng, item, p * strictness)
            rows.append(
                MorningRow(day, subject, marks, _checker(rng, checklist.kind, subject, present))
            )
    return rows


def _offered(library: Library, branch: BranchProfile, item: str) -> bool:
    """Whether the branch offers what the item is about (not all exchange currency)."""
    return branch.fx or FX_TAG not in library.items[item].tags


def _standing_fault(branch: BranchProfile, item: str, day: dt.date) -> bool:
    return any(i == item and first <= day.day <= last for i, first, last in branch.faults)


def _mark(rng: random.Random, item: str, fail: float) -> str:
    if rng.random() < CONDITIONAL.get(item, 0.0):
        return "na"
    if rng.random() < 0.0015:  # a cell somebody forgot to fill in
        return "unchecked"
    return "fail" if rng.random() < fail else "pass"


def _checker(
    rng: random.Random, kind: str, subject: Person | None, present: Sequence[Person]
) -> str:
    heads = [p.name for p in present if p.role == "branch_head"]
    deputies = [p.name for p in present if p.role == "lobby_manager"]
    if subject is None:  # the walk-round: the head, or the lobby manager the head names
        return (heads or deputies)[0]
    if kind == "self_check":
        return subject.name
    peers = [p.name for p in present if p.role == subject.role and p is not subject]
    # a one-person role is checked by the head (or, with the head away, a lobby manager)
    return rng.choice(peers) if peers else (heads or deputies)[0]


# ---------------------------------------------------------------- findings: register, video


def draw_findings(
    rng: random.Random,
    library: Library,
    candidates: Sequence[str],
    target: float,
    staff: Sequence[Person],
) -> list[tuple[Item, Person | None, float, int]]:
    """Findings on `candidates` until about `target` points are found: (item, the person of
    the item's role it was seen on — nobody for a branch item —, points written, times seen)."""
    roles = {p.role for p in staff} | {"branch"}
    pool = [i for i in candidates if library.items[i].role in roles]
    found = 0.0
    findings: list[tuple[Item, Person | None, float, int]] = []
    while found < target - 0.25:
        fitting = [i for i in pool if library.items[i].points <= target - found + 0.25]
        if not fitting:
            break
        weights = [
            HOT_ITEMS.get(i, BASE_FAIL) * 10 + INSPECTION_WEIGHTS.get(i, 0.0) + 0.02
            for i in fitting
        ]
        item = library.items[rng.choices(fitting, weights)[0]]
        pool.remove(item.id)
        times = 2 if item.points <= 1 and rng.random() < 0.2 else 1
        points = item.points * times
        if item.max_points is not None:
            points = min(points, item.max_points)
        people = [p for p in staff if p.role == item.role]
        findings.append((item, rng.choice(people) if people else None, points, times))
        found += points
    return findings


def inspection_findings(
    rng: random.Random,
    library: Library,
    scopes: ScopeWords,
    branch: BranchProfile,
    people: Sequence[Person],
) -> list[Finding]:
    """The inspection group's register: findings only, each visit within its scope, until the
    visit's share of what the scope could lose is found."""
    checklist = library.checklists["inspection-monthly"]
    inspectors = ("郑佳怡", "韩志勇", "曹晓燕")
    findings: list[Finding] = []
    for visit in branch.inspections:
        date = dt.date(YEAR, MONTH, visit.day)
        inspector = inspectors[visit.day % len(inspectors)]
        scope = scopes.read(visit.scope, checklist).items
        within = [i for i in checklist.items if scope is None or i in scope]
        candidates = [
            i for i in within if not library.items[i].critical and _offered(library, branch, i)
        ]
        possible = sum(_full(library.items[i]) for i in within)  # findings only: all count
        drawn = draw_findings(rng, library, candidates, possible * visit.share, people)
        findings += [
            _finding(rng, library, item, date, visit, person, points, inspector, times)
            for item, person, points, times in drawn
        ]
    if branch.name == "北站支行":
        findings.append(_red_line_sale(library, people))
    if branch.name == "滨江支行":
        findings.append(_red_line_argument(library, people))
    findings.sort(key=lambda f: (str(f.date), f.period))
    return findings


def _full(item: Item) -> float:
    return item.max_points if item.max_points is not None else item.points


def _finding(
    rng: random.Random,
    library: Library,
    item: Item,
    date: dt.date,
    visit: Visit,
    person: Person | None,
    points: float,
    inspector: str,
    times: int,
) -> Finding:
    text = DESCRIPTIONS.get(item.id) or f"未做到：{item.criterion.zh}"
    if times > 1:
        text = f"{text}（发现{times}次）"
    review_day = date + dt.timedelta(days=rng.randint(1, 4))
    return Finding(
        date,
        visit.period,
        visit.method,
        visit.scope,
        item.role if person else None,
        person.name if person else None,
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
    """北站支行, 10月14日: a wealth product sold outside the recorded sales area."""
    manager = next(p.name for p in people if p.role == "account_manager")
    item = library.items["ACM-16"]
    return Finding(
        dt.date(2026, 10, 14),
        "下午",
        "现场",
        "全面检查",
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


def _red_line_argument(library: Library, people: Sequence[Person]) -> Finding:
    """滨江支行, 10月19日: the video shows a teller arguing with a customer across the counter."""
    teller = max((p for p in people if p.role == "teller"), key=lambda p: p.diligence)
    item = library.items["TLR-36"]
    return Finding(
        dt.date(2026, 10, 19),
        "上午",
        "视频调阅",
        "综合柜员",
        "teller",
        teller.name,
        f"{item.id} {item.title.zh}",
        DESCRIPTIONS["TLR-36"],
        item.points,
        "停岗培训，向客户当面致歉，报分行消保部",
        "已约谈，10月20日起停岗培训",
        "韩志勇",
        "一票否决",
    )


def deliberate_bad_rows(branch: BranchProfile, people: Sequence[Person]) -> list[Finding]:
    """Two rows a reader must reject (and name): an unknown item id and an impossible date."""
    teller = next(p.name for p in people if p.role == "teller")
    if branch.name == "南湖支行":  # LBY-99 does not exist: the lobby zone stops at LBY-33
        return [
            Finding(
                dt.date(2026, 10, 20),
                "全天",
                "现场",
                "综合柜员、工作区",
                None,
                None,
                "LBY-99",
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
                "综合柜员",
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


def video_findings(
    rng: random.Random, library: Library, branch: BranchProfile, people: Sequence[Person]
) -> list[Finding]:
    """The head's weekly video review (周分析): every Monday, last week's recordings."""
    checklist = library.checklists["weekly-video-review"]
    candidates = [
        i for i in checklist.items if not library.items[i].critical and _offered(library, branch, i)
    ]
    possible = sum(_full(library.items[i]) for i in checklist.items)
    mondays = [d for d in working_days() if d.weekday() == 0]
    findings: list[Finding] = []
    for monday, share in zip(mondays, branch.video, strict=True):
        if not share:
            continue
        week = [monday - dt.timedelta(days=n) for n in range(7, 2, -1)]
        seen_on = [d for d in week if d.month == MONTH] or week

        drawn = draw_findings(rng, library, candidates, possible * share, people)
        for item, person, points, times in drawn:
            day = rng.choice(seen_on)
            text = DESCRIPTIONS.get(item.id) or f"未做到：{item.criterion.zh}"
            if times > 1:
                text = f"{text}（{times}次）"
            clock = f"{rng.choice((9, 10, 11, 14, 15, 16))}:{rng.choice((5, 20, 35, 50)):02d}"
            findings.append(
                Finding(
                    monday,
                    f"{day.month}月{day.day}日 {clock}",
                    "视频调阅",
                    "",
                    item.role if person else None,
                    person.name if person else None,
                    _item_cell(rng, library, item),
                    text,
                    points,
                    rng.choice(("晨会通报", "当面提醒", "纳入晨会学习", "本周内整改")),
                    rng.choice(("已整改", "已提醒", "")),
                    branch.head,
                    "",
                )
            )
    return findings


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


def sheet_name(library: Library, checklist_id: str) -> str:
    """柜员自查, 安保互查 …; the branch walk-round is 环境巡检."""
    checklist = library.checklists[checklist_id]
    if checklist.subject != "employee":
        return "环境巡检"
    role = library.items[checklist.items[0]].role
    return ROLE_SHEET[role] + KIND_SHEET[checklist.kind]


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
    sheet = book.add_worksheet(sheet_name(library, checklist_id))
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
    # One meeting a day chaired by the head or the lobby manager the head names, the same host
    # all week.
    deputies = [p.name for p in staff if p.role == "lobby_manager"]
    host = rng.choice([branch.head, branch.head, *deputies])
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
    path: Path,
    rng: random.Random,
    library: Library,
    branch: BranchProfile,
    findings: Sequence[Finding],
) -> None:
    book, fmt = new_book(path)
    sheet = book.add_worksheet("10月")
    headers = [
        "序号",
        "检查日期",
        "时段",
        "检查方式",
        "检查范围",
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
    sheet.write_string(1, 5, f"检查人：{'、'.join(inspectors)}", fmt.info)
    sheet.write_string(1, 9, "检查期间：2026年10月1日至10月31日", fmt.info)
    sheet.write_string(2, 0, f"检查依据：《营业网点服务标准》（{library.version}版）", fmt.info)
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
        sheet.write_string(row, 4, finding.scope, fmt.text)
        sheet.write_string(row, 5, ROLE_LABEL.get(finding.role or "", ""), fmt.cell)
        sheet.write_string(row, 6, finding.person or "", fmt.cell)
        sheet.write_string(row, 7, finding.item, fmt.text)
        sheet.write_string(row, 8, finding.description, fmt.text)
        _register_points(sheet, row, 9, finding.points, rng, fmt)
        sheet.write_string(row, 10, finding.remedy, fmt.text)
        sheet.write_string(row, 11, finding.review, fmt.text)
        sheet.write_string(row, 12, finding.inspector, fmt.cell)
        sheet.write_string(row, 13, finding.note, fmt.cell)
        total += finding.points
        row += 1
    sheet.merge_range(row, 0, row, 8, f"小计：共{len(findings)}条问题", fmt.total)
    sheet.write_string(row, 9, f"{total:g}分", fmt.total)
    sheet.merge_range(row, 10, row, last, "", fmt.total)
    row += 2
    sheet.write_string(row, 0, "检查人（签字）：", fmt.info)
    sheet.write_string(row, 6, f"网点负责人（签字）：{branch.head}", fmt.info)
    sheet.write_string(row, 11, "日期：2026年10月31日", fmt.info)
    sheet.merge_range(
        row + 1,
        0,
        row + 1,
        last,
        "注：本登记簿只记录检查发现的问题，检查范围内未登记的项目视为符合；"
        "扣分按《营业网点服务标准》执行，红线问题在备注栏注明“一票否决”；"
        "整改情况由网点于复查后填写。",
        fmt.note,
    )
    sheet.set_row(row + 1, 30)
    widths = [5, 14, 11, 9, 14, 9, 9, 16, 34, 7, 16, 22, 8, 10]
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
    sheet: Worksheet, row: int, col: int, points: float, rng: random.Random, fmt: Formats
) -> None:
    """扣分 as typed: 0.5, -1, 扣1分, 1分, or a plain number cell."""
    text = f"{points:g}"
    form = rng.randrange(5)
    if form == 0:
        sheet.write_number(row, col, points, fmt.cell)
    else:
        sheet.write_string(
            row, col, (text, f"-{text}", f"扣{text}分", f"{text}分")[form - 1], fmt.cell
        )


def _register_instructions(book: Workbook, fmt: Formats) -> None:
    """A second sheet with no table: a reader reports it as skipped."""
    sheet = book.add_worksheet("填写说明")
    lines = (
        "1. 每发现一个问题填写一行，未发现问题的项目不填。",
        "2. 检查范围填写本次检查覆盖的岗位或区域，如“综合柜员”“前厅区”，全面检查填“全面检查”。",
        "3. 标准编号填写《营业网点服务标准》中的编号，如 TLR-11。",
        "4. 扣分可写“扣1分”或“1”，同一问题多次发现的在问题描述中注明次数。",
        "5. 红线问题（一票否决）须当日上报分行。",
    )
    for n, line in enumerate(lines):
        sheet.write_string(n, 0, line, fmt.info)
    sheet.set_column(0, 0, 70)


def write_video_review(
    path: Path,
    rng: random.Random,
    library: Library,
    branch: BranchProfile,
    findings: Sequence[Finding],
) -> None:
    """The head's weekly video reviews of the month, on the form `svccheck form
    weekly-video-review` prints: its hidden sheet names the checklist (the register holds the
    same items, so the items alone cannot tell the two apart)."""
    checklist = library.checklists["weekly-video-review"]
    book, fmt = new_book(path)
    sheet = book.add_worksheet("视频检查")
    headers = [
        "序号",
        "检查日期",
        "录像时段",
        "检查方式",
        "岗位",
        "被检查人",
        "标准编号",
        "问题描述",
        "扣分",
        "整改要求",
        "整改情况",
        "检查人",
        "备注",
    ]
    last = len(headers) - 1
    sheet.merge_range(0, 0, 0, last, f"{checklist.title.zh}（2026年10月）", fmt.title)
    sheet.set_row(0, 30)
    sheet.write_string(1, 0, f"网点：{branch.name}", fmt.info)
    sheet.write_string(1, 4, f"检查人：{branch.head}", fmt.info)
    sheet.write_string(1, 8, "检查期间：2026年10月", fmt.info)
    sheet.write_string(2, 0, "检查范围：全面检查", fmt.info)
    sheet.write_string(2, 4, f"{checklist.note.zh if checklist.note else ''}", fmt.info)
    header_row = 4
    sheet.write_row(header_row, 0, headers, fmt.header)
    sheet.set_row(header_row, 30)
    row = header_row + 1
    serial = 0
    for monday in sorted({f.date for f in findings if isinstance(f.date, dt.date)}):
        week = [f for f in findings if f.date == monday]
        for finding in week:
            serial += 1
            sheet.write_number(row, 0, serial, fmt.cell)
            write_date(sheet, row, 1, monday, branch.date_form, fmt)
            sheet.write_string(row, 2, finding.period, fmt.cell)
            sheet.write_string(row, 3, finding.method, fmt.cell)
            sheet.write_string(row, 4, ROLE_LABEL.get(finding.role or "", ""), fmt.cell)
            sheet.write_string(row, 5, finding.person or "", fmt.cell)
            sheet.write_string(row, 6, finding.item, fmt.text)
            sheet.write_string(row, 7, finding.description, fmt.text)
            _register_points(sheet, row, 8, finding.points, rng, fmt)
            sheet.write_string(row, 9, finding.remedy, fmt.text)
            sheet.write_string(row, 10, finding.review, fmt.text)
            sheet.write_string(row, 11, finding.inspector, fmt.cell)
            sheet.write_string(row, 12, finding.note, fmt.cell)
            row += 1
        points = sum(f.points for f in week)
        iso = monday.isocalendar().week - 1
        sheet.merge_range(
            row,
            0,
            row,
            7,
            f"小计：第{iso}周录像（{monday.month}月{monday.day}日调阅）{len(week)}条",
            fmt.total,
        )
        sheet.write_string(row, 8, f"{points:g}分", fmt.total)
        sheet.merge_range(row, 9, row, last, "", fmt.total)
        row += 1
    row += 1
    sheet.write_string(row, 0, f"网点负责人（签字）：{branch.head}", fmt.info)
    widths = [5, 14, 14, 9, 9, 9, 16, 34, 7, 14, 10, 8, 8]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    meta = book.add_worksheet("_svccheck")
    rows = (
        ("checklist", checklist.id),
        ("standards_version", library.version),
        ("layout", "long"),
        ("branch", branch.name),
        ("sheet", "视频检查"),
        ("header_row", str(header_row + 1)),
    )
    for n, (key, value) in enumerate(rows):
        meta.write_string(n, 0, key)
        meta.write_string(n, 1, value)
    meta.hide()
    book.close()


def write_roster(path: Path, people: Iterable[Person]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["姓名", "工号", "岗位", "网点"])
    for p in people:
        writer.writerow([p.name, p.employee_id, ROLE_LABEL[p.role], p.branch])
    path.write_text(buffer.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------- README of the month

BRANCH_CHECKLISTS = ("morning-environment", "inspection-monthly", "weekly-video-review")
STATUS_ZH = {"star": "明星", "pass": "达标", "below": "未达标", "remediation": "需整改"}
STORY = {
    "东环支行": "the star branch: clean checks, a few small findings",
    "西城支行": "solid; one lobby manager, so the head does the peer check",
    "南湖支行": "solid, but one bad on-site inspection of the counter (10月20日)",
    "北站支行": "a wealth product sold outside the 双录 area on 10月14日 — 一票否决; "
    "also has an intern (其他人员)",
    "高新区支行": "solid; small findings",
    "滨江支行": "weak: sloppy habits, a neglected walk-round, inspections under 90, "
    "a teller arguing with a customer on video (TLR-36, 10月19日) — 一票否决",
}


@dataclass(frozen=True)
class Figures:
    """What `svccheck score` makes of the month (computed, never typed in)."""

    branches: Sequence[RankedRow]  # the ranking over every checklist
    sections: dict[str, dict[str, RankedRow]]  # the branch checklists' branch rows
    people: Sequence[RankedRow]  # every person over every checklist
    gaps: Sequence[str]  # the network's items with the most points lost
    rejected: int


def figures(folder: Path) -> Figures:
    """Score the month the way `svccheck score` does: the README quotes the result."""
    from svccheck.pipeline import score_sheets

    report = score_sheets([folder], load_library, None, "zh", details=False)
    sections = {s.checklist: s for s in report.sections}
    rows = {c: {r.subject: r for r in sections[c].branches} for c in BRANCH_CHECKLISTS}
    people = [r for r in report.subjects if r.subject_kind == "employee"]
    gaps = [g.item for g in report.gaps[:6]]
    return Figures(report.branches, rows, people, gaps, len(report.rejected))


def write_readme(path: Path, library: Library, month: Month, facts: Figures) -> None:
    lines = [
        "# Example month: October 2026 in a small city network",
        "",
        f"Six branches, {len(month.people)} staff, the {len(working_days())} weekdays of "
        "October 2026 (the branches open through the",
        "National Day holiday on a rota; the example keeps one morning meeting per weekday),",
        f"filled in against the bundled standards library {library.version}: every checklist "
        "is scored as a rate",
        "(得分率, 100 × what was kept of what could be lost), pass mark 90, star mark 98, and a "
        "red line",
        "flags the check and sends the branch and the person to remediation.",
        "Everything here is written by `examples/generate.py` (fixed seed; running it again gives",
        "byte-identical files, this page included: its figures are what `svccheck score` makes "
        "of the month)",
        "— edit the script, not the files.",
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
        "| `2026-10/morning/<网点>-W40…W44.xlsx` | the morning meeting's self and peer checks "
        "and the opening walk-round, one workbook per branch and ISO week, wide form |",
        "| `2026-10/inspection/<网点>-登记簿.xlsx` | the inspection group's register, "
        "long form, findings only |",
        "| `2026-10/video/<网点>-视频检查.xlsx` | the branch head's weekly video reviews, "
        "long form, findings only |",
        "",
        "Every branch has a head (网点负责人), tellers, lobby managers, account managers, a "
        "security guard",
        "(安保人员) and a cleaner (保洁人员); 北站支行 also has an intern (其他人员). A morning "
        "workbook has a",
        "sheet for each checklist the branch's people have — the self check `morning-<role>` "
        "and the peer",
        "check `peer-<role>` of each role (the head has no peer check) — and the walk-round:",
        "",
    ]
    common = month.sheets[BRANCHES[0].name]
    lines.append(f"{', '.join(common)} (`morning-environment`, the branch walk-round before ")
    lines[-1] = lines[-1].rstrip()
    extra = {
        b.name: [s for s in month.sheets[b.name] if s not in common]
        for b in BRANCHES
        if month.sheets[b.name] != common
    }
    for name, sheets in extra.items():
        lines.append(f"opening); {name} also {', '.join(sheets)}.")
    lines += [
        "",
        "A sheet has a merged title naming the checklist, a header block (网点, 周次, 主持人, "
        "应到/实到), one row",
        "per person per day with a blank row between days, a 合计 row of COUNTIF formulas and "
        "a 注： footer.",
        "A one-person job is peer-checked by the head. Branches write their marks and dates "
        "their own way:",
        "",
        "| 网点 | staff | marks (pass / fail / n.a.) | 日期 | the month's story |",
        "|---|---|---|---|---|",
    ]
    forms = {"date": "date cells", "zh": "2026年10月8日", "dot": "2026.10.8", "slash": "2026/10/8"}
    for b in BRANCHES:
        count = sum(1 for p in month.people if p.branch == b.name)
        m = b.marks
        lines.append(
            f"| {b.name} | {count} | {m.ok} / {m.bad} / {m.na} | {forms[b.date_form]} "
            f"| {STORY[b.name]} |"
        )
    lines += [
        "",
        "The marks written this month: people see fewer of their own slips than a colleague "
        "does, and",
        "the weak branch writes far more × than the rest (a slip on a short peer sheet costs "
        "more than",
        "ten points under the rate model, so the good branches' sheets are nearly all √):",
        "",
        "| 网点 | self checks judged | failed | share | peer checks judged | failed | share |",
        "|---|---|---|---|---|---|---|",
    ]
    for where in [*(b.name for b in BRANCHES), None]:
        label = where or "all"
        cells = []
        for kind in ("self_check", "peer_check"):
            judged = _marked(month, where, kind, "judged")
            failed = _marked(month, where, kind, "fail")
            cells += [f"{judged:,}", f"{failed:,}", f"{failed / judged:.1%}"]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    lines += [
        "",
        "(self checks include the walk-round.)",
        "",
        "The inspection registers follow the 《营业网点服务检查登记簿》: merged title, 网点 / "
        "检查人 / 检查期间",
        "lines, columns 序号 | 检查日期 | 时段 | 检查方式 | 检查范围 | 岗位 | 被检查人 | 标准编号 "
        "| 问题描述 | 扣分 |",
        "整改要求 | 整改情况及复查日期 | 检查人 | 备注, a 小计 row, a signature footer and a "
        "填写说明 sheet",
        "(skipped by the reader). Each visit writes what it covered in 检查范围 — 全面检查 on "
        "site, a role or",
        "a zone on video or in a mystery shop — so a finding weighs against what that visit "
        "could find;",
        "被检查人 names the person, whose own record the finding also counts against. Dates are "
        "typed three",
        "ways, 扣分 five ways (`0.5`, `-1`, `扣1分`, `1分`, a number cell). Findings per branch:",
        "",
        "| 网点 | visits (检查方式: 检查范围) | findings | points written | red line |",
        "|---|---|---|---|---|",
    ]
    for b in BRANCHES:
        rows = month.findings[b.name]
        visits = "; ".join(f"{v.day}日 {v.method}: {v.scope}" for v in b.inspections)
        red = [
            f"{f.item.split()[0]} ({f.date.month}月{f.date.day}日)"
            for f in rows
            if f.note == "一票否决" and isinstance(f.date, dt.date)
        ]
        lines.append(
            f"| {b.name} | {visits} | {len(rows)} | {sum(f.points for f in rows):g} "
            f"| {', '.join(red) or '—'} |"
        )
    lines += [
        "",
        "The weekly video reviews (`weekly-video-review`, 周分析) are the head's: every Monday "
        "the head",
        "watches last week's recordings and writes what was wrong on the form `svccheck form "
        "weekly-video-review`",
        "prints (its hidden `_svccheck` sheet names the checklist: the register holds the same "
        "items, so the",
        "items alone cannot tell the two apart), with a 小计 row per week. Findings per branch:",
        "",
        "| 网点 | reviews | findings | points written |",
        "|---|---|---|---|",
    ]
    for b in BRANCHES:
        rows = month.video[b.name]
        reviews = len({f.date for f in rows})
        lines.append(f"| {b.name} | {reviews} | {len(rows)} | {sum(f.points for f in rows):g} |")
    lines += [
        "",
        "Two register rows are wrong on purpose, so the rejected list has something real to show:",
        "南湖支行 has a finding filed under `LBY-99` (no such item; the lobby zone stops at "
        "LBY-33), and 滨江支行",
        "has one dated 2026年9月31日. Everything else is read and scored.",
        "",
        *what_the_report_shows(library, facts),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def _marked(month: Month, branch: str | None, kind: str, what: str) -> int:
    """Marks of a kind written at a branch (None: the network): judged, or failed."""
    return sum(
        n
        for (where, k, w), n in month.marked.items()
        if k == kind and w == what and branch in (None, where)
    )


def _own_mean(facts: Figures, branch: str) -> float:
    """The mean of the branch's own checks: walk-round, registers, video reviews."""
    rows = [facts.sections[c][branch] for c in BRANCH_CHECKLISTS]
    return sum(r.score * r.checks for r in rows) / sum(r.checks for r in rows)


def what_the_report_shows(library: Library, facts: Figures) -> list[str]:
    """The story as `svccheck score examples/2026-10` tells it, in its own figures;
    tests/acceptance/test_examples_score.py checks the same story from the report."""
    best, weak = facts.branches[0], facts.branches[-1]
    lines = [
        "## What the report shows",
        "",
        f"`svccheck score examples/2026-10` gives one section per checklist "
        f"({len(library.checklists)} of them)",
        "after an overview of all of them together. The branches, over the month:",
        "",
        "| rank | 网点 | all checks | status | branch checks | walk-round | register "
        "| video review |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in facts.branches:
        cells = [f"{_own_mean(facts, row.subject):.2f}"]
        for checklist in BRANCH_CHECKLISTS:
            mine = facts.sections[checklist][row.subject]
            cells.append(f"{mine.score:.2f} {STATUS_ZH[mine.status]}")
        lines.append(
            f"| {row.rank} | {row.subject} | {row.score:.2f} | {STATUS_ZH[row.status]} "
            f"| {' | '.join(cells)} |"
        )
    due = [p for p in facts.people if p.status == "remediation"]
    by_branch: dict[str, list[RankedRow]] = {}
    for person in due:
        by_branch.setdefault(person.branch, []).append(person)
    register = facts.sections["inspection-monthly"]
    walk = facts.sections["morning-environment"]
    own = {row.subject: _own_mean(facts, row.subject) for row in facts.branches}
    lines += [
        "",
        "(all checks: the report's branch ranking, the mean of every check of the branch — "
        "its people's",
        "morning checks, the walk-round, the registers and the video reviews; branch checks: "
        "the mean of",
        "the branch's own checks only (walk-round, registers, video reviews), worked out from "
        "the three",
        "sections; the last three columns: the branch's mean and status on that checklist.)",
        "",
        f"- **The weak branch**: {weak.subject} ranks last, {best.score - weak.score:.1f} points "
        f"behind {best.subject}",
        f"  over all checks ({own[best.subject] - own[weak.subject]:.1f} on the branch's own "
        f"checks); its walk-round averages {walk[weak.subject].score:.1f} "
        f"(standing faults: a broken",
        "  accessibility call button, a rating device off, an ATM down, the pavement blocked) "
        f"and its register {register[weak.subject].score:.1f},",
        f"  with {register[weak.subject].below_pass} of its inspections under 90 and the "
        "teller's red line (TLR-36,",
        "  严禁与客户争执推搡) flagged: 需整改.",
        "- **The red lines** are flagged, not zeroed: 北站支行's 双录 finding (ACM-16) and "
        "滨江支行's TLR-36 leave",
        "  the score standing and send the branch and the person named to remediation.",
        "- **南湖支行's bad inspection**: the counter inspection of 10月20日 is its one check "
        "under 90, so on the",
        f"  register it is {STATUS_ZH[register['南湖支行'].status]} "
        f"({register['南湖支行'].score:.1f}); over all checks it stays "
        f"{STATUS_ZH[next(r for r in facts.branches if r.subject == '南湖支行').status]}.",
        f"- **People due for remediation** ({len(due)} of {len(facts.people)}): "
        "a red line, or two checks",
        "  under 90 in the month —",
    ]
    for branch in [b.name for b in BRANCHES]:
        people = by_branch.get(branch)
        if not people:
            continue
        named = "、".join(
            f"{p.subject}（{ROLE_LABEL[p.role or '']}{'，红线' if p.criticals else ''}）"
            for p in people
        )
        lines.append(f"  {branch} {len(people)}: {named};")
    lines[-1] = lines[-1].rstrip(";") + "."
    lines += [
        f"- **The Pareto** has a head: across the network {', '.join(facts.gaps[:4])} lose the "
        "most points.",
        f"- **Rejected rows**: the {facts.rejected} rows above, with file, sheet, row, cell "
        "and reason.",
        "",
    ]
    return lines


# ---------------------------------------------------------------- main


def weeks_of(days: Sequence[dt.date]) -> list[list[dt.date]]:
    weeks: dict[int, list[dt.date]] = {}
    for day in days:
        weeks.setdefault(day.isocalendar().week, []).append(day)
    return [weeks[w] for w in sorted(weeks)]


@dataclass
class Month:
    """What the script wrote, for the README."""

    people: list[Person]
    sheets: dict[str, list[str]] = field(default_factory=dict)  # branch → morning sheet names
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    video: dict[str, list[Finding]] = field(default_factory=dict)
    marked: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # branch, kind, …


def generate(out: Path) -> None:
    library = load_library()
    scopes = ScopeWords(library)
    rng = random.Random(SEED)
    people = make_people(rng)
    give_habits(rng, people, library)
    month = Month(people)
    days = working_days()
    for branch in BRANCHES:
        staff = [p for p in people if p.branch == branch.name]
        rows_by_checklist: dict[str, list[MorningRow]] = {}
        for role in SHEET_ROLES:
            role_staff = [p for p in staff if p.role == role]
            if not role_staff:
                continue
            for kind in ("morning", "peer"):
                checklist_id = f"{kind}-{ROLE_SLUG[role]}"
                if checklist_id in library.checklists:  # the head has no peer check
                    rows_by_checklist[checklist_id] = morning_rows(
                        rng, library, branch, checklist_id, role_staff, staff
                    )
        rows_by_checklist["morning-environment"] = morning_rows(
            rng, library, branch, "morning-environment", staff, staff
        )
        month.sheets[branch.name] = [sheet_name(library, c) for c in rows_by_checklist]
        for checklist_id, rows in rows_by_checklist.items():
            kind = library.checklists[checklist_id].kind
            for row in rows:
                fails = sum(1 for m in row.marks.values() if m == "fail")
                month.marked[branch.name, kind, "fail"] += fails
                month.marked[branch.name, kind, "judged"] += sum(
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
        branch_findings = inspection_findings(rng, library, scopes, branch, staff)
        branch_findings += deliberate_bad_rows(branch, staff)
        month.findings[branch.name] = branch_findings
        write_register(
            out / "2026-10" / "inspection" / f"{branch.name}-登记簿.xlsx",
            rng,
            library,
            branch,
            branch_findings,
        )
        reviews = video_findings(rng, library, branch, staff)
        month.video[branch.name] = reviews
        write_video_review(
            out / "2026-10" / "video" / f"{branch.name}-视频检查.xlsx",
            rng,
            library,
            branch,
            reviews,
        )
    write_roster(out / "roster.csv", people)
    write_readme(out / "README.md", library, month, figures(out / "2026-10"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=HERE, help="folder to write into (default: examples/)"
    )
    generate(parser.parse_args().out)


if __name__ == "__main__":
    main()
