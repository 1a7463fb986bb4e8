#!/usr/bin/env python3
"""Checks the PDFs of a shenzhen-intl run against its decisions.

usage: documents_shenzhen_intl.py OUT_DIR BATCH_DIR

Every PDF is sound (qpdf, embedded subset fonts); each notice gives back
the applicant and every reason sentence; a 立项 notice states the award in
万元 and in capitals and, for GOV/IND (事前资助), the contract deadline 30
days after the decision; a ban notice states the first and last day; the
publicity list names every listed project with the total; the
disbursement sheet pays exactly the 立项 projects.
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


def cn(d):
    return "%d年%d月%d日" % (d.year, d.month, d.day)


rows = {r["金额（元）"]: r["金额（大写）"] for r in csv.DictReader(open(os.path.join(out, "disbursement.csv"), encoding="utf-8-sig"))}
checked = sentences = 0
for d, t in pdfcheck.notices(out, decisions):
    checked += 1
    check(apps[d["id"]]["applicant"] in t, d["id"] + ": applicant")
    for s in reasons.get(d["id"], []):
        sentences += 1
        check(s in t, d["id"] + ": reason sentence", s)
    if d["status"] != "立项":
        continue
    award = int(d["award"])
    check("资助金额%s万元（%s）" % (wan(award), rows.get(str(award), "?")) in t, d["id"] + ": award in figures and capitals", t[:300])
    before = d["category"] in ("GOV", "IND")
    check(("请于%s前" % cn(decided + dt.timedelta(days=30)) in t) == before and ("事后资助" in t) != before,
          d["id"] + ": before-funding contract deadline or after-funding wording")
print("ok   %d notices: applicants, %d reason sentences, awards in figures and capitals, contract deadlines" % (checked, sentences))

bans = list(csv.DictReader(open(os.path.join(out, "contracts-out.csv"), encoding="utf-8")))
banned = [b for b in bans if b["status"] == "禁止申报"]
files = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(out, "bans", "*.pdf")))
check(files == sorted(b["id"] for b in banned), "a ban notice for exactly the banned contracts", repr(files))
for b in banned:
    t = text(os.path.join(out, "bans", b["id"] + ".pdf"))
    check("自%s起至%s止" % (cn(decided), cn(dt.date.fromisoformat(b["ban_until"]))) in t and "第十五条" in t,
          b["id"] + ": ban dates and article", t[:300])
print("ok   %d ban notices state the ban's first and last day and the article" % len(banned))

t = text(os.path.join(out, "publicity.pdf")).replace(" ", "")
listed = [d for d in decisions if d["status"] in ("拟立项", "立项")]
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
