#!/usr/bin/env python3
"""Synthetic batches for make bench: a committed sample scaled to N records.

One generator for every programme, deterministic (no clock, no
randomness): the sample's readable records are cloned as replicas 0, 1, 2,
… until there are N of them. Every CSV of the sample is cloned with them
(evaluations, experts, panels, tasks, history, contracts, acceptance,
sanctions, objections …), so a replica decides as the sample does and the
mix of statuses and documents stays the sample's at every size. In replica
r every identifier is renamed consistently in every file:

  record and task ids (SXHZ2024-001, BD2024-01, …)  -> SXHZ2024-001-R00007
  resident ID numbers (GB 11643)   digits 5-6 (the district; province and
                                   city stay) and 15-16 carry r, the check digit
                                   recomputed (an invalid one stays invalid)
  unified social credit codes      characters 11-14 (inside the organisation
                                   code; the region stays) carry r, the check
                                   character recomputed (likewise)

and titles get "（第r期）" so that no two replicas share one. Budgets in
programme.xml grow with the batch. The sample's deliberately unreadable
rows (ids -9xx) are left out. The samples' generators
(scripts/gen_sample_*.py) are not used: these batches follow whatever the
committed samples hold.

    bench_batches.py KIND N DEST      writes DEST/ (programme.xml + CSVs)
"""
import csv
import io
import os
import re
import sys

SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")

# The records file of each programme and the column its records are
# counted by; shanxi-major's applications are cloned with their tasks.
RECORDS = "applications.csv"

ID_TOKEN = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2,8}(?:\d{4})?-\d{2,3})(?!\d)")
BROKEN_ID = re.compile(r"^[A-Z]{2,8}\d{4}-9\d\d$")
PERSON = re.compile(r"^\d{17}[\dX]$")
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")


def person_check(body):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11]


def uscc_check(body):
    w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    s = sum(USCC_CHARS.index(c) * k for c, k in zip(body, w))
    return USCC_CHARS[(31 - s % 31) % 31]


def rename_person(v, r):
    valid = person_check(v[:17]) == v[17]
    body = v[:4] + "%02d" % (r % 100) + v[6:14] + "%02d" % (r // 100 % 100) + v[16]
    check = person_check(body)
    if not valid:
        check = "10X98765432"[("10X98765432".index(check) + 1) % 11]
    return body + check


def rename_uscc(v, r):
    if any(c not in USCC_CHARS for c in v[:17]):
        return v
    valid = uscc_check(v[:17]) == v[17]
    body = v[:10] + "%04d" % (r % 10000) + v[14:17]
    check = uscc_check(body)
    if not valid:
        check = USCC_CHARS[(USCC_CHARS.index(check) + 1) % 31]
    return body + check


def rename_cell(column, v, r):
    if PERSON.match(v) and "uscc" not in column:
        return rename_person(v, r)
    if USCC.match(v) and not v.isdigit():
        return rename_uscc(v, r)
    v = ID_TOKEN.sub(lambda m: "%s-R%05d" % (m.group(1), r), v)
    if column == "title" and v:
        v += "（第%d期）" % (r + 1)
    return v


def read_csv(path):
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    bom = raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows, ("utf-8" if enc == "utf-8-sig" else enc), bom


def broken(row):
    return bool(row) and bool(BROKEN_ID.match(row[0]))


def replicas_for(kind, files, n):
    """How many replicas, and for the last one which records to keep."""
    head, *apps = files[RECORDS][0]
    apps = [a for a in apps if a and not broken(a)]
    per = len(apps)
    return (n + per - 1) // per, per


def make_batch(kind, n, dest, sample_dir=None):
    src = sample_dir or next(os.path.join(SAMPLES, d) for d in sorted(os.listdir(SAMPLES))
                            if d.startswith(kind + "-"))
    os.makedirs(dest, exist_ok=True)
    files = {f: read_csv(os.path.join(src, f)) for f in sorted(os.listdir(src)) if f.endswith(".csv")}
    nrep, per = replicas_for(kind, files, n)
    # Records kept in the last replica: the first (n - (nrep-1)*per) readable ones.
    keep_last = n - (nrep - 1) * per
    head, *apps = files[RECORDS][0]
    apps = [a for a in apps if a and not broken(a)]
    last_ids = {a[0] for a in apps[:keep_last]}
    # shanxi-major: a task travels with its applications.
    task_col = head.index("task_id") if "task_id" in head else None
    last_tasks = {a[task_col] for a in apps[:keep_last]} if task_col is not None else set()
    all_keys = {a[0] for a in apps} | ({a[task_col] for a in apps} if task_col is not None else set())
    # A row of any file keyed by a record (or task) left out of the last
    # replica is left out with it.
    last_keys = last_ids | last_tasks
    for name, (rows, enc, bom) in files.items():
        header, *body = rows
        body = [row for row in body if not broken(row)]
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(header)
        for r in range(nrep):
            for row in body:
                if r == nrep - 1 and row and row[0] in all_keys and row[0] not in last_keys:
                    continue
                w.writerow([rename_cell(header[i] if i < len(header) else "", v, r) for i, v in enumerate(row)])
        data = out.getvalue().encode(enc)
        if bom:
            data = b"\xef\xbb\xbf" + data
        open(os.path.join(dest, name), "wb").write(data)
    prog = open(os.path.join(src, "programme.xml"), encoding="utf-8").read()
    prog = re.sub(r"<budget>(\d+)</budget>", lambda m: "<budget>%d</budget>" % (int(m.group(1)) * nrep), prog)
    open(os.path.join(dest, "programme.xml"), "w", encoding="utf-8").write(prog)
    return n


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    make_batch(sys.argv[1], int(sys.argv[2]), sys.argv[3])
