#!/usr/bin/env python3
"""Counts the page defects a clerk would hold a document back for.

usage: pagecheck.py [--list] [--strict] [--allow DEFECT]... [--json FILE] PATH...

Every PDF under each PATH (a file or a directory, searched recursively) is
read glyph by glyph with pdfminer (positions, faces, sizes, rules), its
lines and tables rebuilt, and these defects counted (GB/T 9704-2012 and
the W3C 中文排版需求, clreq):

  signature-only page    a page whose only text is 发文机关署名 and 成文日期 (7.3.5.4)
  near-empty page        a page with at most two lines of text (not the 版记)
  heading at page end    a heading ends a page, its text on the next
  stray line             a paragraph's first line alone at a page foot, or its last alone at a head
  no room for seal       less than 42 mm below the body for the seal over 署名 and date,
                         or the seal's top more than a line below the body (7.3.5.1)
  title break in word    a title or caption wraps inside a word, number or bracket pair (7.3.1)
  title shape            a wrapped title neither 梯形 (upper line shorter) nor 菱形
  title stub             a title line of one character or shorter than half the longest
  short justified line   a non-final body line ending a cell or more short of the right edge
  letter-spaced run      space put between the digits or letters of a run
  uncompressed pair      two adjacent full-width punctuation marks that keep a full cell each (clreq)
  total misaligned       a 合计/小计 amount not on its column's right edge, or a total not emphasised
  total alone            a total row starting a page with fewer than two body rows above it
  cell not centred       a one-line cell not vertically centred in a taller row
  header word broken     a table header or 大写 amount wrapped inside a word
  column precision       amounts of one column written with different numbers of decimals
  landscape page number  a page whose number sits on the long edge (10.2)
  signing split          a signing block (盖章, 签字) spread over two pages
  not mirrored           an even page whose text block is not on the mirrored side (订口 28 mm)
  negative amount        a minus sign before an amount in running text ("其余-300万元")
  zero amount            an amount of 0 in running text ("收回结余财政资金0万元")
  bare label             a label with nothing after it ("联系人：，")
  抄送 without 。          the 抄送 line does not end with 。
  single attachment numbered   "附件：1." with one attachment (7.3.4)
  shared doc number      a 发文字号 carried by more than one document of the batch

Prints one line per defect with its count (and with --list every
instance); --strict exits 1 when any count is not zero, except the
defects named with --allow NAME or --allow NAME=N (at most N; repeatable).
"""
import collections
import json
import math
import os
import re
import sys

sys.path.append("/usr/lib/python3/dist-packages")  # Debian's pdfminer and PyICU
from pdfminer.converter import PDFPageAggregator  # noqa: E402
from pdfminer.layout import LTChar, LTCurve, LTLine, LTRect  # noqa: E402
from pdfminer.pdfdocument import PDFDocument  # noqa: E402
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager  # noqa: E402
from pdfminer.pdfpage import PDFPage  # noqa: E402
from pdfminer.pdfparser import PDFParser  # noqa: E402

try:
    import icu  # noqa: E402
except ImportError:  # the word checks need it; scripts/deps.sh check installs it
    icu = None

MM = 72 / 25.4
A4_W, A4_H = 210 * MM, 297 * MM
BLOCK_W, BLOCK_H = 156 * MM, 225 * MM
TOP = 37 * MM
LINE = BLOCK_H / 22
CELL = BLOCK_W / 28
SEAL = 42 * MM

OPEN = set("（「『《〈【〔“‘〖")
CLOSE = set("）」』》〉】〕”’〗")
STOP = set("，。、；：？！")
DIGITS_LATIN = re.compile(r"[0-9A-Za-z]")
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
AMOUNT = re.compile(r"^[¥￥]?-?[\d,]+(\.\d+)?$")
CAPITALS = re.compile(r"^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$")
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")
HEADING_FACE = re.compile(r"Hei|Sans|Kai", re.I)

DEFECTS = [
    "signature-only page", "near-empty page", "heading at page end", "stray line",
    "no room for seal", "title break in word", "title shape", "title stub",
    "short justified line", "letter-spaced run", "uncompressed pair",
    "total misaligned", "total alone", "cell not centred", "header word broken",
    "column precision", "landscape page number", "signing split", "not mirrored",
    "negative amount", "zero amount", "bare label", "抄送 without 。", "single attachment numbered",
    "shared doc number",
]


class Glyph:
    __slots__ = ("ch", "x0", "x1", "base", "size", "face", "turned")

    def __init__(self, ch, x0, x1, base, size, face, turned):
        self.ch, self.x0, self.x1, self.base = ch, x0, x1, base
        self.size, self.face, self.turned = size, face, turned


class Line:
    def __init__(self, glyphs):
        self.g = glyphs
        self.text = "".join(g.ch for g in glyphs)
        # The edges of the ink: an opening mark starting a line, or a
        # closing one ending it, may be compressed into the block (clreq)
        # while its box still holds the cut blank half; such a mark's ink
        # is in the half of its cell next to the text.
        first, last = glyphs[0], glyphs[-1]
        full = lambda g: g.x1 - g.x0 >= 0.9 * g.size
        self.x0 = first.x0 + (0.5 * first.size if first.ch in OPEN and full(first) else 0)
        self.x1 = last.x1
        self.ink_x1 = last.x1 - (0.5 * last.size if last.ch in CLOSE | STOP and full(last) else 0)
        self.base = glyphs[0].base
        self.size = max(g.size for g in glyphs)
        # 黑体 and 楷体 faces (headings, emphasised totals), by their names
        self.heading = all(HEADING_FACE.search(g.face) for g in glyphs if g.ch.strip())
        self.cell = None

    @property
    def top(self):
        return self.base + 0.88 * self.size

    @property
    def bottom(self):
        return self.base - 0.12 * self.size


class Page:
    """A page in its reading frame: a turned (landscape-in-portrait) page is
    read as if turned back."""

    def __init__(self, number, width, height):
        self.number, self.width, self.height = number, width, height
        self.glyphs, self.hrules, self.vrules, self.lines = [], [], [], []
        self.turned = False

    @property
    def landscape(self):
        return self.width > self.height or self.turned


def frame_of(matrix, page_w):
    a, b, c, d, e, f = matrix
    if abs(b) < 1e-6 and a > 0:
        return e, f, False
    if abs(a) < 1e-6 and b > 0:  # a quarter turn anticlockwise
        return f, page_w - e, True
    return e, f, False


def read_pdf(path):
    pages = []
    with open(path, "rb") as fh:
        parser = PDFParser(fh)
        doc = PDFDocument(parser)
        rm = PDFResourceManager()
        dev = PDFPageAggregator(rm, laparams=None)
        interp = PDFPageInterpreter(rm, dev)
        for n, pg in enumerate(PDFPage.create_pages(doc), 1):
            interp.process_page(pg)
            layout = dev.get_result()
            x0, y0, x1, y1 = pg.mediabox
            page = Page(n, x1 - x0, y1 - y0)
            for el in layout:
                if isinstance(el, LTChar):
                    x, base, turned = frame_of(el.matrix, page.width)
                    page.turned |= turned
                    # pdfminer's size is the box's extent across the baseline
                    size = round(el.width if turned else el.size, 1)
                    page.glyphs.append(Glyph(el.get_text(), x, x + el.adv, base, size, el.fontname, turned))
                elif isinstance(el, (LTLine, LTRect, LTCurve)):
                    pts = getattr(el, "pts", None) or [(el.x0, el.y0), (el.x1, el.y1)]
                    (ax, ay), (bx, by) = pts[0], pts[-1]
                    if abs(ay - by) < 0.01:
                        page.hrules.append((min(ax, bx), max(ax, bx), ay))
                    elif abs(ax - bx) < 0.01:
                        page.vrules.append((ax, min(ay, by), max(ay, by)))
            pages.append(page)
    for page in pages:
        if page.turned:  # rules into the reading frame as well
            w = page.width
            h = [(y0, y1, w - x) for (x, y0, y1) in page.vrules]
            v = [(y, w - x1, w - x0) for (x0, x1, y) in page.hrules]
            page.hrules, page.vrules = h, v
        build_lines(page)
    return pages


def build_lines(page):
    rows = collections.defaultdict(list)
    for g in page.glyphs:
        rows[(round(g.base, 0), g.size)].append(g)
    cuts = sorted({round(x, 1) for (x, _, _) in page.vrules})
    for (base, size), gs in sorted(rows.items(), key=lambda kv: (-kv[0][0], kv[0][1])):
        gs.sort(key=lambda g: g.x0)
        run = [gs[0]]
        for g in gs[1:]:
            prev = run[-1]
            crosses = any(prev.x1 - 0.5 <= c <= g.x0 + 0.5 for c in cuts) and in_table(page, base)
            if g.x0 - prev.x1 > 1.6 * size or crosses:
                page.lines.append(Line(run))
                run = [g]
            else:
                run.append(g)
        page.lines.append(Line(run))
    page.lines.sort(key=lambda l: (-l.base, l.x0))
    for l in page.lines:
        l.cell = cell_of(page, l)


def in_table(page, y):
    return any(y0 - 1 <= y <= y1 + 1 for (_, y0, y1) in page.vrules)


def cell_of(page, line):
    """(left, right, bottom, top) of the table cell holding the line, or None."""
    if not page.vrules:
        return None
    y = line.base + 0.3 * line.size
    xs = sorted({round(x, 2) for (x, y0, y1) in page.vrules if y0 - 0.5 <= y <= y1 + 0.5})
    left = [x for x in xs if x <= line.x0 + 0.5]
    right = [x for x in xs if x >= line.ink_x1 - 0.5]
    if not left or not right:
        return None
    ys = sorted({round(r[2], 2) for r in page.hrules if r[0] - 0.5 <= line.x0 and r[1] + 0.5 >= line.x1})
    below = [v for v in ys if v <= y]
    above = [v for v in ys if v >= y]
    if not below or not above:
        return None
    return (left[-1], right[0], below[-1], above[0])


# ---- words ----

_word_iter = None


def word_starts(text):
    """Offsets where ICU's dictionary word segmentation starts a word, a
    one-ideograph word joined to the ideograph word before it (拟立项 and 专项,
    which the dictionary lacks; 负责人, 项目的); spans in brackets, numbers and
    Latin runs are whole."""
    global _word_iter
    if icu is None:
        return None
    if _word_iter is None:
        _word_iter = icu.BreakIterator.createWordInstance(icu.Locale("zh"))
    _word_iter.setText(text)
    # PyICU counts UTF-16 units; map them to characters.
    units, idx = [], 0
    for i, ch in enumerate(text):
        units.append(idx)
        idx += 2 if ord(ch) > 0xFFFF else 1
    unit_to_char = {u: i for i, u in enumerate(units)}
    unit_to_char[idx] = len(text)
    bounds = [unit_to_char[b] for b in _word_iter]
    bounds = [0] + [b for b in bounds if b]
    segs = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    # Words of one ideograph: a run of them is one word (拟立项, 结题); a
    # lone one joins the ideograph word before it (负责人, 项目的). The same
    # reading as breakpoints.c.
    starts = set()
    cjk = lambda ch: "\u4e00" <= ch <= "\u9fff"
    k = 0
    while k < len(segs):
        s, e = segs[k]
        if e - s == 1 and cjk(text[s]):
            last = k
            while last + 1 < len(segs) and segs[last + 1][1] - segs[last + 1][0] == 1 and cjk(text[segs[last + 1][0]]):
                last += 1
            if last > k or not (s > 0 and cjk(text[s - 1])):
                starts.add(s)
            k = last + 1
            continue
        starts.add(s)
        k += 1
    starts.add(len(text))
    # No boundary inside a bracket pair (《…》, “…”, 〔2024〕, （…）) or a
    # run of digits and Latin letters.
    depth, inside = 0, set()
    pairs = {"《": "》", "“": "”", "〔": "〕", "（": "）", "〈": "〉", "【": "】"}
    stack = []
    for i, ch in enumerate(text):
        if stack and ch == pairs[stack[-1]]:
            stack.pop()
        elif ch in pairs:
            stack.append(ch)
            continue
        if stack:
            inside.add(i + 1)
    for i in range(1, len(text)):
        if DIGITS_LATIN.match(text[i - 1]) and re.match(r"[0-9A-Za-z.,\-]", text[i]):
            inside.add(i)
    return starts - inside


def break_in_word(text_before, text_after):
    whole = text_before + text_after
    starts = word_starts(whole)
    if starts is None:
        return False
    return len(text_before) not in starts


# ---- the checks ----

class Report:
    def __init__(self):
        self.counts = collections.Counter()
        self.items = collections.defaultdict(list)
        self.documents = 0
        self.pages = 0

    def add(self, defect, where, detail=""):
        assert defect in DEFECTS, defect
        self.counts[defect] += 1
        self.items[defect].append("%s: %s" % (where, detail))


def block_left(page):
    """The left edge of the text block: 28 mm on odd pages, 26 mm mirrored
    on even pages; a turned page's block is read in its own frame."""
    return None


def content_lines(page):
    out = []
    for l in page.lines:
        if PAGE_NUMBER.match(l.text.replace(" ", "")) or PAGE_NUMBER.match(l.text):
            continue
        if is_colophon(page, l):
            continue
        out.append(l)
    return out


def is_colophon(page, line):
    if line.size != 14 or line.cell:
        return False
    return line.text.startswith("抄送") or line.text.endswith("印发") or any(
        o is not line and o.text.endswith("印发") and abs(o.base - line.base) < 1 for o in page.lines)


def body_lines(page):
    return [l for l in content_lines(page) if l.size == 16 and not l.cell]


def signature_pairs(page):
    """(signer, date) lines: a date line with a line centred over it."""
    ls = body_lines(page)
    out = []
    for i, l in enumerate(ls):
        if DATE.match(l.text) and i > 0:
            s = ls[i - 1]
            centre_l, centre_s = (l.x0 + l.x1) / 2, (s.x0 + s.x1) / 2
            if abs(centre_l - centre_s) < 2 * CELL and abs(s.base - l.base - LINE) < 3 and \
                    not DATE.match(s.text) and l.x0 > page.width / 3:
                out.append((s, l))
    return out


def check_pages(path, pages, rep):
    name = path
    for page in pages:
        where = "%s p%d" % (name, page.number)
        lines = content_lines(page)
        sig = signature_pairs(page)
        sig_lines = {id(x) for pair in sig for x in pair}
        if page.number > 1 and lines and all(id(l) in sig_lines for l in lines):
            rep.add("signature-only page", where, " / ".join(l.text for l in lines))
        elif len(pages) > 1 and len(lines) <= 2 and not any(l.cell for l in lines) and \
                not any(is_colophon(page, l) for l in page.lines):
            rep.add("near-empty page", where, " / ".join(l.text for l in lines) or "(empty)")
        # page numbers: on a portrait page's foot, never on a landscape long edge
        for l in page.lines:
            if PAGE_NUMBER.match(l.text) and page.width > page.height:
                rep.add("landscape page number", where, l.text)
        check_mirroring(page, where, rep)
        check_seal(page, sig, where, rep)
    for i in range(len(pages) - 1):
        check_page_end(pages[i], pages[i + 1], "%s p%d" % (name, pages[i].number), rep)


def check_mirroring(page, where, rep):
    if page.width > page.height:
        return
    body = body_lines(page) + [l for l in content_lines(page) if l.size == 22]
    xs = [l.x0 for l in body]
    rules = [r[0] for r in page.hrules if abs(r[1] - r[0] - BLOCK_W) < 2]  # the block's own rules
    edges = xs + rules
    if not edges:
        return
    left = min(edges)
    want = 28 * MM if page.number % 2 else (210 - 28 - 156) * MM
    if left < want - MM:
        rep.add("not mirrored", where, "block starts %.1f mm from the left, want %.0f" % (left / MM, want / MM))
    elif page.number % 2 == 0 and abs(left - 28 * MM) < 0.5 * MM and body:
        rep.add("not mirrored", where, "even page block at 28 mm from the left")


def check_seal(page, sig, where, rep):
    """A 42 mm seal centred over 署名 and date, its top within one line of
    the body (best: right under it),署名 and date at or below its centre,
    wholly inside the block and above the 版记 (7.3.5.1)."""
    lines = body_lines(page)
    bottom = TOP_OF_BLOCK_BOTTOM(page)
    for signer, date in sig:
        # the 版记's top rule, if it is under the date on this page
        colophon = [r[2] for r in page.hrules if abs(r[1] - r[0] - BLOCK_W) < 2 and bottom + 1 < r[2] < date.base]
        floor = max(colophon) if colophon else bottom
        above = [l for l in lines if l.base > signer.base + 1 and not l.cell]
        body_bottom = min(l.bottom for l in above) if above else page.height - TOP
        centre = body_bottom - SEAL / 2
        group = (signer.top + date.bottom) / 2
        if group > centre + MM:
            rep.add("no room for seal", where, "署名 and date %.1f mm above the seal's centre" % ((group - centre) / MM))
        if body_bottom - SEAL < floor - 0.5:
            rep.add("no room for seal", where, "%.1f mm for a 42 mm seal" % ((body_bottom - floor) / MM))


def TOP_OF_BLOCK_BOTTOM(page):
    return page.height - TOP - BLOCK_H if page.height > page.width else (A4_W - BLOCK_W) / 2


def is_heading(line):
    return line.size == 16 and line.heading and not line.cell and len(line.text) <= 28


def left_of(page):
    ls = body_lines(page)
    return min((l.x0 for l in ls), default=28 * MM)


def right_of(page):
    return left_of(page) + BLOCK_W


def check_page_end(page, nxt, where, rep):
    a, b = content_lines(page), content_lines(nxt)
    if not a or not b:
        return
    last, first = a[-1], b[0]
    if is_heading(last):
        rep.add("heading at page end", where, last.text)
    ba, bb = body_lines(page), body_lines(nxt)
    if not ba or not bb or ba[-1] is not last or bb[0] is not first:
        return
    la, lb = left_of(page), left_of(nxt)
    full = abs(last.x1 - (la + BLOCK_W)) < MM or abs(last.ink_x1 - (la + BLOCK_W)) < MM
    cont = abs(first.x0 - lb) < 1 and not is_heading(first)
    if full and cont:
        if abs(last.x0 - (la + 2 * CELL)) < 1.5 and len(ba) > 1:
            rep.add("stray line", where, "first line alone at the foot: " + last.text)
        second = bb[1] if len(bb) > 1 else None
        if second is None or abs(second.x0 - (lb + 2 * CELL)) < 1.5 or second.size != 16:
            if len(bb) > 1 or len(b) > 1:
                rep.add("stray line", where, "last line alone at the head: " + first.text)


def check_titles(path, pages, rep):
    for page in pages:
        ts = [l for l in page.lines if l.size == 22]
        groups, cur = [], []
        for l in ts:
            if cur and cur[-1].base - l.base > 1.6 * LINE:
                groups.append(cur)
                cur = []
            cur.append(l)
        if cur:
            groups.append(cur)
        for g in groups:
            if len(g) < 2:
                continue
            where = "%s p%d" % (path, page.number)
            widths = [sum(x.x1 - x.x0 for x in l.g) / 22 for l in g]
            texts = [l.text for l in g]
            for i in range(len(g) - 1):
                if break_in_word(texts[i], texts[i + 1]):
                    rep.add("title break in word", where, texts[i] + " / " + texts[i + 1])
            longest = max(widths)
            trapezoid = all(widths[i] <= widths[i + 1] + 0.01 for i in range(len(widths) - 1))
            peak = widths.index(longest)
            diamond = len(g) >= 3 and all(widths[i] <= widths[i + 1] + 0.01 for i in range(peak)) and \
                all(widths[i] + 0.01 >= widths[i + 1] for i in range(peak, len(widths) - 1)) and \
                0 < peak < len(g) - 1
            if not (trapezoid or diamond):
                rep.add("title shape", where, " / ".join(texts))
            for t, w in zip(texts, widths):
                if len(t) <= 1 or w < longest / 2 - 0.01:
                    rep.add("title stub", where, " / ".join(texts))
                    break


def paragraph_lines(page):
    """Body lines with whether each is the last line of its paragraph."""
    ls = body_lines(page)
    left = left_of(page)
    out = []
    for i, l in enumerate(ls):
        nxt = ls[i + 1] if i + 1 < len(ls) else None
        cont = nxt is not None and abs(nxt.x0 - left) < 1 and l.base - nxt.base < 1.5 * LINE and \
            not is_heading(nxt) and not DATE.match(nxt.text)
        out.append((l, not cont))
    return out


def check_lines(path, pages, rep):
    for page in pages:
        where = "%s p%d" % (path, page.number)
        left = left_of(page)
        for l, last in paragraph_lines(page):
            indent = abs(l.x0 - (left + 2 * CELL)) < 1.5 or abs(l.x0 - left) < 1
            if not last and indent:
                right = left + BLOCK_W
                short = right - (l.x1 if l.x1 <= right + 0.5 else l.ink_x1)
                if short > MM:
                    rep.add("short justified line", where, "%.1f cells short: %s" % (short / CELL, l.text))
        for l in page.lines:
            g = l.g
            for i in range(len(g) - 1):
                a, b = g[i], g[i + 1]
                if DIGITS_LATIN.match(a.ch) and DIGITS_LATIN.match(b.ch) and b.x0 - a.x1 > 0.3:
                    rep.add("letter-spaced run", where, "%s: %.2f pt in %s" % (a.ch + b.ch, b.x0 - a.x1, l.text))
                    break
            for i in range(len(g) - 1):
                a, b = g[i], g[i + 1]
                pair = (a.ch in CLOSE | STOP and b.ch in CLOSE | STOP | OPEN) or (a.ch in OPEN and b.ch in OPEN)
                if pair and b.x0 - a.x0 > 0.9 * a.size * 0.98:
                    rep.add("uncompressed pair", where, "%s in %s" % (a.ch + b.ch, l.text))


def table_rows(page):
    """Rows of the tables on a page: (top, bottom, [lines]) by horizontal rules."""
    if not page.vrules:
        return []
    ys = sorted({round(r[2], 2) for r in page.hrules}, reverse=True)
    rows = []
    for top, bottom in zip(ys, ys[1:]):
        ls = [l for l in page.lines if l.cell and bottom - 0.5 <= l.base <= top + 0.5]
        if ls:
            rows.append((top, bottom, ls))
    return rows


def check_tables(path, pages, rep):
    col_right = collections.defaultdict(set)   # column right edge -> amount x1 on body rows
    col_decimals = collections.defaultdict(set)
    totals = []
    body_rows_on_page = {}
    for page in pages:
        where = "%s p%d" % (path, page.number)
        rows = table_rows(page)
        body_count = 0
        for top, bottom, ls in rows:
            texts = [l.text for l in ls]
            header = all(l.heading for l in ls) and not any(re.search(r"合计|小计", t) for t in texts)
            is_total = any(re.search(r"(合计|小计)$", t) or t in ("合计", "小计") for t in texts)
            if header:
                check_header_words(page, ls, where, rep)
                continue
            check_centring(page, top, bottom, ls, where, rep)
            check_capitals(ls, where, rep)
            if is_total:
                totals.append((page, where, ls, body_count))
                continue
            body_count += 1
            for l in ls:
                if AMOUNT.match(l.text) and l.cell:
                    col_right[round(l.cell[1], 0)].add(round(l.x1, 1))
                    col_decimals[round(l.cell[1], 0)].add(len(l.text.split(".")[1]) if "." in l.text else 0)
        body_rows_on_page[page.number] = body_count
    for page, where, ls, before in totals:
        if before < 2 and body_rows_on_page.get(page.number - 1, 0) > 0:
            rep.add("total alone", where, "%d body rows above %s" % (before, " ".join(l.text for l in ls)))
        for l in ls:
            if AMOUNT.match(l.text) and l.cell:
                edge = round(l.cell[1], 0)
                want = col_right.get(edge)
                if want and all(abs(l.x1 - w) > 0.6 for w in want):
                    rep.add("total misaligned", where, "%s ends at %.1f, its column at %s" % (l.text, l.x1, sorted(want)))
                if not l.heading:
                    rep.add("total misaligned", where, "%s not emphasised" % l.text)
            if re.search(r"(合计|小计)$", l.text) and not l.heading:
                rep.add("total misaligned", where, "label %s not emphasised" % l.text)
    for edge, decs in col_decimals.items():
        if len(decs) > 1:
            rep.add("column precision", path, "column ending at %.0f: decimals %s" % (edge, sorted(decs)))


def check_centring(page, top, bottom, ls, where, rep):
    cells = collections.defaultdict(list)
    for l in ls:
        cells[l.cell].append(l)
    heights = {c: len(v) for c, v in cells.items()}
    if not heights or max(heights.values()) < 2:
        return
    for c, v in cells.items():
        if len(v) == 1:
            l = v[0]
            mid = (l.top + l.bottom) / 2
            if abs(mid - (c[2] + c[3]) / 2) > 2:
                rep.add("cell not centred", where, l.text)


def check_header_words(page, ls, where, rep):
    cells = collections.defaultdict(list)
    for l in ls:
        cells[l.cell].append(l)
    for v in cells.values():
        v.sort(key=lambda l: -l.base)
        for a, b in zip(v, v[1:]):
            if break_in_word(a.text, b.text):
                rep.add("header word broken", where, a.text + " / " + b.text)


def check_capitals(ls, where, rep):
    cells = collections.defaultdict(list)
    for l in ls:
        cells[l.cell].append(l)
    for v in cells.values():
        if len(v) > 1 and CAPITALS.match("".join(l.text for l in v)):
            rep.add("header word broken", where, "大写 wrapped: " + " / ".join(l.text for l in v))


def check_signing(path, pages, rep):
    marks = [(p.number, l) for p in pages for l in p.lines if "盖章" in l.text]
    signs = [(p.number, l) for p in pages for l in p.lines if "签字" in l.text or "签订日期" in l.text]
    if marks and signs:
        if {n for n, _ in marks} != {n for n, _ in signs} or len({n for n, _ in marks + signs}) > 1:
            rep.add("signing split", path, "seal on page %s, signatures on %s" % (
                sorted({n for n, _ in marks}), sorted({n for n, _ in signs})))
    for n, l in marks:
        page = pages[n - 1]
        if l.cell:  # a form's seal box: the cell holding （盖章）
            room = l.cell[3] - l.cell[2]
        else:
            below = [o for o in page.lines if o.base < l.base - 1 and o.x0 < l.x1 and o.x1 > l.x0
                     and not PAGE_NUMBER.match(o.text)]
            floor = max((o.top for o in below), default=TOP_OF_BLOCK_BOTTOM(page))
            room = l.bottom - floor + LINE
        if room < SEAL:
            rep.add("no room for seal", "%s p%d" % (path, n), "%.0f mm for %s" % (room / MM, l.text))


def check_text(path, pages, rep, numbers):
    text = "\n".join(l.text for p in pages for l in content_lines(p) + [l for l in p.lines if is_colophon(p, l)])
    for m in re.finditer(r"[\u4e00-\u9fff：，（]-\d[\d.,]*(万元|元)?", text):
        rep.add("negative amount", path, m.group(0))
    for m in re.finditer(r"(?<![\d.])0(\.0+)?万元", text):
        rep.add("zero amount", path, m.group(0))
    for m in re.finditer(r"[\u4e00-\u9fff]{1,8}：(?=[，。；、）])", text):
        rep.add("bare label", path, m.group(0))
    for p in pages:
        for top, bottom, ls in table_rows(p):
            for l in ls:
                if l.text.endswith("：") and not re.search("签字|盖章|日期", l.text) and \
                        not any(o is not l and (o.cell == l.cell or o.x0 > l.x1) for o in ls):
                    rep.add("bare label", "%s p%d" % (path, p.number), l.text + " (empty cell)")
    for p in pages:
        for l in p.lines:
            if l.text.startswith("抄送：") and not l.text.endswith("。"):
                rep.add("抄送 without 。", path, l.text)
    if re.search(r"附件：1\.", text) and not re.search(r"^\s*2\.", text, re.M) and "附件：1." in text:
        following = text.split("附件：1.", 1)[1]
        if not re.search(r"(^|\n)2\. ", following):
            rep.add("single attachment numbered", path, "附件：1.")
    first = pages[0] if pages else None
    if first:
        for l in first.lines:
            if re.fullmatch(r"\S{1,8}〔\d{4}〕\d+号", l.text) and l.size == 16 and not l.cell:
                numbers[l.text].append(path)
                break


def check_file(path, rep, numbers):
    pages = read_pdf(path)
    rep.documents += 1
    rep.pages += len(pages)
    check_pages(path, pages, rep)
    check_titles(path, pages, rep)
    check_lines(path, pages, rep)
    check_tables(path, pages, rep)
    check_signing(path, pages, rep)
    check_text(path, pages, rep, numbers)


def main(argv):
    listing = "--list" in argv
    strict = "--strict" in argv
    out_json = None
    if "--json" in argv:
        out_json = argv[argv.index("--json") + 1]
    allowed = {}
    for i, a in enumerate(argv):
        if a == "--allow":
            name, _, most = argv[i + 1].partition("=")
            if name not in DEFECTS or (most and not most.isdigit()):
                print("pagecheck: --allow %r: not a defect name (with =N at most)" % argv[i + 1], file=sys.stderr)
                return 64
            allowed[name] = int(most) if most else None
    paths = [a for i, a in enumerate(argv) if not a.startswith("--") and a != out_json
             and (i == 0 or argv[i - 1] != "--allow")]
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in names if n.endswith(".pdf")]
        else:
            files.append(p)
    files.sort()
    rep = Report()
    numbers = collections.defaultdict(list)
    for f in files:
        check_file(f, rep, numbers)
    for num, docs in numbers.items():
        if len(docs) > 1:
            for d in docs:
                rep.add("shared doc number", d, num)
    if icu is None:
        print("pagecheck: PyICU missing (scripts/deps.sh check): word checks skipped", file=sys.stderr)
    print("pagecheck: %d documents, %d pages" % (rep.documents, rep.pages))
    for d in DEFECTS:
        print("%6d  %s" % (rep.counts[d], d))
        if listing:
            for item in rep.items[d]:
                print("        " + item)
    if out_json:
        with open(out_json, "w", encoding="utf-8") as fh:
            json.dump({"documents": rep.documents, "pages": rep.pages,
                       "counts": {d: rep.counts[d] for d in DEFECTS}}, fh, ensure_ascii=False, indent=1)
    bad = sum(rep.counts.values())
    print("pagecheck: %d defects" % bad)
    failing = sum(n for d, n in rep.counts.items()
                  if d not in allowed or (allowed[d] is not None and n > allowed[d]))
    return 1 if strict and failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
