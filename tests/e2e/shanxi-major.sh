#!/bin/sh
# shanxi-major end to end: the sample round against the reviewed expected
# decisions, recoveries and integrity records (computed independently by
# scripts/gen_sample_shanxi_major.py), its documents, and round-level procedure.
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
SAMPLE=samples/shanxi-major-2024
EXPECTED=tests/e2e/expected/shanxi-major-2024
TMP=$(mktemp -d /tmp/grantdoc-sxm.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. tests/e2e/lib.sh

"$BIN" run --accept-rejects "$SAMPLE" --out "$TMP/out" -j 2 2>"$TMP/run.err"
rc=$?
[ "$rc" -eq 0 ] && ok "sample: exit 0" || bad "sample: exit $rc" "$(cat "$TMP/run.err")"
for f in decisions.csv recoveries.csv bans.csv; do
	cmp -s "$TMP/out/$f" "$EXPECTED/$f" && ok "sample: $f equals the expected file" \
		|| bad "sample: $f differs" "$(diff "$TMP/out/$f" "$EXPECTED/$f" | head -6)"
done
grep -q '^applications.csv,34,task_id,BD2099-99,no task with this id in tasks.csv,tasks.csv 中没有该编号的榜单$' "$TMP/out/rejects.csv" \
	&& ok "rejects: a bid on an unknown task, with its line" || bad "rejects" "$(cat "$TMP/out/rejects.csv")"
if python3 tests/e2e/documents_shanxi_major.py "$TMP/out" "$SAMPLE" >"$TMP/docs.log" 2>&1; then
	ok "documents: $(grep -c '^ok' "$TMP/docs.log") checks ($(sed -n 5p "$TMP/docs.log" | cut -c6-))"
else
	bad "documents" "$(grep FAIL -A1 "$TMP/docs.log" | head -10)"
fi
"$BIN" run --accept-rejects "$SAMPLE" --out "$TMP/j1" -j 1 --quiet
same_files "$TMP/out" "$TMP/j1" && ok "-j 1 and -j 2 write the same bytes" || bad "-j differs"

# Round-level procedure: a posting window of 49 days (P03), a publicity of 4 working days (P04).
cp -r "$SAMPLE" "$TMP/p03"
sed -i 's/<posting date="2024-09-01"\/>/<posting date="2024-09-02"\/>/' "$TMP/p03/programme.xml"
"$BIN" run --accept-rejects "$TMP/p03" --out "$TMP/p03-out" --quiet
n=$(grep -c ',程序不合规,' "$TMP/p03-out/decisions.csv")
grep -q '^JB2024-001,shanxi-major,ENT,程序不合规,,,8000000,0,0,,SXM-P03$' "$TMP/p03-out/decisions.csv" && [ "$n" -eq 26 ] \
	&& ok "P03: a 49-day posting window makes every eligible bid 程序不合规 ($n)" || bad "P03" "$n irregular"
cp -r "$SAMPLE" "$TMP/p04"
sed -i 's/working-days="5"/working-days="4"/' "$TMP/p04/programme.xml"
"$BIN" run --accept-rejects "$TMP/p04" --out "$TMP/p04-out" --quiet
grep -q '^JB2024-001,shanxi-major,ENT,程序不合规,88.00,1,8000000,0,0,,SXM-P04$' "$TMP/p04-out/decisions.csv" \
	&& ! grep -q ',立项,' "$TMP/p04-out/decisions.csv" \
	&& ok "P04: a 4-working-day publicity makes each winner 程序不合规" || bad "P04" "$(head -3 "$TMP/p04-out/decisions.csv")"
finish
