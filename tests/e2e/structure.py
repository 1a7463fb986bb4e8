"""Tagged PDF, checked from the file (qpdf --json, content streams
decoded): /MarkInfo Marked, /Lang, a StructTreeRoot whose Document holds
the elements; every text object (BT…ET) inside a marked-content sequence;
every MCID of every page referenced exactly once, by the element the
ParentTree names, and no artifact in the tree; the outline of documents
longer than two pages; a table's TH cells once, not on every page.

    structure.py DIR_OR_PDF...
"""
import json
import os
import re
import subprocess
import sys
import base64

failures = 0


def check(ok, what):
    global failures
    if not ok:
        failures += 1
        print("FAIL " + what)
    return ok


def objects(pdf):
    out = subprocess.run(["qpdf", "--json", "--json-stream-data=inline", "--decode-level=generalized", pdf],
                         capture_output=True, check=True).stdout
    return json.loads(out)["qpdf"][1]


TOKEN = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC|/(\w+)\s+BMC|\bEMC\b|\bBT\b|\bET\b")


def marked_content(data, pdf, page):
    """[(tag, mcid)] of the page's BDC sequences; checks nesting and that
    every BT is inside a marked sequence."""
    stack, seqs = [], []
    for m in TOKEN.finditer(data):
        t = m.group(0)
        if m.group(1):
            stack.append(m.group(1).decode())
            seqs.append((m.group(1).decode(), int(m.group(2))))
        elif m.group(3):
            stack.append(m.group(3).decode())
        elif t == b"EMC":
            if not check(stack, "%s page %d: EMC without BDC/BMC" % (pdf, page)):
                return seqs
            stack.pop()
        elif t == b"BT":
            check(stack, "%s page %d: text outside marked content" % (pdf, page))
    check(not stack, "%s page %d: marked content left open" % (pdf, page))
    return seqs


def check_pdf(pdf):
    objs = objects(pdf)
    def v(ref):
        return objs["obj:" + ref]["value"]
    trailer = objs["trailer"]["value"]
    cat = v(trailer["/Root"])
    check(cat.get("/MarkInfo", {}).get("/Marked") is True, pdf + ": /MarkInfo << /Marked true >>")
    check(cat.get("/Lang") == "u:zh-CN", pdf + ": /Lang (zh-CN)")
    check(cat.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is True, pdf + ": DisplayDocTitle")
    if not check("/StructTreeRoot" in cat, pdf + ": a structure tree"):
        return
    root = v(cat["/StructTreeRoot"])
    kids = root["/K"] if isinstance(root["/K"], list) else [root["/K"]]
    check(len(kids) == 1 and v(kids[0])["/S"] == "/Document", pdf + ": the tree's root is one Document")
    # The pages in order.
    pages = []
    def walk(ref):
        node = v(ref)
        if node.get("/Type") == "/Pages":
            for k in node["/Kids"]:
                walk(k)
        else:
            pages.append(ref)
    walk(cat["/Pages"])
    # Every element and what it references.
    referenced = {}  # (page index, mcid) -> element ref
    tags = {}
    page_index = {ref: i for i, ref in enumerate(pages)}
    elems, stack = [], [kids[0]]
    while stack:
        ref = stack.pop()
        e = v(ref)
        elems.append(ref)
        tags[ref] = e["/S"][1:]
        k = e.get("/K", [])
        for item in (k if isinstance(k, list) else [k]):
            if isinstance(item, int):
                key = (page_index.get(e.get("/Pg")), item)
            elif isinstance(item, dict) and item.get("/Type") == "/MCR":
                key = (page_index.get(item["/Pg"]), item["/MCID"])
            else:
                stack.append(item)
                continue
            check(key not in referenced, "%s: MCID %s referenced twice" % (pdf, key))
            referenced[key] = ref
    nums = root["/ParentTree"]["/Nums"]
    parent_tree = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
    seen = set()
    ths = 0
    for i, ref in enumerate(pages):
        page = v(ref)
        contents = page["/Contents"] if isinstance(page["/Contents"], list) else [page["/Contents"]]
        data = b"".join(base64.b64decode(objs["obj:" + c]["stream"]["data"]) for c in contents)
        seqs = marked_content(data, pdf, i + 1)
        if seqs:
            check(page.get("/StructParents") in parent_tree, "%s page %d: /StructParents in the ParentTree" % (pdf, i + 1))
        owners = parent_tree.get(page.get("/StructParents"), [])
        for tag, mcid in seqs:
            key = (i, mcid)
            seen.add(key)
            el = referenced.get(key)
            if check(el is not None, "%s page %d: MCID %d belongs to no element" % (pdf, i + 1, mcid)):
                check(tags[el] == tag, "%s page %d: MCID %d marked %s, element %s" % (pdf, i + 1, mcid, tag, tags[el]))
                check(mcid < len(owners) and owners[mcid] == el,
                      "%s page %d: ParentTree names another element for MCID %d" % (pdf, i + 1, mcid))
            ths += tag == "TH"
    check(set(referenced) <= seen, "%s: the tree names content no page marks" % pdf)
    if len(pages) > 2:
        check("/Outlines" in cat and v(cat["/Outlines"]).get("/Count", 0) >= 1, pdf + ": an outline (more than two pages)")
    heads = [t for t in tags.values() if t == "TH"]
    check(ths == len(heads), "%s: %d TH cells marked for %d TH elements (a repeated header is an artifact)"
          % (pdf, ths, len(heads)))
    return len(elems), ths, len(heads)


def main(args):
    pdfs = []
    for a in args:
        if os.path.isdir(a):
            for root, _, files in os.walk(a):
                pdfs += [os.path.join(root, f) for f in files if f.endswith(".pdf")]
        else:
            pdfs.append(a)
    total = 0
    for pdf in sorted(pdfs):
        r = check_pdf(pdf)
        if r:
            total += r[0]
    print("%s   %d PDFs tagged (%d structure elements): every text in marked content, every MCID in the tree once"
          % ("ok" if not failures else "FAIL", len(pdfs), total))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
