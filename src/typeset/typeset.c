#include "typeset.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "breakpoints.h"
#include "utf8.h"

enum punct { P_NONE, P_OPEN, P_CLOSE, P_STOP };

static enum punct punct_class(uint32_t c)
{
	switch (c) {
	case 0xFF08:
	case 0x300C:
	case 0x300E:
	case 0x300A:
	case 0x3008: /* （「『《〈 */
	case 0x3010:
	case 0x3014:
	case 0x201C:
	case 0x2018:
	case 0x3016: /* 【〔“‘〖 */
		return P_OPEN;
	case 0xFF09:
	case 0x300D:
	case 0x300F:
	case 0x300B:
	case 0x3009: /* ）」』》〉 */
	case 0x3011:
	case 0x3015:
	case 0x201D:
	case 0x2019:
	case 0x3017: /* 】〕”’〗 */
		return P_CLOSE;
	case 0xFF0C:
	case 0x3002:
	case 0x3001:
	case 0xFF1B:
	case 0xFF1A: /* ，。、；： */
	case 0xFF1F:
	case 0xFF01: /* ？！ */
		return P_STOP;
	default:
		return P_NONE;
	}
}

/* A full-width character: CJK or punctuation set in a whole em (a Latin
 * letter or a digit never is, however wide its glyph: it belongs to a
 * word or a number, inside which no space is put). */
static bool full_width(const struct tpara *p, int i)
{
	return p->cps[i] >= 0x2000 &&
	       (double)fontset_advance(p->fs, p->face[i], p->cps[i]) / p->fs->faces[p->face[i]].upem >= 0.9;
}

/* The most space justification may add after character i: between two
 * full-width characters MAX_CJK_GAP_EM, beside a number or a Latin word
 * MAX_MIXED_GAP_EM, inside one nothing. */
static double gap_cap(const struct tpara *p, int i)
{
	bool a = full_width(p, i), b = full_width(p, i + 1);
	return (a && b ? MAX_CJK_GAP_EM : a != b ? MAX_MIXED_GAP_EM : 0) * p->style.size;
}

static bool stretchable(const struct tpara *p, int i)
{
	return gap_cap(p, i) > 0;
}

static void *grab(size_t n, size_t size)
{
	return xcalloc(n + 1, size);
}

/* How much blank a full-width mark may lose to take half a cell, and on
 * which sides: its ink decides, so any face's positions work. */
static void plan_compression(struct tpara *p, int i, const struct face *face, double em_w)
{
	enum punct cls = punct_class(p->cps[i]);
	hb_codepoint_t gid;
	hb_glyph_extents_t e;
	if (cls == P_NONE || !hb_font_get_nominal_glyph(face->hb_font, p->cps[i], &gid) ||
	    !hb_font_get_glyph_extents(face->hb_font, gid, &e))
		return;
	double scale = p->style.size / face->upem, cell = p->adv[i], half = cell / 2;
	double ink_l = (cell - em_w) / 2 + e.x_bearing * scale;
	double ink_r = ink_l + e.width * scale;
	double blank_l = ink_l > 0 ? ink_l : 0, blank_r = cell - ink_r > 0 ? cell - ink_r : 0;
	double first = cls == P_OPEN ? blank_l : blank_r, second = cls == P_OPEN ? blank_r : blank_l;
	double t1 = first < half ? first : half;
	double t2 = second < half - t1 ? second : half - t1;
	if (t1 + t2 < half - 0.01)
		return; /* too much ink for half a cell */
	p->room_l[i] = cls == P_OPEN ? t1 : t2;
	p->room_r[i] = cls == P_OPEN ? t2 : t1;
}

static void compress(struct tpara *p, int i)
{
	p->adv[i] -= p->room_l[i] + p->room_r[i];
	p->shift[i] += p->room_l[i];
	p->room_l[i] = p->room_r[i] = 0;
}

/* clreq 标点挤压: ），  。”  ）（  ，“ — the first mark takes half a cell;
 * （《 — the second does. */
static void compress_pairs(struct tpara *p)
{
	for (int i = 0; i + 1 < p->n; i++) {
		enum punct a = punct_class(p->cps[i]), b = punct_class(p->cps[i + 1]);
		if ((a == P_CLOSE || a == P_STOP) && b != P_NONE)
			compress(p, i);
		else if (a == P_OPEN && b == P_OPEN)
			compress(p, i + 1);
	}
}

bool tpara_prepare(struct tpara *p, const struct fontset *fs, const struct tstyle *style, const char *text,
		   uint32_t *missing, int *missing_at)
{
	memset(p, 0, sizeof *p);
	p->fs = fs;
	p->style = *style;
	size_t len = strlen(text);
	p->cps = grab(len, sizeof *p->cps);
	p->face = grab(len, sizeof *p->face);
	p->adv = grab(len, sizeof *p->adv);
	p->shift = grab(len, sizeof *p->shift);
	p->room_l = grab(len, sizeof *p->room_l);
	p->room_r = grab(len, sizeof *p->room_r);
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
		int at = p->n++;
		p->cps[at] = cp;
		p->face[at] = f;
		if (em >= 0.9 && cp >= 0x2000) { /* never a Latin letter, however wide */
			/* A full-width glyph is centred in its grid cell. */
			p->adv[at] = pitch;
			p->shift[at] = em * style->size > pitch ? (em * style->size - pitch) / 2 : 0;
			plan_compression(p, at, face, em * style->size);
		} else {
			p->adv[at] = em * style->size;
		}
		i += (size_t)k;
	}
	compress_pairs(p);
	return true;
}

double tpara_width(const struct tpara *p)
{
	double w = 0;
	for (int i = 0; i < p->n; i++)
		w += p->adv[i];
	return w;
}

static int trim_spaces(const struct tpara *p, int start, int end)
{
	while (end > start && p->cps[end - 1] == ' ')
		end--;
	return end;
}

static double span_width(const struct tpara *p, int start, int end)
{
	end = trim_spaces(p, start, end);
	double w = 0;
	for (int i = start; i < end; i++)
		w += p->adv[i];
	return w;
}

static double start_cut(const struct tpara *p, int start)
{
	return start < p->n && punct_class(p->cps[start]) == P_OPEN ? p->room_l[start] : 0;
}

static void add_line(struct tpara *p, int start, int end, double cut_end, double squeeze, int *cap)
{
	if (p->nlines == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		p->lines = xrealloc(p->lines, (size_t)*cap * sizeof *p->lines);
	}
	double cut_start = start < end ? start_cut(p, start) : 0;
	p->lines[p->nlines++] =
		(struct tline){ start,     end,     span_width(p, start, end) - cut_start - cut_end - squeeze,
				cut_start, cut_end, squeeze };
}

static int gaps_between(const struct tpara *p, int start, int end)
{
	end = trim_spaces(p, start, end);
	int gaps = 0;
	for (int i = start; i + 1 < end; i++)
		gaps += stretchable(p, i);
	return gaps;
}

/* What justification may add to [start, end) in all. */
static double stretch_room(const struct tpara *p, int start, int end)
{
	end = trim_spaces(p, start, end);
	double room = 0;
	for (int i = start; i + 1 < end; i++)
		room += gap_cap(p, i);
	return room;
}

static bool loose(const struct tpara *p, int start, int end, double avail)
{
	double slack = avail - (span_width(p, start, end) - start_cut(p, start));
	return slack > 0.01 && slack > stretch_room(p, start, end) + 1e-9;
}

/* The blank a mark inside a line may give up: its cuttable half. */
static double mark_room(const struct tpara *p, int i)
{
	enum punct cls = punct_class(p->cps[i]);
	return cls == P_OPEN ? p->room_l[i] : cls == P_CLOSE || cls == P_STOP ? p->room_r[i] : 0;
}

/* What the marks strictly inside [start, end) may give up together. */
static double squeezable(const struct tpara *p, int start, int end)
{
	double r = 0;
	for (int i = start + 1; i < end - 1; i++)
		r += mark_room(p, i);
	return r;
}

/* Whether [start, e] squeezes into avail: its marks give their blank
 * halves (the last one at the line's end first), its gaps MAX_SHRINK_EM. */
static bool squeezes(const struct tpara *p, int start, int e, double avail, double *cut_end, double *squeeze)
{
	double over = span_width(p, start, e + 1) - start_cut(p, start) - avail;
	enum punct last = punct_class(p->cps[e]);
	double end_room = last == P_CLOSE || last == P_STOP ? p->room_r[e] : 0;
	double tighten = gaps_between(p, start, e + 1) * MAX_SHRINK_EM * p->style.size;
	if (over > end_room + squeezable(p, start, e + 1) + tighten + 0.01)
		return false;
	*cut_end = over <= 0 ? 0 : over < end_room ? over : end_room;
	*squeeze = over <= 0 ? 0 : over - *cut_end;
	return true;
}

/* A line [start, ...) that would be too loose to justify: the furthest
 * end within the token that overflowed it at i (its last-resort joints
 * when joints, then its end) that squeezing the line lets in; -1 if none. */
static int squeeze_in(const struct tpara *p, const unsigned char *brk, const unsigned char *word, bool joints,
		      int start, int i, double avail, double *cut_end, double *squeeze)
{
	int best = -1;
	for (int e = i; e < p->n; e++) {
		if (brk[e] == BREAK_NO || (brk[e] == BREAK_LAST_RESORT && !joints) ||
		    (word && brk[e] == BREAK_ALLOW && e + 1 < p->n && !word[e + 1]))
			continue;
		double ce, sq;
		if (!squeezes(p, start, e, avail, &ce, &sq))
			break;
		best = e + 1, *cut_end = ce, *squeeze = sq;
		if (brk[e] == BREAK_ALLOW || brk[e] == BREAK_MUST)
			break;
	}
	return best;
}

static void reset_lines(struct tpara *p)
{
	free(p->lines);
	p->lines = NULL;
	p->nlines = 0;
}

/* Greedy filling; with word set, a line ends between words wherever a
 * word boundary fits. */
static void fill(struct tpara *p, double first_width, double width, const unsigned char *word, bool justified)
{
	reset_lines(p);
	int cap = 0;
	if (p->n == 0) {
		add_line(p, 0, 0, 0, 0, &cap);
		return;
	}
	unsigned char *brk = xmalloc((size_t)p->n);
	linebreak_find(p->cps, p->n, brk);
	int start = 0;
	const double eps = 0.01;
	while (start < p->n) {
		double avail = (p->nlines == 0 ? first_width : width) + start_cut(p, start);
		double w = 0;
		int last_ok = -1, last_any = -1, last_resort = -1, pushed = -1, i = start, end = -1;
		for (; i < p->n; i++) {
			bool space = p->cps[i] == ' ';
			if (!space && w + p->adv[i] > avail + eps && i > start) {
				/* 推入: a closing mark whose blank half is cut stays. */
				enum punct cls = punct_class(p->cps[i]);
				if ((cls == P_CLOSE || cls == P_STOP) && p->room_r[i] > 0 &&
				    w + p->adv[i] - p->room_r[i] <= avail + eps &&
				    (brk[i] == BREAK_ALLOW || brk[i] == BREAK_MUST))
					pushed = i;
				break;
			}
			w += p->adv[i];
			if (brk[i] == BREAK_MUST) {
				end = i + 1;
				break;
			}
			if (brk[i] == BREAK_ALLOW) {
				last_any = i;
				if (!word || i + 1 >= p->n || word[i + 1])
					last_ok = i;
			} else if (brk[i] == BREAK_LAST_RESORT) {
				last_resort = i;
			}
		}
		double cut_end = 0, squeeze = 0, base = avail - start_cut(p, start);
		if (end >= 0) {
			/* a mandatory break */
		} else if (pushed >= 0) {
			end = pushed + 1;
			cut_end = p->room_r[pushed];
		} else if (i >= p->n) {
			end = p->n;
		} else {
			int at = last_ok >= start ? last_ok : last_any;
			if (at >= start) {
				end = at + 1;
				/* Too loose to justify: a token's last-resort joint, or
				 * the line's marks squeezed to let the token in; a
				 * ragged line (a cell) squeezes a word in if it can. */
				int in;
				if (justified && !loose(p, start, end, base))
					;
				else if (justified && last_resort > at && !loose(p, start, last_resort + 1, base))
					end = last_resort + 1;
				else if ((in = squeeze_in(p, brk, word, justified, start, i, base, &cut_end,
							  &squeeze)) > 0)
					end = in;
			} else {
				end = justified && last_resort >= start ? last_resort + 1 : i;
			}
		}
		add_line(p, start, end, cut_end, squeeze, &cap);
		start = end;
		while (start < p->n && p->cps[start] == ' ')
			start++;
	}
	free(brk);
}

void tpara_break(struct tpara *p, double first_width, double width)
{
	fill(p, first_width, width, NULL, true);
}

static void fill_words(struct tpara *p, double first_width, double width, bool justified)
{
	if (p->n == 0) {
		fill(p, first_width, width, NULL, justified);
		return;
	}
	unsigned char *word = xmalloc((size_t)p->n);
	wordbreak_find(p->cps, p->n, word);
	fill(p, first_width, width, word, justified);
	free(word);
}

void tpara_break_words(struct tpara *p, double first_width, double width)
{
	fill_words(p, first_width, width, true);
}

void tpara_break_cell(struct tpara *p, double width)
{
	fill_words(p, width, width, false);
}

/* ---- titles ---- */

struct shape_search {
	const struct tpara *p;
	const int *cand; /* character indices a line may start at */
	int ncand;
	double width;
	int k; /* lines wanted */
	int cur[8], best[8];
	double best_score;
	bool found;
	bool any_shape; /* accept any shape (the fallback) */
};

static double seg_width(const struct tpara *p, int a, int b)
{
	return span_width(p, a, b) - start_cut(p, a);
}

static int seg_chars(const struct tpara *p, int a, int b)
{
	int n = 0;
	for (int i = a; i < trim_spaces(p, a, b); i++)
		n += p->cps[i] != ' ';
	return n;
}

/* 梯形: every line at least as long as the one above; 菱形: longer to a
 * middle line, then shorter. */
static bool good_shape(const double *w, int k)
{
	const double tol = 0.01;
	int peak = 0;
	for (int i = 1; i < k; i++)
		if (w[i] > w[peak] + tol)
			peak = i;
	for (int i = 0; i < peak; i++)
		if (w[i] > w[i + 1] + tol)
			return false;
	for (int i = peak; i + 1 < k; i++)
		if (w[i + 1] > w[i] + tol)
			return false;
	bool trapezoid = peak == k - 1 || w[k - 1] + tol >= w[peak];
	return trapezoid || (k >= 3 && peak > 0 && peak < k - 1);
}

static void score_shape(struct shape_search *s)
{
	double w[8] = { 0 }, longest = 0;
	int starts[9];
	for (int i = 0; i < s->k; i++)
		starts[i] = s->cur[i];
	starts[s->k] = s->p->n;
	for (int i = 0; i < s->k; i++) {
		w[i] = seg_width(s->p, starts[i], starts[i + 1]);
		if (w[i] > longest)
			longest = w[i];
	}
	for (int i = 0; i < s->k; i++)
		if (!s->any_shape && w[i] < longest / 2 - 0.01)
			return;
	if (!s->any_shape && !good_shape(w, s->k))
		return;
	double score = 0;
	for (int i = 0; i < s->k; i++)
		score += (longest - w[i]) * (longest - w[i]);
	if (s->any_shape && !good_shape(w, s->k))
		score += 1e6;
	if (!s->found || score < s->best_score - 1e-9) {
		s->found = true;
		s->best_score = score;
		memcpy(s->best, s->cur, sizeof s->best);
	}
}

/* Line `line` starts at cur[line]; choose where the next one starts. */
static void search_shapes(struct shape_search *s, int line, int from)
{
	int start = s->cur[line];
	if (line == s->k - 1) {
		if (seg_width(s->p, start, s->p->n) <= s->width + 0.01 && seg_chars(s->p, start, s->p->n) >= 2)
			score_shape(s);
		return;
	}
	for (int c = from; c < s->ncand; c++) {
		int next = s->cand[c];
		if (seg_width(s->p, start, next) > s->width + 0.01)
			break;
		if (seg_chars(s->p, start, next) < 2)
			continue;
		s->cur[line + 1] = next;
		search_shapes(s, line + 1, c + 1);
	}
}

void tpara_break_title(struct tpara *p, double width)
{
	if (p->n == 0 || p->n > 400 || tpara_width(p) <= width + 0.01) {
		fill(p, width, width, NULL, false);
		return;
	}
	unsigned char *brk = xmalloc((size_t)p->n), *word = xmalloc((size_t)p->n);
	linebreak_find(p->cps, p->n, brk);
	wordbreak_find(p->cps, p->n, word);
	int *cand = xmalloc((size_t)p->n * sizeof *cand), ncand = 0;
	for (int i = 1; i < p->n; i++)
		if (brk[i - 1] == BREAK_ALLOW && word[i] && p->cps[i] != ' ')
			cand[ncand++] = i;
	int kmin = 1;
	while (kmin * width < tpara_width(p) - 0.01)
		kmin++;
	struct shape_search s = { p, cand, ncand, width, 0, { 0 }, { 0 }, 0, false, false };
	for (int pass = 0; pass < 2 && !s.found; pass++) {
		s.any_shape = pass == 1;
		for (int k = kmin; k <= kmin + 2 && k <= 8 && !s.found; k++) {
			s.k = k;
			search_shapes(&s, 0, 0);
		}
	}
	free(brk);
	free(word);
	free(cand);
	if (!s.found) { /* no word boundary fits: break as a table cell does */
		tpara_break_cell(p, width);
		return;
	}
	reset_lines(p);
	int cap = 0;
	for (int i = 0; i < s.k; i++)
		add_line(p, s.best[i], i + 1 < s.k ? s.best[i + 1] : p->n, 0, 0, &cap);
}

double tpara_min_width(const struct tpara *p, bool words)
{
	if (p->n == 0)
		return 0;
	unsigned char *brk = xmalloc((size_t)p->n), *word = NULL;
	linebreak_find(p->cps, p->n, brk);
	if (words) {
		word = xmalloc((size_t)p->n);
		wordbreak_find(p->cps, p->n, word);
	}
	double widest = 0;
	int start = 0;
	for (int i = 0; i < p->n; i++) {
		bool end = i + 1 == p->n || brk[i] == BREAK_MUST || (brk[i] == BREAK_ALLOW && (!word || word[i + 1]));
		if (end) {
			double seg = span_width(p, start, i + 1) - start_cut(p, start);
			if (seg > widest)
				widest = seg;
			start = i + 1;
		}
	}
	free(brk);
	free(word);
	return widest;
}

bool tpara_justifiable(const struct tpara *p, int k, double measure)
{
	const struct tline *l = &p->lines[k];
	double slack = measure - l->width;
	return slack <= 0.01 || slack <= stretch_room(p, l->start, l->end) + 1e-9;
}

void tpara_emit(const struct tpara *p, int k, double x, double y, double measure, bool justify, int align,
		struct dpage *page)
{
	const struct tline *l = &p->lines[k];
	int end = trim_spaces(p, l->start, l->end);
	int n = end - l->start;
	if (n <= 0)
		return;
	/* Slack goes between full-width characters first (up to their cap),
	 * then beside numbers and Latin words. */
	double slack = measure - l->width, to_cjk = 0, to_mixed = 0;
	if (justify && slack > 0 && tpara_justifiable(p, k, measure)) {
		int cjk = 0, mixed = 0;
		for (int i = l->start; i + 1 < end; i++) {
			double cap = gap_cap(p, i);
			cjk += cap > MAX_MIXED_GAP_EM * p->style.size + 1e-9;
			mixed += cap > 0 && cap <= MAX_MIXED_GAP_EM * p->style.size + 1e-9;
		}
		double cjk_cap = MAX_CJK_GAP_EM * p->style.size;
		to_cjk = cjk ? (slack < cjk * cjk_cap ? slack / cjk : cjk_cap) : 0;
		to_mixed = mixed ? (slack - to_cjk * cjk) / mixed : 0;
	} else if (align == 1) {
		x += slack / 2;
	} else if (align == 2) {
		x += slack;
	}
	uint32_t *cps = xmalloc((size_t)n * sizeof *cps);
	double *xs = xmalloc((size_t)n * sizeof *xs);
	/* A squeezed line: the marks give first, the gaps the rest. */
	double pen = x, room = l->squeeze > 0 ? squeezable(p, l->start, end) : 0;
	double from_marks = l->squeeze < room ? l->squeeze : room;
	double share = room > 0 ? from_marks / room : 0;
	int ngaps = gaps_between(p, l->start, l->end);
	double tighten = l->squeeze > from_marks && ngaps > 0 ? (l->squeeze - from_marks) / ngaps : 0;
	int run = 0;
	/* One run per stretch of characters in the same face. */
	for (int i = l->start; i < end; i++) {
		if (run > 0 && p->face[i] != p->face[i - 1]) {
			dpage_add_run(page, p->face[i - 1], p->style.size, p->style.color, y, run, cps, xs);
			run = 0;
		}
		double cut = i == l->start ? l->cut_start : 0;
		double give = i > l->start && i < end - 1 ? mark_room(p, i) * share : 0;
		bool left = punct_class(p->cps[i]) == P_OPEN;
		cps[run] = p->cps[i];
		xs[run] = pen - p->shift[i] - cut - (left ? give : 0);
		run++;
		pen += p->adv[i] - cut - give - (i == end - 1 ? l->cut_end : 0);
		if (i + 1 < end && stretchable(p, i))
			pen += (gap_cap(p, i) > MAX_MIXED_GAP_EM * p->style.size + 1e-9 ? to_cjk : to_mixed) - tighten;
	}
	if (run > 0)
		dpage_add_run(page, p->face[end - 1], p->style.size, p->style.color, y, run, cps, xs);
	free(cps);
	free(xs);
}

void tpara_free(struct tpara *p)
{
	free(p->cps);
	free(p->face);
	free(p->adv);
	free(p->shift);
	free(p->room_l);
	free(p->room_r);
	free(p->lines);
	memset(p, 0, sizeof *p);
}
