#!/bin/sh
# Install the Debian packages grantdoc needs, and only those that are missing.
# Run as root on a fresh Debian machine (make demo / make check call it).
# Without root it only reports what is missing, so a developer's own
# machine is never changed behind their back.
set -eu

# The faces of fonts/fonts.conf (GB/T 9704 roles: FandolFang and FandolKai
# from TeX Live, Noto Serif/Sans CJK, AR PL UKai). The sRGB profile of the
# PDF/A output intent is made by grantdoc (src/typeset/srgb.c).
PACKAGES="build-essential pkg-config
libxml2-dev libcsv-dev libzip-dev libxlsxwriter-dev libcmocka-dev libssl-dev
libharfbuzz-dev libunibreak-dev libfontconfig-dev libicu-dev libdeflate-dev libpng-dev
poppler-utils qpdf python3 valgrind
fonts-noto-cjk texlive-lang-chinese fonts-arphic-ukai"

case "${1:-}" in
# "deps.sh fuzz": what make fuzz needs on top.
fuzz) PACKAGES="clang libclang-rt-14-dev $PACKAGES" ;;
# "deps.sh check": what only the tests need (make check, never make demo):
# Apache PDFBox Preflight for PDF/A-1b with the Java it runs on, fontTools
# to build the test fonts, openpyxl to write the samples' .xlsx forms,
# pdfminer and PyICU for pagecheck.py.
check) PACKAGES="$PACKAGES default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java python3-fonttools python3-openpyxl python3-pdfminer python3-icu" ;;
esac

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing Debian packages:$missing (run 'make deps' as root)" >&2
	exit 1
fi

echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# Two builds on one machine (parallel make checks) must not fight over
# apt's locks: one installs, the other waits for it.
exec 9>/var/lock/grantdoc-deps.lock
flock 9
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends $missing >/dev/null
