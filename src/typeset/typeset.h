/* typeset.h: one paragraph -> lines of positioned glyphs.
 *
 * Characters are resolved through their role's fallback chain and
 * measured: a full-width glyph (ideographs, full-width punctuation) takes
 * one grid cell (the style's pitch, 156 mm / 28 for 3号 body text); any
 * other glyph its natural advance.
 *
 * Punctuation is compressed as Chinese typesetting does (W3C clreq,
 * 标点挤压): of two adjacent full-width marks that would leave a hole —
 * a closing mark or 点号 before another mark (），。” ）（), an opening
 * mark after an opening one (（《) — one takes half a cell, its blank half
 * cut on the side its ink leaves empty (read from the glyph, so any face
 * works); an opening mark starting a line is drawn flush with the edge,
 * and a closing mark or 点号 that would overflow a line by no more than
 * its blank half stays on it (推入); where the line could not otherwise be
 * justified, the marks inside it give up to half a cell each (and its gaps
 * up to MAX_SHRINK_EM) to let the next token in.
 *
 * Lines are filled greedily at the break opportunities of breakpoints.c
 * and justified by spreading the slack over the gaps between characters —
 * never inside a run of digits or a Latin word (see MAX_CJK_GAP_EM).
 * Titles choose among word-boundary breaks the most balanced 梯形 or 菱形
 * shape; table cells break between words where a word fits. */
#ifndef GRANTDOC_TYPESET_H
#define GRANTDOC_TYPESET_H

#include <stdbool.h>
#include <stdint.h>

#include "display.h"
#include "fontset.h"

/* The most space justification adds between two characters. A text
 * extractor (poppler's pdftotext, a screen reader) starts a new word where
 * the space between two glyph boxes passes 0.1 em, and the text would no
 * longer come back as it went in: so a gap between two full-width
 * characters (whose 1 em boxes overlap their grid cells slightly) takes at
 * most 0.11 em, one beside a number or a Latin word 0.09 em, the inside of
 * one nothing. A line that would need more takes a last-resort joint of a
 * long token (breakpoints.h) or squeezes the next token in; failing both
 * it is left ragged. */
#define MAX_CJK_GAP_EM 0.11
#define MAX_MIXED_GAP_EM 0.09
/* The most a line's gaps may tighten to let a token in, after its marks
 * gave up their blank halves: side bearings hide it. */
#define MAX_SHRINK_EM 0.03

struct tstyle {
	enum font_role role;
	double size;  /* points */
	double pitch; /* grid cell for full-width glyphs; 0 = the size */
	uint32_t color;
};

struct tline {
	int start, end;   /* [start, end) in the paragraph's characters */
	double width;     /* width as set (compression applied), trailing spaces excluded */
	double cut_start; /* blank cut before an opening mark starting the line */
	double cut_end;   /* blank cut after a mark pushed into the line's end */
	double squeeze;   /* blank the marks inside the line gave up to let a token in */
};

struct tpara {
	const struct fontset *fs;
	struct tstyle style;
	uint32_t *cps;
	int *face;
	double *adv;    /* advance of each character in points, compression applied */
	double *shift;  /* the glyph is drawn this far left of its pen position */
	double *room_l; /* blank a line start may still cut (opening marks) */
	double *room_r; /* blank a line end may still cut (closing marks, 点号) */
	int n;
	struct tline *lines;
	int nlines;
};

/* Decodes and measures. False when a character has no face in the chain:
 * *missing is the character and *missing_at its byte offset in text; p
 * then holds nothing to free. */
bool tpara_prepare(struct tpara *p, const struct fontset *fs, const struct tstyle *style, const char *text,
		   uint32_t *missing, int *missing_at);
/* Breaks into lines: the first line is first_width wide, the rest width. */
void tpara_break(struct tpara *p, double first_width, double width);
/* The same, breaking between words wherever a word fits on a line
 * (addressees, form lines, attachment names). */
void tpara_break_words(struct tpara *p, double first_width, double width);
/* A table cell or header: between words (项目 | 负责人, never 项目负 | 责人),
 * ragged, never taking a date's last-resort joint; its marks and gaps give
 * a little (as a justified line's) where that lets the next word in. */
void tpara_break_cell(struct tpara *p, double width);
/* A title: the fewest lines, broken only between words (numbers, 〔2024〕
 * and 《…》 whole), choosing the most balanced shape whose lines grow
 * downwards (梯形) or grow then shrink (菱形), no line under half the
 * longest and none of one character. */
void tpara_break_title(struct tpara *p, double width);
/* Draws line k with its left edge at x and baseline y. justify spreads the
 * line to measure; align 0 left, 1 centre, 2 right (when not justified). */
void tpara_emit(const struct tpara *p, int k, double x, double y, double measure, bool justify, int align,
		struct dpage *page);
/* True when line k, justified to measure, needs no more than
 * MAX_CJK_GAP_EM or MAX_MIXED_GAP_EM per gap (a line that does not is set
 * ragged). */
bool tpara_justifiable(const struct tpara *p, int k, double measure);
/* Natural width of the whole text on one line. */
double tpara_width(const struct tpara *p);
/* Width of the widest run of characters no line may break: a word
 * (words true) or an unbreakable token; for sizing table columns. */
double tpara_min_width(const struct tpara *p, bool words);
void tpara_free(struct tpara *p);

#endif
