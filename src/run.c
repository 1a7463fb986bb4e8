/* run.c: the one run every programme goes through (run.h). */
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "calendar.h"
#include "csvout.h"
#include "date.h"
#include "batch.h"
#include "call.h"
#include "diag.h"
#include "docfields.h"
#include "hash.h"
#include "docrun.h"
#include "exitcodes.h"
#include "index.h"
#include "invariant.h"
#include "money.h"
#include "outdir.h"
#include "outfile.h"
#include "regfile.h"
#include "rejects.h"
#include "report.h"
#include "xlsxout.h"

#ifndef GRANTDOC_DATADIR
#define GRANTDOC_DATADIR "data"
#endif
#ifndef GRANTDOC_FONTCONF
#define GRANTDOC_FONTCONF "fonts/fonts.conf"
#endif
#ifndef GRANTDOC_TEMPLATES
#define GRANTDOC_TEMPLATES "templates"
#endif
#ifndef GRANTDOC_XSD
#define GRANTDOC_XSD "docs/batch.xsd"
#endif

struct run {
	const struct options *opt;
	const char *out;  /* where this run writes: the staging directory */
	struct outdir od; /* OUT_DIR, replaced whole at the end */
	struct timespec started;
	struct arena arena;
	struct batch b; /* the programme, its parameters and its state */
	struct rejects rejects;
	struct calendar cal;
	struct doc_resources docs;
	struct field_schema *schemas[DOC_MAX_TEMPLATES]; /* each document kind's fields */
	const char *seal_path;                           /* the seal image, resolved and checked; NULL when none */
	char seal_sha256[65];                            /* its content, for the documents' keys */
	struct strbuf err;
};

/* One line (or JSON object) on stderr for a failed run; returns code. */
static int run_fail(int code, const struct strbuf *err)
{
	/* Every failure says something, whatever went wrong where. */
	const char *msg =
		err->len ? sb_str(err) : "failed, and no message was kept (an internal error; please report it)";
	if (diag_json()) {
		fprintf(stderr, "{\"event\":\"error\",\"exit\":%d,\"message\":", code);
		diag_json_string(stderr, msg);
		fputs("}\n", stderr);
	} else {
		fprintf(stderr, "grantdoc: %s\n", msg);
	}
	return code;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- the batch directory and the output lock ---- */

/* Anything at all at dir/file, a dangling symbolic link included: such a
 * batch.xml is refused when it is read, never taken for an absent one. */
static bool exists(const char *dir, const char *file)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	return !regfile_absent(path);
}

/* A batch is either CSV files with programme.xml or one batch.xml. */
static int check_batch_dir(const char *dir, bool *xml, struct strbuf *err)
{
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		sb_printf(err, "%s: not a batch directory", dir);
		return EXIT_NOINPUT;
	}
	*xml = exists(dir, "batch.xml");
	if (*xml &&
	    (exists(dir, "applications.csv") || exists(dir, "applications.xlsx") || exists(dir, "programme.xml"))) {
		sb_printf(err, "%s: holds both batch.xml and CSV files; give one form of the batch", dir);
		return EXIT_DATAERR;
	}
	return EXIT_OK;
}

static int check_readable(const char *dir, const char *file, struct strbuf *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (access(path, R_OK) != 0) {
		sb_printf(err, "%s: required file missing or unreadable: %s", path, strerror(errno));
		return EXIT_NOINPUT;
	}
	return EXIT_OK;
}

/* A PNG with an alpha channel (colour types 4 and 6) or a tRNS chunk
 * before its image data: libharu would give it a soft mask, which PDF/A-1
 * forbids. */
static bool png_transparent(const unsigned char *png, size_t len)
{
	if (png[25] == 4 || png[25] == 6)
		return true;
	for (size_t at = 8; at + 8 <= len;) {
		size_t n = (size_t)png[at] << 24 | (size_t)png[at + 1] << 16 | (size_t)png[at + 2] << 8 | png[at + 3];
		if (memcmp(png + at + 4, "tRNS", 4) == 0)
			return true;
		if (memcmp(png + at + 4, "IDAT", 4) == 0 || n > len)
			return false;
		at += 12 + n;
	}
	return false;
}

/* programme.xml's document settings the call parser cannot check: every
 * <series> names a document kind of the programme, and <seal image> is a
 * readable PNG (relative to the batch directory). */
static bool check_document_settings(struct run *r)
{
	const struct programme *prog = r->b.prog;
	const char *kinds[DOC_MAX_KINDS];
	int n = 0;
	for (int k = 0; k < prog->ndocs && n < DOC_MAX_KINDS; k++)
		kinds[n++] = prog->docs[k].name;
	const struct doc_series *bad = df_unknown_series(&r->b.call, kinds, n);
	if (bad) {
		sb_printf(&r->err, "programme.xml:%ld: <series>: kind '%s' is not a document of %s (", bad->line,
			  bad->kind, prog->kind);
		for (int k = 0; k < n; k++)
			sb_printf(&r->err, "%s%s", k ? ", " : "", kinds[k]);
		sb_puts(&r->err, ")");
		return false;
	}
	const char *image = r->b.call.seal_image;
	r->seal_path = NULL;
	if (!image)
		return true;
	struct strbuf path = STRBUF_INIT;
	if (image[0] == '/')
		sb_puts(&path, image);
	else
		sb_printf(&path, "%s/%s", r->opt->batch_dir, image);
	struct strbuf bytes = STRBUF_INIT;
	const char *why = NULL;
	bool png = sb_read_file(&bytes, sb_str(&path), 16 << 20, &why) && bytes.len > 33 &&
		   memcmp(bytes.data, "\x89PNG\r\n\x1a\n", 8) == 0;
	if (!png && why) {
		sb_printf(&r->err, "programme.xml:%ld: <seal>: '%s' is not a readable PNG file (%s)",
			  r->b.call.seal_line, image, why);
	} else if (!png) {
		sb_printf(&r->err, "programme.xml:%ld: <seal>: '%s' is not a readable PNG file", r->b.call.seal_line,
			  image);
	} else if (png_transparent((const unsigned char *)bytes.data, bytes.len)) {
		sb_printf(&r->err,
			  "programme.xml:%ld: <seal>: '%s' has transparency (an alpha channel or tRNS), "
			  "which PDF/A-1b forbids: save it opaque, on white",
			  r->b.call.seal_line, image);
		png = false;
	} else {
		r->seal_path = arena_strdup(&r->arena, sb_str(&path));
		struct hasher h;
		hasher_init(&h);
		hasher_bytes(&h, bytes.data, bytes.len);
		hasher_hex(&h, r->seal_sha256);
	}
	sb_free(&bytes);
	sb_free(&path);
	return png;
}

/* Fields the run itself sets on every document. */
static const struct field_group RUN_FIELDS[] = {
	{ NULL, "seal.image", NULL },
	{ NULL, NULL, NULL },
};

/* Kind k's fields: the call's, the run's and the programme's tables. */
static struct field_schema *kind_schema(const struct doc_kind *kind, struct strbuf *err)
{
	const struct field_group *tables[12] = { DF_CALL_FIELDS, RUN_FIELDS };
	int n = 2;
	for (int i = 0; kind->fields && kind->fields[i] && n < 11; i++)
		tables[n++] = kind->fields[i];
	tables[n] = NULL;
	return schema_build(tables, err);
}

/* The fonts and the programme's templates, each template checked against
 * its kind's fields: a misspelt field or a test against a value the
 * programme never produces stops the run here, before anything is
 * written, whichever branch it is in and whatever this batch holds. */
static bool load_documents(struct run *r)
{
	const struct programme *prog = r->b.prog;
	const char *names[DOC_MAX_TEMPLATES + 1];
	int n = 0;
	for (int k = 0; k < prog->ndocs && n < DOC_MAX_TEMPLATES; k++)
		names[n++] = prog->docs[k].template;
	names[n] = NULL;
	if (!doc_resources_load(&r->docs, r->opt->fonts ? r->opt->fonts : GRANTDOC_FONTCONF,
				r->opt->templates ? r->opt->templates : GRANTDOC_TEMPLATES, prog->kind, names, &r->err))
		return false;
	for (int k = 0; k < n; k++) {
		if (!(r->schemas[k] = kind_schema(&prog->docs[k], &r->err)))
			return false;
		if (!template_check(r->docs.templates[k], r->schemas[k], &r->err))
			return false;
	}
	return true;
}

/* ---- outputs ---- */

struct outputs {
	struct manifest_facts m;
	struct tctx *base;    /* the fields every document shares */
	struct doc_job *jobs; /* every document of the batch, in plan order */
	int njobs;
	struct written w;
	struct doc_errors errs;
	struct doc_timing timing;
	struct prior prior;   /* --incremental, --only: the last run's documents */
	struct strmap only;   /* --only: the records named */
	struct shard_plan sp; /* --shard */
};

static void outputs_begin(struct run *r, struct outputs *o, const struct outcome *oc)
{
	memset(o, 0, sizeof *o);
	struct manifest_facts *m = &o->m;
	for (int i = 0; i < oc->nrows; i++) {
		m->status_count[oc->rows[i].d->status]++;
		m->award_total += oc->rows[i].d->award;
	}
	m->programme = r->b.call.kind;
	m->year = r->b.call.year;
	m->batch_dir = r->opt->batch_dir;
	m->inputs = batch_input_names(&r->b);
	m->decided = oc->nrows;
	m->rejected = oc->records_read >= 0 ? oc->records_read - oc->nrows
					    : rejects_count_file(&r->rejects, r->b.prog->records_file);
	m->records = m->decided + m->rejected;
	m->rejects_total = r->rejects.count;
	m->rejects_accepted = r->opt->accept_rejects ? r->rejects.count : 0;
	m->decided_on = r->b.call.decided;
	m->publicity_start = oc->publicity_end != DATE_NONE ? r->b.call.publicity_start : DATE_NONE;
	m->publicity_end = oc->publicity_end;
	m->disbursement_projects = oc->disb.projects;
	m->disbursement_total = oc->disb.total;
	written_init(&o->w, &r->arena);
	shard_plan_init(&o->sp, &r->opt->shard);
	m->shard = o->sp.shard.count ? &o->sp : NULL;
	strmap_init(&o->only);
	if (r->opt->incremental || r->opt->nonly)
		prior_read(r->od.final, &o->prior, &r->arena);
}

/* --only: every id named is a record of the batch (decided, or with
 * documents of its own), and OUT_DIR holds a previous run whose documents
 * the other records keep. EXIT_USAGE naming what is wrong. */
static int check_only(struct run *r, struct outputs *o, const struct outcome *oc)
{
	struct strmap known;
	strmap_init(&known);
	for (int i = 0; i < oc->nrows; i++)
		strmap_put(&known, oc->rows[i].id, 1);
	for (int j = 0; j < o->njobs; j++)
		strmap_put(&known, o->jobs[j].record, 1);
	struct strbuf unknown = STRBUF_INIT;
	int nunknown = 0;
	for (int a = 0; a < r->opt->nonly; a++) {
		char *ids = arena_strdup(&r->arena, r->opt->only[a]), *save = NULL;
		for (char *id = strtok_r(ids, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
			if (strmap_get(&known, id))
				strmap_put(&o->only, id, 1);
			else if (nunknown++ < 10)
				sb_printf(&unknown, "%s'%s'", nunknown > 1 ? ", " : "", id);
		}
	}
	strmap_free(&known);
	int code = EXIT_OK;
	if (nunknown) {
		sb_printf(&r->err, "--only: no record %s in %s (an id of decisions.csv, or of a record with documents)",
			  sb_str(&unknown), r->opt->batch_dir);
		code = EXIT_USAGE;
	} else if (o->prior.count == 0) {
		sb_printf(&r->err,
			  "--only: %s holds no complete run whose documents the records not named could keep; "
			  "run once without --only",
			  r->od.final);
		code = EXIT_USAGE;
	}
	sb_free(&unknown);
	o->prior.only = &o->only;
	return code;
}

static struct tctx *document_fields(const void *data, const struct doc_job *job, const struct tctx *base,
				    char subject[160], struct arena *a)
{
	const struct run *r = data;
	return r->b.prog->fields(r->b.state, job, base, subject, a);
}

static bool document_conforms(const void *data, const struct doc_job *job, const struct tctx *ctx, struct strbuf *err)
{
	const struct run *r = data;
	if (!ctx) {
		sb_puts(err, "no fields were made");
		return false;
	}
	if (schema_conforms(r->schemas[job->template], ctx, err))
		return true;
	sb_printf(err, " (%s's %s: see its documents.c)", r->b.prog->kind, r->b.prog->docs[job->template].name);
	return false;
}

/* One 发文字号 per document where programme.xml numbers its kind. */
static void document_number(const void *data, const struct doc_job *job, int ordinal, struct tctx *c, struct arena *a)
{
	const struct run *r = data;
	const char *number = df_doc_number(a, &r->b.call, r->b.prog->docs[job->kind].name, ordinal);
	if (number)
		tctx_set(c, "doc.number", number);
}

/* The documents' shared fields and their plan, before any table: the
 * disbursement workbook and the index are made from them. */
static void plan_documents(struct run *r, struct outputs *o)
{
	o->base = tctx_new(&r->arena, NULL);
	df_call_fields(o->base, &r->b.call, &r->arena);
	tctx_set(o->base, "seal.image", r->seal_path ? r->seal_path : "");
	if (r->b.prog->base_fields)
		r->b.prog->base_fields(r->b.state, o->base, &r->arena);
	o->jobs = r->b.prog->plan(r->b.state, &o->njobs, &r->arena);
}

static int write_documents(struct run *r, struct outputs *o)
{
	struct doc_source src = {
		.data = r,
		.base = o->base,
		.programme = r->b.call.kind,
		.authority = r->b.call.authority,
		.date = df_document_date(&r->b.call),
		.records = o->m.decided,
		.context = document_fields,
		.number = document_number,
		.conforms = document_conforms,
		.extra_key = r->seal_path ? r->seal_sha256 : NULL,
	};
	bool keeping = r->opt->incremental || r->opt->nonly;
	return docrun_write(&r->docs, &src, o->jobs, o->njobs, r->out, r->opt->jobs, keeping ? &o->prior : NULL, &o->sp,
			    &o->w, &o->errs, &o->timing, &r->arena, &r->err);
}

/* The day a workbook is dated (libxlsxwriter would take the clock): the
 * documents' date, or before it is known 1 January of the call's year. */
static int32_t workbook_day(const struct run *r)
{
	int32_t day = df_document_date(&r->b.call);
	if (day == DATE_NONE && !date_from_ymd(r->b.call.year, 1, 1, &day))
		day = 0;
	return day;
}

/* index.csv and index.xlsx from the plan: a column for each kind of
 * document a record has (the lists, publicity and disbursement, have
 * none). */
static bool write_index(struct run *r, struct outputs *o, const struct outcome *oc)
{
	const struct programme *prog = r->b.prog;
	int nkinds = prog->ndocs < DOC_MAX_KINDS ? prog->ndocs : DOC_MAX_KINDS;
	bool list[DOC_MAX_KINDS] = { false };
	for (int j = 0; j < o->njobs; j++)
		if (o->jobs[j].item < 0 && o->jobs[j].kind >= 0 && o->jobs[j].kind < nkinds)
			list[o->jobs[j].kind] = true;
	const char *kinds[DOC_MAX_KINDS];
	int column[DOC_MAX_KINDS], ncolumns = 0;
	for (int k = 0; k < nkinds; k++) {
		column[k] = list[k] ? -1 : ncolumns;
		if (!list[k])
			kinds[ncolumns++] = prog->docs[k].name;
	}
	struct index_doc *docs = xmalloc((size_t)(o->njobs + 1) * sizeof *docs);
	int ndocs = 0;
	for (int j = 0; j < o->njobs; j++) {
		const struct doc_job *job = &o->jobs[j];
		if (job->item >= 0 && job->kind >= 0 && job->kind < nkinds && column[job->kind] >= 0)
			docs[ndocs++] =
				(struct index_doc){ job->record, job->rel, column[job->kind], job->who, job->outcome };
	}
	/* The index's rows (a row and its paths per record) are written and
	 * let go: in an arena of their own, not the run's. */
	struct arena rows;
	arena_init(&rows);
	struct index x;
	index_build(&x, oc->rows, oc->nrows, kinds, ncolumns, docs, ndocs, &rows);
	free(docs);
	bool ok = report_index(r->out, &x, &o->w, &r->err) && xlsx_index(r->out, &x, workbook_day(r), &o->w, &r->err);
	arena_free(&rows);
	return ok;
}

/* disbursement.xlsx, then the check that disbursement.csv, the workbook
 * and disbursement.pdf's fields say the same to the fen (disburse.h): by
 * construction they do, so a disagreement is an internal error. */
static int write_disbursement_workbook(struct run *r, struct outputs *o, const struct disbursement *d)
{
	const struct doc_job *job = NULL;
	for (int j = 0; j < o->njobs && !job; j++)
		if (strcmp(o->jobs[j].rel, "disbursement.pdf") == 0)
			job = &o->jobs[j];
	/* disbursement.pdf's fields (a line of fields per project) for its
	 * title and figures only: in an arena of their own, let go before the
	 * documents are made, not held to the end of the run. */
	struct arena scratch;
	arena_init(&scratch);
	char subject[160];
	struct tctx *fields = job ? document_fields(r, job, o->base, subject, &scratch) : NULL;
	const char *title = fields ? docrun_title(&r->docs, job, fields, &scratch, &r->err) : "";
	if (!title) {
		arena_free(&scratch);
		return EXIT_CONFIG;
	}
	struct disb_workbook wb = { *title ? title : "资金拨付表", r->b.call.authority, df_document_date(&r->b.call),
				    workbook_day(r) };
	if (!xlsx_disbursement(r->out, d, &wb, &o->w, &r->err)) {
		arena_free(&scratch);
		return EXIT_CANTCREAT;
	}
	struct disb_figures sheet, pdf, csv, xlsx;
	disb_figures_of(d, &sheet);
	pdf = sheet;
	bool ok = (!fields || df_disbursement_figures(fields, &pdf, &r->err)) &&
		  disb_figures_csv(r->out, &csv, &r->err) && disb_figures_xlsx(r->out, &xlsx, &r->err) &&
		  disb_figures_agree(&sheet, "the computed sheet", &pdf, "disbursement.pdf's fields", &r->err) &&
		  disb_figures_agree(&pdf, "disbursement.pdf's fields", &csv, "disbursement.csv", &r->err) &&
		  disb_figures_agree(&csv, "disbursement.csv", &xlsx, "disbursement.xlsx", &r->err);
	arena_free(&scratch);
	if (!ok)
		sb_puts(&r->err, " (an internal error; please report it)");
	return ok ? EXIT_OK : EXIT_SOFTWARE;
}

static void print_document_errors(const struct run *r, const struct doc_errors *errs)
{
	for (int i = 0; i < errs->count; i++) {
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
}

/* The text summary names this many of the documents an --incremental or
 * --only run drew again; --log json names every one. */
#define REWRITTEN_LISTED 20

/* --incremental, --only: the documents drawn again, in plan order. */
static void print_rewritten(const struct run *r, const struct outputs *o)
{
	int n = 0;
	for (int i = 0; i < o->w.count; i++) {
		const struct written_file *f = &o->w.files[i];
		if (!f->pages || f->kept)
			continue;
		if (r->opt->json) {
			fputs(n ? "," : "", stderr);
			diag_json_string(stderr, f->name);
		} else if (n < REWRITTEN_LISTED) {
			fprintf(stderr, "%s%s", n ? ", " : "", f->name);
		}
		n++;
	}
	if (!r->opt->json && n > REWRITTEN_LISTED)
		fprintf(stderr, " and %d more (--log json lists every one)", n - REWRITTEN_LISTED);
}

static int count_rewritten(const struct outputs *o)
{
	int n = 0;
	for (int i = 0; i < o->w.count; i++)
		n += o->w.files[i].pages && !o->w.files[i].kept;
	return n;
}

static void print_summary(const struct run *r, const struct outputs *o)
{
	const struct manifest_facts *m = &o->m;
	const char *out = r->od.final;
	bool keeping = r->opt->incremental || r->opt->nonly;
	if (r->opt->json) {
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
		fprintf(stderr,
			"},\"documents\":%d,\"documents_kept\":%d,\"document_errors\":%d,\"warnings\":%d,\"seconds\":%.3f,\"out\":",
			m->documents, o->timing.reused, m->document_errors, diag_warning_count(),
			seconds_since(&r->started));
		diag_json_string(stderr, out);
		if (keeping) {
			fputs(",\"rewritten\":[", stderr);
			print_rewritten(r, o);
			fputc(']', stderr);
		}
		fputs("}\n", stderr);
		return;
	}
	fprintf(stderr, "grantdoc: %s: %d records read, %d decided, %d rejected:", r->opt->batch_dir, m->records,
		m->decided, m->rejected);
	for (int s = 0; s < ST_COUNT; s++)
		if (m->status_count[s])
			fprintf(stderr, " %s %d", status_name((enum status)s), m->status_count[s]);
	fprintf(stderr, "; %d documents", m->documents);
	if (keeping) {
		int rewritten = count_rewritten(o);
		fprintf(stderr, " (%d unchanged, kept", o->timing.reused);
		if (rewritten) {
			fprintf(stderr, "; %d rewritten: ", rewritten);
			print_rewritten(r, o);
		}
		fputc(')', stderr);
	}
	if (m->document_errors)
		fprintf(stderr, ", %d NOT written (document-errors.csv)", m->document_errors);
	fprintf(stderr, "; %d rows in rejects.csv; %.1f s; outputs in %s\n", m->rejects_total,
		seconds_since(&r->started), out);
}

/* document-errors.csv, document-warnings.csv and manifest.json, after
 * the tables and the documents. */
static bool finish_outputs(struct run *r, struct outputs *o)
{
	struct manifest_facts *m = &o->m;
	bool ok = report_doc_errors(r->out, &o->errs, &o->w, &r->err);
	ok = ok && report_doc_warnings(r->out, &o->errs, &o->w, &r->err);
	for (int i = 0; i < o->w.count; i++)
		m->documents += o->w.files[i].pages > 0;
	m->document_errors = o->errs.count;
	m->not_written = &o->errs;
	return ok && report_manifest(r->out, m, &o->w, &r->err);
}

/* What stderr says of a complete run: undrawable documents, timings, the
 * summary. */
static void report_run(const struct run *r, const struct outputs *o)
{
	/* Timings are printed when asked for, --quiet or not (make bench). */
	if (r->opt->timings) {
		const char *kinds[DOC_MAX_KINDS];
		int n = r->b.prog->ndocs < DOC_MAX_KINDS ? r->b.prog->ndocs : DOC_MAX_KINDS;
		for (int k = 0; k < n; k++)
			kinds[k] = r->b.prog->docs[k].name;
		docrun_print_timings(kinds, n, &o->timing, r->opt->jobs);
	}
	if (r->opt->quiet)
		return;
	print_document_errors(r, &o->errs);
	print_summary(r, o);
}

static void outputs_free(struct outputs *o)
{
	free(o->jobs);
	strmap_free(&o->only);
	written_free(&o->w);
	doc_errors_free(&o->errs);
	prior_free(&o->prior);
	shard_plan_free(&o->sp);
}

static bool write_summary(struct run *r, const struct manifest_facts *m, enum run_outcome outcome, int code)
{
	int n = r->rejects.count;
	const char **files = xmalloc((size_t)(n + 1) * sizeof *files);
	int *counts = xmalloc((size_t)(n + 1) * sizeof *counts);
	struct summary s = {
		m, files, counts, rejects_by_file(&r->rejects, files, counts), outcome, code, diag_warning_count()
	};
	bool ok = report_summary(r->out, &s, &r->err);
	free(files);
	free(counts);
	return ok;
}

/* Every output into the staging directory; then, all of them written,
 * the staging directory in OUT_DIR's place. */
static int write_outputs(struct run *r, const struct outcome *oc)
{
	const char *out = r->out;
	struct outputs o;
	outputs_begin(r, &o, oc);
	plan_documents(r, &o);
	if (r->opt->nonly) {
		int refused = check_only(r, &o, oc);
		if (refused != EXIT_OK) {
			outputs_free(&o);
			return run_fail(refused, &r->err);
		}
	}
	bool tables = report_decisions(out, r->b.call.kind, oc->rows, oc->nrows, &o.w, &r->err) &&
		      report_reasons(out, oc->rows, oc->nrows, &o.w, &r->err) &&
		      report_rejects(out, &r->rejects, &o.w, &r->err) &&
		      report_bans(out, oc->bans, oc->nbans, &o.w, &r->err) &&
		      report_warnings(out, diag_warnings(), &o.w, &r->err) &&
		      (!r->b.prog->extra_outputs || r->b.prog->extra_outputs(r->b.state, out, &o.w, &r->err)) &&
		      report_disbursement_csv(out, &oc->disb, &o.w, &r->err) && write_index(r, &o, oc);
	int code = tables ? write_disbursement_workbook(r, &o, &oc->disb) : EXIT_CANTCREAT;
	if (code == EXIT_OK)
		code = write_documents(r, &o);
	if (code == EXIT_OK) {
		bool missing = o.errs.count > 0;
		if (!(finish_outputs(r, &o) &&
		      write_summary(r, &o.m, missing ? RUN_DOCUMENTS_MISSING : RUN_COMPLETE,
				    missing ? EXIT_DOCUMENTS : EXIT_OK) &&
		      outdir_commit(&r->od, &r->err)))
			code = EXIT_CANTCREAT;
	}
	if (code == EXIT_OK) {
		report_run(r, &o);
		code = o.m.document_errors ? EXIT_DOCUMENTS : EXIT_OK;
	} else {
		run_fail(code, &r->err);
	}
	outputs_free(&o);
	return code;
}

/* Rejected rows block drawing (V2-G3): a rejected row is a fact the rules
 * did not see, and it may have changed another record's outcome (a
 * ranking, a budget walk, a mean, a ban). The provisional tables go to
 * OUT_DIR.blocked/; OUT_DIR stays as it was. */
static int write_blocked(struct run *r, const struct outcome *oc)
{
	const char *out = r->out;
	struct outputs o;
	outputs_begin(r, &o, oc);
	bool ok = report_decisions(out, r->b.call.kind, oc->rows, oc->nrows, &o.w, &r->err) &&
		  report_reasons(out, oc->rows, oc->nrows, &o.w, &r->err) &&
		  report_rejects(out, &r->rejects, &o.w, &r->err) &&
		  report_warnings(out, diag_warnings(), &o.w, &r->err) &&
		  write_summary(r, &o.m, RUN_BLOCKED, EXIT_BLOCKED) && outdir_commit_blocked(&r->od, &r->err);
	outputs_free(&o);
	if (!ok)
		return run_fail(EXIT_CANTCREAT, &r->err);
	struct strbuf msg = STRBUF_INIT;
	sb_printf(&msg, "%s: blocked: %d row%s in rejects.csv (", r->opt->batch_dir, r->rejects.count,
		  r->rejects.count == 1 ? "" : "s");
	const char **files = xmalloc((size_t)r->rejects.count * sizeof *files);
	int *counts = xmalloc((size_t)r->rejects.count * sizeof *counts);
	int nfiles = rejects_by_file(&r->rejects, files, counts);
	for (int k = 0; k < nfiles; k++)
		sb_printf(&msg, "%s%s %d", k ? ", " : "", files[k], counts[k]);
	free(files);
	free(counts);
	sb_printf(&msg,
		  ") could change other records' decisions, so nothing is drawn and %s is left as it was; "
		  "provisional decisions and the rejects are in %s/; fix the rows, or rerun with --accept-rejects "
		  "to treat them as absent",
		  r->od.final, r->od.blocked);
	int code = run_fail(EXIT_BLOCKED, &msg);
	sb_free(&msg);
	return code;
}

/* ---- the run ---- */

/* Every total grantdoc writes (award_total, the disbursement sheet, the
 * documents' sums) is a sum of awards, each within MONEY_MAX; a batch
 * whose awards together pass it (only caps and rewards outside a budget
 * can) is refused before anything is written, never summed past the
 * range. */
static bool awards_in_range(const struct outcome *oc, struct strbuf *err)
{
	int64_t total = 0;
	for (int i = 0; i < oc->nrows; i++) {
		INVARIANT(money_in_range(oc->rows[i].d->award));
		if (!money_add(&total, oc->rows[i].d->award)) {
			sb_printf(err,
				  "the awards of this batch add up to more than 10^15 yuan (at %s): refused, "
				  "no total past that range is written",
				  oc->rows[i].id);
			return false;
		}
	}
	if (oc->disb.out_of_range) {
		sb_printf(err, "the disbursement sheet of this batch adds up to more than 10^15 yuan: refused, "
			       "no total past that range is written");
		return false;
	}
	return true;
}

static int decide_and_write(struct run *r)
{
	if (!check_document_settings(r))
		return run_fail(EXIT_DATAERR, &r->err);
	if (!load_documents(r))
		return run_fail(EXIT_CONFIG, &r->err);
	struct programme_input in = batch_input(&r->b);
	struct outcome oc;
	memset(&oc, 0, sizeof oc);
	oc.records_read = -1;
	oc.publicity_end = DATE_NONE;
	disb_init(&oc.disb, &r->arena, r->b.call.disbursement_batch);
	int code;
	if (!r->b.prog->decide(r->b.state, &in, &oc, &r->err) || !awards_in_range(&oc, &r->err)) {
		code = run_fail(EXIT_DATAERR, &r->err);
	} else if (r->rejects.count && !r->opt->accept_rejects) {
		code = write_blocked(r, &oc);
	} else {
		oc.disb.basis = df_doc_number_text(&r->arena, &r->b.call);
		oc.disb.subject = r->b.call.budget_subject ? r->b.call.budget_subject : "";
		disb_finish(&oc.disb);
		code = write_outputs(r, &oc);
	}
	disb_free(&oc.disb);
	return code;
}

static int read_batch(struct run *r, bool xml)
{
	const char *dir = r->opt->batch_dir;
	if (!xml)
		return batch_read_dir(&r->b, dir, &r->err);
	const char *xsd = getenv("GRANTDOC_XSD");
	char path[4096];
	snprintf(path, sizeof path, "%s/batch.xml", dir);
	return batch_read_xml(&r->b, path, xsd && *xsd ? xsd : GRANTDOC_XSD, &r->err);
}

static int run_in(struct run *r)
{
	const char *dir = r->opt->batch_dir;
	bool xml = false;
	int code = check_batch_dir(dir, &xml, &r->err);
	if (code == EXIT_OK && !xml)
		code = check_readable(dir, "programme.xml", &r->err);
	if (code == EXIT_OK)
		code = outdir_begin(&r->od, r->opt->out_dir, &r->err);
	r->out = r->od.stage;
	if (code == EXIT_OK)
		code = read_batch(r, xml);
	if (code != EXIT_OK)
		return run_fail(code, &r->err);
	return decide_and_write(r);
}

int run_batch(const struct options *o)
{
	struct run r;
	memset(&r, 0, sizeof r);
	r.opt = o;
	r.od.lock_fd = -1;
	csv_set_bom(!o->no_bom);
	clock_gettime(CLOCK_MONOTONIC, &r.started);
	arena_init(&r.arena);
	rejects_init(&r.rejects, &r.arena);
	r.b = (struct batch){ .rejects = &r.rejects, .cal = &r.cal, .arena = &r.arena, .encoding = o->encoding };
	const char *datadir = getenv("GRANTDOC_DATADIR");
	char caldir[4096];
	snprintf(caldir, sizeof caldir, "%s/calendar", datadir && *datadir ? datadir : GRANTDOC_DATADIR);
	calendar_init(&r.cal, caldir);
	int code = run_in(&r);
	/* A failed run leaves OUT_DIR as it was; after a commit this finds
	 * nothing to remove. */
	outdir_abort(&r.od);
	outdir_end(&r.od);
	batch_close(&r.b);
	diag_free();
	doc_resources_free(&r.docs);
	for (int k = 0; k < DOC_MAX_TEMPLATES; k++)
		schema_free(r.schemas[k]);
	rejects_free(&r.rejects);
	calendar_free(&r.cal);
	sb_free(&r.err);
	arena_free(&r.arena);
	return code;
}
