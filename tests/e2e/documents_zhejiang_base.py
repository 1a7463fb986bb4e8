#!/usr/bin/env python3
"""Checks the PDFs of a zhejiang-base run against its decisions.

usage: documents_zhejiang_base.py OUT_DIR BATCH_DIR

Every PDF is sound (qpdf, embedded subset fonts); each notice gives back
the host, every reason sentence, and what its status promises: the
reward for 优秀, the score and the reminder for 不合格, the ban's first
and last day for 撤销资格 (the day decisions.csv and bans.csv store) and
the notice of rights (行政复议 before the review body of programme.xml,
行政诉讼); the grade list names every evaluated base with
its grade and counts them; the reward sheet (CSV and PDF) pays exactly
the 优秀 bases.
"""
import csv
import datetime as dt
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfcheck  # noqa: E402
from pdfcheck import check, text, wan  # noqa: E402

out, batch = sys.argv[1], sys.argv[2]
pdfcheck.structure_and_fonts(sorted(glob.glob(os.path.join(out, "notices", "*.pdf")))
                             + [os.path.join(out, "publicity.pdf"), os.path.join(out, "disbursement.pdf")])

bases = {r["id"]: r for r in csv.DictReader(open(os.path.join(batch, "applications.csv"), encoding="utf-8"))}
programme = open(os.path.join(batch, "programme.xml"), encoding="utf-8").read()
decided = programme.split("<decided>")[1][:10]
review_body = programme.split("<review-body>")[1].split("<")[0]
RIGHTS = ("如不服本决定，可以自收到本决定之日起六十日内向%s申请行政复议" % review_body, "提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）")
decisions, reasons = pdfcheck.decisions_and_reasons(out)


def cn(iso):
    d = dt.date.fromisoformat(iso)
    return "%d年%d月%d日" % (d.year, d.month, d.day)


def short(score):
    return score.rstrip("0").rstrip(".") if "." in score else score


promises = {
    "认定": lambda d, t: "认定为省科技厅国际科技合作基地" in t,
    "不予认定": lambda d, t: "决定不予认定" in t,
    "优秀": lambda d, t: "评价结果为优秀" in t and "本批次奖励经费%s万元" % wan(int(d["award"])) in t,
    "合格": lambda d, t: "得分%s分，按本批次规定" % short(d["score"]) in t and "评价结果为合格" in t,
    "不合格": lambda d, t: "得分%s分" % short(d["score"]) in t and "提醒督促" in t and "抄送：组织推荐部门" in t,
    "撤销资格": lambda d, t: "决定取消其省科技厅国际科技合作基地资格" in t
    and "三年内（自%s起至%s止）" % (cn(decided), cn(d["ban_until"])) in t and all(r in t for r in RIGHTS),
    "退出": lambda d, t: "不再列入省科技厅国合基地序列" in t,
}
checked = sentences = 0
for d, t in pdfcheck.notices(out, decisions):
    checked += 1
    check(bases[d["id"]]["host"] in t, d["id"] + ": host name", bases[d["id"]]["host"])
    check(promises[d["status"]](d, t), "%s: the %s notice states what it must" % (d["id"], d["status"]), t[:300])
    for s in reasons.get(d["id"], []):
        sentences += 1
        check(s in t, d["id"] + ": reason sentence", s)
print("ok   %d notices give back hosts, their status's facts and %d reason sentences exactly" % (checked, sentences))

t = text(os.path.join(out, "publicity.pdf")).replace(" ", "")
evaluated = [d for d in decisions if d["status"] in ("优秀", "合格", "不合格", "撤销资格", "退出")]
recognised = [d for d in decisions if d["status"] == "认定"]
count = {s: sum(d["status"] == s for d in evaluated) for s in ("优秀", "合格", "不合格", "撤销资格", "退出")}
check("%d家国合基地中，优秀%d家、合格%d家、不合格%d家；%d家基地被取消资格" % (
    len(evaluated), count["优秀"], count["合格"], count["不合格"], count["撤销资格"]) in t, "grade list: the counts", t[:400])
missing = [d["id"] for d in evaluated + recognised if d["id"] not in t]
check(not missing, "grade list: every evaluated and recognised base", repr(missing[:5]))
rows_in_order = all(t.index(a["id"]) < t.index(b["id"]) for a, b in zip(evaluated, evaluated[1:])
                    if a["status"] == b["status"])
check(rows_in_order, "grade list: input order within a grade")
print("ok   grade list names %d evaluated and %d recognised bases with the counts per grade" % (len(evaluated), len(recognised)))

rows = list(csv.DictReader(open(os.path.join(out, "disbursement.csv"), encoding="utf-8-sig")))
paid = [r for r in rows if r["序号"]]
excellent = [d for d in decisions if d["status"] == "优秀"]
check(sorted(r["项目编号"] for r in paid) == sorted(d["id"] for d in excellent), "reward sheet: exactly the 优秀 bases")
grand = sum(int(d["award"]) for d in excellent)
total = [r for r in rows if r["单位"] == "合计"]
check(len(total) == 1 and int(total[0]["金额（元）"]) == grand, "reward sheet: total %d" % grand)
pdfcheck.capitals_read_back(rows, "金额（元）", "金额（大写）")
t = text(os.path.join(out, "disbursement.pdf"))
check("{:,}.00".format(grand) in t and total[0]["金额（大写）"] in t and all(d["id"] in t for d in excellent),
      "disbursement.pdf: the bases and the total in figures and capitals")
print("ok   reward sheet: %d bases, %d yuan (%s), CSV = PDF = decisions" % (len(paid), grand, total[0]["金额（大写）"]))
print("documents: %d failed" % pdfcheck.failures)
sys.exit(1 if pdfcheck.failures else 0)
