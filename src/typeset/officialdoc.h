/* officialdoc.h: a 公文 laid out by GB/T 9704-2012 (党政机关公文格式).
 *
 * The document is a list of blocks (title, addressee, paragraphs at four
 * heading levels, attachments, signature, tables) plus the 版头 and 版记;
 * composing it gives display pages. This module knows the national layout
 * and nothing of grants: the words come from templates.
 *
 * Pages: the text block sits 28 mm from the binding edge, which is the
 * left edge of odd pages and the right edge of even ones (mirrored).
 * Pagination keeps what belongs together: a heading with the first two
 * lines after it; a paragraph's first two and last two lines; 发文机关署名
 * and 成文日期 with at least the last two lines of body text and room for
 * a 42 mm seal under them (GB/T 9704 7.3.5.1, 7.3.5.4: body lines are
 * carried over rather than leaving the signature alone); blank lines
 * shrink or vanish at a page's end so that a cover or the line after them
 * stays on its page; a table row with its header on every page, totals
 * with two body rows. */
#ifndef GRANTDOC_OFFICIALDOC_H
#define GRANTDOC_OFFICIALDOC_H

#include <stdbool.h>
#include <stdint.h>

#include "display.h"
#include "fontset.h"

#define MM (72.0 / 25.4)
#define A4_W (210 * MM)
#define A4_H (297 * MM)

enum block_kind {
	BK_PARA,        /* body paragraph, indented two characters */
	BK_HEADING1,    /* 一、 黑体 */
	BK_HEADING2,    /* （一） 楷体 */
	BK_HEADING3,    /* 1. body face */
	BK_HEADING4,    /* （1） body face */
	BK_TITLE,       /* 2号, centred, wrapped whole */
	BK_ADDRESSEE,   /* flush left, ends with ： */
	BK_ATTACHMENTS, /* 附件：1. …, one item per line of text */
	BK_SIGNATURE,   /* signer and date: text "signer\ndate" */
	BK_BLANK,       /* an empty line */
	BK_TABLE,
	BK_PAGEBREAK, /* the next block starts a new page */
};

/* Where a piece of the text came from, to name the field in errors. */
struct provenance {
	int offset, length; /* bytes in the block's text */
	const char *field;
};

enum { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

struct table_col {
	const char *header;
	double weight; /* share of the table width */
	int align;
};

enum row_kind { ROW_BODY, ROW_SUBTOTAL, ROW_TOTAL };

/* Totals and subtotals are set in the heading face, each cell aligned as
 * its column, and never start a page with fewer than two body rows above
 * them. Amounts of a right-aligned column of numbers are written with one
 * precision (the most decimals any of them has). Column widths follow the
 * weights, then the content: a column is never narrower than its widest
 * header word or amount in capitals, and width a column's longest cell does
 * not use goes to the columns that wrap. */
struct table {
	int ncols;
	struct table_col cols[10];
	const char *const *cells;   /* nrows × ncols, row-major */
	const char *const *row_ids; /* record id of each row, for errors; may be NULL */
	int nrows;
	int totals_rows;                /* the last rows are totals */
	double size;                    /* 14 (4号) or 12 (小4号) */
	bool landscape;                 /* set turned on portrait sheets (GB/T 9704 10.2) */
	const char *label;              /* 附件 label top left of its first page, or NULL */
	const char *caption;            /* title over the table, or NULL */
	bool no_header;                 /* a form: no header row */
	bool new_page;                  /* start on a page of its own */
	const unsigned char *row_kinds; /* enum row_kind per row, or NULL (totals_rows decides) */
	const unsigned char *row_lines; /* the least lines each row takes (room to sign), or NULL */
	bool keep;                      /* never split: a signing block */
};

struct block {
	enum block_kind kind;
	const char *text;
	const struct provenance *prov;
	int nprov;
	const struct table *table;
};

struct officialdoc {
	const char *mark;       /* 发文机关标志, NULL for none */
	const char *doc_number; /* 发文字号, may be NULL */
	const struct block *blocks;
	int nblocks;
	const char *cc;         /* 抄送, NULL for none */
	const char *printer;    /* 印发机关, NULL: no 版记 */
	const char *print_date; /* 印发日期 */
	bool landscape;         /* pages start in landscape (forms, sheets) */
	bool letter;            /* 信函格式 (GB/T 9704 10.1) instead of the 文件 版头 */
	const char *seal_image; /* a PNG drawn under 署名 and date, or NULL */
};

/* A character that no configured face has: the document is not drawn. */
struct compose_error {
	uint32_t cp;
	const char *field; /* from the provenance, or "template" */
};

bool officialdoc_compose(const struct officialdoc *doc, const struct fontset *fs, struct display *out,
			 struct compose_error *err);

/* Geometry, exposed for tests. */
#define GB_LEFT (28 * MM)
#define GB_TOP_MARGIN (37 * MM)
#define GB_BLOCK_W (156 * MM)
#define GB_BLOCK_H (225 * MM)
#define GB_LINE_PITCH (GB_BLOCK_H / 22)
#define GB_CHAR_PITCH (GB_BLOCK_W / 28)
#define GB_BODY_SIZE 16.0
#define GB_TITLE_SIZE 22.0
#define GB_SMALL_SIZE 14.0

#endif
