#!/usr/bin/python3
"""Writes a batch's CSV inputs as .xlsx workbooks, the way a clerk's Excel
export looks: a merged title row above the header, Chinese headers (the
first alias of data/aliases.txt for an English key), dates and date-times
as date cells (serials), amounts and counts as numbers, 是/否 as boolean
cells, ids, credit codes, ID numbers, account numbers and phone numbers as text, strings in
the shared-string table.

    csv_to_xlsx.py SRC DST [--aliases FILE] [--1904] [--inline] [--sheet FILE=NAME]

SRC is a batch directory; DST receives programme.xml and NAME.xlsx for
every NAME.csv. --1904 writes workbooks in the 1904 date system; --inline
keeps strings in the cells (as openpyxl and some exporters write them). --sheet
puts a 填报说明 sheet first and the data in sheet NAME, and names it in
programme.xml (<sheet file="FILE">NAME</sheet>). Test-only (openpyxl)."""
import argparse
import csv
import datetime
import io
import os
import re
import shutil
import sys
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

TEXT_HEADER = re.compile(r"(^id$|_id$|uscc|phone|affiliates|account|编号|代码|证件|身份证|电话|号码|账号|帐号)")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
WHOLE = re.compile(r"^(0|[1-9]\d{0,14})$")
GROUPED = re.compile(r"^[1-9]\d{0,2}(,\d{3})+$")
DECIMAL = re.compile(r"^\d{1,3}\.\d{1,2}$")


def read_csv(path):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return list(csv.reader(io.StringIO(text, newline="")))


def load_aliases(path):
    """key -> first alias, and FILE:key -> first alias."""
    first = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.split():
            continue
        key, *names = line.split()
        first.setdefault(key, names[0])
    return first


def header_name(cell, stem, aliases):
    for key in ("%s.csv:%s" % (stem, cell), cell):
        if key in aliases:
            return aliases[key]
    return cell


def cell_value(text, header):
    """The cell as Excel would hold what a clerk typed, and its format."""
    if TEXT_HEADER.search(header):
        return text, "@"
    if text in ("是", "否"):
        return text == "是", None
    try:
        if DATE.match(text):
            return datetime.datetime.strptime(text, "%Y-%m-%d"), "yyyy-mm-dd"
        if DATETIME.match(text):
            return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M"), "yyyy-mm-dd hh:mm"
    except ValueError:
        return text, None  # 2025-02-30 stays the text it is
    if WHOLE.match(text):
        return int(text), "0"
    if GROUPED.match(text):
        return int(text.replace(",", "")), "#,##0"
    if DECIMAL.match(text):
        return float(text), "0.00"
    return text, None


INLINE = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t((?: xml:space="preserve")?)>(.*?)</t></is></c>')
SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
SST_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def to_shared_strings(path):
    """openpyxl writes strings inline; Excel keeps them in xl/sharedStrings.xml."""
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    index, table = {}, []

    def shared(m):
        text = m.group(4)
        if text not in index:
            index[text] = len(table)
            table.append(text)
        return '<c r="%s"%s t="s"><v>%d</v></c>' % (m.group(1), m.group(2), index[text])

    out = []
    for info, data in parts:
        if info.filename.startswith("xl/worksheets/"):
            data = INLINE.sub(shared, data.decode("utf-8")).encode("utf-8")
        elif info.filename == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"</Relationships>", b'<Relationship Type="%s" Target="sharedStrings.xml" Id="rIdSst"/></Relationships>'
                                % SST_TYPE.encode())
        elif info.filename == "[Content_Types].xml":
            data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>'
                                % SST_CONTENT.encode())
        out.append((info, data))
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="%d">'
           % len(table) + "".join('<si><t xml:space="preserve">%s</t></si>' % t for t in table) + "</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in out:
            z.writestr(info, data)
        z.writestr("xl/sharedStrings.xml", sst)


def write_book(rows, stem, dst, aliases, epoch1904, sheet_name, inline):
    wb = openpyxl.Workbook()
    if epoch1904:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    if sheet_name:
        ws.title = "填报说明"
        ws["A1"] = "本表由申报系统导出，请勿修改表头。"
        ws = wb.create_sheet(sheet_name)
    else:
        ws.title = "Sheet1"
    header, body = rows[0], rows[1:]
    header = [h.lstrip("\ufeff") for h in header]
    names = [header_name(h, stem, aliases) for h in header]
    width = len(header)
    ws.cell(row=1, column=1, value="%s 导出数据" % stem)
    if width > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for c, name in enumerate(names, 1):
        ws.cell(row=2, column=c, value=name)
    r = 3
    for row in body:
        if not any(x.strip() for x in row):
            continue  # Excel keeps no blank lines between records
        for c, text in enumerate(row, 1):
            if text == "":
                continue
            value, fmt = cell_value(text, names[c - 1] if c <= width else "")
            cell = ws.cell(row=r, column=c, value=value)
            if fmt:
                cell.number_format = fmt
        r += 1
    path = os.path.join(dst, stem + ".xlsx")
    wb.save(path)
    if not inline:
        to_shared_strings(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--aliases", default=os.path.join(os.path.dirname(__file__), "..", "data", "aliases.txt"))
    ap.add_argument("--1904", dest="epoch1904", action="store_true")
    ap.add_argument("--sheet", action="append", default=[])
    ap.add_argument("--inline", action="store_true", help="keep openpyxl's inline strings")
    a = ap.parse_args()
    aliases = load_aliases(a.aliases)
    sheets = dict(s.split("=", 1) for s in a.sheet)
    os.makedirs(a.dst, exist_ok=True)
    for name in sorted(os.listdir(a.src)):
        path = os.path.join(a.src, name)
        if name.endswith(".csv"):
            stem = name[:-4]
            write_book(read_csv(path), stem, a.dst, aliases, a.epoch1904, sheets.get(stem + ".xlsx"), a.inline)
        elif os.path.isfile(path):
            shutil.copy(path, os.path.join(a.dst, name))
    if sheets:
        prog = os.path.join(a.dst, "programme.xml")
        text = open(prog, encoding="utf-8").read()
        extra = "".join('  <sheet file="%s">%s</sheet>\n' % (f, s) for f, s in sorted(sheets.items()))
        text = text.replace("</programme>", extra + "</programme>")
        open(prog, "w", encoding="utf-8").write(text)
    return 0


sys.exit(main())
