#!/bin/sh
# Pages a clerk can send (issue 15): every document of every sample and the
# typesetting stress corpus through tests/e2e/pagecheck.py, which reads the
# PDFs glyph by glyph: no signature-only page, no heading or stray line at
# a page end, titles broken between words in a 梯形 or 菱形, no letter-
# spaced digits, compressed punctuation pairs, totals aligned and
# emphasised, seal room, mirrored even pages, one 发文字号 per document, no
# bare label, 抄送 ending with 。. Then the 信函格式 (GB/T 9704 10.1) on the
# shanxi-coop notices: most fit one page.
#
# Allowed, and counted so that a rise fails: ragged lines the spec leaves
# no way to fill (an amount with its unit, or in brackets with its comma, an
# ISO date, an id or a phone number
# that may not be broken, pushed to a line end). No amount of 0 is ever
# asked for (a reason with nothing to recover says why instead).
set -u
cd "$(dirname "$0")/../.."
BIN=${GRANTDOC:-build/rel/grantdoc}
CORPUS=${CORPUS:-build/san/tools/typeset_corpus}
TMP=$(mktemp -d /tmp/grantdoc-pages.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. tests/e2e/lib.sh

for s in samples/*/; do
	s=$(basename "$s")
	"$BIN" run --accept-rejects "samples/$s" --out "$TMP/$s" --quiet || bad "$s: run failed"
done
if python3 tests/e2e/pagecheck.py --strict --allow "short justified line=7" \
	"$TMP"/*/ >"$TMP/samples.log" 2>&1; then
	ok "pagecheck: every document of every sample ($(head -1 "$TMP/samples.log" | cut -d' ' -f2-))"
else
	bad "pagecheck: samples" "$(grep -v '^ *0 ' "$TMP/samples.log")"
fi

"$CORPUS" "$TMP" >/dev/null
if python3 tests/e2e/pagecheck.py --strict --allow "short justified line=5" "$TMP/corpus.pdf" "$TMP/table.pdf" \
	>"$TMP/corpus.log" 2>&1; then
	ok "pagecheck: the stress corpus and the 300-row list"
else
	bad "pagecheck: corpus" "$(grep -v '^ *0 ' "$TMP/corpus.log")"
fi

# A defect the checker must see: the old greedy title (an inverted
# triangle broken inside 专项) and a signature page with no body text.
mkdir -p "$TMP/tpl" && cp -r templates/* "$TMP/tpl/"
sed -i 's|<p><join sep="，" end="。"><part>联系人：{programme.contact}</part><part>联系电话：{programme.phone}</part><part>地址：{programme.address}</part></join></p>|<pagebreak/>|' \
	"$TMP/tpl/shanxi-coop/notice.xml"
"$BIN" run --accept-rejects samples/shanxi-coop-2024 --out "$TMP/broken" --templates "$TMP/tpl" --quiet
python3 tests/e2e/pagecheck.py "$TMP/broken/notices/SXHZ2024-073.pdf" >"$TMP/broken.log" 2>&1
if grep -q '^ *1  signature-only page$' "$TMP/broken.log"; then
	ok "pagecheck: sees a signature-only page"
else bad "pagecheck: a signature-only page went unseen"; fi

# 信函格式: the notices as letters.
cp -r templates/* "$TMP/tpl/"
sed -i 's|<document>|<document format="letter">|; s|<mark>{programme.authority}文件</mark>|<mark>{programme.authority}</mark>|' \
	"$TMP/tpl/shanxi-coop/notice.xml"
"$BIN" run --accept-rejects samples/shanxi-coop-2024 --out "$TMP/letter" --templates "$TMP/tpl" --quiet || bad "letter: run failed"
one=$(grep -o '"file": "notices/[^"]*", "bytes": [0-9]*, "pages": 1,' "$TMP/letter/manifest.json" | wc -l)
all=$(ls "$TMP/letter/notices" | wc -l)
if [ "$one" -ge $((all * 2 / 3)) ] && cmp -s "$TMP/letter/decisions.csv" "$TMP/shanxi-coop-2024/decisions.csv"; then
	ok "信函格式: $one of $all notices on one page, decisions unchanged"
else bad "信函格式: $one of $all notices on one page"; fi
if python3 tests/e2e/pagecheck.py --strict --allow "short justified line=5" "$TMP/letter/notices" >"$TMP/letter.log" 2>&1; then
	ok "pagecheck: the notices as letters"
else bad "pagecheck: letters" "$(grep -v '^ *0 ' "$TMP/letter.log")"; fi

# The seal image of programme.xml, and what programme.xml's document
# settings refuse.
cp -r samples/shanxi-coop-2024 "$TMP/seal"
python3 - "$TMP/seal/seal.png" "$TMP/seal-alpha.png" <<'PY'
import struct, sys, zlib
def png(path, alpha):
    n = 64  # a red ring, opaque on white (PDF/A-1b), or on transparency
    rows = b""
    for y in range(n):
        row = b"\x00"
        for x in range(n):
            d = ((x - 31.5) ** 2 + (y - 31.5) ** 2) ** 0.5
            red = 26 <= d <= 31
            if alpha:
                row += b"\xe6\x00\x12\xff" if red else b"\x00\x00\x00\x00"
            else:
                row += b"\xe6\x00\x12" if red else b"\xff\xff\xff"
        rows += row
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    head = struct.pack(">IIBBBBB", n, n, 8, 6 if alpha else 2, 0, 0, 0)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(rows))
                           + chunk(b"IEND", b""))
png(sys.argv[1], False)
png(sys.argv[2], True)
PY
sed -i 's|</title>|</title>\n  <seal image="seal.png"/>|' "$TMP/seal/programme.xml"
if "$BIN" run --accept-rejects "$TMP/seal" --out "$TMP/seal-out" --quiet; then
	pages=$(pdfimages -list "$TMP/seal-out/notices/SXHZ2024-073.pdf" 2>/dev/null | awk 'NR > 2 { print $1 }' | sort -u | tr '\n' ' ')
	last=$(pdfinfo "$TMP/seal-out/notices/SXHZ2024-073.pdf" | awk '/^Pages/ { print $2 }')
	[ "$pages" = "$last " ] && ok "seal image: drawn on the signature's page ($last) of a notice" \
		|| bad "seal image" "on pages '$pages' of $last"
	qpdf --check "$TMP/seal-out/notices/SXHZ2024-073.pdf" >/dev/null 2>&1 \
		&& python3 tests/e2e/pdfa.py "$TMP/seal-out/notices/SXHZ2024-073.pdf" >"$TMP/seal-pdfa.log" 2>&1 \
		&& ok "seal image: qpdf --check, PDF/A-1b (Preflight)" || bad "seal image: qpdf or Preflight" "$(tail -3 "$TMP/seal-pdfa.log")"
else bad "seal image: run failed"; fi
cp "$TMP/seal-alpha.png" "$TMP/seal/seal.png"
"$BIN" run --accept-rejects "$TMP/seal" --out "$TMP/seal-alpha" --quiet 2>"$TMP/alpha.err"
code=$?
[ "$code" -eq 65 ] && grep -q "<seal>: 'seal.png' has transparency (an alpha channel or tRNS), which PDF/A-1b forbids" "$TMP/alpha.err" \
	&& ok "seal image with an alpha channel: exit 65 (PDF/A-1b)" || bad "seal image with alpha: exit $code" "$(cat "$TMP/alpha.err")"
rm -f "$TMP/seal/seal.png"
"$BIN" run --accept-rejects "$TMP/seal" --out "$TMP/seal-missing" --quiet 2>"$TMP/seal.err"
code=$?
[ "$code" -eq 65 ] && grep -q "programme.xml:[0-9]*: <seal>: 'seal.png' is not a readable PNG file" "$TMP/seal.err" \
	&& ok "seal image missing: exit 65 naming programme.xml's line" || bad "seal image missing: exit $code" "$(cat "$TMP/seal.err")"
cp -r samples/shanxi-coop-2024 "$TMP/series"
sed -i 's|<series kind="notices" seq="101"/>|<series kind="letters" seq="101"/>|' "$TMP/series/programme.xml"
"$BIN" run --accept-rejects "$TMP/series" --out "$TMP/series-out" --quiet 2>"$TMP/series.err"
code=$?
[ "$code" -eq 65 ] && grep -q "programme.xml:7: <series>: kind 'letters' is not a document of shanxi-coop (notices, taskbooks, publicity, disbursement)" "$TMP/series.err" \
	&& ok "<series> of an unknown kind: exit 65 naming the line and the kinds" || bad "<series> unknown kind: exit $code" "$(cat "$TMP/series.err")"
# One number per notice: 101 upwards in plan order, none shared.
numbers=$(for f in "$TMP"/shanxi-coop-2024/notices/*.pdf; do pdftotext -l 1 "$f" - | grep -m1 '〔2024〕'; done | sort | uniq -d | wc -l)
[ "$numbers" -eq 0 ] && pdftotext -l 1 "$TMP/shanxi-coop-2024/notices/SXHZ2024-001.pdf" - | grep -q '晋科合〔2024〕101号' \
	&& ok "发文字号: one per notice, 晋科合〔2024〕101号 upwards" || bad "发文字号 series" "$numbers shared"

finish
