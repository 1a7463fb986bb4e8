/* pdfout.h: a display list -> a PDF file. The only module that knows
 * libharu.
 *
 * Fonts: each face a document uses is subset with HarfBuzz to the
 * characters drawn, embedded as a CIDFontType2 (Identity-H, glyph ids of
 * the subset) with a ToUnicode CMap written here, so every character —
 * including those above U+FFFF — extracts exactly. libharu writes the
 * objects, streams (Flate), pages and the file; it writes no clock time
 * and no random id, so the same display list gives the same bytes. */
#ifndef GRANTDOC_PDFOUT_H
#define GRANTDOC_PDFOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "display.h"
#include "fontset.h"
#include "strbuf.h"

struct pdf_meta {
	const char *title, *author, *subject, *keywords, *creator;
	int32_t created;     /* a date (day number), not the clock */
};

struct pdf_stats {
	long long bytes;
	int pages;
};

/* A PDF written page by page, for documents too long to hold whole:
 * first every page's characters are collected (pdf_writer_collect), then
 * the fonts are subset and the file begun, then the same pages are added
 * in order, then the file is saved. The bytes are those pdf_write gives
 * for the same pages. */
struct pdf_writer;
struct pdf_writer *pdf_writer_new(const struct fontset *fs);
void pdf_writer_collect(struct pdf_writer *pw, const struct dpage *p);
bool pdf_writer_begin(struct pdf_writer *pw, const struct pdf_meta *meta, const char *dir, const char *name,
		      struct strbuf *err);
void pdf_writer_page(struct pdf_writer *pw, const struct dpage *p);
bool pdf_writer_save(struct pdf_writer *pw, const char *dir, const char *name, struct pdf_stats *stats,
		     struct strbuf *err);
void pdf_writer_free(struct pdf_writer *pw);

/* The whole display at once. Writes path atomically (temporary name,
 * fsync, rename). */
bool pdf_write(const struct display *d, const struct fontset *fs, const struct pdf_meta *meta,
	       const char *dir, const char *name, struct pdf_stats *stats, struct strbuf *err);

#endif
