# Shared by the end-to-end shell tests: counters, and files compared by hash.
# Source it after setting TMP.
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ $# -gt 1 ] && printf '     %s\n' "$2"; }

# hashes DIR: every file under DIR (but the lock) with its SHA-256
hashes() { (cd "$1" && find . -type f ! -name .grantdoc.lock | LC_ALL=C sort | xargs sha256sum); }
# same_files A B: the two directories hold the same files, byte for byte
same_files() { hashes "$1" >"$TMP/a.sum"; hashes "$2" >"$TMP/b.sum"; cmp -s "$TMP/a.sum" "$TMP/b.sum"; }

# broken_copy BROKEN EXPECTED_REJECTS N ROWS_PER_FILE: a sample's broken copy
# with N unreadable rows. Without --accept-rejects it is blocked (exit 3,
# OUT_DIR not made, ROWS_PER_FILE such as "3 rows in rejects.csv
# (applications.csv 3)" on stderr, the rejects in OUT_DIR.blocked/); with it,
# exit 0, the manifest counts the N rows treated as absent, and rejects.csv
# is EXPECTED_REJECTS. The accepted run is left in $TMP/broken-out.
broken_copy() {
	"$BIN" run "$1" --out "$TMP/blocked-out" --quiet 2>"$TMP/blocked.err"
	rc=$?
	[ "$rc" -eq 3 ] && [ ! -e "$TMP/blocked-out" ] && cmp -s "$TMP/blocked-out.blocked/rejects.csv" "$2" \
		&& grep -qF "$4" "$TMP/blocked.err" \
		&& ok "broken copy without --accept-rejects: blocked (exit 3), nothing drawn, $4, the rejects in OUT_DIR.blocked/" \
		|| bad "broken copy without --accept-rejects: exit $rc" "$(cat "$TMP/blocked.err")"
	"$BIN" run "$1" --out "$TMP/broken-out" --quiet --accept-rejects
	rc=$?
	[ "$rc" -eq 0 ] && grep -q "\"rejects_accepted\": $3" "$TMP/broken-out/manifest.json" \
		&& ok "broken copy with --accept-rejects: exit 0, the manifest counts the $3 rows treated as absent" \
		|| bad "broken copy with --accept-rejects: exit $rc" "$(grep rejects_accepted "$TMP/broken-out/manifest.json")"
	cmp -s "$TMP/broken-out/rejects.csv" "$2" \
		&& ok "broken copy: $3 unreadable rows in rejects.csv with line, field, value and reason" \
		|| bad "broken copy: rejects.csv" "$(diff "$TMP/broken-out/rejects.csv" "$2")"
}

finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
