#include "index.h"

#include <stdio.h>
#include <string.h>

#include "csvout.h"
#include "strmap.h"

static struct index_row *new_row(struct index *x, int *cap, const char *id, const struct decided *d, struct arena *a)
{
	if (x->nrows == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		struct index_row *grown = arena_alloc(a, (size_t)*cap * sizeof *grown);
		if (x->nrows)
			memcpy(grown, x->rows, (size_t)x->nrows * sizeof *grown);
		x->rows = grown;
	}
	struct index_row *r = &x->rows[x->nrows++];
	r->id = id;
	r->decided = d;
	r->who = r->outcome = NULL;
	r->paths = arena_alloc(a, (size_t)(x->nkinds + 1) * sizeof *r->paths);
	for (int k = 0; k < x->nkinds; k++)
		r->paths[k] = "";
	return r;
}

/* A second document of one kind for one record is listed after the first. */
static void add_path(struct index_row *r, int kind, const char *rel, struct arena *a)
{
	if (!*r->paths[kind]) {
		r->paths[kind] = rel;
		return;
	}
	size_t n = strlen(r->paths[kind]) + strlen(rel) + 2;
	char *both = arena_alloc(a, n);
	snprintf(both, n, "%s %s", r->paths[kind], rel);
	r->paths[kind] = both;
}

void index_build(struct index *x, const struct decided *rows, int n, const char *const *kinds, int nkinds,
		 const struct index_doc *docs, int ndocs, struct arena *arena)
{
	memset(x, 0, sizeof *x);
	x->kinds = kinds;
	x->nkinds = nkinds;
	int cap = n + 1;
	x->rows = arena_alloc(arena, (size_t)cap * sizeof *x->rows);
	struct strmap at;
	strmap_init(&at);
	for (int i = 0; i < n; i++) {
		new_row(x, &cap, rows[i].id, &rows[i], arena);
		strmap_put(&at, rows[i].id, i);
	}
	for (int j = 0; j < ndocs; j++) {
		const int *i = strmap_get(&at, docs[j].record);
		if (!i) {
			struct index_row *r = new_row(x, &cap, docs[j].record, NULL, arena);
			r->who = docs[j].who, r->outcome = docs[j].outcome;
			strmap_put(&at, docs[j].record, x->nrows - 1);
			i = strmap_get(&at, docs[j].record);
		}
		if (docs[j].kind >= 0 && docs[j].kind < nkinds)
			add_path(&x->rows[*i], docs[j].kind, docs[j].rel, arena);
	}
	strmap_free(&at);
}

bool report_index(const char *dir, const struct index *x, struct written *w, struct strbuf *err)
{
	struct strbuf header = STRBUF_INIT;
	sb_puts(&header, "id,applicant,title,category,status,requested,award");
	for (int k = 0; k < x->nkinds; k++)
		sb_printf(&header, ",%s", x->kinds[k]);
	struct outfile o;
	bool ok = csv_open(&o, dir, "index.csv", sb_str(&header), err);
	sb_free(&header);
	if (!ok)
		return false;
	FILE *f = o.f;
	for (int i = 0; i < x->nrows; i++) {
		const struct index_row *r = &x->rows[i];
		const struct decided *d = r->decided;
		csv_text(f, r->id), csv_sep(f);
		if (d) {
			csv_text(f, d->applicant ? d->applicant : ""), csv_sep(f);
			csv_text(f, d->title ? d->title : ""), csv_sep(f);
			csv_raw(f, d->category), csv_sep(f);
			csv_raw(f, status_name(d->d->status)), csv_sep(f);
			csv_int(f, d->d->requested), csv_sep(f);
			csv_int(f, d->d->award);
		} else {
			/* another input's record: its unit and outcome, no amounts */
			csv_text(f, r->who ? r->who : ""), fputs(",,,", f);
			csv_text(f, r->outcome ? r->outcome : ""), fputs(",,", f);
		}
		for (int k = 0; k < x->nkinds; k++)
			csv_sep(f), csv_raw(f, r->paths[k]);
		csv_end(f);
	}
	if (!outfile_commit(&o, err))
		return false;
	written_add(w, "index.csv", 0);
	return true;
}
