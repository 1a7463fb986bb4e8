"""What the sample generators share: valid identity numbers and their
checks (written again here, apart from the C code, so that the expected
files are an independent computation), calendar arithmetic, CSV output."""
import calendar
import csv
import datetime as dt

USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def uscc(division, serial):
    """A valid 统一社会信用代码: "91", 6 division digits, 9 serial characters."""
    body = "91" + division + serial
    assert len(body) == 17, body
    s = sum(USCC_ALPHA.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + USCC_ALPHA[(31 - s % 31) % 31]


def uscc_ok(s):
    if len(s) != 18 or any(c not in USCC_ALPHA for c in s):
        return False
    t = sum(USCC_ALPHA.index(c) * pow(3, i, 31) for i, c in enumerate(s[:17]))
    return USCC_ALPHA[(31 - t % 31) % 31] == s[17]


def person(region, birth, seq):
    """A valid 居民身份证号."""
    body = region + birth.strftime("%Y%m%d") + "%03d" % seq
    return body + "10X98765432"[sum(int(c) * k for c, k in zip(body, ID_WEIGHTS)) % 11]


def person_ok(s):
    if len(s) != 18 or not s[:17].isdigit():
        return False
    try:
        dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return "10X98765432"[sum(int(c) * k for c, k in zip(s[:17], ID_WEIGHTS)) % 11] == s[17]


def add_months(d, m):
    """Same day m months later, clamped to the month's end."""
    y, mo = d.year + (d.month - 1 + m) // 12, (d.month - 1 + m) % 12 + 1
    return dt.date(y, mo, min(d.day, calendar.monthrange(y, mo)[1]))


def add_years(d, k):
    """Same month and day k years later; 29 February -> 28 February."""
    try:
        return d.replace(year=d.year + k)
    except ValueError:
        return d.replace(year=d.year + k, day=28)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚"
GIVEN = ["建国", "晓明", "丽华", "志强", "海燕", "文博", "静怡", "子涵", "伟", "敏", "国平", "立新", "红梅",
         "俊杰", "宇航", "雨桐", "思远", "嘉怡", "浩然", "欣然", "振华", "春燕", "光辉", "秀兰", "卫东", "晓燕",
         "永刚", "淑芬", "明远", "佳琪", "德胜", "慧敏", "向阳", "玉兰", "锦程", "婉婷", "鹏飞"]


def chinese_name(k):
    """A real-looking name, distinct for k = 0 .. 50 * 37 - 1 (never a
    placeholder such as 负责人3: a notice prints it next to numbers)."""
    return SURNAMES[k % len(SURNAMES)] + GIVEN[(k // len(SURNAMES) + 7 * k) % len(GIVEN)]


def csv_encoding(path):
    """grantdoc's CSV outputs start with a UTF-8 byte-order mark (Excel on a
    Chinese Windows needs it), so the expected tables do too; inputs are
    plain UTF-8 as the export systems write them."""
    return "utf-8-sig" if "tests/e2e/expected/" in path else "utf-8"


def write_csv(path, header, rows):
    with open(path, "w", encoding=csv_encoding(path), newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
