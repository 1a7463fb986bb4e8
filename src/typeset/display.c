#include "display.h"

#include <stdlib.h>
#include <string.h>

void display_init(struct display *d, struct arena *arena)
{
	memset(d, 0, sizeof *d);
	d->arena = arena;
	d->current = -1;
}

const char *stag_name(enum stag tag)
{
	static const char *const names[TAG_COUNT] = { "Document", "H",  "H1",    "H2",      "H3", "H4", "P",
						      "L",        "LI", "Table", "Caption", "TR", "TH", "TD" };
	return names[tag];
}

int display_elem(struct display *d, enum stag tag, int parent, const char *title)
{
	if (d->nelems == d->capelems) {
		d->capelems = d->capelems ? d->capelems * 2 : 32;
		d->elems = xrealloc(d->elems, (size_t)d->capelems * sizeof *d->elems);
	}
	d->elems[d->nelems] = (struct selem){ tag, parent, title ? arena_strdup(d->arena, title) : NULL };
	return d->nelems++;
}

int display_mark(struct display *d, int elem)
{
	int was = d->current;
	d->current = elem;
	return was;
}

static void page_free(struct dpage *p)
{
	free(p->runs);
	free(p->rules);
	free(p->images);
	arena_free(&p->glyphs);
}

void display_free(struct display *d)
{
	for (int i = 0; i < d->npages; i++)
		page_free(&d->pages[i]);
	free(d->pages);
	free(d->fallbacks);
	free(d->elems);
	memset(d, 0, sizeof *d);
}

void display_note_fallback(struct display *d, uint32_t cp, int role, int face, const char *field)
{
	for (int i = 0; i < d->nfallbacks; i++) {
		const struct fallback *f = &d->fallbacks[i];
		if (f->cp == cp && f->role == role && f->face == face && strcmp(f->field, field) == 0)
			return;
	}
	if (d->nfallbacks == d->capfallbacks) {
		d->capfallbacks = d->capfallbacks ? d->capfallbacks * 2 : 8;
		d->fallbacks = xrealloc(d->fallbacks, (size_t)d->capfallbacks * sizeof *d->fallbacks);
	}
	d->fallbacks[d->nfallbacks++] = (struct fallback){ cp, role, face, arena_strdup(d->arena, field) };
}

void display_set_sink(struct display *d, page_sink sink, void *ctx, int keep)
{
	d->sink = sink;
	d->sink_ctx = ctx;
	d->keep = keep;
	d->first = 1;
}

int display_page_number(const struct display *d, const struct dpage *p)
{
	return (d->first ? d->first : 1) + (int)(p - d->pages);
}

/* The finished page goes to the sink; past `keep` pages, every finished
 * page is dropped. */
static void finish_last(struct display *d)
{
	if (!d->sink || d->npages == 0)
		return;
	struct dpage *last = &d->pages[d->npages - 1];
	d->sink(last, display_page_number(d, last), d->sink_ctx);
	if (d->first + d->npages - 1 < d->keep)
		return;
	for (int i = 0; i < d->npages; i++)
		page_free(&d->pages[i]);
	d->first += d->npages;
	d->npages = 0;
	d->dropped = true;
}

void display_finish(struct display *d)
{
	finish_last(d);
}

void display_drop_last(struct display *d)
{
	if (d->npages > 0)
		page_free(&d->pages[--d->npages]);
}

struct dpage *display_add_page(struct display *d, double width, double height)
{
	finish_last(d);
	if (d->npages == d->cappages) {
		d->cappages = d->cappages ? d->cappages * 2 : 4;
		d->pages = xrealloc(d->pages, (size_t)d->cappages * sizeof *d->pages);
	}
	struct dpage *p = &d->pages[d->npages++];
	memset(p, 0, sizeof *p);
	arena_init(&p->glyphs);
	p->owner = d;
	p->width = width;
	p->height = height;
	return p;
}

void dpage_add_run(struct dpage *p, int face, double size, uint32_t color, double y, int n, const uint32_t *cps,
		   const double *xs)
{
	if (p->nruns == p->capruns) {
		p->capruns = p->capruns ? p->capruns * 2 : 32;
		p->runs = xrealloc(p->runs, (size_t)p->capruns * sizeof *p->runs);
	}
	struct glyph_run *r = &p->runs[p->nruns++];
	r->elem = p->owner ? p->owner->current : -1;
	r->face = face;
	r->size = size;
	r->color = color;
	r->y = y;
	r->n = n;
	r->turned = false;
	r->cps = arena_alloc(&p->glyphs, (size_t)n * sizeof *cps);
	r->xs = arena_alloc(&p->glyphs, (size_t)n * sizeof *xs);
	memcpy(r->cps, cps, (size_t)n * sizeof *cps);
	memcpy(r->xs, xs, (size_t)n * sizeof *xs);
}

void dpage_add_rule(struct dpage *p, double x1, double y1, double x2, double y2, double width, uint32_t color)
{
	if (p->nrules == p->caprules) {
		p->caprules = p->caprules ? p->caprules * 2 : 8;
		p->rules = xrealloc(p->rules, (size_t)p->caprules * sizeof *p->rules);
	}
	p->rules[p->nrules++] = (struct rule){ x1, y1, x2, y2, width, color };
}

void dpage_add_image(struct dpage *p, const char *path, double x, double y, double width, double height)
{
	p->images = xrealloc(p->images, (size_t)(p->nimages + 1) * sizeof *p->images);
	size_t len = strlen(path) + 1;
	char *copy = arena_alloc(&p->glyphs, len);
	memcpy(copy, path, len);
	p->images[p->nimages++] = (struct image){ copy, x, y, width, height };
}

void dpage_turn(struct dpage *p)
{
	for (int i = 0; i < p->nruns; i++)
		p->runs[i].turned = true;
	for (int i = 0; i < p->nrules; i++) {
		struct rule *r = &p->rules[i];
		double x1 = p->width - r->y1, y1 = r->x1, x2 = p->width - r->y2, y2 = r->x2;
		r->x1 = x1, r->y1 = y1, r->x2 = x2, r->y2 = y2;
	}
	for (int i = 0; i < p->nimages; i++) {
		struct image *m = &p->images[i];
		double x = p->width - m->y - m->height, y = m->x;
		m->x = x, m->y = y;
		double w = m->width;
		m->width = m->height, m->height = w;
	}
	p->turned = true;
}
