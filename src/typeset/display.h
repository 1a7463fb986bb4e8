/* display.h: what a typeset document is, before it is a PDF.
 *
 * Layout produces pages of positioned glyph runs and rules; a backend
 * draws them. Tests read the display list directly, so geometry is
 * testable without any PDF. Coordinates are PostScript points with the
 * origin at the bottom left, as in PDF. */
#ifndef GRANTDOC_DISPLAY_H
#define GRANTDOC_DISPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"

#define RGB_BLACK 0x000000u
#define RGB_RED 0xE60012u /* the red of issuing-authority marks */

struct glyph_run {
	int elem;       /* structure element it belongs to; -1: an artifact */
	int face;       /* index into the fontset */
	double size;    /* point size */
	uint32_t color; /* 0xRRGGBB */
	double y;       /* baseline */
	int n;
	uint32_t *cps; /* code points */
	double *xs;    /* left edge of each glyph */
	bool turned;   /* set on a turned frame: see dpage_turn */
};

struct rule {
	double x1, y1, x2, y2, width;
	uint32_t color;
};

/* Tagged PDF: the structure of a document as layout knows it. Every
 * glyph run belongs to the element current when it was laid out, or is
 * an artifact (page numbers, a repeated table header); rules are
 * artifacts. */
enum stag {
	TAG_DOCUMENT,
	TAG_H,
	TAG_H1,
	TAG_H2,
	TAG_H3,
	TAG_H4,
	TAG_P,
	TAG_L,
	TAG_LI,
	TAG_TABLE,
	TAG_CAPTION,
	TAG_TR,
	TAG_TH,
	TAG_TD,
	TAG_COUNT
};

struct selem {
	enum stag tag;
	int parent;        /* -1 for the Document */
	const char *title; /* tables: for the outline (the display's arena), else NULL */
};

struct display;

/* A picture drawn under the text (a seal): a PNG file, its box. */
struct image {
	const char *path;
	double x, y, width, height; /* bottom left corner and size */
};

struct dpage {
	struct display *owner;
	double width, height;
	struct glyph_run *runs;
	int nruns, capruns;
	struct rule *rules;
	int nrules, caprules;
	struct image *images;
	int nimages;
	struct arena glyphs; /* the runs' code points and positions */
	bool turned;         /* a landscape frame turned onto this portrait sheet */
};

/* A character drawn with a fallback face of its role's chain (not the
 * first), so that the clerk learns which name was set in another face. */
struct fallback {
	uint32_t cp;
	int role;          /* enum font_role */
	int face;          /* the face that drew it */
	const char *field; /* where the text came from (the document's arena) */
};

/* Handed each page when it is finished, with its number (from 1). */
typedef void (*page_sink)(const struct dpage *page, int number, void *ctx);

/* The pages of one document. With a sink, a long document need not be
 * held whole: each finished page goes to the sink, and once more than
 * `keep` pages have been made the finished ones are dropped, so memory
 * stays that of one page however long the document (a 100,000-row list). */
struct display {
	struct arena *arena;
	struct dpage *pages;
	int npages, cappages;
	page_sink sink;
	void *sink_ctx;
	int keep;
	int first;                  /* the number of pages[0] */
	bool dropped;               /* earlier pages were dropped: pages[] is the tail */
	struct fallback *fallbacks; /* distinct (character, role, face, field), in order met */
	int nfallbacks, capfallbacks;
	struct selem *elems; /* the structure tree, in reading order */
	int nelems, capelems;
	int current; /* the element runs now belong to; -1: artifact */
};

void display_init(struct display *d, struct arena *arena);
void display_free(struct display *d);
void display_set_sink(struct display *d, page_sink sink, void *ctx, int keep);
struct dpage *display_add_page(struct display *d, double width, double height);
/* The current page was left empty: it is taken back. */
void display_drop_last(struct display *d);
/* Hands the last page to the sink; the composer calls it when done. */
void display_finish(struct display *d);
int display_page_number(const struct display *d, const struct dpage *p);
/* Notes a character set in a fallback face, once per character, role,
 * face and field (field is copied). */
void display_note_fallback(struct display *d, uint32_t cp, int role, int face, const char *field);
/* A new structure element (title may be NULL; it is copied); returns its
 * index. */
int display_elem(struct display *d, enum stag tag, int parent, const char *title);
/* Runs added from now on belong to elem (-1: artifacts); returns the
 * element that was current. */
int display_mark(struct display *d, int elem);
const char *stag_name(enum stag tag);
/* Copies cps and xs into the page. */
void dpage_add_run(struct dpage *p, int face, double size, uint32_t color, double y, int n, const uint32_t *cps,
		   const double *xs);
void dpage_add_rule(struct dpage *p, double x1, double y1, double x2, double y2, double width, uint32_t color);
/* Copies path into the page. */
void dpage_add_image(struct dpage *p, const char *path, double x, double y, double width, double height);
/* What was drawn so far on p was laid out on a landscape frame (p->height
 * wide, p->width high); it is turned a quarter anticlockwise onto the
 * portrait sheet, so the frame's top edge lies along the sheet's left
 * edge (GB/T 9704 10.2: the table head toward the binding edge of an odd
 * page, toward the outer edge of an even one). Rules and images are moved
 * to sheet coordinates; each run is marked turned and keeps its frame
 * coordinates: glyph i stands at sheet (p->width - y, xs[i]), its baseline
 * running up the sheet. Items drawn after this (the page number) are
 * upright. */
void dpage_turn(struct dpage *p);

#endif
