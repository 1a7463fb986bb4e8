#!/usr/bin/python3
"""Builds a small name-keyed OpenType/CFF font for the tests: family
"Grantdoc Test Serif", one box glyph per character given (so its outlines
are ours, not copied from any font). Needs Debian's python3-fonttools.

    make_test_font.py OUT.otf 喆 ...
"""
import sys

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen


def box(width):
    pen = T2CharStringPen(width, None)
    pen.moveTo((100, -80))
    pen.lineTo((width - 100, -80))
    pen.lineTo((width - 100, 800))
    pen.lineTo((100, 800))
    pen.closePath()
    return pen.getCharString()


def main(out, chars):
    names = [".notdef"] + ["uni%04X" % ord(c) if ord(c) < 0x10000 else "u%05X" % ord(c) for c in chars]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): n for c, n in zip(chars, names[1:])})
    fb.setupCFF("GrantdocTestSerif-Regular", {"FullName": "Grantdoc Test Serif"},
                {n: box(1000) for n in names}, {})
    fb.setupHorizontalMetrics({n: (1000, 100) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Grantdoc Test Serif", "styleName": "Regular",
                       "psName": "GrantdocTestSerif-Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
