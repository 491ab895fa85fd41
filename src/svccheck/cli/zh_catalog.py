"""The Chinese of the command line: help texts, click's words and click's usage errors.

Loaded only under --lang zh (`cli.zh` applies it). Kept as Python data rather than a gettext
.po/.mo pair: typer vendors click with its messages as plain English f-strings (no gettext to
hand a catalogue to), a .mo must be compiled and shipped beside the code, and a dict is read
by the import that needs it with no build step. The rule is gettext's all the same — the
English text is the key — so an English help text edited without its Chinese shows up in
English, and tests/unit/test_cli_help_zh.py fails on it (as it does on a key no help uses).

To translate a new or changed help text: run the zh help test, copy the English it reports
(as `inspect.cleandoc` gives it: the docstring without its indentation) into HELP with its
Chinese. Example command lines stay as they are; `\\b` keeps a block unwrapped, as in English.
"""

from __future__ import annotations

from typing import Final

# click's and typer's own words in a help page: headings, usage metavars, option extras.
CLICK_WORDS: Final[dict[str, str]] = {
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
    "default": "默认",
    "required": "必填",
    "env var": "环境变量",
    "Show this message and exit.": "显示本帮助并退出。",
    # An option's value by its type (a list of choices is shown as it is).
    "<str>": "<文本>",
    "<path>": "<路径>",
    "<int>": "<整数>",
    "<int range>": "<整数>",
    "<float>": "<数字>",
    "<float range>": "<数字>",
}

# click's usage errors, sentence by sentence: (English pattern, Chinese), applied in order to
# the whole message; the groups carry option names, values and choices across unchanged.
# Patterns, not compiled ones: they are compiled (and cached by `re`) only when an error is shown.
CLICK_MESSAGES: Final[tuple[tuple[str, str], ...]] = (
    (
        r"No such option: (\S+) \(Possible options: (.+)\)",
        r"没有这个选项：\1（是不是想用：\2？）",
    ),
    (r"No such option: (\S+)", r"没有这个选项：\1"),
    (r"No such command (.+?)\.(?= |$)", r"没有这个命令：\1。"),
    (r" ?Did you mean (.+)\?", r"是不是想用：\1？"),
    (r"Missing command\.", "缺少命令。"),
    (r"Missing argument (.+?)\.(?= |$)", r"缺少参数 \1。"),
    (r"Missing option (.+?)\.(?= |$)", r"缺少选项 \1。"),
    (r"Missing parameter(?::)? ?(.*?)\.?(?= |$)", r"缺少参数 \1。"),
    (r" ?Choose from:", "可选值："),
    (r"Invalid value for (.+?): ", r"\1 的值无效："),
    (r"Invalid value: ", "值无效："),
    (r"(.+) is not one of (.+)\.$", r"\1 不是可选值（\2）之一。"),
    (r"(.+) is not a valid (?:int range|integer|int)\.$", r"\1 不是整数。"),
    (r"(.+) is not a valid (?:float range|float)\.$", r"\1 不是数字。"),
    (r"(.+) is not a valid boolean\. Recognized values: (.+)$", r"\1 不是是非值；可用：\2"),
    (r"(.+) is not a valid UUID\.$", r"\1 不是有效的 UUID。"),
    (r"(.+) is not in the range (.+)\.$", r"\1 不在范围 \2 内。"),
    (r"(.+) does not match the formats (.+)\.$", r"\1 不符合格式 \2。"),
    (r"Got unexpected extra argument\(s\) \((.*)\)", r"多余的参数：\1"),
    (r"Option (.+?) requires an argument\.", r"选项 \1 需要一个值。"),
    (r"Option (.+?) requires (\d+) arguments\.", r"选项 \1 需要 \2 个值。"),
    (r"Option (.+?) does not take a value\.", r"选项 \1 不带值。"),
    (r"Argument (.+?) takes (\d+) values\.", r"参数 \1 需要 \2 个值。"),
    (r"Takes (\d+) values but (\d+) given\.", r"需要 \1 个值，给了 \2 个。"),
    (r"(\d+) values are required, but (\d+) given\.", r"需要 \1 个值，给了 \2 个。"),
    (r"Value must be an iterable\.", "值必须是一组值。"),
)

# svccheck's help texts: English (as `inspect.cleandoc` gives it) → Chinese.
HELP: Final[dict[str, str]] = {
    (
        "Bank branch service standards as code: validate the standards, print the "
        "forms, score the filled sheets, report the gaps, keep the history.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck score examples/2026-10/\n"
        "  svccheck --lang zh brief --branch 东环支行\n"
        "  svccheck COMMAND --help"
    ): (
        "银行网点服务标准即代码：校验标准、打印表单、给填好的表评分、报告差距、保存历史"
        "。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck score examples/2026-10/\n"
        "  svccheck --lang zh brief --branch 东环支行\n"
        "  svccheck COMMAND --help"
    ),
    ("Interface language: zh or en (default: $SVCCHECK_LANG, then the locale)."): (
        "界面语言：zh 或 en（默认：$SVCCHECK_LANG，其次按系统的区域设置）。"
    ),
    ("Standards folder (default: ./standards if present, else the bundled library)."): (
        "标准文件夹（默认：当前目录下有 ./standards 就用它，否则用内置标准库）。"
    ),
    ("Checklists folder (default: ../checklists beside the standards)."): (
        "检查表文件夹（默认：标准文件夹旁边的 ../checklists）。"
    ),
    (
        "Ledger URL: sqlite:///path or postgresql://… "
        "(default: $SVCCHECK_DB, else "
        "sqlite:///svccheck.db)."
    ): (
        "台账地址：sqlite:///路径 或 postgresql://…（默认"
        "：$SVCCHECK_DB，否则 sqlite:///svccheck.db）。"
    ),
    "Print the version and exit.": "显示版本号并退出。",
    (
        "Check standards, checklists and taxonomy: schema errors and semantic lint.\n"
        "\n"
        "Every finding names file:line:col. Checked: YAML syntax, tabs, duplicate\n"
        "keys, encoding, size and alias bombs; the schema of each file (unknown\n"
        "keys are errors); duplicate item ids, references to ids missing from the\n"
        "taxonomy, checklists that select unknown standards or items or nothing,\n"
        "points above max_points, critical items in no checklist; missing English\n"
        "text and ids that differ from their file names are warnings (--strict\n"
        "makes them errors). Exit code 0 clean, 1 findings, 2 a path that does not\n"
        "exist.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck validate\n"
        "  svccheck validate standards/ checklists/ --strict\n"
        "  svccheck validate mybank/ --format sarif > svccheck.sarif\n"
        "  svccheck validate --format github --lang en"
    ): (
        "校验标准、检查表和分类体系：结构错误和语义检查。\n"
        "\n"
        "每条问题都标明 文件:行:列。检查内容：YAML 语法、制表符、重复的键、编码、文件大"
        "小和别名炸弹；每个文件的结构（未知的键算错误）；重复的条目编号、引用了分类体系"
        "中没有的编号、检查表选中了不存在的标准或条目或什么都没选中、分值超过 "
        "max_points、严重条目不在任何检查表中；缺少英文文本、编号与文件名不一致算警告（"
        "加 --strict 则算错误）。退出码：0 没有问题，1 有问题，2 路径不存在。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck validate\n"
        "  svccheck validate standards/ checklists/ --strict\n"
        "  svccheck validate mybank/ --format sarif > svccheck.sarif\n"
        "  svccheck validate --format github --lang en"
    ),
    (
        "Files or folders to check (a folder may hold standards/ and checklists/). "
        "Default: the library --standards names, else ./standards, else the bundled "
        "one."
    ): (
        "要检查的文件或文件夹（文件夹里可以有 standards/ 和 checklists/）。默"
        "认：--standards 指定的标准库，否则 ./standards，否则内置标准库。"
    ),
    ("text (for people), json, github (workflow annotations), junit or sarif (2.1.0)."): (
        "text（给人看）、json、github（工作流注解）、junit 或 sarif（2.1.0）。"
    ),
    "Treat warnings (e.g. missing English) as errors.": "把警告（如缺少英文）当作错误。",
    (
        "Browse the standards library: every item with its role, area, category and\n"
        "points.\n"
        "\n"
        "The table shows the items' text in the --lang language; --format json\n"
        "lists every item with its standard's role filled in and its title and\n"
        "criterion in both languages, for scripts and spreadsheets. Filters take a\n"
        "taxonomy id or its zh/en label and combine.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck standards\n"
        "  svccheck standards --role teller --severity critical\n"
        "  svccheck standards --role 大堂经理 --category etiquette --lang zh\n"
        "  svccheck standards --format json > items.json"
    ): (
        "浏览标准库：每个条目及其岗位、区域、类别和分值。\n"
        "\n"
        "表格用 --lang 指定的语言显示条目文本；--format json 列出每个条目，补上所属标准"
        "的岗位，标题和判定标准中英文都有，供脚本和电子表格使用。筛选条件可以写分类体系"
        "的编号，也可以写中文或英文名称（名称的一部分也行，只要只对应一个），多个条件同"
        "时生效。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck standards\n"
        "  svccheck standards --role teller --severity critical\n"
        "  svccheck standards --role 大堂经理 --category etiquette --lang zh\n"
        "  svccheck standards --format json > items.json"
    ),
    ("Only this role (id or label: teller, 综合柜员…)."): (
        "只看这个岗位（编号或名称：teller、综合柜员、柜员…）。"
    ),
    "Only this category (appearance, 服务礼仪…).": "只看这个类别（appearance、服务礼仪…）。",
    ("Only this severity: minor, major or critical."): (
        "只看这个严重程度：minor（一般）、major（较重）或 critical（红线）。"
    ),
    ("table (for people) or json (every field, zh and en)."): (
        "table（给人看）或 json（全部字段，中英文都有）。"
    ),
    (
        "Print the JSON Schema (draft 2020-12) of a standard, checklist or taxonomy\n"
        "file.\n"
        "\n"
        "Point an editor at it for completion and checking while you write\n"
        "standards: for the YAML language server, put `# yaml-language-server:\n"
        "$schema=standard.schema.json` at the top of the file. `svccheck validate`\n"
        "checks the same schema plus the rules a schema cannot express (unique ids,\n"
        "references, selections).\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck schema standard > standard.schema.json\n"
        "  svccheck schema checklist\n"
        "  svccheck schema taxonomy | jq '.properties | keys'"
    ): (
        "输出标准、检查表或分类体系文件的 JSON Schema（draft 2020-12）。\n"
        "\n"
        "让编辑器引用它，编写标准时就有自动补全和检查：YAML 语言服务器（"
        "yaml-language-server）的用法是在文件开头写 `# yaml-language-server: "
        "$schema=standard.schema.json`。`svccheck validate` 检查同样的结构，还检查结构"
        "表达不了的规则（编号唯一、引用、选择）。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck schema standard > standard.schema.json\n"
        "  svccheck schema checklist\n"
        "  svccheck schema taxonomy | jq '.properties | keys'"
    ),
    "standard, checklist, taxonomy, branches or waivers.": (
        "standard、checklist、taxonomy、branches 或 waivers。"
    ),
    (
        "Show what changed between two versions of the standards library.\n"
        "\n"
        "Items added, removed and changed (points, max_points, severity, criterion,\n"
        "cadence, the checklists that select it, title, category, area, role,\n"
        "method, refs, tags…), and checklists added, removed and changed (marks,\n"
        "scoring model, base, veto, kind, subject, accountable, items gained or\n"
        "lost), with a summary line naming both versions. OLD and NEW are each a\n"
        "folder holding standards/ and checklists/, a standards folder, or a single\n"
        "standard file (then only items are compared). Both are checked as any\n"
        "command checks the library. Exit code 0 whatever differs, 2 a path that\n"
        "does not exist or a library with errors.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck diff tests/data/library/2026.1 .\n"
        "  svccheck diff old/standards new/standards --format md -o changes.md\n"
        "  svccheck diff 2026.1/standards/teller.yaml standards/teller.yaml\n"
        "  svccheck --lang zh diff v2026/ v2027/ --format json"
    ): (
        "显示标准库两个版本之间的变化。\n"
        "\n"
        "新增、删除和修改的条目（分值、max_points、严重程度、判定标准、频次、选用它的检"
        "查表、名称、类别、区域、岗位、检查方法、依据、标签…），新增、删除和修改的检查"
        "表（标记、评分模式、基准分、否决、类型、对象、问责、增减的条目），最后一行汇总"
        "并写明两个版本。OLD 和 NEW 各是一个含 standards/ 和 checklists/ 的文件夹、一个"
        "标准文件夹，或单个标准文件（此时只比较条目）。两者都像其他命令一样先检查标准库"
        "。退出码：不论有无差异都为 0；路径不存在或标准库有错误为 2。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck diff tests/data/library/2026.1 .\n"
        "  svccheck diff old/standards new/standards --format md -o changes.md\n"
        "  svccheck diff 2026.1/standards/teller.yaml standards/teller.yaml\n"
        "  svccheck --lang zh diff v2026/ v2027/ --format json"
    ),
    (
        "The earlier version: a folder holding standards/ (and checklists/), a "
        "standards folder (checklists in ../checklists) or one standard file."
    ): (
        "较早的版本：含 standards/（和 checklists/）的文件夹、"
        "标准文件夹（检查表在 ../checklists）或单个标准文件。"
    ),
    (
        "The later version: a folder holding standards/ (and checklists/), a "
        "standards folder (checklists in ../checklists) or one standard file."
    ): (
        "较新的版本：含 standards/（和 checklists/）的文件夹、"
        "标准文件夹（检查表在 ../checklists）或单个标准文件。"
    ),
    ("table (terminal), json or md. Default: the one -o's suffix names, else table."): (
        "table（终端）、json 或 md。默认：按 -o 文件名的扩展名，否则 table。"
    ),
    ("Write to this file (atomically) instead of stdout."): (
        "写入这个文件（原子写入），不输出到标准输出。"
    ),
    (
        "Write the form staff fill in for a checklist: the morning sheet or the "
        "register.\n"
        "\n"
        "Morning self and peer checks come out in the wide form (one row per person "
        "from --roster,\n"
        "or blank rows; one column per item with a √ / × / 不适用 dropdown); the "
        "branch walk-round\n"
        "has one row per day; the monthly inspection register is the long form (one "
        "row per\n"
        "finding, item ids from a dropdown). The xlsx is protected without a password "
        "(only input\n"
        "cells are editable), prints landscape on A4, carries the criteria on a second "
        "sheet and a\n"
        "hidden record of the checklist and library version, so a filled form is "
        "scored with the\n"
        "checklist it was printed for. The file is written only when the whole form "
        "was made.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck form morning-teller --branch 东环支行 --date 2026-10-08 --roster "
        "staff.xlsx\n"
        "  svccheck form peer-lobby-manager --lang en -o peer.xlsx\n"
        "  svccheck form inspection-monthly --branch 东环支行 --date 2026-10\n"
        "  svccheck form inspection-monthly --scope 门前区、前厅区 --roster staff.xlsx\n"
        "  svccheck form morning-environment --date 2026-10 --format md -o "
        "walk-round.md"
    ): (
        "生成员工填写的检查表单：晨会表或检查登记表。\n"
        "\n"
        "晨会自查和互查生成宽表（--roster 名单中每人一行，或空白行；每个条目一列，下拉"
        "选择 √ / × / 不适用）；网点巡查每天一行；月度检查登记表是长表（每个问题一行，"
        "条目编号从下拉列表选）。xlsx 设了无密码的工作表保护（只有填写单元格可以编辑）"
        "，A4 横向打印，第二个工作表印有判定标准，另有一份隐藏的记录写明检查表和标准库"
        "版本，所以填好的表按打印时的检查表评分。只有整张表单都生成成功才写出文件。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck form morning-teller --branch 东环支行 --date 2026-10-08 --roster "
        "staff.xlsx\n"
        "  svccheck form peer-lobby-manager --lang en -o peer.xlsx\n"
        "  svccheck form inspection-monthly --branch 东环支行 --date 2026-10\n"
        "  svccheck form inspection-monthly --scope 门前区、前厅区 --roster staff.xlsx\n"
        "  svccheck form morning-environment --date 2026-10 --format md -o "
        "walk-round.md"
    ),
    (
        "Checklist id or title, e.g. morning-teller, inspection-monthly or "
        "大堂经理晨会互查表 (a wrong one lists them all)."
    ): (
        "检查表编号或名称，如 morning-teller、inspection-monthly 或 大堂经理晨会互查表"
        "（写错时会列出全部检查表）。"
    ),
    ("File to write ('-' for stdout; default: <checklist>-<branch>-<date>.<format>)."): (
        "要写入的文件（'-' 表示标准输出；默认：<checklist>-<branch>-<date>.<format>）。"
    ),
    "Branch name printed on the form.": "印在表单上的网点名称。",
    (
        "Day of a morning check (2026-10-08, default today), or a "
        "month (2026-10) for the register and the branch walk-round."
    ): ("晨会检查的日期（如 2026-10-08，默认今天），或检查登记表和网点巡查的月份（如 2026-10）。"),
    (
        "Staff list (csv/xlsx with 姓名/name, 工号, 岗位/role, 网点/branch): one row "
        "each on a morning check; the register's staff-on-duty sheet (在岗人员). With "
        "--branch, only that branch's people."
    ): (
        "员工名单（csv/xlsx，含 姓名/name、工号、岗位/role、网点/branch）："
        "晨会检查表上每人一行；检查登记表上的在岗人员工作表。给出 --branch 时只列该网点的人员。"
    ),
    ("xlsx (fillable), csv (header and rows), md (printable). Default: from -o, else xlsx."): (
        "xlsx（可填写）、csv（表头和各行）、md（可打印）。默认：按 -o，否则 xlsx。"
    ),
    (
        "The register's scope, printed above its header: standards, roles, areas "
        "or item ids (e.g. '综合柜员、门前区'); default 全面检查 (everything)."
    ): (
        "检查登记表的检查范围，印在表头上方：标准、岗位、区域或"
        "条目编号（如 '综合柜员、门前区'）；默认 全面检查。"
    ),
    (
        "Blank rows (default 20 for a morning check, 200 for the "
        "register, none beside a roster); days for the branch "
        "walk-round."
    ): ("空白行数（晨会检查默认 20 行，检查登记表默认 200 行，给了名单则没有）；网点巡查为天数。"),
    (
        "Show how filled sheets are read: header row, columns, rows accepted and "
        "rejected.\n"
        "\n"
        'This is the command to run when a sheet "doesn\'t work". For every file and '
        "sheet it shows\n"
        "the header row found, what each column was taken for (a field such as date or "
        "employee, or\n"
        "an item id), the columns it ignored, the form (long or wide), the checklist "
        "used and where\n"
        "it came from, how many rows were read, accepted, rejected and skipped "
        "(titles, blank,\n"
        "subtotal and footer rows), and every rejected row with its file, sheet, row, "
        "cell and\n"
        "reason. Sheets without a recognisable header are listed with the headers "
        "expected and\n"
        "found. Exit code 0 when every row was accepted, 1 when some rows were "
        "rejected or a file\n"
        "could not be read, 2 when nothing could be read.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "\n"
        "    svccheck read 晨会自查-1008.xlsx\n"
        "\n"
        "    svccheck read examples/2026-10/ --format json\n"
        "\n"
        "    svccheck read register.csv --checklist inspection-monthly"
    ): (
        "显示填好的表是怎样读取的：表头行、各列、接受和拒绝的行。\n"
        "\n"
        "表格“读不进去”时就运行这个命令。对每个文件的每个工作表，它显示找到的表头行、每"
        "一列被当作什么（日期、员工之类的字段，或条目编号）、忽略了哪些列、表的形式（长"
        "表或宽表）、用的是哪个检查表以及怎么确定的、读了多少行、接受、拒绝和跳过了多少"
        "行（标题行、空行、小计行和页脚行），以及每个被拒绝的行及其文件、工作表、行、单"
        "元格和原因。认不出表头的工作表会列出应有的表头和实际找到的表头。退出码：所有行"
        "都被接受为 0，有行被拒绝或有文件读不了为 1，什么都读不了为 2。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "\n"
        "    svccheck read 晨会自查-1008.xlsx\n"
        "\n"
        "    svccheck read examples/2026-10/ --format json\n"
        "\n"
        "    svccheck read register.csv --checklist inspection-monthly"
    ),
    ("Filled sheets (xlsx, xlsm, xls, csv) or folders of them (read recursively)."): (
        "填好的表（xlsx、xlsm、xls、csv）或存放它们的文件夹（递归读取）。"
    ),
    (
        "Checklist id for sheets without svccheck's form "
        "metadata (default: inferred from the items)."
    ): ("表上没有 svccheck 表单元数据时使用的检查表编号（默认：根据条目推断）。"),
    "Output format.": "输出格式。",
    (
        "Score filled sheets and report the gaps: rankings, Pareto of points lost, "
        "statuses.\n"
        "\n"
        "Reads every sheet whose header it recognises (wide morning sheets and long "
        "inspection\n"
        "registers, xlsx or csv; a folder is read recursively), scores each check by "
        "deduction\n"
        "from the checklist's base (caps per item, red-line veto, findings-only "
        "registers), then\n"
        "ranks the items by points lost and the staff and branches by mean score with "
        "their status\n"
        "(star / pass / below / remediation). Several checklists give one section "
        "each, plus the\n"
        "combined figures. Rows that cannot be used are listed in the report and "
        "summarised on\n"
        "stderr. Exit code 0 fine, 1 mean score under --fail-under, 2 nothing could be "
        "read.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck score examples/2026-10/\n"
        "  svccheck score morning/东环支行-W41.xlsx --format md -o week41.md\n"
        "  svccheck score register.xlsx --checklist inspection-monthly --by category\n"
        "  svccheck score 2026-10/ --format json --top 10 --lang en\n"
        "  svccheck score 2026-10/ --format xlsx -o 2026-10.xlsx\n"
        "  svccheck score today/ --fail-under 85"
    ): (
        "给填好的表评分并报告差距：排名、扣分帕累托图、状态。\n"
        "\n"
        "读取每个认得出表头的工作表（晨会宽表和检查登记长表，xlsx 或 csv；文件夹递归读"
        "取），每次检查从检查表的基准分往下扣分（每个条目有扣分上限，红线一票否决，登记"
        "表只记问题），然后按扣分给条目排名，按平均分给员工和网点排名，并给出状态（明星"
        " / 达标 / 未达标 / 需整改）。有多个检查表时每个检查表一节，另加合并的数字。无"
        "法使用的行列在报告里，并在标准错误输出上汇总。退出码：0 正常，1 平均分低于 "
        "--fail-under，2 什么都读不了。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck score examples/2026-10/\n"
        "  svccheck score morning/东环支行-W41.xlsx --format md -o week41.md\n"
        "  svccheck score register.xlsx --checklist inspection-monthly --by category\n"
        "  svccheck score 2026-10/ --format json --top 10 --lang en\n"
        "  svccheck score 2026-10/ --format xlsx -o 2026-10.xlsx\n"
        "  svccheck score today/ --fail-under 85"
    ),
    ("Report format (default: the one -o's suffix names, else table); xlsx needs -o."): (
        "报告格式（默认：按 -o 文件名的扩展名，否则 table）；xlsx 需要 -o。"
    ),
    ("Write the report to this file (atomically, only when the run succeeds)."): (
        "把报告写入这个文件（原子写入，只在运行成功时写）。"
    ),
    (
        "Rows per ranked table (table format: 10 gaps "
        "and 20 rows unless given; other formats: all)."
    ): ("每个排名表的行数（table 格式：不指定时差距 10 行、排名 20 行；其他格式：全部）。"),
    (
        "One table only: gaps by item, the subject or branch ranking, or "
        "the gaps grouped by category, area, role or SERVQUAL dimension."
    ): (
        "只输出一个表：按条目的差距、对象或网点排名，或"
        "按类别、区域、岗位、SERVQUAL 维度归类的差距。"
    ),
    ("Exit 1 when the mean score is under this (CI gate)."): (
        "平均分低于此值时退出码为 1（用于 CI 门禁）。"
    ),
    (
        "Explain a score: base, every deduction with its source cell, caps, vetoes, "
        "and gains.\n"
        "\n"
        "For an employee or a branch: the period score and its marks, then each check "
        "as base\n"
        "minus each deduction (with file › sheet › cell, the note, the cap when one "
        "applied, the\n"
        "veto when a red line failed), and what fixing each gap would gain the period "
        "score\n"
        '("TLR-03: +1.0 points for 张三"). For an item: every check it failed in, and '
        "the gain for\n"
        "each subject and branch. Gains are recomputed exactly (a fixed red line lifts "
        "its veto).\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck explain 张三 examples/2026-10/\n"
        "  svccheck explain 东环支行 examples/2026-10/inspection/\n"
        "  svccheck explain TLR-03 examples/2026-10/morning/ --lang en\n"
        "  svccheck explain 0110023 2026-10/ --format json"
    ): (
        "解释一个分数：基准分、每项扣分及其来源单元格、扣分上限、否决，以及可提升的分数"
        "。\n"
        "\n"
        "对员工或网点：期间得分及其评定，然后把每次检查写成基准分减去各项扣分（附 文件 "
        "› 工作表 › 单元格、备注、用到的扣分上限、红线不合格时的否决），以及纠正每个差"
        '距能让期间得分提高多少（"TLR-03：张三 +1.0 分"）。对条目：它不合格的每次检查，'
        "以及每个对象和网点能提高的分数。提高的分数是精确重算的（纠正的红线会解除否决）"
        "。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck explain 张三 examples/2026-10/\n"
        "  svccheck explain 东环支行 examples/2026-10/inspection/\n"
        "  svccheck explain TLR-03 examples/2026-10/morning/ --lang en\n"
        "  svccheck explain 0110023 2026-10/ --format json"
    ),
    ("An employee (name or 工号), a branch, or an item (id or exact title)."): (
        "员工（姓名或工号）、网点，或条目（编号或完整名称）。"
    ),
    "text (for people) or json.": "text（给人看）或 json。",
    "Write to this file instead of stdout.": "写入这个文件，不输出到标准输出。",
    (
        "Store filled sheets in the ledger, scored, with where every row came from.\n"
        "\n"
        "Each file is one transaction: all of its rows or none. A file already in the "
        "ledger (same\n"
        "content, under any name) adds nothing. A corrected sheet for the same branch, "
        "date,\n"
        "checklist and kind supersedes the earlier rows, which are kept as an audit "
        "trail. Rejected\n"
        "rows are listed and stored too, and never hold back the accepted ones. The "
        "ledger is\n"
        "created on first use (--db, else $SVCCHECK_DB, else sqlite:///svccheck.db in "
        "the working\n"
        "folder); a ledger from an older svccheck is upgraded, one from a newer one "
        "refused.\n"
        "An unfilled form stores nothing and says so (exit code 1).\n"
        "Exit code 2 when a file could not be read or the ledger cannot be used.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck ingest examples/2026-10/\n"
        "  svccheck ingest morning/东环支行-W41.xlsx --db sqlite:///branch.db\n"
        "  svccheck ingest register.xlsx --checklist inspection-monthly --db "
        "postgresql://svc@db/ledger"
    ): (
        "把填好的表评分后存入台账，并记下每一行的来源。\n"
        "\n"
        "每个文件是一个事务：它的行要么全部入账，要么一行也不入。台账里已有的文件（内容"
        "相同，不论文件名）不会重复入账。同一网点、日期、检查表和类型的更正表取代先前的"
        "行，先前的行保留作审计记录。被拒绝的行也会列出并保存，且不影响被接受的行。台账"
        "在第一次使用时创建（--db，否则 $SVCCHECK_DB，否则工作目录下的 "
        "sqlite:///svccheck.db）；旧版 svccheck 的台账会被升级，新版的台账会被拒绝。未"
        "填写的表单什么也不保存，并会说明（退出码 1）。文件读不了或台账无法使用时退出码"
        "为 2。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck ingest examples/2026-10/\n"
        "  svccheck ingest morning/东环支行-W41.xlsx --db sqlite:///branch.db\n"
        "  svccheck ingest register.xlsx --checklist inspection-monthly --db "
        "postgresql://svc@db/ledger"
    ),
    ("text (a line per file on stderr) or json (on stdout)."): (
        "text（每个文件一行，在标准错误输出上）或 json（在标准输出上）。"
    ),
    (
        "Report a period from the ledger: the gap report of `score`, plus history.\n"
        "\n"
        "The same report contract and formats as `svccheck score`, over the checks "
        "stored by\n"
        "`svccheck ingest`, with a history block: every gap, subject and branch "
        "against the\n"
        "previous period of equal length (rank moved, points lost delta), repeat "
        "violations (the\n"
        "same subject failing the same item 3+ times), the bank-wide baseline and each "
        "branch's\n"
        "distance from it, sheets scored under an older standards version, and "
        "self-check honesty\n"
        "(fail rate found by peers and inspectors minus the self-reported one, and "
        "Cohen's kappa\n"
        "of same-day self and peer checks).\n"
        "\n"
        "With --standards, checks the ledger scored under another version of their "
        "checklist are\n"
        "scored again from their stored rows under the library named, and the report "
        "says so:\n"
        "`report --period 2026-10 --standards 2027.1/standards` shows October under "
        "2027.1.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck report --period 2026-10\n"
        "  svccheck report --week 2026-W43 --branch 东环支行 --format md -o week43.md\n"
        "  svccheck report --from 2026-10-01 --to 2026-10-15 --format json --top 10\n"
        "  svccheck report --period 2026-10 --format xlsx -o 2026-10.xlsx --db "
        "postgresql://svc@db/ledger"
    ): (
        "从台账报告一个期间：`score` 的差距报告，再加上历史。\n"
        "\n"
        "报告内容和格式与 `svccheck score` 相同，数据是 `svccheck ingest` 存入的检查，"
        "另有历史部分：每个差距、对象和网点与上一个等长期间比较（排名变化、扣分变化），"
        "重复违规（同一对象在同一条目上不合格 3 次及以上），全行基准及各网点与它的差距"
        "，按旧版标准评分的表，以及自查诚实度（互查和检查组发现的不合格率减去自报的不合"
        "格率，以及同日自查与互查的 Cohen's kappa 一致性系数）。\n"
        "\n"
        "指定 --standards 时，台账中按检查表其他版本评分的检查会用存下的行按指定的标准"
        "库重新评分，报告会写明：`report --period 2026-10 --standards "
        "2027.1/standards` 显示按 2027.1 评分的十月。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck report --period 2026-10\n"
        "  svccheck report --week 2026-W43 --branch 东环支行 --format md -o week43.md\n"
        "  svccheck report --from 2026-10-01 --to 2026-10-15 --format json --top 10\n"
        "  svccheck report --period 2026-10 --format xlsx -o 2026-10.xlsx --db "
        "postgresql://svc@db/ledger"
    ),
    (
        "A month (2026-10), an ISO week (2026-W43) or a day. Default: the month of the latest data."
    ): ("一个月（2026-10）、一个 ISO 周（2026-W43）或一天。默认：最新数据所在的月份。"),
    "An ISO week, e.g. 2026-W43.": "一个 ISO 周，如 2026-W43。",
    "First day of a custom period.": "自定义期间的第一天。",
    ("Last day of a custom period (default: the latest data)."): (
        "自定义期间的最后一天（默认：最新数据的日期）。"
    ),
    "Only this checklist.": "只看这个检查表。",
    ("Only this branch (still measured against the bank-wide baseline)."): (
        "只看这个网点（仍与全行基准比较）。"
    ),
    (
        "table, json, md, csv, html or xlsx (xlsx needs "
        "-o). Default: the one -o's suffix names, else "
        "table."
    ): (
        "table、json、md、csv、html 或 xlsx（xlsx 需要 "
        "-o）。默认：按 -o 文件名的扩展名，否则 table。"
    ),
    "Write the report to this file (atomically).": "把报告写入这个文件（原子写入）。",
    "Rows shown per ranked table.": "每个排名表显示的行数。",
    ("One table only: item, subject, branch, category, area, role or servqual."): (
        "只输出一个表：item、subject、branch、category、area、role 或 servqual。"
    ),
    (
        "The morning-meeting briefing: yesterday's results and today's three focus "
        "items.\n"
        "\n"
        "For each branch: the last working day's checks (mean score, pass rate, each "
        "person's\n"
        "result), the service stars, the people due for remediation over the last 30 "
        "days (the\n"
        "people an inspection register holds to account included), the roster members "
        "with no\n"
        "self-check that day — everyone on that day's sheets (lines nobody filled in "
        "included) and\n"
        "on the staff list given with `svccheck roster` — and today's three focus "
        "items, the\n"
        "branch's top gaps of the last 7 days, with their criterion to read aloud. "
        "When the newest\n"
        "data is older than the last working day, the first line says so. In Chinese "
        "by default\n"
        "for Chinese users (--lang en for English).\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck brief --branch 东环支行\n"
        "  svccheck brief --date 2026-10-09 --branch 东环支行 --format md -o brief.md\n"
        "  svccheck brief --format html -o brief.html --db postgresql://svc@db/ledger"
    ): (
        "晨会简报：昨天的结果和今天的三个重点条目。\n"
        "\n"
        "对每个网点：上一个工作日的检查（平均分、合格率、每人的结果）、服务明星、最近 "
        "30 天需整改的人（包括检查登记表问责到的人）、当天没有自查的名单成员——当天表上"
        "的每个人（包括没人填写的行）以及用 `svccheck roster` 提供的员工名单上的每个人"
        "——还有今天的三个重点条目，即该网点最近 7 天最大的差距，附判定标准供宣读。最新"
        "数据早于上一个工作日时，第一行会说明。中文用户默认用中文（--lang en 为英文）。"
        "\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck brief --branch 东环支行\n"
        "  svccheck brief --date 2026-10-09 --branch 东环支行 --format md -o brief.md\n"
        "  svccheck brief --format html -o brief.html --db postgresql://svc@db/ledger"
    ),
    (
        "Meeting day (default today): the briefing covers the last working day with data before it."
    ): ("晨会日期（默认今天）：简报覆盖此日之前最近一个有数据的工作日。"),
    ("One branch (default: every branch with data in the last 30 days)."): (
        "一个网点（默认：最近 30 天有数据的每个网点）。"
    ),
    (
        "table (terminal), md, html (printable) or json. "
        "Default: the one -o's suffix names, else table."
    ): ("table（终端）、md、html（可打印）或 json。默认：按 -o 文件名的扩展名，否则 table。"),
    (
        "Store a branch's staff list: the people the morning brief expects a "
        "self-check from.\n"
        "\n"
        "The brief's \"no self-check\" list is everyone on the day's sheets of the "
        "branch (roster\n"
        "lines nobody filled in included) and everyone on this list — so it is right "
        "on the first\n"
        "day, before anybody has filled in a sheet. Giving a list again replaces the "
        "branch's\n"
        "previous one. The file is read as `svccheck form --roster` reads it (csv in "
        "UTF-8 or\n"
        "GB18030, or xlsx; the header may sit below a title).\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck roster 东环支行花名册.xlsx --branch 东环支行\n"
        "  svccheck --lang zh roster staff.csv --branch 西城支行 --db "
        "postgresql://svc@db/ledger"
    ): (
        "保存网点的员工名单：晨会简报期待哪些人交自查。\n"
        "\n"
        "简报的“未自查”名单是该网点当天表上的每个人（包括没人填写的名单行）加上这份名单"
        "上的每个人——所以第一天、还没有人填表时它就是对的。再次提供名单会替换该网点原来"
        "的名单。文件的读法与 `svccheck form --roster` 相同（csv 为 UTF-8 或 GB18030，"
        "或 xlsx；表头可以在标题下面）。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck roster 东环支行花名册.xlsx --branch 东环支行\n"
        "  svccheck --lang zh roster staff.csv --branch 西城支行 --db "
        "postgresql://svc@db/ledger"
    ),
    (
        "Staff list: csv or xlsx with 姓名/name, optionally 工号/employee id, "
        "岗位/role and 网点/branch (then only --branch's people are kept)."
    ): (
        "员工名单：csv 或 xlsx，含 姓名/name，可选 工号/employee id、岗位/role 和 "
        "网点/branch（有网点列时只保留 --branch 所指网点的人员）。"
    ),
    "The branch whose staff this is.": "这份员工名单所属的网点。",
    (
        "List the corrective actions (整改) the inspections opened, oldest due first.\n"
        "\n"
        "Every failed item of an inspection opens an action for the person a finding names\n"
        "(accountable registers) or else the branch: due on the register's 整改期限, else the\n"
        "checklist's scoring.fix_days for the item's severity after the day it was found. It is\n"
        "closed on the date the register's 整改情况及复查日期 gives (a corrected register may add\n"
        "it), or by the next inspection of the same subject that passes the item; it is overdue\n"
        "when still open after its due date. Each row: branch, subject / owner, item, found, due,\n"
        "status, closed, closed by, days (to close, overdue, or open so far) and where it was "
        "found.\n"
        "\n"
        "\b\n"
        "Examples:\n"
        "  svccheck actions --status overdue\n"
        "  svccheck actions --branch 东环支行 --date 2026-10-20 --format md -o actions.md\n"
        "  svccheck actions --format xlsx -o actions.xlsx --db postgresql://svc@db/ledger"
    ): (
        "列出检查发现的整改事项，整改期限最早的在前。\n"
        "\n"
        "检查中每个不合格项都产生一项整改：问题点名到人的（问责登记簿）由该人整改，否则由网点"
        "整改；整改期限取登记簿的“整改期限”，未填则按检查表 scoring.fix_days 中该项严重程度"
        "的天数从发现之日起算。登记簿“整改情况及复查日期”写明日期（更正后的登记簿也可以补写）"
        "即按该日销号，同一对象的下一次检查该项合格也即销号；过了整改期限仍未销号即为逾期。"
        "每行列出：网点、整改对象/责任人、检查项目、发现日期、整改期限、状态、整改日期、销号"
        "依据、天数（整改用时、逾期天数或已开放天数）以及问题出处。\n"
        "\n"
        "\b\n"
        "示例：\n"
        "  svccheck actions --status overdue\n"
        "  svccheck actions --branch 东环支行 --date 2026-10-20 --format md -o actions.md\n"
        "  svccheck actions --format xlsx -o actions.xlsx --db postgresql://svc@db/ledger"
    ),
    "Only this branch's actions.": "只列出这个网点的整改事项。",
    (
        "Only actions open (not yet due), overdue or closed on --date (or their "
        "labels: 未到期, 已逾期, 已整改)."
    ): (
        "只列出在 --date 当天未到期（open）、已逾期（overdue）或已整改（closed）的事项"
        "（写中文亦可）。"
    ),
    "The day the status is taken on (default today).": "按哪一天判断状态（默认今天）。",
    "Write the list to this file (atomically).": "把清单写入这个文件（原子写入）。",
    (
        "table, json, md, csv or xlsx (xlsx needs -o). "
        "Default: the one -o's suffix names, else table."
    ): ("table、json、md、csv 或 xlsx（xlsx 需要 -o）。默认：按 -o 文件名的扩展名，否则 table。"),
}
