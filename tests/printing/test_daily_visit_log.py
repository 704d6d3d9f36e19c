"""The daily visit log: the day's visits, totals, closing status and signature lines."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from branchdesk.printing.daily_visit_log import DailyLogRow, render_daily_visit_log

DAY = date(2026, 11, 23)
ROWS = [
    DailyLogRow(
        datetime(2026, 11, 23, 9, 5),
        datetime(2026, 11, 23, 10, 40),
        "张伟",
        "北京华信科技有限公司",
        "138 1234 5678",
        "业务咨询",
        3,
        "李娜",
        1,
    ),
    DailyLogRow(
        datetime(2026, 11, 23, 14, 30), None, "王芳", "", "139 1234 5678", "投诉", 1, "", 0
    ),
]


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_closed_log_in_simplified_chinese():
    pdf = render_daily_visit_log(
        ROWS,
        DAY,
        "zh_CN",
        company="华信贸易有限公司",
        branch="上海浦东分公司",
        closed_by="李娜",
        closed_at=datetime(2026, 11, 23, 17, 45),
    )
    text = pdf_text(pdf)
    assert "来访日志" in text and "日期：2026-11-23星期一" in text
    assert "已由李娜于2026-11-2317:45关闭存档" in text
    for expected in ("张伟", "北京华信科技有限公司", "13812345678", "09:05", "10:40", "未签离"):
        assert expected in text
    assert "合计：2批来访，共4人；未答复问题1个" in text
    assert "记录人签字" in text and "负责人签收" in text


def test_draft_log_in_english():
    text = pdf_text(render_daily_visit_log(ROWS, DAY, "en"))
    assert "DailyVisitLog" in text and "Date:Monday2026-11-23" in text
    assert "Draft" in text and "Notsignedout" in text
    for time in ("09:05", "10:40", "14:30"):  # 24-hour, as every language prints it
        assert time in text
    assert "Total:2visits,4people;pendingreplies:1" in text
    assert "Recordedby" in text and "Receivedbytheresponsibleperson'soffice" in text


def test_empty_day_in_traditional_chinese():
    text = pdf_text(render_daily_visit_log([], DAY, "zh_TW"))
    assert "來訪日誌" in text and "本日沒有來訪紀錄。" in text


SEAL = (4711, "3f" * 32)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh_CN", f"审计封存：第4711条记录，哈希{'3f' * 32}"),
        ("zh_TW", f"稽核封存：第4711筆紀錄，雜湊{'3f' * 32}"),
        ("en", f"Auditseal:entry4711,hash{'3f' * 32}"),
    ],
)
def test_a_closed_log_carries_the_audit_seal(lang, line):
    pdf = render_daily_visit_log(
        ROWS, DAY, lang, closed_by="李娜", closed_at=datetime(2026, 11, 23, 17, 45), audit_seal=SEAL
    )
    assert line in pdf_text(pdf)


def test_a_draft_has_no_seal():
    assert "Auditseal" not in pdf_text(render_daily_visit_log(ROWS, DAY, "en"))
