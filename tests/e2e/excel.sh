#!/bin/sh
# End-to-end tests of the outputs for Excel and WPS (issue 17, items 3 to
# 5): the byte-order mark on every CSV (--no-bom, --bom), disbursement.xlsx
# and index.xlsx read back with openpyxl against the CSV files and the
# PDFs (workbook.py), bank accounts kept digit for digit, workbooks the
# same bytes run after run, and --only.
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
# openpyxl is Debian's (scripts/deps.sh check), for Debian's python3.
PY=/usr/bin/python3
TMP=$(mktemp -d /tmp/grantdoc-excel.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. tests/e2e/lib.sh
$PY -c 'import openpyxl' 2>/dev/null || { bad "python3-openpyxl missing (scripts/deps.sh check)"; finish; exit 1; }

bom() { [ "$(head -c 3 "$1" | od -An -tx1 | tr -d ' ')" = "efbbbf" ]; }

# 1. Every sample: every CSV it writes starts with the byte-order mark
#    (Excel and WPS on a Chinese Windows read UTF-8 only with it), and its
#    workbooks read back equal to its CSV files, PDFs and files.
for s in samples/*; do
	name=$(basename "$s")
	if ! "$BIN" run "$s" --out "$TMP/$name" --quiet 2>"$TMP/$name.err"; then
		bad "$name: run failed" "$(cat "$TMP/$name.err")"
		continue
	fi
	n=0 without=""
	for f in $(find "$TMP/$name" -name '*.csv' | sort); do
		n=$((n + 1))
		bom "$f" || without="$without ${f#"$TMP/$name/"}"
	done
	[ -z "$without" ] && [ "$n" -ge 9 ] && ok "$name: all $n CSV files start with the UTF-8 byte-order mark" \
		|| bad "$name: CSV files without the byte-order mark:$without"
	if $PY tests/e2e/workbook.py "$TMP/$name" >"$TMP/$name.wb" 2>&1; then
		ok "$name: disbursement.xlsx = disbursement.csv = disbursement.pdf to the fen; index.csv = decisions.csv = the files; index.xlsx = index.csv ($(grep -c '^ok' "$TMP/$name.wb") checks)"
	else
		bad "$name: workbooks" "$(grep -A1 FAIL "$TMP/$name.wb" | head -8)"
	fi
done

# 2. --no-bom: the same files, plain UTF-8; --bom (the default) changes nothing.
S=samples/shanxi-major-2024
"$BIN" run "$S" --out "$TMP/plain" --quiet --no-bom && "$BIN" run "$S" --out "$TMP/bom" --quiet --bom
differ=""
for f in $(cd "$TMP/shanxi-major-2024" && find . -name '*.csv'); do
	bom "$TMP/plain/$f" && differ="$differ $f"
	tail -c +4 "$TMP/shanxi-major-2024/$f" | cmp -s - "$TMP/plain/$f" || differ="$differ $f"
done
[ -z "$differ" ] && ok "--no-bom: every CSV the same bytes without the mark" || bad "--no-bom:$differ"
same_files "$TMP/bom" "$TMP/shanxi-major-2024" && ok "--bom: a no-op, the default's bytes" || bad "--bom differs"
# merge writes its own tables in the shards' form.
for form in "" --no-bom; do
	for k in 0 1; do "$BIN" run "$S" --out "$TMP/sh$k$form" --shard "$k/2" --quiet $form; done
	"$BIN" merge --out "$TMP/merged$form" "$TMP/sh0$form" "$TMP/sh1$form" --quiet
done
same_files "$TMP/merged" "$TMP/shanxi-major-2024" && same_files "$TMP/merged--no-bom" "$TMP/plain" \
	&& ok "merge: shards with and without the mark merge equal to the full runs" || bad "merge and the byte-order mark"

# 3. Bank accounts from optional columns under the headers real exports
#    use (开户行, 银行帐号): kept digit for digit, as text; the budget
#    subject from programme.xml; a missing column leaves cells empty.
mkdir -p "$TMP/bank"
cp -r samples/shanxi-coop-2024/. "$TMP/bank/"
sed -i 's|</programme>|  <budget-subject>2060801 国际交流与合作</budget-subject>\n</programme>|' "$TMP/bank/programme.xml"
$PY - "$TMP/bank" "$TMP/accounts.json" <<'PY'
import csv, json, sys
batch, want = sys.argv[1], sys.argv[2]
path = batch + "/applications.csv"
rows = list(csv.reader(open(path, encoding="utf-8-sig", newline="")))
rows[0] += ["开户行", "银行帐号"]
accounts = {}
for i, r in enumerate(rows[1:]):
    if not r:  # the sample's blank line stays blank
        continue
    digits = "6222%015d" % (1000 + i) if i % 3 else "%016d" % (7 + i)   # 19 and 16 digits
    shown = " ".join(digits[k:k + 4] for k in range(0, len(digits), 4)) if i % 5 == 0 else digits
    r += ["中国工商银行太原分行", shown]
    accounts[r[0]] = digits
csv.writer(open(path, "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
json.dump(accounts, open(want, "w"))
PY
if "$BIN" run "$TMP/bank" --out "$TMP/bank-out" --quiet 2>"$TMP/bank.err"; then
	$PY tests/e2e/workbook.py "$TMP/bank-out" "$TMP/accounts.json" >"$TMP/bank.wb" 2>&1 \
		&& ok "bank columns: every 19- and 16-digit account (some typed in groups of four) is a text cell, digit for digit" \
		|| bad "bank columns" "$(grep -A1 FAIL "$TMP/bank.wb" | head -6)"
	$PY - "$TMP/bank-out/disbursement.xlsx" "$TMP/shanxi-coop-2024/disbursement.xlsx" <<'PY' \
		&& ok "bank columns: 开户银行, 拨付依据 (the call's 发文字号) and 预算科目 on every payment; empty when not given" \
		|| bad "bank, basis and subject columns"
import sys, openpyxl
def payments(path):
    ws = openpyxl.load_workbook(path)["资金拨付表"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    return [r for r in rows if isinstance(r[0], int)]
given, plain = payments(sys.argv[1]), payments(sys.argv[2])
assert given and all(r[2] == "中国工商银行太原分行" and r[6] == "晋科合〔2024〕15号" and r[7] == "2060801 国际交流与合作"
                     for r in given), given[:2]
assert plain and all(r[2] is None and r[3] is None and r[7] is None and r[6] == "晋科合〔2024〕15号" for r in plain), plain[:2]
PY
	cmp -s "$TMP/bank-out/decisions.csv" "$TMP/shanxi-coop-2024/decisions.csv" \
		&& ok "bank columns: the decisions are the sample's" || bad "bank columns changed decisions"
else
	bad "bank columns: run failed" "$(cat "$TMP/bank.err")"
fi
# An account a spreadsheet turned into a number is a reject, not 6222020000000000000.
sed -i '2s/,6222[0-9 ]*$/,6.22202E+18/; 2s/,0000 0000 0000 0007$/,6.22202E+18/' "$TMP/bank/applications.csv"
"$BIN" run "$TMP/bank" --out "$TMP/bank-sci" --quiet 2>/dev/null
rc=$?
[ "$rc" -eq 3 ] && grep -q '^applications.csv,2,bank_account,6.22202E+18,scientific notation: a spreadsheet stored the account number as a number and lost its last digits; format the column as text and export it again,科学计数法：电子表格把银行账号存成了数字' "$TMP/bank-sci.blocked/rejects.csv" \
	&& ok "bank columns: an account in scientific notation is a reject with its Chinese message (the run blocked)" \
	|| bad "account in scientific notation: exit $rc" "$(cat "$TMP/bank-sci.blocked/rejects.csv" 2>&1 | head -3)"

# 4. The workbooks are dated from the batch: the same bytes a second later.
sleep 1
"$BIN" run samples/zhejiang-base-2024 --out "$TMP/again" --quiet
cmp -s "$TMP/again/disbursement.xlsx" "$TMP/zhejiang-base-2024/disbursement.xlsx" \
	&& cmp -s "$TMP/again/index.xlsx" "$TMP/zhejiang-base-2024/index.xlsx" \
	&& ok "workbooks: the same batch a second later gives the same bytes" || bad "workbooks differ between runs"

# 5. --only: decides the whole batch, draws the named records' documents,
#    keeps every other one; the directory is a full run's.
Z=samples/zhejiang-base-2024
FULL="$TMP/zhejiang-base-2024"
"$BIN" run "$Z" --out "$TMP/only-first" --only ZJJDPJ-023 2>"$TMP/only0.err"
rc=$?
[ "$rc" -eq 64 ] && grep -q "holds no complete run" "$TMP/only0.err" && [ ! -e "$TMP/only-first" ] \
	&& ok "--only without a previous run: exit 64, nothing written" || bad "--only first run: exit $rc" "$(cat "$TMP/only0.err")"
cp -a "$FULL" "$TMP/only"
"$BIN" run "$Z" --out "$TMP/only" --only ZJJDPJ-023,NO-SUCH,ZJJDPJ-999 2>"$TMP/only1.err"
rc=$?
[ "$rc" -eq 64 ] && grep -q "\-\-only: no record 'NO-SUCH', 'ZJJDPJ-999' in" "$TMP/only1.err" && same_files "$TMP/only" "$FULL" \
	&& ok "--only with unknown ids: exit 64 naming them, the output untouched" || bad "--only unknown: exit $rc" "$(cat "$TMP/only1.err")"
"$BIN" run "$Z" --out "$TMP/only" --only ZJJDPJ-023 --incremental 2>"$TMP/only2.err"
[ $? -eq 64 ] && grep -q "does not go with --incremental" "$TMP/only2.err" && ok "--only with --incremental: a usage error" \
	|| bad "--only --incremental" "$(head -2 "$TMP/only2.err")"
"$BIN" run "$Z" --out "$TMP/only" --only ZJJDPJ-023 --only ZJJDRZ-008 --log json 2>"$TMP/only3.err"
rc=$?
$PY -c '
import json, sys
s = [json.loads(l) for l in open(sys.argv[1]) if "\"summary\"" in l][0]
assert s["rewritten"] == ["notices/ZJJDRZ-008.pdf", "notices/ZJJDPJ-023.pdf"] and s["documents_kept"] == s["documents"] - 2, s' "$TMP/only3.err" \
	&& [ "$rc" -eq 0 ] && same_files "$TMP/only" "$FULL" \
	&& ok "--only A --only B: two notices drawn (listed in the summary), the rest kept; the directory equals a full run's" \
	|| bad "--only: exit $rc" "$(tail -2 "$TMP/only3.err")"
# Another record decided otherwise: its documents cannot be kept.
mkdir -p "$TMP/zb" && cp -r "$Z/." "$TMP/zb/"
sed -i '/^ZJJDPJ-023,/s/绍兴国际技术转移中心/绍兴市国际技术转移中心/' "$TMP/zb/applications.csv"
"$BIN" run "$TMP/zb" --out "$TMP/zb-full" --quiet
"$BIN" run "$TMP/zb" --out "$TMP/only" --only ZJJDRZ-008 2>"$TMP/only4.err"
rc=$?
[ "$rc" -eq 64 ] && grep -q "3 documents of records not named cannot be kept as the previous run wrote them (notices/ZJJDPJ-023.pdf, publicity.pdf, disbursement.pdf)" "$TMP/only4.err" \
	&& same_files "$TMP/only" "$FULL" \
	&& ok "--only: documents of records not named that the batch now decides otherwise stop the run (exit 64, each named), the output untouched" \
	|| bad "--only stale: exit $rc" "$(cat "$TMP/only4.err")"
"$BIN" run "$TMP/zb" --out "$TMP/only" --only ZJJDPJ-023,publicity,disbursement --quiet && same_files "$TMP/only" "$TMP/zb-full" \
	&& ok "--only naming them: the directory equals a full run of the changed batch" || bad "--only naming the changed documents"
# A document that drew a fallback face keeps its rows of document-warnings.csv.
cp -a "$TMP/shanxi-coop-2024" "$TMP/only-coop"
warned=$(sed -n 2p "$TMP/only-coop/document-warnings.csv" | cut -d, -f1)
"$BIN" run samples/shanxi-coop-2024 --out "$TMP/only-coop" --only SXHZ2024-001 --quiet \
	&& same_files "$TMP/only-coop" "$TMP/shanxi-coop-2024" \
	&& "$BIN" run samples/shanxi-coop-2024 --out "$TMP/only-coop" --only "$warned" --quiet \
	&& same_files "$TMP/only-coop" "$TMP/shanxi-coop-2024" \
	&& ok "--only: the documents kept keep their document-warnings.csv rows; a warned record redrawn lists its own" \
	|| bad "--only and document-warnings.csv" "$(diff "$TMP/a.sum" "$TMP/b.sum" | head -4)"

finish
