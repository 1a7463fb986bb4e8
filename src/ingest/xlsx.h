/* xlsx.h: one worksheet of an Excel workbook, read as a stream of rows.
 *
 * The workbook is a ZIP archive (read with libzip) of XML parts (read with
 * libxml2's xmlTextReader, one node at a time): the sheet's rows are handed
 * to a callback as they are parsed, so memory holds one row, the shared
 * strings and the styles, never the sheet. Each cell becomes the text its
 * CSV form would hold when it can be read exactly, and a problem otherwise:
 *
 *   shared, inline and formula strings   the text (_xHHHH_ escapes decoded,
 *                                        phonetic runs left out)
 *   numbers                              shortest decimal, at most 15
 *                                        significant digits as Excel keeps
 *                                        them: 380000, 4.5, 0.3
 *   a whole part of more than 15 digits  problem: not stored exactly (an
 *                                        18-digit ID typed as a number)
 *   percent format                       value × 100 and "%": 4.5%
 *   zero-padding format "000000"         padded: 000123
 *   date and time formats (serials)      2024-12-04, 2024-12-04 16:30,
 *                                        16:30; 1900 and 1904 systems;
 *                                        serial 60 of the 1900 system (the
 *                                        29 February 1900 Excel invents), 0,
 *                                        negative serials and serials past
 *                                        9999-12-31 are problems
 *   booleans                             TRUE / FALSE
 *   formulas                             their cached value; none: problem
 *   error values (#N/A, #DIV/0!)         problem
 *   a cell covered by a merged range     problem (its value is in the
 *                                        range's top-left cell only)
 *
 * A workbook that is not a safe, readable archive is refused as a whole:
 * more entries, bytes or expansion than the limits below, a part that
 * expands past its declared size, encryption, a compression method other
 * than store and deflate, a DOCTYPE in any part (no DTD is loaded, no
 * entity substituted, no network used), XML that is not well-formed. */
#ifndef GRANTDOC_XLSX_H
#define GRANTDOC_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* Limits. A real grant export of 100,000 rows is about 10 MB zipped and
 * 150 MB of sheet XML, compressed about 15 times. */
#define XLSX_FILE_MAX (INT64_C(512) << 20)    /* the .xlsx file */
#define XLSX_ENTRIES_MAX 10000                /* entries in the archive */
#define XLSX_PART_MAX (INT64_C(1) << 30)      /* one part, expanded */
#define XLSX_TOTAL_MAX (INT64_C(2) << 30)     /* every part read, expanded */
#define XLSX_RATIO_MAX 200                    /* expanded / compressed … */
#define XLSX_RATIO_GRACE (INT64_C(1) << 20)   /* … once past 1 MiB */
#define XLSX_STRINGS_MAX (INT64_C(256) << 20) /* shared strings held */
#define XLSX_ROW_TEXT_MAX (INT64_C(64) << 20) /* one row's cell text */
#define XLSX_CELL_MAX (1024 * 1024)           /* one cell (CSV_FIELD_MAX) */
#define XLSX_STYLES_MAX 65536                 /* cell formats */
#define XLSX_SHEETS_MAX 4096
#define XLSX_MAX_ROW 1048576 /* Excel's grid */
#define XLSX_MAX_COL 16384   /* column XFD */

struct xlsx_cell {
	const char *text;    /* never NULL; "" when the cell is empty */
	const char *problem; /* NULL, or why the cell cannot be read exactly */
};

struct xlsx_row {
	const char *sheet; /* the sheet's name, for messages */
	long number;       /* the sheet's row number, 1-based */
	/* cells[i] is column i (0 = A); trailing empty cells are not counted. */
	const struct xlsx_cell *cells;
	int ncells;
};

/* Called for every row holding at least one cell element, in sheet order.
 * Return false to stop reading (the read then fails with *err as left by
 * the callback). */
typedef bool (*xlsx_row_fn)(const struct xlsx_row *row, void *ctx);

/* Reads the sheet named sheet, or the first sheet that is not hidden when
 * sheet is NULL, of the workbook at path (called name in messages). False
 * with one line in *err when the workbook as a whole cannot be read. */
bool xlsx_read(const char *path, const char *name, const char *sheet, xlsx_row_fn fn, void *ctx, struct strbuf *err);

/* The same from memory (tests and fuzzing). */
bool xlsx_read_memory(const void *data, size_t size, const char *name, const char *sheet, xlsx_row_fn fn, void *ctx,
		      struct strbuf *err);

/* "B17" for column 1 (0-based), row 17; buf holds at least 16 bytes. */
void xlsx_cell_ref(int col, long row, char *buf);

/* ---- cell conversions, exposed for tests ---- */

enum xlsx_format {
	XLSX_FMT_GENERAL, /* numbers as they are */
	XLSX_FMT_PERCENT,
	XLSX_FMT_ZEROPAD,  /* "000000": whole numbers padded to the width */
	XLSX_FMT_DATE,     /* date; a time of day shown only when not 00:00 */
	XLSX_FMT_DATETIME, /* date and time, always both */
	XLSX_FMT_TIME,     /* time of day; a date shown only when the serial has one */
};

/* The class of a number format: a built-in id, or a custom format code
 * (code non-NULL). *width is the padding for XLSX_FMT_ZEROPAD. */
enum xlsx_format xlsx_format_of(int numfmt_id, const char *code, int *width);

/* The number as the cell's text under format fmt. False with *problem set
 * when it cannot be written exactly (the text is then the raw value). */
bool xlsx_number_text(const char *value, enum xlsx_format fmt, int width, bool date1904, struct strbuf *out,
		      const char **problem);

#endif
