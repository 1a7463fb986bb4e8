/* typeset.h: one paragraph -> lines of positioned glyphs.
 *
 * Characters are resolved through their role's fallback chain and
 * measured: a full-width glyph (ideographs, full-width punctuation) takes
 * one grid cell (the style's pitch, 156 mm / 28 for 3号 body text); any
 * other glyph its natural advance. Lines are filled greedily at the break
 * opportunities of linebreak.c and justified by spreading the slack over
 * the gaps; the last line of a paragraph is not. */
#ifndef GRANTDOC_TYPESET_H
#define GRANTDOC_TYPESET_H

#include <stdbool.h>
#include <stdint.h>

#include "display.h"
#include "fontset.h"

struct tstyle {
	enum font_role role;
	double size;      /* points */
	double pitch;     /* grid cell for full-width glyphs; 0 = the size */
	uint32_t color;
};

struct tline {
	int start, end;   /* [start, end) in the paragraph's characters */
	double width;     /* natural width, trailing spaces excluded */
};

struct tpara {
	const struct fontset *fs;
	struct tstyle style;
	uint32_t *cps;
	int *face;
	double *adv;      /* advance of each character in points */
	int n;
	struct tline *lines;
	int nlines;
};

/* Decodes and measures. False when a character has no face in the chain:
 * *missing is the character and *missing_at its byte offset in text; p
 * then holds nothing to free. */
bool tpara_prepare(struct tpara *p, const struct fontset *fs, const struct tstyle *style,
		   const char *text, uint32_t *missing, int *missing_at);
/* Breaks into lines: the first line is first_width wide, the rest width. */
void tpara_break(struct tpara *p, double first_width, double width);
/* Draws line k with its left edge at x and baseline y. justify spreads the
 * line to measure; align 0 left, 1 centre, 2 right (when not justified). */
void tpara_emit(const struct tpara *p, int k, double x, double y, double measure, bool justify,
		int align, struct dpage *page);
/* Natural width of the whole text on one line. */
double tpara_width(const struct tpara *p);
void tpara_free(struct tpara *p);

#endif
