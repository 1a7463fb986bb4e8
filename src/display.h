/* display.h: what a typeset document is, before it is a PDF.
 *
 * Layout produces pages of positioned glyph runs and rules; a backend
 * draws them. Tests read the display list directly, so geometry is
 * testable without any PDF. Coordinates are PostScript points with the
 * origin at the bottom left, as in PDF. */
#ifndef GRANTDOC_DISPLAY_H
#define GRANTDOC_DISPLAY_H

#include <stdint.h>

#include "arena.h"

#define RGB_BLACK 0x000000u
#define RGB_RED 0xE60012u /* the red of issuing-authority marks */

struct glyph_run {
	int face;           /* index into the fontset */
	double size;        /* point size */
	uint32_t color;     /* 0xRRGGBB */
	double y;           /* baseline */
	int n;
	uint32_t *cps;      /* code points */
	double *xs;         /* left edge of each glyph */
};

struct rule {
	double x1, y1, x2, y2, width;
	uint32_t color;
};

struct dpage {
	double width, height;
	struct glyph_run *runs;
	int nruns, capruns;
	struct rule *rules;
	int nrules, caprules;
};

struct display {
	struct arena *arena;
	struct dpage *pages;
	int npages, cappages;
};

void display_init(struct display *d, struct arena *arena);
void display_free(struct display *d);
struct dpage *display_add_page(struct display *d, double width, double height);
/* Copies cps and xs into the display's arena. */
void dpage_add_run(struct dpage *p, int face, double size, uint32_t color, double y,
		   int n, const uint32_t *cps, const double *xs, struct arena *arena);
void dpage_add_rule(struct dpage *p, double x1, double y1, double x2, double y2,
		    double width, uint32_t color);

#endif
