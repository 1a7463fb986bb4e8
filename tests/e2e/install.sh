#!/bin/bash
# make install PREFIX=… gives a grantdoc that runs every programme on its
# own: a copy of the checkout is built and installed into a temporary
# prefix, the copy is moved away, and every sample is run from the
# installed binary and data — with the same decisions as the build under
# test (GRANTDOC).
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
BIN=${GRANTDOC:-build/rel/grantdoc}
TMP=$(mktemp -d /tmp/grantdoc-install.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$TMP/src"
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z | tar --null -T - -cf - | tar -C "$TMP/src" -xf -
else
	tar --exclude=./build --exclude=./out -cf - . | tar -C "$TMP/src" -xf -
fi
if ! make -s -C "$TMP/src" install PREFIX="$TMP/prefix" >"$TMP/install.log" 2>&1; then
	bad "make install" "$(tail -5 "$TMP/install.log")"
	finish
	exit 1
fi
mv "$TMP/src" "$TMP/moved"
installed="$TMP/prefix/bin/grantdoc"

for f in bin/grantdoc share/man/man1/grantdoc.1 share/grantdoc/fonts.conf share/grantdoc/batch.xsd \
	share/doc/grantdoc/README.md share/doc/grantdoc/HACKING.md; do
	[ -e "$TMP/prefix/$f" ] || bad "installed: $f missing"
done
for k in $(ls src/programmes/*/ -d | xargs -n1 basename); do
	[ -n "$(ls "$TMP/prefix/share/grantdoc/templates/$k/"*.xml 2>/dev/null)" ] || bad "installed: templates of $k missing"
done
[ -n "$(ls "$TMP/prefix/share/grantdoc/calendar/"*.txt 2>/dev/null)" ] || bad "installed: calendars missing"

for s in samples/*/; do
	s=$(basename "$s")
	"$installed" run --accept-rejects "$TMP/moved/samples/$s" --out "$TMP/out/$s" --quiet 2>"$TMP/$s.err"
	code=$?
	"$BIN" run --accept-rejects "samples/$s" --out "$TMP/ref/$s" --quiet 2>/dev/null
	pdfs=$(find "$TMP/out/$s" -name '*.pdf' 2>/dev/null | wc -l)
	if [ "$code" -eq 0 ] && [ "$pdfs" -gt 0 ] && cmp -s "$TMP/out/$s/decisions.csv" "$TMP/ref/$s/decisions.csv"; then
		ok "installed grantdoc, checkout moved away: $s (exit 0, $pdfs PDFs, decisions as the build's)"
	else
		bad "installed grantdoc on $s (exit $code, $pdfs PDFs)" "$(head -3 "$TMP/$s.err")"
	fi
done
finish
