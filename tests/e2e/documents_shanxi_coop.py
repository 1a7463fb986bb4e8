#!/usr/bin/env python3
"""Checks the PDFs of a run against its decisions.

usage: documents_shanxi_coop.py OUT_DIR BATCH_DIR

Every PDF passes `qpdf --check` without warnings, `pdffonts` lists only
embedded subset fonts with a ToUnicode map, and `pdftotext` prints no
warning. Each notice gives back, exactly, the applicant's name, every
reason sentence of its record and, when funded, the award; the publicity
list gives back every listed project and the total.
"""
import csv
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfcheck  # noqa: E402
from pdfcheck import check, text, wan  # noqa: E402

out, batch = sys.argv[1], sys.argv[2]

pdfs = (sorted(glob.glob(os.path.join(out, "notices", "*.pdf"))) + sorted(glob.glob(os.path.join(out, "taskbooks", "*.pdf")))
        + [os.path.join(out, "publicity.pdf"), os.path.join(out, "disbursement.pdf")])
pdfcheck.structure_and_fonts(pdfs)

apps = {r["id"]: r for r in csv.DictReader(open(os.path.join(batch, "applications.csv"), encoding="utf-8"))}
decisions, reasons = pdfcheck.decisions_and_reasons(out)

checked = sentences = 0
for d, t in pdfcheck.notices(out, decisions):
    checked += 1
    check(apps[d["id"]]["applicant"] in t, d["id"] + ": applicant name", apps[d["id"]]["applicant"])
    check(d["status"] != "立项" or "资助引导资金%s万元" % wan(int(d["award"])) in t, d["id"] + ": award")
    if int(d["self_raise"]) and d["status"] in ("立项", "拟立项"):
        check("差额%s万元" % wan(int(d["self_raise"])) in t, d["id"] + ": self-raised difference")
    for s in reasons.get(d["id"], []):
        sentences += 1
        check(s in t, d["id"] + ": reason sentence", s)
print("ok   %d notices give back names, amounts and %d reason sentences exactly" % (checked, sentences))

# A ban cites 申报通知二、8 only when its ground is an integrity record (科研
# 失信, 黑名单, 不良信用): 未按期结题 is not one, and 二、8 does not say it.
bans = {"integrity": 0, "other": 0}
for d, t in pdfcheck.notices(out, decisions):
    for s in reasons.get(d["id"], []):
        m = re.search(r"的(惩戒执行期|限制申报期)（([^）]*)），不得申报(.*)$", s) or \
            re.search(r"起处于(惩戒执行期|限制申报期)（([^）]*)），不得申报(.*)$", s)
        if not m:
            continue
        integrity = any(w in m.group(2) for w in ("失信", "黑名单", "不良信用", "不端", "诚信"))
        bans["integrity" if integrity else "other"] += 1
        check((m.group(1) == "惩戒执行期") == integrity and ("二、8" in m.group(3)) == integrity,
              d["id"] + ": a ban cites 二、8 for an integrity ground only", s)
check(bans["integrity"] and bans["other"], "the sample has bans of both grounds", repr(bans))
print("ok   %d integrity bans cite 申报通知二、8, %d other bans do not" % (bans["integrity"], bans["other"]))

t = text(os.path.join(out, "publicity.pdf"))
listed = [d for d in decisions if d["status"] in ("立项", "公示异议", "拟立项")]
total = sum(int(d["award"]) for d in listed)
missing = [d["id"] for d in listed if apps[d["id"]]["title"].replace("\n", "") not in t]
check(not missing, "publicity: every listed project's title", repr(missing[:5]))
check("拟资助引导资金合计%s万元" % wan(total) in t and "合计" + wan(total) in t.replace(" ", ""),
      "publicity: total %s万元" % wan(total))
print("ok   publicity.pdf lists %d projects, total %s万元" % (len(listed), wan(total)))
# Task books: one per 立项 project, with its award and self-raised difference.
funded = [d for d in decisions if d["status"] == "立项"]
books = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(out, "taskbooks", "*.pdf")))
check(books == sorted(d["id"] for d in funded), "a task book for exactly the 立项 projects", "%s" % books[:5])
for d in funded:
    t = text(os.path.join(out, "taskbooks", d["id"] + ".pdf"))
    check("省级财政引导资金" + wan(int(d["award"])) in t.replace(" ", ""), d["id"] + ": task book award " + wan(int(d["award"])))
    raise_sentence = "差额%s万元由承担单位自筹配套解决" % wan(int(d["self_raise"]))
    check((raise_sentence in t) == (int(d["self_raise"]) > 0), d["id"] + ": task book self-raised difference")
    check(apps[d["id"]]["applicant"] in t and "第十五条" in t, d["id"] + ": task book parties and obligations")
print("ok   %d task books state their award and self-raised difference" % len(funded))

# Disbursement: the CSV and the PDF list the same projects and totals, and
# the grand total is the sum of the 立项 awards.
rows = list(csv.DictReader(open(os.path.join(out, "disbursement.csv"), encoding="utf-8-sig")))
projects = [r for r in rows if r["序号"]]
total_row = [r for r in rows if r["单位"] == "合计"]
check(sorted(r["项目编号"] for r in projects) == sorted(d["id"] for d in funded), "disbursement.csv: the 立项 projects")
grand = sum(int(d["award"]) for d in funded)
check(len(total_row) == 1 and int(total_row[0]["金额（元）"]) == grand == sum(int(r["金额（元）"]) for r in projects),
      "disbursement.csv: grand total %d = sum of 立项 awards" % grand)
subtotals = [r for r in rows if r["单位"].endswith("小计")]
check(sum(int(r["金额（元）"]) for r in subtotals) == grand, "disbursement.csv: subtotals add up to the total")
pdfcheck.capitals_read_back(rows, "金额（元）", "金额（大写）")
manifest = open(os.path.join(out, "manifest.json"), encoding="utf-8").read()
check('"grand_total": %d' % grand in manifest, "manifest: grand total %d" % grand)
t = text(os.path.join(out, "disbursement.pdf"))
missing = [r["项目编号"] for r in projects if r["项目编号"] not in t]
check(not missing, "disbursement.pdf: every project of the CSV", repr(missing[:5]))
grouped = "{:,}.00".format(grand)
check(grouped in t and total_row[0]["金额（大写）"] in t, "disbursement.pdf: total %s and %s" % (grouped, total_row[0]["金额（大写）"]))
for r in subtotals:
    check(r["金额（大写）"] in t, "disbursement.pdf: subtotal " + r["单位"])
print("ok   disbursement: %d projects, total %d in figures and capitals, CSV = PDF = decisions = manifest" % (len(projects), grand))
print("documents: %d failed" % pdfcheck.failures)
sys.exit(1 if pdfcheck.failures else 0)
