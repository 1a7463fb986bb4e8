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

/* Writes path atomically (temporary name, fsync, rename). */
bool pdf_write(const struct display *d, const struct fontset *fs, const struct pdf_meta *meta,
	       const char *dir, const char *name, struct pdf_stats *stats, struct strbuf *err);

#endif
