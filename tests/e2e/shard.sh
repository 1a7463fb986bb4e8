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

# ---- merge trusts nothing: every file it takes is hashed against its
# shard's manifest, names stay inside the shard, links are never followed ----
cp -r "$TMP/s1" "$TMP/s1-edited" && sed -i '2s/,不予受理,,,380000,0,/,立项,,,380000,380000,/' "$TMP/s1-edited/decisions.csv"
cmp -s "$TMP/s1/decisions.csv" "$TMP/s1-edited/decisions.csv" && bad "tamper: decisions.csv was not edited"
merge_fails "an edited decisions.csv" "changed: $TMP/s1-edited/decisions.csv is not the file shard 1 wrote (SHA-256 differs)" \
	"$TMP/s0" "$TMP/s1-edited" "$TMP/s2"
cp -r "$TMP/s0" "$TMP/s0-edited" && printf 'x' >>"$TMP/s0-edited/rejects.csv"
merge_fails "an edited table in the shard copied from" "changed: $TMP/s0-edited/rejects.csv is not the file shard 0 wrote" \
	"$TMP/s0-edited" "$TMP/s1" "$TMP/s2"

# manifest_names SRC DST PY: a copy of shard SRC whose manifest PY rewrites (m: the manifest)
manifest_names() {
	cp -r "$1" "$2"
	python3 - "$2/manifest.json" "$3" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
exec(sys.argv[2])
json.dump(m, open(sys.argv[1], "w"), ensure_ascii=False, indent=1)
PY
}
mkdir -p "$TMP/deep/out"
# Every shard's manifest names bans.csv "../x" (so the shards agree), and
# ../x is there beside each shard with the right bytes.
for k in 0 1 2; do
	manifest_names "$TMP/s$k" "$TMP/deep/s$k" 'next(o for o in m["outputs"] if o["file"] == "bans.csv")["file"] = "../x"'
done
cp "$TMP/s0/bans.csv" "$TMP/deep/x"
merge_fails "a dotdot name" 'refused: '"$TMP"'/deep/s0/manifest.json names "../x", not a file grantdoc writes inside its directory' \
	"$TMP/deep/s0" "$TMP/deep/s1" "$TMP/deep/s2"
"$BIN" merge --out "$TMP/deep/out/m" "$TMP/deep/s0" "$TMP/deep/s1" "$TMP/deep/s2" 2>/dev/null
[ ! -e "$TMP/deep/out/x" ] && ok "tamper: nothing written outside --out for ../x" || bad "tamper: ../x written outside --out"
manifest_names "$TMP/s1" "$TMP/s1-absolute" 'd = m["shard"]["documents"][0]; o = next(o for o in m["outputs"] if o["file"] == d["file"]); d["file"] = o["file"] = "'"$TMP"'/abs.pdf"'
merge_fails "an absolute name" "names \"$TMP/abs.pdf\", not a file grantdoc writes" "$TMP/s0" "$TMP/s1-absolute" "$TMP/s2"

# A document replaced by a symbolic link to a file with the same bytes:
# the hash would match; the link is refused, never followed or copied.
cp -r "$TMP/s1" "$TMP/s1-link" && cp "$TMP/s1/$victim" "$TMP/outside.pdf"
rm "$TMP/s1-link/$victim" && ln -s "$TMP/outside.pdf" "$TMP/s1-link/$victim"
merge_fails "a symlinked document" "refused: $TMP/s1-link/$victim is a symbolic link (merge takes only regular files)" \
	"$TMP/s0" "$TMP/s1-link" "$TMP/s2"
cp -r "$TMP/s1" "$TMP/s1-linkdir" && mv "$TMP/s1-linkdir/notices" "$TMP/notices-elsewhere" && ln -s "$TMP/notices-elsewhere" "$TMP/s1-linkdir/notices"
merge_fails "a symlinked directory" "refused: $TMP/s1-linkdir/notices/" "$TMP/s0" "$TMP/s1-linkdir" "$TMP/s2"
cp -r "$TMP/s1" "$TMP/s1-fifo" && rm "$TMP/s1-fifo/$victim" && mkfifo "$TMP/s1-fifo/$victim"
timeout 30 "$BIN" merge --out "$TMP/m-fifo" "$TMP/s0" "$TMP/s1-fifo" "$TMP/s2" 2>"$TMP/fifo.err"
[ $? -eq 65 ] && grep -qF "refused: $TMP/s1-fifo/$victim is not a regular file (a FIFO)" "$TMP/fifo.err" \
	&& ok "merge refuses a FIFO in a shard at once" || bad "merge of a FIFO" "$(head -3 "$TMP/fifo.err")"
cp -r "$TMP/s2" "$TMP/s2-linkmanifest" && mv "$TMP/s2-linkmanifest/manifest.json" "$TMP/manifest-elsewhere.json" \
	&& ln -s "$TMP/manifest-elsewhere.json" "$TMP/s2-linkmanifest/manifest.json"
"$BIN" merge --out "$TMP/m-lm" "$TMP/s0" "$TMP/s1" "$TMP/s2-linkmanifest" 2>"$TMP/lm.err"
[ $? -eq 66 ] && grep -qF "$TMP/s2-linkmanifest/manifest.json: a symbolic link" "$TMP/lm.err" \
	&& ok "merge refuses a symlinked manifest" || bad "merge of a symlinked manifest" "$(cat "$TMP/lm.err")"
# A symbolic link planted in the output directory is never written through.
mkdir -p "$TMP/m-planted" "$TMP/planted-target" && ln -s "$TMP/planted-target" "$TMP/m-planted/notices"
"$BIN" merge --out "$TMP/m-planted" "$TMP/s0" "$TMP/s1" "$TMP/s2" 2>"$TMP/planted.err"
[ $? -ne 0 ] && [ -z "$(ls "$TMP/planted-target")" ] && grep -qF "$TMP/m-planted: holds notices, which grantdoc did not write" "$TMP/planted.err" \
	&& ok "merge never writes through a symlink in --out" || bad "merge through a planted link" "$(cat "$TMP/planted.err")"
cp -r "$TMP/full" "$TMP/m-copies" 2>/dev/null; rm -rf "$TMP/m-copies"
"$BIN" merge --out "$TMP/m-copies" "$TMP/s0" "$TMP/s1" "$TMP/s2" -q && d=$(find "$TMP/m-copies" -name '*.pdf' -links +1 | wc -l) \
	&& [ "$d" -eq 0 ] && [ -z "$(find "$TMP/m-copies" -type l)" ] && ok "merge copies: no merged file shares a shard's inode, no link" \
	|| bad "merge copies" "$d files with more than one link"

"$BIN" merge --out "$TMP/s0" "$TMP/s0" "$TMP/s1" 2>/dev/null; [ $? -eq 64 ] && ok "merge: refuses to write into a shard's own directory" || bad "merge into a shard"
"$BIN" merge --out "$TMP/mx" "$TMP/nowhere" 2>/dev/null; [ $? -eq 66 ] && ok "merge: an unreadable shard is exit 66" || bad "merge of nothing"
for bad_shard in 3/3 -1/3 1/0 1 a/b 01/3 1/4097; do
	"$BIN" run --accept-rejects "$SAMPLE" --out "$TMP/x" --shard "$bad_shard" 2>/dev/null
	[ $? -eq 64 ] || bad "--shard $bad_shard accepted"
done
ok "--shard: 3/3, -1/3, 1/0, 1, a/b, 01/3 and 1/4097 are usage errors"

finish
