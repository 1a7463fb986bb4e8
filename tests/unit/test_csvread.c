/* The CSV reader: encodings, headers, quoting, line numbers, broken rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "diag.h"
#include "utf8.h"

static const struct csv_column COLS[] = {
	{ "id", "申报编号", true },
	{ "name", "名称", true },
	{ "note", "备注", false },
};
static const struct csv_schema SCHEMA = { COLS, 3 };

struct seen {
	int n;
	long line[64];
	char id[64][64];
	char name[64][256];
	int note_present[64];
};

static void collect(const struct csv_row *row, void *ctx)
{
	struct seen *s = ctx;
	assert_true(s->n < 64);
	s->line[s->n] = row->line;
	snprintf(s->id[s->n], 64, "%s", row->cells[0]);
	snprintf(s->name[s->n], 256, "%s", row->cells[1]);
	s->note_present[s->n] = row->cells[2] != NULL;
	s->n++;
}

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/gd-csv-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	diag_set_quiet(1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	return system(cmd);
}

static const char *write_bytes(const char *name, const char *bytes, size_t n)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	fclose(f);
	return path;
}

static const char *write_text(const char *name, const char *text)
{
	return write_bytes(name, text, strlen(text));
}

struct result {
	bool ok;
	struct seen seen;
	struct arena arena;
	struct rejects rejects;
	struct strbuf err;
};

static void read_path(struct result *res, const char *path, enum csv_encoding enc)
{
	memset(res, 0, sizeof *res);
	arena_init(&res->arena);
	rejects_init(&res->rejects, &res->arena);
	sb_init(&res->err);
	res->ok = csv_read(path, "t.csv", &SCHEMA, enc, &res->rejects, collect, &res->seen, &res->err);
}

static void done(struct result *res)
{
	rejects_free(&res->rejects);
	arena_free(&res->arena);
	sb_free(&res->err);
}

static void test_english_and_chinese_headers_any_order(void **state)
{
	(void)state;
	struct result r;
	read_path(&r, write_text("a.csv", "name,ID\nAlice,A1\n"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 1);
	assert_string_equal(r.seen.id[0], "A1");
	assert_string_equal(r.seen.name[0], "Alice");
	assert_false(r.seen.note_present[0]);
	done(&r);
	read_path(&r, write_text("b.csv", "备注,名称,申报编号\n无,山西,SX-1\n"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_string_equal(r.seen.id[0], "SX-1");
	assert_string_equal(r.seen.name[0], "山西");
	assert_true(r.seen.note_present[0]);
	done(&r);
}

static void test_bom_and_gb18030(void **state)
{
	(void)state;
	struct result r;
	read_path(&r, write_text("bom.csv", "\xEF\xBB\xBF申报编号,名称\nSX-1,喆堃\n"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_string_equal(r.seen.name[0], "喆堃");
	done(&r);

	const char *utf8 = "申报编号,名称\r\nSX-2,太原䶮材料有限公司\r\n";
	char gb[256];
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char *ip = (char *)utf8, *op = gb;
	size_t il = strlen(utf8), ol = sizeof gb;
	assert_int_not_equal(iconv(cd, &ip, &il, &op, &ol), (size_t)-1);
	iconv_close(cd);
	const char *path = write_bytes("gb.csv", gb, sizeof gb - ol);
	read_path(&r, path, CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 1);
	assert_string_equal(r.seen.name[0], "太原䶮材料有限公司");
	done(&r);
	read_path(&r, path, CSV_ENC_GB18030);
	assert_string_equal(r.seen.name[0], "太原䶮材料有限公司");
	done(&r);
	/* Forced UTF-8 on GB18030 bytes: every row with bad bytes is refused. */
	read_path(&r, path, CSV_ENC_UTF8);
	assert_false(r.ok); /* the header itself is not UTF-8 */
	done(&r);
}

static void test_quotes_commas_newlines_and_line_numbers(void **state)
{
	(void)state;
	struct result r;
	read_path(&r,
		  write_text("q.csv", "id,name\n"
				      "A1,\"a, b\"\n"
				      "A2,\"say \"\"hi\"\"\"\n"
				      "A3,\"two\nlines\nhere\"\n"
				      "\n"
				      "A4,after\n"),
		  CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 4);
	assert_string_equal(r.seen.name[0], "a, b");
	assert_string_equal(r.seen.name[1], "say \"hi\"");
	assert_string_equal(r.seen.name[2], "two\nlines\nhere");
	assert_int_equal(r.seen.line[0], 2);
	assert_int_equal(r.seen.line[1], 3);
	assert_int_equal(r.seen.line[2], 4);
	assert_int_equal(r.seen.line[3], 8);
	done(&r);
}

static void test_line_ends_crlf_cr_and_no_final_newline(void **state)
{
	(void)state;
	struct result r;
	read_path(&r, write_text("crlf.csv", "id,name\r\nA1,x\r\n\r\nA2,y"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 2);
	assert_int_equal(r.seen.line[1], 4);
	assert_string_equal(r.seen.name[1], "y");
	done(&r);
	read_path(&r, write_text("cr.csv", "id,name\rA1,x\rA2,y\r"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 2);
	assert_int_equal(r.seen.line[0], 2);
	assert_int_equal(r.seen.line[1], 3);
	done(&r);
	/* CR-only rows with a line break quoted inside a field: that LF is a
	 * line of its own, not half of a CR LF. */
	read_path(&r, write_text("crq.csv", "id,name\rA1,\"two\nlines\"\rA2,y\r\rA3,z\r"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 3);
	assert_string_equal(r.seen.name[0], "two\nlines");
	assert_int_equal(r.seen.line[1], 4);
	assert_int_equal(r.seen.line[2], 6);
	done(&r);
}

static void test_trimming_ascii_and_ideographic_space(void **state)
{
	(void)state;
	struct result r;
	read_path(&r, write_text("t.csv", " id , name \nA1,\"\xE3\x80\x80 山西 \xE3\x80\x80\"\n"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_string_equal(r.seen.name[0], "山西");
	done(&r);
}

static void test_blank_rows_and_comma_only_rows_skipped(void **state)
{
	(void)state;
	struct result r;
	read_path(&r, write_text("b.csv", "id,name\n,\n   \nA1,x\n,,\n"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 1);
	assert_int_equal(r.seen.line[0], 4);
	assert_int_equal(r.rejects.count, 0);
	done(&r);
}

static void test_missing_required_and_duplicate_columns(void **state)
{
	(void)state;
	struct result r;
	read_path(&r, write_text("m.csv", "id,note\nA1,x\n"), CSV_ENC_AUTO);
	assert_false(r.ok);
	assert_string_equal(sb_str(&r.err), "t.csv:1: required column missing: 'name' (名称)");
	done(&r);
	read_path(&r, write_text("d.csv", "id,name,申报编号\nA1,x,y\n"), CSV_ENC_AUTO);
	assert_false(r.ok);
	assert_string_equal(sb_str(&r.err),
			    "t.csv:1: column 'id' (申报编号) appears twice in the header ('id' and '申报编号')");
	done(&r);
}

static void test_unknown_column_warns_once(void **state)
{
	(void)state;
	int before = diag_warning_count();
	struct result r;
	read_path(&r, write_text("u.csv", "id,name,colour\nA1,x,red\nA2,y,blue\n"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 2);
	assert_int_equal(diag_warning_count(), before + 1);
	done(&r);
}

static void test_field_count_mismatch(void **state)
{
	(void)state;
	struct result r;
	read_path(&r, write_text("f.csv", "id,name\nA1\nA2,x,extra\nA3,y,,\nA4,z\n"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 2); /* A3 (empty extras) and A4 */
	assert_string_equal(r.seen.id[0], "A3");
	assert_int_equal(r.rejects.count, 2);
	assert_int_equal(r.rejects.items[0].line, 2);
	assert_string_equal(r.rejects.items[0].error, "too few fields: the row has 1, the header 2");
	assert_int_equal(r.rejects.items[1].line, 3);
	assert_string_equal(r.rejects.items[1].error, "too many fields: the row has 3, the header 2");
	done(&r);
}

static void test_invalid_bytes_nul_bom_and_repeated_header(void **state)
{
	(void)state;
	static const char data[] = "id,name\nA1,ok\nA2,bad\xFF\xFEx\nA3,nul\0x\nA4,\xEF\xBB\xBFmid\nid,name\nA5,fine\n";
	struct result r;
	read_path(&r, write_bytes("i.csv", data, sizeof data - 1), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 2);
	assert_string_equal(r.seen.id[1], "A5");
	assert_int_equal(r.rejects.count, 4);
	assert_int_equal(r.rejects.items[0].line, 3);
	assert_string_equal(r.rejects.items[0].field, "name");
	assert_string_equal(r.rejects.items[0].error, "bytes that are not valid UTF-8 or GB18030 text");
	assert_string_equal(r.rejects.items[1].error, "NUL byte in field");
	assert_int_equal(r.rejects.items[1].line, 4);
	assert_string_equal(r.rejects.items[2].error, "byte-order mark (U+FEFF) inside a field");
	assert_string_equal(r.rejects.items[3].error, "header row repeated inside the file");
	assert_int_equal(r.rejects.items[3].line, 6);
	done(&r);
}

static void test_overlong_field(void **state)
{
	(void)state;
	size_t big = CSV_FIELD_MAX + 10;
	char *data = malloc(big + 64);
	int n = sprintf(data, "id,name\nA1,");
	memset(data + n, 'x', big);
	strcpy(data + n + big, "\nA2,y\n");
	struct result r;
	read_path(&r, write_bytes("big.csv", data, strlen(data)), CSV_ENC_AUTO);
	free(data);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 1);
	assert_int_equal(r.rejects.count, 1);
	assert_string_equal(r.rejects.items[0].error, "field longer than 1 MiB");
	assert_int_equal(r.seen.line[0], 3);
	done(&r);
}

static void test_empty_file_directory_and_missing(void **state)
{
	(void)state;
	struct result r;
	read_path(&r, write_text("e.csv", ""), CSV_ENC_AUTO);
	assert_false(r.ok);
	assert_string_equal(sb_str(&r.err), "t.csv: empty file, no header row");
	done(&r);
	read_path(&r, tmpdir, CSV_ENC_AUTO);
	assert_false(r.ok);
	assert_string_equal(sb_str(&r.err), "t.csv: not a regular file (a directory)");
	done(&r);
	read_path(&r, "/nonexistent/x.csv", CSV_ENC_AUTO);
	assert_false(r.ok);
	assert_string_equal(sb_str(&r.err), "t.csv: cannot open: No such file or directory");
	done(&r);
}

/* The accounting rule: every physical record ends with the caller or in
 * the rejects, with its own line; no line is lost to an unclosed quote. */
static void assert_reject(const struct result *r, int i, long line, const char *field, const char *value,
			  const char *error)
{
	assert_true(i < r->rejects.count);
	assert_int_equal(r->rejects.items[i].line, line);
	assert_string_equal(r->rejects.items[i].field, field);
	assert_string_equal(r->rejects.items[i].value, value);
	assert_string_equal(r->rejects.items[i].error, error);
}

static void test_unclosed_quote_never_swallows_a_record(void **state)
{
	(void)state;
	struct result r;
	/* The next line is a whole record: the open row is rejected there. */
	read_path(&r, write_text("u1.csv", "id,name\nA1,\"open\nA2,ok\nA3,\"quoted\"\nA4,fine\n"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 3);
	assert_string_equal(r.seen.id[0], "A2");
	assert_int_equal(r.seen.line[0], 3);
	assert_string_equal(r.seen.id[2], "A4");
	assert_int_equal(r.seen.line[2], 5);
	assert_int_equal(r.rejects.count, 1);
	assert_reject(&r, 0, 2, "name", "open",
		      "quote not closed: the quoted field runs into line 3, a record of its own");
	done(&r);
	/* libcsv alone would close the quote at A2's "t2", and the merged row
	 * would even have the right number of fields: A2 would vanish. */
	read_path(&r, write_text("u2.csv", "id,name,note\nA1,\"unclosed, x\nA2,\"t2\",y\nA3,z,w\n"), CSV_ENC_AUTO);
	assert_int_equal(r.seen.n, 2);
	assert_string_equal(r.seen.id[0], "A2");
	assert_string_equal(r.seen.name[0], "t2");
	assert_string_equal(r.seen.id[1], "A3");
	assert_reject(&r, 0, 2, "name", "unclosed, x",
		      "quote not closed: the quoted field runs into line 3, a record of its own");
	done(&r);
	/* Lines inside a legitimate multi-line field are not records. */
	read_path(&r, write_text("u3.csv", "id,name\nA1,\"first\nsecond, with a comma\"\nA2,x\n"), CSV_ENC_AUTO);
	assert_int_equal(r.seen.n, 2);
	assert_string_equal(r.seen.name[0], "first\nsecond, with a comma");
	assert_int_equal(r.rejects.count, 0);
	done(&r);
}

static void test_unclosed_quote_at_the_end_and_past_the_bounds(void **state)
{
	(void)state;
	struct result r;
	/* To the end of the file: the row is rejected, the lines it took are
	 * read again, each with its own line (here: too few fields). */
	read_path(&r, write_text("e1.csv", "id,name\nA1,ok\nA2,\"never closed\nmore text\n"), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 1);
	assert_int_equal(r.rejects.count, 2);
	assert_reject(&r, 0, 3, "name", "never closed", "quote not closed before the end of the file");
	assert_reject(&r, 1, 4, "", "more text", "too few fields: the row has 1, the header 2");
	done(&r);
	/* CR-only line ends, and no final line break. */
	read_path(&r, write_text("e2.csv", "id,name\rA1,\"open\rA2,ok\rA3,\"x"), CSV_ENC_AUTO);
	assert_int_equal(r.seen.n, 1);
	assert_string_equal(r.seen.id[0], "A2");
	assert_int_equal(r.seen.line[0], 3);
	assert_reject(&r, 0, 2, "name", "open",
		      "quote not closed: the quoted field runs into line 3, a record of its own");
	assert_reject(&r, 1, 4, "name", "x", "quote not closed before the end of the file");
	done(&r);
	/* A quoted field may span CSV_RECORD_LINES lines, not one more; the
	 * lines after the bound are read again on their own. */
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "id,name\nA1,\"start\n");
	for (int i = 0; i < CSV_RECORD_LINES - 2; i++)
		sb_puts(&sb, "line\n");
	sb_puts(&sb, "end\"\nA2,\"start\n");
	for (int i = 0; i < CSV_RECORD_LINES - 1; i++)
		sb_puts(&sb, "line\n");
	sb_puts(&sb, "end\"\nA3,x\n");
	read_path(&r, write_bytes("e3.csv", sb.data, sb.len), CSV_ENC_AUTO);
	sb_free(&sb);
	assert_int_equal(r.seen.n, 2);
	assert_string_equal(r.seen.id[0], "A1");
	assert_string_equal(r.seen.id[1], "A3");
	assert_int_equal(r.seen.line[1], 2 + 2 * CSV_RECORD_LINES + 1);
	assert_reject(&r, 0, 2 + CSV_RECORD_LINES, "name", "start",
		      "quoted field runs past 100 lines or 4 MiB: its closing quote is missing");
	/* then every line it had taken, and the line that broke the bound */
	assert_int_equal(r.rejects.count, 1 + CSV_RECORD_LINES);
	assert_reject(&r, 1, 3 + CSV_RECORD_LINES, "", "line", "too few fields: the row has 1, the header 2");
	assert_reject(&r, CSV_RECORD_LINES, 2 + 2 * CSV_RECORD_LINES, "", "end\"",
		      "too few fields: the row has 1, the header 2");
	done(&r);
}

static void test_unclosed_quote_in_the_header_stops_the_file(void **state)
{
	(void)state;
	struct result r;
	read_path(&r, write_text("h.csv", "id,\"name\nA1,x\n"), CSV_ENC_AUTO);
	assert_false(r.ok);
	assert_string_equal(sb_str(&r.err),
			    "t.csv:1: the header row cannot be read: quote not closed before the end of the file");
	done(&r);
}

/* A line of NUL bytes is a broken record, not a blank line. */
static void test_nul_filled_line_is_rejected_not_skipped(void **state)
{
	(void)state;
	char data[64];
	int n = sprintf(data, "id,name\nA1,x\n");
	memset(data + n, 0, 16);
	n += 16;
	n += sprintf(data + n, "\nA2,y\n");
	struct result r;
	read_path(&r, write_bytes("nul.csv", data, (size_t)n), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 2);
	assert_int_equal(r.seen.line[1], 4);
	assert_int_equal(r.rejects.count, 1);
	assert_reject(&r, 0, 3, "id", "", "NUL byte in field");
	done(&r);
}

/* A field of 50 MB with a line break in it, and a line of a million
 * commas: refused or counted, never held (the memory it costs is measured
 * on the release binary in tests/e2e/hostile.py). */
static void test_memory_bounded_whatever_the_length(void **state)
{
	(void)state;
	size_t big = 50u << 20;
	char *data = malloc(big + 64);
	int n = sprintf(data, "id,name\nA1,\"");
	memset(data + n, 'x', big);
	memcpy(data + n + 100, "\n", 1);
	strcpy(data + n + big, "\"\nA2,y\n");
	struct result r;
	read_path(&r, write_bytes("huge.csv", data, strlen(data)), CSV_ENC_AUTO);
	assert_true(r.ok);
	assert_int_equal(r.seen.n, 1);
	assert_string_equal(r.seen.id[0], "A2");
	assert_int_equal(r.seen.line[0], 4);
	assert_int_equal(r.rejects.count, 2);
	assert_reject(
		&r, 0, 2, "name",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"quoted field runs past 100 lines or 4 MiB: its closing quote is missing");
	/* the rest, read again from line 3 on its own: one field of 50 MB */
	assert_reject(&r, 1, 3, "id", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		      "field longer than 1 MiB");
	done(&r);

	n = sprintf(data, "id,name\nA1,x");
	memset(data + n, ',', 1000000);
	strcpy(data + n + 1000000, "\nA2,y");
	data[n + 500000] = 'z';
	read_path(&r, write_bytes("commas.csv", data, strlen(data)), CSV_ENC_AUTO);
	free(data);
	assert_int_equal(r.seen.n, 1);
	assert_reject(&r, 0, 2, "", "A1", "too many fields: the row has 1000001, the header 2");
	done(&r);
}

static void test_not_regular_files_refused_at_once(void **state)
{
	(void)state;
	struct result r;
	char path[256];
	snprintf(path, sizeof path, "%s/fifo.csv", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	read_path(&r, path, CSV_ENC_AUTO); /* would block forever if opened for reading */
	assert_false(r.ok);
	assert_string_equal(sb_str(&r.err), "t.csv: not a regular file (a FIFO)");
	done(&r);
	read_path(&r, "/dev/zero", CSV_ENC_AUTO); /* would never end */
	assert_string_equal(sb_str(&r.err), "t.csv: not a regular file (a character device)");
	done(&r);
	snprintf(path, sizeof path, "%s/dangling.csv", tmpdir);
	assert_int_equal(symlink("nowhere.csv", path), 0);
	read_path(&r, path, CSV_ENC_AUTO);
	assert_string_equal(sb_str(&r.err), "t.csv: a symbolic link to a file that does not exist");
	done(&r);
	/* An optional file: absent only when nothing is there at all. */
	struct seen seen = { 0 };
	struct arena a;
	arena_init(&a);
	struct rejects rej;
	rejects_init(&rej, &a);
	struct strbuf err = STRBUF_INIT;
	assert_true(csv_read_optional(tmpdir, "absent.csv", &SCHEMA, CSV_ENC_AUTO, &rej, collect, &seen, &err));
	assert_false(csv_read_optional(tmpdir, "dangling.csv", &SCHEMA, CSV_ENC_AUTO, &rej, collect, &seen, &err));
	assert_string_equal(sb_str(&err), "dangling.csv: a symbolic link to a file that does not exist");
	sb_reset(&err);
	assert_false(csv_read_optional(tmpdir, "fifo.csv", &SCHEMA, CSV_ENC_AUTO, &rej, collect, &seen, &err));
	assert_string_equal(sb_str(&err), "fifo.csv: not a regular file (a FIFO)");
	sb_free(&err);
	rejects_free(&rej);
	arena_free(&a);
}

/* A value cut for a message ends on a character boundary. */
static void test_cut_values_stay_text(void **state)
{
	(void)state;
	size_t big = CSV_FIELD_MAX + 10;
	char *data = malloc(big + 64);
	int n = sprintf(data, "id,name\nA1,a");
	for (size_t i = 0; i + 3 <= big; i += 3)
		memcpy(data + n + i, "山", 3);
	strcpy(data + n + big - big % 3, "\nA2,y\n");
	struct result r;
	read_path(&r, write_bytes("cjk.csv", data, strlen(data)), CSV_ENC_AUTO);
	free(data);
	assert_int_equal(r.rejects.count, 1);
	/* 64 bytes would end inside the 22nd 山: 1 + 21 * 3 = 64 exactly is a
	 * boundary; the value is "a" and 21 of them */
	const char *v = r.rejects.items[0].value;
	assert_int_equal(strlen(v), 64);
	assert_int_equal(utf8_length(v), 22);
	done(&r);
}

struct tally {
	int n;
	long last_line;
	int bad;
};

static void count(const struct csv_row *row, void *ctx);

static void test_rows_across_chunk_boundaries(void **state)
{
	(void)state;
	/* 5,000 rows of Chinese text cross many 64 KiB read chunks. */
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "id,name\n");
	for (int i = 0; i < 5000; i++)
		sb_printf(&sb, "A%d,\"山西省科学技术厅第%d号,\"\"引号\"\"\n续行\"\n", i, i);
	struct result r;
	memset(&r, 0, sizeof r);
	arena_init(&r.arena);
	rejects_init(&r.rejects, &r.arena);
	sb_init(&r.err);
	struct tally tally = { 0, 0, 0 };
	r.ok = csv_read(write_bytes("many.csv", sb.data, sb.len), "t.csv", &SCHEMA, CSV_ENC_AUTO, &r.rejects, count,
			&tally, &r.err);
	assert_true(r.ok);
	assert_int_equal(tally.n, 5000);
	assert_int_equal(tally.bad, 0);
	assert_int_equal(tally.last_line, 2 + 2 * 4999);
	sb_free(&sb);
	done(&r);
}

static void count(const struct csv_row *row, void *ctx)
{
	struct tally *t = ctx;
	char want[96];
	snprintf(want, sizeof want, "山西省科学技术厅第%d号,\"引号\"\n续行", t->n);
	if (strcmp(row->cells[1], want) != 0 || row->line != 2 + 2L * t->n)
		t->bad++;
	t->last_line = row->line;
	t->n++;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_and_chinese_headers_any_order),
		cmocka_unit_test(test_bom_and_gb18030),
		cmocka_unit_test(test_quotes_commas_newlines_and_line_numbers),
		cmocka_unit_test(test_line_ends_crlf_cr_and_no_final_newline),
		cmocka_unit_test(test_trimming_ascii_and_ideographic_space),
		cmocka_unit_test(test_blank_rows_and_comma_only_rows_skipped),
		cmocka_unit_test(test_missing_required_and_duplicate_columns),
		cmocka_unit_test(test_unknown_column_warns_once),
		cmocka_unit_test(test_field_count_mismatch),
		cmocka_unit_test(test_invalid_bytes_nul_bom_and_repeated_header),
		cmocka_unit_test(test_overlong_field),
		cmocka_unit_test(test_empty_file_directory_and_missing),
		cmocka_unit_test(test_rows_across_chunk_boundaries),
		cmocka_unit_test(test_unclosed_quote_never_swallows_a_record),
		cmocka_unit_test(test_unclosed_quote_at_the_end_and_past_the_bounds),
		cmocka_unit_test(test_unclosed_quote_in_the_header_stops_the_file),
		cmocka_unit_test(test_nul_filled_line_is_rejected_not_skipped),
		cmocka_unit_test(test_memory_bounded_whatever_the_length),
		cmocka_unit_test(test_not_regular_files_refused_at_once),
		cmocka_unit_test(test_cut_values_stay_text),
	};
	return cmocka_run_group_tests_name("csvread", tests, setup, teardown);
}
