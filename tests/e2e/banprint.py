#!/usr/bin/env python3
"""Every document that prints a ban period prints the last day bans.csv
stores (spec v2, V2-G1): for each row of OUT_DIR/bans.csv, the documents of
its source record (index.csv) are read with pdftotext; one at least must say
"至<end>止" with that end, and none may print a period ending otherwise.

usage: banprint.py OUT_DIR   (exit 1 on a mismatch; prints one line)"""
import csv
import datetime
import os
import re
import subprocess
import sys

out = sys.argv[1]


def rows(name):
    with open(os.path.join(out, name), encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def chinese(iso):
    d = datetime.date.fromisoformat(iso)
    return "%d年%d月%d日" % (d.year, d.month, d.day)


def text(rel):
    t = subprocess.run(["pdftotext", os.path.join(out, rel), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", t)


bans = rows("bans.csv")
head, bans = bans[0], bans[1:]
index = rows("index.csv")
docs = {r[0]: [p for cell in r[7:] for p in cell.split() if p] for r in index[1:]}
problems, checked = [], 0
for b in bans:
    source, end = b[head.index("source_id")], b[head.index("end")]
    if not source or source not in docs:
        continue
    want, printed = chinese(end), False
    for rel in docs[source]:
        ends = set(re.findall(r"至(\d{4}年\d{1,2}月\d{1,2}日)止", text(rel)))
        if ends and want not in ends:
            problems.append("%s: prints %s, bans.csv says %s" % (rel, ",".join(sorted(ends)), want))
        printed = printed or want in ends
    if printed:
        checked += 1
    else:
        problems.append("%s: no document prints its ban's last day %s" % (source, want))
if problems:
    print("banprint: " + "; ".join(problems[:5]))
    sys.exit(1)
print("%d bans: each record's documents print the last day bans.csv stores" % checked)
