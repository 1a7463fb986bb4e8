#!/usr/bin/env python3
"""Writes samples/zhejiang-base-2024/ (a zhejiang-base batch, clean: every
row readable) and, computed here independently of the C program (rules.md
§4 and changes-v2.md read afresh), the expected
tests/e2e/expected/zhejiang-base-2024/decisions.csv and bans.csv; and a
broken copy of it for the end-to-end tests
(tests/e2e/batches/zhejiang-base-2024-broken/: the sample with unreadable
rows appended, which decides as the sample with them absent) with the
rejects.csv it must give (tests/e2e/expected/zhejiang-base-2024-broken/).

Every rule fails at least once, every boundary the rules name is on both
sides (scores 59.99/60/89.99/90, the R&D bands at 50,000,000 and
200,000,000), and the history holds 不合格 -> 合格 -> 不合格 (no revocation),
two 不合格 in a row, and two in a row across a gap year. The v2 boundaries:
- V2-Z1: JRD hosts of every kind — 高校 and 科研院所 without the led
  project (refused), 服务机构 and 园区 without project, own IP or intensity
  (recognised), and with two agreements (refused);
- V2-Z2: a report on 31 January (in time), dated 1 February and on the
  decision day (late but supplied: ZJB-W01 with the grade), the day after
  the decision (revoked), supplied without a date (W01), a base recognised
  on 31 January 2024 (due: revoked without a report) and on 1 February 2024
  (not due), W01 with 优秀 and with 不合格;
- V2-S4: an invalid credit code with Jiangsu's digits: ID-USCC alone;
- V2-G1: a sanction whose last day is the decision day (refused) and the
  day before (not); bans decided on 15 April 2025 last through 15 April 2028.

usage: scripts/gen_sample_zhejiang_base.py   (from the project root; deterministic)
"""
import csv, datetime as dt, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samplelib import add_years, uscc, uscc_ok, write_csv  # noqa: E402
from decimal import Decimal

SAMPLE = "samples/zhejiang-base-2024"
EXPECTED = "tests/e2e/expected/zhejiang-base-2024"
BROKEN = "tests/e2e/batches/zhejiang-base-2024-broken"
BROKEN_EXPECTED = "tests/e2e/expected/zhejiang-base-2024-broken"
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
        "report_submitted": "2025-01-20" if action == "评价" else "", "report_supplied": "", "recognised_on": "",
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
add("认定", "JRD", host_kind="高校", own_ip_products="", rd_intensity="")   # university: the project suffices
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
over = add("认定", "OSV")                                      # last day in force the day before the decision: over
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
add("评价", "OSV", score="80", report_submitted="2025-02-01")             # late, dated before the decision: W01, 合格
add("评价", "JRD", score="91", report_submitted="", report_supplied="是")  # supplied during the evaluation: W01, 优秀
add("评价", "JRD", score="", report_submitted="")                          # R02, no score
add("评价", "FTR", score="", false_info="是")                              # R03
add("评价", "JRD", score="70", security_incident="是")                     # R04
add("评价", "OSV", score="66", unreported_change="是")                     # R05
add("评价", "JRD", score="", national_base="是")                           # X01
add("评价", "FTR", score="", withdrawn="是")                               # X02
add("评价", "JRD", score="75", withdrawn="是", unreported_change="是")     # revocation beats exit
add("评价", "OSV", score="30", hist=[(2023, "不合格")], false_info="是", report_submitted="2025-03-01")  # R01 R03 (late report supplied: no W01 on a revoked row)
add("评价", "FTR", score="88", national_base="是", withdrawn="是")         # X01 X02
add("评价", "JRD", score="100")                                           # 优秀
add("评价", "OSV", score="61.5", hist=[(2023, "优秀")])                    # 合格
add("评价", "JRD", score="0", hist=[(2020, "不合格")])                     # R01 across years
add("评价", "FTR", score="72.25")                                          # 合格

# ---- v2 ----
# V2-Z1: 第八条(一) by host kind.
add("认定", "JRD", host_kind="服务机构", led_provincial_project="", own_ip_products="", rd_intensity="")  # no (一) condition: 认定
add("认定", "JRD", host_kind="园区", led_provincial_project="", own_ip_products="", rd_intensity="")      # no (一) condition: 认定
add("认定", "JRD", host_kind="园区", led_provincial_project="", overseas_agreements="2")                   # (二) still: E02
add("认定", "JRD", host_kind="高校", led_provincial_project="")                                            # E02
# V2-S4: an invalid code with Jiangsu's digits: ID-USCC alone.
b = add("认定", "OSV", host_uscc=uscc("320100", "MA2900002"))
b["host_uscc"] = b["host_uscc"][:-1] + ("0" if b["host_uscc"][-1] != "0" else "1")
# V2-G1: a ban whose last day in force is the decision day still refuses.
lastday = add("认定", "OSV")
sanctions.append({"subject_kind": "单位", "subject_id": lastday["host_uscc"], "name": lastday["host"],
                  "start": "2022-04-15", "end": DECIDED.isoformat(), "reason": "国合基地资格被取消"})
# V2-Z2: due, supplied, late.
add("评价", "OSV", score="80", report_submitted=DECIDED.isoformat())                        # on the decision day: W01, 合格
add("评价", "OSV", score="80", report_submitted=(DECIDED + dt.timedelta(days=1)).isoformat())  # the day after: R02
add("评价", "JRD", score="70", report_submitted="", recognised_on="2024-01-31")               # a year old on 31 January: R02
add("评价", "JRD", score="70", report_submitted="", recognised_on="2024-02-01")               # not a year old: no report due, 合格
add("评价", "FTR", score="50", report_submitted="2025-02-10")                                # G01 and W01
# 第十条: both conditions of 特色发展类 are an enterprise's; a university with an overseas unit is refused.
add("认定", "FTR", host_kind="高校", led_provincial_project="")                                # E04 host kind

UNREADABLE = [  # rows the program must send to rejects.csv (and give no decision): line, field, value, error, message
    ("ZJJDPJ-901,评价,JRD,生物医药国际联合研发中心,浙江华东医药研究院有限公司,%s,企业,,,,,,,,,,,2025-01-10,,一百,,,,,,"
     % next_uscc(), "score", "一百", "not a score from 0 to 100 with at most 2 decimals",
     "不是 0 至 100 之间、至多两位小数的分数"),
    ("ZJJDPJ-902,评价,XYZ,新材料国际技术转移中心,宁波材料创新研究院,%s,企业,,,,,,,,,,,2025-01-10,,70,,,,,,"
     % next_uscc(), "base_type", "XYZ", "unknown value", "不是可识别的取值"),
    ("ZJJDPJ-903,评价,OSV,数字经济国际技术转移中心,杭州城西科创服务中心,%s,服务机构,,,,,,,,,,,2025-01-10,,,,,,,,"
     % next_uscc(), "score", "", "empty, an evaluation needs a score unless the base is revoked or leaves",
     "分数为空：除撤销资格或退出外，评价必须有分数"),
]

COLUMNS = ["id", "action", "base_type", "name", "host", "host_uscc", "host_kind", "overseas_agreements",
           "led_provincial_project", "own_ip_products", "revenue", "rd_intensity", "team_and_rules",
           "osv_resources", "osv_cases", "ftr_overseas_unit", "ftr_foreign_rd_centre", "report_submitted",
           "report_supplied", "score", "false_info", "security_incident", "unreported_change",
           "national_base", "withdrawn", "recognised_on"]


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
        # V2-Z1: 第八条(一) names universities and institutes, and enterprises; no one else.
        if b["host_kind"] in ("高校", "科研院所") and not yes(b["led_provincial_project"]):
            codes.append("ZJB-E02")
        if b["host_kind"] == "企业" and (not yes(b["own_ip_products"]) or not meets):
            codes.append("ZJB-E02")
    elif t == "OSV":
        if not yes(b["osv_resources"]) or not yes(b["osv_cases"]):
            codes.append("ZJB-E03")
    elif b["host_kind"] != "企业":  # 第十条（一）企业…, （二）在浙外资企业…
        codes.append("ZJB-E04")
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
    # V2-Z2: due from a base a year old on 31 January; supplied by its date or the flag.
    due = dt.date(YEAR + 1, 1, 31)
    owed = not b["recognised_on"] or add_years(dt.date.fromisoformat(b["recognised_on"]), 1) <= due
    sub = dt.date.fromisoformat(b["report_submitted"]) if b["report_submitted"] else None
    in_time = sub is not None and sub <= due
    supplied = (sub is not None and sub <= DECIDED) or yes(b["report_supplied"])
    if owed and not in_time and not supplied:
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
    warn = ["ZJB-W01"] if owed and not in_time and supplied else []
    return g, score, (["ZJB-G01"] if g == "不合格" else []) + warn, None


def write_broken():
    """The sample's files with the UNREADABLE rows appended to applications.csv,
    and the rejects they give."""
    os.makedirs(BROKEN, exist_ok=True)
    os.makedirs(BROKEN_EXPECTED, exist_ok=True)
    for name in sorted(os.listdir(SAMPLE)):
        with open(os.path.join(SAMPLE, name), encoding="utf-8") as f:
            text = f.read()
        if name == "applications.csv":
            text += "".join(u[0] + "\n" for u in UNREADABLE)
        with open(os.path.join(BROKEN, name), "w", encoding="utf-8") as f:
            f.write(text)
    write_csv(os.path.join(BROKEN_EXPECTED, "rejects.csv"), ["file", "line", "field", "value", "error", "message"],
              [["applications.csv", str(len(bases) + 2 + k), field, value, error, zh]
               for k, (_, field, value, error, zh) in enumerate(UNREADABLE)])


def main():
    os.makedirs(SAMPLE, exist_ok=True)
    os.makedirs(EXPECTED, exist_ok=True)
    open(os.path.join(SAMPLE, "programme.xml"), "w", encoding="utf-8").write(f"""<?xml version="1.0" encoding="UTF-8"?>
<programme kind="zhejiang-base" year="{YEAR}">
  <authority>浙江省科学技术厅</authority>
  <office>国际合作处</office>
  <title>{YEAR}年度浙江省国际科技合作基地认定和绩效评价</title>
  <doc-number prefix="浙科发外" year="2025" seq="12"><series kind="notices" seq="101"/></doc-number>
  <grades excellent-from="90" pass-from="60"/>
  <reward amount="{REWARD}"/>
  <rd-intensity>
    <band revenue-up-to="50000000" percent="5"/>
    <band revenue-up-to="200000000" percent="4"/>
    <band percent="3"/>
  </rd-intensity>
  <decided>{DECIDED.isoformat()}</decided>
  <review-body>浙江省人民政府</review-body>
  <contact name="沈立" phone="0571-87054063"/>
  <address>杭州市西湖区文三路385号</address>
</programme>
""")
    with open(os.path.join(SAMPLE, "applications.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for b in bases:
            w.writerow([b[c] for c in COLUMNS])
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
    write_broken()
    with open(os.path.join(EXPECTED, "decisions.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "programme", "category", "status", "score", "rank", "requested", "award",
                    "self_raise", "ban_until", "reasons"])
        w.writerows(rows)
    with open(os.path.join(EXPECTED, "bans.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["subject_kind", "subject_id", "name", "start", "end", "reason", "source_id"])
        w.writerows(bans)
    print("%d bases, %d history rows, %d sanctions; %d bans expected; broken: %d rows"
          % (len(bases), len(history), len(sanctions), len(bans), len(UNREADABLE)))


if __name__ == "__main__":
    main()
