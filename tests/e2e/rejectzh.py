#!/usr/bin/env python3
"""Every reason a row can be refused for has a Chinese message.

Collects the reasons written in src/ (binder_fail, the money and xlsx
problems, the CSV reader's row problems) and checks that each matches an
English pattern of the table in src/ingest/rejectzh.c, so that no clerk
reads the fallback sentence for a reason the code knows. Written before
the table was complete, it named each missing reason."""
import glob
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."
STRING = r'"(?:[^"\\]|\\.)*"'
CONCAT = r'((?:%s\s*)+)' % STRING


def literal(group):
    parts = re.findall(STRING, group)
    return "".join(bytes(p[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                   for p in parts)


def reasons():
    found = {}
    for path in sorted(glob.glob(ROOT + "/src/**/*.c", recursive=True)):
        text = open(path, encoding="utf-8").read()
        pats = [r'binder_fail\(\s*[^,]+,\s*[^,]+,\s*' + CONCAT]
        readers = "/src/ingest/" in path or path.endswith("/money.c")
        if readers:  # the reasons cells are refused for, handed to binders and rows
            pats += [r'(?:\*why|\*problem)\s*=\s*' + CONCAT + r'\s*;',
                     r'set_problem\(\s*s,\s*[^,]+,\s*' + CONCAT + r'\s*\)',
                     r'static const char \*const [A-Z_]+ =\s*' + CONCAT + r';']
        if path.endswith("csvread.c"):
            pats.append(r'return\s+' + CONCAT + r';')
        if path.endswith("/base/ids.c"):  # what an identity cell that is no number probably is
            pats.append(r'\[SAY_[A-Z0-9_]+\]\s*=\s*' + CONCAT)
        for pat in pats:
            for m in re.finditer(pat, text):
                s = literal(m.group(1))
                if s and s != "%s" and "%s: " not in s:
                    found.setdefault(s, path)
        # the ternary in money.c
        for m in [] if not readers else re.finditer(r'\*why = [^;]*\?\s*' + CONCAT + r'\s*:\s*' + CONCAT + ';', text):
            for g in (1, 2):
                found.setdefault(literal(m.group(g)), path)
    return found


def table():
    text = open(ROOT + "/src/ingest/rejectzh.c", encoding="utf-8").read()
    body = text[text.index("TABLE[] = {"):text.index("};")]
    entries = re.findall(r'\{\s*(%s)\s*,\s*%s\s*\}' % (STRING, CONCAT), body)
    return [literal(en) for en, _ in entries]


def matches(reason, patterns):
    # printf conversions in the source stand for a value; % in the table for any text
    sample = re.sub(r'%(?:l?d|s|zu|lld)', "7", reason)
    for p in patterns:
        rx = "^" + ".+".join(re.escape(part) for part in p.split("%")) + "$"
        if re.match(rx, sample):
            return True
    return False


def main():
    patterns = table()
    found = reasons()
    missing = [(r, p) for r, p in sorted(found.items()) if not matches(r, patterns)]
    for r, p in missing:
        print("FAIL rejectzh: no Chinese message for %r (%s)" % (r, p))
    print("%d passed, %d failed" % (len(found) - len(missing), len(missing)))
    return 1 if missing else 0


sys.exit(main())
