#!/usr/bin/env python3
"""same_rejects.py CSV_RUN/rejects.csv XLSX_RUN/rejects.csv

The rejects of a batch's .xlsx form are those of its CSV form: the same
rows in the same order, each with the same field, value and reason; only
the file (NAME.xlsx), the line (the sheet's row) and the cell named before
the reason ("申报表!B17: ", 工作表“申报表”B17单元格：) differ."""
import csv
import re
import sys

CELL_EN = re.compile(r"^[^!]*![A-Z]{1,3}[0-9]+: ")
CELL_ZH = re.compile(r"^工作表“[^”]*”[A-Z]{1,3}[0-9]+单元格：")
LINE = re.compile(r"(line |第 )\d+")


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def main():
    a, b = rows(sys.argv[1]), rows(sys.argv[2])
    if a[0] != b[0] or len(a) != len(b):
        print("headers or counts differ: %d and %d rows" % (len(a), len(b)))
        return 1
    bad = 0
    for x, y in zip(a[1:], b[1:]):
        file_ok = y[0] == x[0][:-4] + ".xlsx"
        error_ok = LINE.sub(r"\1N", x[4]) == LINE.sub(r"\1N", CELL_EN.sub("", y[4])) and CELL_EN.match(y[4])
        message_ok = LINE.sub(r"\1N", x[5]) == LINE.sub(r"\1N", CELL_ZH.sub("", y[5])) and CELL_ZH.match(y[5])
        if not (file_ok and x[2:4] == y[2:4] and error_ok and message_ok):
            print("differ:\n  %s\n  %s" % (x, y))
            bad += 1
    return 1 if bad else 0


sys.exit(main())
