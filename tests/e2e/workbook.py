#!/usr/bin/env python3
"""Reads a run's workbooks back independently of grantdoc (openpyxl) and
checks them against its CSV files, its PDFs (pdftotext) and its files.

usage: workbook.py OUT_DIR [ACCOUNTS.json]

disbursement.xlsx: the projects, subtotals and total of disbursement.csv,
to the fen, and the grand total disbursement.pdf prints; amounts are
numbers shown with two decimals, account numbers text cells (with
ACCOUNTS.json, {id: account}, each payment's equal to the digits given); the
workbook is dated from the batch (summary.json's decision date).

index.csv: one row per record of decisions.csv, in its order, with its
category, status and amounts; every path it names is a file of OUT_DIR
(or in document-errors.csv), every per-record PDF of OUT_DIR is named
once; index.xlsx holds the same rows, each path a link to its file."""
import csv
import datetime
import json
import os
import re
import subprocess
import sys

import openpyxl

out = sys.argv[1]
accounts = json.load(open(sys.argv[2], encoding="utf-8")) if len(sys.argv) > 2 else None
failures = 0


def check(cond, what, detail=""):
    global failures
    if cond:
        print("ok   " + what)
    else:
        failures += 1
        print("FAIL " + what + ("\n     " + str(detail) if detail else ""))


def read_csv(name):
    with open(os.path.join(out, name), encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def fen(value):
    """An amount as the CSV or the PDF writes it, or a workbook number, in fen."""
    if isinstance(value, (int, float)):
        return round(value * 100)
    whole, _, frac = value.replace(",", "").partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


# ---- disbursement.xlsx against disbursement.csv and disbursement.pdf ----

rows = read_csv("disbursement.csv")
head, body = rows[0], rows[1:]
AMOUNT, LABEL, SEQ = head.index("金额（元）"), head.index("单位"), head.index("序号")
csv_projects = [r for r in body if r[SEQ]]
csv_total = [fen(r[AMOUNT]) for r in body if r[LABEL] == "合计"]
csv_subtotals = [fen(r[AMOUNT]) for r in body if not r[SEQ] and r[LABEL] != "合计"]

book = openpyxl.load_workbook(os.path.join(out, "disbursement.xlsx"))
sheet = book["资金拨付表"]
cells = [list(r) for r in sheet.iter_rows()]
header_at = next(i for i, r in enumerate(cells) if r[0].value == "序号")
header = [c.value for c in cells[header_at]]
col = {name: header.index(name) for name in ("序号", "收款单位（全称）", "开户银行", "银行账号", "项目编号", "项目名称",
                                             "拨付依据（立项文号）", "预算科目", "金额（元）", "金额（大写）")}
lines, total, subtotals = [], None, []
for r in cells[header_at + 1:]:
    label = r[col["收款单位（全称）"]].value
    if r[0].value is not None:
        lines.append(r)
    elif label == "合计":
        total = r
        break
    elif label:
        subtotals.append(r)
x_projects = [fen(r[col["金额（元）"]].value) for r in lines]
check(len(lines) == len(csv_projects) and x_projects == [fen(r[AMOUNT]) for r in csv_projects],
      "disbursement.xlsx: the %d payments of disbursement.csv, to the fen" % len(lines))
check([r[col["项目编号"]].value for r in lines] == [r[head.index("项目编号")] for r in csv_projects]
      and [r[col["收款单位（全称）"]].value for r in lines] == [r[LABEL] for r in csv_projects]
      and [r[col["金额（大写）"]].value for r in lines] == [r[head.index("金额（大写）")] for r in csv_projects],
      "disbursement.xlsx: payee, project and amount in capitals as in the CSV")
x_total = fen(total[col["金额（元）"]].value) if total else None
check(total is not None and csv_total == [x_total] and x_total == sum(x_projects)
      and [fen(r[col["金额（元）"]].value) for r in subtotals] == csv_subtotals,
      "disbursement.xlsx: subtotals and total %s equal disbursement.csv's and the sum of the payments" % x_total)
amount_cells = [r[col["金额（元）"]] for r in lines + subtotals + ([total] if total else [])]
check(all(c.data_type == "n" and c.number_format == "#,##0.00" for c in amount_cells),
      "disbursement.xlsx: amounts are numbers shown with two decimals")
account_cells = [r[col["银行账号"]] for r in lines]
check(all(c.value is None or (c.data_type == "s" and re.fullmatch(r"[0-9]{8,32}", c.value)) for c in account_cells)
      and all(c.number_format == "@" for c in account_cells),
      "disbursement.xlsx: account numbers are text cells of digits (format @)")
if accounts is not None:
    got = {r[col["项目编号"]].value: r[col["银行账号"]].value for r in lines}
    check(got and all(accounts.get(k) == v for k, v in got.items()),
          "disbursement.xlsx: the account number of each of the %d payments kept digit for digit" % len(got),
          {k: (accounts.get(k), v) for k, v in got.items() if accounts.get(k) != v})
signatures = [c.value for r in cells for c in r if isinstance(c.value, str) and c.value.endswith("：")]
check(signatures[-3:] == ["经办人：", "审核人：", "财务负责人："], "disbursement.xlsx: 经办人, 审核人, 财务负责人 lines",
      signatures[-3:])
pdf = subprocess.run(["pdftotext", "-layout", os.path.join(out, "disbursement.pdf"), "-"],
                     capture_output=True, check=True).stdout.decode("utf-8")
pdf_amounts = [fen(a) for a in re.findall(r"(?<![\d,.])\d{1,3}(?:,\d{3})*\.\d\d(?![\d,])", pdf)]
check(pdf_amounts and max(pdf_amounts) == x_total,
      "disbursement.pdf: its grand total (the largest amount it prints) is the workbook's, %s" % x_total,
      max(pdf_amounts) if pdf_amounts else "no amount in the PDF")
title = cells[0][0].value
check(title and title in pdf.replace("\n", "").replace(" ", ""), "disbursement.xlsx: the PDF's title, " + str(title))
summary = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
created = book.properties.created
check(summary["decided"] is None or created == datetime.datetime.fromisoformat(summary["decided"]),
      "disbursement.xlsx: dated from the batch (%s), not the clock" % created)

# ---- index.csv against decisions.csv and the files; index.xlsx ----

index = read_csv("index.csv")
decisions = read_csv("decisions.csv")
ih, irows = index[0], index[1:]
dh, drows = decisions[0], decisions[1:]
kinds = ih[7:]
check(ih[:7] == ["id", "applicant", "title", "category", "status", "requested", "award"] and kinds,
      "index.csv: header id … award and the kinds " + ",".join(kinds))
pick = [dh.index(k) for k in ("id", "category", "status", "requested", "award")]
check([[r[0], r[3], r[4], r[5], r[6]] for r in irows[:len(drows)]] == [[r[i] for i in pick] for r in drows],
      "index.csv: the %d records of decisions.csv in order, with category, status and amounts" % len(drows))
extra = irows[len(drows):]
# A record of another input: the unit it concerns and its outcome (as
# recoveries.csv or bans.csv say), no title, category or amounts.
outcome = {}
if os.path.exists(os.path.join(out, "recoveries.csv")):
    rec = read_csv("recoveries.csv")
    outcome.update({r[0]: r[rec[0].index("status")] for r in rec[1:]})
if os.path.exists(os.path.join(out, "bans.csv")):
    ban = read_csv("bans.csv")
    outcome.update({r[ban[0].index("source_id")]: "禁止申报" for r in ban[1:]})
check(all(r[1] and not any(r[2:4]) and not any(r[5:7]) and r[4] == outcome.get(r[0]) for r in extra),
      "index.csv: %d records of other inputs with their unit, their outcome as recoveries.csv or bans.csv "
      "says, and their documents" % len(extra))
errors = {r[1] for r in read_csv("document-errors.csv")[1:]}
named = [p for r in irows for cell in r[7:] for p in cell.split(" ") if p]
missing = [p for p in named if not os.path.isfile(os.path.join(out, p)) and p not in errors]
check(named and not missing, "index.csv: each of its %d paths is a file of the output" % len(named), missing[:5])
present = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs
                 if f.endswith(".pdf") and d != out)
check(sorted(named) == sorted(set(named)) and sorted(p for p in named if p not in errors) == present,
      "index.csv: every per-record PDF (%d) named exactly once" % len(present))
ibook = openpyxl.load_workbook(os.path.join(out, "index.xlsx"), data_only=True)
isheet = ibook["index"]
xrows = [["" if c.value is None else str(c.value) for c in r] for r in isheet.iter_rows()]
xrows = [r + [""] * (len(ih) - len(r)) for r in xrows]
check(xrows == index, "index.xlsx: the rows of index.csv", next(((a, b) for a, b in zip(xrows, index) if a != b), None))
# Each path is a HYPERLINK() formula to itself, its cached value the path.
fsheet = openpyxl.load_workbook(os.path.join(out, "index.xlsx"))["index"]
links = [re.fullmatch(r'=HYPERLINK\("([^"]*)","([^"]*)"\)', str(c.value or ""))
         for r in fsheet.iter_rows(min_row=2) for c in r[7:] if c.value]
check(len(links) == len(named) and all(m and m.group(1) == m.group(2) for m in links)
      and sorted(m.group(1) for m in links) == sorted(named),
      "index.xlsx: each of the %d paths is a HYPERLINK() to its file" % len(links))
check(ibook.properties.created == created, "index.xlsx: dated from the batch too")

print("workbook: %d failed" % failures)
sys.exit(1 if failures else 0)
