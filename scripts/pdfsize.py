#!/usr/bin/env python3
"""Where a PDF's bytes go: font programs (FontFile2/FontFile3 streams as
stored, i.e. deflated), the characters they hold (ToUnicode entries, one
per character and face), the ICC profile, and everything else per page.

    scripts/pdfsize.py PDF...      one line per file and a total line

Bytes per distinct character = font program bytes / characters held."""
import base64
import json
import re
import subprocess
import sys


def objects(pdf, *args):
    return json.loads(subprocess.run(["qpdf", "--json", *args, pdf], capture_output=True,
                                     check=True).stdout)["qpdf"][1]


FACES = {}  # face -> [font program bytes, characters], over every file


def facts(pdf):
    objs = objects(pdf, "--json-stream-data=none")
    decoded = objects(pdf, "--json-stream-data=inline", "--decode-level=generalized")
    def obj(ref):
        return objs.get("obj:" + ref, {})
    def length(ref):  # /Length direct, or an indirect object (older files)
        n = obj(ref)["stream"]["dict"]["/Length"]
        return n if isinstance(n, int) else obj(n)["value"]
    font_bytes = chars = icc = 0
    for o in objs.values():
        v = o.get("value") if isinstance(o, dict) else None
        if not isinstance(v, dict):
            continue
        if v.get("/Subtype") == "/Type0" and "/ToUnicode" in v:
            data = base64.b64decode(decoded["obj:" + v["/ToUnicode"]]["stream"]["data"]).decode("latin-1")
            # bfchar lines, and the targets of bfrange arrays
            n = len(re.findall(r"^<[0-9A-F]+> <[0-9A-F]+>$", data, re.M))
            n += sum(len(re.findall(r"<[0-9A-F]+>", a)) for a in re.findall(r"\[([^\]]*)\]", data))
            desc = obj(obj(v["/DescendantFonts"][0])["value"]["/FontDescriptor"])["value"]
            b = sum(length(desc[k]) for k in ("/FontFile2", "/FontFile3") if k in desc)
            face = v["/BaseFont"].split("+", 1)[-1]
            f = FACES.setdefault(face, [0, 0])
            f[0] += b
            f[1] += n
            font_bytes += b
            chars += n
        # output intents, indirect or in the catalog's array
        for intent in [v] + (v.get("/OutputIntents") or []):
            if isinstance(intent, dict) and intent.get("/Type") == "/OutputIntent":
                icc += length(intent["/DestOutputProfile"])
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True,
                                                            text=True).stdout).group(1))
    size = len(open(pdf, "rb").read())
    return size, pages, font_bytes, chars, icc


def main(pdfs):
    tot = [0, 0, 0, 0, 0]
    print("bytes pages font_bytes chars bytes/char icc other/page file")
    for pdf in pdfs:
        size, pages, fb, ch, icc = facts(pdf)
        tot = [a + b for a, b in zip(tot, (size, pages, fb, ch, icc))]
        print("%d %d %d %d %.1f %d %.0f %s" % (size, pages, fb, ch, fb / max(ch, 1), icc,
                                                (size - fb) / pages, pdf))
    size, pages, fb, ch, icc = tot
    print("total: %d files, %d bytes, %d pages; fonts %d bytes for %d characters = %.1f bytes/char; "
          "beyond fonts %.0f bytes/page (ICC profiles %d bytes)"
          % (len(pdfs), size, pages, fb, ch, fb / max(ch, 1), (size - fb) / max(pages, 1), icc))
    for face, (b, n) in sorted(FACES.items()):
        print("face %s: %d bytes for %d characters = %.1f bytes/char" % (face, b, n, b / max(n, 1)))


if __name__ == "__main__":
    main(sys.argv[1:])
