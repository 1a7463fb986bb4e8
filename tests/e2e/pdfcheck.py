"""Checks shared by the document tests: text out of a PDF, the PDF's
structure and fonts, and a failure counter."""
import re
import subprocess

failures = 0


def check(ok, what, detail=""):
    global failures
    if not ok:
        print("FAIL " + what + ("\n     " + detail if detail else ""))
    failures += 0 if ok else 1
    return ok


def text(pdf):
    """The text in the order it is drawn (pdftotext -raw): a table reads
    cell by cell, also on a turned (landscape) page, and a name wrapped in
    its cell comes back whole."""
    r = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True)
    check(r.returncode == 0 and not r.stderr, "pdftotext %s quiet" % pdf, r.stderr.decode()[:200])
    t = r.stdout.decode("utf-8")
    t = re.sub(r"—\s*\d+\s*—", "", t)  # the page number, however the face spaces it
    return t.replace("\f", "").replace("\n", "")


def notices(out, decisions):
    """(decision, text of its notice) for every decision whose notice exists;
    a missing one is a failure."""
    import os
    for d in decisions:
        pdf = os.path.join(out, "notices", d["id"] + ".pdf")
        if check(os.path.exists(pdf), "notice for " + d["id"]):
            yield d, text(pdf)


def decisions_and_reasons(out):
    """decisions.csv as dicts, and every reason sentence by record id."""
    import csv
    import os
    decisions = list(csv.DictReader(open(os.path.join(out, "decisions.csv"), encoding="utf-8-sig")))
    reasons = {}
    for r in csv.DictReader(open(os.path.join(out, "reasons.csv"), encoding="utf-8-sig")):
        reasons.setdefault(r["id"], []).append(r["text"])
    return decisions, reasons


def wan(yuan):
    s = "%d.%04d" % (yuan // 10000, yuan % 10000)
    return s.rstrip("0").rstrip(".")


def structure_and_fonts(pdfs):
    """Every PDF passes qpdf --check without warnings and embeds only
    subset CID fonts (TrueType or OpenType/CFF) with a ToUnicode map."""
    fonts_ok = qpdf_ok = 0
    for pdf in pdfs:
        q = subprocess.run(["qpdf", "--check", pdf], capture_output=True)
        qpdf_ok += check(q.returncode == 0 and b"WARNING" not in q.stdout + q.stderr, "qpdf --check " + pdf,
                         (q.stdout + q.stderr).decode()[-300:])
        rows = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout.splitlines()[2:]
        good = bool(rows) and all(re.match(r"[A-Z]{6}\+\S+\s+CID (TrueType|Type 0C)\s+Identity-H\s+yes\s+yes\s+yes\s", r)
                                  for r in rows)
        fonts_ok += check(good, "pdffonts %s: embedded subsets with ToUnicode only" % pdf, "\n".join(rows))
    print("ok   %d PDFs pass qpdf --check, %d have only embedded subset fonts" % (qpdf_ok, fonts_ok))


def capitals_read_back(rows, amount_key, capitals_key):
    parse = subprocess.run([__import__("os").environ.get("CAPITALS", "build/san/tools/capitals_check")] +
                           ["%s=%s" % (r[amount_key], r[capitals_key]) for r in rows], capture_output=True, text=True)
    return check(parse.returncode == 0, "every capital amount reads back to its figure", parse.stdout + parse.stderr)
