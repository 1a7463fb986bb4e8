#!/usr/bin/env python3
"""Generates samples/shanxi-coop-2024/ and its expected decisions.

Each application starts from a valid base and gets named mutations; each
mutation declares the rule codes it must trigger. Scores, ranking, the
budget walk and publicity are computed here independently of the C program
(Decimal arithmetic, half-up rounding), so tests/e2e/expected/ is a second
implementation of rules.md section 1, not a copy of the program's output.

Run from the repository root:  python3 scripts/gen_sample_shanxi_coop.py
Deterministic: no clock, no randomness beyond a fixed-seed generator.
"""
import csv, datetime as dt, io, os, random
from decimal import Decimal, ROUND_HALF_UP

OUT = "samples/shanxi-coop-2024"
EXP = "tests/e2e/expected/shanxi-coop-2024"
rng = random.Random(20241204)

USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"

def uscc(division, serial):
    body = "91" + division + serial  # 2 + 6 + 9 = 17
    assert len(body) == 17, body
    s = sum(USCC_ALPHA.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + USCC_ALPHA[(31 - s % 31) % 31]

def uscc_bad(division, serial):
    good = uscc(division, serial)
    wrong = USCC_ALPHA[(USCC_ALPHA.index(good[-1]) + 1) % 31]
    return good[:-1] + wrong

def person(region, birth, seq):
    body = region + birth.strftime("%Y%m%d") + "%03d" % seq
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11]

def person_bad(region, birth, seq):
    good = person(region, birth, seq)
    return good[:-1] + ("0" if good[-1] != "0" else "1")

D = dt.date
HOLIDAYS = {D(2024, 12, 25)} - {D(2024, 12, 25)}  # none in late December 2024
def working(day):
    return day.weekday() < 5 and day not in HOLIDAYS

# ---------------------------------------------------------------- programme
BUDGET = 8_000_000
CAPS = {"BR": 400_000, "KC": 400_000, "BASE": 400_000, "REG": 400_000, "AID": 200_000}
PUB_START, PUB_DAYS, DECIDED = D(2024, 12, 20), 5, D(2024, 12, 30)

PROGRAMME = """<?xml version="1.0" encoding="UTF-8"?>
<!-- 2024年度山西省科技合作交流专项 (seed 001): the call's parameters. -->
<programme kind="shanxi-coop" year="2024">
  <authority>山西省科学技术厅</authority>
  <office>国际与区域科技合作处</office>
  <title>2024年度山西省科技合作交流专项</title>
  <doc-number prefix="晋科合" year="2024" seq="15"><series kind="publicity" seq="14"/><series kind="notices" seq="101"/></doc-number>
  <published>2024-11-04</published>
  <deadline online="2024-12-04T18:00" paper="2024-12-09T17:00"/>
  <registered-by>2023-01-01</registered-by>
  <pi-born-from>1967-01-01</pi-born-from>
  <novelty-after>2024-05-01</novelty-after>
  <budget>8000000</budget>
  <funding walk="skip"/>
  <review min-experts="5" pass-score="60" method="trimmed-mean"/>
  <publicity start="2024-12-20" working-days="5"/>
  <decided>2024-12-30</decided>
  <category code="BR"   cap="400000" min-targets="4"/>
  <category code="KC"   cap="400000" min-targets="4"/>
  <category code="BASE" cap="400000" min-targets="4"/>
  <category code="REG"  cap="400000" min-targets="4"/>
  <category code="AID"  cap="200000" min-targets="0"/>
  <countries list="key">美国 英国 德国 法国 日本 韩国 以色列 瑞典 芬兰 加拿大 澳大利亚</countries>
  <countries list="belt-and-road">俄罗斯 哈萨克斯坦 巴基斯坦 泰国 越南 马来西亚 印度尼西亚 新加坡 白俄罗斯 匈牙利 塞尔维亚 埃及 沙特阿拉伯 阿联酋 乌兹别克斯坦 蒙古 波兰 捷克 新西兰</countries>
  <contact name="郑敏" phone="0351-4048940"/>
  <address>太原市滨河西路南段129号省行政办公区A座1204</address>
</programme>
"""

# ---------------------------------------------------------------- people and units
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ["喆", "堃", "䶮", "晓峰", "志强", "海燕", "建华", "丽娟", "文博", "雪梅", "国栋", "思远", "婧", "昊天",
         "子涵", "欣怡", "晨阳", "嘉懿", "瑞霖", "奕辰", "梓萱", "若溪", "浩然", "一鸣", "晓东", "静怡", "泽宇", "雨桐"]

UNIT_PREFIX = ["太原", "大同", "长治", "晋中", "临汾", "运城", "阳泉", "忻州", "吕梁", "晋城", "朔州"]
UNIT_DIVISION = {"太原": "140100", "大同": "140200", "阳泉": "140300", "长治": "140400", "晋城": "140500",
                 "朔州": "140600", "晋中": "140700", "运城": "140800", "忻州": "140900", "临汾": "141000",
                 "吕梁": "141100"}
ENTERPRISE = ["新材料科技有限公司", "煤化工装备股份有限公司", "生物医药有限公司", "清洁能源技术有限公司",
              "智能制造有限公司", "特种钢材股份有限公司", "光电科技有限公司", "现代农业发展有限公司"]
INSTITUTE = ["材料科学研究所", "农业科学研究院", "煤炭转化研究所", "能源技术研究院", "精密制造技术研究所"]
UNIVERSITY = ["理工学院", "医学院", "工程职业技术大学", "师范学院"]

FIELDS = ["新材料", "新能源", "先进装备制造", "节能环保", "生物医药", "现代农业", "大数据", "通用航空", "煤电煤化工"]
PARTNERS = {
    "BR": [("哈萨克斯坦国立技术大学", "哈萨克斯坦", "境外高校", "教授"), ("俄罗斯乌拉尔冶金研究院", "俄罗斯", "境外院所", "研究员"),
           ("泰国东方农业大学", "泰国", "境外高校", "副教授"), ("塞尔维亚诺维萨德技术研究所", "塞尔维亚", "境外院所", "副研究员"),
           ("匈牙利多瑙应用科学大学", "匈牙利", "境外高校", "教授")],
    "KC": [("德国莱茵应用技术研究所", "德国", "境外院所", "研究员"), ("日本关西精密机械株式会社", "日本", "境外企业", "高级管理人员"),
           ("芬兰湖区能源大学", "芬兰", "境外高校", "教授"), ("以色列内盖夫水技术研究院", "以色列", "境外院所", "副研究员"),
           ("加拿大北方矿业大学", "加拿大", "境外高校", "副教授")],
    "BASE": [("英国北方大学", "英国", "境外高校", "教授"), ("法国里昂材料工程学院", "法国", "境外高校", "副教授"),
             ("新加坡南洋环境技术研究院", "新加坡", "境外院所", "研究员")],
    "REG": [("北京理工协同创新研究院", "中国", "国家级平台", "其他", "110108"), ("华东科技大学", "中国", "双一流高校", "其他", "310104"),
            ("中国科学院南方能源研究所", "中国", "国家级院所", "其他", "440106"), ("天津滨海先进制造研究院", "中国", "国家级平台", "其他", "120116")],
    "AID": [("新疆绿洲农业科学研究院", "中国", "其他", "其他", "650100"), ("西藏高原生态研究所", "中国", "其他", "其他", "540100"),
            ("青海盐湖资源开发中心", "中国", "其他", "其他", "630100")],
}
# 中德, 中日: the one-character names a bilateral title uses.
SHORT = {"美国": "美", "英国": "英", "德国": "德", "法国": "法", "日本": "日", "韩国": "韩", "以色列": "以",
         "瑞典": "瑞", "芬兰": "芬", "加拿大": "加", "澳大利亚": "澳"}
TITLES = {
    "BR": ["{c}共建{f}联合实验室", "面向{c}的{f}技术合作研发与示范"],
    "KC": ["中{k}{f}关键技术联合研发", "{f}先进技术引进与再创新（中{k}合作）"],
    "BASE": ["{f}国际科技合作基地能力提升", "{f}国际联合研发中心建设"],
    "REG": ["京津冀{f}协同攻关与成果转化", "长三角{f}关键技术联合攻关"],
    "AID": ["援疆{f}实用技术推广", "对口支援{f}良种繁育技术示范"],
}

COLUMNS = ["id", "category", "title", "applicant", "applicant_uscc", "applicant_kind", "registered_on",
           "pi_name", "pi_id", "pi_title", "pi_degree", "pi_ongoing_coop", "pi_ongoing_other",
           "pi_last_coop_year", "partner", "partner_country", "partner_uscc", "partner_kind",
           "signatory_rank", "agreement_kind", "agreement_signed", "agreement_bilingual",
           "agreement_until", "start", "end", "requested", "matching", "targets", "field",
           "submitted_online", "received_paper", "attachments", "novelty_date", "misconduct",
           "blacklisted", "env_incident", "integrity_signed", "duplicate_funding", "secret",
           "needs_ethics", "contact_phone", "applicant_province"]

serial = [0]
def next_serial():
    serial[0] += 1
    return "MA%07d" % (serial[0] * 7919 % 10_000_000)

pi_seq = [100]
def new_pi(birth=None, region="140105"):
    pi_seq[0] += 1
    birth = birth or D(1970 + pi_seq[0] % 20, 1 + pi_seq[0] % 12, 1 + pi_seq[0] % 27)
    name = SURNAMES[pi_seq[0] * 7 % len(SURNAMES)] + GIVEN[pi_seq[0] % len(GIVEN)]
    return name, person(region, birth, pi_seq[0] % 1000)

def base_app(n, category, kind=None):
    city = UNIT_PREFIX[n % len(UNIT_PREFIX)]
    kind = kind or ["企业", "科研院所", "高校", "企业"][n % 4]
    suffix = {"企业": ENTERPRISE, "科研院所": INSTITUTE, "高校": UNIVERSITY}[kind][n % 4]
    applicant = ("山西" if kind == "企业" else "") + city + suffix
    field = FIELDS[n % len(FIELDS)]
    p = PARTNERS[category][n % len(PARTNERS[category])]
    title = TITLES[category][n % 2].format(c=p[1] if p[1] != "中国" else "", k=SHORT.get(p[1], p[1]), f=field)
    pi_name, pi_id = new_pi()
    requested = 200_000 if category == "AID" else rng.choice([300_000, 320_000, 350_000, 380_000, 400_000])
    ratio = 2 if kind == "企业" else 1
    matching = requested * ratio + rng.choice([0, 50_000, 100_000, 200_000])
    end = rng.choice([D(2027, 12, 31), D(2027, 6, 30), D(2027, 1, 1)])
    minute = rng.randrange(0, 14 * 24 * 60)
    online = dt.datetime(2024, 11, 20, 9, 0) + dt.timedelta(minutes=minute)
    if online > dt.datetime(2024, 12, 4, 17, 30):
        online = dt.datetime(2024, 12, 4, 17, 30)
    attachments = ["LICENSE", "PI_PROOF", "AGREEMENT", "MATCHING", "NOVELTY"]
    if kind == "企业":
        attachments.append("AUDIT")
    if category == "REG" and p[2] == "国家级平台":
        attachments.append("PLATFORM")
    targets = ["T1", "T2"] if category == "AID" else rng.sample(["T1", "T2", "T3", "T4", "T5", "T6"], rng.choice([4, 5, 6]))
    a = dict(
        id="SXHZ2024-%03d" % n, category=category, title=title, applicant=applicant,
        applicant_uscc=uscc(UNIT_DIVISION[city], next_serial()), applicant_kind=kind,
        registered_on=str(D(2005 + n % 15, 1 + n % 12, 1 + n % 28)), pi_name=pi_name, pi_id=pi_id,
        pi_title=rng.choice(["正高", "副高", "正高级", "副高级"]), pi_degree=rng.choice(["博士", "硕士"]),
        pi_ongoing_coop="0", pi_ongoing_other=rng.choice(["0", "1", ""]),
        pi_last_coop_year=rng.choice(["", "", "2017", "2019"]),
        partner=p[0], partner_country=p[1], partner_uscc=uscc(p[4], next_serial()) if len(p) > 4 else "",
        partner_kind=p[2], signatory_rank=p[3], agreement_kind=rng.choice(["协议书", "意向书"]),
        agreement_signed="是", agreement_bilingual="是" if p[1] != "中国" else "否",
        agreement_until=str(end + dt.timedelta(days=rng.choice([0, 180, 365]))),
        start="2025-01-01", end=str(end), requested=money(requested), matching=money(matching),
        targets=rng.choice([";", "；", "、"]).join(sorted(targets)), field=field,
        submitted_online=online.strftime("%Y-%m-%d %H:%M"), received_paper="2024-12-06 10:30",
        attachments=";".join(attachments), novelty_date="2024-%02d-%02d" % (6 + n % 5, 1 + n % 28),
        misconduct="否", blacklisted="否", env_incident="否", integrity_signed="是",
        duplicate_funding="否", secret="否", needs_ethics="否",
        contact_phone="0351-%07d" % (4000000 + n * 37), applicant_province="",
    )
    a["_requested"] = requested
    a["_codes"] = set()
    a["_scores"] = None
    return a

def money(yuan):
    form = rng.choice(["plain", "grouped", "yuan", "wan"])
    if form == "plain":
        return str(yuan)
    if form == "grouped":
        return "{:,}".format(yuan)
    if form == "yuan":
        return "{:,}元".format(yuan)
    w = Decimal(yuan) / 10000
    return "{}万元".format(w.normalize() if w != w.to_integral() else int(w))

# ---------------------------------------------------------------- mutations
def m(codes, **changes):
    return (set(codes.split()) if codes else set(), changes)

def born(y, mo, d):
    return lambda a: a.update(pi_id=person("140105", D(y, mo, d), 321))

MUTATIONS = [
    # E01: outside Shanxi; central-level unit not in Shanxi; central unit in Shanxi passes.
    m("SXC-E01", applicant_uscc=uscc("130100", "MA0000001"), applicant="石家庄新材料有限公司"),
    m("SXC-E01", applicant_uscc=uscc("100000", "MA0000002"), applicant_province="北京"),
    m("", applicant_uscc=uscc("100000", "MA0000003"), applicant="中国科学院山西煤炭化学研究所", applicant_kind="科研院所", applicant_province="山西省"),
    # E02: registered one day after 2023-01-01; exactly on it passes.
    m("SXC-E02", registered_on="2023-01-02"),
    m("", registered_on="2023年1月1日"),
    m("SXC-E02", registered_on=""),
    # E04: born 1966-12-31 fails; 1967-01-01 passes.
    m("SXC-E04", _pi=born(1966, 12, 31)),
    m("", _pi=born(1967, 1, 1)),
    # E05: 中级 and 硕士 fails; 中级 with 博士 passes.
    m("SXC-E05", pi_title="中级", pi_degree="硕士"),
    m("", pi_title="中级", pi_degree="博士"),
    m("SXC-E05", pi_title="", pi_degree=""),
    # E06: ongoing coop project; 2 other ongoing; led one in 2020 (year-4); 2019 passes.
    m("SXC-E06", pi_ongoing_coop="1"),
    m("SXC-E06", pi_ongoing_other="2"),
    m("SXC-E06", pi_last_coop_year="2020"),
    m("", pi_last_coop_year="2019"),
    # E07: e-mail; unsigned; foreign signatory not senior; agreement ends before the project; no bilingual text.
    m("SXC-E07", agreement_kind="电子邮件"),
    m("SXC-E07", agreement_signed="否"),
    m("SXC-E07", _category="KC", signatory_rank="其他"),
    m("SXC-E07", _until_before_end=True),
    m("SXC-E07", _category="KC", agreement_bilingual="否"),
    m("", _until_equal_end=True),
    # E08: enterprise at exactly 2:1 passes; enterprise at 1.5:1 fails; institute at exactly 1:1 passes; below 1:1 fails.
    m("", applicant_kind="企业", _matching_ratio=(2, 1)),
    m("SXC-E08", applicant_kind="企业", _matching_ratio=(3, 2)),
    m("", applicant_kind="科研院所", _matching_ratio=(1, 1)),
    m("SXC-E08", applicant_kind="高校", _matching_ratio=(9, 10)),
    # E09 (v2: both dates are days of the period): a day short of 2 years
    # and a day over 3 fail; exactly 2 years and exactly 3 pass.
    m("SXC-E09", end="2026-12-30"),
    m("SXC-E09", end="2028-01-01"),
    m("", end="2026-12-31"),
    m("", end="2027-12-31"),
    # E10: misconduct; blacklist; environmental incident; no integrity commitment; banned unit; banned PI; ban ended the day before.
    m("SXC-E10", misconduct="是"),
    m("SXC-E10", blacklisted="Y"),
    m("SXC-E10", env_incident="yes"),
    m("SXC-E10", integrity_signed="否"),
    m("SXC-E10", _ban="unit-active"),
    m("SXC-E10", _ban="person-active"),
    m("", _ban="unit-expired"),
    # E11: no licence; enterprise without audit; REG national platform without proof; novelty exactly 2024-05-01; 2024-05-02 passes.
    m("SXC-E11", _drop="LICENSE"),
    m("SXC-E11", applicant_kind="企业", _drop="AUDIT"),
    m("SXC-E11", _category="REG", partner_kind="国家级平台", _drop="PLATFORM"),
    m("SXC-E11", novelty_date="2024-05-01"),
    m("", novelty_date="2024/5/2"),
    # E12: online 18:01 fails, 18:00 passes; paper late; no paper.
    m("SXC-E12", submitted_online="2024-12-04 18:01"),
    m("", submitted_online="2024-12-04T18:00"),
    m("SXC-E12", received_paper="2024-12-09 17:01"),
    m("SXC-E12", received_paper=""),
    # E13: funded elsewhere; state secret.
    m("SXC-E13", duplicate_funding="是"),
    m("SXC-E13", secret="1"),
    # E14: ethics needed, no opinion; with opinion passes.
    m("SXC-E14", needs_ethics="是"),
    m("", needs_ethics="是", _add="ETHICS"),
    # E15: BR country not Belt-and-Road; KC country not key; three targets.
    m("SXC-E15", _category="BR", partner_country="巴西"),
    m("SXC-E15", _category="KC", partner_country="意大利"),
    m("SXC-E15", targets="T1;T2;T3"),
    # E03: REG partner inside Shanxi; REG partner kind 其他; REG partner without credit code.
    m("SXC-E03", _category="REG", partner_uscc=uscc("140100", "MA0000004")),
    m("SXC-E03", _category="REG", partner_kind="其他"),
    m("SXC-E03", _category="REG", partner_uscc=""),
    # Identity numbers: invalid applicant code (also E01), invalid PI ID (also E04), invalid partner code (REG: also E03).
    m("ID-USCC SXC-E01", _bad_uscc=True),
    m("ID-PERSON SXC-E04", _bad_pi=True),
    m("ID-USCC SXC-E03", _category="REG", _bad_partner=True),
    # Several failures at once: every reason is collected.
    m("SXC-E05 SXC-E08 SXC-E12", pi_title="初级", pi_degree="学士", applicant_kind="高校", _matching_ratio=(1, 2),
      submitted_online="2024-12-05 09:00"),
]

SANCTIONS = []

def apply(a, codes, changes):
    cat = changes.pop("_category", None)
    if cat:
        n = int(a["id"][-3:])
        keep = {k: a[k] for k in ("id", "submitted_online")}
        a.clear()
        a.update(base_app(n, cat))
        a.update(keep)
    for k, v in list(changes.items()):
        if k == "_pi":
            v(a)
        elif k == "_until_before_end":
            a["agreement_until"] = str(D.fromisoformat(a["end"]) - dt.timedelta(days=1))
        elif k == "_until_equal_end":
            a["agreement_until"] = a["end"]
        elif k == "_matching_ratio":
            num, den = v
            a["matching"] = str(a["_requested"] * num // den)
        elif k == "_drop":
            a["attachments"] = ";".join(x for x in a["attachments"].split(";") if x != v)
            if v == "AUDIT":
                assert a["applicant_kind"] == "企业"
        elif k == "_add":
            a["attachments"] += ";" + v
        elif k == "_bad_uscc":
            a["applicant_uscc"] = a["applicant_uscc"][:-1] + USCC_ALPHA[(USCC_ALPHA.index(a["applicant_uscc"][-1]) + 1) % 31]
        elif k == "_lower_pi":
            a["pi_id"] = person_with_x("140105", D(1981, 3, 9)).replace("X", "x")
        elif k == "_lower_uscc":
            a["applicant_uscc"] = a["applicant_uscc"].lower()
            assert any(c.isalpha() for c in a["applicant_uscc"])
        elif k == "_bad_pi":
            a["pi_id"] = a["pi_id"][:-1] + ("0" if a["pi_id"][-1] != "0" else "1")
        elif k == "_bad_partner":
            a["partner_uscc"] = a["partner_uscc"][:-1] + USCC_ALPHA[(USCC_ALPHA.index(a["partner_uscc"][-1]) + 1) % 31]
        elif k == "_ban":
            online = dt.datetime.strptime(a["submitted_online"].replace("T", " "), "%Y-%m-%d %H:%M").date()
            if v == "unit-active":
                SANCTIONS.append(("单位", a["applicant_uscc"], a["applicant"], D(2023, 3, 1), D(2026, 3, 1), "科研失信：项目验收材料造假"))
            elif v == "person-active":
                SANCTIONS.append(("个人", a["pi_id"], a["pi_name"], D(2024, 6, 1), None, "学术不端：论文抄袭"))
            elif v == "unit-last-day":  # its last day in force is the day of submission: refused
                SANCTIONS.append(("单位", a["applicant_uscc"], a["applicant"], D(2021, 12, 4), online, "未按期结题"))
            else:  # its last day in force the day before submission: over
                SANCTIONS.append(("单位", a["applicant_uscc"], a["applicant"], D(2021, 1, 1), online - dt.timedelta(days=1), "未按期结题"))
        else:
            a[k] = v
    # Keep every fact the mutation does not name consistent with a valid row.
    if "applicant_kind" in changes and "_matching_ratio" not in changes:
        a["matching"] = str(a["_requested"] * (2 if a["applicant_kind"] == "企业" else 1))
    if "end" in changes and "_until_before_end" not in changes:
        a["agreement_until"] = max(a["agreement_until"], a["end"])
    if a["applicant_kind"] == "企业" and "AUDIT" not in a["attachments"] and changes.get("_drop") != "AUDIT":
        a["attachments"] += ";AUDIT"
    a["_codes"] |= codes

# ---------------------------------------------------------------- the batch
apps = []
n = 0
CATS = ["BR", "KC", "BASE", "REG", "AID"]
for codes, changes in MUTATIONS:
    n += 1
    cat = CATS[n % 5]
    a = base_app(n, cat)
    apply(a, codes, dict(changes))
    apps.append(a)

# Two rows by one PI (E06 d); two rows of one unit with the same title (E13): all refused.
for k in range(2):
    n += 1
    a = base_app(n, "KC")
    apps.append(a)
shared_pi = apps[-2]["pi_id"]
apps[-1]["pi_id"] = shared_pi
apps[-1]["pi_name"] = apps[-2]["pi_name"]
apps[-1]["_codes"].add("SXC-E06")
apps[-2]["_codes"].add("SXC-E06")
for k in range(2):
    n += 1
    apps.append(base_app(n, "BASE"))
apps[-1]["applicant"], apps[-1]["applicant_uscc"] = apps[-2]["applicant"], apps[-2]["applicant_uscc"]
apps[-1]["applicant_kind"] = apps[-2]["applicant_kind"]
apps[-1]["attachments"] = apps[-2]["attachments"]
apps[-1]["matching"] = apps[-2]["matching"]
apps[-1]["_requested"] = apps[-2]["_requested"]
apps[-1]["requested"] = apps[-2]["requested"]
apps[-1]["title"] = apps[-2]["title"].replace("能力", " 能力 ")  # same once white space is removed
apps[-1]["_codes"].add("SXC-E13")
apps[-2]["_codes"].add("SXC-E13")

# Clean applications, enough to overrun the budget.
while len(apps) < 86:
    n += 1
    apps.append(base_app(n, CATS[n % 5]))

# Spec v2 boundaries, after the clean rows and drawn from their own generator
# so that every row before them keeps its values.
def person_with_x(region, birth):
    seq = 1
    while not person(region, birth, seq).endswith("X"):
        seq += 1
    return person(region, birth, seq)

V2_MUTATIONS = [
    # V2-C2: the foreign institution itself signs (机构): passes.
    m("", _category="KC", signatory_rank="机构"),
    # V2-C2: a foreign partner in any category needs the bilingual agreement.
    m("SXC-E07", _category="AID", partner="蒙古国立农业大学", partner_country="蒙古", partner_kind="境外高校",
      partner_uscc="", signatory_rank="教授", agreement_bilingual="否", title="中蒙耐寒牧草良种繁育技术合作示范"),
    m("", _category="AID", partner="蒙古国立农业大学", partner_country="蒙古", partner_kind="境外高校",
      partner_uscc="", signatory_rank="教授", agreement_bilingual="是", title="中蒙高寒地区设施农业技术援助与推广"),
    # V2-G1: a ban whose last day in force is the day of submission still refuses.
    m("SXC-E10", _ban="unit-last-day"),
    # V2-G4: a lower-case x in the PI's ID and lower-case letters in the credit code are read as upper case.
    m("", _lower_pi=True),
    m("", _lower_uscc=True),
]
main_rng, rng = rng, random.Random(20250101)
for codes, changes in V2_MUTATIONS:
    n += 1
    a = base_app(n, CATS[n % 5])
    apply(a, codes, dict(changes))
    apps.append(a)
rng = main_rng
V2_FIRST = 86  # index of the first v2 row

# One title with a comma and a quote, one field with a line break: RFC 4180 quoting.
apps[70]["title"] = "“一带一路”新材料联合实验室建设（一期，含\"中试线\"）"
apps[71]["field"] = "新能源\n储能"

# Requests above the cap: the award is the cap, the difference is self-raised.
for i, extra in ((72, 50_000), (74, 120_000)):
    a = apps[i]
    cap = CAPS[a["category"]]
    a["_requested"] = cap + extra
    a["requested"] = str(cap + extra)
    ratio = 2 if a["applicant_kind"] == "企业" else 1
    a["matching"] = str((cap + extra) * ratio)

# ---------------------------------------------------------------- scores
def eligible(a):
    return not a["_codes"]

def scores_for(i, a):
    base = rng.choice([55, 62, 68, 72, 76, 80, 84, 88, 91])
    k = rng.choice([5, 5, 6, 7])
    return [(("E%03d" % (e + 1)), "技术" if e % 4 else "财务",
             Decimal(base) + Decimal(rng.randrange(-600, 601)) / 100, False) for e in range(k)]

evals = {}
for i, a in enumerate(apps):
    if eligible(a) or i % 3 == 0:  # some refused rows carry scores too: they are ignored
        evals[a["id"]] = scores_for(i, a)

def clamp(rows):
    return [(e, r, min(max(s, Decimal(0)), Decimal(100)), rec) for e, r, s, rec in rows]
for k in evals:
    evals[k] = clamp(evals[k])

clean = [a for a in apps if eligible(a)]
# 待补评: four experts only; six experts of whom two recused.
evals[clean[0]["id"]] = evals[clean[0]["id"]][:4] if len(evals[clean[0]["id"]]) >= 4 else evals[clean[0]["id"]]
evals[clean[0]["id"]] = [(e, r, s, False) for e, r, s, _ in evals[clean[0]["id"]][:4]]
six = [("E%03d" % (e + 1), "技术", Decimal(80 + e), e in (1, 4)) for e in range(6)]
evals[clean[1]["id"]] = six
# Exactly five valid of six (one recused): scored.
evals[clean[2]["id"]] = [("E%03d" % (e + 1), "技术", Decimal("70.5") + e, e == 0) for e in range(6)]
# Pass-score boundary: trimmed mean exactly 60.00 passes, 59.99 fails.
evals[clean[3]["id"]] = [(e, "技术", Decimal(s), False) for e, s in (("E001", "50"), ("E002", "60"), ("E003", "60"), ("E004", "60"), ("E005", "70"))]
evals[clean[4]["id"]] = [(e, "技术", Decimal(s), False) for e, s in (("E001", "59.99"), ("E002", "59.99"), ("E003", "59.99"), ("E004", "20"), ("E005", "99"))]
# Half-up rounding: (80.00 + 80.01 + 80.00) / 3 = 80.0033 -> 80.00; (70.01+70.01+70.00)/3 = 70.0067 -> 70.01.
evals[clean[5]["id"]] = [(e, "技术", Decimal(s), False) for e, s in (("E001", "10"), ("E002", "80.00"), ("E003", "80.01"), ("E004", "80.00"), ("E005", "95"))]
evals[clean[6]["id"]] = [(e, "技术", Decimal(s), False) for e, s in (("E001", "1"), ("E002", "70.01"), ("E003", "70.01"), ("E004", "70.00"), ("E005", "99.5"))]
# A tie on score broken by submission time, then by id.
tie = [(e, "技术", Decimal(s), False) for e, s in (("E001", "85"), ("E002", "86"), ("E003", "87"), ("E004", "88"), ("E005", "89"))]
for j, t in ((7, "2024-11-25 10:00"), (8, "2024-11-22 10:00"), (9, "2024-11-22 10:00")):
    evals[clean[j]["id"]] = list(tie)
    clean[j]["submitted_online"] = t

# A small AID award ranked below the first budget refusal still fits: the walk skips.
aid = [a for a in clean[10:] if a["category"] == "AID"][0]
evals[aid["id"]] = [(e, "技术", Decimal(v), False) for e, v in (("E001", "60"), ("E002", "66"), ("E003", "66"), ("E004", "66"), ("E005", "70"))]

# The v2 rows are there for their eligibility: scored below the AID row
# above, they leave the walk of the rows before them as it was.
for k, a in enumerate(apps[V2_FIRST:]):
    if eligible(a):
        evals[a["id"]] = [(e, "技术", Decimal(v) + k, False) for e, v in (("E001", "58"), ("E002", "61"), ("E003", "62"), ("E004", "63"), ("E005", "70"))]

def review(a):
    rows = evals.get(a["id"], [])
    valid = [s for _, _, s, rec in rows if not rec]
    if len(valid) < 5:
        return None
    if len(valid) >= 5:
        valid = sorted(valid)[1:-1]
    return (sum(valid) / len(valid)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

# ---------------------------------------------------------------- decide (the oracle)
def parse_online(a):
    return dt.datetime.strptime(a["submitted_online"].replace("T", " "), "%Y-%m-%d %H:%M")

result = {}
for a in apps:
    if a["_codes"]:
        result[a["id"]] = dict(status="不予受理", score="", rank="", award=0, self_raise=0, codes=set(a["_codes"]))
        continue
    s = review(a)
    if s is None:
        result[a["id"]] = dict(status="待补评", score="", rank="", award=0, self_raise=0, codes=set())
    else:
        result[a["id"]] = dict(status=None, score=s, rank=None, award=0, self_raise=0, codes=set())

scored = [a for a in apps if result[a["id"]]["status"] is None]
scored.sort(key=lambda a: (-result[a["id"]]["score"], parse_online(a), a["id"]))
left = BUDGET
for r, a in enumerate(scored, 1):
    res = result[a["id"]]
    res["rank"] = r
    if res["score"] < 60:
        res["status"], res["codes"] = "未立项", {"SXC-R01"}
        continue
    award = min(a["_requested"], CAPS[a["category"]])
    if award > left:
        res["status"], res["codes"] = "未立项", {"SXC-R02"}
        continue
    left -= award
    res.update(status="拟立项", award=award, self_raise=a["_requested"] - award)

assert any(r["codes"] == {"SXC-R02"} for r in result.values()), "budget never runs out"
first_r02 = min(r["rank"] for r in result.values() if r["codes"] == {"SXC-R02"})
assert result[aid["id"]]["rank"] > first_r02 and result[aid["id"]]["award"] > 0, "no skip in the walk"

day, count = PUB_START, 0
while True:
    if working(day):
        count += 1
        if count == PUB_DAYS:
            break
    day += dt.timedelta(days=1)
PUB_END = day
assert PUB_END == D(2024, 12, 26)

proposed = [a for a in scored if result[a["id"]]["status"] == "拟立项"]
refused = [a for a in apps if result[a["id"]]["status"] == "不予受理"]
OBJECTIONS = [
    (proposed[3]["id"], "2024-12-23", "举报合作协议外方签字人并非协议所列人员"),
    (proposed[5]["id"], "2024-12-27", "认为项目与已结题项目内容重复（公示期后收到）"),
    (refused[0]["id"], "2024-12-21", "询问不予受理原因"),
]
result[proposed[3]["id"]]["status"] = "公示异议"
for a in proposed:
    if result[a["id"]]["status"] == "拟立项" and DECIDED > PUB_END:
        result[a["id"]]["status"] = "立项"

# ---------------------------------------------------------------- write
# The sample (make demo) is clean: every row can be read. The rows that
# cannot are in a copy of it, tests/e2e/batches/shanxi-coop-2024-broken/,
# for the end-to-end tests of rejects (spec v2 V2-G3: a rejected row
# blocks drawing). With the rejected rows treated as absent it decides
# exactly as the sample.
BROKEN = "tests/e2e/batches/shanxi-coop-2024-broken"
for d in (OUT, EXP, BROKEN):
    os.makedirs(d, exist_ok=True)

def put(name, text, encoding="utf-8", broken_text=None):
    for d, t in ((OUT, text), (BROKEN, text if broken_text is None else broken_text)):
        with open(os.path.join(d, name), "wb") as f:
            f.write(t.encode(encoding))

# applications.csv: English keys, a few columns out of order, one unknown column, UTF-8 without BOM.
cols = COLUMNS[:]
cols[2], cols[3] = cols[3], cols[2]
cols.insert(10, "备注")
rows = [dict((k, v) for k, v in a.items() if not k.startswith("_")) for a in apps]
for r in rows:
    r["备注"] = ""
rows[5]["备注"] = "申报单位补交材料一份"
buf = io.StringIO()
w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
w.writeheader()
for i, r in enumerate(rows):
    w.writerow(r)
    if i == 40:
        buf.write("\n")  # an empty line is skipped
clean = buf.getvalue()
# Unreadable rows: an impossible date, an unknown category, a repeated id;
# identity cells that cannot be numbers (V2-G4): an ID a spreadsheet wrote
# in scientific notation, a credit code with the letter O, a 17-digit ID.
bad = dict(rows[10]); bad.update(id="SXHZ2024-901", start="2025-02-30")
bad2 = dict(rows[11]); bad2.update(id="SXHZ2024-902", category="XYZ")
bad3 = dict(rows[12])
bad4 = dict(rows[13]); bad4.update(id="SXHZ2024-903", pi_id="1.40105E+17")
bad5 = dict(rows[14]); bad5.update(id="SXHZ2024-904", applicant_uscc=rows[14]["applicant_uscc"][:10] + "O" + rows[14]["applicant_uscc"][11:])
bad6 = dict(rows[15]); bad6.update(id="SXHZ2024-905", pi_id=rows[15]["pi_id"][:17])
for r in (bad, bad2, bad3, bad4, bad5, bad6):
    w.writerow(r)
put("applications.csv", clean, broken_text=buf.getvalue())

# evaluations.csv: Chinese headers, GB18030 (as Excel on a Chinese Windows writes it), CRLF.
buf = io.StringIO()
w = csv.writer(buf, lineterminator="\r\n")
w.writerow(["申报编号", "专家编号", "专家类型", "评分", "回避"])
for a in apps:
    for e, role, s, rec in evals.get(a["id"], []):
        w.writerow([a["id"], e, role, "{:.2f}".format(s).rstrip("0").rstrip(".") if rng.random() < 0.5 else "{:.2f}".format(s), "是" if rec else "否"])
clean = buf.getvalue()
w.writerow(["SXHZ2024-999", "E001", "技术", "80", "否"])          # no such application
w.writerow([apps[-1]["id"], "E009", "技术", "101", "否"])          # score out of range
put("evaluations.csv", clean, "gb18030", buf.getvalue())

# sanctions.csv: Chinese headers, UTF-8 with BOM.
buf = io.StringIO()
w = csv.writer(buf, lineterminator="\n")
w.writerow(["对象类型", "证件号码", "名称", "起始日期", "截止日期", "事由"])
for kind, sid, name, start, end, why in SANCTIONS:
    w.writerow([kind, sid, name, str(start), str(end) if end else "", why])
w.writerow(["单位", uscc("140100", "MA0009999"), "太原恒通机电设备有限公司", "2022-01-01", "2025-01-01", "与本批次无关"])
put("sanctions.csv", buf.getvalue(), "utf-8-sig")

buf = io.StringIO()
w = csv.writer(buf, lineterminator="\n")
w.writerow(["id", "received", "summary"])
for row in OBJECTIONS:
    w.writerow(row)
put("objections.csv", buf.getvalue())
put("programme.xml", PROGRAMME)
# A file no shanxi-coop batch reads (a misspelt objections.csv): a warning.
with open(os.path.join(BROKEN, "objection.csv"), "w", encoding="utf-8") as f:
    f.write("id,received,summary\n")

# Expected decisions, in input order (readable rows only).
buf = io.StringIO()
w = csv.writer(buf, lineterminator="\n")
w.writerow(["id", "programme", "category", "status", "score", "rank", "requested", "award", "self_raise", "ban_until", "reasons"])
for a in apps:
    r = result[a["id"]]
    w.writerow([a["id"], "shanxi-coop", a["category"], r["status"], "" if r["score"] in ("", None) else "{:.2f}".format(r["score"]),
                r["rank"] or "", a["_requested"], r["award"], r["self_raise"], "", ";".join(sorted(r["codes"]))])
with open(os.path.join(EXP, "decisions.csv"), "w", encoding="utf-8-sig") as f:
    f.write(buf.getvalue())

statuses = {}
for r in result.values():
    statuses[r["status"]] = statuses.get(r["status"], 0) + 1
codes = set().union(*(r["codes"] for r in result.values()))
print("applications:", len(apps), "(the broken copy: + 6 unreadable);", statuses)
print("codes exercised:", len(codes), sorted(codes))
