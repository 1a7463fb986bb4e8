/* pdfout.h: a display list -> a PDF/A-1b file, written here object by
 * object (no PDF library: a document is a few dozen objects, and writing
 * them directly is what made a page cheap).
 *
 * Fonts: each face a document uses is subset to the characters drawn and
 * embedded with a ToUnicode CMap written here, so every character —
 * including those above U+FFFF — extracts exactly. A CID-keyed CFF face
 * (the default faces) comes from the face's glyph cache (glyphcache.h):
 * a CIDFontType0 whose codes are the face's CIDs, its program written and
 * compressed without subsetting or deflating any glyph again; other faces
 * (TrueType, name-keyed CFF) are subset with HarfBuzz per document.
 * Streams are compressed with libdeflate (flate.h). Nothing from the
 * clock and no random id: the same display list gives the same bytes. */
#ifndef GRANTDOC_PDFOUT_H
#define GRANTDOC_PDFOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "display.h"
#include "fontset.h"
#include "strbuf.h"

struct pdf_meta {
	const char *title, *author, *subject, *keywords, *creator;
	int32_t created; /* a date (day number), not the clock */
};

struct pdf_stats {
	long long bytes;
	int pages;
	char sha256[65]; /* of the file written, as it was written */
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

/* The whole display at once. Writes the file whole (outfile.h: a
 * temporary name, then rename). */
bool pdf_write(const struct display *d, const struct fontset *fs, const struct pdf_meta *meta, const char *dir,
	       const char *name, struct pdf_stats *stats, struct strbuf *err);

#endif
