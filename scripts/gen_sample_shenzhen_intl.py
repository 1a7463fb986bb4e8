#!/usr/bin/env python3
"""Writes samples/shenzhen-intl-2024/ (a shenzhen-intl batch) and, computed here
independently of the C program (rules.md §3 read afresh), the expected
tests/e2e/expected/shenzhen-intl-2024/decisions.csv, contracts-out.csv and
bans.csv.

Every rule fails at least once; the four category formulas meet odd
amounts (the 50 % rounds down) and the caps; PER applications mix eligible
and ineligible experts; the sanctions hold a ban that started on 29
February 2024, one whose last day in force is the day before an
application date (not active) and one whose last day is that date (active); contracts are signed on day 30 and
31, apply for acceptance at 6 months and 6 months + 1 day, and are
terminated or overdue.

usage: scripts/gen_sample_shenzhen_intl.py   (from the project root; deterministic)
"""
import csv, datetime as dt, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samplelib import ID_WEIGHTS as W, add_months, add_years, person_ok as pid_ok, uscc, uscc_ok, write_csv  # noqa: E402,F401

SAMPLE = "samples/shenzhen-intl-2024"
EXPECTED = "tests/e2e/expected/shenzhen-intl-2024"
D = dt.date
PUBLICITY = D(2024, 11, 20)
DECIDED = D(2024, 12, 16)
BUDGET = 7000000
CAP = {"GOV": 3000000, "IND": 1000000, "ACT": 1000000, "PER": 1000000}


def person(birth, seq, region="440305"):
    body = region + birth.strftime("%Y%m%d") + "%03d" % seq
    return body + "10X98765432"[sum(int(c) * k for c, k in zip(body, W)) % 11]


n = [0]
UNITS = ["深圳大学", "南方科技大学", "深圳先进技术研究院", "华为技术有限公司", "比亚迪股份有限公司",
         "深圳清华大学研究院", "腾讯科技（深圳）有限公司", "香港中文大学（深圳）", "鹏城实验室",
         "深圳湾实验室", "大疆创新科技有限公司", "深圳市人民医院", "迈瑞医疗国际股份有限公司"]
TOPICS = ["海洋传感器", "氢能电池", "量子通信", "合成生物", "智能机器人", "新型显示", "精准医疗", "碳中和材料"]


def app(cat, **kw):
    n[0] += 1
    k = n[0]
    a = {
        "id": "SZGJ2024-%03d" % k, "category": cat,
        "title": "%s%s" % (TOPICS[k % len(TOPICS)], {"GOV": "政府间联合研发", "IND": "国际联合攻关",
                                                     "ACT": "国际学术论坛", "PER": "外国专家交流"}[cat]),
        "applicant": UNITS[k % len(UNITS)], "applicant_uscc": uscc("440300", "MA5%06d" % k),
        "applicant_kind": {"GOV": "企业", "IND": "企业", "ACT": "高校", "PER": "高校"}[cat],
        "in_shenshan": "", "pi_name": "负责人%d" % k, "pi_id": person(D(1975, 1, 1) + dt.timedelta(days=37 * k), k),
        "cn_rd_input": "", "audited_cost": "", "partner_applied": "", "content_consistent": "",
        "cn_enterprise": "", "joint_lab": "", "agreement_signed": "", "ip_owner": "", "host_role": "",
        "in_shenzhen": "", "participants": "", "foreign_participants": "", "fa_approved": "",
        "submitted": "2024-09-%02d" % (1 + k % 28),
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


apps, experts, evals, sanctions, contracts = [], [], [], [], []


def scores(a, *s):
    for i, v in enumerate(s):
        evals.append({"id": a["id"], "expert": "E%02d" % (i + 1), "role": "技术" if i < len(s) - 1 else "财务",
                      "score": str(v), "recused": ""})


def expert(a, name, title, staff="", funded="", travel="0", board="0", fee="0"):
    experts.append({"id": a["id"], "expert": name, "degree_or_title": title, "applicant_staff": staff,
                    "funded_elsewhere": funded, "travel": travel, "board": board, "fee": fee})


# ---- GOV and IND: reviewed, ranked, funded within 5,000,000 ----
g1 = add = app("GOV", cn_rd_input="4000001"); scores(g1, 92, 90, 88, 91, 89)        # 2,000,000
g2 = app("GOV", cn_rd_input="9000000"); scores(g2, 85, 86, 84, 85, 87)              # 4,500,000 -> cap 3,000,000, exceeds the budget left
i1 = app("IND", cn_rd_input="1234567"); scores(i1, 80, 82, 81, 79, 83)              # 617,283
i2 = app("IND", cn_rd_input="3000000"); scores(i2, 78, 77, 79, 76, 80)              # 1,500,000 -> cap 1,000,000
i3 = app("IND", cn_enterprise="", joint_lab="是", cn_rd_input="999999"); scores(i3, 75, 74, 76, 73, 77)  # joint lab: 499,999
g3 = app("GOV", cn_rd_input="800000"); scores(g3, 58, 59, 57, 60, 55)               # below the pass score
i4 = app("IND"); scores(i4, 70, 71)                                                  # too few scores: 待补评
i5 = app("IND", cn_rd_input="2500000"); scores(i5, 72, 73, 71, 74, 70)              # rank after the budget runs out? see walk
app("GOV", partner_applied="")                                                       # E02
app("GOV", content_consistent="")                                                    # E02
app("IND", cn_enterprise="")                                                         # E03 no enterprise, no joint lab
app("IND", agreement_signed="")                                                      # E03
app("IND", ip_owner="外方")                                                          # E03
app("GOV", applicant_uscc=uscc("440100", "MA5900001"))                               # E01 Guangzhou
sw = app("IND", applicant_uscc=uscc("441500", "MA5900002"), in_shenshan="是")        # Shanwei, in the zone: passes E01
scores(sw, 66, 67, 65, 68, 64)
b = app("GOV"); b["applicant_uscc"] = b["applicant_uscc"][:-1] + ("0" if b["applicant_uscc"][-1] != "0" else "1")  # ID-USCC
b = app("IND"); b["pi_id"] = b["pi_id"][:-1] + ("0" if b["pi_id"][-1] != "0" else "1")  # ID-PERSON
scores(apps[-2], 80, 80, 80, 80, 80)
scores(apps[-1], 80, 80, 80, 80, 80)
cn = app("IND", ip_owner="中方", cn_rd_input="1000001"); scores(cn, 83, 84, 82, 85, 81)   # 中方所有: passes; 500,000
rc = app("GOV", cn_rd_input="1111111"); scores(rc, 79, 80, 78, 81, 77, 99)             # six scores, one recused below
evals[-1]["recused"] = "是"
r4 = app("IND"); scores(r4, 75, 76, 74, 77, 73); evals[-1]["recused"] = "是"           # one of five recused: 待补评
t1 = app("GOV", cn_rd_input="600000", submitted="2024-09-03"); scores(t1, 70, 70, 70, 70, 70)  # tie: earlier submission first
t2 = app("GOV", cn_rd_input="600000", submitted="2024-09-02"); scores(t2, 70, 70, 70, 70, 70)

# ---- ACT: after funding ----
app("ACT", audited_cost="1234567")                                                   # 617,283
app("ACT", audited_cost="2500001")                                                   # cap 1,000,000
app("ACT", participants="100", foreign_participants="30", audited_cost="333333")     # exactly at 100 and 30: 166,666
app("ACT", participants="99")                                                        # E04
app("ACT", foreign_participants="29")                                                # E04
app("ACT", host_role="")                                                             # E04
app("ACT", in_shenzhen="")                                                           # E04
app("ACT", fa_approved="")                                                           # E04

# ---- PER: after funding, experts ----
p1 = app("PER"); expert(p1, "John Smith", "教授", travel="30001", board="10000", fee="20000")      # 60,001 -> 30,000
expert(p1, "Anna Berg", "其他", travel="50000")                                                    # dropped: title
p2 = app("PER", applicant_kind="科研院所"); expert(p2, "Kenji Sato", "博士", travel="12345", fee="5000")
expert(p2, "Marie Dubois", "副研究员", staff="是", travel="40000")                                 # dropped: staff
expert(p2, "Luis Gomez", "高级工程师", funded="是", board="9000")                                  # dropped: funded elsewhere
p3 = app("PER"); expert(p3, "Olga Ivanova", "其他", travel="10000")                                 # none left: refused
p4 = app("PER", applicant_kind="企业"); expert(p4, "Peter Mayer", "教授", travel="20000")          # not a university: refused
p5 = app("PER"); expert(p5, "Sara Lee", "研究员", travel="1500000", board="700000", fee="300001")  # 2,500,001 -> cap
p6 = app("PER"); expert(p6, "Tom Hardy", "副教授", travel="9999")                                  # 4,999
p7 = app("PER", applicant_kind="科研院所"); expert(p7, "Ivan Petrov", "博士", travel="12345")
expert(p7, "Li Wei", "教授", fee="6789")                                                          # 19,134 -> 9,567


# ---- bans in force (sanctions.csv), checked on the application date ----
leap = app("IND", submitted="2024-09-10"); scores(leap, 81, 81, 81, 81, 81)
sanctions.append({"subject_kind": "单位", "subject_id": leap["applicant_uscc"], "name": leap["applicant"],
                  "start": "2024-02-29", "end": "2027-02-28", "reason": "未经同意终止项目"})   # started 29 Feb: active
edge = app("ACT", submitted="2024-09-15")
sanctions.append({"subject_kind": "个人", "subject_id": edge["pi_id"], "name": edge["pi_name"],
                  "start": "2021-09-15", "end": "2024-09-14", "reason": "未经同意不按期完成"})  # last day the day before: not active
late = app("ACT", submitted="2024-09-15")
sanctions.append({"subject_kind": "个人", "subject_id": late["pi_id"], "name": late["pi_name"],
                  "start": "2021-09-16", "end": "2024-09-15", "reason": "未经同意不按期完成"})  # last day on the day: active

# ---- earlier contracts ----
def contract(cid, approved, signed, end, applied, completed="是", terminated="", k=0):
    contracts.append({"id": cid, "approved_on": approved, "contract_on": signed, "contract_end": end,
                      "applied": applied, "completed": completed, "terminated_unapproved": terminated,
                      "applicant_uscc": uscc("440300", "MA6%06d" % k), "pi_id": person(D(1970, 5, 5), k),
                      "applicant": UNITS[k % len(UNITS)], "pi_name": "原负责人%d" % k})


contract("SZGJ2021-001", "2021-03-01", "2021-03-31", "2023-08-31", "2024-02-29", k=1)   # day 30; 6 months (clamped): 正常
contract("SZGJ2021-002", "2021-03-01", "2021-04-01", "2023-06-30", "2023-10-20", k=2)   # day 31: 逾期 P02
contract("SZGJ2021-003", "2021-05-10", "2021-05-20", "2023-06-30", "2024-01-01", k=3)   # 6 months + 1 day: A01
contract("SZGJ2022-004", "2022-01-10", "2022-01-20", "2024-06-30", "", completed="", terminated="是", k=4)  # B01 terminated
contract("SZGJ2022-005", "2022-01-10", "2022-01-20", "2024-06-30", "", completed="", k=5)  # B01 overdue
contract("SZGJ2023-006", "2023-03-01", "2023-03-15", "2025-12-31", "", completed="", k=6)  # not yet due: 正常

COLS = ["id", "category", "title", "applicant", "applicant_uscc", "applicant_kind", "in_shenshan", "pi_name",
        "pi_id", "cn_rd_input", "audited_cost", "partner_applied", "content_consistent", "cn_enterprise",
        "joint_lab", "agreement_signed", "ip_owner", "host_role", "in_shenzhen", "participants",
        "foreign_participants", "fa_approved", "submitted"]


# ---- the oracle ----
def yes(s):
    return s == "是"


def expert_ok(x):
    return x["degree_or_title"] != "其他" and not yes(x["applicant_staff"]) and not yes(x["funded_elsewhere"])


def base(a):
    if a["category"] in ("GOV", "IND"):
        return int(a["cn_rd_input"] or 0)
    if a["category"] == "ACT":
        return int(a["audited_cost"] or 0)
    return sum(int(x["travel"]) + int(x["board"]) + int(x["fee"]) for x in experts if x["id"] == a["id"] and expert_ok(x))


def active(kind, sid, day):
    return any(s["subject_kind"] == kind and s["subject_id"] == sid and
               D.fromisoformat(s["start"]) <= day <= D.fromisoformat(s["end"]) for s in sanctions)


def eligibility(a):
    codes, refuse = [], False
    if not uscc_ok(a["applicant_uscc"]):
        codes.append("ID-USCC")
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
    if c == "ACT" and not (yes(a["host_role"]) and yes(a["in_shenzhen"]) and int(a["participants"] or 0) >= 100
                           and int(a["foreign_participants"] or 0) >= 30 and yes(a["fa_approved"])):
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


def main():
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
        r.update(status="立项", award=award, self=r["requested"] - award)
    for a in apps:
        r = rows[a["id"]]
        if a["category"] in ("ACT", "PER") and r["status"] != "不予受理":
            award = min(r["requested"], CAP[a["category"]])
            r.update(status="立项", award=award, self=r["requested"] - award)
    os.makedirs(SAMPLE, exist_ok=True)
    os.makedirs(EXPECTED, exist_ok=True)


    open(os.path.join(SAMPLE, "programme.xml"), "w", encoding="utf-8").write(f"""<?xml version="1.0" encoding="UTF-8"?>
<programme kind="shenzhen-intl" year="2024">
  <authority>深圳市科技创新局</authority>
  <office>国际科技合作处</office>
  <title>2024年度深圳市国际科技合作项目</title>
  <doc-number prefix="深科技创新" year="2024" seq="88"/>
  <category code="GOV" cap="3000000" percent="50"/>
  <category code="IND" cap="1000000" percent="50"/>
  <category code="ACT" cap="1000000" percent="50"/>
  <category code="PER" cap="1000000" percent="50"/>
  <budget>{BUDGET}</budget>
  <review min-experts="5" pass-score="60" method="trimmed-mean"/>
  <publicity start="{PUBLICITY.isoformat()}" days="10"/>
  <decided>{DECIDED.isoformat()}</decided>
  <contact name="林晓" phone="0755-88102000"/>
  <address>深圳市福田区深南大道6008号</address>
</programme>
""")
    write_csv(os.path.join(SAMPLE, "applications.csv"), COLS, [[a[c] for c in COLS] for a in apps])
    with open(os.path.join(SAMPLE, "applications.csv"), "a", encoding="utf-8") as f:
        f.write("SZGJ2024-901,XYZ,坏类别,某单位,%s,企业,,某人,%s,,,,,,,,,,,,,,2024-09-01\n"
                % (uscc("440300", "MA5999901"), person(D(1980, 1, 1), 901)))
        f.write("SZGJ2024-902,GOV,坏日期,某单位,%s,企业,,某人,%s,100万,,是,是,,,,,,,,,,2024-09-31\n"
                % (uscc("440300", "MA5999902"), person(D(1980, 1, 1), 902)))
    write_csv(os.path.join(SAMPLE, "evaluations.csv"), ["id", "expert", "role", "score", "recused"],
          [[e[k] for k in ("id", "expert", "role", "score", "recused")] for e in evals])
    write_csv(os.path.join(SAMPLE, "experts.csv"), ["id", "expert", "degree_or_title", "applicant_staff",
                                                "funded_elsewhere", "travel", "board", "fee"],
          [[x[k] for k in ("id", "expert", "degree_or_title", "applicant_staff", "funded_elsewhere", "travel",
                           "board", "fee")] for x in experts])
    write_csv(os.path.join(SAMPLE, "sanctions.csv"), ["subject_kind", "subject_id", "name", "start", "end", "reason"],
          [[s[k] for k in ("subject_kind", "subject_id", "name", "start", "end", "reason")] for s in sanctions])
    ccols = ["id", "approved_on", "contract_on", "contract_end", "applied", "completed", "terminated_unapproved",
             "applicant_uscc", "pi_id", "applicant", "pi_name"]
    write_csv(os.path.join(SAMPLE, "contracts.csv"), ccols, [[c[k] for k in ccols] for c in contracts])

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
            until = add_years(DECIDED, 3).isoformat()
            why = "未经同意终止国际科技合作项目（第十五条）" if yes(c["terminated_unapproved"]) else "未经同意不按期完成国际科技合作项目（第十五条）"
            bans.append(["单位", c["applicant_uscc"], c["applicant"], DECIDED.isoformat(), until, why, c["id"]])
            bans.append(["个人", c["pi_id"], c["pi_name"], DECIDED.isoformat(), until, why, c["id"]])
        status = "禁止申报" if banned else "逾期" if codes else "正常"
        out.append([c["id"], status, until, ";".join(sorted(set(codes)))])
    write_csv(os.path.join(EXPECTED, "contracts-out.csv"), ["id", "status", "ban_until", "reasons"], out)
    write_csv(os.path.join(EXPECTED, "bans.csv"), ["subject_kind", "subject_id", "name", "start", "end", "reason", "source_id"], bans)
    dec = []
    for a in apps:
        r = rows[a["id"]]
        dec.append([a["id"], "shenzhen-intl", a["category"], r["status"],
                    "%d.%02d" % divmod(r["score"], 100) if r["score"] is not None else "",
                    str(r["rank"]) if r["rank"] else "", str(r["requested"]), str(r["award"]), str(r["self"]), "",
                    ";".join(sorted(set(r["codes"])))])
    write_csv(os.path.join(EXPECTED, "decisions.csv"), ["id", "programme", "category", "status", "score", "rank",
                                                    "requested", "award", "self_raise", "ban_until", "reasons"], dec)
    print("%d applications (+2 unreadable), %d experts, %d scores, %d sanctions, %d contracts, %d bans"
          % (len(apps), len(experts), len(evals), len(sanctions), len(contracts), len(bans)))


if __name__ == "__main__":
    main()
