#!/usr/bin/env python3
"""Writes samples/shenzhen-intl-2024/ (a shenzhen-intl batch, clean: every
row readable) and, computed here independently of the C program (rules.md
§3 and changes-v2.md read afresh), the expected
tests/e2e/expected/shenzhen-intl-2024/decisions.csv, contracts-out.csv and
bans.csv; and a broken copy of it for the end-to-end tests
(tests/e2e/batches/shenzhen-intl-2024-broken/: the sample with unreadable
rows appended, which decides as the sample with them absent) with the
rejects.csv it must give (tests/e2e/expected/shenzhen-intl-2024-broken/).

Every rule fails at least once; the four category formulas meet odd
amounts (the 50 % rounds down) and the caps; PER applications mix eligible
and ineligible experts; the v2 boundaries are all on both sides:
- V2-S1: activities abroad for the city with any numbers (funded), abroad
  without the commission, in Shenzhen with the commission but 99 people;
- V2-S2: 正高级工程师 and 教授级高级工程师 experts, visit years 2023 (the
  call year − 1: counted), 2022 and 2024 (dropped);
- V2-S3: contracts with `completed` 否 written out (not yet due: 正常;
  overdue: banned); the empty cell is in the broken batch;
- V2-S4: an invalid credit code with a Guangzhou division: ID-USCC alone;
- V2-G1: sanctions whose last day in force is an application's date
  (refused) or the day before (not), one begun on 29 February; bans decided
  on 16 December 2024 last through 16 December 2027;
- V2-G5: objections on the first and the last day of the 10-day publicity
  (公示异议), the day before and the day after it, and on an application
  not on the list (warnings).

usage: scripts/gen_sample_shenzhen_intl.py   (from the project root; deterministic)
"""
import csv
import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samplelib import ID_WEIGHTS as W, add_months, add_years, chinese_name, person_ok as pid_ok, uscc, uscc_ok, write_csv  # noqa: E402

SAMPLE = "samples/shenzhen-intl-2024"
EXPECTED = "tests/e2e/expected/shenzhen-intl-2024"
BROKEN = "tests/e2e/batches/shenzhen-intl-2024-broken"
BROKEN_EXPECTED = "tests/e2e/expected/shenzhen-intl-2024-broken"
D = dt.date
YEAR = 2024
PUBLICITY = D(2024, 11, 20)
PUBLICITY_DAYS = 10
DECIDED = D(2024, 12, 16)
BUDGET = 7000000
CAP = {"GOV": 3000000, "IND": 1000000, "ACT": 1000000, "PER": 1000000}
QUALIFYING = ("博士", "副教授", "教授", "副研究员", "研究员", "高级工程师", "正高级工程师", "教授级高级工程师")


def person(birth, seq, region="440305"):
    body = region + birth.strftime("%Y%m%d") + "%03d" % seq
    return body + "10X98765432"[sum(int(c) * k for c, k in zip(body, W)) % 11]


n = [0]
UNITS = {  # applicants by kind, so that a PER applicant is a university or an institute
    "企业": ["华为技术有限公司", "比亚迪股份有限公司", "腾讯科技（深圳）有限公司", "大疆创新科技有限公司",
           "迈瑞医疗国际股份有限公司", "中兴通讯股份有限公司", "光启技术股份有限公司"],
    "高校": ["深圳大学", "南方科技大学", "香港中文大学（深圳）", "深圳技术大学", "哈尔滨工业大学（深圳）"],
    "科研院所": ["中国科学院深圳先进技术研究院", "鹏城实验室", "深圳湾实验室", "深圳清华大学研究院"],
}
TOPICS = ["海洋传感器", "氢能电池", "量子通信", "合成生物", "智能机器人", "新型显示", "精准医疗", "碳中和材料"]
KIND = {"GOV": "企业", "IND": "企业", "ACT": "高校", "PER": "高校"}


def app(cat, **kw):
    n[0] += 1
    k = n[0]
    kind = kw.get("applicant_kind", KIND[cat])
    units = UNITS.get(kind, UNITS["企业"])
    a = {
        "id": "SZGJ2024-%03d" % k, "category": cat,
        "title": "%s%s" % (TOPICS[k % len(TOPICS)], {"GOV": "政府间联合研发", "IND": "国际联合攻关",
                                                     "ACT": "国际学术论坛", "PER": "外国专家交流"}[cat]),
        "applicant": units[k % len(units)], "applicant_uscc": uscc("440300", "MA5%06d" % k),
        "applicant_kind": kind,
        "in_shenshan": "", "pi_name": chinese_name(k), "pi_id": person(D(1975, 1, 1) + dt.timedelta(days=37 * k), k),
        "cn_rd_input": "", "audited_cost": "", "partner_applied": "", "content_consistent": "",
        "cn_enterprise": "", "joint_lab": "", "agreement_signed": "", "ip_owner": "", "host_role": "",
        "in_shenzhen": "", "participants": "", "foreign_participants": "", "fa_approved": "",
        "submitted": "2024-09-%02d" % (1 + k % 28), "commissioned": "",
    }
    if cat == "GOV":
        a.update(cn_rd_input="4000000", partner_applied="是", content_consistent="是")
    if cat == "IND":
        a.update(cn_rd_input="1500000", cn_enterprise="是", agreement_signed="是", ip_owner="共有")
    if cat == "ACT":
        a.update(audited_cost="800000", host_role="是", in_shenzhen="是", participants="150",
                 foreign_participants="40", fa_approved="是")
    a.update(kw)
    apps.append(a)
    return a


apps, experts, evals, sanctions, contracts, objections = [], [], [], [], [], []


def scores(a, *s):
    for i, v in enumerate(s):
        evals.append({"id": a["id"], "expert": "E%02d" % (i + 1), "role": "技术" if i < len(s) - 1 else "财务",
                      "score": str(v), "recused": ""})


def expert(a, name, title, staff="", funded="", travel="0", board="0", fee="0", visit=""):
    experts.append({"id": a["id"], "expert": name, "degree_or_title": title, "applicant_staff": staff,
                    "funded_elsewhere": funded, "travel": travel, "board": board, "fee": fee, "visit_year": visit})


def bad_check(code):
    """The same code with a wrong check character: well formed, invalid."""
    return code[:-1] + ("0" if code[-1] != "0" else "1")


# ---- GOV and IND: reviewed, ranked, funded within the budget ----
g1 = app("GOV", cn_rd_input="4000001"); scores(g1, 92, 90, 88, 91, 89)        # 2,000,000
g2 = app("GOV", cn_rd_input="9000000"); scores(g2, 85, 86, 84, 85, 87)        # 4,500,000 -> cap 3,000,000
i1 = app("IND", cn_rd_input="1234567"); scores(i1, 80, 82, 81, 79, 83)        # 617,283
i2 = app("IND", cn_rd_input="3000000"); scores(i2, 78, 77, 79, 76, 80)        # 1,500,000 -> cap, over the budget left
i3 = app("IND", cn_enterprise="", joint_lab="是", cn_rd_input="999999"); scores(i3, 75, 74, 76, 73, 77)  # joint lab: 499,999
g3 = app("GOV", cn_rd_input="800000"); scores(g3, 58, 59, 57, 60, 55)         # below the pass score
i4 = app("IND"); scores(i4, 70, 71)                                            # too few scores: 待补评
i5 = app("IND", cn_rd_input="2500000"); scores(i5, 72, 73, 71, 74, 70)
app("GOV", partner_applied="")                                                 # E02
app("GOV", content_consistent="")                                              # E02
app("IND", cn_enterprise="")                                                   # E03 no enterprise, no joint lab
app("IND", agreement_signed="")                                                # E03
app("IND", ip_owner="外方")                                                    # E03
app("GOV", applicant_uscc=uscc("440100", "MA5900001"))                         # E01 Guangzhou
sw = app("IND", applicant_uscc=uscc("441500", "MA5900002"), in_shenshan="是")  # Shanwei, in the zone: passes E01
scores(sw, 66, 67, 65, 68, 64)
b = app("GOV"); b["applicant_uscc"] = bad_check(b["applicant_uscc"])           # ID-USCC (Shenzhen digits)
b = app("IND"); b["pi_id"] = bad_check(b["pi_id"])                             # ID-PERSON
scores(apps[-2], 80, 80, 80, 80, 80)
scores(apps[-1], 80, 80, 80, 80, 80)
cn = app("IND", ip_owner="中方", cn_rd_input="1000001"); scores(cn, 83, 84, 82, 85, 81)   # 中方所有: 500,000
rc = app("GOV", cn_rd_input="1111111"); scores(rc, 79, 80, 78, 81, 77, 99)    # six scores, one recused below
evals[-1]["recused"] = "是"
r4 = app("IND"); scores(r4, 75, 76, 74, 77, 73); evals[-1]["recused"] = "是"   # one of five recused: 待补评
t1 = app("GOV", cn_rd_input="600000", submitted="2024-09-03"); scores(t1, 70, 70, 70, 70, 70)  # tie: earlier first
t2 = app("GOV", cn_rd_input="600000", submitted="2024-09-02"); scores(t2, 70, 70, 70, 70, 70)

# ---- ACT: after funding ----
a1 = app("ACT", audited_cost="1234567")                                        # 617,283
app("ACT", audited_cost="2500001")                                             # cap 1,000,000
app("ACT", participants="100", foreign_participants="30", audited_cost="333333")  # exactly 100 and 30: 166,666
app("ACT", participants="99")                                                  # E04
app("ACT", foreign_participants="29")                                          # E04
app("ACT", host_role="")                                                       # E04
app("ACT", in_shenzhen="")                                                     # E04: not in Shenzhen, not commissioned
app("ACT", fa_approved="")                                                     # E04

# ---- PER: after funding, experts ----
p1 = app("PER"); expert(p1, "John Smith", "教授", travel="30001", board="10000", fee="20000")      # 60,001 -> 30,000
expert(p1, "Anna Berg", "其他", travel="50000")                                                    # dropped: title
p2 = app("PER", applicant_kind="科研院所"); expert(p2, "Kenji Sato", "博士", travel="12345", fee="5000")
expert(p2, "Marie Dubois", "副研究员", staff="是", travel="40000")                                 # dropped: staff
expert(p2, "Luis Gomez", "高级工程师", funded="是", board="9000")                                  # dropped: funded
p3 = app("PER"); expert(p3, "Olga Ivanova", "其他", travel="10000")                                 # none left: refused
p4 = app("PER", applicant_kind="企业"); expert(p4, "Peter Mayer", "教授", travel="20000")          # not a university
p5 = app("PER"); expert(p5, "Sara Lee", "研究员", travel="1500000", board="700000", fee="300001")  # 2,500,001 -> cap
p6 = app("PER"); expert(p6, "Tom Hardy", "副教授", travel="9999")                                  # 4,999
p7 = app("PER", applicant_kind="科研院所"); expert(p7, "Ivan Petrov", "博士", travel="12345")
expert(p7, "Li Wei", "教授", fee="6789")                                                           # 19,134 -> 9,567

# ---- bans in force (sanctions.csv), checked on the application date; end = last day in force ----
leap = app("IND", submitted="2024-09-10"); scores(leap, 81, 81, 81, 81, 81)
sanctions.append({"subject_kind": "单位", "subject_id": leap["applicant_uscc"], "name": leap["applicant"],
                  "start": "2024-02-29", "end": "2027-02-28", "reason": "未经同意终止项目"})   # begun 29 Feb: active
edge = app("ACT", submitted="2024-09-15")
sanctions.append({"subject_kind": "个人", "subject_id": edge["pi_id"], "name": edge["pi_name"],
                  "start": "2021-09-15", "end": "2024-09-14", "reason": "未经同意不按期完成"})  # last day the day before: over
late = app("ACT", submitted="2024-09-15")
sanctions.append({"subject_kind": "个人", "subject_id": late["pi_id"], "name": late["pi_name"],
                  "start": "2021-09-16", "end": "2024-09-15", "reason": "未经同意不按期完成"})  # last day the very day: active

# ---- v2 ----
# V2-S1: an activity abroad undertaken for the municipal government needs no numbers and no filing.
abroad = app("ACT", in_shenzhen="否", commissioned="是", participants="20", foreign_participants="5",
             fa_approved="", audited_cost="600001", title="粤港澳大湾区科技合作（德国）推介会")       # 300,000
app("ACT", in_shenzhen="否", commissioned="是", participants="", foreign_participants="", fa_approved="",
    audited_cost="420000", title="深圳—以色列科技合作项目对接会")                                   # 210,000
app("ACT", in_shenzhen="否", commissioned="", participants="300", foreign_participants="200")      # E04: abroad, no commission
app("ACT", in_shenzhen="是", commissioned="是", participants="99")                                 # E04: in Shenzhen, the numbers apply
app("ACT", in_shenzhen="否", commissioned="是", host_role="")                                      # E04: neither host nor organiser
# V2-S2: the full titles count; visit_year must be the call year − 1.
p8 = app("PER", applicant_kind="科研院所")
expert(p8, "Hans Weber", "正高级工程师", travel="21000", board="3000", visit="2023")                # counted
expert(p8, "Yuki Tanaka", "教授级高级工程师", travel="15001", visit="")                             # counted, no year given
expert(p8, "Paolo Rossi", "教授", travel="40000", visit="2022")                                    # dropped: 2022
expert(p8, "Emma Brown", "研究员", travel="30000", visit="2024")                                   # dropped: the call year
p9 = app("PER"); expert(p9, "Carlos Ruiz", "教授", travel="8000", visit="2024")                    # none left: refused
# V2-S4: an invalid code with Guangzhou's digits says nothing of the registration: ID-USCC alone.
b = app("GOV", applicant_uscc=bad_check(uscc("440100", "MA5900003")))
scores(b, 80, 80, 80, 80, 80)

# V2-G5: objections, 10 days from 20 November: 20–29 November.
LAST = PUBLICITY + dt.timedelta(days=PUBLICITY_DAYS - 1)


def objection(a, day, summary):
    objections.append({"id": a["id"], "received": day.isoformat(), "summary": summary})


objection(g1, PUBLICITY, "合作外方资质存疑")                                 # first day: 公示异议
objection(i1, LAST, "研发投入数据与审计报告不符")                             # last day: 公示异议
objection(abroad, PUBLICITY + dt.timedelta(days=3), "推介会实际参会单位不足")  # inside: 公示异议
objection(cn, LAST + dt.timedelta(days=1), "成果归属约定不清")                # the day after: warning, 立项
objection(a1, PUBLICITY - dt.timedelta(days=1), "会议规模存疑")               # the day before: warning, 立项
objection(g3, PUBLICITY + dt.timedelta(days=2), "评审专家回避不当")            # not on the list: warning


# ---- earlier contracts (completed always written out: 是 or 否) ----
def contract(cid, approved, signed, end, applied, completed="是", terminated="", k=0):
    unit = UNITS["企业"][k % len(UNITS["企业"])] if k % 2 else UNITS["高校"][k % len(UNITS["高校"])]
    contracts.append({"id": cid, "approved_on": approved, "contract_on": signed, "contract_end": end,
                      "applied": applied, "completed": completed, "terminated_unapproved": terminated,
                      "applicant_uscc": uscc("440300", "MA6%06d" % k), "pi_id": person(D(1970, 5, 5), k),
                      "applicant": unit, "pi_name": chinese_name(100 + k)})


contract("SZGJ2021-001", "2021-03-01", "2021-03-31", "2023-08-31", "2024-02-29", k=1)   # day 30; 6 months (clamped): 正常
contract("SZGJ2021-002", "2021-03-01", "2021-04-01", "2023-06-30", "2023-10-20", k=2)   # day 31: 逾期 P02
contract("SZGJ2021-003", "2021-05-10", "2021-05-20", "2023-06-30", "2024-01-01", k=3)   # 6 months + 1 day: A01
contract("SZGJ2022-004", "2022-01-10", "2022-01-20", "2024-06-30", "", completed="否", terminated="是", k=4)  # B01 terminated
contract("SZGJ2022-005", "2022-01-10", "2022-01-20", "2024-06-30", "", completed="否", k=5)  # B01 overdue
contract("SZGJ2023-006", "2023-03-01", "2023-03-15", "2025-12-31", "", completed="否", k=6)  # not yet due: 正常
contract("SZGJ2022-007", "2022-02-01", "2022-02-10", "2024-12-16", "", completed="否", k=7)  # ends on the decision day: not overdue
contract("SZGJ2022-008", "2022-02-01", "2022-02-10", "2024-12-15", "", completed="否", k=8)  # ended the day before: B01

COLS = ["id", "category", "title", "applicant", "applicant_uscc", "applicant_kind", "in_shenshan", "pi_name",
        "pi_id", "cn_rd_input", "audited_cost", "partner_applied", "content_consistent", "cn_enterprise",
        "joint_lab", "agreement_signed", "ip_owner", "host_role", "in_shenzhen", "participants",
        "foreign_participants", "fa_approved", "submitted", "commissioned"]
XCOLS = ["id", "expert", "degree_or_title", "applicant_staff", "funded_elsewhere", "travel", "board", "fee", "visit_year"]
CCOLS = ["id", "approved_on", "contract_on", "contract_end", "applied", "completed", "terminated_unapproved",
         "applicant_uscc", "pi_id", "applicant", "pi_name"]
SCOLS = ["subject_kind", "subject_id", "name", "start", "end", "reason"]

# ---- the broken copy: rows that cannot be read, appended to the sample's files ----
BROKEN_ROWS = {
    "applications.csv": [
        ["SZGJ2024-901", "XYZ", "海水淡化膜材料合作", "深圳市海川新材料有限公司", uscc("440300", "MA5999901"), "企业", "",
         "郑立群", person(D(1980, 1, 1), 901)] + [""] * 13 + ["2024-09-01", ""],
        ["SZGJ2024-902", "GOV", "城市交通大数据联合研发", "深圳市智慧交通研究院", uscc("440300", "MA5999902"), "科研院所", "",
         "钱文静", person(D(1980, 1, 1), 902), "100万", ""] + [""] * 11 + ["2024-09-31", ""],
    ],
    "contracts.csv": [
        ["SZGJ2022-009", "2022-02-01", "2022-02-10", "2024-06-30", "", "", "", uscc("440300", "MA6000009"),
         person(D(1970, 5, 5), 9), "深圳市光华微电子有限公司", "陆振宇"],
    ],
    "objections.csv": [["SZGJ2024-777", "2024-11-21", "申请单位不存在"]],
}
BROKEN_REJECTS = [  # file, offset among the appended rows, field, value, error, message (rejects.csv)
    ("applications.csv", 0, "category", "XYZ", "unknown value", "不是可识别的取值"),
    ("applications.csv", 1, "submitted", "2024-09-31", "not a valid date (2024-12-04, 2024/12/4 or 2024年12月4日)",
     "不是有效日期（如 2024-12-04、2024/12/4、2024年12月4日）"),
    ("contracts.csv", 0, "completed", "",
     "empty, whether the project was completed on time (是/否) is required: a ban needs the fact",
     "是否按期完成为空，必须填写“是”或“否”：禁止申报须以该事实为据"),
    ("objections.csv", 0, "id", "SZGJ2024-777", "no application with this id in the batch", "本批次没有该编号的申报"),
]


# ---- the oracle: rules.md §3 and changes-v2.md, written again ----
def yes(s):
    return s == "是"


def expert_ok(x):
    return (x["degree_or_title"] in QUALIFYING and not yes(x["applicant_staff"]) and not yes(x["funded_elsewhere"])
            and (not x["visit_year"] or int(x["visit_year"]) == YEAR - 1))


def base(a):
    if a["category"] in ("GOV", "IND"):
        return int(a["cn_rd_input"] or 0)
    if a["category"] == "ACT":
        return int(a["audited_cost"] or 0)
    return sum(int(x["travel"]) + int(x["board"]) + int(x["fee"]) for x in experts if x["id"] == a["id"] and expert_ok(x))


def active(kind, sid, day):
    """V2-G1: end is the last day in force."""
    return any(s["subject_kind"] == kind and s["subject_id"] == sid and
               D.fromisoformat(s["start"]) <= day <= D.fromisoformat(s["end"]) for s in sanctions)


def act_ok(a):
    """V2-S1: host or organiser; in Shenzhen with the numbers and the filing, or abroad for the city."""
    if not yes(a["host_role"]):
        return False
    if yes(a["in_shenzhen"]):
        return int(a["participants"] or 0) >= 100 and int(a["foreign_participants"] or 0) >= 30 and yes(a["fa_approved"])
    return yes(a["commissioned"])


def eligibility(a):
    codes = []
    if not uscc_ok(a["applicant_uscc"]):
        codes.append("ID-USCC")                     # V2-S4: nothing else about the registration
    elif a["applicant_uscc"][2:6] != "4403" and not yes(a["in_shenshan"]):
        codes.append("SZI-E01")
    if not pid_ok(a["pi_id"]):
        codes.append("ID-PERSON")
    c = a["category"]
    if c == "GOV" and not (yes(a["partner_applied"]) and yes(a["content_consistent"])):
        codes.append("SZI-E02")
    if c == "IND" and not ((yes(a["cn_enterprise"]) or yes(a["joint_lab"])) and yes(a["agreement_signed"])
                           and a["ip_owner"] in ("共有", "中方")):
        codes.append("SZI-E03")
    if c == "ACT" and not act_ok(a):
        codes.append("SZI-E04")
    refuse = bool(codes)
    if c == "PER":
        mine = [x for x in experts if x["id"] == a["id"]]
        if a["applicant_kind"] not in ("高校", "科研院所"):
            codes.append("SZI-E05"); refuse = True
        if any(not expert_ok(x) for x in mine):
            codes.append("SZI-E05")
        if not any(expert_ok(x) for x in mine):
            codes.append("SZI-E05"); refuse = True
    day = D.fromisoformat(a["submitted"])
    if active("单位", a["applicant_uscc"], day) or active("个人", a["pi_id"], day):
        codes.append("SZI-E06"); refuse = True
    return refuse, codes


def trimmed_mean(v):
    v = sorted(int(round(x * 100)) for x in v)
    if len(v) >= 5:
        v = v[1:-1]
    s = sum(v)
    return (2 * s + len(v)) // (2 * len(v))   # half up, in hundredths


def decide():
    rows = {}
    for a in apps:
        refuse, codes = eligibility(a)
        req = base(a) * 50 // 100
        rows[a["id"]] = {"status": "不予受理" if refuse else "未立项", "score": None, "rank": None,
                         "requested": req, "award": 0, "self": 0, "codes": codes}
    ranked = []
    for a in apps:
        r = rows[a["id"]]
        if a["category"] not in ("GOV", "IND") or r["status"] == "不予受理":
            continue
        s = [float(e["score"]) for e in evals if e["id"] == a["id"] and not e["recused"]]
        if len(s) < 5:
            r["status"] = "待补评"
            continue
        r["score"] = trimmed_mean(s)
        ranked.append(a)
    ranked.sort(key=lambda a: (-rows[a["id"]]["score"], a["submitted"], a["id"]))
    left = BUDGET
    for k, a in enumerate(ranked):
        r = rows[a["id"]]
        r["rank"] = k + 1
        if r["score"] < 6000:
            r["codes"].append("SZI-R01")
            continue
        award = min(r["requested"], CAP[a["category"]])
        if award > left:
            r["codes"].append("SZI-R02")
            continue
        left -= award
        r.update(status="拟立项", award=award, self=r["requested"] - award)
    for a in apps:
        r = rows[a["id"]]
        if a["category"] in ("ACT", "PER") and r["status"] != "不予受理":
            award = min(r["requested"], CAP[a["category"]])
            r.update(status="拟立项", award=award, self=r["requested"] - award)
    for o in objections:     # V2-G5: within the 10 days, both ends included
        day = D.fromisoformat(o["received"])
        if PUBLICITY <= day <= LAST and rows[o["id"]]["status"] == "拟立项":
            rows[o["id"]]["status"] = "公示异议"
    for r in rows.values():
        if r["status"] == "拟立项" and DECIDED > LAST:
            r["status"] = "立项"
    return rows


def check_contracts():
    out, bans = [], []
    for c in contracts:
        codes = []
        if (D.fromisoformat(c["contract_on"]) - D.fromisoformat(c["approved_on"])).days > 30:
            codes.append("SZI-P02")
        end = D.fromisoformat(c["contract_end"])
        asked = D.fromisoformat(c["applied"]) if c["applied"] else DECIDED
        if asked > add_months(end, 6):
            codes.append("SZI-A01")
        banned = yes(c["terminated_unapproved"]) or (not yes(c["completed"]) and DECIDED > end)
        until = ""
        if banned:
            codes.append("SZI-B01")
            until = add_years(DECIDED, 3).isoformat()        # V2-G1: the last day in force
            why = "未经同意终止国际科技合作项目（第十五条）" if yes(c["terminated_unapproved"]) else "未经同意不按期完成国际科技合作项目（第十五条）"
            bans.append(["单位", c["applicant_uscc"], c["applicant"], DECIDED.isoformat(), until, why, c["id"]])
            bans.append(["个人", c["pi_id"], c["pi_name"], DECIDED.isoformat(), until, why, c["id"]])
        status = "禁止申报" if banned else "逾期" if codes else "正常"
        out.append([c["id"], status, until, ";".join(sorted(set(codes)))])
    return out, bans


def write_sample():
    os.makedirs(SAMPLE, exist_ok=True)
    with open(os.path.join(SAMPLE, "programme.xml"), "w", encoding="utf-8") as f:
        f.write(f"""<?xml version="1.0" encoding="UTF-8"?>
<programme kind="shenzhen-intl" year="{YEAR}">
  <authority>深圳市科技创新局</authority>
  <office>国际科技合作处</office>
  <title>2024年度深圳市国际科技合作项目</title>
  <doc-number prefix="深科技创新" year="2024" seq="88"><series kind="publicity" seq="87"/><series kind="notices" seq="101"/><series kind="bans" seq="201"/></doc-number>
  <category code="GOV" cap="3000000" percent="50"/>
  <category code="IND" cap="1000000" percent="50"/>
  <category code="ACT" cap="1000000" percent="50"/>
  <category code="PER" cap="1000000" percent="50"/>
  <budget>{BUDGET}</budget>
  <review min-experts="5" pass-score="60" method="trimmed-mean"/>
  <publicity start="{PUBLICITY.isoformat()}" days="{PUBLICITY_DAYS}"/>
  <decided>{DECIDED.isoformat()}</decided>
  <review-body>深圳市人民政府</review-body>
  <contact name="林晓" phone="0755-88102000"/>
  <address>深圳市福田区深南大道6008号</address>
</programme>
""")
    write_csv(os.path.join(SAMPLE, "applications.csv"), COLS, [[a[c] for c in COLS] for a in apps])
    write_csv(os.path.join(SAMPLE, "evaluations.csv"), ["id", "expert", "role", "score", "recused"],
              [[e[k] for k in ("id", "expert", "role", "score", "recused")] for e in evals])
    write_csv(os.path.join(SAMPLE, "experts.csv"), XCOLS, [[x[k] for k in XCOLS] for x in experts])
    write_csv(os.path.join(SAMPLE, "sanctions.csv"), SCOLS, [[s[k] for k in SCOLS] for s in sanctions])
    write_csv(os.path.join(SAMPLE, "contracts.csv"), CCOLS, [[c[k] for k in CCOLS] for c in contracts])
    write_csv(os.path.join(SAMPLE, "objections.csv"), ["id", "received", "summary"],
              [[o["id"], o["received"], o["summary"]] for o in objections])


def write_broken():
    """The sample's files with BROKEN_ROWS appended, and the rejects they
    give: an appended row's line is the file's line count + its offset + 1."""
    os.makedirs(BROKEN, exist_ok=True)
    os.makedirs(BROKEN_EXPECTED, exist_ok=True)
    lines = {}
    for name in sorted(os.listdir(SAMPLE)):
        with open(os.path.join(SAMPLE, name), encoding="utf-8") as f:
            text = f.read()
        lines[name] = text.count("\n")
        with open(os.path.join(BROKEN, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
            csv.writer(f, lineterminator="\n").writerows(BROKEN_ROWS.get(name, []))
    write_csv(os.path.join(BROKEN_EXPECTED, "rejects.csv"), ["file", "line", "field", "value", "error", "message"],
              [[name, str(lines[name] + k + 1), field, value, error, zh]
               for name, k, field, value, error, zh in BROKEN_REJECTS])


def main():
    rows = decide()
    out, bans = check_contracts()
    write_sample()
    write_broken()
    os.makedirs(EXPECTED, exist_ok=True)
    write_csv(os.path.join(EXPECTED, "contracts-out.csv"), ["id", "status", "ban_until", "reasons"], out)
    write_csv(os.path.join(EXPECTED, "bans.csv"), ["subject_kind", "subject_id", "name", "start", "end", "reason",
                                                  "source_id"], bans)
    dec = []
    for a in apps:
        r = rows[a["id"]]
        dec.append([a["id"], "shenzhen-intl", a["category"], r["status"],
                    "%d.%02d" % divmod(r["score"], 100) if r["score"] is not None else "",
                    str(r["rank"]) if r["rank"] else "", str(r["requested"]), str(r["award"]), str(r["self"]), "",
                    ";".join(sorted(set(r["codes"])))])
    write_csv(os.path.join(EXPECTED, "decisions.csv"), ["id", "programme", "category", "status", "score", "rank",
                                                        "requested", "award", "self_raise", "ban_until", "reasons"], dec)
    print("%d applications, %d experts, %d scores, %d sanctions, %d contracts, %d objections, %d bans; broken: %d rows"
          % (len(apps), len(experts), len(evals), len(sanctions), len(contracts), len(objections), len(bans),
             sum(len(r) for r in BROKEN_ROWS.values())))


if __name__ == "__main__":
    main()
