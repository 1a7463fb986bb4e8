#!/usr/bin/env python3
"""Checks the PDFs of a shenzhen-intl run against its decisions.

usage: documents_shenzhen_intl.py OUT_DIR BATCH_DIR

Every PDF is sound (qpdf, embedded subset fonts); each notice gives back
the applicant and every reason sentence; a 立项 notice states the award in
万元 and in capitals and, for GOV/IND (事前资助), the contract deadline 30
days after the decision; an activity held abroad for the city says so
(第二条（三）); a 公示异议 notice holds the project, names the day the
objection came and reserves the award; a ban decision names the unit and
the PI, states the first and last day (the day contracts-out.csv and
bans.csv store) and ends with the notice of rights (行政复议 before the
review body of programme.xml, 行政诉讼); the publicity list names every
listed project with the total; the disbursement sheet pays exactly the 立项
projects.
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
                             + sorted(glob.glob(os.path.join(out, "bans", "*.pdf")))
                             + [os.path.join(out, "publicity.pdf"), os.path.join(out, "disbursement.pdf")])
apps = {r["id"]: r for r in csv.DictReader(open(os.path.join(batch, "applications.csv"), encoding="utf-8"))}
decisions, reasons = pdfcheck.decisions_and_reasons(out)
programme = open(os.path.join(batch, "programme.xml"), encoding="utf-8").read()
decided = dt.date.fromisoformat(programme.split("<decided>")[1][:10])
start = dt.date.fromisoformat(programme.split('<publicity start="')[1][:10])
days = int(programme.split('days="')[1].split('"')[0])
review_body = programme.split("<review-body>")[1].split("<")[0]
objections = list(csv.DictReader(open(os.path.join(batch, "objections.csv"), encoding="utf-8")))


def cn(d):
    return "%d年%d月%d日" % (d.year, d.month, d.day)


rows = {r["金额（元）"]: r["金额（大写）"] for r in csv.DictReader(open(os.path.join(out, "disbursement.csv"), encoding="utf-8-sig"))}
checked = sentences = objected = held_abroad = 0
for d, t in pdfcheck.notices(out, decisions):
    checked += 1
    check(apps[d["id"]]["applicant"] in t, d["id"] + ": applicant")
    for s in reasons.get(d["id"], []):
        sentences += 1
        check(s in t, d["id"] + ": reason sentence", s)
    if d["status"] == "公示异议":
        held = [o for o in objections if o["id"] == d["id"]
                and start <= dt.date.fromisoformat(o["received"]) <= start + dt.timedelta(days=days - 1)]
        check(len(held) >= 1 and "暂缓立项" in t and "（%s收到）" % cn(dt.date.fromisoformat(held[0]["received"])) in t
              and "拟资助金额%s万元予以保留" % wan(int(d["award"])) in t, d["id"] + ": objection held, award reserved", t[:300])
        objected += 1
    abroad = d["category"] == "ACT" and apps[d["id"]]["in_shenzhen"] == "否"
    if d["status"] in ("拟立项", "立项"):
        check(("承担市政府及其部门在国外举办的科技合作交流项目（第二条（三））" in t) == abroad, d["id"] + ": abroad or not")
        held_abroad += abroad
    if d["status"] != "立项":
        continue
    award = int(d["award"])
    check("资助金额%s万元（%s）" % (wan(award), rows.get(str(award), "?")) in t,
          d["id"] + ": award in figures and capitals", t[:300])
    before = d["category"] in ("GOV", "IND")
    check(("请于%s前" % cn(decided + dt.timedelta(days=30)) in t) == before and ("事后资助" in t) != before,
          d["id"] + ": before-funding contract deadline or after-funding wording")
print("ok   %d notices: applicants, %d reason sentences, awards in figures and capitals, contract deadlines, "
      "%d objections held, %d activities abroad" % (checked, sentences, objected, held_abroad))

bans = list(csv.DictReader(open(os.path.join(out, "contracts-out.csv"), encoding="utf-8-sig")))
banned = [b for b in bans if b["status"] == "禁止申报"]
files = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(out, "bans", "*.pdf")))
check(files == sorted(b["id"] for b in banned), "a ban notice for exactly the banned contracts", repr(files))
contracts = {c["id"]: c for c in csv.DictReader(open(os.path.join(batch, "contracts.csv"), encoding="utf-8"))}
for b in banned:
    t = text(os.path.join(out, "bans", b["id"] + ".pdf"))
    c = contracts[b["id"]]
    check("你单位和项目负责人%s自%s起至%s止（三年内）不得申报" % (c["pi_name"], cn(decided), cn(dt.date.fromisoformat(b["ban_until"]))) in t
          and "第十五条" in t and c["applicant"] in t, b["id"] + ": unit, PI, ban dates and article", t[:300])
    check("六十日内向%s申请行政复议" % review_body in t and "《中华人民共和国行政诉讼法》第四十六条" in t,
          b["id"] + ": notice of rights", t[-300:])
print("ok   %d ban decisions name the unit and the PI, the first and last day, the article and the rights" % len(banned))

t = text(os.path.join(out, "publicity.pdf")).replace(" ", "")
listed = [d for d in decisions if d["status"] in ("拟立项", "公示异议", "立项")]
total = sum(int(d["award"]) for d in listed)
missing = [d["id"] for d in listed if d["id"] not in t]
check(not missing and "拟资助金额合计%s万元" % wan(total) in t, "publicity: every listed project and the total", repr(missing[:4]))
print("ok   publicity lists %d projects, total %s万元" % (len(listed), wan(total)))

rows = list(csv.DictReader(open(os.path.join(out, "disbursement.csv"), encoding="utf-8-sig")))
paid = [r for r in rows if r["序号"]]
funded = [d for d in decisions if d["status"] == "立项"]
check(sorted(r["项目编号"] for r in paid) == sorted(d["id"] for d in funded), "disbursement: exactly the 立项 projects")
grand = sum(int(d["award"]) for d in funded)
totals = [r for r in rows if r["单位"] == "合计"]
check(len(totals) == 1 and int(totals[0]["金额（元）"]) == grand, "disbursement: grand total %d" % grand)
pdfcheck.capitals_read_back(rows, "金额（元）", "金额（大写）")
print("ok   disbursement: %d projects, %d yuan (%s)" % (len(paid), grand, totals[0]["金额（大写）"]))
print("documents: %d failed" % pdfcheck.failures)
sys.exit(1 if pdfcheck.failures else 0)
