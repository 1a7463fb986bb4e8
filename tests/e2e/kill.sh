#!/bin/bash
# Kill a run at random moments (SIGKILL) and check that the output
# directory always holds complete files only: every file under its final
# name equals the previous complete run's (same input, same bytes), none is
# missing, none truncated. KILL_ITERATIONS (default 200); deterministic
# delays (seeded).
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
SAMPLE=samples/shanxi-coop-2024
ITER=${KILL_ITERATIONS:-200}
TMP=$(mktemp -d /tmp/grantdoc-kill.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
out="$TMP/out"

"$BIN" run "$SAMPLE" --out "$out" --quiet || { echo "kill: reference run failed"; echo "0 passed, 1 failed"; exit 1; }
(cd "$out" && find . -type f ! -name .grantdoc.lock ! -name '*.tmp' -print0 | sort -z | xargs -0 sha256sum) >"$TMP/ref.sha"
files=$(wc -l <"$TMP/ref.sha")
start=$(date +%s%N)
"$BIN" run "$SAMPLE" --out "$TMP/timing" --quiet
run_ms=$((($(date +%s%N) - start) / 1000000))

RANDOM=20241204
bad=0
for i in $(seq 1 "$ITER"); do
	"$BIN" run "$SAMPLE" --out "$out" --quiet 2>/dev/null &
	pid=$!
	delay=$((RANDOM % (run_ms + 50)))
	sleep "$(printf '0.%03d' "$delay")" 2>/dev/null || sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if ! (cd "$out" && sha256sum --quiet --strict -c "$TMP/ref.sha" >"$TMP/check.txt" 2>&1); then
		bad=$((bad + 1))
		echo "kill $i after ${delay} ms: $(head -3 "$TMP/check.txt")"
		[ "$bad" -ge 3 ] && break
	fi
done
"$BIN" run "$SAMPLE" --out "$out" --quiet
left=$(find "$out" -name '*.tmp' | wc -l)
if [ "$bad" -eq 0 ] && [ "$left" -eq 0 ]; then
	echo "ok   kill: $ITER runs killed at random (0-$run_ms ms): all $files files complete every time; no temporaries after a full run"
	echo "1 passed, 0 failed"
else
	echo "FAIL kill: $bad broken states, $left temporaries left"
	echo "0 passed, 1 failed"
	exit 1
fi
