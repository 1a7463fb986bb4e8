#!/usr/bin/env python3
"""Writes samples/shanxi-major-2024/ (a shanxi-major round) and, computed
here independently of the C program (rules.md §2 read afresh), the expected
tests/e2e/expected/shanxi-major-2024/decisions.csv, recoveries.csv and
bans.csv.

Every rule fails at least once: affiliates and shares above 50 %, a demand
side posting twice, a leader who is not the technical lead, a late bid,
scores below the pass mark, second-best bids, panels one below the minimum
(and exactly at it), 2/3 technical with 5, 6 and 7 members; the double cap
with 30 % rounding down and an approved 一事一议; acceptance for all three
conclusions, the panels of 第四十一、四十二条, termination and revocation.

Spec v2 boundaries: ID-USCC / ID-PERSON on bids, a lower-case x read as X
(V2-M1); a demand side's first task in the file standing, its later ones
refused, its credit code once written in lower case (V2-M2); a PUB winner
capped at A raising nothing (V2-M3); objections on the first and last day
of publicity, the day after, and on a bid that did not win (V2-G5);
acceptance approved the day before and on the day the 细则 took effect,
and without an approved date, ended the day before (the former rules,
第五十二条) and on the day (this 细则), refusing to cooperate while not
overdue, forced and ordinary termination, revocation referring no one,
referrals of a failed project and a leader whose number fails its check
(V2-M4). A project the 细则 decides (approved on or after 2024-06-30)
cannot be 6 months past its end by the decision date 2024-12-16: A01 and
A04 are pinned by the unit tests only. The rows that cannot be read are in
tests/e2e/batches/shanxi-major-2024-broken/, a copy of the sample that
decides as the sample when they are treated as absent.

usage: scripts/gen_sample_shanxi_major.py   (from the project root; deterministic)
"""
import csv
import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samplelib import ID_WEIGHTS as W, add_months, person_ok, uscc as uscc_div, uscc_ok, write_csv  # noqa: E402,F401


def uscc(serial, division="140100"):
    return uscc_div(division, serial)

SAMPLE = "samples/shanxi-major-2024"
EXPECTED = "tests/e2e/expected/shanxi-major-2024"
BROKEN = "tests/e2e/batches/shanxi-major-2024-broken"
D = dt.date
AVERAGE = 5000000                      # A: the budget is AVERAGE × the number of tasks
EFFECTIVE = D(2024, 6, 30)             # 第五十条
POSTING = D(2024, 9, 1)
DEADLINE = "2024-10-21 17:00"          # 50 days after posting
PUBLICITY = D(2024, 12, 2)             # Monday; 5 working days end 12-06
DECIDED = D(2024, 12, 16)


def person(seq):
    body = "140105" + "19780512" + "%03d" % seq
    return body + "10X98765432"[sum(int(c) * k for c, k in zip(body, W)) % 11]


def bad_check(number, alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY"):
    """The same number with another check character: well formed, invalid."""
    return number[:-1] + alphabet[(alphabet.index(number[-1]) + 1) % len(alphabet)]


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ["建国", "志刚", "海燕", "晓峰", "丽娟", "文博", "国栋", "思远", "俊杰", "雪梅", "永强", "玉兰", "卫东", "红霞",
         "振华", "秀英", "德明", "春生", "立新", "淑珍", "宏伟", "桂芳", "明辉", "慧敏", "学军", "晓燕", "国庆", "美玲"]


def name(k):
    """A real-looking name, different for every k below 2,800."""
    return SURNAMES[k * 7 % len(SURNAMES)] + GIVEN[k % len(GIVEN)]


tasks, bids, evals, panels, acceptance = [], [], [], [], []
DEMANDS = ["太原钢铁（集团）有限公司", "山西焦煤集团有限责任公司", "晋能控股集团有限公司", "山西建投集团",
           "华阳新材料科技集团", "潞安化工集团", "山西汾酒集团", "大地控股集团", "太重集团", "山西交控集团",
           "晋西工业集团", "山西云时代技术有限公司"]
SOLVERS = ["太原理工大学", "中北大学", "山西大学", "中国科学院山西煤炭化学研究所", "清华大学", "北京科技大学",
           "西安交通大学", "浙江大学", "哈尔滨工业大学", "东北大学"]


def task(tid, cls, title, total, requested, demand=None, exception="", affiliates=()):
    tasks.append({"task_id": tid, "title": title, "class": cls,
                  "demand_side": DEMANDS[len(tasks) % len(DEMANDS)] if cls == "ENT" and demand is None else (demand or "山西省人民政府"),
                  "demand_uscc": uscc("MA0%06d" % (len(tasks) + 1)) if cls == "ENT" and demand is None else "",
                  "demand_affiliates": ";".join(affiliates), "total_funds": str(total),
                  "requested_fiscal": str(requested), "exception_approved": exception})
    return tasks[-1]


def panel(ref, stage, tech, fin=0, recommended=0, on_site=0):
    for k in range(tech + fin):
        panels.append({"task_id": ref, "stage": stage, "expert": "%s-%s-%02d" % (ref, stage, k + 1),
                       "role": "技术" if k < tech else "财务", "demand_recommended": "是" if k < recommended else "",
                       "on_site_team": "是" if k < on_site else ""})


def good_panels(t):
    panel(t["task_id"], "论证", 7)
    panel(t["task_id"], "评审", 9, 3)


n = [0]


def bid(t, score, submitted="2024-10-20 10:00", **kw):
    n[0] += 1
    k = n[0]
    b = {"id": "JB2024-%03d" % k, "task_id": t["task_id"], "lead_solver": SOLVERS[k % len(SOLVERS)],
         "lead_uscc": uscc("MB0%06d" % k, "110000"), "leader_name": name(k), "leader_id": person(k),
         "tech_lead_name": name(k), "tech_lead_id": person(k), "demand_task_share": "30",
         "demand_fund_share": "30", "submitted": submitted}
    b.update(kw)
    bids.append(b)
    if score is not None:
        for e in range(5):
            evals.append({"id": b["id"], "expert": "E%02d" % (e + 1), "role": "技术", "score": str(score + (e - 2)),
                          "recused": ""})
    return b


# A = budget / tasks = 5,000,000
t1 = task("BD2024-01", "ENT", "高端不锈钢精密带材", 20000001, 8000000); good_panels(t1)       # 30 % -> 6,000,000; A 5,000,000
bid(t1, 88); bid(t1, 85); bid(t1, 55)                                                         # win, R02, R01
t2 = task("BD2024-02", "ENT", "煤层气高效开发装备", 10000000, 4000000); good_panels(t2)        # 30 % -> 3,000,000
bid(t2, 90); b = bid(t2, 92); b["lead_uscc"] = t2["demand_uscc"]                               # E01 the demand side itself
aff = uscc("MC0000001")
t3 = task("BD2024-03", "ENT", "氢能重卡动力系统", 30000000, 12000000, exception="是", affiliates=(aff,)); good_panels(t3)
bid(t3, 80); bid(t3, 95, lead_uscc=aff)                                                        # 一事一议 winner; E01 affiliate
t4 = task("BD2024-04", "ENT", "智能矿山无人驾驶", 9999999, 5000000); good_panels(t4)            # 30 % of 9,999,999 = 2,999,999
bid(t4, 75); bid(t4, 97, demand_task_share="50.01"); bid(t4, 96, demand_fund_share="60")      # E02 above 50 %; 50 exactly passes
bid(t4, 70, demand_task_share="50", demand_fund_share="50")
t5 = task("BD2024-05", "ENT", "高性能碳纤维原丝", 16000000, 6000000, demand=tasks[0]["demand_side"])
tasks[-1]["demand_uscc"] = tasks[0]["demand_uscc"]; good_panels(t5)                           # the same demand side again: E03
bid(t5, 85)
t6 = task("BD2024-06", "PUB", "黄河流域生态修复", 0, 4500000); good_panels(t6)                   # PUB: min(request, A)
bid(t6, 86, tech_lead_name="龚卫东", tech_lead_id=person(901)); bid(t6, 84)                     # E04 warning on the winner
t7 = task("BD2024-07", "PUB", "重大传染病防控", 0, 7000000); good_panels(t7)                     # PUB above A: A, nothing raised (V2-M3)
bid(t7, 83); bid(t7, 89, submitted="2024-10-21 17:01")                                         # E05 late by a minute
bid(t7, 60, submitted="2024-10-21 17:00")                                                      # on time exactly; passes at 60
t8 = task("BD2024-08", "ENT", "焦化废水零排放", 8000000, 2000000)
panel(t8["task_id"], "论证", 6); panel(t8["task_id"], "评审", 9, 3)                              # P01: 6 technical
bid(t8, 90)
t9 = task("BD2024-09", "ENT", "光伏硅片薄片化", 8000000, 2000000)
panel(t9["task_id"], "论证", 7); panel(t9["task_id"], "评审", 8, 3)                              # P02: 8 technical
bid(t9, 90)
t10 = task("BD2024-10", "ENT", "特种玻璃基板", 8000000, 2000000)
panel(t10["task_id"], "论证", 7); panel(t10["task_id"], "评审", 9, 2)                            # P02: 2 financial
bid(t10, 90)
t11 = task("BD2024-11", "PUB", "太行山区数字乡村", 0, 3000000); good_panels(t11)
bid(t11, 78, leader_id=person(50), tech_lead_id=person(50), leader_name="贺振华", tech_lead_name="贺振华")
e = bid(t11, None)                                                                             # no scores: 待补评
t12 = task("BD2024-12", "ENT", "镁合金轻量化部件", 12000000, 3600001); good_panels(t12)         # 30 % = 3,600,000
bid(t12, 80)
for s in (79, 77, 74, 71, 66, 63, 58):                                                        # more bids on one task: R02, R01
    bid(t12, s, submitted="2024-10-%02d 09:00" % (s % 20 + 1))
bid(t2, 88, submitted="2024-10-19 09:00"); bid(t6, 86, submitted="2024-10-19 09:00")        # ties broken by earlier submission
panels.append(dict(panels[-1]))                                                                # a doubled expert row counts once

# ---- spec v2 ----
# V2-M2: t2's demand side again, its credit code written in lower case: its first task (t2) stands.
t13 = task("BD2024-13", "ENT", "瓦斯抽采智能监测系统", 9000000, 2500000, demand=t2["demand_side"])
tasks[-1]["demand_uscc"] = t2["demand_uscc"].lower(); good_panels(t13)
bid(t13, 91)                                                                                   # E03
# V2-M1: a lead solver's code and a leader's ID whose check character fails; a lower-case x read as X.
t14 = task("BD2024-14", "ENT", "高纯石英砂提纯工艺", 10000000, 3000000); good_panels(t14)
bid(t14, 84, lead_uscc=bad_check(uscc("MB0000901", "110000")))                                 # ID-USCC
bid(t14, 83, leader_id=bad_check(person(902), "0123456789X"))                                 # ID-PERSON
x_id = next(person(k) for k in range(903, 999) if person(k).endswith("X"))
bid(t14, 82, leader_id=x_id.lower(), tech_lead_id=x_id)                                        # read as X: passes, second
t15 = task("BD2024-15", "PUB", "汾河流域地下水修复", 0, 2000000); good_panels(t15)
bid(t15, 81, leader_id=x_id.lower(), tech_lead_id=x_id, leader_name="覃立新", tech_lead_name="覃立新")  # same person: no E04
# V2-G5: objections on the winners of t12 (first day), t15 (last day), t4 (the day after), a loser of t1.
OBJECTIONS = [("JB2024-023", "2024-12-02", "举报揭榜团队核心成员与需求方存在关联"),
              ("JB2024-037", "2024-12-06", "认为揭榜方案技术路线与已有项目重复"),
              ("JB2024-008", "2024-12-09", "公示期满后收到的来信"),
              ("JB2024-002", "2024-12-03", "对评审结果提出异议")]

# ---- acceptance of earlier projects ----
def proj(pid, end, applied, conclusion, received, spent, terminated="", revoked="", site=(5, 4, 1), meeting=(7, 5, 1, 1), k=0,
         approved="", refused="", forced="", leader_id=None):
    acceptance.append({"id": pid, "end": end, "applied": applied, "conclusion": conclusion,
                       "fiscal_received": str(received), "fiscal_spent": str(spent), "terminated": terminated,
                       "revoked": revoked, "lead_uscc": uscc("MD0%06d" % k), "leader_id": leader_id or person(200 + k),
                       "lead_solver": SOLVERS[k % len(SOLVERS)], "leader_name": name(200 + k),
                       "approved": approved, "refused_cooperation": refused, "forced": forced})
    if conclusion:
        members, tech, rec = site
        panel(pid, "现场考察", tech, members - tech, rec)
        members, tech, rec, on = meeting
        panel(pid, "验收会议", tech, members - tech, rec, on)


# 第五十、五十二条: the 细则 decides only projects approved on or after
# 2024-06-30. One of those whose execution ended by the decision date
# (2024-12-16) cannot be 6 months past its end, so A01 and A04 cannot
# happen in this batch (tests/unit/test_shanxi_major_rules.c has them).
ON = "2024-07-01"                      # approved under this 细则
proj("ZD2021-01", "2024-09-30", "2024-11-20", "通过验收", 5000000, 4800000, k=1, approved=ON)
proj("ZD2021-02", "2023-12-31", "2024-07-01", "通过验收", 5000000, 5000000, k=2)                # no approved date, ended before: X01
proj("ZD2021-03", "2024-09-30", "2024-10-15", "结题", 4000000, 3123457, site=(6, 4, 1), k=3, approved=ON)  # 6 members, 4 tech = 2/3
proj("ZD2021-04", "2024-09-30", "2024-10-15", "不通过验收", 3000000, 2500000, k=4, approved=ON)
proj("ZD2021-05", "2024-09-30", "2024-10-15", "通过验收", 3000000, 2900000, site=(5, 3, 1), k=5, approved=ON)  # 3 of 5 < 2/3: A02
proj("ZD2021-06", "2024-09-30", "2024-10-15", "通过验收", 3000000, 2900000, meeting=(7, 4, 1, 1), k=6, approved=ON)  # 4 of 7: A03
proj("ZD2021-07", "2024-09-30", "2024-10-15", "结题", 3000000, 2900000, meeting=(7, 5, 1, 0), k=7, approved=ON)  # no site expert: A03
proj("ZD2021-08", "2024-09-30", "2024-10-15", "通过验收", 3000000, 2900000, site=(4, 4, 1), k=8, approved=ON)  # 4 < 5: A02
proj("ZD2021-09", "2023-06-16", "", "", 2000000, 1500000, k=9)                                    # no approved date, ended before: X01
proj("ZD2021-10", "2024-06-29", "2024-07-15", "不通过验收", 2000000, 1500000, k=10)                 # ended the day before: X01
proj("ZD2021-11", "2024-06-30", "", "", 2000000, 800000, terminated="是", k=11)                   # 终止: unspent
proj("ZD2021-12", "2024-06-30", "", "", 2000000, 800000, revoked="是", k=12)                      # 撤销: all, no referral (v2)
proj("ZD2021-13", "2024-06-30", "", "", 2000000, 2300000, terminated="是", k=13)                  # overspent: recover 0
proj("ZD2021-14", "2024-09-30", "", "", 1000000, 200000, k=14)                                     # not yet due: 待验收
# V2-M4
proj("ZD2021-15", "2024-10-31", "2024-11-10", "不通过验收", 3000000, 2500000, k=15, approved="2024-06-29")  # former rules: X01
proj("ZD2021-16", "2024-10-31", "2024-11-10", "不通过验收", 3000000, 2500000, k=16, approved="2024-06-30")  # this 细则: referrals
proj("ZD2021-17", "2023-06-15", "", "", 2000000, 1500000, k=17, refused="是")                       # ended before, refusing: X01
proj("ZD2021-18", "2024-11-30", "", "", 2000000, 1500000, k=18, approved=ON, refused="是")         # refusing, not overdue: 待验收
proj("ZD2021-19", "2024-06-30", "", "", 2000000, 800000, terminated="是", forced="是", k=19)       # 强制终止: all (第四十八条)
proj("ZD2021-20", "2024-09-30", "2024-10-15", "不通过验收", 3000000, 2500000, k=20, approved=ON,     # the leader's ID fails its
     leader_id=bad_check(person(220), "0123456789X"))                                              # check: the unit alone referred
proj("ZD2021-21", "2023-12-31", "2024-07-01", "通过验收", 5000000, 5000000, k=21, approved="2022-03-01")  # former rules: no A01
proj("ZD2021-22", "2024-06-30", "2024-07-15", "不通过验收", 2000000, 1500000, k=22)                 # no approved date, ended on the day: this 细则


# ---- the oracle ----
def working_days_end(start, n_days):
    hol = {D(2024, 1, 1)} | {D(2024, 2, d) for d in range(10, 18)} | {D(2024, 4, d) for d in (4, 5, 6)} | \
          {D(2024, 5, d) for d in range(1, 6)} | {D(2024, 6, 10)} | {D(2024, 9, d) for d in (15, 16, 17)} | \
          {D(2024, 10, d) for d in range(1, 8)}
    extra = {D(2024, 2, 4), D(2024, 2, 18), D(2024, 4, 7), D(2024, 4, 28), D(2024, 5, 11), D(2024, 9, 14),
             D(2024, 9, 29), D(2024, 10, 12)}
    d, k = start, 0
    while True:
        if (d.weekday() < 5 and d not in hol) or d in extra:
            k += 1
            if k == n_days:
                return d
        d += dt.timedelta(days=1)


def panel_of(ref, stage):
    seen = {}
    for p in panels:
        if p["task_id"] == ref and p["stage"] == stage and p["expert"] not in seen:
            seen[p["expert"]] = p
    v = list(seen.values())
    return {"n": len(v), "tech": sum(p["role"] == "技术" for p in v), "fin": sum(p["role"] == "财务" for p in v),
            "rec": sum(p["demand_recommended"] == "是" for p in v), "site": sum(p["on_site_team"] == "是" for p in v)}


def trimmed(v):
    v = sorted(int(round(x * 100)) for x in v)[1:-1]
    return (2 * sum(v) + len(v)) // (2 * len(v))


def bid_rows(posting_ok, byid):
    """Formal checks of every bid (rules.md §2, v2), read afresh."""
    first_of = {}
    for t in tasks:
        if t["class"] == "ENT":
            first_of.setdefault(t["demand_uscc"].upper(), t["task_id"])     # identity cells read upper case
    rows = {}
    for b in bids:
        t = byid[b["task_id"]]
        lead, leader, tech = b["lead_uscc"].upper(), b["leader_id"].upper(), b["tech_lead_id"].upper()
        codes, refused = [], False
        if not uscc_ok(lead):
            codes.append("ID-USCC"); refused = True
        if not person_ok(leader):
            codes.append("ID-PERSON"); refused = True
        if t["class"] == "ENT":
            if lead == t["demand_uscc"].upper() or lead in t["demand_affiliates"].upper().split(";"):
                codes.append("SXM-E01"); refused = True
            if float(b["demand_task_share"]) > 50 or float(b["demand_fund_share"]) > 50:
                codes.append("SXM-E02"); refused = True
            if first_of[t["demand_uscc"].upper()] != t["task_id"]:
                codes.append("SXM-E03"); refused = True
        elif tech and tech != leader:
            codes.append("SXM-E04")
        if b["submitted"] > DEADLINE:
            codes.append("SXM-E05"); refused = True
        r = {"status": "不予受理" if refused else "未立项", "score": None, "rank": None,
             "requested": int(t["requested_fiscal"]), "award": 0, "self": 0, "codes": codes}
        if not refused:
            arg, rev = panel_of(t["task_id"], "论证"), panel_of(t["task_id"], "评审")
            if arg["tech"] < 7:
                codes.append("SXM-P01")
            if rev["tech"] < 9 or rev["fin"] < 3:
                codes.append("SXM-P02")
            if not posting_ok:
                codes.append("SXM-P03")
            if any(c in codes for c in ("SXM-P01", "SXM-P02", "SXM-P03")):
                r["status"] = "程序不合规"
        rows[b["id"]] = r
    return rows


def review_and_win(rows, A):
    """Per task: scores, ranks, the best passing bid; publicity, objections."""
    pub_end = working_days_end(PUBLICITY, 5)
    for t in tasks:
        cand = []
        for b in bids:
            r = rows[b["id"]]
            if b["task_id"] != t["task_id"] or r["status"] != "未立项":
                continue
            s = [float(e["score"]) for e in evals if e["id"] == b["id"] and not e["recused"]]
            if len(s) < 5:
                r["status"] = "待补评"
                continue
            r["score"] = trimmed(s)
            cand.append(b)
        cand.sort(key=lambda b: (-rows[b["id"]]["score"], b["submitted"], b["id"]))
        won = False
        for k, b in enumerate(cand):
            r = rows[b["id"]]
            r["rank"] = k + 1
            if r["score"] < 6000:
                r["codes"].append("SXM-R01"); continue
            if won:
                r["codes"].append("SXM-R02"); continue
            won = True
            req = int(t["requested_fiscal"])
            if t["exception_approved"] == "是":
                award = req
                r["codes"].append("SXM-F02")
            else:
                award = min(req, A)
                if t["class"] == "ENT":
                    award = min(award, int(t["total_funds"]) * 30 // 100)
            # 第十七条: the demand side raises the shortfall of an ENT task; PUB raises nothing (V2-M3)
            r.update(status="拟立项", award=award, self=req - award if t["class"] == "ENT" else 0)
    held = 0
    for bid_id, received, _ in OBJECTIONS:
        day = D.fromisoformat(received)
        if PUBLICITY <= day <= pub_end and rows[bid_id]["status"] in ("拟立项", "公示异议"):
            rows[bid_id]["status"] = "公示异议"
            held += 1
    assert held == 2, "two objections hold their winners"
    for r in rows.values():
        if r["status"] == "拟立项" and DECIDED > pub_end:
            r["status"] = "立项"


def acceptance_rows():
    """recoveries.csv and referrals.csv (v2): 第三十六、三十八、四十三、四十四、
    四十八、四十九、五十、五十二条."""
    rec_rows, referrals = [], []
    for a in acceptance:
        codes = []
        end = D.fromisoformat(a["end"])
        rec = 0
        received, spent = int(a["fiscal_received"]), int(a["fiscal_spent"])
        failed = False
        # 第五十二条: approved before the 细则 took effect; without an
        # approved date, an execution that ended before then proves it.
        if (D.fromisoformat(a["approved"]) if a["approved"] else end) < EFFECTIVE:
            rec_rows.append([a["id"], "按原规定办理", str(received), str(spent), "0", "SXM-X01"])
            continue
        if a["applied"] and D.fromisoformat(a["applied"]) > add_months(end, 6):
            codes.append("SXM-A01")
        if a["revoked"] == "是":
            status, rec = "撤销", received
            codes.append("SXM-A06")
        elif a["terminated"] == "是":
            status, rec = "终止", received if a["forced"] == "是" else max(0, received - spent)
            codes.append("SXM-A06")
        else:
            concl = a["conclusion"]
            status = None
            if not concl:
                overdue = not a["applied"] and DECIDED > add_months(end, 18)
                if overdue and a["refused_cooperation"] == "是":
                    concl = "不通过验收"
                    codes.append("SXM-A04")
                else:
                    # 第三十八条: no application 6 months after the end breaks
                    # it already; overdue by a year more says so too.
                    if overdue or (not a["applied"] and DECIDED > add_months(end, 6)):
                        codes.append("SXM-A01")
                    status = "待验收"
            else:
                site, meet = panel_of(a["id"], "现场考察"), panel_of(a["id"], "验收会议")
                if site["n"] < 5 or 3 * site["tech"] < 2 * site["n"] or site["rec"] < 1:
                    codes.append("SXM-A02")
                if meet["n"] < 7 or 3 * meet["tech"] < 2 * meet["n"] or meet["rec"] < 1 or meet["site"] < 1:
                    codes.append("SXM-A03")
                if "SXM-A02" in codes or "SXM-A03" in codes:
                    status = "程序不合规"
            if status is None:
                status = concl
                if concl == "结题":
                    rec = max(0, received - spent); codes.append("SXM-A05")
                elif concl == "不通过验收":
                    rec, failed = received, True
                    codes.append("SXM-A05")
        if failed:
            unit, person_id = a["lead_uscc"].upper(), a["leader_id"].upper()
            if uscc_ok(unit):
                referrals.append([a["id"], "单位", unit, a["lead_solver"], "第四十四条"])
            else:
                codes.append("ID-USCC")
            if person_ok(person_id):
                referrals.append([a["id"], "个人", person_id, a["leader_name"], "第四十四条"])
            else:
                codes.append("ID-PERSON")
        rec_rows.append([a["id"], status, str(received), str(spent), str(rec), ";".join(sorted(set(codes)))])
    return rec_rows, referrals


def write_batch(directory, budget, extra_bids=(), extra_acceptance=()):
    os.makedirs(directory, exist_ok=True)
    open(os.path.join(directory, "programme.xml"), "w", encoding="utf-8").write(f"""<?xml version="1.0" encoding="UTF-8"?>
<programme kind="shanxi-major" year="2024">
  <authority>山西省科学技术厅</authority>
  <office>重大专项处</office>
  <title>2024年度山西省科技重大项目（揭榜挂帅）</title>
  <doc-number prefix="晋科重" year="2024" seq="21"><series kind="publicity" seq="20"/><series kind="notices" seq="101"/><series kind="acceptance" seq="201"/></doc-number>
  <budget>{budget}</budget>
  <ratio-cap percent="30"/>
  <posting date="{POSTING.isoformat()}"/>
  <proposal-deadline>{DEADLINE}</proposal-deadline>
  <review min-experts="5" pass-score="60" method="trimmed-mean"/>
  <publicity start="{PUBLICITY.isoformat()}" working-days="5"/>
  <decided>{DECIDED.isoformat()}</decided>
  <panels argument-min="7" review-technical-min="9" review-financial-min="3" site-min="5" meeting-min="7"/>
  <effective date="{EFFECTIVE.isoformat()}"/>
  <review-body>山西省人民政府</review-body>
  <contact name="王强" phone="0351-4048900"/>
  <address>太原市滨河西路南段129号省行政办公区A座</address>
</programme>
""")
    tcols = ["task_id", "title", "class", "demand_side", "demand_uscc", "demand_affiliates", "total_funds",
             "requested_fiscal", "exception_approved"]
    write_csv(os.path.join(directory, "tasks.csv"), tcols, [[t[c] for c in tcols] for t in tasks])
    bcols = ["id", "task_id", "lead_solver", "lead_uscc", "leader_name", "leader_id", "tech_lead_name",
             "tech_lead_id", "demand_task_share", "demand_fund_share", "submitted"]
    write_csv(os.path.join(directory, "applications.csv"), bcols, [[b[c] for c in bcols] for b in bids] + list(extra_bids))
    write_csv(os.path.join(directory, "evaluations.csv"), ["id", "expert", "role", "score", "recused"],
              [[e[c] for c in ("id", "expert", "role", "score", "recused")] for e in evals])
    pcols = ["task_id", "stage", "expert", "role", "demand_recommended", "on_site_team"]
    write_csv(os.path.join(directory, "panels.csv"), pcols, [[p[c] for c in pcols] for p in panels])
    acols = ["id", "end", "applied", "conclusion", "fiscal_received", "fiscal_spent", "terminated", "revoked",
             "lead_uscc", "leader_id", "lead_solver", "leader_name", "approved", "refused_cooperation", "forced"]
    write_csv(os.path.join(directory, "acceptance.csv"), acols, [[a[c] for c in acols] for a in acceptance]
              + list(extra_acceptance))
    write_csv(os.path.join(directory, "objections.csv"), ["id", "received", "summary"], [list(o) for o in OBJECTIONS])


def main():
    budget = AVERAGE * len(tasks)
    A = budget // len(tasks)
    posting_ok = (D(2024, 10, 21) - POSTING).days >= 50
    byid = {t["task_id"]: t for t in tasks}
    rows = bid_rows(posting_ok, byid)
    review_and_win(rows, A)
    rec_rows, referrals = acceptance_rows()

    write_batch(SAMPLE, budget)
    # The broken copy: a bid on a task not posted, a leader's ID a
    # spreadsheet wrote in scientific notation (V2-G4), a forced
    # termination of a project not marked terminated, a project approved
    # the day after its execution ended.
    write_batch(BROKEN, budget,
                extra_bids=[["JB2024-901", "BD2099-99", "太原重工股份有限公司", uscc("MB0999999", "110000"), "薛国庆",
                             person(999), "", "", "", "", "2024-10-01 09:00"],
                            ["JB2024-902", "BD2024-01", "中北大学", uscc("MB0999998", "110000"), "邹慧敏",
                             "1.40105E+17", "", "", "", "", "2024-10-01 09:00"]],
                extra_acceptance=[["ZD2021-91", "2024-06-30", "", "", "1000000", "100000", "", "", uscc("MD0000091"),
                                   person(291), "太原理工大学", "樊学军", "", "", "是"],
                                  ["ZD2021-92", "2024-09-30", "", "", "1000000", "100000", "", "", uscc("MD0000092"),
                                   person(292), "中北大学", "邹晓燕", "2024-10-01", "", ""]])
    os.makedirs(EXPECTED, exist_ok=True)
    dec = []
    for b in bids:
        r = rows[b["id"]]
        cls = byid[b["task_id"]]["class"]
        dec.append([b["id"], "shanxi-major", cls, r["status"],
                    "%d.%02d" % divmod(r["score"], 100) if r["score"] is not None and r["status"] != "程序不合规" else "",
                    str(r["rank"]) if r["rank"] else "", str(r["requested"]), str(r["award"]), str(r["self"]), "",
                    ";".join(sorted(set(r["codes"])))])
    write_csv(os.path.join(EXPECTED, "decisions.csv"), ["id", "programme", "category", "status", "score", "rank",
                                                    "requested", "award", "self_raise", "ban_until", "reasons"], dec)
    write_csv(os.path.join(EXPECTED, "recoveries.csv"), ["id", "status", "fiscal_received", "fiscal_spent", "recover", "reasons"], rec_rows)
    write_csv(os.path.join(EXPECTED, "referrals.csv"), ["id", "subject_kind", "subject_id", "name", "article"], referrals)
    # A referral carries no period: nothing goes to bans.csv (V2-M4).
    write_csv(os.path.join(EXPECTED, "bans.csv"), ["subject_kind", "subject_id", "name", "start", "end", "reason", "source_id"], [])
    print("%d tasks, %d bids (the broken copy: +2 unreadable, and +2 acceptance rows), %d scores, %d panel rows, %d acceptances, %d referrals; A = %d"
          % (len(tasks), len(bids), len(evals), len(panels), len(acceptance), len(referrals), A))


if __name__ == "__main__":
    main()
