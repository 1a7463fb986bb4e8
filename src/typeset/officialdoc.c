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

struct composer {
	const struct fontset *fs;
	struct display *out;
	struct compose_error *err;
	bool failed;
	struct dpage *page;
	bool landscape;
	double left, top, width, bottom;
	double y;            /* top of the next line box */
	bool page_has_text;
	int doc;             /* the Document element */
	int table_elem;      /* the table being laid out */
	bool header_tagged;  /* its header row is in the tree (repeats are artifacts) */
};

static void number_page(struct composer *c, struct dpage *pg);

static void new_page(struct composer *c, bool landscape)
{
	if (c->page)
		number_page(c, c->page);
	c->landscape = landscape;
	if (landscape) {
		c->page = display_add_page(c->out, A4_H, A4_W);
		c->width = GB_BLOCK_H;
		c->left = (A4_H - GB_BLOCK_H) / 2;
		c->top = A4_W - (A4_W - GB_BLOCK_W) / 2;
		c->bottom = c->top - GB_BLOCK_W;
	} else {
		c->page = display_add_page(c->out, A4_W, A4_H);
		c->width = GB_BLOCK_W;
		c->left = GB_LEFT;
		c->top = A4_H - GB_TOP_MARGIN;
		c->bottom = c->top - GB_BLOCK_H;
	}
	c->y = c->top;
	c->page_has_text = false;
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

static const char *field_at(const struct block *b, int offset)
{
	for (int i = 0; i < b->nprov; i++)
		if (offset >= b->prov[i].offset && offset < b->prov[i].offset + b->prov[i].length)
			return b->prov[i].field;
	return "template";
}

/* Characters set in a later face of the chain than the first are noted,
 * with the field they came from. */
static void note_fallbacks(struct composer *c, const struct tpara *p, const char *text,
			   const struct block *b, const char *field)
{
	int primary = c->fs->chain[p->style.role][0];
	size_t len = strlen(text), at = 0;
	for (int i = 0; i < p->n && at < len; i++) {
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)text + at, len - at, &cp);
		if (p->face[i] != primary)
			display_note_fallback(c->out, p->cps[i], (int)p->style.role, p->face[i],
					      field ? field : b ? field_at(b, (int)at) : "template");
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

static struct tstyle style(enum font_role role, double size, double pitch, uint32_t color)
{
	return (struct tstyle){ role, size, pitch, color };
}

/* Places the lines of a broken paragraph from the cursor down, keeping
 * the first two and the last two lines together across a page break
 * when the page allows. */
static void place_lines(struct composer *c, struct tpara *p, double indent, double hang,
			bool justify, int align, double lh)
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
		}
		for (int i = 0; i < take; i++, k++) {
			double x = c->left + (k == 0 ? indent : hang);
			double measure = c->width - (k == 0 ? indent : hang);
			bool last = k == p->nlines - 1;
			tpara_emit(p, k, x, baseline_in(c->y, lh, p->style.size), measure,
				   justify && !last, align, c->page);
			c->y -= lh;
			c->page_has_text = true;
		}
		if (k < p->nlines)
			new_page(c, c->landscape);
	}
}

static void paragraph(struct composer *c, const struct block *b, enum font_role role,
		      double indent_chars, bool justify)
{
	struct tpara p;
	struct tstyle st = style(role, GB_BODY_SIZE, GB_CHAR_PITCH, RGB_BLACK);
	if (!prepare(c, &p, &st, b->text, b, NULL))
		return;
	double indent = indent_chars * GB_CHAR_PITCH;
	tpara_break(&p, c->width - indent, c->width);
	place_lines(c, &p, indent, 0, justify, ALIGN_LEFT, GB_LINE_PITCH);
	tpara_free(&p);
}

static void centred_lines(struct composer *c, const struct block *b, const char *text,
			  struct tstyle st, double lh)
{
	struct tpara p;
	if (!prepare(c, &p, &st, text, b, NULL))
		return;
	tpara_break(&p, c->width, c->width);
	place_lines(c, &p, 0, 0, false, ALIGN_CENTER, lh);
	tpara_free(&p);
}

/* 附件：1. 名称 — each item on its own line, wrapped names aligned under
 * their first character. */
static void attachments(struct composer *c, const struct block *b)
{
	const char *s = b->text;
	bool first = true;
	struct tstyle st = style(ROLE_BODY, GB_BODY_SIZE, GB_CHAR_PITCH, RGB_BLACK);
	double label = 2 * GB_CHAR_PITCH + 3 * GB_CHAR_PITCH; /* indent + 附件： */
	int list = c->out->current;
	while (*s && !c->failed) {
		display_mark(c->out, display_elem(c->out, TAG_LI, list, NULL));
		size_t n = strcspn(s, "\n");
		char *item = xmalloc(n + 16);
		snprintf(item, n + 16, "%s%.*s", first ? "附件：" : "", (int)n, s);
		struct tpara p;
		if (prepare(c, &p, &st, item, b, NULL)) {
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
			tpara_break(&p, c->width - indent, c->width - label - num);
			place_lines(c, &p, indent, label + num, true, ALIGN_LEFT, GB_LINE_PITCH);
			tpara_free(&p);
		}
		free(item);
		first = false;
		s += n + (s[n] ? 1 : 0);
	}
}

/* Signer centred over the date; the date right-aligned four characters
 * from the edge; a blank line above for the seal. Kept on one page. */
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
	/* The seal sits within one line of the text (GB/T 9704 7.3.5.1). */
	if (lines_left(c, GB_LINE_PITCH) < 3)
		new_page(c, c->landscape);
	tpara_break(&ps, c->width, c->width);
	tpara_break(&pd, c->width, c->width);
	double date_w = pd.lines[0].width, right = c->left + c->width - 4 * GB_CHAR_PITCH;
	double date_x = right - date_w, centre = date_x + date_w / 2;
	double signer_x = centre - ps.lines[0].width / 2;
	if (signer_x + ps.lines[0].width > c->left + c->width)
		signer_x = c->left + c->width - ps.lines[0].width;
	c->y -= GB_LINE_PITCH;
	tpara_emit(&ps, 0, signer_x, baseline_in(c->y, GB_LINE_PITCH, GB_BODY_SIZE), ps.lines[0].width,
		   false, ALIGN_LEFT, c->page);
	c->y -= GB_LINE_PITCH;
	tpara_emit(&pd, 0, date_x, baseline_in(c->y, GB_LINE_PITCH, GB_BODY_SIZE), date_w, false,
		   ALIGN_LEFT, c->page);
	c->y -= GB_LINE_PITCH;
	c->page_has_text = true;
	tpara_free(&ps);
	tpara_free(&pd);
	free(signer);
}

/* ---- tables ---- */

struct row_layout {
	struct tpara cells[10];
	int elems[10];      /* TH or TD of each cell; -1 in a repeated header */
	double height;
};

static bool layout_row(struct composer *c, const struct table *t, const char *const *texts,
		       bool header, const char *row_id, const double *colw, struct row_layout *r)
{
	double pad = 3, lh = t->size * 1.45;
	int most = 1;
	memset(r, 0, sizeof *r);
	bool tagged = !header || !c->header_tagged;
	int tr = tagged ? display_elem(c->out, TAG_TR, c->table_elem, NULL) : -1;
	c->header_tagged = c->header_tagged || header;
	for (int j = 0; j < t->ncols; j++) {
		r->elems[j] = tagged ? display_elem(c->out, header ? TAG_TH : TAG_TD, tr, NULL) : -1;
		struct tstyle st = style(header ? ROLE_HEADING : ROLE_BODY, t->size, t->size, RGB_BLACK);
		char field[160];
		snprintf(field, sizeof field, "%s %s", row_id ? row_id : "table", t->cols[j].header);
		if (!prepare(c, &r->cells[j], &st, texts[j], NULL, field)) {
			for (int k = 0; k < j; k++)
				tpara_free(&r->cells[k]);
			return false;
		}
		tpara_break(&r->cells[j], colw[j] - 2 * pad, colw[j] - 2 * pad);
		if (r->cells[j].nlines > most)
			most = r->cells[j].nlines;
	}
	r->height = most * lh + 2 * pad;
	return true;
}

/* Draws lines [from, to) of every cell of a row, with its borders. */
static void draw_row_slice(struct composer *c, const struct table *t, struct row_layout *r,
			   bool header, const double *colw, int from, int to)
{
	double pad = 3, lh = t->size * 1.45, x = c->left;
	double height = (to - from) * lh + 2 * pad;
	for (int j = 0; j < t->ncols; j++) {
		int align = header ? ALIGN_CENTER : t->cols[j].align;
		display_mark(c->out, r->elems[j]);
		for (int k = from; k < to && k < r->cells[j].nlines; k++)
			tpara_emit(&r->cells[j], k, x + pad,
				   baseline_in(c->y - pad - (k - from) * lh, lh, t->size),
				   colw[j] - 2 * pad, false, align, c->page);
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

static int row_lines(const struct table *t, const struct row_layout *r)
{
	int most = 1;
	for (int j = 0; j < t->ncols; j++)
		if (r->cells[j].nlines > most)
			most = r->cells[j].nlines;
	return most;
}

static void free_row(const struct table *t, struct row_layout *r)
{
	for (int j = 0; j < t->ncols; j++)
		tpara_free(&r->cells[j]);
}

static void draw_row(struct composer *c, const struct table *t, struct row_layout *r,
		     bool header, const double *colw)
{
	draw_row_slice(c, t, r, header, colw, 0, row_lines(t, r));
	free_row(t, r);
}

static bool table_header(struct composer *c, const struct table *t, const double *colw,
			 double *height)
{
	const char *headers[10];
	for (int j = 0; j < t->ncols; j++)
		headers[j] = t->cols[j].header;
	struct row_layout hdr;
	if (!layout_row(c, t, headers, true, NULL, colw, &hdr))
		return false;
	*height = hdr.height;
	draw_row(c, t, &hdr, true, colw);
	return true;
}

/* A row taller than a whole page is the one row that is split: as many
 * of its lines as fit on each page, the header repeated above each part. */
static void split_row(struct composer *c, const struct table *t, struct row_layout *r,
		      bool total_row, const double *colw)
{
	double pad = 3, lh = t->size * 1.45, hdr_h;
	int lines = row_lines(t, r), k = 0;
	while (k < lines && !c->failed) {
		int fit = (int)((c->y - c->bottom - 2 * pad + 0.01) / lh);
		if (fit < 1) {
			new_page(c, t->landscape);
			if (!t->no_header && !table_header(c, t, colw, &hdr_h))
				break;
			continue;
		}
		int to = k + fit < lines ? k + fit : lines;
		draw_row_slice(c, t, r, total_row, colw, k, to);
		k = to;
		if (k < lines) {
			new_page(c, t->landscape);
			if (!t->no_header && !table_header(c, t, colw, &hdr_h))
				break;
		}
	}
	free_row(t, r);
}

/* Header on every page; a row is not split across pages unless it is
 * taller than a page. */
static void table(struct composer *c, const struct table *t)
{
	if (t->landscape != c->landscape || (c->page_has_text && t->new_page))
		fresh_page(c, t->landscape);
	double total = 0, colw[10];
	for (int j = 0; j < t->ncols; j++)
		total += t->cols[j].weight;
	for (int j = 0; j < t->ncols; j++)
		colw[j] = c->width * t->cols[j].weight / total;
	if (t->label) {
		struct block lb = { BK_ADDRESSEE, t->label, NULL, 0, NULL };
		display_mark(c->out, display_elem(c->out, TAG_P, c->doc, NULL));
		paragraph(c, &lb, ROLE_HEADING, 0, false);
	}
	c->table_elem = display_elem(c->out, TAG_TABLE, c->doc, t->caption ? t->caption : t->label);
	c->header_tagged = false;
	if (t->caption) {
		display_mark(c->out, display_elem(c->out, TAG_CAPTION, c->table_elem, NULL));
		struct block cb = { BK_TITLE, t->caption, NULL, 0, NULL };
		centred_lines(c, &cb, t->caption, style(ROLE_TITLE, GB_TITLE_SIZE, 0, RGB_BLACK),
			      GB_LINE_PITCH * 1.2);
		c->y -= GB_LINE_PITCH / 2;
	}
	double hdr_h = 0;
	if (c->failed || (!t->no_header && !table_header(c, t, colw, &hdr_h)))
		return;
	double page_room = (t->landscape ? GB_BLOCK_W : GB_BLOCK_H) - hdr_h;
	for (int i = 0; i < t->nrows && !c->failed; i++) {
		bool total_row = i >= t->nrows - t->totals_rows;
		struct row_layout row;
		if (!layout_row(c, t, t->cells + (size_t)i * (size_t)t->ncols, total_row,
				t->row_ids ? t->row_ids[i] : NULL, colw, &row))
			return;
		if (row.height > page_room) {
			split_row(c, t, &row, total_row, colw);
			continue;
		}
		if (c->y - row.height < c->bottom - 0.01) {
			new_page(c, t->landscape);
			if (!t->no_header && !table_header(c, t, colw, &hdr_h)) {
				free_row(t, &row);
				return;
			}
		}
		draw_row(c, t, &row, total_row, colw);
	}
}

/* ---- 版头, 版记, page numbers ---- */

static void masthead(struct composer *c, const struct officialdoc *doc)
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
	double glyph_top = c->top - 35 * MM;
	display_mark(c->out, display_elem(c->out, TAG_P, c->doc, NULL));
	tpara_emit(&p, 0, c->left, glyph_top - ASCENT * st.size, c->width, false, ALIGN_CENTER,
		   c->page);
	tpara_free(&p);
	c->y = glyph_top - st.size - 2 * GB_LINE_PITCH;
	double number_base = baseline_in(c->y, GB_LINE_PITCH, GB_BODY_SIZE);
	if (doc->doc_number) {
		struct tstyle ns = style(ROLE_BODY, GB_BODY_SIZE, GB_CHAR_PITCH, RGB_BLACK);
		if (!prepare(c, &p, &ns, doc->doc_number, NULL, "doc-number"))
			return;
		display_mark(c->out, display_elem(c->out, TAG_P, c->doc, NULL));
		tpara_break(&p, c->width, c->width);
		tpara_emit(&p, 0, c->left, number_base, c->width, false, ALIGN_CENTER, c->page);
		tpara_free(&p);
	}
	display_mark(c->out, -1);
	double rule_y = number_base - DESCENT * GB_BODY_SIZE - 4 * MM;
	dpage_add_rule(c->page, c->left, rule_y, c->left + c->width, rule_y, 0.5 * MM, RGB_RED);
	c->y = rule_y - 2 * GB_LINE_PITCH;
	c->page_has_text = true;
}

static void colophon(struct composer *c, const struct officialdoc *doc)
{
	int lines = doc->cc ? 2 : 1;
	double lh = GB_LINE_PITCH;
	if (c->y - lines * lh < c->bottom - 0.01)
		new_page(c, false);
	double right = c->left + c->width;
	double y0 = c->bottom + lines * lh;
	dpage_add_rule(c->page, c->left, y0, right, y0, 0.35 * MM, RGB_BLACK);
	struct tstyle st = style(ROLE_BODY, GB_SMALL_SIZE, GB_SMALL_SIZE, RGB_BLACK);
	struct tpara p;
	double y = y0;
	if (doc->cc) {
		char *text = xmalloc(strlen(doc->cc) + 16);
		sprintf(text, "抄送：%s", doc->cc);
		bool ok = prepare(c, &p, &st, text, NULL, "cc");
		free(text);
		if (!ok)
			return;
		display_mark(c->out, display_elem(c->out, TAG_P, c->doc, NULL));
		tpara_break(&p, c->width - 2 * GB_SMALL_SIZE, c->width);
		tpara_emit(&p, 0, c->left + GB_SMALL_SIZE, baseline_in(y, lh, GB_SMALL_SIZE),
			   c->width, false, ALIGN_LEFT, c->page);
		tpara_free(&p);
		y -= lh;
		dpage_add_rule(c->page, c->left, y, right, y, 0.25 * MM, RGB_BLACK);
	}
	if (!prepare(c, &p, &st, doc->printer, NULL, "printer"))
		return;
	display_mark(c->out, display_elem(c->out, TAG_P, c->doc, NULL));
	tpara_break(&p, c->width, c->width);
	tpara_emit(&p, 0, c->left + GB_SMALL_SIZE, baseline_in(y, lh, GB_SMALL_SIZE), c->width,
		   false, ALIGN_LEFT, c->page);
	tpara_free(&p);
	if (doc->print_date) {
		char *text = xmalloc(strlen(doc->print_date) + 16);
		sprintf(text, "%s印发", doc->print_date);
		bool ok = prepare(c, &p, &st, text, NULL, "print-date");
		free(text);
		if (!ok)
			return;
		tpara_break(&p, c->width, c->width);
		double w = p.lines[0].width;
		tpara_emit(&p, 0, right - GB_SMALL_SIZE - w, baseline_in(y, lh, GB_SMALL_SIZE), w,
			   false, ALIGN_LEFT, c->page);
		tpara_free(&p);
	}
	display_mark(c->out, -1);
	dpage_add_rule(c->page, c->left, c->bottom, right, c->bottom, 0.35 * MM, RGB_BLACK);
	c->y = c->bottom;
}

/* — N —, 4号, 7 mm below the text block; odd pages right, even pages left,
 * one character in. Drawn when the page is left, so a page is finished
 * when the display hands it on. */
static void number_page(struct composer *c, struct dpage *pg)
{
	if (c->failed)
		return;
	int number = display_page_number(c->out, pg);
	bool landscape = pg->width > pg->height;
	double left = landscape ? (A4_H - GB_BLOCK_H) / 2 : GB_LEFT;
	double width = landscape ? GB_BLOCK_H : GB_BLOCK_W;
	double bottom = landscape ? (A4_W - GB_BLOCK_W) / 2 : A4_H - GB_TOP_MARGIN - GB_BLOCK_H;
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

/* The structure element a block's text belongs to (tables make their
 * own; a blank line or a page break has none). */
static int block_elem(struct composer *c, const struct block *b)
{
	static const enum stag tags[] = {
		[BK_PARA] = TAG_P, [BK_HEADING1] = TAG_H1, [BK_HEADING2] = TAG_H2, [BK_HEADING3] = TAG_H3,
		[BK_HEADING4] = TAG_H4, [BK_TITLE] = TAG_H, [BK_ADDRESSEE] = TAG_P, [BK_ATTACHMENTS] = TAG_L,
		[BK_SIGNATURE] = TAG_P,
	};
	if (b->kind == BK_BLANK || b->kind == BK_TABLE || b->kind == BK_PAGEBREAK)
		return -1;
	return display_elem(c->out, tags[b->kind], c->doc, NULL);
}

bool officialdoc_compose(const struct officialdoc *doc, const struct fontset *fs,
			 struct display *out, struct compose_error *err)
{
	struct composer c;
	memset(&c, 0, sizeof c);
	c.fs = fs;
	c.out = out;
	c.err = err;
	c.doc = display_elem(out, TAG_DOCUMENT, -1, NULL);
	new_page(&c, doc->landscape);
	if (doc->mark)
		masthead(&c, doc);
	for (int i = 0; i < doc->nblocks && !c.failed; i++) {
		const struct block *b = &doc->blocks[i];
		display_mark(c.out, block_elem(&c, b));
		switch (b->kind) {
		case BK_PARA:
		case BK_HEADING3:
		case BK_HEADING4:
			paragraph(&c, b, ROLE_BODY, 2, true);
			break;
		case BK_HEADING1:
			paragraph(&c, b, ROLE_HEADING, 2, true);
			break;
		case BK_HEADING2:
			paragraph(&c, b, ROLE_KAI, 2, true);
			break;
		case BK_TITLE:
			centred_lines(&c, b, b->text, style(ROLE_TITLE, GB_TITLE_SIZE, 0, RGB_BLACK),
				      GB_LINE_PITCH * 1.2);
			c.y -= GB_LINE_PITCH; /* one line to the addressee */
			break;
		case BK_ADDRESSEE:
			paragraph(&c, b, ROLE_BODY, 0, false);
			break;
		case BK_ATTACHMENTS:
			c.y -= GB_LINE_PITCH;
			attachments(&c, b);
			break;
		case BK_SIGNATURE:
			signature(&c, b);
			break;
		case BK_BLANK:
			c.y -= GB_LINE_PITCH;
			break;
		case BK_TABLE:
			table(&c, b->table);
			break;
		case BK_PAGEBREAK:
			if (c.page_has_text)
				new_page(&c, c.landscape);
			break;
		}
	}
	display_mark(c.out, -1);
	if (!c.failed && doc->printer)
		colophon(&c, doc);
	if (c.page)
		number_page(&c, c.page);
	display_finish(c.out);
	return !c.failed;
}
