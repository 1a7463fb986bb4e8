/* csvread.h: streaming CSV input (RFC 4180, through libcsv), and the same
 * rows from a worksheet.
 *
 * Reads one file in bounded memory: bytes are decoded to UTF-8 (UTF-8 with
 * or without BOM, or GB18030 as Excel on a Chinese Windows writes it, found
 * by trying both), fed to libcsv by physical line so that every row knows
 * the line it starts on, and bound to a schema by header name: the English
 * key, the Chinese header or an alias (header.h), in any order, below any
 * title rows.
 *
 * Any input NAME.csv may instead be NAME.xlsx (never both): its sheet's
 * rows (xlsx.h) reach the same header binding, row checks and callback,
 * numbered by the sheet's rows; their messages name the cell (申报表!B17).
 *
 * The accounting rule: every physical record of the file reaches the
 * caller or the rejects list, with its own line number. Rows that are
 * broken as rows (wrong number of fields, bytes that are not text, NUL
 * bytes, an over-long field or record, a repeated header, a quote that
 * does not close) go to the rejects list here; every other row is handed
 * to the caller, trimmed. A quoted field may hold line breaks, but a row
 * never swallows a line that is a record of its own (one that, read alone
 * and strictly, has exactly the header's fields): the row whose quote did
 * not close is rejected, and the lines it had taken are read again. The
 * first column of a schema is its records' key (their id): a rejected
 * row's key is noted with the reject (rejects_note_record). */
#ifndef GRANTDOC_CSVREAD_H
#define GRANTDOC_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rejects.h"
#include "strbuf.h"

/* A field longer than this is refused: no real cell is a megabyte. libcsv
 * is never allowed a larger buffer, so a field of any length costs bounded
 * memory. */
#define CSV_FIELD_MAX (1024 * 1024)
/* One record, all its lines together, and how many physical lines it may
 * span: past either, a quoted field is taken for one whose closing quote
 * is missing. */
#define CSV_RECORD_MAX (4 * 1024 * 1024)
#define CSV_RECORD_LINES 100
#define CSV_RECORD_BOUNDS "100 lines or 4 MiB"
/* Columns a header may have; fields past the header's count are counted,
 * not kept. */
#define CSV_COLUMNS_MAX 1024

struct csv_column {
	const char *key; /* English key, matched case-insensitively */
	const char *zh;  /* Chinese header, matched exactly */
	bool required;
};

struct csv_schema {
	const struct csv_column *cols;
	int ncols;
};

struct csv_row {
	const char *file; /* name for messages, e.g. "applications.csv" */
	long line;        /* physical line where the row starts (header = 1) */
	/* By schema column; NULL when the file has no such column. */
	const char *const *cells;
	/* A worksheet's row: the sheet, and each schema column's position in
	 * the row (for cell references); NULL for CSV and XML. */
	const char *sheet;
	const int *col_of;
};

enum csv_encoding { CSV_ENC_AUTO, CSV_ENC_UTF8, CSV_ENC_GB18030 };

typedef void (*csv_row_fn)(const struct csv_row *row, void *ctx);

/* Parses "auto", "utf-8", "gb18030" (also "utf8", "gbk"). */
bool csv_encoding_parse(const char *s, enum csv_encoding *enc);

/* Reads the file at path. Returns false with a one-line message in *err
 * when the file as a whole cannot be used (unreadable, not a regular file
 * (regfile.h), empty, a required column missing, a column twice, a header
 * that cannot be read). */
bool csv_read(const char *path, const char *name, const struct csv_schema *schema, enum csv_encoding enc,
	      struct rejects *rejects, csv_row_fn fn, void *ctx, struct strbuf *err);

/* csv_read, with the worksheet to read when the input is given as
 * NAME.xlsx (NULL: the first visible sheet). */
bool csv_read_sheet(const char *path, const char *name, const char *sheet, const struct csv_schema *schema,
		    enum csv_encoding enc, struct rejects *rejects, csv_row_fn fn, void *ctx, struct strbuf *err);

/* dir/name if anything is there; an absent file is an empty one (true).
 * Anything present that is not a readable regular file — a FIFO, a
 * dangling symbolic link — is csv_read's error, never "absent". */
bool csv_read_optional(const char *dir, const char *name, const struct csv_schema *schema, enum csv_encoding enc,
		       struct rejects *rejects, csv_row_fn fn, void *ctx, struct strbuf *err);

/* True when path, or path with .xlsx for .csv, exists (or cannot be
 * told apart from existing: a permission error is csv_read's to report). */
bool csv_input_present(const char *path);
/* The form of input name present in dir: out gets "NAME.xlsx" when only
 * that is there, else name. False when neither is there. */
bool csv_input_form(const char *dir, const char *name, char *out, size_t n);

/* A workbook held in memory, read as NAME.xlsx would be (tests, fuzzing). */
bool csv_read_xlsx_memory(const void *data, size_t size, const char *name, const struct csv_schema *schema,
			  struct rejects *rejects, csv_row_fn fn, void *ctx, struct strbuf *err);

/* The same from an open stream (it must support rewind: a file or
 * fmemopen); for tests and fuzzing. */
bool csv_read_stream(FILE *f, const char *name, const struct csv_schema *schema, enum csv_encoding enc,
		     struct rejects *rejects, csv_row_fn fn, void *ctx, struct strbuf *err);

/* What makes one cell unreadable as text, or NULL: more than
 * CSV_FIELD_MAX bytes, a NUL byte, bytes that were not text (decoded as
 * U+FFFD), a byte-order mark inside. batch.xml checks its cells with the
 * same function, so both forms refuse the same values. */
const char *csv_cell_problem(const char *text, size_t len);

#endif
