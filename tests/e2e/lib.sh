# Shared by the end-to-end shell tests: counters, and files compared by hash.
# Source it after setting TMP.
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ $# -gt 1 ] && printf '     %s\n' "$2"; }

# hashes DIR: every file under DIR (but the lock) with its SHA-256
hashes() { (cd "$1" && find . -type f ! -name .grantdoc.lock | LC_ALL=C sort | xargs sha256sum); }
# same_files A B: the two directories hold the same files, byte for byte
same_files() { hashes "$1" >"$TMP/a.sum"; hashes "$2" >"$TMP/b.sum"; cmp -s "$TMP/a.sum" "$TMP/b.sum"; }

finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
