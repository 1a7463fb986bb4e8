"""PDF/A-1b by Apache PDFBox Preflight (Debian's libpdfbox2-java; `scripts/
deps.sh check` installs it): every PDF under the given directories, or the
given files, in one Java run.

    pdfa.py DIR_OR_PDF...                 every file must be valid
    pdfa.py --invalid CODE PDF...         every file must be refused with CODE

Prints one line per file that breaks the expectation, with Preflight's
errors, and a summary line; exits 1 then."""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

JARS = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api"]
CLASSPATH = ":".join("/usr/share/java/%s.jar" % j for j in JARS)


def pdfs_of(args):
    out = []
    for a in args:
        if os.path.isdir(a):
            for root, _, files in os.walk(a):
                out += [os.path.join(root, f) for f in files if f.endswith(".pdf")]
        else:
            out.append(a)
    return sorted(out)


def preflight(pdfs):
    """[(pdf, valid, ["code: details", ...])] in the order given."""
    missing = [j for j in CLASSPATH.split(":") if not os.path.exists(j)]
    if missing:
        sys.exit("pdfa: %s missing (scripts/deps.sh check installs Preflight)" % ", ".join(missing))
    with tempfile.TemporaryDirectory() as tmp:
        listing = os.path.join(tmp, "pdfs.txt")
        with open(listing, "w") as f:
            f.write("".join(p + "\n" for p in pdfs))
        r = subprocess.run(["java", "-cp", CLASSPATH, "org.apache.pdfbox.preflight.Validator_A1b",
                            "xml", "group", listing], capture_output=True, text=True)
        report = listing + ".preflight.xml"
        if not os.path.exists(report):
            sys.exit("pdfa: Preflight wrote no report (exit %d): %s" % (r.returncode, r.stderr[-500:]))
        root = ET.parse(report).getroot()
    results = root.findall("preflight")
    if len(results) != len(pdfs):
        sys.exit("pdfa: Preflight reported %d of %d files" % (len(results), len(pdfs)))
    out = []
    for pdf, res in zip(pdfs, results):
        if res.get("name") != os.path.basename(pdf):
            sys.exit("pdfa: Preflight's report is out of order at %s" % pdf)
        valid = (res.findtext("isValid") or "").strip() == "true"
        errors = ["%s: %s" % (e.findtext("code"), e.findtext("details")) for e in res.iter("error")]
        out.append((pdf, valid, errors))
    return out


def main(argv):
    invalid_code = None
    if argv[:1] == ["--invalid"]:
        invalid_code, argv = argv[1], argv[2:]
    pdfs = pdfs_of(argv)
    if not pdfs:
        sys.exit("pdfa: no PDF given")
    bad = 0
    for pdf, valid, errors in preflight(pdfs):
        if invalid_code is None and not valid:
            bad += 1
            print("FAIL %s is not PDF/A-1b: %s" % (pdf, "; ".join(errors[:5])))
        elif invalid_code is not None and (valid or not any(e.startswith(invalid_code + ":") for e in errors)):
            bad += 1
            print("FAIL %s was not refused with %s: %s" % (pdf, invalid_code, "; ".join(errors[:5]) or "valid"))
    what = "valid PDF/A-1b" if invalid_code is None else "refused with " + invalid_code
    print("%s   %d of %d PDFs %s (Apache PDFBox Preflight)" % ("ok" if not bad else "FAIL", len(pdfs) - bad, len(pdfs), what))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
