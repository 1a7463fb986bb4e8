#!/usr/bin/env python3
"""Where a PDF's bytes go: font programs (FontFile2/FontFile3 streams as
stored, i.e. deflated), the characters they hold (ToUnicode entries, one
per character and face), the ICC profile, and everything else per page.

    scripts/pdfsize.py PDF...          one line per file and a total line
    scripts/pdfsize.py --parts PDF...  the bytes beyond the font programs by
                                       part (content, fonts' dictionaries,
                                       ToUnicode, metadata, structure, ...),
                                       per file and per page

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


# ---- --parts: where the bytes beyond the font programs go ----

PARTS = ("content", "pages", "font dicts", "ToUnicode", "CIDSet", "metadata", "output intent",
         "structure", "images", "catalog", "file structure", "other")


def parts(pdf):
    """Bytes of each part of one file: every object's bytes, from its
    "N 0 obj" to the next object, charged to what the object is; the
    font programs' stream data is left out (it is the font, not the
    file's overhead), their dictionaries count as font dicts."""
    data = open(pdf, "rb").read()
    objs = objects(pdf, "--json-stream-data=none")
    xref = data.rindex(b"\nxref\n")
    offs = sorted((m.start(), int(m.group(1))) for m in re.finditer(rb"(?m)^(\d+) 0 obj\n", data[:xref + 1]))
    role = {}

    def mark(ref, part):
        if isinstance(ref, str) and ref.endswith(" R"):
            role.setdefault(int(ref.split()[0]), part)
    programs = set()
    for key, o in objs.items():
        if not key.startswith("obj:"):
            continue
        n = int(key[4:].split()[0])
        v = o.get("value") if "value" in o else o.get("stream", {}).get("dict")
        if not isinstance(v, dict):
            continue
        t, s = v.get("/Type"), v.get("/Subtype")
        if t == "/Catalog":
            role[n] = "catalog"
            mark(v.get("/Metadata"), "metadata")
            for i in v.get("/OutputIntents") or []:
                if isinstance(i, dict):
                    mark(i.get("/DestOutputProfile"), "output intent")
        elif t in ("/Page", "/Pages"):
            role[n] = "pages"
            c = v.get("/Contents")
            for r in c if isinstance(c, list) else [c]:
                mark(r, "content")
            mark(v.get("/Resources"), "pages")
        elif t == "/Font" or t == "/FontDescriptor":
            role[n] = "font dicts"
            mark(v.get("/ToUnicode"), "ToUnicode")
            mark(v.get("/CIDSet"), "CIDSet")
            for k in ("/FontFile", "/FontFile2", "/FontFile3"):
                if k in v:
                    programs.add(int(v[k].split()[0]))
                    mark(v[k], "font dicts")
        elif t in ("/StructTreeRoot", "/StructElem") or "/S" in v and "/P" in v or t == "/Outlines" \
                or "/Title" in v and ("/Parent" in v or "/First" in v):
            role[n] = "structure"
        elif s == "/Image" or t == "/XObject":
            role[n] = "images"
        elif "/Producer" in v or "/CreationDate" in v:
            role[n] = "metadata"
    sizes = dict.fromkeys(PARTS, 0)
    bounds = offs + [(xref + 1, None)]
    for (start, n), (end, _) in zip(bounds, bounds[1:]):
        size = end - start
        if n in programs:
            size -= objs["obj:%d 0 R" % n]["stream"]["dict"]["/Length"]
        sizes[role.get(n, "other")] += size
    sizes["file structure"] += offs[0][0] + len(data) - xref - 1
    return sizes


def main_parts(pdfs):
    tot, pages = dict.fromkeys(PARTS, 0), 0
    for pdf in pdfs:
        for k, v in parts(pdf).items():
            tot[k] += v
        pages += facts(pdf)[1]
    n = max(len(pdfs), 1)
    print("part bytes/file bytes/page (%d files, %d pages)" % (len(pdfs), pages))
    for k in PARTS:
        print("%s %.0f %.0f" % (k, tot[k] / n, tot[k] / max(pages, 1)))
    print("beyond the font programs %.0f %.0f" % (sum(tot.values()) / n, sum(tot.values()) / max(pages, 1)))


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
    if sys.argv[1:2] == ["--parts"]:
        main_parts(sys.argv[2:])
    else:
        main(sys.argv[1:])
