#!/bin/sh
# Archive-grade PDFs (issue 16; tests/e2e/pdfa.sh): every PDF of every sample is PDF/A-1b by
# Apache PDFBox Preflight and identical on a rerun; a file whose ID is
# taken out is refused (so the check can fail); a face named through
# fontconfig (a test font built here) is embedded as OpenType/CFF; every
# character set in a fallback face is in document-warnings.csv.
# GRANTDOC names the binary (make check passes the sanitizer build).
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
TMP=$(mktemp -d /tmp/grantdoc-pdfa.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. tests/e2e/lib.sh

# 1. Every sample, twice: byte-identical.
outs=""
for s in samples/*/; do
	name=$(basename "$s")
	if "$BIN" run --accept-rejects "$s" --out "$TMP/$name" --quiet -j 2 && "$BIN" run --accept-rejects "$s" --out "$TMP/again-$name" --quiet; then
		same_files "$TMP/$name" "$TMP/again-$name" && ok "$name: a rerun (-j 2, then -j 1) is byte-identical" \
			|| bad "$name: rerun differs" "$(diff "$TMP/a.sum" "$TMP/b.sum" | head -5)"
		outs="$outs $TMP/$name"
	else
		bad "$name: run failed"
	fi
done

# 2. PDF/A-1b by Preflight, every PDF of every sample.
# shellcheck disable=SC2086
python3 tests/e2e/pdfa.py $outs >"$TMP/pdfa.log" 2>&1 && ok "$(tail -1 "$TMP/pdfa.log" | sed 's/^ok *//')" \
	|| bad "PDF/A-1b" "$(head -20 "$TMP/pdfa.log")"

# 3. The check can fail: the same notice without its trailer ID is refused.
one=$(find "$TMP/shanxi-coop-2024/notices" -name '*.pdf' | sort | head -1)
python3 - "$one" "$TMP/no-id.pdf" <<'PY'
import re, sys
b = open(sys.argv[1], "rb").read()
b, n = re.subn(rb"/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]", lambda m: b" " * len(m.group(0)), b)
assert n == 1, "no /ID in " + sys.argv[1]
open(sys.argv[2], "wb").write(b)
PY
python3 tests/e2e/pdfa.py --invalid 1.4.1 "$TMP/no-id.pdf" >"$TMP/noid.log" 2>&1 \
	&& ok "a PDF without its trailer ID is refused by Preflight (1.4.1)" || bad "no-ID PDF" "$(cat "$TMP/noid.log")"

# 3b. Tagged: every PDF of every sample has its structure tree, /Lang, and
#     every text in marked content that the tree holds; a file whose
#     /MarkInfo is taken out is refused (so the check can fail).
# shellcheck disable=SC2086
python3 tests/e2e/structure.py $outs >"$TMP/structure.log" 2>&1 && ok "$(tail -1 "$TMP/structure.log" | sed 's/^ok *//')" \
	|| bad "tagged PDF" "$(head -20 "$TMP/structure.log")"
sed 's|/MarkInfo|/MarkInfX|' "$one" >"$TMP/unmarked.pdf"
python3 tests/e2e/structure.py "$TMP/unmarked.pdf" >"$TMP/unmarked.log" 2>&1
grep -q "FAIL .*MarkInfo" "$TMP/unmarked.log" && ok "a PDF without /MarkInfo is refused by the structure check" \
	|| bad "structure check passes an unmarked PDF" "$(cat "$TMP/unmarked.log")"
pdftotext "$TMP/shanxi-coop-2024/publicity.pdf" - | grep -q '项目名称' \
	&& [ "$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read().count(b"/Outlines"))' "$TMP/shanxi-coop-2024/publicity.pdf")" -ge 1 ] \
	&& ok "publicity.pdf (6 pages) has an outline" || bad "publicity.pdf outline"

# 4. The ID comes from the content: two notices, two IDs; the header says PDF 1.4.
ids=$(for f in "$TMP"/shanxi-coop-2024/notices/*.pdf; do grep -a -o '/ID \[<[0-9a-f]*>' "$f"; done | sort -u | wc -l)
n=$(ls "$TMP"/shanxi-coop-2024/notices/*.pdf | wc -l)
[ "$ids" -eq "$n" ] && ok "trailer IDs: $n notices, $ids distinct IDs" || bad "trailer IDs: $ids distinct for $n notices"

# 5. A face named through fontconfig: a test font (name-keyed CFF, one
#    box for 喆) in its own directory, second in the body chain.
mkdir -p "$TMP/fonts"
/usr/bin/python3 tests/tools/make_test_font.py "$TMP/fonts/test-serif.otf" 喆 || bad "test font not built (python3-fonttools)"
sed -e "s|^body *=.*|body = FandolFang, Grantdoc Test Serif, Noto Serif CJK SC|" \
	-e "s|^fontdir *=.*|&\nfontdir = $TMP/fonts|" fonts/fonts.conf >"$TMP/test.conf"
if "$BIN" run --accept-rejects samples/shanxi-coop-2024 --out "$TMP/named" --fonts "$TMP/test.conf" --quiet; then
	pdffonts "$TMP/named/notices/SXHZ2024-012.pdf" | grep -q '^[A-Z]\{6\}+GrantdocTestSerif-Regular *CID Type 0C *Identity-H *yes yes yes' \
		&& ok "fonts by name: 'Grantdoc Test Serif' found by fontconfig, embedded as a CFF subset" \
		|| bad "fonts by name: test font not embedded" "$(pdffonts "$TMP/named/notices/SXHZ2024-012.pdf")"
	pdftotext "$TMP/named/notices/SXHZ2024-012.pdf" - | grep -q '喆' \
		&& ok "fonts by name: 喆 from the test font extracts exactly" || bad "fonts by name: 喆 does not extract"
	python3 tests/e2e/pdfa.py "$TMP/named/notices/SXHZ2024-012.pdf" >"$TMP/named.log" 2>&1 \
		&& ok "fonts by name: a name-keyed CFF subset is valid PDF/A-1b" || bad "name-keyed CFF PDF/A" "$(cat "$TMP/named.log")"
	grep -qx 'SXHZ2024-012,notices/SXHZ2024-012.pdf,app.pi,喆,U+5586,body,Grantdoc Test Serif' "$TMP/named/document-warnings.csv" \
		&& grep -qx 'SXHZ2024-013,notices/SXHZ2024-013.pdf,app.pi,堃,U+5803,body,Noto Serif CJK SC' "$TMP/named/document-warnings.csv" \
		&& ok "fallbacks: each character names the face that drew it" \
		|| bad "fallbacks with the test font" "$(cat "$TMP/named/document-warnings.csv")"
else
	bad "fonts by name: run with the test font failed"
fi
sed -e "s|^body *=.*|body = FandolFang, Grantdoc Test Serif|" fonts/fonts.conf >"$TMP/unknown.conf"
"$BIN" run --accept-rejects samples/shanxi-coop-2024 --out "$TMP/x" --fonts "$TMP/unknown.conf" --quiet 2>"$TMP/unknown.err"
rc=$?
[ "$rc" -ne 0 ] && [ ! -e "$TMP/x/manifest.json" ] && grep -q "unknown.conf:[0-9]*: no installed font is named 'Grantdoc Test Serif'" "$TMP/unknown.err" \
	&& ok "fonts by name: a name no installed font has stops the run, naming file and line" \
	|| bad "fonts by name: unknown name" "$(cat "$TMP/unknown.err")"

# 6. Fallback warnings of the sample: exactly the rare names, in plan order
#    (after the byte-order mark every CSV output starts with).
printf '\357\273\277' >"$TMP/warnings.expected"
cat >>"$TMP/warnings.expected" <<'CSV'
record,document,field,character,code,role,face
SXHZ2024-012,notices/SXHZ2024-012.pdf,app.pi,喆,U+5586,body,Noto Serif CJK SC
SXHZ2024-013,notices/SXHZ2024-013.pdf,app.pi,堃,U+5803,body,Noto Serif CJK SC
SXHZ2024-014,notices/SXHZ2024-014.pdf,app.pi,䶮,U+4DAE,body,Noto Serif CJK SC
SXHZ2024-038,notices/SXHZ2024-038.pdf,app.pi,喆,U+5586,body,Noto Serif CJK SC
SXHZ2024-039,notices/SXHZ2024-039.pdf,app.pi,䶮,U+4DAE,body,Noto Serif CJK SC
SXHZ2024-059,notices/SXHZ2024-059.pdf,app.pi,喆,U+5586,body,Noto Serif CJK SC
SXHZ2024-060,notices/SXHZ2024-060.pdf,app.pi,堃,U+5803,body,Noto Serif CJK SC
SXHZ2024-061,notices/SXHZ2024-061.pdf,app.pi,堃,U+5803,body,Noto Serif CJK SC
SXHZ2024-087,notices/SXHZ2024-087.pdf,app.pi,堃,U+5803,body,Noto Serif CJK SC
CSV
cmp -s "$TMP/warnings.expected" "$TMP/shanxi-coop-2024/document-warnings.csv" \
	&& ok "document-warnings.csv: 喆 堃 䶮 drawn from Noto Serif CJK SC, one row per document and character" \
	|| bad "document-warnings.csv" "$(diff "$TMP/warnings.expected" "$TMP/shanxi-coop-2024/document-warnings.csv")"

# 7. --incremental keeps the warnings: a warned document is drawn again.
cp -r "$TMP/shanxi-coop-2024" "$TMP/inc"
"$BIN" run --accept-rejects samples/shanxi-coop-2024 --out "$TMP/inc" --incremental --quiet
same_files "$TMP/shanxi-coop-2024" "$TMP/inc" && ok "--incremental: document-warnings.csv and every file as a full run" \
	|| bad "--incremental with warnings" "$(diff "$TMP/a.sum" "$TMP/b.sum" | head -5)"

finish
