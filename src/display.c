#include "display.h"

#include <stdlib.h>
#include <string.h>

void display_init(struct display *d, struct arena *arena)
{
	memset(d, 0, sizeof *d);
	d->arena = arena;
}

void display_free(struct display *d)
{
	for (int i = 0; i < d->npages; i++) {
		free(d->pages[i].runs);
		free(d->pages[i].rules);
	}
	free(d->pages);
	memset(d, 0, sizeof *d);
}

struct dpage *display_add_page(struct display *d, double width, double height)
{
	if (d->npages == d->cappages) {
		d->cappages = d->cappages ? d->cappages * 2 : 4;
		d->pages = xrealloc(d->pages, (size_t)d->cappages * sizeof *d->pages);
	}
	struct dpage *p = &d->pages[d->npages++];
	memset(p, 0, sizeof *p);
	p->width = width;
	p->height = height;
	return p;
}

void dpage_add_run(struct dpage *p, int face, double size, uint32_t color, double y,
		   int n, const uint32_t *cps, const double *xs, struct arena *arena)
{
	if (p->nruns == p->capruns) {
		p->capruns = p->capruns ? p->capruns * 2 : 32;
		p->runs = xrealloc(p->runs, (size_t)p->capruns * sizeof *p->runs);
	}
	struct glyph_run *r = &p->runs[p->nruns++];
	r->face = face;
	r->size = size;
	r->color = color;
	r->y = y;
	r->n = n;
	r->cps = arena_alloc(arena, (size_t)n * sizeof *cps);
	r->xs = arena_alloc(arena, (size_t)n * sizeof *xs);
	memcpy(r->cps, cps, (size_t)n * sizeof *cps);
	memcpy(r->xs, xs, (size_t)n * sizeof *xs);
}

void dpage_add_rule(struct dpage *p, double x1, double y1, double x2, double y2,
		    double width, uint32_t color)
{
	if (p->nrules == p->caprules) {
		p->caprules = p->caprules ? p->caprules * 2 : 8;
		p->rules = xrealloc(p->rules, (size_t)p->caprules * sizeof *p->rules);
	}
	p->rules[p->nrules++] = (struct rule){ x1, y1, x2, y2, width, color };
}
