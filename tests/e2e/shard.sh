#!/bin/sh
# --shard K/N and grantdoc merge: shards merged equal a full run byte for
# byte; merge refuses (exit 65, nothing written) a missing or doubled
# document, a missing or repeated shard, and shards of different runs.
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
SAMPLE=samples/shanxi-coop-2024
TMP=$(mktemp -d /tmp/grantdoc-shard.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. tests/e2e/lib.sh

# merge_fails NAME TEXT SHARD_DIR...: exit 65, TEXT on stderr, no output dir
merge_fails() {
	name=$1 text=$2
	shift 2
	"$BIN" merge --out "$TMP/m-$name" "$@" 2>"$TMP/$name.err"
	got=$?
	if [ "$got" -eq 65 ] && grep -qF -- "$text" "$TMP/$name.err" && [ ! -e "$TMP/m-$name/manifest.json" ]; then
		ok "merge refuses $name: $text"
	else
		bad "merge $name: exit $got" "$(head -5 "$TMP/$name.err")"
	fi
}

"$BIN" run --accept-rejects "$SAMPLE" --out "$TMP/full" --quiet -j 2
for k in 0 1 2; do "$BIN" run --accept-rejects "$SAMPLE" --out "$TMP/s$k" --shard "$k/3" --quiet -j $((k % 2 + 1)); done
n0=$(find "$TMP/s0" -name '*.pdf' | wc -l) n1=$(find "$TMP/s1" -name '*.pdf' | wc -l) n2=$(find "$TMP/s2" -name '*.pdf' | wc -l)
[ $((n0 + n1 + n2)) -eq 119 ] && [ "$n0" -gt 20 ] && [ "$n1" -gt 20 ] && [ "$n2" -gt 20 ] \
	&& ok "shards: 119 documents split $n0 + $n1 + $n2, none drawn twice" || bad "shard split" "$n0 $n1 $n2"
cmp -s "$TMP/s1/decisions.csv" "$TMP/full/decisions.csv" && ok "shards: every shard decides the whole batch" || bad "shard decisions"

# The shard of a record is SHA-256(id) mod N, computable without grantdoc.
funded=$(ls "$TMP/full/taskbooks" | head -1 | sed 's/\.pdf$//')
want=$(python3 -c 'import hashlib,sys; print(int.from_bytes(hashlib.sha256(sys.argv[1].encode()).digest()[:8], "big") % 3)' "$funded")
[ -e "$TMP/s$want/notices/$funded.pdf" ] && [ -e "$TMP/s$want/taskbooks/$funded.pdf" ] \
	&& ok "shards: $funded is in shard $want = SHA-256(id) mod 3, notice and task book together" \
	|| bad "shard of a record" "expected shard $want"

if "$BIN" merge --out "$TMP/merged" "$TMP/s2" "$TMP/s0" "$TMP/s1" 2>"$TMP/merge.err"; then
	same_files "$TMP/merged" "$TMP/full" && ok "merge: the merged directory equals a full run, manifest included (by hash)" \
		|| bad "merge result differs" "$(diff "$TMP/a.sum" "$TMP/b.sum" | head -5)"
else
	bad "merge failed" "$(cat "$TMP/merge.err")"
fi

# Incremental shards: a second run keeps everything but the documents in
# its document-warnings.csv (drawn again to list their warnings again),
# and still merges equal.
w1=$(tail -n +2 "$TMP/s1/document-warnings.csv" | cut -d, -f2 | sort -u | wc -l)
"$BIN" run --accept-rejects "$SAMPLE" --out "$TMP/s1" --shard 1/3 --incremental 2>"$TMP/inc.err"
grep -q "$n1 documents ($((n1 - w1)) unchanged, kept; $w1 rewritten: " "$TMP/inc.err" && "$BIN" merge --out "$TMP/merged2" "$TMP/s0" "$TMP/s1" "$TMP/s2" -q \
	&& same_files "$TMP/merged2" "$TMP/full" && ok "incremental shard: only the $w1 warned documents redrawn, merge still equals a full run" \
	|| bad "incremental shard" "$(tail -1 "$TMP/inc.err")"

# Document errors travel through the shards into one document-errors.csv.
rm -rf "$TMP/glyph" && cp -r "$SAMPLE" "$TMP/glyph"
sed -i '0,/^SXHZ2024-001,/s/^\(SXHZ2024-001,[^,]*,[^,]*,[^,]*\)/\1🦜/' "$TMP/glyph/applications.csv"
"$BIN" run --accept-rejects "$TMP/glyph" --out "$TMP/gfull" --quiet
for k in 0 1; do "$BIN" run --accept-rejects "$TMP/glyph" --out "$TMP/g$k" --shard "$k/2" --quiet; done
"$BIN" merge --out "$TMP/gmerged" "$TMP/g0" "$TMP/g1" -q
rc=$?
[ "$rc" -eq 1 ] && grep -q 'U+1F99C' "$TMP/gfull/document-errors.csv" && same_files "$TMP/gmerged" "$TMP/gfull" \
	&& ok "merge: an undrawable document stays in document-errors.csv (exit 1, as for run); equal to a full run" \
	|| bad "merge with document errors" "$(cat "$TMP/gfull/document-errors.csv")"

merge_fails "a missing shard" "missing: shard 1/3 was not given" "$TMP/s0" "$TMP/s2"
merge_fails "a repeated shard" "doubled: shard 2/3 given twice" "$TMP/s0" "$TMP/s1" "$TMP/s2" "$TMP/s2"
merge_fails "a full run" "not a shard's manifest" "$TMP/full" "$TMP/s1"
merge_fails "shards of another batch" "disagree on" "$TMP/s0" "$TMP/g1" "$TMP/s2"

victim=$(grep -o '"notices/[^"]*"' "$TMP/s1/manifest.json" | head -1 | tr -d '"')
cp -r "$TMP/s1" "$TMP/s1-missing" && rm "$TMP/s1-missing/$victim"
merge_fails "a missing document" "missing: $victim is listed by shard 1" "$TMP/s0" "$TMP/s1-missing" "$TMP/s2"
cp -r "$TMP/s1" "$TMP/s1-changed" && printf 'x' >>"$TMP/s1-changed/$victim"
merge_fails "a changed document" "changed: $TMP/s1-changed/$victim" "$TMP/s0" "$TMP/s1-changed" "$TMP/s2"

# A document claimed by two shards: shard 2's manifest also lists one of shard 0's.
cp -r "$TMP/s2" "$TMP/s2-doubled"
stolen=$(python3 - "$TMP/s0" "$TMP/s2-doubled" <<'PY'
import json, shutil, sys
s0 = json.load(open(sys.argv[1] + "/manifest.json"))
path = sys.argv[2] + "/manifest.json"
s2 = json.load(open(path))
doc = s0["shard"]["documents"][0]
s2["shard"]["documents"].append(doc)
s2["outputs"].insert(6, next(o for o in s0["outputs"] if o["file"] == doc["file"]))
shutil.copy(sys.argv[1] + "/" + doc["file"], sys.argv[2] + "/" + doc["file"])
json.dump(s2, open(path, "w"), ensure_ascii=False, indent=1)
print(doc["file"])
PY
)
merge_fails "a doubled document" "doubled: $stolen is in shard 0" "$TMP/s0" "$TMP/s1" "$TMP/s2-doubled"

cp -r "$TMP/s0" "$TMP/s0-bad" && printf '{"program": "grantdoc", "outputs": [' >"$TMP/s0-bad/manifest.json"
merge_fails "a cut manifest" "manifest.json: not valid JSON: line 1, column 37: expected a value" "$TMP/s0-bad" "$TMP/s1" "$TMP/s2"

"$BIN" merge --out "$TMP/s0" "$TMP/s0" "$TMP/s1" 2>/dev/null; [ $? -eq 64 ] && ok "merge: refuses to write into a shard's own directory" || bad "merge into a shard"
"$BIN" merge --out "$TMP/mx" "$TMP/nowhere" 2>/dev/null; [ $? -eq 66 ] && ok "merge: an unreadable shard is exit 66" || bad "merge of nothing"
for bad_shard in 3/3 -1/3 1/0 1 a/b 01/3 1/4097; do
	"$BIN" run --accept-rejects "$SAMPLE" --out "$TMP/x" --shard "$bad_shard" 2>/dev/null
	[ $? -eq 64 ] || bad "--shard $bad_shard accepted"
done
ok "--shard: 3/3, -1/3, 1/0, 1, a/b, 01/3 and 1/4097 are usage errors"

finish
