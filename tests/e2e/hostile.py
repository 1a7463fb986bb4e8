#!/usr/bin/env python3
"""Hostile input: each case changes one thing in a copy of the sample batch
and asserts the exact message grantdoc gives, and — for damage confined to
rows — that every other record is still decided exactly as in the reviewed
expected decisions.csv.

usage: hostile.py BINARY
"""
import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

BIN = sys.argv[1]
SAMPLE = "samples/shanxi-coop-2024"
EXPECTED = open("tests/e2e/expected/shanxi-coop-2024/decisions.csv", "rb").read()
TMP = tempfile.mkdtemp(prefix="grantdoc-hostile-")
passed = failed = 0

ZH = {"id": "申报编号", "category": "项目类别", "title": "项目名称", "applicant": "申报单位",
      "applicant_uscc": "统一社会信用代码", "applicant_kind": "单位性质", "registered_on": "注册日期",
      "pi_name": "项目负责人", "pi_id": "负责人身份证号", "pi_title": "职称", "pi_degree": "学位",
      "pi_ongoing_coop": "在研合作交流专项数", "pi_ongoing_other": "在研其他省级项目数",
      "pi_last_coop_year": "最近一次主持合作交流专项年份", "partner": "合作单位", "partner_country": "合作国别",
      "partner_uscc": "合作单位信用代码", "partner_kind": "合作单位类型", "signatory_rank": "外方签字人职级",
      "agreement_kind": "合作文件类型", "agreement_signed": "双方签字盖章", "agreement_bilingual": "中英文对照",
      "agreement_until": "协议有效期至", "start": "执行期开始", "end": "执行期结束", "requested": "申请引导资金",
      "matching": "配套资金", "targets": "任务目标", "field": "技术领域", "submitted_online": "网络申报时间",
      "received_paper": "纸质材料送达时间", "attachments": "附件", "novelty_date": "查新报告日期",
      "misconduct": "科研失信记录", "blacklisted": "信用黑名单", "env_incident": "近3年重大环保事件",
      "integrity_signed": "诚信承诺书", "duplicate_funding": "已获其他财政支持", "secret": "涉密",
      "needs_ethics": "涉及伦理", "contact_phone": "联系电话", "applicant_province": "所在省份", "备注": "备注"}


def report(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name + ("\n     " + detail.replace("\n", "\n     ") if detail else ""))


def copy(name):
    d = os.path.join(TMP, name)
    shutil.copytree(SAMPLE, d)
    return d


def read_rows(path):
    return list(csv.reader(open(path, encoding="utf-8", newline="")))


def write_rows(path, rows, encoding="utf-8", newline="\n"):
    buf = io.StringIO()
    # Python quotes only fields holding its own terminator: quote every
    # field so a line break inside one stays inside it whatever the ending.
    csv.writer(buf, lineterminator=newline, quoting=csv.QUOTE_ALL).writerows(rows)
    open(path, "wb").write(buf.getvalue().encode(encoding))


def run(batch, timeout=120):
    """A run that hangs (a FIFO read as a file) fails its case, never the suite."""
    out = batch + "-out"
    try:
        p = subprocess.run([BIN, "run", batch, "--out", out, "--quiet", "--accept-rejects"], capture_output=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, "hung: no answer in %d s" % timeout, out
    return p.returncode, p.stderr.decode("utf-8", "replace"), out


def base_row(batch, **changes):
    rows = read_rows(os.path.join(batch, "applications.csv"))
    h = rows[0]
    r = list(next(r for r in rows[1:] if r and r[0] == "SXHZ2024-020"))
    r[0] = "SXHZ2024-990"
    for k, v in changes.items():
        r[h.index(k)] = v
    return r


def row_case(name, expected_reject, file="applications.csv", raw=None, **changes):
    """Appends one hostile row; the batch still runs; the reject is exact;
    every other decision is unchanged."""
    b = copy(name)
    path = os.path.join(b, file)
    data = open(path, "rb").read()
    if raw is None:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(base_row(b, **changes))
        raw = buf.getvalue().encode("utf-8")
    if file == "evaluations.csv":
        raw = raw.decode("utf-8").encode("gb18030") if isinstance(raw, bytes) and b"\xff" not in raw and b"\x00" not in raw else raw
    open(path, "wb").write(data + raw)
    code, err, out = run(b)
    rejects = open(os.path.join(out, "rejects.csv"), encoding="utf-8-sig", errors="replace").read() if code == 0 else ""
    decisions = open(os.path.join(out, "decisions.csv"), "rb").read() if code == 0 else b""
    # The last column is the Chinese message (tests/e2e/rejectzh.py checks those).
    rows = [next(csv.reader([line]))[:-1] for line in rejects.splitlines()]
    report(code == 0 and next(csv.reader([expected_reject])) in rows and decisions == EXPECTED,
           "%s: %s" % (name, expected_reject), "exit %d %s\n%s" % (code, err, rejects[-600:]))


def hostile_row(batch, **changes):
    """SXHZ2024-990, a copy of SXHZ2024-020 with changes, as one CSV line."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(base_row(batch, **changes))
    return buf.getvalue().encode("utf-8")


def reject_rows(out):
    """(file, line, field, value, error) of every row of rejects.csv (the
    Chinese message after them is checked by rejectzh.py)."""
    return [tuple(r[:5]) for r in csv.reader(open(os.path.join(out, "rejects.csv"), encoding="utf-8", errors="replace",
                                                  newline=""))]


def insert_case(name, expected_rejects, make_raw, at=40, file="applications.csv"):
    """Inserts raw bytes as physical line `at` of the file, in the middle of
    the records: the rejects (file, line, field, value, error) are exact,
    and every record after it is still decided exactly as before (none
    swallowed, none lost)."""
    b = copy(name)
    path = os.path.join(b, file)
    lines = open(path, "rb").read().split(b"\n")
    raw = make_raw(b)
    open(path, "wb").write(b"\n".join(lines[:at - 1]) + b"\n" + raw + b"\n".join(lines[at - 1:]))
    code, err, out = run(b)
    rejects = reject_rows(out) if code == 0 else []
    decisions = open(os.path.join(out, "decisions.csv"), "rb").read() if code == 0 else b""
    missing = [r for r in expected_rejects if r not in rejects]
    report(code == 0 and not missing and decisions == EXPECTED,
           "%s: %s" % (name, " | ".join(",".join(map(str, r)) for r in expected_rejects)),
           "exit %d %s\nmissing %s\n%s" % (code, err, missing, rejects[-6:]))


def same_case(name, transform):
    """A legitimate variation of the batch: identical decisions and rejects."""
    b = copy(name)
    transform(b)
    code, err, out = run(b)
    ref = open(os.path.join(TMP, "ref-out", "rejects.csv"), "rb").read()
    ok = code == 0 and open(os.path.join(out, "decisions.csv"), "rb").read() == EXPECTED and \
        open(os.path.join(out, "rejects.csv"), "rb").read() == ref
    report(ok, "%s: same decisions and rejects" % name, "exit %d %s" % (code, err))


def batch_case(name, transform, code_want, message):
    b = copy(name)
    transform(b)
    code, err, out = run(b)
    report(code == code_want and message in err and err.count("\n") == 1,
           "%s: exit %d, '%s'" % (name, code_want, message), "exit %d: %s" % (code, err))


shutil.copytree(SAMPLE, os.path.join(TMP, "ref"))
code, err, _ = run(os.path.join(TMP, "ref"))
assert code == 0, err

# An ignored objection leaves a row in an output file (the run is --quiet:
# stderr says nothing), not only a line on stderr.
warned = open(os.path.join(TMP, "ref-out", "warnings.csv"), encoding="utf-8").read().splitlines()
report(err == "" and
       "objections.csv:3: objection to SXHZ2024-028 received 2024-12-27 ignored: outside the publicity period" in warned and
       "objections.csv:4: objection to SXHZ2024-001 received 2024-12-21 ignored: the application is not on the publicity list"
       in warned, "ignored-objections: a row each in warnings.csv (outside the period, not on the list)", "\n".join(warned))

# ---- rows that cannot be read: the row alone goes to rejects.csv (line 96) ----
A = "applications.csv,96,"
row_case("invalid-utf8", A + 'applicant,山西\ufffd\ufffd有限公司,bytes that are not valid UTF-8 or GB18030 text',
         raw=b"SXHZ2024-990,KC,\xe5\xb1\xb1\xe8\xa5\xbf\xff\xfe\xe6\x9c\x89\xe9\x99\x90\xe5\x85\xac\xe5\x8f\xb8" + b"," * 41 + b"\n")
row_case("nul-byte", A + "applicant,ab,NUL byte in field", raw=b"SXHZ2024-990,KC,ab\x00cd" + b"," * 41 + b"\n")
row_case("ten-megabyte-field", A + "applicant," + "x" * 64 + ",field longer than 1 MiB",
         raw=b"SXHZ2024-990,KC," + b"x" * (10 * 1024 * 1024) + b"," * 41 + b"\n")
row_case("too-many-fields", A + ',SXHZ2024-990,"too many fields: the row has 44, the header 43"',
         raw=b"SXHZ2024-990" + b",x" * 43 + b"\n")
row_case("too-few-fields", A + ',SXHZ2024-990,"too few fields: the row has 3, the header 43"', raw=b"SXHZ2024-990,KC,x\n")
row_case("duplicate-id", A + "id,SXHZ2024-020,duplicate id (first on line 21)", id="SXHZ2024-020")
row_case("header-repeated", A + ",id,header row repeated inside the file",
         raw=open(os.path.join(SAMPLE, "applications.csv"), "rb").read().split(b"\n")[0] + b"\n")
row_case("bom-mid-file", A + "title,\ufeff新材料,byte-order mark (U+FEFF) inside a field", title="\ufeff新材料")
row_case("impossible-date", A + "start,2024-02-30,\"not a valid date (2024-12-04, 2024/12/4 or 2024年12月4日)\"", start="2024-02-30")
row_case("date-past-range", A + "start,3000-01-01,\"not a valid date (2024-12-04, 2024/12/4 or 2024年12月4日)\"", start="3000-01-01")
row_case("date-time-without-time", A + "submitted_online,2024-12-01,not a valid date and time (2024-12-04 18:00)", submitted_online="2024-12-01")
row_case("time-25-hours", A + "received_paper,2024-12-06 25:00,not a valid date and time (2024-12-04 18:00)", received_paper="2024-12-06 25:00")
# A value that a spreadsheet would run as a formula is neutralised in rejects.csv too.
row_case("negative-amount", A + "requested,\"'-400000\",amount is negative", requested="-400000")
row_case("fraction-of-yuan", A + "requested,400000.5,fraction of a yuan", requested="400000.5")
row_case("bad-separators", A + "matching,\"1,00,000\",not an amount", matching="1,00,000")
row_case("amount-too-large", A + "matching,99999999999999999,amount too large", matching="99999999999999999")
row_case("amount-wan-overflow", A + "requested,999999999999999万,amount too large", requested="999999999999999万")
row_case("count-overflow", A + "pi_ongoing_other,99999999999999999999,\"number too large (above 1,000,000)\"",
         pi_ongoing_other="99999999999999999999")
row_case("five-decimals-wan", A + "requested,12.34567万,more than 4 decimals in 万元", requested="12.34567万")
row_case("bad-boolean", A + "secret,对,\"not a yes/no value (是/否, Y/N, yes/no, 1/0, true/false)\"", secret="对")
row_case("bad-count", A + "pi_ongoing_other,两,not a whole number", pi_ongoing_other="两")
row_case("bad-year", A + "pi_last_coop_year,24,not a year", pi_last_coop_year="24")
row_case("unknown-category", A + "category,XYZ,unknown value", category="XYZ")
row_case("empty-category", A + "category,,\"empty, a value is required\"", category="")
row_case("unknown-target", A + "targets,T1;T7,unknown list item 'T7'", targets="T1;T7")
row_case("unknown-attachment", A + "attachments,LICENSE;PHOTO,unknown list item 'PHOTO'", attachments="LICENSE;PHOTO")
row_case("empty-id", A + "id,,\"empty, an id is required\"", id="")
row_case("unknown-unit-kind", A + "applicant_kind,个体户,unknown value", applicant_kind="个体户")

# A value cut for a message is cut between characters (64 bytes would split
# the 22nd 山).
row_case("cut-between-characters", A + "title," + "山" * 21 + ",field longer than 1 MiB", title="山" * 400000)

# A title row above the header is warned about with its text cut between
# characters (80 bytes would split the 30th character): warnings.csv stays
# UTF-8, and every record is decided as before.
TITLE_ROW = "2024年度山西省科技合作交流专项申报项目汇总表（第一批）由省科技厅国际合作处整理"
b = copy("title-row-cut")
path = os.path.join(b, "applications.csv")
data = open(path, "rb").read()
open(path, "wb").write((TITLE_ROW + "\n").encode() + data)
code, err, out = run(b)
try:
    warned = open(os.path.join(out, "warnings.csv"), encoding="utf-8").read().splitlines() if code == 0 else []
except UnicodeDecodeError as e:
    warned = ["not UTF-8: %s" % e]
shown = TITLE_ROW
while len(shown.encode()) > 80:
    shown = shown[:-1]
want = "applications.csv:1: row above the header skipped: '%s…'" % shown
report(code == 0 and want in warned and open(os.path.join(out, "decisions.csv"), "rb").read() == EXPECTED,
       "title-row-cut: warnings.csv has \"%s\"" % want, "exit %d %s\n%s" % (code, err, "\n".join(warned)))

# ---- the accounting rule: a broken line never takes a record with it ----
def unclosed_title(b, ending=b"\n"):
    """The hostile row with its title opened by a quote that never closes."""
    return hostile_row(b, title="@TITLE@").replace(b"@TITLE@", '"新能源 '.encode()).replace(b"\n", ending)


def cut(value):
    return value[:200] + "…" if len(value) > 200 else value


# What the open field holds on its own line: the title and every cell after it.
UNCLOSED = cut("新能源 ," + ",".join(base_row(SAMPLE)[4:]))
insert_case("unclosed-quote-mid-file",
            [("applications.csv", "40", "title", UNCLOSED,
              "quote not closed: the quoted field runs into line 41, a record of its own")],
            unclosed_title)
insert_case("unclosed-quote-mid-file-crlf",
            [("applications.csv", "40", "title", UNCLOSED,
              "quote not closed: the quoted field runs into line 41, a record of its own")],
            lambda b: unclosed_title(b, b"\r\n"))
row_case("unclosed-quote-at-end", A + 'title,"%s",quote not closed before the end of the file' % UNCLOSED,
         raw=unclosed_title(SAMPLE))
insert_case("nul-filled-line", [("applications.csv", "40", "id", "", "NUL byte in field")],
            lambda b: b"\0" * 4096 + b"\n")
insert_case("nul-filled-line-cr-only", [("applications.csv", "40", "id", "", "NUL byte in field")],
            lambda b: b"\0" * 100 + b"\r")

E = "evaluations.csv,298,"
row_case("eval-score-out-of-range", "evaluations.csv,324,score,100.001,not a score from 0 to 100 with at most 2 decimals",
         file="evaluations.csv", raw="SXHZ2024-020,E099,技术,100.001,否\r\n".encode())
row_case("eval-unknown-application", "evaluations.csv,324,id,SXHZ2024-777,no application with this id in the batch",
         file="evaluations.csv", raw="SXHZ2024-777,E001,技术,80,否\r\n".encode())
row_case("eval-twice-by-one-expert", "evaluations.csv,324,expert,E001,this expert already scored this application",
         file="evaluations.csv", raw="SXHZ2024-073,E001,技术,80,否\r\n".encode())
row_case("eval-empty-score", "evaluations.csv,324,score,,\"empty, a score is required\"",
         file="evaluations.csv", raw="SXHZ2024-020,E098,技术,,否\r\n".encode())
row_case("sanction-invalid-code", "sanctions.csv,7,subject_id,91140100MA0000000X,not a valid unified social credit code (GB 32100-2015)",
         file="sanctions.csv", raw="单位,91140100MA0000000X,某公司,2024-01-01,2026-01-01,失信\n".encode())
row_case("sanction-end-before-start", "sanctions.csv,7,end,2023-01-01,the last day in force is before the start",
         file="sanctions.csv", raw="个人,11010519491231002X,某人,2024-01-01,2023-01-01,失信\n".encode())
row_case("objection-unknown-id", "objections.csv,5,id,SXHZ2024-777,no application with this id in the batch",
         file="objections.csv", raw="SXHZ2024-777,2024-12-23,异议\n".encode())
row_case("objection-bad-date", "objections.csv,5,received,2024-12-32,\"not a valid date (2024-12-04, 2024/12/4 or 2024年12月4日)\"",
         file="objections.csv", raw="SXHZ2024-020,2024-12-32,异议\n".encode())

# Rows that depend on a rejected application say that it was rejected, and
# where, not that there is no such application.
b = copy("rows-of-a-rejected-application")
app_line = open(os.path.join(b, "applications.csv"), "rb").read().count(b"\n") + 1
open(os.path.join(b, "applications.csv"), "ab").write(hostile_row(b, start="2024-02-30"))
ev = os.path.join(b, "evaluations.csv")
ev_line = open(ev, "rb").read().count(b"\n") + 1
open(ev, "ab").write("SXHZ2024-990,E001,技术,80,否\r\n".encode("gb18030"))
ob = os.path.join(b, "objections.csv")
ob_line = open(ob, "rb").read().count(b"\n") + 1
open(ob, "ab").write("SXHZ2024-990,2024-12-23,异议\n".encode())
code, err, out = run(b)
rejects = reject_rows(out) if code == 0 else []
why = "the application with this id was rejected (applications.csv line %d)" % app_line
want = [("applications.csv", str(app_line), "start", "2024-02-30", "not a valid date (2024-12-04, 2024/12/4 or 2024年12月4日)"),
        ("evaluations.csv", str(ev_line), "id", "SXHZ2024-990", why),
        ("objections.csv", str(ob_line), "id", "SXHZ2024-990", why)]
report(code == 0 and all(w in rejects for w in want) and open(os.path.join(out, "decisions.csv"), "rb").read() == EXPECTED,
       "rows-of-a-rejected-application: its evaluation and objection name the reject (applications.csv line %d)" % app_line,
       "exit %d %s\n%s" % (code, err, rejects[-4:]))

# batch.xml checks its cells as CSV does: the same record gets the same
# reject, and every other record the same decision as the CSV form.
def xml_case(name, field, value, error):
    b = copy(name)
    xml_path = os.path.join(b, "batch.xml")
    subprocess.run([sys.executable, "scripts/csv_to_batch_xml.py", b, xml_path], check=True)
    for f in os.listdir(b):
        if f != "batch.xml":
            os.remove(os.path.join(b, f))
    text = open(xml_path, encoding="utf-8").read()
    start = text.index("<application><id>SXHZ2024-020</id>")
    record = text[start:text.index("</application>", start) + len("</application>")]
    record = record.replace("SXHZ2024-020", "SXHZ2024-990")
    record = re.sub("<%s>[^<]*</%s>" % (field, field), "<%s>%s</%s>" % (field, value, field), record)
    at = text.index("</applications>")
    line = text[:at].count("\n") + 1
    open(xml_path, "w", encoding="utf-8").write(text[:at] + record + "\n" + text[at:])
    code, err, out = run(b)
    rejects = reject_rows(out) if code == 0 else []
    want = ("batch.xml", str(line), field, cut(value), error)
    report(code == 0 and want in rejects and open(os.path.join(out, "decisions.csv"), "rb").read() == EXPECTED,
           "%s: %s" % (name, ",".join(want)), "exit %d %s\n%s" % (code, err, rejects[-3:]))


xml_case("xml-bom-in-cell", "title", "\ufeff新材料", "byte-order mark (U+FEFF) inside a field")
xml_case("xml-cell-over-1-mib", "title", "山" * 400000, "field longer than 1 MiB")
xml_case("xml-amount-wan-overflow", "requested", "999999999999999万", "amount too large")


# A batch.xml the reader cannot take: one line, its line number and
# libxml2's own reason (never empty, never a stand-in for it).
def xml_broken(make):
    def t(b):
        xml_path = os.path.join(b, "batch.xml")
        subprocess.run([sys.executable, "scripts/csv_to_batch_xml.py", b, xml_path], check=True)
        for f in os.listdir(b):
            if f != "batch.xml":
                os.remove(os.path.join(b, f))
        data = open(xml_path, "rb").read()
        open(xml_path, "wb").write(make(data))
    return t


XML_LINES = None


def xml_lines():
    global XML_LINES
    if XML_LINES is None:
        path = os.path.join(TMP, "lines.xml")
        subprocess.run([sys.executable, "scripts/csv_to_batch_xml.py", SAMPLE, path], check=True)
        XML_LINES = open(path, "rb").read().count(b"\n")
    return XML_LINES


batch_case("xml-two-documents", xml_broken(lambda d: d + d), 65,
           "batch.xml:%d: XML declaration allowed only at the start of the document" % (xml_lines() + 1))
batch_case("xml-invalid-utf8", xml_broken(lambda d: d.replace(b"<title>", b"<title>\xff\xfe", 1)), 65,
           "batch.xml:6: Input is not proper UTF-8, indicate encoding !")
batch_case("xml-undefined-entity", xml_broken(lambda d: d.replace(b"<title>", b"<title>&x;", 1)), 65,
           "batch.xml:6: Entity 'x' not defined")

# ---- legitimate variations: the same decisions and the same rejects ----
def line_ends(ending):
    """Rows end with `ending`; line breaks quoted inside fields stay."""
    def t(b):
        p = os.path.join(b, "applications.csv")
        write_rows(p, read_rows(p), newline=ending)
    return t


def recode(encoding):
    def t(b):
        p = os.path.join(b, "applications.csv")
        text = open(p, encoding="utf-8").read()
        open(p, "wb").write(text.encode(encoding))
    return t


def chinese_headers(b):
    p = os.path.join(b, "applications.csv")
    text = open(p, encoding="utf-8").read()
    head, rest = text.split("\n", 1)
    open(p, "w", encoding="utf-8").write(",".join(ZH[k] for k in head.split(",")) + "\n" + rest)


def shuffled_columns(b):
    p = os.path.join(b, "applications.csv")
    rows = read_rows(p)
    order = list(range(len(rows[0])))[::-1]
    write_rows(p, [[r[i] for i in order] if r else r for r in rows])


same_case("crlf-line-ends", line_ends("\r\n"))
same_case("cr-only-line-ends", line_ends("\r"))
same_case("gb18030-applications", recode("gb18030"))
same_case("utf8-bom-applications", recode("utf-8-sig"))
same_case("chinese-headers", chinese_headers)
same_case("columns-reversed", shuffled_columns)

# ---- whole files: the batch is refused with one line and a meaningful status ----
def put(name, data):
    return lambda b: open(os.path.join(b, name), "wb").write(data)


def as_directory(name):
    def t(b):
        os.remove(os.path.join(b, name))
        os.mkdir(os.path.join(b, name))
    return t


batch_case("empty-applications", put("applications.csv", b""), 65, "applications.csv: empty file, no header row")
batch_case("applications-is-directory", as_directory("applications.csv"), 65, "applications.csv: not a regular file")
batch_case("evaluations-missing", lambda b: os.remove(os.path.join(b, "evaluations.csv")), 66, "evaluations.csv: required file missing or unreadable")
batch_case("wrong-programme-kind", lambda b: open(os.path.join(b, "programme.xml"), "w").write(
    open(os.path.join(SAMPLE, "programme.xml")).read().replace("shanxi-coop", "beijing-fund")), 65,
    "unknown programme kind 'beijing-fund'")
batch_case("programme-doctype", lambda b: open(os.path.join(b, "programme.xml"), "w").write(
    open(os.path.join(SAMPLE, "programme.xml")).read().replace("<programme ", '<!DOCTYPE programme SYSTEM "http://example.invalid/x.dtd">\n<programme ', 1)),
    65, "programme.xml: a DOCTYPE declaration is not allowed")
batch_case("duplicate-column", lambda b: open(os.path.join(b, "sanctions.csv"), "w", encoding="utf-8").write(
    "对象类型,证件号码,名称,起始日期,截止日期,subject_id\n"), 65, "sanctions.csv:1: column 'subject_id' (证件号码) appears twice in the header")
batch_case("objections-missing-column", put("objections.csv", "id,summary\nSXHZ2024-020,x\n".encode()), 65,
           "objections.csv:1: required column missing: 'received' (收到日期)")
batch_case("programme-empty", put("programme.xml", b""), 65, "programme.xml")
batch_case("programme-budget-twice", lambda b: open(os.path.join(b, "programme.xml"), "w").write(
    open(os.path.join(SAMPLE, "programme.xml")).read().replace("  <decided>", "  <budget>9000000</budget>\n  <decided>", 1)),
    65, "programme.xml:17: <budget>: given twice (first on line 13)")

# Memory stays bounded whatever the field length: a 200 MB quoted field
# costs no more than the sample itself (libcsv never gets more than 1 MiB).
def peak_mb(batch):
    p = subprocess.Popen([BIN, "run", batch, "--out", batch + "-out", "--quiet", "--accept-rejects"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss // 1024


code_ref, mb_ref = peak_mb(os.path.join(TMP, "ref"))
b = copy("huge-field-memory")
with open(os.path.join(b, "applications.csv"), "ab") as f:
    f.write(b'SXHZ2024-990,KC,"')
    for _ in range(200):
        f.write(b"x" * (1 << 20))
    f.write(b"\n" + b"y" * 1000 + b'",' + b"," * 40 + b"\n")
code, mb = peak_mb(b)
rejects = reject_rows(b + "-out") if code == 0 else []
huge_line = int(A.split(",")[1])
report(code == 0 and ("applications.csv", str(huge_line), "applicant", "x" * 64, "field longer than 1 MiB") in rejects
       and ("applications.csv", str(huge_line + 1), "", "y" * 200 + "…", "too few fields: the row has 42, the header 43") in rejects
       and open(os.path.join(b + "-out", "decisions.csv"), "rb").read() == EXPECTED and mb - mb_ref < 64,
       "huge-field-memory: a 200 MB field: rejected at its line, the next line on its own, peak memory %+d MB" % (mb - mb_ref),
       "exit %d, %d MB against %d MB; %s" % (code, mb, mb_ref, rejects[-3:]))
os.remove(os.path.join(b, "applications.csv"))

# ---- not a regular file: refused at once with its reason, never a hang ----
def refused_case(name, transform, message, code=65, args=()):
    """The run ends quickly (a FIFO opened for reading would block it
    forever, /dev/zero would never end) with one line naming the file."""
    b = copy(name)
    transform(b)
    out = b + "-out"
    try:
        p = subprocess.run([BIN, "run", b, "--out", out, "--quiet"] + list(args), capture_output=True, timeout=30)
        got, err = p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        got, err = -1, "hung: no answer in 30 s"
    ok = (got == code if code is not None else got not in (0, 1)) and message in err and err.count("\n") == 1
    report(ok, "%s: exit %s, '%s'" % (name, code if code is not None else "non-zero", message), "exit %d: %s" % (got, err))


def fifo(name):
    def t(b):
        path = os.path.join(b, name)
        if os.path.lexists(path):
            os.remove(path)
        os.mkfifo(path)
    return t


def link_to(name, target):
    def t(b):
        path = os.path.join(b, name)
        if os.path.lexists(path):
            os.remove(path)
        os.symlink(target, path)
    return t


def unix_socket(name):
    def t(b):
        path = os.path.join(b, name)
        os.remove(path)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        SOCKETS.append(s)
    return t


SOCKETS = []
refused_case("fifo-applications", fifo("applications.csv"), "applications.csv: not a regular file (a FIFO)")
refused_case("fifo-evaluations", fifo("evaluations.csv"), "evaluations.csv: not a regular file (a FIFO)")
refused_case("fifo-sanctions-optional", fifo("sanctions.csv"), "sanctions.csv: not a regular file (a FIFO)")
refused_case("dangling-sanctions-optional", link_to("sanctions.csv", "gone.csv"),
             "sanctions.csv: a symbolic link to a file that does not exist")
refused_case("dangling-objections-optional", link_to("objections.csv", "gone.csv"),
             "objections.csv: a symbolic link to a file that does not exist")
refused_case("device-applications", link_to("applications.csv", "/dev/zero"),
             "applications.csv: not a regular file (a character device)")
refused_case("socket-applications", unix_socket("applications.csv"), "applications.csv: not a regular file (a socket)")
refused_case("fifo-programme", fifo("programme.xml"), "programme.xml: not a regular file (a FIFO)")
refused_case("device-programme", link_to("programme.xml", "/dev/zero"),
             "programme.xml: not a regular file (a character device)")


def xml_only(b):
    xml = os.path.join(TMP, "batch.xml")
    if not os.path.exists(xml):
        subprocess.run([sys.executable, "scripts/csv_to_batch_xml.py", SAMPLE, xml], check=True)
    for f in os.listdir(b):
        os.remove(os.path.join(b, f))


refused_case("fifo-batch-xml", lambda b: (xml_only(b), fifo("batch.xml")(b)), "batch.xml: not a regular file (a FIFO)")
refused_case("dangling-batch-xml", lambda b: (xml_only(b), link_to("batch.xml", "gone.xml")(b)),
             "batch.xml: a symbolic link to a file that does not exist")


def config_copy(kind):
    """A copy of the shipped templates, fonts.conf or calendars to break."""
    d = os.path.join(TMP, "config-" + kind)
    if kind == "templates":
        shutil.copytree("templates", d)
    elif kind == "calendar":
        shutil.copytree("data", d)
    else:
        os.makedirs(d)
        shutil.copy("fonts/fonts.conf", d)
    return d


tpl = config_copy("templates")
os.remove(os.path.join(tpl, "shanxi-coop", "notice.xml"))
os.mkfifo(os.path.join(tpl, "shanxi-coop", "notice.xml"))
refused_case("fifo-template", lambda b: None, "notice.xml: cannot read template: not a regular file (a FIFO)",
             code=78, args=["--templates", tpl])
fonts = config_copy("fonts")
os.remove(os.path.join(fonts, "fonts.conf"))
os.mkfifo(os.path.join(fonts, "fonts.conf"))
refused_case("fifo-fonts-conf", lambda b: None, "fonts.conf: cannot read font configuration: not a regular file (a FIFO)",
             code=78, args=["--fonts", os.path.join(fonts, "fonts.conf")])
cal = config_copy("calendar")
os.remove(os.path.join(cal, "calendar", "2024.txt"))
os.mkfifo(os.path.join(cal, "calendar", "2024.txt"))
os.environ["GRANTDOC_DATADIR"] = cal
refused_case("fifo-calendar", lambda b: None, "2024.txt: not a regular file (a FIFO))", code=65)
del os.environ["GRANTDOC_DATADIR"]
for s_ in SOCKETS:
    s_.close()

# A document that cannot be written (a full disk, a small tmpfs; needs
# root) fails the run at -j 1 as at -j 2 with one whole line naming the
# document and the reason, never an empty "grantdoc: ", even under --quiet.
def full_disk_case(jobs):
    disk = os.path.join(TMP, "disk-j%d" % jobs)
    os.mkdir(disk)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(TMP, "ref-out")) for f in fs)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dk" % (size // 2048), "tmpfs", disk],
                      capture_output=True).returncode != 0:
        report(True, "full-disk-j%d: tmpfs cannot be mounted here (skipped)" % jobs)
        return
    try:
        p = subprocess.run([BIN, "run", SAMPLE, "--out", os.path.join(disk, "out"), "--quiet", "-j", str(jobs)],
                           capture_output=True, timeout=300)
        err = p.stderr.decode("utf-8", "replace")
        ok = p.returncode == 73 and err.count("\n") == 1 and re.search(
            r"^grantdoc: [a-z]+/SXHZ2024-\d+\.pdf: .*: write failed: No space left on device$", err.strip()) is not None
        report(ok, "full-disk-j%d: exit 73, '%s'" % (jobs, re.sub(r"/tmp/\S*/disk-j", "…/disk-j", err.strip())[:140]),
               "exit %d: %s" % (p.returncode, err))
    finally:
        subprocess.run(["umount", disk])


full_disk_case(1)
full_disk_case(2)

shutil.rmtree(TMP)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
