#!/bin/sh
# shenzhen-intl end to end: the sample batch (clean) against the reviewed
# expected decisions, contract outcomes and bans (computed independently by
# scripts/gen_sample_shenzhen_intl.py), its documents, the broken copy (the
# sample with unreadable rows appended, tests/e2e/batches/) against its
# rejects, and whole-batch refusals.
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
SAMPLE=samples/shenzhen-intl-2024
EXPECTED=tests/e2e/expected/shenzhen-intl-2024
BROKEN=tests/e2e/batches/shenzhen-intl-2024-broken
TMP=$(mktemp -d /tmp/grantdoc-szi.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. tests/e2e/lib.sh

"$BIN" run "$SAMPLE" --out "$TMP/out" -j 2 2>"$TMP/run.err"
rc=$?
[ "$rc" -eq 0 ] && ok "sample: exit 0" || bad "sample: exit $rc" "$(cat "$TMP/run.err")"
for f in decisions.csv contracts-out.csv bans.csv; do
	cmp -s "$TMP/out/$f" "$EXPECTED/$f" && ok "sample: $f equals the expected file" \
		|| bad "sample: $f differs" "$(diff "$TMP/out/$f" "$EXPECTED/$f" | head -6)"
done
[ "$(wc -l <"$TMP/out/rejects.csv")" -eq 1 ] && ok "sample: clean, rejects.csv holds its header only" \
	|| bad "sample rejects" "$(cat "$TMP/out/rejects.csv")"
# V2-G5: objections before the first and after the last day of the
# publicity, or to an application not on the list, are warnings.
[ "$(grep -c '^grantdoc: warning: objections.csv:[0-9]*: ' "$TMP/run.err")" -eq 3 ] \
	&& grep -q 'objections.csv:5: .*SZGJ2024-018.*2024-11-30' "$TMP/run.err" \
	&& grep -q 'objections.csv:6: .*SZGJ2024-023.*2024-11-19' "$TMP/run.err" \
	&& grep -q 'objections.csv:7: .*SZGJ2024-006.*2024-11-22' "$TMP/run.err" \
	&& ok "objections outside the publicity or to an unlisted application: one warning each, with its line" \
	|| bad "objection warnings" "$(grep objections "$TMP/run.err")"
msg=$(python3 tests/e2e/banprint.py "$TMP/out") && ok "bans (V2-G1): $msg" || bad "bans printed" "$msg"
if python3 tests/e2e/documents_shenzhen_intl.py "$TMP/out" "$SAMPLE" >"$TMP/docs.log" 2>&1; then
	ok "documents: $(grep -c '^ok' "$TMP/docs.log") checks ($(sed -n 2p "$TMP/docs.log" | cut -c6-))"
else
	bad "documents" "$(grep FAIL -A1 "$TMP/docs.log" | head -10)"
fi
"$BIN" run "$SAMPLE" --out "$TMP/j1" -j 1 --quiet
same_files "$TMP/out" "$TMP/j1" && ok "-j 1 and -j 2 write the same bytes" || bad "-j differs"

# The broken copy: the sample with unreadable rows appended to three files
# (a category, a date, an empty 'completed', an objection to no
# application). Each is in rejects.csv with its line, field, value and
# reason; with them treated as absent the rest is decided as the sample.
broken_copy "$BROKEN" "$EXPECTED-broken/rejects.csv" 4 \
	'4 rows in rejects.csv (applications.csv 2, contracts.csv 1, objections.csv 1)'
for f in decisions.csv contracts-out.csv bans.csv; do
	cmp -s "$TMP/broken-out/$f" "$EXPECTED/$f" && ok "broken batch: $f as in the clean sample (an empty 'completed' bans no one)" \
		|| bad "broken batch: $f differs" "$(diff "$TMP/broken-out/$f" "$EXPECTED/$f" | head -6)"
done

# The batch as a whole: a publicity under 10 days, contracts without a decision date.
cp -r "$SAMPLE" "$TMP/short"
sed -i 's/days="10"/days="9"/' "$TMP/short/programme.xml"
"$BIN" run "$TMP/short" --out "$TMP/x1" 2>"$TMP/short.err"
[ $? -eq 65 ] && grep -q "<publicity>: days='9': the publicity must last at least 10 days (第十二条)" "$TMP/short.err" \
	&& ok "programme.xml: a publicity under 10 days is refused (exit 65)" || bad "short publicity" "$(cat "$TMP/short.err")"
# 第十三、十五条 fix the contract deadline, the acceptance term and the ban:
# a batch cannot change them, so no notice cites the article for another.
cp -r "$SAMPLE" "$TMP/ban5"
sed -i 's|<decided>|<contracts days="30" ban-years="5"/><decided>|' "$TMP/ban5/programme.xml"
"$BIN" run "$TMP/ban5" --out "$TMP/x4" 2>"$TMP/ban5.err"
[ $? -eq 65 ] && grep -q "<contracts>: ban-years='5': 第十五条 bars for 3 years (3年内不得申报); a batch cannot change it" "$TMP/ban5.err" \
	&& [ ! -e "$TMP/x4" ] \
	&& ok "programme.xml: ban-years other than 第十五条's 3 is refused (exit 65)" || bad "ban-years=5" "$(cat "$TMP/ban5.err")"
# A category's cap and percent set by the call are the batch's: the notice
# says 本批次规定 with 第二条's numbers beside them.
cp -r "$SAMPLE" "$TMP/cap"
sed -i 's|<category code="ACT" cap="1000000" percent="50"/>|<category code="ACT" cap="800000" percent="40"/>|' "$TMP/cap/programme.xml"
"$BIN" run "$TMP/cap" --out "$TMP/x5" --quiet
n=0 wrong=0
for id in $(grep ',ACT,立项,' "$TMP/x5/decisions.csv" | cut -d, -f1); do
	t=$(pdftotext "$TMP/x5/notices/$id.pdf" - | tr -d ' \n')
	n=$((n + 1))
	case "$t" in *的40%计算（最高80万元，本批次规定；《深圳市国际科技合作项目资助管理办法》第二条规定不超过50%、最高100万元）*) ;; *) wrong=$((wrong + 1)) ;; esac
	case "$t" in *最高80万元，第二条*) wrong=$((wrong + 1)) ;; esac
done
[ "$n" -gt 0 ] && [ "$wrong" -eq 0 ] && ok "a cap and percent the batch changed: 本批次规定, 第二条's 50% and 100万元 beside them ($n ACT notices)" \
	|| bad "batch cap wording" "$n notices, $wrong wrong"
cp -r "$SAMPLE" "$TMP/nodate"
sed -i '/<decided>/d' "$TMP/nodate/programme.xml"
"$BIN" run "$TMP/nodate" --out "$TMP/x2" 2>"$TMP/nodate.err"
[ $? -eq 65 ] && grep -q "contracts.csv is given but <decided> is missing" "$TMP/nodate.err" \
	&& ok "contracts without a decision date refuse the batch (exit 65)" || bad "no decided" "$(cat "$TMP/nodate.err")"
rm "$TMP/nodate/contracts.csv"
"$BIN" run "$TMP/nodate" --out "$TMP/x3" --quiet
[ $? -eq 0 ] && grep -q '^SZGJ2024-002,shenzhen-intl,GOV,拟立项,' "$TMP/x3/decisions.csv" && grep -q '^SZGJ2024-001,shenzhen-intl,GOV,公示异议,' "$TMP/x3/decisions.csv" \
	&& ok "before the decision date, funded projects are 拟立项 (or 公示异议 when objected to)" || bad "拟立项" "$(head -3 "$TMP/x3/decisions.csv")"
finish
