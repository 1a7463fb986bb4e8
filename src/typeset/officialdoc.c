#include "officialdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "typeset.h"
#include "utf8.h"

/* CJK em boxes run from about -0.12 em to 0.88 em around the baseline;
 * centring that box in a line box puts the baseline here. */
#define ASCENT 0.88
#define DESCENT 0.12
#define MARK_MAX_SIZE 42.0
#define SEAL (42 * MM) /* an official seal's diameter */
#define CELL_PAD 3.0

struct composer {
	const struct fontset *fs;
	struct display *out;
	struct compose_error *err;
	const struct officialdoc *doc;
	bool failed;
	struct dpage *page;
	bool landscape; /* this page's frame is turned (GB/T 9704 10.2) */
	double left, top, width, bottom;
	double y; /* top of the next line box */
	bool page_has_text;
	double seal_bottom; /* the lowest point of a seal on this page */
	int doc_elem;       /* the Document element (tagged PDF) */
	int table_elem;     /* the table being laid out */
	bool header_tagged; /* its header row is in the tree (repeats are artifacts) */
	/* The last table measured: its cells (one precision per column) and
	 * column widths, so that looking ahead costs one pass over its rows. */
	const struct table *measured;
	const char **measured_cells;
	double measured_colw[10];
};

static void number_page(struct composer *c, struct dpage *pg);

/* The text block's left edge: 28 mm from the binding edge, the left edge
 * of an odd page and the right edge of an even one. */
static double block_left(int number)
{
	return number % 2 ? GB_LEFT : A4_W - GB_LEFT - GB_BLOCK_W;
}

static double block_bottom(void)
{
	return A4_H - GB_TOP_MARGIN - GB_BLOCK_H;
}

static void finish_page(struct composer *c)
{
	if (!c->page)
		return;
	if (c->landscape)
		dpage_turn(c->page);
	number_page(c, c->page);
}

static void new_page(struct composer *c, bool landscape)
{
	finish_page(c);
	c->landscape = landscape;
	c->page = display_add_page(c->out, A4_W, A4_H);
	double left = block_left(display_page_number(c->out, c->page));
	if (landscape) {
		/* The frame: the block turned, its top along the sheet's left. */
		c->width = GB_BLOCK_H;
		c->left = block_bottom();
		c->top = A4_W - left;
		c->bottom = c->top - GB_BLOCK_W;
	} else {
		c->width = GB_BLOCK_W;
		c->left = left;
		c->top = A4_H - GB_TOP_MARGIN;
		c->bottom = c->top - GB_BLOCK_H;
	}
	c->y = c->top;
	c->page_has_text = false;
	c->seal_bottom = c->top;
}

/* A page nothing was drawn on is reused, so that a document starting with
 * a landscape table does not begin with a blank portrait page. */
static void fresh_page(struct composer *c, bool landscape)
{
	if (c->page && c->page->nruns == 0 && c->page->nrules == 0) {
		display_drop_last(c->out);
		c->page = NULL;
	}
	new_page(c, landscape);
}

static double baseline_in(double box_top, double box_h, double size)
{
	return box_top - (box_h - size) / 2 - ASCENT * size;
}

/* Whole line boxes of height h left on the page. */
static int lines_left(const struct composer *c, double h)
{
	return (int)((c->y - c->bottom + 0.01) / h);
}

static double room(const struct composer *c)
{
	return c->y - c->bottom;
}

static const char *field_at(const struct block *b, int offset)
{
	for (int i = 0; i < b->nprov; i++)
		if (offset >= b->prov[i].offset && offset < b->prov[i].offset + b->prov[i].length)
			return b->prov[i].field;
	return "template";
}

/* Characters set in a later face of the chain than the first are noted,
 * with the field they came from. */
static void note_fallbacks(struct composer *c, const struct tpara *p, const char *text, const struct block *b,
			   const char *field)
{
	int primary = c->fs->chain[p->style.role][0];
	size_t len = strlen(text), at = 0;
	for (int i = 0; i < p->n && at < len; i++) {
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)text + at, len - at, &cp);
		if (p->face[i] != primary)
			display_note_fallback(c->out, p->cps[i], (int)p->style.role, p->face[i],
					      field ? field
					      : b   ? field_at(b, (int)at)
						    : "template");
		at += k > 0 ? (size_t)k : 1;
	}
}

static bool prepare(struct composer *c, struct tpara *p, const struct tstyle *st, const char *text,
		    const struct block *b, const char *field)
{
	uint32_t cp;
	int at;
	if (tpara_prepare(p, c->fs, st, text, &cp, &at)) {
		note_fallbacks(c, p, text, b, field);
		return true;
	}
	tpara_free(p);
	if (!c->failed) {
		c->err->cp = cp;
		/* field may be the caller's buffer: keep a copy. */
		c->err->field = field ? arena_strdup(c->out->arena, field) : b ? field_at(b, at) : "template";
	}
	c->failed = true;
	return false;
}

/* For measuring ahead: a missing character is reported when the text is
 * drawn, not here. */
static bool measure_prepare(struct composer *c, struct tpara *p, const struct tstyle *st, const char *text)
{
	uint32_t cp;
	int at;
	return tpara_prepare(p, c->fs, st, text, &cp, &at);
}

static struct tstyle style(enum font_role role, double size, double pitch, uint32_t color)
{
	return (struct tstyle){ role, size, pitch, color };
}

/* ---- what must stay together ---- */

static bool is_heading(enum block_kind k)
{
	return k == BK_HEADING1 || k == BK_HEADING2 || k == BK_HEADING3 || k == BK_HEADING4;
}

static bool is_text(enum block_kind k)
{
	return k == BK_PARA || k == BK_ADDRESSEE || is_heading(k);
}

static enum font_role role_of(enum block_kind k)
{
	return k == BK_HEADING1 ? ROLE_HEADING : k == BK_HEADING2 ? ROLE_KAI : ROLE_BODY;
}

static double indent_of(enum block_kind k)
{
	return k == BK_ADDRESSEE ? 0 : 2 * GB_CHAR_PITCH;
}

/* Lines a text block takes, measured without drawing. */
static int text_lines(struct composer *c, const struct block *b)
{
	struct tpara p;
	struct tstyle st = style(role_of(b->kind), GB_BODY_SIZE, GB_CHAR_PITCH, RGB_BLACK);
	if (!measure_prepare(c, &p, &st, b->text))
		return 1;
	double indent = indent_of(b->kind);
	if (indent == 0)
		tpara_break_words(&p, c->width, c->width);
	else
		tpara_break(&p, c->width - indent, c->width);
	int n = p.nlines;
	tpara_free(&p);
	return n;
}

/* From the top of the seal (the foot of the body text): a blank line, the
 * signer and the date make three lines; the seal reaches 42 mm down. */
static double signature_height(void)
{
	return SEAL > 3 * GB_LINE_PITCH ? SEAL : 3 * GB_LINE_PITCH;
}

static double attachments_height(struct composer *c, const struct block *b);
static double table_head_height(struct composer *c, const struct table *t, int rows);
static int first_rows(const struct table *t);

/* The height the start of block i needs on the page where it begins: a
 * heading keeps the first two lines after it, a signature its seal. */
static double first_part(struct composer *c, int i)
{
	const struct officialdoc *doc = c->doc;
	double blanks = 0;
	while (i < doc->nblocks && doc->blocks[i].kind == BK_BLANK)
		blanks += GB_LINE_PITCH, i++;
	if (i >= doc->nblocks)
		return 0;
	const struct block *b = &doc->blocks[i];
	if (is_heading(b->kind)) {
		int n = text_lines(c, b);
		return blanks + n * GB_LINE_PITCH + first_part(c, i + 1);
	}
	if (is_text(b->kind)) {
		int n = text_lines(c, b);
		return blanks + (n < 2 ? n : 2) * GB_LINE_PITCH;
	}
	switch (b->kind) {
	case BK_SIGNATURE:
		return blanks + signature_height();
	case BK_ATTACHMENTS:
		return blanks + attachments_height(c, b);
	case BK_TABLE:
		if (b->table->landscape != c->landscape || b->table->new_page)
			return 0; /* starts a page of its own anyway */
		return blanks + table_head_height(c, b->table, b->table->keep ? b->table->nrows : first_rows(b->table));
	case BK_TITLE:
		return blanks + 2 * GB_LINE_PITCH;
	default:
		return blanks;
	}
}

/* What must follow block i on the page where its last lines stand: the
 * signature (with the attachment note before it, 附件说明). */
static double tail_of(struct composer *c, int i)
{
	const struct officialdoc *doc = c->doc;
	if (i + 1 >= doc->nblocks)
		return 0;
	enum block_kind next = doc->blocks[i + 1].kind;
	if (next == BK_SIGNATURE)
		return signature_height();
	if (next == BK_ATTACHMENTS) {
		double h = attachments_height(c, &doc->blocks[i + 1]);
		if (i + 2 < doc->nblocks && doc->blocks[i + 2].kind == BK_SIGNATURE)
			h += signature_height();
		return h;
	}
	return 0;
}

/* Places the lines of a broken paragraph from the cursor down, keeping
 * the first two and the last two lines together across a page break
 * when the page allows, and the last lines with what must follow them
 * (tail): when the tail would not fit after them, the last two lines (or
 * a short paragraph whole) go over to the next page with it. */
static void place_lines(struct composer *c, struct tpara *p, double indent, double hang, bool justify, int align,
			double lh, double tail)
{
	int k = 0;
	while (k < p->nlines) {
		int fit = lines_left(c, lh), rest = p->nlines - k, take = rest;
		if (rest > fit) {
			take = fit;
			if (rest - take < 2)
				take = rest - 2;
			if ((k == 0 && take < 2) || take <= 0) {
				if (c->page_has_text || fit > 0) {
					new_page(c, c->landscape);
					continue;
				}
				take = fit > 0 ? fit : 1; /* a paragraph longer than a page */
			}
		} else if (tail > 0 && room(c) - rest * lh < tail - 0.01 && c->page_has_text) {
			int carry = k == 0 && rest < 4 ? rest : 2;
			if (carry * lh + tail <= c->top - c->bottom) {
				take = rest - carry;
				if (take == 0) {
					new_page(c, c->landscape);
					continue;
				}
			}
		}
		for (int i = 0; i < take; i++, k++) {
			double x = c->left + (k == 0 ? indent : hang);
			double measure = c->width - (k == 0 ? indent : hang);
			bool last = k == p->nlines - 1;
			tpara_emit(p, k, x, baseline_in(c->y, lh, p->style.size), measure, justify && !last, align,
				   c->page);
			c->y -= lh;
			c->page_has_text = true;
		}
		if (k < p->nlines)
			new_page(c, c->landscape);
	}
}

static void paragraph(struct composer *c, const struct block *b, enum font_role role, double indent, bool justify,
		      double tail)
{
	struct tpara p;
	struct tstyle st = style(role, GB_BODY_SIZE, GB_CHAR_PITCH, RGB_BLACK);
	if (!prepare(c, &p, &st, b->text, b, NULL))
		return;
	if (indent == 0) /* an addressee or a form line: names kept whole */
		tpara_break_words(&p, c->width, c->width);
	else
		tpara_break(&p, c->width - indent, c->width);
	place_lines(c, &p, indent, 0, justify, ALIGN_LEFT, GB_LINE_PITCH, tail);
	tpara_free(&p);
}

/* A title: 2号, centred, broken between words into a 梯形 or 菱形. */
static void title(struct composer *c, const struct block *b, const char *text, double lh)
{
	struct tpara p;
	struct tstyle st = style(ROLE_TITLE, GB_TITLE_SIZE, 0, RGB_BLACK);
	if (!prepare(c, &p, &st, text, b, NULL))
		return;
	tpara_break_title(&p, c->width);
	if (lines_left(c, lh) < p.nlines && c->page_has_text)
		new_page(c, c->landscape);
	place_lines(c, &p, 0, 0, false, ALIGN_CENTER, lh, 0);
	tpara_free(&p);
}

/* 附件：1. 名称 — each item on its own line, wrapped names aligned under
 * their first character; one attachment has no number (附件：名称). */
static void attachment_lines(struct composer *c, const struct block *b, bool draw, double tail, double *height)
{
	const char *s = b->text;
	bool first = true;
	struct tstyle st = style(ROLE_BODY, GB_BODY_SIZE, GB_CHAR_PITCH, RGB_BLACK);
	double label = 2 * GB_CHAR_PITCH + 3 * GB_CHAR_PITCH; /* indent + 附件： */
	*height = GB_LINE_PITCH;                              /* the blank line above */
	if (draw)
		c->y -= GB_LINE_PITCH;
	int list = c->out->current;
	while (*s && !c->failed) {
		if (draw)
			display_mark(c->out, display_elem(c->out, TAG_LI, list, NULL));
		size_t n = strcspn(s, "\n");
		char *item = xmalloc(n + 16);
		snprintf(item, n + 16, "%s%.*s", first ? "附件：" : "", (int)n, s);
		struct tpara p;
		if (draw ? prepare(c, &p, &st, item, b, NULL) : measure_prepare(c, &p, &st, item)) {
			/* The number ("1. ") is measured to hang the wrapped lines. */
			const char *dot = strstr(item + (first ? strlen("附件：") : 0), ". ");
			double num = 0;
			if (dot) {
				int chars = 0;
				for (const char *q = item + (first ? strlen("附件：") : 0); q < dot + 2; q++)
					chars += ((unsigned char)*q & 0xC0) != 0x80;
				int start = first ? 3 : 0;
				for (int i = start; i < start + chars && i < p.n; i++)
					num += p.adv[i];
			}
			double indent = first ? 2 * GB_CHAR_PITCH : label;
			tpara_break_words(&p, c->width - indent, c->width - label - num);
			*height += p.nlines * GB_LINE_PITCH;
			bool last = !s[n] || !s[n + 1];
			if (draw)
				place_lines(c, &p, indent, label + num, true, ALIGN_LEFT, GB_LINE_PITCH,
					    last ? tail : 0);
			tpara_free(&p);
		}
		free(item);
		first = false;
		s += n + (s[n] ? 1 : 0);
	}
}

static double attachments_height(struct composer *c, const struct block *b)
{
	double h;
	attachment_lines(c, b, false, 0, &h);
	return h;
}

/* Signer centred over the date; the date right-aligned four characters
 * from the edge; a blank line above. A 42 mm seal fits under them: its
 * top at the foot of the body, centred on the date, 署名 and date a little
 * below its centre (7.3.5.1); the department's seal image, if any, is
 * drawn there under the text. */
static void signature(struct composer *c, const struct block *b)
{
	const char *nl = strchr(b->text, '\n');
	if (!nl)
		return;
	char *signer = xmalloc((size_t)(nl - b->text) + 1);
	memcpy(signer, b->text, (size_t)(nl - b->text));
	signer[nl - b->text] = '\0';
	struct tstyle st = style(ROLE_BODY, GB_BODY_SIZE, GB_CHAR_PITCH, RGB_BLACK);
	struct tpara ps, pd;
	if (!prepare(c, &ps, &st, signer, b, NULL)) {
		free(signer);
		return;
	}
	if (!prepare(c, &pd, &st, nl + 1, b, NULL)) {
		tpara_free(&ps);
		free(signer);
		return;
	}
	if (room(c) < signature_height() - 0.01)
		new_page(c, c->landscape);
	tpara_break(&ps, c->width, c->width);
	tpara_break(&pd, c->width, c->width);
	double date_w = pd.lines[0].width, right = c->left + c->width - 4 * GB_CHAR_PITCH;
	double date_x = right - date_w, centre = date_x + date_w / 2;
	double signer_x = centre - ps.lines[0].width / 2;
	if (signer_x + ps.lines[0].width > c->left + c->width)
		signer_x = c->left + c->width - ps.lines[0].width;
	double seal_top = c->y;
	if (c->doc->seal_image)
		dpage_add_image(c->page, c->doc->seal_image, centre - SEAL / 2, seal_top - SEAL, SEAL, SEAL);
	c->y -= GB_LINE_PITCH;
	tpara_emit(&ps, 0, signer_x, baseline_in(c->y, GB_LINE_PITCH, GB_BODY_SIZE), ps.lines[0].width, false,
		   ALIGN_LEFT, c->page);
	c->y -= GB_LINE_PITCH;
	tpara_emit(&pd, 0, date_x, baseline_in(c->y, GB_LINE_PITCH, GB_BODY_SIZE), date_w, false, ALIGN_LEFT, c->page);
	c->y -= GB_LINE_PITCH;
	c->seal_bottom = seal_top - SEAL;
	c->page_has_text = true;
	tpara_free(&ps);
	tpara_free(&pd);
	free(signer);
}

/* ---- tables ---- */

struct row_layout {
	struct tpara cells[10];
	int elems[10]; /* TH or TD of each cell; -1 in a repeated header or measured only */
	int lines;     /* the row's height in lines */
	double height;
};

static bool capitals_text(const char *s)
{
	static const char *const digits = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整";
	if (!*s)
		return false;
	while (*s) {
		int len = ((unsigned char)*s & 0xF0) == 0xE0 ? 3 : 1;
		char ch[4] = { 0 };
		memcpy(ch, s, (size_t)len);
		if (len != 3 || !strstr(digits, ch))
			return false;
		s += len;
	}
	return true;
}

static double table_lh(const struct table *t)
{
	return t->size * 1.45;
}

static enum row_kind kind_of(const struct table *t, int i)
{
	if (t->row_kinds)
		return (enum row_kind)t->row_kinds[i];
	return i >= t->nrows - t->totals_rows ? ROW_TOTAL : ROW_BODY;
}

/* quiet: measuring ahead, a missing character is reported later. */
static bool layout_row(struct composer *c, const struct table *t, const char *const *texts, bool header, bool emphasis,
		       const char *row_id, const double *colw, struct row_layout *r, bool quiet, int min_lines)
{
	double lh = table_lh(t);
	int most = min_lines > 1 ? min_lines : 1;
	memset(r, 0, sizeof *r);
	/* Tagged PDF: a drawn row is a TR of TH or TD; a repeated header and a
	 * row only measured ahead are not in the tree. */
	bool tagged = !quiet && (!header || !c->header_tagged);
	int tr = tagged ? display_elem(c->out, TAG_TR, c->table_elem, NULL) : -1;
	if (!quiet)
		c->header_tagged = c->header_tagged || header;
	for (int j = 0; j < t->ncols; j++) {
		r->elems[j] = tagged ? display_elem(c->out, header ? TAG_TH : TAG_TD, tr, NULL) : -1;
		struct tstyle st = style(header || emphasis ? ROLE_HEADING : ROLE_BODY, t->size, t->size, RGB_BLACK);
		char field[160];
		snprintf(field, sizeof field, "%s %s", row_id ? row_id : "table", t->cols[j].header);
		if (quiet ? !measure_prepare(c, &r->cells[j], &st, texts[j])
			  : !prepare(c, &r->cells[j], &st, texts[j], NULL, field)) {
			for (int k = 0; k < j; k++)
				tpara_free(&r->cells[k]);
			return false;
		}
		double w = colw[j] - 2 * CELL_PAD;
		if (tpara_width(&r->cells[j]) <= w + 0.01 || capitals_text(texts[j]))
			tpara_break(&r->cells[j], w, w);
		else
			tpara_break_cell(&r->cells[j], w);
		if (r->cells[j].nlines > most)
			most = r->cells[j].nlines;
	}
	r->lines = most;
	r->height = most * lh + 2 * CELL_PAD;
	return true;
}

static int row_lines(const struct table *t, const struct row_layout *r)
{
	(void)t;
	return r->lines;
}

static int min_lines(const struct table *t, int i)
{
	return t->row_lines ? t->row_lines[i] : 1;
}

/* Draws lines [from, to) of every cell of a row, with its borders; a cell
 * with fewer lines than the row is centred in it vertically. */
static void draw_row_slice(struct composer *c, const struct table *t, struct row_layout *r, bool header,
			   const double *colw, int from, int to)
{
	double lh = table_lh(t), x = c->left;
	int lines = to - from;
	double height = lines * lh + 2 * CELL_PAD;
	bool whole = from == 0 && to == row_lines(t, r);
	for (int j = 0; j < t->ncols; j++) {
		int align = header ? ALIGN_CENTER : t->cols[j].align;
		int own = r->cells[j].nlines;
		double drop = whole && own < lines ? (lines - own) * lh / 2 : 0;
		display_mark(c->out, r->elems[j]);
		for (int k = from; k < to && k < own; k++)
			tpara_emit(&r->cells[j], k, x + CELL_PAD,
				   baseline_in(c->y - CELL_PAD - drop - (k - from) * lh, lh, t->size),
				   colw[j] - 2 * CELL_PAD, false, align, c->page);
		dpage_add_rule(c->page, x, c->y, x, c->y - height, 0.5, RGB_BLACK);
		x += colw[j];
	}
	display_mark(c->out, -1);
	dpage_add_rule(c->page, x, c->y, x, c->y - height, 0.5, RGB_BLACK);
	dpage_add_rule(c->page, c->left, c->y, x, c->y, 0.5, RGB_BLACK);
	dpage_add_rule(c->page, c->left, c->y - height, x, c->y - height, 0.5, RGB_BLACK);
	c->y -= height;
	c->page_has_text = true;
}

static void free_row(const struct table *t, struct row_layout *r)
{
	for (int j = 0; j < t->ncols; j++)
		tpara_free(&r->cells[j]);
}

static void draw_row(struct composer *c, const struct table *t, struct row_layout *r, bool header, const double *colw)
{
	draw_row_slice(c, t, r, header, colw, 0, row_lines(t, r));
	free_row(t, r);
}

/* Amounts of one column written with one precision: a right-aligned
 * column whose cells are all numbers gets the most decimals any has. */
static bool number_text(const char *s, int *decimals)
{
	int digits = 0, dec = -1;
	if (*s == '-')
		s++;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			digits++;
			if (dec >= 0)
				dec++;
		} else if (*s == '.' && dec < 0) {
			dec = 0;
		} else if (*s != ',' || dec >= 0) {
			return false;
		}
	}
	*decimals = dec < 0 ? 0 : dec;
	return digits > 0 && dec != 0;
}

static const char **even_precision(struct composer *c, const struct table *t)
{
	size_t n = (size_t)t->nrows * (size_t)t->ncols;
	const char **cells = arena_alloc(c->out->arena, (n ? n : 1) * sizeof *cells);
	memcpy(cells, t->cells, n * sizeof *cells);
	for (int j = 0; j < t->ncols; j++) {
		if (t->cols[j].align != ALIGN_RIGHT)
			continue;
		int most = 0, dec;
		bool numeric = true;
		for (int i = 0; i < t->nrows && numeric; i++) {
			const char *s = cells[(size_t)i * (size_t)t->ncols + (size_t)j];
			if (!*s)
				continue;
			numeric = number_text(s, &dec);
			if (dec > most)
				most = dec;
		}
		if (!numeric || most == 0)
			continue;
		for (int i = 0; i < t->nrows; i++) {
			const char **s = &cells[(size_t)i * (size_t)t->ncols + (size_t)j];
			if (!**s)
				continue;
			number_text(*s, &dec);
			size_t len = strlen(*s);
			char *padded = arena_alloc(c->out->arena, len + (size_t)most + 2);
			memcpy(padded, *s, len);
			if (dec == 0)
				padded[len++] = '.';
			while (dec < most)
				padded[len++] = '0', dec++;
			padded[len] = '\0';
			*s = padded;
		}
	}
	return cells;
}

/* Natural and narrowest widths of a column's header and cells, each in
 * the face it is set in: no header word, amount in capitals, number or
 * other unbreakable token is ever wrapped. */
static void measure_column(struct composer *c, const struct table *t, const char **cells, int j, double *natural,
			   double *narrowest)
{
	*natural = *narrowest = 0;
	for (int i = -1; i < t->nrows; i++) {
		const char *s = i < 0 ? (t->no_header ? "" : t->cols[j].header)
				      : cells[(size_t)i * (size_t)t->ncols + (size_t)j];
		if (!s || !*s)
			continue;
		bool header = i < 0, bold = header || kind_of(t, i) != ROW_BODY;
		struct tstyle st = style(bold ? ROLE_HEADING : ROLE_BODY, t->size, t->size, RGB_BLACK);
		struct tpara p;
		if (!measure_prepare(c, &p, &st, s))
			continue;
		double w = tpara_width(&p);
		if (w > *natural)
			*natural = w;
		double least = capitals_text(s) ? w : tpara_min_width(&p, header);
		if (least > *narrowest)
			*narrowest = least;
		tpara_free(&p);
	}
	*natural += 2 * CELL_PAD;
	*narrowest += 2 * CELL_PAD;
}

static void column_widths(struct composer *c, const struct table *t, const char **cells, double *colw)
{
	double total = 0, natural[10], least[10];
	for (int j = 0; j < t->ncols; j++)
		total += t->cols[j].weight;
	for (int j = 0; j < t->ncols; j++) {
		colw[j] = c->width * t->cols[j].weight / total;
		measure_column(c, t, cells, j, &natural[j], &least[j]);
		if (least[j] > natural[j])
			least[j] = natural[j];
	}
	/* Width a column does not use, and width a column must have. */
	double spare = 0;
	for (int j = 0; j < t->ncols; j++) {
		double want = natural[j] > least[j] ? natural[j] : least[j];
		if (want < colw[j]) {
			spare += colw[j] - want;
			colw[j] = want;
		} else if (least[j] > colw[j]) {
			spare -= least[j] - colw[j];
			colw[j] = least[j];
		}
	}
	/* Spare width goes to the columns that wrap, by weight; a shortfall
	 * comes from them, never below their narrowest. */
	for (int round = 0; round < 4 && (spare > 0.01 || spare < -0.01); round++) {
		double weights = 0;
		for (int j = 0; j < t->ncols; j++)
			if (spare > 0 ? natural[j] > colw[j] + 0.01 : colw[j] > least[j] + 0.01)
				weights += t->cols[j].weight;
		if (weights <= 0)
			break;
		double left = spare;
		for (int j = 0; j < t->ncols; j++) {
			if (!(spare > 0 ? natural[j] > colw[j] + 0.01 : colw[j] > least[j] + 0.01))
				continue;
			double share = spare * t->cols[j].weight / weights;
			double limit = spare > 0 ? natural[j] - colw[j] : least[j] - colw[j];
			if (spare > 0 ? share > limit : share < limit)
				share = limit;
			colw[j] += share;
			left -= share;
		}
		spare = left;
	}
	/* Whatever is left over (every column at its natural width) spreads
	 * by weight, so the table keeps the block's width. */
	double sum = 0;
	for (int j = 0; j < t->ncols; j++)
		sum += colw[j];
	for (int j = 0; j < t->ncols; j++)
		colw[j] += (c->width - sum) * t->cols[j].weight / total;
}

/* The table's cells and column widths, measured once per table. The
 * widths depend on the frame's width, the same on every page of a table. */
static const char **table_geometry(struct composer *c, const struct table *t, double *colw)
{
	if (c->measured != t) {
		c->measured_cells = even_precision(c, t);
		column_widths(c, t, c->measured_cells, c->measured_colw);
		c->measured = t;
	}
	memcpy(colw, c->measured_colw, sizeof c->measured_colw);
	return c->measured_cells;
}

static bool table_header(struct composer *c, const struct table *t, const double *colw, double *height)
{
	const char *headers[10];
	for (int j = 0; j < t->ncols; j++)
		headers[j] = t->cols[j].header;
	struct row_layout hdr;
	if (!layout_row(c, t, headers, true, true, NULL, colw, &hdr, false, 1))
		return false;
	*height = hdr.height;
	draw_row(c, t, &hdr, true, colw);
	return true;
}

/* A row taller than a whole page is the one row that is split: as many
 * of its lines as fit on each page, the header repeated above each part. */
static void split_row(struct composer *c, const struct table *t, struct row_layout *r, const double *colw)
{
	double lh = table_lh(t), hdr_h;
	int lines = row_lines(t, r), k = 0;
	while (k < lines && !c->failed) {
		int fit = (int)((c->y - c->bottom - 2 * CELL_PAD + 0.01) / lh);
		if (fit < 1) {
			new_page(c, t->landscape);
			if (!t->no_header && !table_header(c, t, colw, &hdr_h))
				break;
			continue;
		}
		int to = k + fit < lines ? k + fit : lines;
		draw_row_slice(c, t, r, false, colw, k, to);
		k = to;
		if (k < lines) {
			new_page(c, t->landscape);
			if (!t->no_header && !table_header(c, t, colw, &hdr_h))
				break;
		}
	}
	free_row(t, r);
}

static double row_height(struct composer *c, const struct table *t, const char **cells, int i, const double *colw)
{
	struct row_layout r;
	if (!layout_row(c, t, cells + (size_t)i * (size_t)t->ncols, false, kind_of(t, i) != ROW_BODY, NULL, colw, &r,
			true, min_lines(t, i)))
		return table_lh(t) + 2 * CELL_PAD;
	free_row(t, &r);
	return r.height;
}

/* Label, caption, header and the first rows: what a heading keeps. */
static double table_head_height(struct composer *c, const struct table *t, int rows)
{
	double colw[10], h = 0;
	const char **cells = table_geometry(c, t, colw);
	if (t->label)
		h += GB_LINE_PITCH;
	if (t->caption)
		h += 2.5 * GB_LINE_PITCH;
	if (!t->no_header) {
		const char *headers[10];
		for (int j = 0; j < t->ncols; j++)
			headers[j] = t->cols[j].header;
		struct row_layout hdr;
		if (layout_row(c, t, headers, true, true, NULL, colw, &hdr, true, 1)) {
			h += hdr.height;
			free_row(t, &hdr);
		}
	}
	for (int i = 0; i < rows && i < t->nrows; i++)
		h += row_height(c, t, cells, i, colw);
	return h;
}

/* The rows a table needs on the page where it starts: two, and a total
 * right after them. */
static int first_rows(const struct table *t)
{
	int n = t->nrows < 2 ? t->nrows : 2;
	while (n < t->nrows && kind_of(t, n) != ROW_BODY)
		n++;
	return n;
}

/* The first of the body rows a (sub)total keeps with it: a total never
 * starts a page with fewer than two body rows above it. */
static int totals_group_end(const struct table *t, int i)
{
	int j = i;
	while (j < t->nrows && kind_of(t, j) == ROW_BODY)
		j++;
	if (j >= t->nrows || j - i > 2 || (j - i == 1 && i > 0 && kind_of(t, i - 1) == ROW_BODY))
		return -1;
	while (j < t->nrows && kind_of(t, j) != ROW_BODY)
		j++;
	return j;
}

/* GB/T 9704 8: 附件 and its number top left on the first line, the
 * attachment's title centred on the third. */
static void table_label(struct composer *c, const struct table *t)
{
	if (t->label) {
		struct block lb = { BK_ADDRESSEE, t->label, NULL, 0, NULL };
		display_mark(c->out, display_elem(c->out, TAG_P, c->doc_elem, NULL));
		paragraph(c, &lb, ROLE_HEADING, 0, false, 0);
	}
	c->table_elem = display_elem(c->out, TAG_TABLE, c->doc_elem, t->caption ? t->caption : t->label);
	c->header_tagged = false;
	if (t->caption) {
		if (t->label)
			c->y -= GB_LINE_PITCH;
		display_mark(c->out, display_elem(c->out, TAG_CAPTION, c->table_elem, NULL));
		struct block cb = { BK_TITLE, t->caption, NULL, 0, NULL };
		title(c, &cb, t->caption, GB_LINE_PITCH);
		c->y -= GB_LINE_PITCH / 2;
	}
}

/* Header on every page; a row is not split across pages unless it is
 * taller than a page. */
static void table(struct composer *c, const struct table *t)
{
	if (t->landscape != c->landscape || (c->page_has_text && t->new_page))
		fresh_page(c, t->landscape);
	double colw[10];
	const char **cells = table_geometry(c, t, colw);
	if (c->page_has_text) {
		/* A signing block whole; any other table with its first rows. */
		double need = table_head_height(c, t, t->keep ? t->nrows : first_rows(t));
		if (need > room(c) + 0.01 && need <= c->top - c->bottom)
			new_page(c, c->landscape);
	}
	table_label(c, t);
	double hdr_h = 0;
	if (c->failed || (!t->no_header && !table_header(c, t, colw, &hdr_h)))
		return;
	double page_room = (t->landscape ? GB_BLOCK_W : GB_BLOCK_H) - hdr_h;
	int rows_on_page = 0;
	for (int i = 0; i < t->nrows && !c->failed; i++) {
		enum row_kind kind = kind_of(t, i);
		struct row_layout row;
		if (!layout_row(c, t, cells + (size_t)i * (size_t)t->ncols, false, kind != ROW_BODY,
				t->row_ids ? t->row_ids[i] : NULL, colw, &row, false, min_lines(t, i)))
			return;
		if (row.height > page_room) {
			split_row(c, t, &row, colw);
			rows_on_page = 1;
			continue;
		}
		bool turn_page = c->y - row.height < c->bottom - 0.01;
		int group_end = kind == ROW_BODY ? totals_group_end(t, i) : -1;
		if (!turn_page && group_end > i && rows_on_page > 0) {
			double h = 0;
			for (int j = i; j < group_end; j++)
				h += j == i ? row.height : row_height(c, t, cells, j, colw);
			turn_page = c->y - h < c->bottom - 0.01 && h <= page_room;
		}
		if (turn_page) {
			new_page(c, t->landscape);
			rows_on_page = 0;
			if (!t->no_header && !table_header(c, t, colw, &hdr_h)) {
				free_row(t, &row);
				return;
			}
		}
		draw_row(c, t, &row, false, colw);
		rows_on_page++;
	}
}

/* ---- 版头, 版记, page numbers ---- */

static void mark(struct composer *c, const struct officialdoc *doc, double glyph_top)
{
	struct tstyle st = style(ROLE_TITLE, MARK_MAX_SIZE, 0, RGB_RED);
	struct tpara p;
	if (!prepare(c, &p, &st, doc->mark, NULL, "authority"))
		return;
	double w = tpara_width(&p);
	tpara_free(&p);
	if (w > c->width) /* a long name shrinks to the measure */
		st.size = MARK_MAX_SIZE * c->width / w;
	if (!prepare(c, &p, &st, doc->mark, NULL, "authority"))
		return;
	tpara_break(&p, c->width, c->width);
	display_mark(c->out, display_elem(c->out, TAG_P, c->doc_elem, NULL));
	tpara_emit(&p, 0, c->left, glyph_top - ASCENT * st.size, c->width, false, ALIGN_CENTER, c->page);
	tpara_free(&p);
	c->y = glyph_top - st.size;
}

/* The 发文字号 on one line of the text block, its baseline at base; false
 * when it cannot be drawn (the composer's error is set). */
static bool doc_number_line(struct composer *c, const char *number, double base, int align)
{
	struct tpara p;
	struct tstyle ns = style(ROLE_BODY, GB_BODY_SIZE, GB_CHAR_PITCH, RGB_BLACK);
	if (!prepare(c, &p, &ns, number, NULL, "doc-number"))
		return false;
	display_mark(c->out, display_elem(c->out, TAG_P, c->doc_elem, NULL));
	tpara_break(&p, c->width, c->width);
	tpara_emit(&p, 0, c->left, base, c->width, false, align, c->page);
	tpara_free(&p);
	return true;
}

/* 文件 版头: the mark's top 35 mm into the block, the number two lines
 * below it, the red rule 4 mm under the number, the title two lines on. */
static void masthead(struct composer *c, const struct officialdoc *doc)
{
	mark(c, doc, c->top - 35 * MM);
	c->y -= 2 * GB_LINE_PITCH;
	double number_base = baseline_in(c->y, GB_LINE_PITCH, GB_BODY_SIZE);
	if (doc->doc_number && !doc_number_line(c, doc->doc_number, number_base, ALIGN_CENTER))
		return;
	display_mark(c->out, -1);
	double rule_y = number_base - DESCENT * GB_BODY_SIZE - 4 * MM;
	dpage_add_rule(c->page, c->left, rule_y, c->left + c->width, rule_y, 0.5 * MM, RGB_RED);
	c->y = rule_y - 2 * GB_LINE_PITCH;
	c->page_has_text = true;
}

/* Red double lines of the 信函格式, 170 mm long, centred on the sheet. */
static void double_line(struct composer *c, double y, bool thick_above)
{
	double x0 = (A4_W - 170 * MM) / 2, x1 = x0 + 170 * MM;
	double thick = 1.0 * MM, thin = 0.3 * MM, gap = 0.8 * MM;
	double upper = thick_above ? thick : thin, lower = thick_above ? thin : thick;
	dpage_add_rule(c->page, x0, y + gap / 2 + upper / 2, x1, y + gap / 2 + upper / 2, upper, RGB_RED);
	dpage_add_rule(c->page, x0, y - gap / 2 - lower / 2, x1, y - gap / 2 - lower / 2, lower, RGB_RED);
}

/* 信函格式 (GB/T 9704 10.1): the mark 30 mm from the sheet's top, a red
 * double line 4 mm under it and one 20 mm above the sheet's foot; the
 * number flush right under the first line, 7/8 of a character below it;
 * the title two lines on. */
static void letterhead(struct composer *c, const struct officialdoc *doc)
{
	mark(c, doc, A4_H - 30 * MM);
	double line_y = c->y - 4 * MM;
	double_line(c, line_y, true);
	double_line(c, 20 * MM, false);
	double number_top = line_y - 1.3 * MM - GB_BODY_SIZE * 7 / 8;
	if (doc->doc_number && !doc_number_line(c, doc->doc_number, number_top - ASCENT * GB_BODY_SIZE, ALIGN_RIGHT))
		return;
	display_mark(c->out, -1);
	c->y = number_top - GB_BODY_SIZE - 2 * GB_LINE_PITCH;
	c->page_has_text = true;
}

/* 版记 on the last page, its last rule on the block's foot, below any
 * seal; a turned (landscape) page takes a portrait page after it. 抄送 ends
 * with 。 and wraps under its first name. The 信函格式 has 抄送 only, no
 * rules, printer or date (10.1). */
static void colophon(struct composer *c, const struct officialdoc *doc)
{
	const char *cc = doc->cc;
	struct tstyle st = style(ROLE_BODY, GB_SMALL_SIZE, GB_SMALL_SIZE, RGB_BLACK);
	struct tpara pc, pp;
	memset(&pc, 0, sizeof pc);
	memset(&pp, 0, sizeof pp);
	double lh = GB_LINE_PITCH, right_in = GB_SMALL_SIZE;
	bool rules = !doc->letter;
	if (cc) {
		size_t len = strlen(cc);
		bool stop = len >= 3 && strcmp(cc + len - 3, "。") == 0;
		char *text = xmalloc(len + 16);
		sprintf(text, "抄送：%s%s", cc, stop ? "" : "。");
		bool ok = prepare(c, &pc, &st, text, NULL, "cc");
		free(text);
		if (!ok)
			return;
	}
	if (c->landscape)
		new_page(c, false);
	double label = 3 * GB_SMALL_SIZE;
	if (cc)
		tpara_break(&pc, c->width - 2 * right_in, c->width - 2 * right_in - label);
	bool printer = rules && doc->printer;
	int lines = (cc ? pc.nlines : 0) + (printer ? 1 : 0);
	double needed = lines * lh;
	double ceiling = c->y < c->seal_bottom ? c->y : c->seal_bottom;
	if (ceiling - needed < c->bottom - 0.01)
		new_page(c, false);
	double right = c->left + c->width;
	double y = c->bottom + needed;
	if (rules)
		dpage_add_rule(c->page, c->left, y, right, y, 0.35 * MM, RGB_BLACK);
	if (cc) {
		display_mark(c->out, display_elem(c->out, TAG_P, c->doc_elem, NULL));
		for (int k = 0; k < pc.nlines; k++) {
			tpara_emit(&pc, k, c->left + right_in + (k ? label : 0), baseline_in(y, lh, GB_SMALL_SIZE),
				   c->width - 2 * right_in - (k ? label : 0), false, ALIGN_LEFT, c->page);
			y -= lh;
		}
		if (printer)
			dpage_add_rule(c->page, c->left, y, right, y, 0.25 * MM, RGB_BLACK);
		tpara_free(&pc);
	}
	if (printer) {
		if (!prepare(c, &pp, &st, doc->printer, NULL, "printer"))
			return;
		display_mark(c->out, display_elem(c->out, TAG_P, c->doc_elem, NULL));
		tpara_break(&pp, c->width, c->width);
		tpara_emit(&pp, 0, c->left + right_in, baseline_in(y, lh, GB_SMALL_SIZE), c->width, false, ALIGN_LEFT,
			   c->page);
		tpara_free(&pp);
		if (doc->print_date) {
			char *text = xmalloc(strlen(doc->print_date) + 16);
			sprintf(text, "%s印发", doc->print_date);
			bool ok = prepare(c, &pp, &st, text, NULL, "print-date");
			free(text);
			if (!ok)
				return;
			tpara_break(&pp, c->width, c->width);
			double w = pp.lines[0].width;
			tpara_emit(&pp, 0, right - right_in - w, baseline_in(y, lh, GB_SMALL_SIZE), w, false,
				   ALIGN_LEFT, c->page);
			tpara_free(&pp);
		}
	}
	display_mark(c->out, -1);
	if (rules)
		dpage_add_rule(c->page, c->left, c->bottom, right, c->bottom, 0.35 * MM, RGB_BLACK);
	c->y = c->bottom;
}

/* — N —, 4号, 7 mm below the text block; odd pages right, even pages left,
 * one character in, on every sheet the same way up (a turned table's page
 * too, 10.2). The first page of a 信函格式 document has none. Drawn when
 * the page is left, so a page is finished when the display hands it on. */
static void number_page(struct composer *c, struct dpage *pg)
{
	if (c->failed)
		return;
	int number = display_page_number(c->out, pg);
	if (number == 1 && c->doc->letter)
		return;
	double left = block_left(number), width = GB_BLOCK_W, bottom = block_bottom();
	char text[32];
	snprintf(text, sizeof text, "— %d —", number);
	struct tstyle st = style(ROLE_BODY, GB_SMALL_SIZE, GB_SMALL_SIZE, RGB_BLACK);
	struct tpara p;
	if (!prepare(c, &p, &st, text, NULL, "page number"))
		return;
	tpara_break(&p, width, width);
	double w = p.lines[0].width;
	double x = number % 2 ? left + width - GB_SMALL_SIZE - w : left + GB_SMALL_SIZE;
	int was = display_mark(c->out, -1); /* a pagination artifact */
	tpara_emit(&p, 0, x, bottom - 7 * MM - ASCENT * GB_SMALL_SIZE, w, false, ALIGN_LEFT, pg);
	display_mark(c->out, was);
	tpara_free(&p);
}

/* Blank lines: none at the top of a page, and as few as it takes for what
 * follows them to stay on this page (a cover's last line). */
static int blanks(struct composer *c, int i)
{
	const struct officialdoc *doc = c->doc;
	int n = 0;
	while (i + n < doc->nblocks && doc->blocks[i + n].kind == BK_BLANK)
		n++;
	if (!c->page_has_text)
		return n;
	int keep = n;
	double need = first_part(c, i + n);
	while (keep > 0 && keep * GB_LINE_PITCH + need > room(c) + 0.01)
		keep--;
	if (keep * GB_LINE_PITCH + need > room(c) + 0.01)
		keep = n; /* what follows goes over anyway */
	c->y -= keep * GB_LINE_PITCH;
	return n;
}

/* A heading stays with the first lines after it. */
static void keep_heading(struct composer *c, int i)
{
	const struct block *b = &c->doc->blocks[i];
	double need = text_lines(c, b) * GB_LINE_PITCH + first_part(c, i + 1);
	if (c->page_has_text && need > room(c) + 0.01 && need <= c->top - c->bottom)
		new_page(c, c->landscape);
}

/* The structure element a block's text belongs to (tables make their
 * own; a blank line or a page break has none). */
static int block_elem(struct composer *c, const struct block *b)
{
	static const enum stag tags[] = {
		[BK_PARA] = TAG_P,      [BK_HEADING1] = TAG_H1,   [BK_HEADING2] = TAG_H2,
		[BK_HEADING3] = TAG_H3, [BK_HEADING4] = TAG_H4,   [BK_TITLE] = TAG_H,
		[BK_ADDRESSEE] = TAG_P, [BK_ATTACHMENTS] = TAG_L, [BK_SIGNATURE] = TAG_P,
	};
	if (b->kind == BK_BLANK || b->kind == BK_TABLE || b->kind == BK_PAGEBREAK)
		return -1;
	return display_elem(c->out, tags[b->kind], c->doc_elem, NULL);
}

static void block(struct composer *c, int *i)
{
	const struct block *b = &c->doc->blocks[*i];
	display_mark(c->out, block_elem(c, b));
	switch (b->kind) {
	case BK_PARA:
	case BK_ADDRESSEE:
		paragraph(c, b, ROLE_BODY, indent_of(b->kind), true, tail_of(c, *i));
		break;
	case BK_HEADING1:
	case BK_HEADING2:
	case BK_HEADING3:
	case BK_HEADING4:
		keep_heading(c, *i);
		paragraph(c, b, role_of(b->kind), 2 * GB_CHAR_PITCH, true, tail_of(c, *i));
		break;
	case BK_TITLE:
		title(c, b, b->text, GB_LINE_PITCH * 1.2);
		c->y -= GB_LINE_PITCH; /* one line to the addressee */
		break;
	case BK_ATTACHMENTS: {
		double h;
		double tail = *i + 1 < c->doc->nblocks && c->doc->blocks[*i + 1].kind == BK_SIGNATURE
				      ? signature_height()
				      : 0;
		attachment_lines(c, b, true, tail, &h);
		break;
	}
	case BK_SIGNATURE:
		signature(c, b);
		break;
	case BK_BLANK:
		*i += blanks(c, *i) - 1;
		break;
	case BK_TABLE:
		table(c, b->table);
		break;
	case BK_PAGEBREAK:
		if (c->page_has_text)
			new_page(c, c->landscape);
		break;
	}
}

bool officialdoc_compose(const struct officialdoc *doc, const struct fontset *fs, struct display *out,
			 struct compose_error *err)
{
	struct composer c;
	memset(&c, 0, sizeof c);
	c.fs = fs;
	c.out = out;
	c.err = err;
	c.doc = doc;
	c.doc_elem = display_elem(out, TAG_DOCUMENT, -1, NULL);
	new_page(&c, doc->landscape);
	if (doc->mark && doc->letter)
		letterhead(&c, doc);
	else if (doc->mark)
		masthead(&c, doc);
	for (int i = 0; i < doc->nblocks && !c.failed; i++)
		block(&c, &i);
	display_mark(c.out, -1);
	if (!c.failed && (doc->printer || (doc->letter && doc->cc)))
		colophon(&c, doc);
	finish_page(&c);
	display_finish(c.out);
	return !c.failed;
}
