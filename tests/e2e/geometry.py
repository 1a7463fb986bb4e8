#!/usr/bin/env python3
"""Geometry checks on typeset PDFs, from `pdftotext -bbox-layout`.

usage: geometry.py corpus.pdf table.pdf

corpus.pdf (portrait, GB/T 9704): no line starts with a line-start-
prohibited character or ends with a line-end-prohibited one; document
numbers, amounts and ids are never split, dates only at their last-resort
joints (2024年 | 12月4日); full body lines hold 28 characters and reach the
right edge; the text block is within 1 mm of the margins, 28 mm from the
binding edge (the left of odd pages, the right of even ones: mirrored);
page numbers sit 7 mm below the block, odd pages right and even pages
left, one character in.
table.pdf (landscape, turned onto portrait sheets): the header is on every
page, all 300 rows are there once, and no row is split across pages.
Prints one line per check and exits non-zero on any failure.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4
ODD_LEFT, EVEN_LEFT = 28 * MM, 26 * MM
TOP, BOTTOM = 37 * MM, 262 * MM
CHAR = 156 * MM / 28
NS = "{http://www.w3.org/1999/xhtml}"
START_PROHIBITED = set("，。、；：？！）」』》〉】〕”’…—％·)]},.:;!?%")
END_PROHIBITED = set("（「『《〈【〔“‘([{")
TOKENS = ["晋科合〔2024〕15号", "40万元", "37.5万元", "¥400,000.00", "2024年12月4日",
          "0351-4048940", "SXHZ2024-001", "……", "——", "50%", "18:00",
          "GB 11643-1999", "GB/T 9704-2012"]
failures = 0


def check(ok, what, detail=""):
    global failures
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else "\n     " + detail))
    failures += 0 if ok else 1


def pages(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                         capture_output=True).stdout
    root = ET.fromstring(xml)
    for page in root.iter(NS + "page"):
        lines = []
        for line in page.iter(NS + "line"):
            words = [w.text or "" for w in line.iter(NS + "word")]
            text = ""
            for w in words:
                # pdftotext splits words at spaces; put back the ones between Latin words.
                if text and w and text[-1].isascii() and w[0].isascii():
                    text += " "
                text += w
            lines.append(dict(text=text, x0=float(line.get("xMin")),
                              x1=float(line.get("xMax")), y0=float(line.get("yMin")),
                              y1=float(line.get("yMax"))))
        yield float(page.get("width")), lines


HALF = CHAR / 2
OPEN = set("（「『《〈【〔“‘")
CLOSE_STOP = set("）」』》〉】〕”’，。、；：？！")


def block(n):
    """Left and right edge of page n's text block: 28 mm from the binding
    edge, which is the left of an odd page and the right of an even one."""
    left = ODD_LEFT if n % 2 else EVEN_LEFT
    return left, left + 156 * MM


def ink(ln):
    """A line's edges as its ink stands: an opening mark starting a line,
    or a closing mark pushed into its end, is compressed (clreq) and its
    box keeps the cut blank half outside the block."""
    left, right = block(ln["page"])
    x0, x1 = ln["x0"], ln["x1"]
    if ln["text"] and ln["text"][0] in OPEN and x0 < left - 0.5:
        x0 += HALF
    if ln["text"] and ln["text"][-1] in CLOSE_STOP and x1 > right + 0.5:
        x1 -= HALF
    return x0, x1


def corpus(pdf):
    all_lines, body = [], []
    numbers = []
    for n, (width, lines) in enumerate(pages(pdf), 1):
        for ln in lines:
            ln["page"] = n
            if re.fullmatch(r"— \d+ —", ln["text"]) or re.fullmatch(r"—\d+—", ln["text"]):
                numbers.append((n, ln))
                continue
            all_lines.append(ln)
            if TOP - 1 <= ln["y0"] and ln["y1"] <= BOTTOM + 1 and abs(ln["y1"] - ln["y0"]) < 20:
                body.append(ln)
    bad = [l["text"] for l in all_lines if l["text"] and (l["text"][0] in START_PROHIBITED or l["text"][-1] in END_PROHIBITED)]
    check(not bad, "禁则: %d lines, none starts or ends with a prohibited character" % len(all_lines), repr(bad[:5]))

    joined = "".join(l["text"] for l in all_lines)
    lined = "\n".join(l["text"] for l in all_lines)
    for tok in TOKENS:
        whole = sum(l["text"].count(tok) for l in all_lines)
        if re.fullmatch(r"\d{4}年\d+月\d+日", tok):
            # A date may take a line break after 年 or 月, as a last resort.
            joint = re.escape(tok).replace("年", "年\n?").replace("月", "月\n?")
            split = len(re.findall(joint, lined)) - whole
            check(whole + split == joined.count(tok) and whole > 0,
                  "never split but at 年 or 月: %s (%d whole, %d at a joint)" % (tok, whole, split),
                  "%d of %d" % (whole + split, joined.count(tok)))
            continue
        check(whole == joined.count(tok) and whole > 0, "never split: %s (%d times)" % (tok, whole),
              "%d whole of %d" % (whole, joined.count(tok)))

    outside = [l for l in all_lines if ink(l)[0] < block(l["page"])[0] - MM or ink(l)[1] > block(l["page"])[1] + MM]
    check(not outside, "text block within 1 mm of the side margins, mirrored on even pages",
          repr([(l["page"], l["text"]) for l in outside[:3]]))
    low = [l for l in all_lines if l["y1"] > BOTTOM + MM]
    check(not low, "no text below the block except page numbers", repr([l["text"] for l in low[:3]]))

    # Body lines: a paragraph's first line is indented two characters.
    def at(l, x):
        return abs(ink(l)[0] - (block(l["page"])[0] + x)) < 1.5
    starts = [at(l, 2 * CHAR) for l in body]
    full, short, cjk_lines, justified, nonlast = 0, [], 0, 0, 0
    for i, l in enumerate(body):
        last = i + 1 == len(body) or starts[i + 1] or not at(body[i + 1], 0)
        if last or not (starts[i] or at(l, 0)):
            continue
        nonlast += 1
        justified += abs(ink(l)[1] - block(l["page"])[1]) < MM or abs(l["x1"] - block(l["page"])[1]) < MM
        if re.search(r"[\x00-\x7f¥]", l["text"]):
            continue
        cjk_lines += 1
        want = 26 if starts[i] else 28
        if len(l["text"]) == want:
            full += 1
        elif len(l["text"]) > want + 1:  # a compressed mark may push one more in
            short.append(l["text"])
    check(not short, "no body line holds more than 28 characters (29 with a compressed mark)", repr(short[:3]))
    check(cjk_lines >= 30 and full >= 0.7 * cjk_lines,
          "body lines hold 28 characters where the text allows (%d of %d full)" % (full, cjk_lines))
    check(nonlast > 0 and justified >= 0.85 * nonlast,
          "non-final lines justified to the right edge within 1 mm (%d of %d)" % (justified, nonlast))

    check(len(numbers) >= 3, "a page number on every page (%d)" % len(numbers))
    for n, ln in numbers:
        want = "— %d —" % n
        left, right = block(n)
        if n % 2:
            ok = abs(ln["x1"] - (right - 14)) < MM
        else:
            ok = abs(ln["x0"] - (left + 14)) < MM
        below = ln["y0"] - BOTTOM
        check(ln["text"].replace(" ", "") == want.replace(" ", "") and ok and 7 * MM - MM <= below <= 7 * MM + 2 * MM,
              "page %d: %s, %s one character in, %.1f mm below the block" % (n, want, "right" if n % 2 else "left", below / MM),
              "x0=%.1f x1=%.1f y0=%.1f" % (ln["x0"], ln["x1"], ln["y0"]))


def table(pdf):
    seen, split = {}, []
    n = 0
    for n, (width, lines) in enumerate(pages(pdf), 1):
        texts = [l["text"] for l in lines]
        header = [l for l in lines if l["text"].startswith("序号")]
        turned = bool(header) and header[0]["y1"] - header[0]["y0"] > header[0]["x1"] - header[0]["x0"]
        number = [l for l in lines if re.fullmatch(r"—\s*%d\s*—" % n, l["text"])]
        upright = bool(number) and number[0]["x1"] - number[0]["x0"] > number[0]["y1"] - number[0]["y0"] \
            and number[0]["y0"] > BOTTOM
        check(header and turned and width < 700 and upright,
              "table page %d: turned onto a portrait sheet, header repeated, page number upright at the foot" % n)
        starts = 0
        for t in texts:
            for m in re.finditer(r"第(\d{3})号", t):
                r = int(m.group(1))
                seen[r] = seen.get(r, 0) + 1
                starts += r % 5 == 1
        ends = sum(t.count("推广") for t in texts)
        if ends != starts:
            split.append(n)
    check(sorted(seen) == list(range(1, 301)) and set(seen.values()) == {1},
          "all 300 rows present once over %d pages" % n)
    check(not split, "no row split across pages", "pages %s" % split)


corpus(sys.argv[1])
table(sys.argv[2])
print("geometry: %d failed" % failures)
sys.exit(1 if failures else 0)
