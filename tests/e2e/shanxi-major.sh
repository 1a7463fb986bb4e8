#!/bin/sh
# shanxi-major end to end: the sample round against the reviewed expected
# decisions, recoveries and integrity records (computed independently by
# scripts/gen_sample_shanxi_major.py), its documents, and round-level procedure.
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
SAMPLE=samples/shanxi-major-2024
EXPECTED=tests/e2e/expected/shanxi-major-2024
BROKEN=tests/e2e/batches/shanxi-major-2024-broken
TMP=$(mktemp -d /tmp/grantdoc-sxm.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. tests/e2e/lib.sh
# Rejected rows block drawing (V2-G3): the broken copy is run with
# --accept-rejects; the sample is clean and runs without it.
ACCEPT=--accept-rejects

"$BIN" run "$SAMPLE" --out "$TMP/out" -j 2 2>"$TMP/run.err"
rc=$?
[ "$rc" -eq 0 ] && ok "sample: exit 0" || bad "sample: exit $rc" "$(cat "$TMP/run.err")"
for f in decisions.csv recoveries.csv referrals.csv bans.csv; do
	cmp -s "$TMP/out/$f" "$EXPECTED/$f" && ok "sample: $f equals the expected file" \
		|| bad "sample: $f differs" "$(diff "$TMP/out/$f" "$EXPECTED/$f" | head -6)"
done
[ "$(wc -l <"$TMP/out/rejects.csv")" -eq 1 ] && [ "$(wc -l <"$TMP/out/bans.csv")" -eq 1 ] \
	&& ok "sample: clean (no rejects); no bans, referrals instead (V2-M4)" || bad "sample: rejects or bans" "$(cat "$TMP/out/rejects.csv" "$TMP/out/bans.csv")"
grep -q 'objections.csv:4: objection to JB2024-008 received 2024-12-09 ignored: outside the publicity period' "$TMP/run.err" \
	&& grep -q 'objections.csv:5: objection to JB2024-002 received 2024-12-03 ignored: the application is not on the publicity list' "$TMP/run.err" \
	&& ok "objections: the day after the period and a bid not on the list are warned about (V2-G5)" || bad "objection warnings" "$(cat "$TMP/run.err")"
# The broken copy: its rows go to rejects.csv; without them it decides as the sample.
"$BIN" run "$BROKEN" --out "$TMP/broken" --quiet $ACCEPT
R="$TMP/broken/rejects.csv"
grep -q '^applications.csv,39,task_id,BD2099-99,no task with this id in tasks.csv,tasks.csv 中没有该编号的榜单$' "$R" \
	&& grep -q '^applications.csv,40,leader_id,1.40105E+17,scientific notation: a spreadsheet stored the ID number as a number' "$R" \
	&& grep -q '^acceptance.csv,24,forced,是,a forced termination (强制终止) of a project not marked terminated (终止),' "$R" \
	&& grep -q '^acceptance.csv,25,approved,2024-10-01,approved (2024-10-01) after the end of the execution period (2024-09-30),立项日期（2024-10-01）晚于执行期结束日期（2024-09-30）$' "$R" \
	&& [ "$(wc -l <"$R")" -eq 5 ] \
	&& ok "rejects: a bid on an unknown task, an ID in scientific notation, a forced termination not terminated, approved after the end" || bad "rejects" "$(cat "$R")"
for f in decisions.csv recoveries.csv referrals.csv; do
	cmp -s "$TMP/broken/$f" "$EXPECTED/$f" || bad "broken batch: $f differs from the sample's"
done && ok "broken batch: the rejected rows absent, every outcome the sample's"
# A bid on a task that was itself rejected says so, with the task's line;
# every other bid is decided as in the sample.
cp -r "$SAMPLE" "$TMP/rejected-task"
printf 'BD2099-77,某榜单,XYZ,某需求方,91140100MA00000016,,1000000,500000,\n' >>"$TMP/rejected-task/tasks.csv"
sed -n 2p "$SAMPLE/applications.csv" | sed 's/^[^,]*,[^,]*,/JB2099-77,BD2099-77,/' >>"$TMP/rejected-task/applications.csv"
tline=$(wc -l <"$TMP/rejected-task/tasks.csv") bline=$(wc -l <"$TMP/rejected-task/applications.csv")
"$BIN" run --accept-rejects "$TMP/rejected-task" --out "$TMP/rejected-task-out" -q 2>"$TMP/rt.err"
grep -q "^tasks.csv,$tline,class,XYZ,unknown value," "$TMP/rejected-task-out/rejects.csv" \
	&& grep -q "^applications.csv,$bline,task_id,BD2099-77,the task with this id was rejected (tasks.csv line $tline)," \
		"$TMP/rejected-task-out/rejects.csv" \
	&& cmp -s "$TMP/rejected-task-out/decisions.csv" "$EXPECTED/decisions.csv" \
	&& ok "rejects: a bid on a rejected task names the task's reject; every other bid decided as before" \
	|| bad "bid on a rejected task" "$(cat "$TMP/rt.err"; tail -3 "$TMP/rejected-task-out/rejects.csv")"
"$BIN" run "$BROKEN" --out "$TMP/blocked" --quiet
rc=$?
[ "$rc" -eq 3 ] && [ ! -e "$TMP/blocked" ] && [ -s "$TMP/blocked.blocked/rejects.csv" ] \
	&& [ -z "$(find "$TMP/blocked.blocked" -name '*.pdf')" ] \
	&& ok "broken batch without --accept-rejects: exit 3, nothing drawn" || bad "blocked run: exit $rc" "$(ls "$TMP" | head)"
if python3 tests/e2e/documents_shanxi_major.py "$TMP/out" "$SAMPLE" >"$TMP/docs.log" 2>&1; then
	ok "documents: $(grep -c '^ok' "$TMP/docs.log") checks ($(sed -n 5p "$TMP/docs.log" | cut -c6-); $(sed -n 4p "$TMP/docs.log" | cut -c6-))"
else
	bad "documents" "$(grep FAIL -A1 "$TMP/docs.log" | head -10)"
fi
"$BIN" run "$SAMPLE" --out "$TMP/j1" -j 1 --quiet
same_files "$TMP/out" "$TMP/j1" && ok "-j 1 and -j 2 write the same bytes" || bad "-j differs"

# Round-level procedure: a posting window of 49 days (P03), a publicity of 4 working days (P04).
cp -r "$SAMPLE" "$TMP/p03"
sed -i 's/<posting date="2024-09-01"\/>/<posting date="2024-09-02"\/>/' "$TMP/p03/programme.xml"
"$BIN" run "$TMP/p03" --out "$TMP/p03-out" --quiet
n=$(grep -c ',程序不合规,' "$TMP/p03-out/decisions.csv")
grep -q '^JB2024-001,shanxi-major,ENT,程序不合规,,,8000000,0,0,,SXM-P03$' "$TMP/p03-out/decisions.csv" && [ "$n" -eq 28 ] \
	&& ok "P03: a 49-day posting window makes every eligible bid 程序不合规 ($n)" || bad "P03" "$n irregular"
cp -r "$SAMPLE" "$TMP/p04"
sed -i 's/working-days="5"/working-days="4"/' "$TMP/p04/programme.xml"
"$BIN" run "$TMP/p04" --out "$TMP/p04-out" --quiet
grep -q '^JB2024-001,shanxi-major,ENT,程序不合规,88.00,1,8000000,0,0,,SXM-P04$' "$TMP/p04-out/decisions.csv" \
	&& ! grep -q ',立项,' "$TMP/p04-out/decisions.csv" \
	&& ok "P04: a 4-working-day publicity makes each winner 程序不合规" || bad "P04" "$(head -3 "$TMP/p04-out/decisions.csv")"
# P04 keeps the review: its notice publicises the list again, it does not
# void the review; a panel defect (P03) does.
p04=$(pdftotext "$TMP/p04-out/notices/JB2024-001.pdf" - | tr -d ' \n')
p03=$(pdftotext "$TMP/p03-out/notices/JB2024-001.pdf" - | tr -d ' \n')
case "$p04" in *拟中榜名单重新公示的通知*评审结果有效*拟中榜名单将重新公示，公示期不少于5个工作日*) p04ok=1 ;; *) p04ok= ;; esac
case "$p04" in *重新组织*|*不予采用*) p04ok= ;; esac
case "$p03" in *揭榜评审程序重新组织的通知*评审结果不予采用，待重新组织后另行通知*) p03ok=1 ;; *) p03ok= ;; esac
[ -n "$p04ok" ] && [ -n "$p03ok" ] \
	&& ok "P04 notice: the list is publicised again for at least 5 working days, the review stands; P03 notice: the review is voided" \
	|| bad "P04/P03 notices" "$(echo "$p04" | cut -c1-200)"
# 第十七条: a PUB task has no 双上限; its 一事一议 goes above the average.
cp -r "$SAMPLE" "$TMP/pubx"
sed -i 's/^\(BD2024-07,.*,7000000,\)$/\1是/' "$TMP/pubx/tasks.csv"
"$BIN" run "$TMP/pubx" --out "$TMP/pubx-out" --quiet
pubx=$(pdftotext "$TMP/pubx-out/notices/JB2024-015.pdf" - | tr -d ' \n')
grep -q '^JB2024-015,shanxi-major,PUB,立项,83.00,1,7000000,7000000,0,,SXM-F02$' "$TMP/pubx-out/decisions.csv" \
	&& case "$pubx" in *经“一事一议”审定，资助额度按申请额度700万元，超出本批次平均支持额度500万元*) true ;; *) false ;; esac \
	&& case "$pubx" in *双上限*|*报省人民政府*) false ;; *) true ;; esac \
	&& ok "一事一议 on a PUB task: above the average, no 双上限 and no 报省人民政府审定 (第十七条)" \
	|| bad "PUB 一事一议" "$(grep JB2024-015 "$TMP/pubx-out/decisions.csv") $(echo "$pubx" | cut -c1-300)"
# V2-M4: <recovery days="30"/> puts a deadline in every recovery notice.
cp -r "$SAMPLE" "$TMP/days"
sed -i 's|<effective date="2024-06-30"/>|<effective date="2024-06-30"/><recovery days="30"/>|' "$TMP/days/programme.xml"
"$BIN" run "$TMP/days" --out "$TMP/days-out" --quiet
if python3 tests/e2e/documents_shanxi_major.py "$TMP/days-out" "$TMP/days" 30 >"$TMP/days.log" 2>&1; then
	ok "recovery days=30: every recovery notice says 收到本通知之日起30日内"
else bad "recovery days" "$(grep FAIL -A1 "$TMP/days.log" | head -6)"; fi
# <effective> moved a day later: the project approved on 2024-06-30, and the
# one without an approved date whose execution ended on 2024-06-30, are decided
# under the former rules.
cp -r "$SAMPLE" "$TMP/eff"
sed -i 's|<effective date="2024-06-30"/>|<effective date="2024-07-01"/>|' "$TMP/eff/programme.xml"
"$BIN" run "$TMP/eff" --out "$TMP/eff-out" --quiet
grep -q '^ZD2021-16,按原规定办理,3000000,2500000,0,SXM-X01$' "$TMP/eff-out/recoveries.csv" && ! grep -q '^ZD2021-16,' "$TMP/eff-out/referrals.csv" \
	&& grep -q '^ZD2021-22,按原规定办理,2000000,1500000,0,SXM-X01$' "$TMP/eff-out/recoveries.csv" && ! grep -q '^ZD2021-22,' "$TMP/eff-out/referrals.csv" \
	&& ok "effective 2024-07-01: approved 2024-06-30, or undated and ended 2024-06-30, follows the former rules, nothing recovered, no referral" \
	|| bad "effective" "$(grep 'ZD2021-16\|ZD2021-22' "$TMP/eff-out/recoveries.csv")"
# 第五十条 says 2024年6月30日: a date the batch moved is the batch's, not the article's.
eff=$(pdftotext "$TMP/eff-out/acceptance/ZD2021-16.pdf" - | tr -d ' \n')
case "$eff" in *在本批次规定的施行日（2024年7月1日）以前（《山西省科技重大项目实施细则（试行）》第五十条规定本细则自2024年6月30日起施行）*) effok=1 ;; *) effok= ;; esac
case "$eff" in *2024年7月1日，第五十条*) effok= ;; esac
# ZD2021-22 has no approved date: its execution ended before the batch's date.
eff=$(pdftotext "$TMP/eff-out/acceptance/ZD2021-22.pdf" - | tr -d ' \n')
case "$eff" in *执行期在本批次规定的施行日（2024年7月1日）以前即已结束，立项在此之前（《山西省科技重大项目实施细则（试行）》第五十条规定本细则自2024年6月30日起施行）*) ;; *) effok= ;; esac
case "$eff" in *2024年7月1日，第五十条*|*于立项*) effok= ;; esac
[ -n "$effok" ] && ok "effective moved: the notices (approved, and undated) call 2024-07-01 the batch's, 第五十条's 2024-06-30 beside it" \
	|| bad "effective wording" "$(echo "$eff" | grep -o '施行.\{0,60\}' | head -2)"
finish
