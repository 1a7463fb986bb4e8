#!/usr/bin/env python3
"""Writes samples/zhejiang-base-2024/ (a zhejiang-base batch) and, computed here
independently of the C program (rules.md §4 read afresh), the expected
tests/e2e/expected/zhejiang-base-2024/decisions.csv and bans.csv.

Every rule fails at least once, every boundary the rules name is on both
sides (scores 59.99/60/89.99/90, report on 31 January and 1 February, the
R&D bands at 50,000,000 and 200,000,000, a ban ending on the decision day),
and the history holds 不合格 -> 合格 -> 不合格 (no revocation), two 不合格 in
a row, and two in a row across a gap year.

usage: scripts/gen_sample_zhejiang_base.py   (from the project root; deterministic)
"""
import csv, datetime as dt, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samplelib import ID_WEIGHTS as W, add_months, add_years, person_ok as pid_ok, uscc, uscc_ok, write_csv  # noqa: E402,F401
from decimal import Decimal

SAMPLE = "samples/zhejiang-base-2024"
EXPECTED = "tests/e2e/expected/zhejiang-base-2024"
YEAR = 2024
DECIDED = dt.date(2025, 4, 15)
REWARD = 200000
TYPE_NAME = {"JRD": "联合研发类", "OSV": "开放服务类", "FTR": "特色发展类"}


serial = [0]


def next_uscc(division="330100"):
    serial[0] += 1
    return uscc(division, "MA%07d" % (2800000 + serial[0]))


HOSTS = ["浙江大学", "之江实验室", "杭州海康威视数字技术股份有限公司", "宁波舜宇光电信息有限公司",
         "温州医科大学", "浙江工业大学", "西湖大学", "嘉兴南湖科技园发展有限公司", "绍兴国际技术转移中心",
         "台州吉利汽车研究院有限公司", "湖州莫干山高新区管委会", "金华职业技术学院", "舟山海洋科学研究院",
         "丽水生态产品研究中心", "衢州氟硅新材料有限公司"]
FIELDS = ["智能制造", "生物医药", "新材料", "海洋科技", "数字经济", "新能源汽车", "光电芯片", "现代农业"]


def base(n, action, btype, **kw):
    host = HOSTS[n % len(HOSTS)]
    kind = kw.pop("host_kind", "企业" if btype != "OSV" else "服务机构")
    b = {
        "id": "ZJJD%s-%03d" % ("RZ" if action == "认定" else "PJ", n),
        "action": action, "base_type": btype,
        "name": "%s%s" % (FIELDS[n % len(FIELDS)], "国际联合研发中心" if btype == "JRD" else "国际技术转移中心" if btype == "OSV" else "海外研发中心"),
        "host": host, "host_uscc": next_uscc(), "host_kind": kind,
        "overseas_agreements": "4", "led_provincial_project": "是", "own_ip_products": "是",
        "revenue": "3000万", "rd_intensity": "5.2%", "team_and_rules": "是",
        "osv_resources": "是", "osv_cases": "是", "ftr_overseas_unit": "是", "ftr_foreign_rd_centre": "",
        "report_submitted": "2025-01-20" if action == "评价" else "", "report_supplied": "",
        "score": "78.5" if action == "评价" else "",
        "false_info": "", "security_incident": "", "unreported_change": "", "national_base": "",
        "withdrawn": "",
    }
    b.update({k: v for k, v in kw.items()})
    return b


bases, history, sanctions = [], [], []
n = 0


def add(action, btype, hist=(), **kw):
    global n
    n += 1
    b = base(n, action, btype, **kw)
    bases.append(b)
    for year, grade in hist:
        history.append({"id": b["id"], "year": str(year), "grade": grade})
    return b


# ---- recognition ----
add("认定", "JRD")                                             # 认定
add("认定", "JRD", host_kind="高校", own_ip_products="", rd_intensity="")   # university: project suffices
add("认定", "OSV")
add("认定", "FTR")
add("认定", "FTR", ftr_overseas_unit="", ftr_foreign_rd_centre="是", revenue="25000万", rd_intensity="3%")  # equal: passes
add("认定", "JRD", host_uscc=uscc("320100", "MA2900001"))    # E01 Jiangsu
add("认定", "OSV", team_and_rules="")                          # E01 team/rules
b = add("认定", "JRD"); b["host_uscc"] = b["host_uscc"][:-1] + ("0" if b["host_uscc"][-1] != "0" else "1")  # ID-USCC
add("认定", "JRD", overseas_agreements="2")                    # E02 agreements
add("认定", "JRD", host_kind="科研院所", led_provincial_project="")  # E02 no project
add("认定", "JRD", own_ip_products="")                         # E02 own IP
add("认定", "JRD", revenue="5000万", rd_intensity="5%")        # exactly 50,000,000 at 5 %: passes
add("认定", "JRD", revenue="5000万", rd_intensity="4.99%")     # E02 below 5 %
add("认定", "JRD", revenue="50000001", rd_intensity="4%")      # next band at 4 %: passes
add("认定", "JRD", revenue="2亿" if False else "20000万", rd_intensity="3.99")  # E02 below 4 %
add("认定", "OSV", osv_cases="")                               # E03
add("认定", "OSV", osv_resources="")                           # E03
add("认定", "FTR", ftr_overseas_unit="")                       # E04 neither
add("认定", "FTR", ftr_overseas_unit="", ftr_foreign_rd_centre="是", rd_intensity="2.5%", revenue="30000万")  # E04 centre below 3 %
banned = add("认定", "OSV")                                    # E05 active ban
sanctions.append({"subject_kind": "单位", "subject_id": banned["host_uscc"], "name": banned["host"],
                  "start": "2023-01-10", "end": "2026-01-10", "reason": "国合基地资格被取消"})
over = add("认定", "OSV")                                      # last day in force the day before the decision: not active
sanctions.append({"subject_kind": "单位", "subject_id": over["host_uscc"], "name": over["host"],
                  "start": "2022-04-15", "end": (DECIDED - dt.timedelta(days=1)).isoformat(), "reason": "国合基地资格被取消"})
add("认定", "JRD", overseas_agreements="1", own_ip_products="", team_and_rules="")  # several reasons at once

# ---- evaluation ----
add("评价", "JRD", score="95")                                  # 优秀
add("评价", "OSV", score="90")                                  # 优秀 at 90
add("评价", "FTR", score="89.99")                               # 合格
add("评价", "JRD", score="60", hist=[(2022, "不合格"), (2023, "合格")])    # 合格 at 60
add("评价", "JRD", score="59.99")                               # 不合格 once: G01
add("评价", "OSV", score="45", hist=[(2021, "不合格"), (2022, "合格"), (2023, "合格")])  # 不合格 after 合格: G01
add("评价", "JRD", score="52", hist=[(2022, "不合格"), (2023, "合格")])    # 不合格→合格→不合格: no revocation
add("评价", "JRD", score="55", hist=[(2022, "合格"), (2023, "不合格")])    # R01 two in a row
add("评价", "FTR", score="40", hist=[(2021, "合格"), (2022, "不合格")])    # R01 across the gap year 2023
add("评价", "OSV", score="80", report_submitted="2025-01-31")             # in time (inclusive)
add("评价", "OSV", score="80", report_submitted="2025-02-01")             # R02
add("评价", "JRD", score="91", report_submitted="", report_supplied="是")  # late but supplied: 优秀
add("评价", "JRD", score="", report_submitted="")                          # R02, no score
add("评价", "FTR", score="", false_info="是")                              # R03
add("评价", "JRD", score="70", security_incident="是")                     # R04
add("评价", "OSV", score="66", unreported_change="是")                     # R05
add("评价", "JRD", score="", national_base="是")                           # X01
add("评价", "FTR", score="", withdrawn="是")                               # X02
add("评价", "JRD", score="75", withdrawn="是", unreported_change="是")     # revocation beats exit
add("评价", "OSV", score="30", hist=[(2023, "不合格")], false_info="是", report_submitted="2025-03-01")  # R01 R02 R03
add("评价", "FTR", score="88", national_base="是", withdrawn="是")         # X01 X02
add("评价", "JRD", score="100")                                           # 优秀
add("评价", "OSV", score="61.5", hist=[(2023, "优秀")])                    # 合格
add("评价", "JRD", score="0", hist=[(2020, "不合格")])                     # R01 across years
add("评价", "FTR", score="72.25")                                          # 合格

UNREADABLE = [  # rows the program must send to rejects.csv (and give no decision)
    "ZJJDPJ-901,评价,JRD,坏分数基地,某单位,%s,企业,,,,,,,,,,,2025-01-10,,一百,,,,," % next_uscc(),
    "ZJJDPJ-902,评价,XYZ,错类型基地,某单位,%s,企业,,,,,,,,,,,2025-01-10,,70,,,,," % next_uscc(),
    "ZJJDPJ-903,评价,OSV,无分数基地,某单位,%s,服务机构,,,,,,,,,,,2025-01-10,,,,,,," % next_uscc(),
]

COLUMNS = ["id", "action", "base_type", "name", "host", "host_uscc", "host_kind", "overseas_agreements",
           "led_provincial_project", "own_ip_products", "revenue", "rd_intensity", "team_and_rules",
           "osv_resources", "osv_cases", "ftr_overseas_unit", "ftr_foreign_rd_centre", "report_submitted",
           "report_supplied", "score", "false_info", "security_incident", "unreported_change",
           "national_base", "withdrawn"]


# ---- the oracle: rules.md §4, written again ----
def yes(s):
    return s in ("是", "Y", "y", "1", "true", "TRUE", "yes")


def money(s):
    s = s.replace(",", "")
    if s.endswith("万"):
        return int(Decimal(s[:-1]) * 10000)
    return int(Decimal(s))


def pct(s):
    s = s.rstrip("%").rstrip("％")
    return Decimal(s) if s else None


def standard(revenue):
    return Decimal(5) if revenue <= 50000000 else Decimal(4) if revenue <= 200000000 else Decimal(3)


def recognise(b):
    codes = []
    if not uscc_ok(b["host_uscc"]):
        codes.append("ID-USCC")
    elif b["host_uscc"][2:4] != "33":
        codes.append("ZJB-E01")
    if not yes(b["team_and_rules"]):
        codes.append("ZJB-E01")
    t = b["base_type"]
    rd = pct(b["rd_intensity"])
    meets = rd is not None and rd >= standard(money(b["revenue"] or "0"))
    if t == "JRD":
        if int(b["overseas_agreements"] or 0) < 3:
            codes.append("ZJB-E02")
        if b["host_kind"] != "企业":
            if not yes(b["led_provincial_project"]):
                codes.append("ZJB-E02")
        else:
            if not yes(b["own_ip_products"]) or not meets:
                codes.append("ZJB-E02")
    elif t == "OSV":
        if not yes(b["osv_resources"]) or not yes(b["osv_cases"]):
            codes.append("ZJB-E03")
    else:
        if not (yes(b["ftr_overseas_unit"]) or (yes(b["ftr_foreign_rd_centre"]) and meets)):
            codes.append("ZJB-E04")
    for s in sanctions:
        if s["subject_kind"] == "单位" and s["subject_id"] == b["host_uscc"] and \
                dt.date.fromisoformat(s["start"]) <= DECIDED <= dt.date.fromisoformat(s["end"]):
            codes.append("ZJB-E05")
    return ("不予认定" if codes else "认定"), codes


def grade(score):
    return "优秀" if score >= 90 else "合格" if score >= 60 else "不合格"


def evaluate(b):
    score = Decimal(b["score"]) if b["score"] else None
    g = grade(score) if score is not None else None
    codes = []
    sub = b["report_submitted"]
    if (not sub or dt.date.fromisoformat(sub) > dt.date(YEAR + 1, 1, 31)) and not yes(b["report_supplied"]):
        codes.append("ZJB-R02")
    earlier = sorted((int(h["year"]), h["grade"]) for h in history if h["id"] == b["id"] and int(h["year"]) < YEAR)
    if g == "不合格" and earlier and earlier[-1][1] == "不合格":
        codes.append("ZJB-R01")
    for flag, code in (("false_info", "ZJB-R03"), ("security_incident", "ZJB-R04"), ("unreported_change", "ZJB-R05")):
        if yes(b[flag]):
            codes.append(code)
    if codes:
        return "撤销资格", score, codes, add_years(DECIDED, 3)
    if yes(b["national_base"]) or yes(b["withdrawn"]):
        return "退出", score, [c for f, c in (("national_base", "ZJB-X01"), ("withdrawn", "ZJB-X02")) if yes(b[f])], None
    return g, score, (["ZJB-G01"] if g == "不合格" else []), None


def main():
    os.makedirs(SAMPLE, exist_ok=True)
    os.makedirs(EXPECTED, exist_ok=True)
    open(os.path.join(SAMPLE, "programme.xml"), "w", encoding="utf-8").write(f"""<?xml version="1.0" encoding="UTF-8"?>
<programme kind="zhejiang-base" year="{YEAR}">
  <authority>浙江省科学技术厅</authority>
  <office>国际合作处</office>
  <title>{YEAR}年度浙江省国际科技合作基地认定和绩效评价</title>
  <doc-number prefix="浙科发外" year="2025" seq="12"/>
  <grades excellent-from="90" pass-from="60"/>
  <reward amount="{REWARD}"/>
  <rd-intensity>
    <band revenue-up-to="50000000" percent="5"/>
    <band revenue-up-to="200000000" percent="4"/>
    <band percent="3"/>
  </rd-intensity>
  <decided>{DECIDED.isoformat()}</decided>
  <contact name="沈立" phone="0571-87054063"/>
  <address>杭州市西湖区文三路385号</address>
</programme>
""")
    with open(os.path.join(SAMPLE, "applications.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for b in bases:
            w.writerow([b[c] for c in COLUMNS])
        for line in UNREADABLE:
            f.write(line + "\n")
    with open(os.path.join(SAMPLE, "history.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "year", "grade"])
        for h in history:
            w.writerow([h["id"], h["year"], h["grade"]])
    with open(os.path.join(SAMPLE, "sanctions.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["subject_kind", "subject_id", "name", "start", "end", "reason"])
        for s in sanctions:
            w.writerow([s[k] for k in ("subject_kind", "subject_id", "name", "start", "end", "reason")])
    rows, bans = [], []
    for b in bases:
        if b["action"] == "认定":
            status, codes = recognise(b)
            score, until = None, None
        else:
            status, score, codes, until = evaluate(b)
        award = REWARD if status == "优秀" else 0
        rows.append([b["id"], "zhejiang-base", b["base_type"], status,
                     "%.2f" % score if score is not None else "", "", "0", str(award), "0",
                     until.isoformat() if until else "", ";".join(sorted(set(codes)))])
        if until:
            bans.append(["单位", b["host_uscc"], b["host"], DECIDED.isoformat(), until.isoformat(),
                         "取消省国际科技合作基地“%s”资格（%s），三年内不得再次申报（第十八条、第二十二条）"
                         % (b["name"], ";".join(sorted(set(codes)))), b["id"]])
    with open(os.path.join(EXPECTED, "decisions.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "programme", "category", "status", "score", "rank", "requested", "award",
                    "self_raise", "ban_until", "reasons"])
        w.writerows(rows)
    with open(os.path.join(EXPECTED, "bans.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["subject_kind", "subject_id", "name", "start", "end", "reason", "source_id"])
        w.writerows(bans)
    print("%d bases (%d readable), %d history rows, %d sanctions; %d bans expected"
          % (len(bases) + len(UNREADABLE), len(bases), len(history), len(sanctions), len(bans)))


if __name__ == "__main__":
    main()
