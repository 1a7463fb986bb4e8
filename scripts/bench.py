#!/usr/bin/env python3
"""make bench: grantdoc's speed, memory and output size on synthetic batches.

For every programme (BENCH_KINDS, default all four) and every size N, a
batch of N records is built from the committed sample
(scripts/bench_batches.py: deterministic, no clock, no randomness) and run
with the release binary at -j 1 and -j 2 (--timings). Time is CPU time
(user + system of the run and its workers, from wait4), because the
machine is shared and wall time measures the neighbours too; wall time is
printed beside it. Per run:

  documents, pages, documents per second (CPU and wall), ms CPU per page
  of the whole run (reading, deciding, tables and documents), ms CPU per
  page of each kind of document, peak RSS (largest process; the batches
  are made in a process of their own, whose memory a forked run would
  otherwise be charged with).

Then, on the first size of shanxi-coop's notices: bytes per page
beyond the font programs, font bytes per distinct character
(scripts/pdfsize.py over up to 40 notices), and, when typst is available
(TYPST_NODE_MODULES = a node_modules folder holding
@myriaddreamin/typst-ts-node-compiler, from `npm install` in a scratch
folder; never a dependency of grantdoc), typst's CPU ms per page for the
same notices compiled in one warm process (scripts/bench/typst.js) and
the ratio.

usage: bench.py BINARY N [N ...]
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_batches  # noqa: E402
import pdfsize  # noqa: E402

KINDS = os.environ.get("BENCH_KINDS", "shanxi-coop shanxi-major shenzhen-intl zhejiang-base").split()
FONT_DIRS = ["/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol", "/usr/share/fonts/opentype/noto"]
TYPST_NOTICES = 200


def run(binary, batch, out, jobs):
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.monotonic()
    p = subprocess.Popen([binary, "run", batch, "--out", out, "--quiet", "--accept-rejects", "--timings",
                          "-j", str(jobs)], stderr=subprocess.PIPE)
    err = p.stderr.read().decode()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit("bench: grantdoc failed: " + err)
    kinds = [(k, int(c), int(pg), float(ms))
             for k, c, pg, ms in re.findall(r"; (\w+) (\d+) \((\d+) pages\) ([\d.]+) ms", err)]
    return {
        "cpu": usage.ru_utime + usage.ru_stime,
        "wall": wall,
        "rss": usage.ru_maxrss / 1024,
        "kinds": kinds,
        "documents": sum(k[1] for k in kinds),
        "pages": sum(k[2] for k in kinds),
    }


def row(kind, n, jobs, r):
    per_kind = ", ".join("%s %d × %.1f p %.2f" % (k, c, pg / max(c, 1), ms / max(pg, 1))
                         for k, c, pg, ms in r["kinds"] if c)
    print("| %s | %s | %d | %s | %s | %.0f | %.0f | **%.3f** | %s | %.0f MB |"
          % (kind, format(n, ","), jobs, format(r["documents"], ","), format(r["pages"], ","),
             r["documents"] / r["cpu"], r["documents"] / r["wall"], r["cpu"] * 1000 / r["pages"],
             per_kind, r["rss"]), flush=True)


def sizes(out):
    notices = os.path.join(out, "notices")
    files = [os.path.join(notices, f) for f in sorted(os.listdir(notices))[:40]]
    tot = [0, 0, 0, 0, 0]
    pdfsize.FACES.clear()
    for f in files:
        tot = [a + b for a, b in zip(tot, pdfsize.facts(f))]
    size, pages, fb, ch, icc = tot
    return ("notices (%d of them): %.1f KB each, %.1f pages; font programs %.0f bytes per distinct character"
            " (%s); beyond the font programs %.0f bytes per page (of which the sRGB profile %.0f)"
            % (len(files), size / len(files) / 1024, pages / len(files), fb / max(ch, 1),
               ", ".join("%s %.0f" % (face, b / max(c, 1)) for face, (b, c) in sorted(pdfsize.FACES.items())),
               (size - fb) / pages, icc / pages)
            + "\n  of which per notice: " + parts_line(files))


def parts_line(files):
    """The bytes beyond the font programs by part, per notice
    (pdfsize.py --parts): what a smaller file would have to give up."""
    tot = dict.fromkeys(pdfsize.PARTS, 0)
    for f in files:
        for k, v in pdfsize.parts(f).items():
            tot[k] += v
    return ", ".join("%s %.0f" % (k, v / len(files)) for k, v in tot.items() if v)


def typst(batch, grantdoc_ms_page, notice_ms_page):
    modules = os.environ.get("TYPST_NODE_MODULES", "")
    if not modules or not shutil.which("node") or not os.path.isdir(
            os.path.join(modules, "@myriaddreamin", "typst-ts-node-compiler")):
        print("\ntypst: not compared (set TYPST_NODE_MODULES to a node_modules folder holding "
              "@myriaddreamin/typst-ts-node-compiler)")
        return
    apps = list(csv.DictReader(open(os.path.join(batch, "applications.csv"), encoding="utf-8")))
    records = [{"applicant": a.get("applicant", ""), "title": a.get("title", ""), "id": a.get("id", ""),
                "pi": a.get("pi_name", ""), "award": 40, "seq": 15 + i}
               for i, a in enumerate(apps[:TYPST_NOTICES])]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(records, f, ensure_ascii=False)
    env = dict(os.environ, NODE_PATH=modules)
    out = subprocess.run(["node", os.path.join(HERE, "bench", "typst.js"), f.name] + FONT_DIRS,
                         capture_output=True, text=True, env=env)
    os.unlink(f.name)
    if out.returncode != 0:
        print("\ntypst: failed: " + out.stderr.strip().splitlines()[-1])
        return
    t = json.loads(out.stdout.strip().splitlines()[-1])
    ms = t["cpu_ms"] / t["pages"]
    print("\ntypst (warm, one process): %d notices, %d pages, %.3f ms CPU per page; grantdoc %.3f ms per page "
          "of the whole run (%.3f per notice page): grantdoc is %.1f times as fast per page"
          % (t["documents"], t["pages"], ms, grantdoc_ms_page, notice_ms_page, ms / grantdoc_ms_page))


def main():
    binary, ns = sys.argv[1], [int(n) for n in sys.argv[2:]]
    print("grantdoc benchmark (%s, %d cores; load average %.1f); ms are CPU ms (user + system)"
          % (binary, os.cpu_count(), os.getloadavg()[0]))
    print("\n| programme | records | -j | documents | pages | documents/s (CPU) | documents/s (wall) "
          "| ms per page | per kind: count × pages, ms per page | peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    first = None
    work = tempfile.mkdtemp(prefix="grantdoc-bench-")
    try:
        for kind in KINDS:
            for n in ns:
                batch, out = os.path.join(work, "batch-%s-%d" % (kind, n)), os.path.join(work, "out")
                # In a process of its own: Linux reports as a child's peak
                # RSS (wait4's ru_maxrss) the larger of its own and that of
                # the process it was forked from, so a bench that had held
                # a 100,000-record batch in memory would be measured, not
                # grantdoc.
                subprocess.run([sys.executable, bench_batches.__file__, kind, str(n), batch], check=True,
                               stdout=subprocess.DEVNULL)
                for jobs in (1, 2):
                    r = run(binary, batch, out, jobs)
                    row(kind, n, jobs, r)
                    if first is None and jobs == 1 and kind == "shanxi-coop":
                        notice = [k for k in r["kinds"] if k[0] == "notices"][0]
                        first = (batch, r["cpu"] * 1000 / r["pages"], notice[3] / max(notice[2], 1), sizes(out))
                if first is None or batch != first[0]:
                    shutil.rmtree(batch)
        if first:
            print("\n" + first[3])
            typst(*first[:3])
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
