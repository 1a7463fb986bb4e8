#!/usr/bin/env python3
"""Writes the CSV form of a shanxi-coop batch as one batch.xml (docs/batch.xsd).

usage: csv_to_batch_xml.py BATCH_DIR OUT_FILE

Chinese headers are mapped to the English keys; columns the contract does
not know are left out; every cell is written as it is, so a cell that does
not parse stays as it is and is refused for its record, as in CSV.
"""
import codecs
import csv
import io
import sys
from xml.sax.saxutils import escape

KEYS = {"申报编号": "id", "专家编号": "expert", "专家类型": "role", "评分": "score", "回避": "recused",
        "对象类型": "subject_kind", "证件号码": "subject_id", "名称": "name", "起始日期": "start",
        "截止日期": "end", "事由": "reason", "收到日期": "received", "异议内容": "summary"}
KNOWN = {
    "application": "id category title applicant applicant_uscc applicant_kind registered_on pi_name pi_id pi_title "
                   "pi_degree pi_ongoing_coop pi_ongoing_other pi_last_coop_year partner partner_country partner_uscc "
                   "partner_kind signatory_rank agreement_kind agreement_signed agreement_bilingual agreement_until start "
                   "end requested matching targets field submitted_online received_paper attachments novelty_date "
                   "misconduct blacklisted env_incident integrity_signed duplicate_funding secret needs_ethics "
                   "contact_phone applicant_province".split(),
    "evaluation": "id expert role score recused".split(),
    "sanction": "subject_kind subject_id name start end reason".split(),
    "objection": "id received summary".split(),
}


def read(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return list(csv.reader(io.StringIO(text, newline="")))


def records(out, batch, file, container, element):
    try:
        rows = read("%s/%s" % (batch, file))
    except FileNotFoundError:
        return
    head = [KEYS.get(h.strip(), h.strip()) for h in rows[0]]
    out.write("  <%s>\n" % container)
    for r in rows[1:]:
        if not any(c.strip() for c in r):
            continue
        cells = "".join("<%s>%s</%s>" % (k, escape(v), k) for k, v in zip(head, r) if k in KNOWN[element])
        out.write("    <%s>%s</%s>\n" % (element, cells, element))
    out.write("  </%s>\n" % container)


batch, dest = sys.argv[1], sys.argv[2]
prog = open(batch + "/programme.xml", encoding="utf-8").read()
prog = prog[prog.index("<programme"):]
with open(dest, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<batch>\n')
    out.write(prog.rstrip() + "\n")
    records(out, batch, "applications.csv", "applications", "application")
    records(out, batch, "evaluations.csv", "evaluations", "evaluation")
    records(out, batch, "sanctions.csv", "sanctions", "sanction")
    records(out, batch, "objections.csv", "objections", "objection")
    out.write("</batch>\n")
