#!/bin/sh
# The release binary under valgrind (memcheck): the sample batch (and
# --only on its output: documents kept with their warnings), a batch
# with broken rows and a missing glyph, a batch refused as a whole, a
# shard, and merges that succeed and fail.
# Any error or leak fails (exit 99 from valgrind).
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
TMP=$(mktemp -d /tmp/grantdoc-vg.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
VG="valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible -q"

# -j 1: memcheck leak-checks forked workers at _exit, where the parent's
# heap they inherited looks lost; the worker path runs under ASan in shanxi-coop.sh.
check() { # name expected-exit args...
	name=$1 want=$2
	shift 2
	$VG "$BIN" "$@" -j 1 >/dev/null 2>"$TMP/$name.err"
	got=$?
	if [ "$got" -eq "$want" ]; then passed=$((passed + 1)); echo "ok   valgrind: $name (exit $got, no error, no leak)"
	else failed=$((failed + 1)); echo "FAIL valgrind: $name exit $got"; head -30 "$TMP/$name.err"; fi
}

check sample 0 run --accept-rejects samples/shanxi-coop-2024 --out "$TMP/out" --quiet
check only 0 run samples/shanxi-coop-2024 --out "$TMP/out" --only SXHZ2024-012 --quiet
cp -r samples/shanxi-coop-2024 "$TMP/broken"
printf 'SXHZ2024-990,KC,\xff\xfe\n,,,\nSXHZ2024-991,\n' >>"$TMP/broken/applications.csv"
python3 - "$TMP/broken/applications.csv" <<'PY'
import sys
p = sys.argv[1]
t = open(p, encoding="utf-8", errors="surrogateescape").read()
t = t.replace("SXHZ2024-001,", "SXHZ2024-001,", 1)
open(p, "w", encoding="utf-8", errors="surrogateescape").write(t.replace("忻州", "忻州\U0001F99C", 1))
PY
check broken-rows-and-glyph 1 run --accept-rejects "$TMP/broken" --out "$TMP/out-broken" --quiet
cp -r samples/shanxi-coop-2024 "$TMP/refused"
printf 'id,received\n' >"$TMP/refused/objections.csv"
sed -i 's/<budget>8000000/<budget>八百万/' "$TMP/refused/programme.xml"
check refused-batch 65 run --accept-rejects "$TMP/refused" --out "$TMP/out-refused" --quiet
check shard 1 run --accept-rejects "$TMP/broken" --out "$TMP/shard0" --shard 0/2 --quiet
"$BIN" run --accept-rejects "$TMP/broken" --out "$TMP/shard1" --shard 1/2 --quiet 2>/dev/null
check merge 1 merge --out "$TMP/merged" "$TMP/shard0" "$TMP/shard1" --quiet
check zhejiang 0 run --accept-rejects samples/zhejiang-base-2024 --out "$TMP/zjb" --quiet
check shenzhen 0 run --accept-rejects samples/shenzhen-intl-2024 --out "$TMP/szi" --quiet
check shanxi-major 0 run --accept-rejects samples/shanxi-major-2024 --out "$TMP/sxm" --quiet
check merge-refused 65 merge --out "$TMP/merged2" "$TMP/shard0" --quiet
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
