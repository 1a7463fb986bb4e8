#!/usr/bin/env python3
"""Checks the PDFs of a shanxi-major run against its decisions.

usage: documents_shanxi_major.py OUT_DIR BATCH_DIR

Every PDF is sound; each bid notice gives back the lead solver and every
reason sentence, a 立项 one the fiscal funding in figures and capitals; a
task book for exactly the 立项 bids, naming the three parties and the
fiscal money; each acceptance notice states its recovery amount — in 万元,
yuan and capitals — exactly as recoveries.csv computed it, a deadline only
when programme.xml gives one, the referrals of referrals.csv, and the
notice of rights (行政复议, 行政诉讼) exactly on the adverse decisions; a
PUB notice asks no one to raise money; a held winner's notice names its
objection; the publicity list names every winner and the total.

usage: documents_shanxi_major.py OUT_DIR BATCH_DIR [RECOVERY_DAYS]
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
days = sys.argv[3] if len(sys.argv) > 3 else ""
pdfs = sorted(glob.glob(os.path.join(out, "*", "*.pdf"))) + [os.path.join(out, "publicity.pdf"), os.path.join(out, "disbursement.pdf")]
pdfcheck.structure_and_fonts(pdfs)
bids = {r["id"]: r for r in csv.DictReader(open(os.path.join(batch, "applications.csv"), encoding="utf-8"))}
tasks = {r["task_id"]: r for r in csv.DictReader(open(os.path.join(batch, "tasks.csv"), encoding="utf-8"))}
decisions, reasons = pdfcheck.decisions_and_reasons(out)
capitals = {}
for r in csv.DictReader(open(os.path.join(out, "disbursement.csv"), encoding="utf-8-sig")):
    capitals[r["金额（元）"]] = r["金额（大写）"]
checked = sentences = 0
for d, t in pdfcheck.notices(out, decisions):
    checked += 1
    check(bids[d["id"]]["lead_solver"] in t, d["id"] + ": lead solver")
    for s in reasons.get(d["id"], []):
        sentences += 1
        check(s in t, d["id"] + ": reason sentence", s)
    if d["status"] == "立项":
        check("支持财政资金%s万元（%s）" % (wan(int(d["award"])), capitals.get(d["award"], "?")) in t, d["id"] + ": fiscal funding")
    if d["category"] == "PUB":
        check("自筹" not in t, d["id"] + ": a PUB notice asks no one to raise money (V2-M3)")
        check(d["status"] != "立项" or "资助额度原则上不得超出平均支持额度" in t, d["id"] + ": PUB capped at A")
    # 第十七条: an approved 一事一议 lifts the ENT 双上限, so the notice does
    # not set out the caps before an award above them; ENT says 报省人民政府审定.
    task = tasks[bids[d["id"]]["task_id"]]
    if d["status"] == "立项" and task["exception_approved"] == "是":
        exceptions = globals().get("exceptions", 0) + 1
        check("实行双上限原则" not in t and "本批次平均支持额度为" not in t, d["id"] + ": 一事一议, no 双上限 paragraph")
        check(d["category"] != "ENT" or int(d["award"]) <= int(task["total_funds"]) * 30 // 100
              or "报省人民政府审定" in t, d["id"] + ": 一事一议 (ENT) 报省人民政府审定")
    if d["status"] == "公示异议":
        check("暂缓立项" in t and "收到异议" in t and "拟支持财政资金%s万元暂予保留" % wan(int(d["award"])) in t,
              d["id"] + ": held by an objection, award reserved")
check(globals().get("exceptions", 0) > 0, "a 立项 under 一事一议 in the sample")
print("ok   %d bid notices: lead solvers, %d reason sentences, fiscal funding in figures and capitals" % (checked, sentences))

funded = [d for d in decisions if d["status"] == "立项"]
books = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(out, "taskbooks", "*.pdf")))
check(books == sorted(d["id"] for d in funded), "task books for exactly the 立项 bids", repr(books))
for d in funded:
    t = text(os.path.join(out, "taskbooks", d["id"] + ".pdf"))
    task = tasks[bids[d["id"]]["task_id"]]
    check("甲方（主管部门）" in t and task["demand_side"] in t and bids[d["id"]]["lead_solver"] in t
          and "省级财政资金%s万元" % wan(int(d["award"])) in t and "第三十四条" in t,
          d["id"] + ": three parties, fiscal money, milestones")
print("ok   %d three-party task books" % len(funded))

recoveries = list(csv.DictReader(open(os.path.join(out, "recoveries.csv"), encoding="utf-8-sig")))
referrals = list(csv.DictReader(open(os.path.join(out, "referrals.csv"), encoding="utf-8-sig")))
effective = re.search(r'<effective date="([0-9-]+)"', open(os.path.join(batch, "programme.xml"), encoding="utf-8").read())
effective = effective.group(1) if effective else "2024-06-30"  # 第五十条
projects = {r["id"]: r for r in csv.DictReader(open(os.path.join(batch, "acceptance.csv"), encoding="utf-8-sig"))}
recovered = rights = 0


def cn(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    return "%d年%d月%d日" % (y, m, d)


for r in recoveries:
    t = text(os.path.join(out, "acceptance", r["id"] + ".pdf")).replace(" ", "")
    amount = int(r["recover"])
    said = {"程序不合规": "重新组织验收", "待验收": "验收工作"}.get(r["status"], r["status"])
    check(said in t, r["id"] + ": status " + r["status"])
    if amount:
        recovered += 1
        grouped = "{:,}.00".format(amount)
        check("财政资金%s万元（%s元，" % (wan(amount), grouped) in t, r["id"] + ": recovery %d in the notice" % amount, t[-300:])
        # V2-M4: a deadline only when programme.xml sets one
        check(("收到本通知之日起%s日内" % days in t) if days else ("按要求时限" in t and "日内，将" not in t),
              r["id"] + ": the recovery deadline " + (days or "按要求时限"))
    else:
        check("原渠道退回" not in t, r["id"] + ": nothing to recover, no recovery demand")
    adverse = amount > 0 or r["status"] in ("不通过验收", "撤销", "终止")
    has_rights = "日起六十日内依照《中华人民共和国行政复议法》向山西省人民政府申请行政复议" in t and \
        "六个月内依照《中华人民共和国行政诉讼法》第四十六条向人民法院提起行政诉讼" in t
    check(has_rights == adverse, r["id"] + ": notice of rights exactly on an adverse decision (%s)" % r["status"])
    rights += has_rights
    named = [x["name"] for x in referrals if x["id"] == r["id"]]
    # 第四十四条 leaves who is responsible to be determined: the notice
    # refers the 主揭榜方 and the 项目负责人, it does not call them 主要责任.
    check(all(n in t for n in named) and (("现移送下列主揭榜方和项目负责人，按照科研诚信有关规定认定责任并处理" in t) == bool(named))
          and "主要责任单位（" not in t and "主要责任个人" not in t,
          r["id"] + ": the referrals of referrals.csv, and none otherwise", repr(named))
    check(r["status"] != "按原规定办理" or ("第五十二条" in t and "按原规定办理" in t), r["id"] + ": former rules")
    if r["status"] == "按原规定办理":  # why: the approved date, or without one the end that proves it
        p = projects[r["id"]]
        why = ("该项目于%s立项" % cn(p["approved"]) if p["approved"]
               else "执行期于%s结束|施行之日（%s，第五十条）以前即已结束，立项在此之前" % (cn(p["end"]), cn(effective)))
        check(all(w in t for w in why.split("|")) and "于立项" not in t, r["id"] + ": former rules because " + why)
print("ok   %d acceptance notices, %d with the recovery amount exactly as computed, %d with the notice of rights, %d referrals named"
      % (len(recoveries), recovered, rights, len(referrals)))

t = text(os.path.join(out, "publicity.pdf")).replace(" ", "")
winners = [d for d in decisions if d["status"] in ("拟立项", "公示异议", "立项")]
total = sum(int(d["award"]) for d in winners)
missing = [d["id"] for d in winners if bids[d["id"]]["lead_solver"] not in t]
check(not missing and "合计%s万元" % wan(total) in t, "publicity: every winner and the total", repr(missing))
print("ok   publicity: %d winners, %s万元" % (len(winners), wan(total)))
print("documents: %d failed" % pdfcheck.failures)
sys.exit(1 if pdfcheck.failures else 0)
