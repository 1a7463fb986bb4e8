#!/bin/sh
# zhejiang-base end to end: the sample batch (clean) against the reviewed
# expected decisions and bans (computed independently by
# scripts/gen_sample_zhejiang_base.py), its documents, the batch operations
# (-j, shards, incremental) on it, and the broken copy (the sample with
# unreadable rows appended, tests/e2e/batches/) against its rejects.
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
SAMPLE=samples/zhejiang-base-2024
EXPECTED=tests/e2e/expected/zhejiang-base-2024
BROKEN=tests/e2e/batches/zhejiang-base-2024-broken
TMP=$(mktemp -d /tmp/grantdoc-zjb.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. tests/e2e/lib.sh

"$BIN" run "$SAMPLE" --out "$TMP/out" -j 2 2>"$TMP/run.err"
rc=$?
[ "$rc" -eq 0 ] && ok "sample: exit 0" || bad "sample: exit $rc" "$(cat "$TMP/run.err")"
for f in decisions.csv bans.csv; do
	cmp -s "$TMP/out/$f" "$EXPECTED/$f" && ok "sample: $f equals the expected file" \
		|| bad "sample: $f differs" "$(diff "$TMP/out/$f" "$EXPECTED/$f" | head -6)"
done
grep -q '认定 10 不予认定 19 优秀 4 合格 8 不合格 4 撤销资格 11 退出 3; 61 documents; 0 rows in rejects.csv' "$TMP/run.err" \
	&& ok "sample: the summary counts every status" || bad "summary" "$(cat "$TMP/run.err")"
[ "$(wc -l <"$TMP/out/rejects.csv")" -eq 1 ] && ok "sample: clean, rejects.csv holds its header only" \
	|| bad "sample rejects" "$(cat "$TMP/out/rejects.csv")"
[ "$(tail -n +2 "$TMP/out/decisions.csv" | wc -l)" -eq 59 ] && [ "$(ls "$TMP/out/notices" | wc -l)" -eq 59 ] \
	&& ok "every base has one decision and one notice" || bad "decision and notice counts"
msg=$(python3 tests/e2e/banprint.py "$TMP/out") && ok "bans (V2-G1): $msg" || bad "bans printed" "$msg"
# 第八条's 原则上 / 一般 are applied as required conditions: the sentence says
# both; 第十条's conditions are an enterprise's.
R="$TMP/out/reasons.csv"
[ "$(grep -c ',ZJB-E02,.*少于3个' "$R")" -gt 0 ] && [ "$(grep -c ',ZJB-E02,.*省级及以上科技计划项目' "$R")" -gt 0 ] \
	&& ! grep ',ZJB-E02,.*少于3个' "$R" | grep -qv '第八条（二）规定一般应与3个（含）以上的海外机构签有科技合作协议，本批次按必备条件审查' \
	&& ! grep ',ZJB-E02,.*省级及以上科技计划项目' "$R" | grep -qv '第八条（一）规定依托高校、科研机构的原则上应承担过，本批次按必备条件审查' \
	&& grep -q '^ZJJDRZ-059,ZJB-E04,依托单位为高校，特色发展类国合基地的两项条件均为企业的条件.*依托单位应为企业（第十条）$' "$R" \
	&& ok "reasons: 第八条's 原则上/一般 said as such, the batch's requirement beside it; a 高校 host refused for 特色发展类 (第十条)" \
	|| bad "reasons: E02/E04 wording" "$(grep ',ZJB-E0[24],' "$R" | head -4)"
if python3 tests/e2e/documents_zhejiang_base.py "$TMP/out" "$SAMPLE" >"$TMP/docs.log" 2>&1; then
	ok "documents: $(grep -c '^ok' "$TMP/docs.log") checks ($(head -1 "$TMP/docs.log" | cut -c6-))"
else
	bad "documents" "$(grep FAIL -A1 "$TMP/docs.log" | head -10)"
fi
grep -q '"programme": "zhejiang-base"' "$TMP/out/manifest.json" && grep -q '"grand_total": 800000' "$TMP/out/manifest.json" \
	&& grep -q '"撤销资格": 11' "$TMP/out/manifest.json" && ok "manifest: programme, reward total, status counts" \
	|| bad "manifest" "$(head -30 "$TMP/out/manifest.json")"

# Same bytes for any -j, and from shards merged; nothing redrawn when nothing changed.
"$BIN" run "$SAMPLE" --out "$TMP/j1" -j 1 --quiet
same_files "$TMP/out" "$TMP/j1" && ok "-j 1 and -j 2 write the same bytes" || bad "-j differs" "$(diff "$TMP/a.sum" "$TMP/b.sum" | head -4)"
for k in 0 1; do "$BIN" run "$SAMPLE" --out "$TMP/s$k" --shard "$k/2" --quiet; done
"$BIN" merge --out "$TMP/merged" "$TMP/s0" "$TMP/s1" --quiet && same_files "$TMP/merged" "$TMP/out" \
	&& ok "two shards merged equal a full run by hash" || bad "shards" "$(diff "$TMP/a.sum" "$TMP/b.sum" | head -4)"
"$BIN" run "$SAMPLE" --out "$TMP/out" --incremental 2>"$TMP/inc.err"
grep -q '61 documents (61 unchanged, kept)' "$TMP/inc.err" && same_files "$TMP/out" "$TMP/j1" \
	&& ok "incremental: nothing changed, nothing redrawn" || bad "incremental" "$(cat "$TMP/inc.err")"

# The broken copy: the sample with three unreadable rows appended. Each is
# in rejects.csv with its line, field, value and reason, and gets no
# decision; with them treated as absent every other row is decided as the
# sample.
broken_copy "$BROKEN" "$EXPECTED-broken/rejects.csv" 3 '3 rows in rejects.csv (applications.csv 3)'
cmp -s "$TMP/broken-out/decisions.csv" "$EXPECTED/decisions.csv" \
	&& ok "broken batch: the readable rows decided as in the clean sample, the unreadable ones not at all" \
	|| bad "broken decisions" "$(diff "$TMP/broken-out/decisions.csv" "$EXPECTED/decisions.csv" | head -6)"

# Without <review-body> a revocation still ends with the notice of rights.
cp -r "$SAMPLE" "$TMP/nobody" && sed -i '/<review-body>/d' "$TMP/nobody/programme.xml"
"$BIN" run "$TMP/nobody" --out "$TMP/nobody-out" --quiet
pdftotext "$TMP/nobody-out/notices/ZJJDPJ-055.pdf" - | tr -d '\n' | grep -q '六十日内依法申请行政复议.*第四十六条' \
	&& ok "without <review-body>, a revocation names no review body but still the rights" \
	|| bad "no review body" "$(pdftotext "$TMP/nobody-out/notices/ZJJDPJ-055.pdf" - | tail -12)"

# Without history.csv nothing is "twice in a row": the R01 bases fall back to 不合格.
cp -r "$SAMPLE" "$TMP/nohist" && rm "$TMP/nohist/history.csv"
"$BIN" run "$TMP/nohist" --out "$TMP/nohist-out" --quiet
grep -q '^ZJJDPJ-030,zhejiang-base,JRD,不合格,55.00,,0,0,0,,ZJB-G01$' "$TMP/nohist-out/decisions.csv" \
	&& ok "history.csv is optional; without it a 不合格 is a first one" || bad "no history" "$(grep 030 "$TMP/nohist-out/decisions.csv")"

# A history row for the evaluated year, or for a base not in the batch, is refused with its line.
cp -r "$SAMPLE" "$TMP/badhist"
printf 'ZJJDPJ-023,2024,优秀\nZJJDPJ-999,2022,合格\nZJJDPJ-023,2022,良好\n' >>"$TMP/badhist/history.csv"
"$BIN" run --accept-rejects "$TMP/badhist" --out "$TMP/badhist-out" --quiet
grep -q '^history.csv,16,year,2024,not an earlier year than the one evaluated (2024),不早于本次评价年度（2024）$' "$TMP/badhist-out/rejects.csv" \
	&& grep -q '^history.csv,17,id,ZJJDPJ-999,no base with this id in applications.csv,applications.csv 中没有该编号的基地$' "$TMP/badhist-out/rejects.csv" \
	&& grep -q '^history.csv,18,grade,良好,unknown value,不是可识别的取值$' "$TMP/badhist-out/rejects.csv" \
	&& ok "history rows that cannot be used go to rejects.csv with their line" || bad "bad history" "$(cat "$TMP/badhist-out/rejects.csv")"

# The programme file: parameters of another kind and a missing decision date are refused.
cp -r "$SAMPLE" "$TMP/badprog"
sed -i 's|<decided>2025-04-15</decided>|<budget>100万</budget>|' "$TMP/badprog/programme.xml"
"$BIN" run "$TMP/badprog" --out "$TMP/badprog-out" 2>"$TMP/badprog.err"
rc=$?
[ "$rc" -eq 65 ] && grep -q 'programme.xml:14: <budget>: not a parameter of a zhejiang-base programme' "$TMP/badprog.err" \
	&& ok "programme.xml: a shanxi-coop parameter in a zhejiang-base file is refused (exit 65, line)" \
	|| bad "bad programme: exit $rc" "$(cat "$TMP/badprog.err")"

# Awards outside a budget (the reward for 优秀) add up within 10^15 yuan, or
# the batch is refused: no total is summed past the range. At 10^15 / 4 the
# four 优秀 bases reach it exactly: the run succeeds and every capitals cell
# of the disbursement sheet is written (壹仟万亿元整 at the total).
cp -r "$SAMPLE" "$TMP/reward"
sed -i 's|<reward amount="200000"/>|<reward amount="250000000000000"/>|' "$TMP/reward/programme.xml"
"$BIN" run --accept-rejects "$TMP/reward" --out "$TMP/reward-out" -q 2>"$TMP/reward.err"
rc=$?
[ "$rc" -eq 0 ] && grep -q '"award_total": 1000000000000000' "$TMP/reward-out/manifest.json" \
	&& grep -q '^,合计,,,1000000000000000,壹仟万亿元整,$' "$TMP/reward-out/disbursement.csv" \
	&& [ -z "$(awk -F, 'NR > 1 && $6 == ""' "$TMP/reward-out/disbursement.csv")" ] \
	&& ok "awards up to 10^15 yuan in all: decided, every amount and total written in capitals" \
	|| bad "awards at 10^15: exit $rc" "$(cat "$TMP/reward.err"; tail -2 "$TMP/reward-out/disbursement.csv")"
sed -i 's|<reward amount="250000000000000"/>|<reward amount="250000000000001"/>|' "$TMP/reward/programme.xml"
"$BIN" run --accept-rejects "$TMP/reward" --out "$TMP/reward-out2" 2>"$TMP/reward2.err"
rc=$?
[ "$rc" -eq 65 ] && grep -q 'the awards of this batch add up to more than 10^15 yuan (at ZJJDPJ-' "$TMP/reward2.err" \
	&& [ ! -e "$TMP/reward-out2/decisions.csv" ] \
	&& ok "awards past 10^15 yuan in all: the batch is refused (exit 65), nothing written" \
	|| bad "awards past 10^15: exit $rc" "$(cat "$TMP/reward2.err")"

# batch.xml carries shanxi-coop batches only; another kind in it is refused, not run as shanxi-coop.
mkdir -p "$TMP/xml"
python3 scripts/csv_to_batch_xml.py samples/shanxi-coop-2024 "$TMP/xml/batch.xml" >/dev/null
python3 - "$TMP/xml/batch.xml" "$SAMPLE/programme.xml" <<'PY'
import re, sys
b = open(sys.argv[1], encoding="utf-8").read()
z = open(sys.argv[2], encoding="utf-8").read()
open(sys.argv[1], "w", encoding="utf-8").write(re.sub(r"<programme .*?</programme>", z[z.index("<programme"):].strip(), b, flags=re.S))
PY
"$BIN" run "$TMP/xml" --out "$TMP/xml-out" 2>"$TMP/xml.err"
[ $? -eq 65 ] && grep -q "batch.xml: carries shanxi-coop batches only; give a zhejiang-base batch as programme.xml" "$TMP/xml.err" \
	&& ok "a zhejiang-base programme inside batch.xml is refused (exit 65)" || bad "batch.xml kind" "$(cat "$TMP/xml.err")"
finish
