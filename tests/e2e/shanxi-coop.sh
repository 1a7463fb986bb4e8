#!/bin/sh
# End-to-end tests: the binary on the sample batch and on broken copies.
# GRANTDOC names the binary (make check passes the sanitizer build).
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
SAMPLE=samples/shanxi-coop-2024
EXPECTED=tests/e2e/expected/shanxi-coop-2024
# The sample with its unreadable rows (scripts/gen_sample_shanxi_coop.py):
# with them treated as absent it decides as the sample.
BROKEN=tests/e2e/batches/shanxi-coop-2024-broken
CORPUS=${CORPUS:-build/san/tools/typeset_corpus}
export CAPITALS=${CAPITALS:-build/san/tools/capitals_check}
TMP=$(mktemp -d /tmp/grantdoc-e2e.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ $# -gt 1 ] && printf '     %s\n' "$2"; }

# run NAME EXPECTED_EXIT ARGS...: runs the binary, keeps stderr in $TMP/NAME.err
run() {
	name=$1 want=$2
	shift 2
	"$BIN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		bad "$name: exit $got, expected $want" "$(head -c 400 "$TMP/$name.err")"
		return 1
	fi
	return 0
}

# expect_err NAME TEXT: stderr of run NAME contains TEXT
expect_err() {
	if grep -qF -- "$2" "$TMP/$1.err"; then ok "$1: $2"; else bad "$1: stderr lacks '$2'" "$(cat "$TMP/$1.err")"; fi
}

copy_sample() { rm -rf "$TMP/$1"; cp -r "$SAMPLE" "$TMP/$1"; }

# Rejected rows block drawing (spec v2 V2-G3): a test of what a rejected
# row costs passes --accept-rejects; the sample itself is clean.
ACCEPT=--accept-rejects

# 1. The sample batch against the reviewed expected decisions.
if run sample 0 run "$SAMPLE" --out "$TMP/out1" --quiet; then
	if cmp -s "$TMP/out1/decisions.csv" "$EXPECTED/decisions.csv"; then ok "sample: decisions.csv equals the expected file"
	else bad "sample: decisions.csv differs" "$(diff "$TMP/out1/decisions.csv" "$EXPECTED/decisions.csv" | head -20)"; fi
	for f in decisions.csv reasons.csv rejects.csv bans.csv manifest.json; do
		[ -s "$TMP/out1/$f" ] || bad "sample: $f missing"
	done
	[ "$(wc -l <"$TMP/out1/rejects.csv")" -eq 1 ] && ok "sample: clean, no row in rejects.csv" \
		|| bad "sample: rows in rejects.csv" "$(head -3 "$TMP/out1/rejects.csv")"
	[ -z "$(find "$TMP/out1" -name '*.tmp')" ] && ok "sample: no temporary files left" || bad "sample: temporary files left"
fi

# 2. Every record ends in exactly one row: decisions + rejected applications = rows read.
rows=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$SAMPLE/applications.csv" 2>/dev/null || echo "")
decided=$(($(wc -l <"$TMP/out1/decisions.csv") - 1))
rejected=$(grep -c '^applications.csv,' "$TMP/out1/rejects.csv")
if [ -n "$rows" ] && [ $((decided + rejected)) -eq "$rows" ]; then ok "conservation: $decided decided + $rejected rejected = $rows rows"
elif [ -z "$rows" ]; then ok "conservation: skipped count cross-check (no python3); $decided + $rejected"
else bad "conservation: $decided + $rejected != $rows"; fi
grep -q '"read": 92, "decided": 92, "rejected": 0' "$TMP/out1/manifest.json" && ok "manifest: record counts" || bad "manifest: record counts" "$(grep records "$TMP/out1/manifest.json")"

# 3. Rejects name file, line, field, value and reason (the broken copy of
#    the sample); with them absent every decision is the sample's.
if run broken-batch 0 run "$BROKEN" --out "$TMP/out-bb" $ACCEPT; then
	R="$TMP/out-bb/rejects.csv"
	cmp -s "$TMP/out-bb/decisions.csv" "$EXPECTED/decisions.csv" && ok "broken batch: rejected rows absent, every decision the sample's" \
		|| bad "broken batch: decisions differ" "$(diff "$TMP/out-bb/decisions.csv" "$EXPECTED/decisions.csv" | head -5)"
	grep -q '"read": 98, "decided": 92, "rejected": 6' "$TMP/out-bb/manifest.json" && ok "broken batch: 98 read, 92 decided, 6 rejected" \
		|| bad "broken batch: record counts" "$(grep records "$TMP/out-bb/manifest.json")"
	grep -qx 'applications.csv,96,start,2025-02-30,"not a valid date (2024-12-04, 2024/12/4 or 2024年12月4日)",不是有效日期（如 2024-12-04、2024/12/4、2024年12月4日）' "$R" \
		&& ok "rejects: impossible date with line and field" || bad "rejects: impossible date" "$(cat "$R")"
	grep -qx 'applications.csv,98,id,SXHZ2024-013,duplicate id (first on line 14),编号重复（首次出现在第 14 行）' "$R" \
		&& ok "rejects: repeated id" || bad "rejects: repeated id"
	grep -qx 'evaluations.csv,325,score,101,not a score from 0 to 100 with at most 2 decimals,不是 0 至 100 之间、至多两位小数的分数' "$R" \
		&& ok "rejects: GB18030 evaluations keep their line numbers" || bad "rejects: evaluations line"
	# V2-G4: identity cells that cannot be numbers say what probably happened.
	grep -q '^applications.csv,99,pi_id,1.40105E+17,scientific notation: a spreadsheet stored the ID number as a number and lost its last digits; format the column as text and export it again,科学计数法：电子表格把身份证号码存成了数字' "$R" \
		&& grep -q '^applications.csv,100,applicant_uscc,[0-9A-Z]*O[0-9A-Z]*,the letter O at position 11: a credit code has no letter O; a digit 0 was probably meant,第11位是字母O：统一社会信用代码不含字母O，应为数字0$' "$R" \
		&& grep -q '^applications.csv,101,pi_id,[0-9]\{17\},17 characters: an ID number has 18' "$R" \
		&& ok "rejects: an ID in scientific notation, a letter O in a credit code, 17 digits" || bad "rejects: identity cells" "$(cat "$R")"
	# V2-G5: a file of the batch directory the programme does not read.
	expect_err broken-batch "shanxi-coop-2024-broken/objection.csv: not read: a shanxi-coop batch reads programme.xml, applications.csv, evaluations.csv, sanctions.csv, objections.csv"
fi
# Without --accept-rejects the broken batch draws nothing and leaves the
# previous complete output as it was (V2-G3).
cp -r "$TMP/out1" "$TMP/out-prev"
if run blocked 3 run "$BROKEN" --out "$TMP/out-prev" --quiet; then
	diff -r "$TMP/out1" "$TMP/out-prev" >/dev/null && [ -s "$TMP/out-prev.blocked/rejects.csv" ] \
		&& [ -z "$(find "$TMP/out-prev.blocked" -name '*.pdf')" ] \
		&& ok "broken batch without --accept-rejects: exit 3, nothing drawn, the previous output untouched" \
		|| bad "blocked run" "$(ls "$TMP/out-prev.blocked" 2>&1 | head -5)"
fi

# 4. Manifest hashes are the files' hashes.
want=$(sha256sum "$TMP/out1/decisions.csv" | cut -d' ' -f1)
grep -q "\"file\": \"decisions.csv\", \"bytes\": [0-9]*, \"sha256\": \"$want\"" "$TMP/out1/manifest.json" \
	&& ok "manifest: decisions.csv SHA-256" || bad "manifest: decisions.csv SHA-256"
want=$(sha256sum "$SAMPLE/evaluations.csv" | cut -d' ' -f1)
grep -q "\"sha256\": \"$want\"" "$TMP/out1/manifest.json" && ok "manifest: input SHA-256" || bad "manifest: input SHA-256"

# 5. Reasons: Chinese sentences with the failing fact and the article.
grep -q '项目负责人出生日期1966年12月31日，早于1967年1月1日（申报通知二、2）' "$TMP/out1/reasons.csv" \
	&& ok "reasons: E04 sentence" || bad "reasons: E04 sentence"
grep -q '项目执行期2025年1月1日至2026年12月30日（含起止日），不足2年，执行期应为2—3年（申报通知二、7）' "$TMP/out1/reasons.csv" \
	&& grep -q '项目执行期2025年1月1日至2028年1月1日（含起止日），超过3年' "$TMP/out1/reasons.csv" \
	&& ! grep -q '2026年12月31日（含起止日）\|至2027年12月31日（含起止日）' "$TMP/out1/reasons.csv" \
	&& ok "reasons: E09 counts both dates (v2): a day short and a day over refused, exactly 2 and 3 years not" || bad "reasons: E09"
grep -q '^SXHZ2024-090,.*,2024-11-20 [0-9:]*,' "$SAMPLE/applications.csv" \
	&& grep -q 'SXHZ2024-090,SXC-E10,申报单位处于2021年12月4日至2024年11月20日的限制申报期（未按期结题），不得申报$' "$TMP/out1/reasons.csv" \
	&& ok "reasons: a ban refuses on its last day in force (v2)" || bad "reasons: ban last day" "$(grep 'SXHZ2024-090' "$TMP/out1/reasons.csv")"
grep -q '低于本批次立项分数线60分（依据专家评审结果确定立项项目，《科技合作交流专项管理办法》第十三条）' "$TMP/out1/reasons.csv" \
	&& ! grep -q '分数线60分（《' "$TMP/out1/reasons.csv" \
	&& ok "reasons: the pass score is the batch's, the article cited for the review (v2)" || bad "reasons: R01 citation"
# V2-G2 in the documents: the minimum of valid scores and the publicity
# length are the batch's (本批次规定), not an article's.
waiting=$(awk -F, '$4 == "待补评" { print $1; exit }' "$TMP/out1/decisions.csv")
flat() { pdftotext "$1" - | tr -d ' \n'; }
[ -n "$waiting" ] && flat "$TMP/out1/notices/$waiting.pdf" | grep -q '少于本批次规定的[0-9]*份' \
	&& flat "$TMP/out1/publicity.pdf" | grep -q '本批次规定的5个工作日' \
	&& ok "documents: a 待补评 notice ($waiting) and the publicity list call their numbers the batch's (V2-G2)" \
	|| bad "documents: 本批次规定" "$waiting"
grep -q '网络申报时间2024年12月4日18:01，晚于截止时限2024年12月4日18:00' "$TMP/out1/reasons.csv" \
	&& ok "reasons: E12 sentence" || bad "reasons: E12 sentence"

# 6. A second run writes byte-identical outputs.
if run rerun 0 run "$SAMPLE" --out "$TMP/out2" --quiet; then
	if diff -r "$TMP/out1" "$TMP/out2" >/dev/null; then ok "rerun: byte-identical outputs"
	else bad "rerun: outputs differ" "$(diff -r "$TMP/out1" "$TMP/out2" | head)"; fi
fi
# The same with one worker and with two.
"$BIN" run "$SAMPLE" --out "$TMP/out-j1" --quiet -j 1 && "$BIN" run "$SAMPLE" --out "$TMP/out-j2" --quiet -j 2
if diff -r "$TMP/out-j1" "$TMP/out-j2" >/dev/null && diff -r "$TMP/out1" "$TMP/out-j2" >/dev/null; then ok "workers: -j 1 and -j 2 write identical files"
else bad "workers: -j 1 and -j 2 differ" "$(diff -r "$TMP/out-j1" "$TMP/out-j2" | head -3)"; fi
# Same under another locale and time zone.
if LC_ALL=C.UTF-8 TZ=Asia/Shanghai "$BIN" run "$SAMPLE" --out "$TMP/out3" --quiet 2>/dev/null && diff -r "$TMP/out1" "$TMP/out3" >/dev/null; then
	ok "rerun: independent of locale and time zone"
else bad "rerun: locale or time zone changed the outputs"; fi

# 7. A broken row costs only itself.
copy_sample broken
# An existing row with a new id and an amount in words.
header=$(head -1 "$SAMPLE/applications.csv")
col=$(printf '%s\n' "$header" | tr ',' '\n' | grep -nx requested | cut -d: -f1)
grep '^SXHZ2024-020,' "$SAMPLE/applications.csv" |
	awk -F, -v OFS=, -v c="$col" '{ $1 = "SXHZ2024-950"; $c = "四十万"; print }' >>"$TMP/broken/applications.csv"
if run broken 0 run "$TMP/broken" --out "$TMP/out-broken" --quiet $ACCEPT; then
	if cmp -s "$TMP/out-broken/decisions.csv" "$EXPECTED/decisions.csv"; then ok "broken row: every other decision unchanged"
	else bad "broken row: decisions changed"; fi
	grep -q '^applications.csv,96,requested,四十万,not an amount,不是金额$' "$TMP/out-broken/rejects.csv" \
		&& ok "broken row: in rejects.csv with line 96" || bad "broken row: reject" "$(tail -3 "$TMP/out-broken/rejects.csv")"
fi

# 8. Publicity not over (no <decided>): proposals stay 拟立项.
copy_sample publicity
grep -v '<decided>' "$SAMPLE/programme.xml" >"$TMP/publicity/programme.xml"
if run publicity 0 run "$TMP/publicity" --out "$TMP/out-pub" --quiet; then
	n_prop=$(grep -c ',拟立项,' "$TMP/out-pub/decisions.csv")
	n_fund=$(grep -c ',立项,' "$TMP/out1/decisions.csv")
	[ "$n_prop" -eq "$n_fund" ] && [ "$(grep -c ',立项,' "$TMP/out-pub/decisions.csv")" -eq 0 ] \
		&& ok "publicity open: $n_prop 拟立项, no 立项" || bad "publicity open: $n_prop 拟立项 vs $n_fund 立项"
	grep -q ',公示异议,' "$TMP/out-pub/decisions.csv" && ok "publicity open: objection still held" || bad "publicity open: objection"
fi

# 9. The decision date on the last publicity day: not yet over.
copy_sample lastday
sed 's|<decided>2024-12-30</decided>|<decided>2024-12-26</decided>|' "$SAMPLE/programme.xml" >"$TMP/lastday/programme.xml"
run lastday 0 run "$TMP/lastday" --out "$TMP/out-last" --quiet && {
	[ "$(grep -c ',立项,' "$TMP/out-last/decisions.csv")" -eq 0 ] && ok "decided on the last publicity day: nothing 立项" || bad "decided on last day"
}

# 10. Whole-batch failures: exit status and one-line message.
run usage 64 frobnicate && expect_err usage "unknown command"
# -j as make takes it: -j N, -jN, --jobs N, --jobs=N.
run jattached 64 run "$SAMPLE" --out "$TMP/x" -j0 && expect_err jattached "-j: '0' is not a number of workers from 1 to 64"
run jequals 64 run "$SAMPLE" --out "$TMP/x" --jobs=65 && expect_err jequals "-j: '65' is not a number of workers from 1 to 64"
run jempty 64 run "$SAMPLE" --out "$TMP/x" --jobs= && expect_err jempty "-j: '' is not a number of workers"
run j2 0 run "$SAMPLE" --out "$TMP/out-j2" -j2 --quiet && cmp -s "$TMP/out-j2/decisions.csv" "$EXPECTED/decisions.csv" \
	&& ok "-j2: the sample's decisions" || bad "-j2" "$(cat "$TMP/j2.err")"
run noout 64 run "$SAMPLE" && expect_err noout "run needs BATCH_DIR and --out OUT_DIR"
run nodir 66 run "$TMP/does-not-exist" --out "$TMP/x" && expect_err nodir "not a batch directory"
copy_sample noprog; rm "$TMP/noprog/programme.xml"
run noprog 66 run "$TMP/noprog" --out "$TMP/x" && expect_err noprog "programme.xml: required file missing"
copy_sample baddate; sed 's|<published>2024-11-04</published>|<published>2024-02-30</published>|' "$SAMPLE/programme.xml" >"$TMP/baddate/programme.xml"
run baddate 65 run "$TMP/baddate" --out "$TMP/x" && expect_err baddate "programme.xml:8: <published>: '2024-02-30' is not a valid date"
copy_sample badel; sed 's|<budget>|<budgett>1</budgett><budget>|' "$SAMPLE/programme.xml" >"$TMP/badel/programme.xml"
run badel 65 run "$TMP/badel" --out "$TMP/x" && expect_err badel "programme.xml:13: <budgett>: unknown element"
copy_sample badamt; sed 's|<budget>8000000</budget>|<budget>八百万</budget>|' "$SAMPLE/programme.xml" >"$TMP/badamt/programme.xml"
run badamt 65 run "$TMP/badamt" --out "$TMP/x" && expect_err badamt "<budget>: '八百万' is not an amount"
copy_sample kind; sed 's|kind="shanxi-coop"|kind="beijing-coop"|' "$SAMPLE/programme.xml" >"$TMP/kind/programme.xml"
run kind 65 run "$TMP/kind" --out "$TMP/x" && expect_err kind "unknown programme kind 'beijing-coop'"
copy_sample malformed; printf '<programme kind="shanxi-coop" year="2024">\n<title>x</title\n' >"$TMP/malformed/programme.xml"
run malformed 65 run "$TMP/malformed" --out "$TMP/x" && expect_err malformed "programme.xml:3:"
copy_sample window; sed 's|<published>2024-11-04</published>|<published>2024-11-05</published>|' "$SAMPLE/programme.xml" >"$TMP/window/programme.xml"
run window 65 run "$TMP/window" --out "$TMP/x" && expect_err window "29 days later: 管理办法第八条 says 原则上不少于30天 (in principle at least 30 days); grantdoc requires at least 30 for a batch"
copy_sample nocol; sed '1s/,pi_id,/,pi_idx,/' "$SAMPLE/applications.csv" >"$TMP/nocol/applications.csv"
run nocol 65 run "$TMP/nocol" --out "$TMP/x" && expect_err nocol "applications.csv:1: required column missing: 'pi_id' (负责人身份证号)"
copy_sample nocal; sed 's|start="2024-12-20"|start="2031-12-20"|' "$SAMPLE/programme.xml" >"$TMP/nocal/programme.xml"
run nocal 65 run "$TMP/nocal" --out "$TMP/x" && expect_err nocal "no working-day calendar for 2031"
printf 'x' >"$TMP/notadir"
run outfile 73 run "$SAMPLE" --out "$TMP/notadir/out" && expect_err outfile "notadir: not a directory"

# 11. Documents: qpdf, pdffonts, pdftotext against the decisions.
if python3 tests/e2e/documents_shanxi_coop.py "$TMP/out1" "$SAMPLE" >"$TMP/docs.log" 2>&1; then
	ok "documents: every PDF checked (qpdf, pdffonts, pdftotext names, amounts, reasons, task books, disbursement)"
else bad "documents" "$(grep -A1 FAIL "$TMP/docs.log" | head -20)"; fi
n_notices=$(ls "$TMP/out1/notices" | wc -l)
[ "$n_notices" -eq 92 ] && ok "documents: one notice per decided application" || bad "documents: $n_notices notices"
grep -q '"documents": 119,' "$TMP/out1/manifest.json" && grep -q '"file": "notices/SXHZ2024-001.pdf", "bytes": [0-9]*, "pages": 2,' "$TMP/out1/manifest.json" \
	&& ok "manifest: documents with pages" || bad "manifest: documents" "$(grep -m2 notices "$TMP/out1/manifest.json")"

# 12. Geometry of the typesetting (stress corpus and a 300-row list).
if "$CORPUS" "$TMP" && python3 tests/e2e/geometry.py "$TMP/corpus.pdf" "$TMP/table.pdf" >"$TMP/geo.log" 2>&1; then
	ok "geometry: $(grep -c '^ok' "$TMP/geo.log") checks from pdftotext -bbox"
else bad "geometry" "$(grep -A1 FAIL "$TMP/geo.log" | head -20)"; fi

# 13. A character no configured font has: that record's notice is not
#     written, the error names record, field and code point; the rest is.
copy_sample glyph
python3 - "$SAMPLE/applications.csv" "$TMP/glyph/applications.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
h = rows[0]
for r in rows[1:]:
    if r and r[0] == "SXHZ2024-001":
        r[h.index("applicant")] += "\U0001F99C"
    if r and r[0] == "SXHZ2024-020":
        r[h.index("pi_name")] = "\U00020BB7" + "野"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
run glyph 1 run "$TMP/glyph" --out "$TMP/out-glyph" --quiet
grep -qx 'SXHZ2024-001,notices/SXHZ2024-001.pdf,app.applicant,U+1F99C,no configured font has this character; the document was not written' "$TMP/out-glyph/document-errors.csv" \
	&& ok "missing glyph: document-errors.csv names record, field and U+1F99C" || bad "missing glyph" "$(cat "$TMP/out-glyph/document-errors.csv")"
[ ! -e "$TMP/out-glyph/notices/SXHZ2024-001.pdf" ] && [ "$(ls "$TMP/out-glyph/notices" | wc -l)" -eq 91 ] \
	&& ok "missing glyph: no half-drawn notice, the 91 others written" || bad "missing glyph: files"
"$BIN" run "$TMP/glyph" --out "$TMP/out-glyph2" 2>"$TMP/glyph2.err" >/dev/null
grep -q 'SXHZ2024-001: notices/SXHZ2024-001.pdf not written: field app.applicant has U+1F99C' "$TMP/glyph2.err" \
	&& ok "missing glyph: one line on stderr" || bad "missing glyph: stderr" "$(cat "$TMP/glyph2.err")"
pdftotext "$TMP/out-glyph/notices/SXHZ2024-020.pdf" - 2>/dev/null | grep -q "项目负责人：$(printf '\360\240\256\267')野" \
	&& ok "U+20BB7 in a name is drawn and extracts exactly" || bad "U+20BB7 extraction"

# 14. Finance CSV: formula injection neutralised; the BOM (the default) also on request.
copy_sample finance
python3 - "$SAMPLE/applications.csv" "$TMP/finance/applications.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
h = rows[0]
names = {"SXHZ2024-073": '=HYPERLINK("x")', "SXHZ2024-075": "+1", "SXHZ2024-008": "@SUM(A1)", "SXHZ2024-021": "-2"}
for r in rows[1:]:
    if r and r[0] in names:
        r[h.index("applicant")] = names[r[0]]
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
if run finance 0 run "$TMP/finance" --out "$TMP/out-fin" --quiet --bom; then
	f="$TMP/out-fin/disbursement.csv"
	grep -qF '"'"'"'=HYPERLINK(""x"")",SXHZ2024-073' "$f" && grep -qF ",\"'+1\",SXHZ2024-075" "$f" \
		&& grep -qF ",\"'@SUM(A1)\",SXHZ2024-008" "$f" && grep -qF ",\"'-2\",SXHZ2024-021" "$f" \
		&& ! grep -qE '(^|,)[=+@-]' "$f" \
		&& ok "finance CSV: =HYPERLINK, +1, @SUM and -2 neutralised" || bad "finance CSV injection" "$(grep -E 'SXHZ2024-0(73|75|08|21)' "$f")"
	[ "$(head -c 3 "$f" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok "finance CSV: UTF-8 BOM with --bom (the default, kept as an option)" || bad "BOM"
	[ "$(head -c 3 "$TMP/out1/disbursement.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok "finance CSV: a BOM by default" || bad "default BOM"
fi

# 15. An output directory in use by another run is refused, untouched.
copy_sample busy
rm -rf "$TMP/out-busy"
"$BIN" run "$SAMPLE" --out "$TMP/out-busy" --quiet &
busy_pid=$!
sleep 0.3
run busy 75 run "$SAMPLE" --out "$TMP/out-busy" && expect_err busy "out-busy: in use by another grantdoc run; not touched"
wait "$busy_pid"

# 16. The whole batch as one batch.xml: the same decisions as its CSV form.
mkdir -p "$TMP/xml"
python3 scripts/csv_to_batch_xml.py "$SAMPLE" "$TMP/xml/batch.xml"
if run xml 0 run "$TMP/xml" --out "$TMP/out-xml" --quiet; then
	cmp -s "$TMP/out-xml/decisions.csv" "$EXPECTED/decisions.csv" && ok "batch.xml: decisions.csv identical to the CSV form" || bad "batch.xml decisions"
fi
mkdir -p "$TMP/xml-broken"
python3 scripts/csv_to_batch_xml.py "$BROKEN" "$TMP/xml-broken/batch.xml"
if run xml-broken 0 run "$TMP/xml-broken" --out "$TMP/out-xml-broken" --quiet $ACCEPT; then
	grep -qx 'batch.xml,122,start,2025-02-30,"not a valid date (2024-12-04, 2024/12/4 or 2024年12月4日)",不是有效日期（如 2024-12-04、2024/12/4、2024年12月4日）' "$TMP/out-xml-broken/rejects.csv" \
		&& grep -q '^batch.xml,125,pi_id,1.40105E+17,scientific notation' "$TMP/out-xml-broken/rejects.csv" \
		&& ok "batch.xml: a bad cell rejects its record, with the XML line" || bad "batch.xml rejects" "$(cat "$TMP/out-xml-broken/rejects.csv")"
fi
mkdir -p "$TMP/xml-invalid"
sed '0,/<application>/s//<application><colour>red<\/colour>/' "$TMP/xml/batch.xml" >"$TMP/xml-invalid/batch.xml"
run xml-invalid 65 run "$TMP/xml-invalid" --out "$TMP/x" && expect_err xml-invalid "batch.xml:29: Element 'colour': This element is not expected."
mkdir -p "$TMP/xml-laughs"
printf '<?xml version="1.0"?>\n<!DOCTYPE batch [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>\n<batch><programme kind="shanxi-coop" year="2024"><authority>&h;</authority></programme></batch>\n' >"$TMP/xml-laughs/batch.xml"
run xml-laughs 65 run "$TMP/xml-laughs" --out "$TMP/x" && expect_err xml-laughs "batch.xml:2: a DOCTYPE declaration is not allowed"
mkdir -p "$TMP/xml-doctype"
sed '1a <!DOCTYPE batch SYSTEM "http://example.invalid/batch.dtd">' "$TMP/xml/batch.xml" >"$TMP/xml-doctype/batch.xml"
run xml-doctype 65 run "$TMP/xml-doctype" --out "$TMP/x" && expect_err xml-doctype "batch.xml:2: a DOCTYPE declaration is not allowed"
mkdir -p "$TMP/xml-both"; cp "$TMP/xml/batch.xml" "$SAMPLE/programme.xml" "$TMP/xml-both/"
run xml-both 65 run "$TMP/xml-both" --out "$TMP/x" && expect_err xml-both "holds both batch.xml and CSV files"

# 18. At the terminal and in cron: progress only on a terminal; JSON logs.
"$BIN" run "$SAMPLE" --out "$TMP/out-tty1" 2>"$TMP/notty.err" >/dev/null
if ! grep -q 'records decided' "$TMP/notty.err" && ! grep -q "$(printf '\r')" "$TMP/notty.err" && grep -q '119 documents' "$TMP/notty.err"; then
	ok "progress: absent when stderr is not a terminal; the summary is there"
else bad "progress without a terminal" "$(head -c 300 "$TMP/notty.err")"; fi
if command -v script >/dev/null; then
	script -qec "$BIN run $SAMPLE --out $TMP/out-tty2" /dev/null >"$TMP/tty.out" 2>&1
	grep -aq '119/119 documents' "$TMP/tty.out" && ok "progress: drawn on a terminal (script)" || bad "progress on a terminal" "$(head -c 300 "$TMP/tty.out")"
fi
"$BIN" run "$SAMPLE" --out "$TMP/out-json" --log json 2>"$TMP/json.err" >/dev/null
python3 -c 'import json,sys; ev=[json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]; s=[e for e in ev if e["event"]=="summary"][0]; assert s["status"]["立项"]==25 and s["documents"]==119 and s["rejects"]==0; assert sum(e["event"]=="warning" for e in ev)==3' "$TMP/json.err" \
	&& ok "--log json: warnings and the summary, one JSON object a line" || bad "--log json" "$(cat "$TMP/json.err")"
grep -q "119 documents" "$TMP/notty.err" && ! grep -q "not read" "$TMP/notty.err" && ok "sample: every file of the batch is read" || bad "sample: a file named as not read" "$(grep "not read" "$TMP/notty.err")"
"$BIN" run "$TMP/does-not-exist" --out "$TMP/x" --log json 2>"$TMP/jsonerr.err"
python3 -c 'import json,sys; e=json.loads(open(sys.argv[1]).read()); assert e["event"]=="error" and e["exit"]==66' "$TMP/jsonerr.err" \
	&& ok "--log json: a failure is one JSON object with its exit status" || bad "--log json error" "$(cat "$TMP/jsonerr.err")"

# 19. --incremental: unchanged documents are kept; the result is a full run's.
# The 9 notices in document-warnings.csv (a rare name set in a fallback
# face) are drawn again, so that their warnings are listed again.
rm -rf "$TMP/inc"
"$BIN" run "$SAMPLE" --out "$TMP/inc" --quiet
"$BIN" run "$SAMPLE" --out "$TMP/inc" --incremental 2>"$TMP/inc1.err"
warned=$(tail -n +2 "$TMP/out1/document-warnings.csv" | cut -d, -f2 | sort -u | paste -sd' ')
rewrote=$(sed -n 's/.*119 documents (110 unchanged, kept; 9 rewritten: \([^)]*\)).*/\1/p' "$TMP/inc1.err" | tr -d ',' | tr ' ' '\n' | sort | paste -sd' ')
[ -n "$warned" ] && [ "$rewrote" = "$warned" ] && diff -r "$TMP/inc" "$TMP/out1" >/dev/null \
	&& ok "incremental: nothing changed; the summary lists the 9 warned notices it rewrote; files identical to a full run" \
	|| bad "incremental no-op" "$(tail -1 "$TMP/inc1.err")"
copy_sample inc-b
sed -i 's/长三角新能源关键技术联合攻关/长三角新能源关键技术联合攻关（修订）/' "$TMP/inc-b/applications.csv"
"$BIN" run "$TMP/inc-b" --out "$TMP/inc" --incremental --log json 2>"$TMP/inc2.err"
"$BIN" run "$TMP/inc-b" --out "$TMP/inc-full" --quiet
python3 - "$TMP/inc2.err" "$TMP/inc-full/manifest.json" "$TMP/out1/manifest.json" <<'PY' && diff -r "$TMP/inc" "$TMP/inc-full" >/dev/null \
	&& ok "incremental: two titles changed, 5 documents rewritten (and the 9 warned), the rest kept; --log json lists exactly the files whose bytes changed or were drawn again; equal to a full run" \
	|| bad "incremental change" "$(tail -1 "$TMP/inc2.err")"
import json, sys
summary = [json.loads(l) for l in open(sys.argv[1]) if '"summary"' in l][0]
def docs(path):
    return {o["file"]: o["sha256"] for o in json.load(open(path))["outputs"] if "pages" in o}
new, old = docs(sys.argv[2]), docs(sys.argv[3])
changed = {f for f in new if new[f] != old.get(f)}
rewritten = set(summary["rewritten"])
assert summary["documents_kept"] == 105 and len(rewritten) == 14, summary
assert changed <= rewritten and len(changed) == 5, (changed, rewritten)
PY
mkdir -p "$TMP/tpl" && cp -r templates/* "$TMP/tpl/"
sed -i 's/联系人：{programme.contact}/联系人：{programme.contact}同志/' "$TMP/tpl/shanxi-coop/notice.xml"
rm -rf "$TMP/inc"
"$BIN" run "$SAMPLE" --out "$TMP/inc" --quiet
"$BIN" run "$SAMPLE" --out "$TMP/inc" --incremental --templates "$TMP/tpl" 2>"$TMP/inc3.err"
grep -q '119 documents (27 unchanged, kept; 92 rewritten: notices/SXHZ2024-001.pdf, .* and 72 more (--log json lists every one))' "$TMP/inc3.err" \
	&& ok "incremental: a reworded notice template rewrites the 92 notices only (20 named, the rest counted)" || bad "incremental template" "$(tail -1 "$TMP/inc3.err")"

# 17. File names from record ids: a hostile id never leaves notices/, and
# no two ids share a file, also where case does not count (an archive
# copied to a Windows or macOS share): an id in lower case, an id written
# as another id's hashed name, a name Windows reserves.
copy_sample names
evil_name=id-$(printf '%s' '../../evil' | sha256sum | cut -c1-32)
python3 - "$SAMPLE/applications.csv" "$TMP/names/applications.csv" "$evil_name" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
new = {"SXHZ2024-001": "../../evil", "SXHZ2024-002": "a/b", "SXHZ2024-003": "tab\there",
       "SXHZ2024-004": "sxhz2024-005", "SXHZ2024-006": sys.argv[3], "SXHZ2024-007": "CON"}
for r in rows[1:]:
    if r and r[0] in new: r[0] = new[r[0]]
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
if run names 0 run "$TMP/names" --out "$TMP/out-names/o" --quiet $ACCEPT; then
	want=$(ls "$TMP/out1/notices" | wc -l)
	n=$(ls "$TMP/out-names/o/notices" | grep -c '^id-[0-9a-f]\{32\}\.pdf$')
	all=$(ls "$TMP/out-names/o/notices" | wc -l)
	folded=$(ls "$TMP/out-names/o/notices" | tr 'A-Z' 'a-z' | sort -u | wc -l)
	[ "$n" -eq 6 ] && [ "$all" -eq "$want" ] && [ "$folded" -eq "$want" ] && [ -e "$TMP/out-names/o/notices/SXHZ2024-005.pdf" ] \
		&& [ -e "$TMP/out-names/o/notices/$evil_name.pdf" ] \
		&& [ ! -e "$TMP/out-names/evil.pdf" ] && [ ! -e "$TMP/evil.pdf" ] && [ -z "$(find "$TMP/out-names" -name 'b.pdf')" ] \
		&& ok "file names: $want notices in $want files, distinct case folded; ids with .., /, a tab, lower case, another's hashed name and CON become id-<sha256>.pdf" \
		|| bad "file names" "$n hashed, $all files of $want, $folded distinct: $(ls "$TMP/out-names/o/notices" | head -8)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
