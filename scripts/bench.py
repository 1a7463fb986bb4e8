#!/usr/bin/env python3
"""make bench: grantdoc's speed and output size on synthetic batches.

For each size N, builds a batch of N shanxi-coop applications from the
sample (rows cloned with new ids, PIs and titles; deterministic: no clock,
no randomness), runs the release binary once with --timings, and reports:
notices per second, ms per notice and per notice page, ms per publicity-list
page, KB per page, bytes per notice split into font programs and the rest
(from qpdf --json over up to 40 notices), and peak RSS.

usage: bench.py BINARY N [N ...]
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SAMPLE = "samples/shanxi-coop-2024"


def check_char(body):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11]


def make_batch(n, dest):
    os.makedirs(dest)
    prog = open(os.path.join(SAMPLE, "programme.xml"), encoding="utf-8").read()
    # A budget that grows with the batch, so the publicity list grows too.
    prog = re.sub(r"<budget>\d+</budget>", "<budget>%d</budget>" % (n * 150000), prog)
    open(os.path.join(dest, "programme.xml"), "w", encoding="utf-8").write(prog)
    rows = list(csv.DictReader(open(os.path.join(SAMPLE, "applications.csv"), encoding="utf-8")))
    rows = [r for r in rows if not r["id"].startswith("SXHZ2024-9")]
    evals = list(csv.reader(io.StringIO(open(os.path.join(SAMPLE, "evaluations.csv"), "rb").read().decode("gb18030"))))
    by_app = {}
    for e in evals[1:]:
        by_app.setdefault(e[0], []).append(e)
    out = csv.DictWriter(open(os.path.join(dest, "applications.csv"), "w", encoding="utf-8", newline=""),
                         fieldnames=list(rows[0].keys()), lineterminator="\n")
    out.writeheader()
    ev = csv.writer(open(os.path.join(dest, "evaluations.csv"), "w", encoding="utf-8", newline=""), lineterminator="\n")
    ev.writerow(evals[0])
    seen = set()
    for i in range(n):
        src = rows[i % len(rows)]
        r = dict(src)
        r["id"] = "B%07d" % i
        body = "140105" + "19%02d%02d%02d" % (70 + i % 25, 1 + i % 12, 1 + i % 28) + "%03d" % (i // 1000 % 1000)
        while body in seen:
            body = body[:-3] + "%03d" % ((int(body[-3:]) + 1) % 1000)
        seen.add(body)
        if "ID-PERSON" not in src.get("pi_id", ""):
            r["pi_id"] = body + check_char(body)
        r["title"] = src["title"] + "（第%d期）" % (i // len(rows) + 1)
        out.writerow(r)
        for e in by_app.get(src["id"], []):
            ev.writerow([r["id"]] + e[1:])
    for f in ("sanctions.csv", "objections.csv"):
        shutil.copy(os.path.join(SAMPLE, f), dest)


def qpdf_split(pdf):
    """(font program bytes, other bytes) of one PDF, as stored (compressed)."""
    data = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", pdf], check=True,
                                     capture_output=True).stdout)
    objs = data["qpdf"][1]

    def value(v):
        if isinstance(v, str) and v.endswith(" R"):
            return objs["obj:" + v]["value"]
        return v
    fonts = 0
    for k, o in objs.items():
        s = o.get("stream")
        if s and "/Length1" in s["dict"]:
            fonts += int(value(s["dict"]["/Length"]))
    return fonts, os.path.getsize(pdf) - fonts


def run(binary, n, jobs):
    work = tempfile.mkdtemp(prefix="grantdoc-bench-")
    try:
        batch, out = os.path.join(work, "batch"), os.path.join(work, "out")
        make_batch(n, batch)
        t0 = time.monotonic()
        p = subprocess.Popen([binary, "run", batch, "--out", out, "--quiet", "--accept-rejects", "--timings", "-j", str(jobs)],
                             stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        err = p.stderr.read().decode()
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            sys.exit("bench: grantdoc failed: " + err)
        wall_ms = float(re.search(r"documents ([\d.]+) ms wall", err)[1])
        kinds = {k: (int(c), int(pg), float(ms))
                 for k, c, pg, ms in re.findall(r"; (\w+) (\d+) \((\d+) pages\) ([\d.]+) ms", err)}
        notices, npages, nms = kinds["notices"]
        _, ppages, pms = kinds["publicity"]
        books, bpages, bms = kinds["taskbooks"]
        files = sorted(os.listdir(os.path.join(out, "notices")))[:40]
        split = [qpdf_split(os.path.join(out, "notices", f)) for f in files]
        font_b = sum(s[0] for s in split) / len(split)
        rest_b = sum(s[1] for s in split) / len(split)
        total = sum(os.path.getsize(os.path.join(out, "notices", f)) for f in os.listdir(os.path.join(out, "notices")))
        pub = os.path.getsize(os.path.join(out, "publicity.pdf"))
        print("N=%-7d -j %d: wall %6.2f s, all %d documents in %.2f s = %.0f documents/s; peak RSS %5.1f MB (largest process)"
              % (n, jobs, wall, notices + books + 2, wall_ms / 1000, (notices + books + 2) / (wall_ms / 1000), usage.ru_maxrss / 1024))
        print("          notices: %d, %.2f ms CPU per notice, %.2f ms per page (%.1f pages each); task books: %d, %.2f ms each"
              % (notices, nms / notices, nms / npages, npages / notices, books, bms / max(books, 1)))
        print("          notice size: %.1f KB per notice, %.1f KB per page; font programs %.1f KB + the rest %.1f KB"
              % (total / notices / 1024, total / npages / 1024, font_b / 1024, rest_b / 1024))
        print("          publicity list: %d pages in %.0f ms = %.2f ms per page, %.1f KB per page"
              % (ppages, pms, pms / max(ppages, 1), pub / max(ppages, 1) / 1024))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    binary = sys.argv[1]
    print("grantdoc benchmark (%s, %d cores)" % (binary, os.cpu_count()))
    for n in sys.argv[2:]:
        for jobs in (1, 2):
            run(binary, int(n), jobs)
