#include "typeset.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "breakpoints.h"
#include "utf8.h"

/* Beyond this much slack per gap a justified line looks broken; such a
 * line (a long unbreakable token pushed over) is left ragged. */
#define MAX_STRETCH_EM 0.15
/* Text extraction (poppler's pdftotext, a screen reader) starts a new
 * word where the space between two glyph boxes passes 0.1 em: so a gap
 * between two full-width characters (whose 1 em boxes overlap their
 * grid cells slightly) takes at most 0.11 em, one next to a number or a
 * Latin word 0.09 em, and the inside of a number or a word nothing. */
#define MAX_CJK_GAP_EM 0.11
#define MAX_MIXED_GAP_EM 0.09

bool tpara_prepare(struct tpara *p, const struct fontset *fs, const struct tstyle *style,
		   const char *text, uint32_t *missing, int *missing_at)
{
	memset(p, 0, sizeof *p);
	p->fs = fs;
	p->style = *style;
	size_t len = strlen(text);
	p->cps = xmalloc((len + 1) * sizeof *p->cps);
	p->face = xmalloc((len + 1) * sizeof *p->face);
	p->adv = xmalloc((len + 1) * sizeof *p->adv);
	double pitch = style->pitch > 0 ? style->pitch : style->size;
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int k = utf8_decode(s + i, len - i, &cp);
		if (k <= 0) {
			cp = 0xFFFD;
			k = 1;
		}
		if (cp == '\n' || cp == '\r' || cp == '\t')
			cp = ' ';
		int f = fontset_resolve(fs, style->role, cp);
		if (f < 0) {
			*missing = cp;
			*missing_at = (int)i;
			tpara_free(p);
			return false;
		}
		const struct face *face = &fs->faces[f];
		double em = (double)fontset_advance(fs, f, cp) / face->upem;
		p->cps[p->n] = cp;
		p->face[p->n] = f;
		p->adv[p->n] = em >= 0.9 ? pitch : em * style->size;
		p->n++;
		i += (size_t)k;
	}
	return true;
}

double tpara_width(const struct tpara *p)
{
	double w = 0;
	for (int i = 0; i < p->n; i++)
		w += p->adv[i];
	return w;
}

static double span_width(const struct tpara *p, int start, int end)
{
	while (end > start && p->cps[end - 1] == ' ')
		end--;
	double w = 0;
	for (int i = start; i < end; i++)
		w += p->adv[i];
	return w;
}

static void add_line(struct tpara *p, int start, int end, int *cap)
{
	if (p->nlines == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		p->lines = xrealloc(p->lines, (size_t)*cap * sizeof *p->lines);
	}
	p->lines[p->nlines++] = (struct tline){ start, end, span_width(p, start, end) };
}

void tpara_break(struct tpara *p, double first_width, double width)
{
	free(p->lines);
	p->lines = NULL;
	p->nlines = 0;
	int cap = 0;
	if (p->n == 0) {
		add_line(p, 0, 0, &cap);
		return;
	}
	unsigned char *brk = xmalloc((size_t)p->n);
	linebreak_find(p->cps, p->n, brk);
	int start = 0;
	const double eps = 0.01;
	while (start < p->n) {
		double avail = p->nlines == 0 ? first_width : width;
		double w = 0;
		int last_ok = -1, i = start, end = -1;
		for (; i < p->n; i++) {
			bool space = p->cps[i] == ' ';
			if (!space && w + p->adv[i] > avail + eps && i > start)
				break;
			w += p->adv[i];
			if (brk[i] == BREAK_MUST) {
				end = i + 1;
				break;
			}
			if (brk[i] == BREAK_ALLOW)
				last_ok = i;
		}
		if (end < 0)
			end = i >= p->n ? p->n : last_ok >= start ? last_ok + 1 : i;
		add_line(p, start, end, &cap);
		start = end;
		while (start < p->n && p->cps[start] == ' ')
			start++;
	}
	free(brk);
}

/* A full-width character: CJK or punctuation set in a whole em (a
 * Latin letter is never one, however wide its glyph: it belongs to a word). */
static bool full_width(const struct tpara *p, int i)
{
	return p->cps[i] >= 0x2000 &&
	       (double)fontset_advance(p->fs, p->face[i], p->cps[i]) / p->fs->faces[p->face[i]].upem >= 0.9;
}

/* The extra space after each character [start, end-1) of a justified
 * line, in points: between two full-width characters first, then next
 * to a number or Latin word; never inside one. False when the slack does
 * not fit within those limits (the line is then set ragged). */
static bool spread(const struct tpara *p, int start, int end, double slack, double *extra)
{
	int cjk = 0, mixed = 0;
	for (int i = start; i + 1 < end; i++) {
		bool a = full_width(p, i), b = full_width(p, i + 1);
		cjk += a && b;
		mixed += a != b;
	}
	double em = p->style.size, cjk_cap = MAX_CJK_GAP_EM * em, mixed_cap = MAX_MIXED_GAP_EM * em;
	if (slack > cjk * cjk_cap + mixed * mixed_cap + 1e-9 || slack / (end - start - 1) > MAX_STRETCH_EM * em)
		return false;
	double to_cjk = cjk ? (slack < cjk * cjk_cap ? slack / cjk : cjk_cap) : 0;
	double to_mixed = mixed ? (slack - to_cjk * cjk) / mixed : 0;
	for (int i = start; i + 1 < end; i++) {
		bool a = full_width(p, i), b = full_width(p, i + 1);
		extra[i - start] = a && b ? to_cjk : a != b ? to_mixed : 0;
	}
	return true;
}

void tpara_emit(const struct tpara *p, int k, double x, double y, double measure, bool justify,
		int align, struct dpage *page)
{
	const struct tline *l = &p->lines[k];
	int end = l->end;
	while (end > l->start && p->cps[end - 1] == ' ')
		end--;
	int n = end - l->start;
	if (n <= 0)
		return;
	double slack = measure - l->width;
	double *extra = xcalloc((size_t)n, sizeof *extra);
	if (justify && n > 1 && slack > 0 && spread(p, l->start, end, slack, extra))
		;
	else if (align == 1)
		x += slack / 2;
	else if (align == 2)
		x += slack;
	uint32_t *cps = xmalloc((size_t)n * sizeof *cps);
	double *xs = xmalloc((size_t)n * sizeof *xs);
	double pen = x;
	int run = 0;
	/* One run per stretch of characters in the same face. */
	for (int i = l->start; i < end; i++) {
		if (run > 0 && p->face[i] != p->face[i - 1]) {
			dpage_add_run(page, p->face[i - 1], p->style.size, p->style.color, y, run, cps, xs);
			run = 0;
		}
		cps[run] = p->cps[i];
		/* A full-width glyph is centred in its grid cell. */
		double em = (double)fontset_advance(p->fs, p->face[i], p->cps[i]) /
			    p->fs->faces[p->face[i]].upem * p->style.size;
		xs[run] = pen + (p->adv[i] - em) / 2 * (em > p->adv[i] ? 1 : 0);
		run++;
		pen += p->adv[i] + extra[i - l->start];
	}
	if (run > 0)
		dpage_add_run(page, p->face[end - 1], p->style.size, p->style.color, y, run, cps, xs);
	free(cps);
	free(xs);
	free(extra);
}

void tpara_free(struct tpara *p)
{
	free(p->cps);
	free(p->face);
	free(p->adv);
	free(p->lines);
	memset(p, 0, sizeof *p);
}
