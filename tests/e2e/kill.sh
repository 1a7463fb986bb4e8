#!/bin/bash
# Kill runs at random moments (SIGKILL) and check that the output
# directory is always one complete set: exactly the previous complete run's
# files, or exactly the new run's — never a mix, never a file of a record
# that is gone, never a truncated file, never a temporary.
#
# Two batches alternate: the sample (A) and the sample with one application
# removed and one title changed (B), so a stale notice or an old decision
# would show. Iterations cycle through -j 1, -j 2 and --incremental.
# KILL_ITERATIONS (default 200); delays are seeded, so runs repeat.
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
SAMPLE=samples/shanxi-coop-2024
ITER=${KILL_ITERATIONS:-200}
TMP=$(mktemp -d /tmp/grantdoc-kill.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
out="$TMP/out"

# The whole directory: every file's path and SHA-256, nothing else.
listing() { (cd "$1" && find . -mindepth 1 \( -type f -o -type l \) -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); }

cp -r "$SAMPLE" "$TMP/A"
cp -r "$SAMPLE" "$TMP/B"
python3 - "$TMP/B/applications.csv" <<'EOF'
import sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().split("\n")
# drop the second application, retitle the third
del lines[2]
cells = lines[2].split(",")
cells[2] = cells[2] + "（修订）"
lines[2] = ",".join(cells)
open(path, "w", encoding="utf-8").write("\n".join(lines))
EOF

for b in A B; do
	"$BIN" run --accept-rejects "$TMP/$b" --out "$TMP/ref$b" --quiet -j 1 || { echo "kill: reference run $b failed"; echo "0 passed, 1 failed"; exit 1; }
	listing "$TMP/ref$b" >"$TMP/$b.list"
done
cmp -s "$TMP/A.list" "$TMP/B.list" && { echo "kill: the two batches give the same outputs"; echo "0 passed, 1 failed"; exit 1; }
start=$(date +%s%N)
"$BIN" run --accept-rejects "$TMP/A" --out "$TMP/timing" --quiet
run_ms=$((($(date +%s%N) - start) / 1000000))

"$BIN" run --accept-rejects "$TMP/A" --out "$out" --quiet
current=A
RANDOM=20241204
bad=0 old=0 new=0
for i in $(seq 1 "$ITER"); do
	next=$([ "$current" = A ] && echo B || echo A)
	case $((i % 3)) in
	0) opts="-j 1" ;;
	1) opts="-j 2" ;;
	*) opts="-j 2 --incremental" ;;
	esac
	# shellcheck disable=SC2086
	"$BIN" run --accept-rejects "$TMP/$next" --out "$out" --quiet $opts 2>/dev/null &
	pid=$!
	delay=$((RANDOM % (run_ms + 50)))
	sleep "$(printf '0.%03d' "$delay")" 2>/dev/null || sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	listing "$out" >"$TMP/now.list"
	if cmp -s "$TMP/now.list" "$TMP/$current.list"; then
		old=$((old + 1))
	elif cmp -s "$TMP/now.list" "$TMP/$next.list"; then
		new=$((new + 1))
		current=$next
	else
		bad=$((bad + 1))
		echo "kill $i ($opts) after ${delay} ms: neither the old nor the new set:"
		diff "$TMP/$current.list" "$TMP/now.list" | head -5
		[ "$bad" -ge 3 ] && break
	fi
done
# A killed run's staging directory is cleared by the next run, which
# leaves nothing beside OUT_DIR but the lock.
"$BIN" run --accept-rejects "$TMP/A" --out "$out" --quiet
extra=$(find "$TMP" -maxdepth 1 -name '.out.grantdoc-*' ! -name '.out.grantdoc-lock' | wc -l)
if [ "$bad" -eq 0 ] && [ "$extra" -eq 0 ] && listing "$out" | cmp -s - "$TMP/A.list"; then
	echo "ok   kill: $ITER runs (-j 1, -j 2, --incremental) killed at random (0-$run_ms ms): the old complete set $old times, the new one $new times, nothing else"
	echo "1 passed, 0 failed"
else
	echo "FAIL kill: $bad mixed states; $extra leftovers beside the output directory"
	echo "0 passed, 1 failed"
	exit 1
fi
