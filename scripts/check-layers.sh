#!/bin/sh
# check-layers.sh: the data flow of src/ is a rule, not a habit.
#
#   typeset/   knows no rule, no programme, no template: it may include only
#              base/, typeset/ and output/outfile.h (files are written whole).
#   rules/ and a programme's model, ingest and rules never touch layout or
#              PDF: no typeset/ header.
#   Font subsetting, PNG reading and compression (hb-subset.h, png.h,
#              libdeflate.h) are typeset/'s alone: typeset/pdfout.c writes
#              the PDF with them.
#   A CSV output is opened with csv_open() (output/csvout.c) alone.
#
# Prints every offending include and exits 1, so `make lint` fails.
set -u
cd "$(dirname "$0")/.." || exit 2
status=0

headers_of() { # the header names that live in the given layer directories
	for d in "$@"; do ls "src/$d" | grep '\.h$'; done
}

includes() { # file -> the quoted and angle includes it names
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]\([^>"]*\)[>"].*/\1/p' "$1"
}

complain() {
	echo "layers: $1: includes $2 ($3)"
	status=1
}

allowed_typeset=$(headers_of base typeset; echo outfile.h)
for f in src/typeset/*.[ch]; do
	for inc in $(includes "$f"); do
		case "$inc" in
		# a path into src/ (a library's own, <fontconfig/fontconfig.h>, is not ours)
		*/*) [ -e "src/$inc" ] && complain "$f" "$inc" "typeset/ may not name other folders" ;;
		*.h)
			# system and library headers are not ours
			[ -e "src/base/$inc" ] || [ -e "src/typeset/$inc" ] || [ "$inc" = outfile.h ] ||
			! ls src/*/"$inc" >/dev/null 2>&1 ||
			complain "$f" "$inc" "typeset/ knows no rule, programme or template"
			;;
		esac
	done
done
: "$allowed_typeset"

typeset_headers=$(headers_of typeset)
decision_files=$(ls src/rules/*.[ch] src/programmes/*/model.h src/programmes/*/ingest.c \
	src/programmes/*/rules.c src/programmes/*/decide.c 2>/dev/null)
for f in $decision_files; do
	for inc in $(includes "$f"); do
		for h in $typeset_headers; do
			[ "$inc" = "$h" ] && complain "$f" "$inc" "decision logic never touches layout or PDF"
		done
	done
done

for f in $(grep -rlE '#include <(hb-subset|libdeflate|png)\.h>' src); do
	case "$f" in
	src/typeset/*) ;;
	*) complain "$f" "hb-subset.h, libdeflate.h or png.h" "only typeset/ subsets fonts, reads images and compresses PDF streams" ;;
	esac
done

# Every CSV output starts the same way (a byte-order mark unless --no-bom):
# it is opened through csv_open() (output/csvout.c) and nowhere else.
for f in $(grep -rlE 'outfile_open\([^;]*\.csv"' src); do
	[ "$f" = src/output/csvout.c ] && continue
	echo "layers: $f: opens a .csv output with outfile_open(); use csv_open(), which writes the byte-order mark"
	status=1
done

exit $status
