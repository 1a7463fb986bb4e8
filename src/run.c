#include "run.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "exitcodes.h"
#include "outfile.h"

#ifndef GRANTDOC_FONTCONF
#define GRANTDOC_FONTCONF "fonts/fonts.conf"
#endif
#ifndef GRANTDOC_TEMPLATES
#define GRANTDOC_TEMPLATES "templates"
#endif

int run_fail(int code, const struct strbuf *err)
{
	if (diag_json()) {
		fprintf(stderr, "{\"event\":\"error\",\"exit\":%d,\"message\":", code);
		diag_json_string(stderr, sb_str(err));
		fputs("}\n", stderr);
	} else {
		fprintf(stderr, "grantdoc: %s\n", sb_str(err));
	}
	return code;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}


bool run_load_documents(struct run *r, const char *dir, const char *const *templates)
{
	return doc_resources_load(&r->docs, r->opt->fonts ? r->opt->fonts : GRANTDOC_FONTCONF,
				  r->opt->templates ? r->opt->templates : GRANTDOC_TEMPLATES, dir, templates,
				  &r->err);
}

void run_outputs_begin(struct run *r, struct run_outputs *o, const struct decided *rows, int n,
		       const char *const *inputs)
{
	memset(o, 0, sizeof *o);
	struct manifest_facts *m = &o->m;
	for (int i = 0; i < n; i++) {
		m->status_count[rows[i].d->status]++;
		m->award_total += rows[i].d->award;
	}
	m->programme = r->prog.kind_name;
	m->year = r->prog.year;
	m->batch_dir = r->opt->batch_dir;
	m->inputs = inputs;
	m->decided = n;
	m->decided_on = r->prog.decided;
	written_init(&o->w, &r->arena);
	shard_plan_init(&o->sp, &r->opt->shard);
	m->shard = o->sp.shard.count ? &o->sp : NULL;
	if (r->opt->incremental)
		prior_read(r->opt->out_dir, &o->prior, &r->arena);
}

int run_outputs_end(struct run *r, struct run_outputs *o, bool ok, const char *const *kinds, int nkinds)
{
	const char *out = r->opt->out_dir;
	struct manifest_facts *m = &o->m;
	const struct doc_errors *errs = &o->errs;
	ok = ok && report_doc_errors(out, errs, &o->w, &r->err);
	for (int i = 0; i < o->w.count; i++)
		m->documents += o->w.files[i].pages > 0;
	m->document_errors = errs->count;
	m->not_written = errs;
	ok = ok && report_manifest(out, m, &o->w, &r->err);
	for (int i = 0; ok && !r->opt->quiet && i < errs->count; i++) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s: %s not written: field %s has U+%04X, which no configured font has",
			 errs->items[i].record, errs->items[i].document, errs->items[i].field,
			 (unsigned)errs->items[i].cp);
		if (r->opt->json) {
			fputs("{\"event\":\"document_error\",\"message\":", stderr);
			diag_json_string(stderr, msg);
			fputs("}\n", stderr);
		} else {
			fprintf(stderr, "grantdoc: %s\n", msg);
		}
	}
	if (ok && r->opt->timings)
		docrun_print_timings(kinds, nkinds, &o->timing, r->opt->jobs);
	written_free(&o->w);
	doc_errors_free(&o->errs);
	prior_free(&o->prior);
	shard_plan_free(&o->sp);
	if (!ok)
		return run_fail(EXIT_CANTCREAT, &r->err);
	if (!r->opt->quiet && r->opt->json) {
		fputs("{\"event\":\"summary\",\"batch\":", stderr);
		diag_json_string(stderr, r->opt->batch_dir);
		fprintf(stderr, ",\"records\":%d,\"decided\":%d,\"rejected\":%d,\"rejects\":%d,\"status\":{",
			m->records, m->decided, m->rejected, m->rejects_total);
		bool first = true;
		for (int s = 0; s < ST_COUNT; s++)
			if (m->status_count[s]) {
				fprintf(stderr, "%s\"%s\":%d", first ? "" : ",", status_name((enum status)s),
					m->status_count[s]);
				first = false;
			}
		fprintf(stderr, "},\"documents\":%d,\"documents_kept\":%d,\"document_errors\":%d,\"warnings\":%d,\"seconds\":%.3f,\"out\":",
			m->documents, o->timing.reused, m->document_errors, diag_warning_count(), seconds_since(&r->started));
		diag_json_string(stderr, out);
		fputs("}\n", stderr);
	} else if (!r->opt->quiet) {
		fprintf(stderr, "grantdoc: %s: %d records read, %d decided, %d rejected:",
			r->opt->batch_dir, m->records, m->decided, m->rejected);
		for (int s = 0; s < ST_COUNT; s++)
			if (m->status_count[s])
				fprintf(stderr, " %s %d", status_name((enum status)s), m->status_count[s]);
		fprintf(stderr, "; %d documents", m->documents);
		if (r->opt->incremental)
			fprintf(stderr, " (%d unchanged, kept)", o->timing.reused);
		if (m->document_errors)
			fprintf(stderr, ", %d NOT written (document-errors.csv)", m->document_errors);
		fprintf(stderr, "; %d rows in rejects.csv; %.1f s; outputs in %s\n", m->rejects_total,
			seconds_since(&r->started), out);
	}
	return m->document_errors ? EXIT_DOCUMENTS : EXIT_OK;
}
