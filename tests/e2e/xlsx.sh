#!/bin/sh
# Every sample from its .xlsx form, as a clerk's Excel export looks
# (scripts/csv_to_xlsx.py: a merged title row, Chinese headers from the
# aliases, dates as serials, IDs as text): the same decisions, tables and
# documents as from its CSV form, and the same rejects naming the sheet's
# cells. Then the workbooks that must be refused, and the <sheet> setting.
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
TMP=$(mktemp -d /tmp/grantdoc-xlsx.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. tests/e2e/lib.sh
# openpyxl is Debian's (scripts/deps.sh check), for Debian's python3.
PY=/usr/bin/python3
$PY -c 'import openpyxl' 2>/dev/null || { bad "python3-openpyxl missing (scripts/deps.sh check)"; finish; exit 1; }

# outputs_match A B: every output file of the two runs is the same, but the
# manifest and summary (they name the inputs), rejects.csv (it names the
# cells) and warnings.csv (it names the title rows skipped).
outputs_match() {
	for d in "$1" "$2"; do
		(cd "$d" && find . -type f ! -name .grantdoc.lock ! -name manifest.json ! -name rejects.csv \
			! -name summary.json ! -name warnings.csv | LC_ALL=C sort | xargs sha256sum)
	done >"$TMP/ab.sum"
	n=$(wc -l <"$TMP/ab.sum")
	head -n $((n / 2)) "$TMP/ab.sum" >"$TMP/a.sum"
	tail -n $((n / 2)) "$TMP/ab.sum" >"$TMP/b.sum"
	cmp -s "$TMP/a.sum" "$TMP/b.sum"
}

# same_summary A B: summary.json alike once .xlsx reads .csv, warnings aside.
same_summary() {
	grep -v '"warnings"' "$1/summary.json" >"$TMP/a.json"
	sed 's/\.xlsx"/.csv"/g' "$2/summary.json" | grep -v '"warnings"' >"$TMP/b.json"
	cmp -s "$TMP/a.json" "$TMP/b.json"
}

# same_run NAME SRC XLSX_DIR: the xlsx form decides as the CSV form.
same_run() {
	name=$1 src=$2 dir=$3
	"$BIN" run --accept-rejects "$src" --out "$TMP/$name-csv" --quiet 2>"$TMP/$name-csv.err"
	"$BIN" run --accept-rejects "$dir" --out "$TMP/$name-xlsx" --quiet 2>"$TMP/$name-xlsx.err"
	rc=$?
	[ "$rc" -eq 0 ] || { bad "$name: exit $rc" "$(cat "$TMP/$name-xlsx.err")"; return; }
	n=$(find "$TMP/$name-xlsx" -type f | wc -l)
	outputs_match "$TMP/$name-csv" "$TMP/$name-xlsx" && ok "$name: decisions, tables and documents ($n files) identical to the CSV form" \
		|| bad "$name: outputs differ" "$(diff "$TMP/a.sum" "$TMP/b.sum" | head -4)"
	$PY tests/e2e/same_rejects.py "$TMP/$name-csv/rejects.csv" "$TMP/$name-xlsx/rejects.csv" >"$TMP/rej.out" \
		&& ok "$name: the same rejects, naming the sheet's cells" || bad "$name: rejects differ" "$(head -6 "$TMP/rej.out")"
	grep -q '"records"' "$TMP/$name-xlsx/manifest.json" && [ "$(grep '"records"' "$TMP/$name-csv/manifest.json")" = "$(grep '"records"' "$TMP/$name-xlsx/manifest.json")" ] \
		&& grep -q '"file": "applications.xlsx"' "$TMP/$name-xlsx/manifest.json" \
		&& ok "$name: manifest counts the same records and lists the workbooks" || bad "$name: manifest"
	same_summary "$TMP/$name-csv" "$TMP/$name-xlsx" && grep -q "row above the header skipped" "$TMP/$name-xlsx/warnings.csv" \
		&& ok "$name: summary.json alike; warnings.csv names the title rows skipped" \
		|| bad "$name: summary or warnings" "$(diff "$TMP/a.json" "$TMP/b.json" | head -4)"
}

for s in samples/*; do
	k=$(basename "$s")
	$PY scripts/csv_to_xlsx.py "$s" "$TMP/$k" || { bad "$k: conversion"; continue; }
	ls "$TMP/$k"/*.csv >/dev/null 2>&1 && bad "$k: CSV left beside the workbooks"
	same_run "$k" "$s" "$TMP/$k"
done

# The CSV form of such an export: a title row, alias headers, ¥ amounts,
# 2025.1.1 and 20250101 dates, dates with 00:00:00, √/×.
cp -r samples/shanxi-coop-2024 "$TMP/coopcsv"
$PY - "$TMP/coopcsv/applications.csv" data/aliases.txt <<'EOF2'
import csv, io, re, sys
path, aliases = sys.argv[1], sys.argv[2]
first = {}
for line in open(aliases, encoding="utf-8"):
    if line.split() and not line.startswith("#"):
        first.setdefault(line.split()[0], line.split()[1])
rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
rows[0] = [first.get(h, h) for h in rows[0]]
def form(i, cell):
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        y, m, d = cell.split("-")
        return [cell + " 00:00:00", "%s.%d.%d" % (y, int(m), int(d)), y + m + d][i % 3]
    if re.fullmatch(r"[1-9]\d{0,2}(,\d{3})+", cell) and i % 2:
        return "¥" + cell
    return {"是": "√", "否": "×"}.get(cell, cell) if i % 2 else cell
out = io.StringIO()
w = csv.writer(out, lineterminator="\n")
w.writerow(["2024年度山西省科技合作交流专项申报汇总表"] + [""] * (len(rows[0]) - 1))
w.writerow(["填报单位：山西省科学技术厅"] + [""] * (len(rows[0]) - 1))
w.writerow(rows[0])
for i, r in enumerate(rows[1:]):
    w.writerow(r[:1] + [form(i, c) for c in r[1:]])
open(path, "w", encoding="utf-8").write(out.getvalue())
EOF2
[ $? -eq 0 ] || bad "coop CSV export: conversion failed"
sed -n 3p "$TMP/coopcsv/applications.csv" | grep -q "申报单位名称,.*身份证号码" && grep -q '¥' "$TMP/coopcsv/applications.csv" \
	&& grep -q '√' "$TMP/coopcsv/applications.csv" && grep -q ',20250101,' "$TMP/coopcsv/applications.csv" \
	&& grep -q ' 00:00:00,' "$TMP/coopcsv/applications.csv" && grep -q ',2025\.1\.1,' "$TMP/coopcsv/applications.csv" \
	|| bad "coop CSV export: not every form written"
"$BIN" run --accept-rejects samples/shanxi-coop-2024 --out "$TMP/coopcsv-ref" --quiet
"$BIN" run --accept-rejects "$TMP/coopcsv" --out "$TMP/coopcsv-out" --quiet 2>"$TMP/err"
rc=$?
[ "$rc" -eq 0 ] && outputs_match "$TMP/coopcsv-ref" "$TMP/coopcsv-out" \
	&& ok "shanxi-coop as a CSV export (title rows, alias headers, ¥, 2025.1.1, 20250101, 00:00:00, √/×): identical outputs" \
	|| bad "shanxi-coop CSV export: exit $rc" "$(cat "$TMP/err"; diff "$TMP/a.sum" "$TMP/b.sum" | head -4)"

# The 1904 date system (Excel for Mac): every date cell one serial system over.
$PY scripts/csv_to_xlsx.py --1904 --inline samples/shanxi-coop-2024 "$TMP/coop1904"
same_run "shanxi-coop 1904 dates, inline strings" samples/shanxi-coop-2024 "$TMP/coop1904"

# <sheet file="applications.xlsx">申报汇总</sheet>: the data is not the first sheet.
$PY scripts/csv_to_xlsx.py --sheet applications.xlsx=申报汇总 samples/zhejiang-base-2024 "$TMP/zjbsheet"
same_run "zhejiang-base named sheet" samples/zhejiang-base-2024 "$TMP/zjbsheet"
sed -i '/<sheet /d' "$TMP/zjbsheet/programme.xml"
"$BIN" run --accept-rejects "$TMP/zjbsheet" --out "$TMP/x" --quiet 2>"$TMP/err"
rc=$?
[ "$rc" -eq 65 ] && grep -q "applications.xlsx: no header row in the first 10 rows" "$TMP/err" \
	&& ok "without <sheet>: the first sheet (填报说明) has no header, exit 65" || bad "without <sheet>: exit $rc" "$(cat "$TMP/err")"
sed -i 's|</programme>|  <sheet file="application.xlsx">申报汇总</sheet>\n</programme>|' "$TMP/zjbsheet/programme.xml"
"$BIN" run --accept-rejects "$TMP/zjbsheet" --out "$TMP/x" --quiet 2>"$TMP/err"
rc=$?
[ "$rc" -eq 65 ] && grep -q "programme.xml:[0-9]*: <sheet>: 'application.xlsx' is not an input of a zhejiang-base programme (applications.csv, history.csv, sanctions.csv)" "$TMP/err" \
	&& ok "<sheet> naming no input: exit 65 with its line" || bad "<sheet> unknown input: exit $rc" "$(cat "$TMP/err")"

# Rejected rows block drawing in either form, with the same counts (the
# samples are clean: shenzhen-intl's broken copy).
$PY scripts/csv_to_xlsx.py tests/e2e/batches/shenzhen-intl-2024-broken "$TMP/szi-broken" || bad "szi-broken: conversion"
"$BIN" run tests/e2e/batches/shenzhen-intl-2024-broken --out "$TMP/block-csv" --quiet 2>"$TMP/block-csv.err"
a=$?
"$BIN" run "$TMP/szi-broken" --out "$TMP/block-xlsx" --quiet 2>"$TMP/block-xlsx.err"
b=$?
[ "$a" -eq 3 ] && [ "$b" -eq 3 ] \
	&& grep -q "blocked: 4 rows in rejects.csv (applications.xlsx 2, contracts.xlsx 1, objections.xlsx 1)" "$TMP/block-xlsx.err" \
	&& ok "blocked by rejected rows in either form (exit 3, applications.xlsx 2, contracts.xlsx 1, objections.xlsx 1)" \
	|| bad "blocked: exit $a and $b" "$(cat "$TMP/block-xlsx.err")"

# Both forms of one input.
cp -r "$TMP/shanxi-coop-2024" "$TMP/both" && cp samples/shanxi-coop-2024/applications.csv "$TMP/both/"
"$BIN" run --accept-rejects "$TMP/both" --out "$TMP/x" --quiet 2>"$TMP/err"
rc=$?
[ "$rc" -eq 65 ] && grep -q "applications.csv and applications.xlsx: both present; keep one form of the file" "$TMP/err" \
	&& ok "applications.csv and .xlsx both present: exit 65 naming both" || bad "both forms: exit $rc" "$(cat "$TMP/err")"

# A required input as neither form.
cp -r "$TMP/shanxi-coop-2024" "$TMP/none" && rm "$TMP/none/evaluations.xlsx"
"$BIN" run --accept-rejects "$TMP/none" --out "$TMP/x" --quiet 2>"$TMP/err"
rc=$?
[ "$rc" -eq 66 ] && grep -q "evaluations.csv: required file missing" "$TMP/err" \
	&& ok "a required input in neither form: exit 66" || bad "missing input: exit $rc" "$(cat "$TMP/err")"

# Workbooks refused as a whole, quickly: a ZIP bomb, a billion laughs, a text file.
mkdir -p "$TMP/hostile"
$PY - "$TMP/hostile" <<'EOF'
import sys, zipfile
d = sys.argv[1]
src = d + "/../shanxi-coop-2024/applications.xlsx"
def rewrite(out, name, data):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, data if item.filename == name else zin.read(item.filename))
# 600 MB of blanks inside the sheet: about 600 KB compressed
blanks = b" " * (600 << 20)
sheet = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + blanks + b"</sheetData></worksheet>"
rewrite(d + "/bomb.xlsx", "xl/worksheets/sheet1.xml", sheet)
laughs = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">' +
          b"".join(b'<!ENTITY %c "%s">' % (ord("b") + i, (b"&%c;" % (ord("a") + i)) * 10) for i in range(9)) +
          b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&j;</t></si></sst>')
rewrite(d + "/laughs.xlsx", "xl/sharedStrings.xml", laughs)
assert b"&j;" in zipfile.ZipFile(d + "/laughs.xlsx").read("xl/sharedStrings.xml")
open(d + "/text.xlsx", "w").write("id,category\n")
EOF
for w in bomb:"more than 200 times its compressed size: refused as a ZIP bomb" laughs:"xl/sharedStrings.xml: a DOCTYPE declaration is not allowed" \
	text:"applications.xlsx: not a readable .xlsx workbook"; do
	name=${w%%:*} want=${w#*:}
	cp -r "$TMP/shanxi-coop-2024" "$TMP/h-$name" && cp "$TMP/hostile/$name.xlsx" "$TMP/h-$name/applications.xlsx"
	start=$(date +%s)
	"$BIN" run --accept-rejects "$TMP/h-$name" --out "$TMP/x" --quiet 2>"$TMP/err"
	rc=$? secs=$(($(date +%s) - start))
	[ "$rc" -eq 65 ] && grep -q "$want" "$TMP/err" && [ "$secs" -le 5 ] \
		&& ok "$name workbook refused in ${secs}s: $(cat "$TMP/err")" || bad "$name workbook: exit $rc in ${secs}s" "$(cat "$TMP/err")"
done

finish
