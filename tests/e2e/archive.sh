#!/bin/bash
# The output directory is replaced whole or not at all (issue 14, item 4):
# after any failing run it holds exactly the previous complete run's files;
# after any successful run exactly what a fresh run into an empty directory
# writes; grantdoc never deletes a file it did not write and never follows
# its lock through a symbolic link.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
BIN=${GRANTDOC:-build/rel/grantdoc}
SAMPLE=samples/shanxi-coop-2024
TMP=$(mktemp -d /tmp/grantdoc-archive.XXXXXX)
cleanup() { mountpoint -q "$TMP/disk" 2>/dev/null && umount "$TMP/disk"; rm -rf "$TMP"; }
trap cleanup EXIT

# Every file's path and SHA-256: the directory as an archive sees it.
listing() { (cd "$1" && find . -mindepth 1 \( -type f -o -type l \) -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); }

cp -r "$SAMPLE" "$TMP/A"
cp -r "$SAMPLE" "$TMP/B"
gone=$(sed -n 3p "$TMP/B/applications.csv" | cut -d, -f1)
sed -i 3d "$TMP/B/applications.csv"
"$BIN" run --accept-rejects "$TMP/A" --out "$TMP/freshA" --quiet -j 1
"$BIN" run --accept-rejects "$TMP/B" --out "$TMP/freshB" --quiet -j 1
listing "$TMP/freshA" >"$TMP/A.list"
listing "$TMP/freshB" >"$TMP/B.list"
out="$TMP/out"

# 1. A run on other data replaces the set whole: no notice of the
#    application that is gone, and the directory equals a fresh run's.
"$BIN" run --accept-rejects "$TMP/A" --out "$out" --quiet
"$BIN" run --accept-rejects "$TMP/B" --out "$out" --quiet
if listing "$out" | cmp -s - "$TMP/B.list" && [ ! -e "$out/notices/$gone.pdf" ]; then
	ok "a rerun on corrected data: exactly a fresh run's files, the notice of $gone gone"
else
	bad "rerun left a mixed set" "$(listing "$out" | diff - "$TMP/B.list" | head -3)"
fi

# 2. The same with --incremental and -j 2 (unchanged documents reused).
"$BIN" run --accept-rejects "$TMP/A" --out "$out" --quiet
"$BIN" run --accept-rejects "$TMP/B" --out "$out" --quiet --incremental -j 2
listing "$out" | cmp -s - "$TMP/B.list" && ok "--incremental -j 2: exactly a fresh run's files" \
	|| bad "--incremental left a mixed set" "$(listing "$out" | diff - "$TMP/B.list" | head -3)"

# 3. A template with a misspelt field fails the run before anything is
#    replaced: exit 78, the template named, the previous set intact.
"$BIN" run --accept-rejects "$TMP/A" --out "$out" --quiet
cp -r templates "$TMP/tpl"
sed -i '0,/{app.title}/s//{app.titel}/' "$TMP/tpl/shanxi-coop/notice.xml"
"$BIN" run --accept-rejects "$TMP/B" --out "$out" --templates "$TMP/tpl" --quiet 2>"$TMP/tpl.err"
code=$?
if [ "$code" -eq 78 ] && grep -q 'app.titel' "$TMP/tpl.err" && listing "$out" | cmp -s - "$TMP/A.list"; then
	ok "a misspelt template field: exit 78, '$(head -c 90 "$TMP/tpl.err")…', the previous set untouched"
else
	bad "template failure (exit $code)" "$(cat "$TMP/tpl.err") $(listing "$out" | diff - "$TMP/A.list" | head -3)"
fi

# 3b. The same in a branch no record of the batch takes (no application is
#     拟立项 once the call is decided), and a test against a status the
#     programme never produces: refused when the templates are loaded,
#     whatever the batch holds (the binary before the check drew every
#     document and exited 0).
for bad_branch in '<if test="status == 拟立项"><p>{app.titel}</p></if>' \
		  '<if test="status == 已立项"><p>{app.title}</p></if>'; do
	rm -rf "$TMP/tpl2"
	cp -r templates "$TMP/tpl2"
	sed -i "s#</document>#$bad_branch</document>#" "$TMP/tpl2/shanxi-coop/notice.xml"
	"$BIN" run --accept-rejects "$TMP/B" --out "$out" --templates "$TMP/tpl2" --quiet 2>"$TMP/tpl2.err"
	code=$?
	if [ "$code" -eq 78 ] && grep -q 'notice.xml:[0-9]*: \(unknown field {app.titel} (did you mean app.title?)\|test compares status with "已立项", a value it never takes\)' "$TMP/tpl2.err" \
		&& listing "$out" | cmp -s - "$TMP/A.list"; then
		ok "a template branch no record takes: exit 78, '$(head -c 100 "$TMP/tpl2.err")…', the previous set untouched"
	else
		bad "template branch no record takes (exit $code)" "$(cat "$TMP/tpl2.err") $(listing "$out" | diff - "$TMP/A.list" | head -3)"
	fi
done

# 4. --quiet silences progress, never an error: the message is whole.
grep -q 'notice.xml\|app.titel' "$TMP/tpl.err" && [ "$(wc -c <"$TMP/tpl.err")" -gt 20 ] \
	&& ok "--quiet still prints the error in full" || bad "--quiet error" "$(cat "$TMP/tpl.err")"

# 5. A file grantdoc did not write: refused before anything is touched,
#    and never deleted.
echo "notes" >"$out/report.20241204.tmp"
"$BIN" run --accept-rejects "$TMP/B" --out "$out" --quiet 2>"$TMP/foreign.err"
code=$?
if [ "$code" -eq 73 ] && [ -f "$out/report.20241204.tmp" ] && grep -q 'report.20241204.tmp, which grantdoc did not write' "$TMP/foreign.err"; then
	ok "a user's file in OUT_DIR: exit 73, kept, named"
else
	bad "foreign file (exit $code)" "$(cat "$TMP/foreign.err")"
fi
rm -f "$out/report.20241204.tmp"
listing "$out" | cmp -s - "$TMP/A.list" && ok "after the refusal the previous set is intact" || bad "refusal touched the set"

# 6. The lock is never followed through a symbolic link.
ln -s "$TMP/planted" "$TMP/.out2.grantdoc-lock"
"$BIN" run --accept-rejects "$TMP/A" --out "$TMP/out2" --quiet 2>"$TMP/lock.err"
code=$?
[ "$code" -eq 73 ] && [ ! -e "$TMP/planted" ] && ok "a symlinked lock: exit 73, nothing created at its target" \
	|| bad "symlinked lock (exit $code)" "$(cat "$TMP/lock.err")"

# 7. The directory itself must be named.
"$BIN" run --accept-rejects "$TMP/A" --out . --quiet 2>"$TMP/dot.err"
[ $? -eq 64 ] && grep -q 'give the output directory by its name' "$TMP/dot.err" && ok "--out . is a usage error" \
	|| bad "--out ." "$(cat "$TMP/dot.err")"

# 8. A document worker killed mid-run: exit 70 naming the document and the
#    signal; the previous set intact.
"$BIN" run --accept-rejects "$TMP/A" --out "$out" --quiet
"$BIN" run --accept-rejects "$TMP/B" --out "$out" --quiet -j 2 2>"$TMP/worker.err" &
pid=$!
for _ in $(seq 1 200); do
	child=$(pgrep -P "$pid" | head -1)
	[ -n "$child" ] && break
	sleep 0.01
done
[ -n "$child" ] && sleep 0.2 && kill -KILL "$child" 2>/dev/null
wait "$pid"
code=$?
if [ -z "$child" ]; then
	ok "killed worker: the run ended before a worker could be killed (skipped)"
elif [ "$code" -eq 70 ] && grep -q 'killed by signal 9' "$TMP/worker.err" && grep -q 'while drawing ' "$TMP/worker.err" \
	&& listing "$out" | cmp -s - "$TMP/A.list"; then
	ok "a killed worker: exit 70, '$(cut -c1-100 "$TMP/worker.err")', the previous set intact"
elif [ "$code" -eq 0 ] && listing "$out" | cmp -s - "$TMP/B.list"; then
	ok "killed worker: the worker had finished (a complete new set)"
else
	bad "killed worker (exit $code)" "$(cat "$TMP/worker.err")"
fi

# 9. Rejected rows block drawing (V2-G3): exit 3, OUT_DIR as it was, the
#    provisional tables in OUT_DIR.blocked/, nothing drawn.
#    C is B with one more row that cannot be read.
cp -r "$TMP/B" "$TMP/C"
echo "SXHZ2024-901,只有三列,缺少其余各列" >>"$TMP/C/applications.csv"
"$BIN" run --accept-rejects "$TMP/C" --out "$TMP/freshC" --quiet
listing "$TMP/freshC" >"$TMP/C.list"
rejected=$(($(wc -l <"$TMP/freshC/rejects.csv") - 1))
"$BIN" run --accept-rejects "$TMP/A" --out "$out" --quiet
"$BIN" run "$TMP/C" --out "$out" 2>"$TMP/blocked.err"
code=$?
if [ "$rejected" -gt 0 ] && [ "$code" -eq 3 ] && listing "$out" | cmp -s - "$TMP/A.list" \
	&& [ -f "$out.blocked/decisions.csv" ] && [ -f "$out.blocked/rejects.csv" ] \
	&& grep -q '"outcome": "blocked"' "$out.blocked/summary.json" && [ -z "$(find "$out.blocked" -name '*.pdf')" ] \
	&& grep -q "blocked: $rejected rows\? in rejects.csv (applications.csv" "$TMP/blocked.err"; then
	ok "rejected rows block: exit 3, '$(cut -c1-110 "$TMP/blocked.err")…', OUT_DIR untouched, provisional tables beside it"
else
	bad "blocked run (exit $code, $rejected rejects)" "$(cat "$TMP/blocked.err"; ls "$out.blocked" 2>&1)"
fi
# … and --accept-rejects goes on knowingly: exit 0, said in the manifest
# and the summary; the provisional tables are gone.
"$BIN" run --accept-rejects "$TMP/C" --out "$out" --quiet
code=$?
if [ "$code" -eq 0 ] && grep -q "\"rejects_accepted\": $rejected" "$out/manifest.json" \
	&& grep -q "\"rejects_accepted\": $rejected" "$out/summary.json" && [ ! -e "$out.blocked" ] \
	&& listing "$out" | cmp -s - "$TMP/C.list"; then
	ok "--accept-rejects: exit 0, $rejected rows accepted as absent in manifest.json and summary.json, OUT_DIR.blocked removed"
else
	bad "--accept-rejects (exit $code)" "$(grep rejects_accepted "$out/manifest.json" "$out/summary.json")"
fi

# 10. A full disk (a small tmpfs; needs root): the run fails with exit 73
#    and the previous set is intact.
mkdir -p "$TMP/disk"
size=$(du -sk "$TMP/freshA" | cut -f1)
if mount -t tmpfs -o size=$((size * 3 / 2))k tmpfs "$TMP/disk" 2>/dev/null; then
	"$BIN" run --accept-rejects "$TMP/A" --out "$TMP/disk/out" --quiet 2>/dev/null
	listing "$TMP/disk/out" >"$TMP/disk.list"
	"$BIN" run --accept-rejects "$TMP/B" --out "$TMP/disk/out" --quiet 2>"$TMP/disk.err"
	code=$?
	if [ "$code" -eq 73 ] && listing "$TMP/disk/out" | cmp -s - "$TMP/disk.list" && cmp -s "$TMP/disk.list" "$TMP/A.list" \
		&& [ "$(ls -A "$TMP/disk" | grep -vc '^out$\|grantdoc-lock$')" -eq 0 ]; then
		ok "a full disk: exit 73 ('$(cut -c1-80 "$TMP/disk.err")'), the previous set intact, no staging left"
	else
		bad "full disk (exit $code)" "$(cat "$TMP/disk.err"; ls -A "$TMP/disk")"
	fi
	umount "$TMP/disk"
else
	ok "full disk: tmpfs cannot be mounted here (skipped)"
fi

finish
