/* grantdoc: the command line.
 *
 *   grantdoc run BATCH_DIR --out OUT_DIR [--encoding E] [--quiet]
 *
 * The pipeline, in order: programme.xml -> ingest (rows to records, bad
 * rows to rejects) -> rules (one decision per record) -> outputs. Exit
 * status: see usage() and docs/grantdoc.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "calendar.h"
#include "coop.h"
#include "coop_docs.h"
#include "csvread.h"
#include "diag.h"
#include "exitcodes.h"
#include "merge.h"
#include "outfile.h"
#include "programme.h"
#include "progress.h"
#include "rejects.h"
#include "report.h"
#include "shard.h"

#ifndef GRANTDOC_VERSION
#define GRANTDOC_VERSION "dev"
#endif
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


static void usage(FILE *f)
{
	fputs("usage: grantdoc run BATCH_DIR --out OUT_DIR [--encoding auto|utf-8|gb18030]\n"
	      "                    [-j N] [--incremental] [--fonts FILE] [--templates DIR] [--bom]\n"
	      "                    [--shard K/N] [--quiet] [--log text|json] [--timings]\n"
	      "       grantdoc merge --out OUT_DIR SHARD_DIR...\n"
	      "       grantdoc --help | --version\n"
	      "\n"
	      "Reads a grant programme's export (programme.xml, applications.csv,\n"
	      "evaluations.csv, optional sanctions.csv and objections.csv) and writes\n"
	      "decisions.csv, reasons.csv, rejects.csv, bans.csv, notices/<id>.pdf,\n"
	      "taskbooks/<id>.pdf, publicity.pdf, disbursement.pdf and .csv,\n"
	      "document-errors.csv and manifest.json to OUT_DIR.\n"
	      "\n"
	      "  --out DIR        where the outputs go (created if missing)\n"
	      "  --encoding E     force the CSV encoding (default: detect UTF-8 or GB18030)\n"
	      "  --fonts FILE     font configuration (default: the installed fonts.conf)\n"
	      "  --templates DIR  document templates (default: the installed templates)\n"
	      "  --quiet          no warnings, no progress and no summary on stderr\n"
	      "  --log json       warnings, errors and the summary as JSON lines on stderr\n"
	      "  -j, --jobs N     render documents in N processes (default: the number of cores)\n"
	      "  --incremental    keep documents whose inputs, template, fonts and version are\n"
	      "                   unchanged since the run that wrote OUT_DIR/manifest.json\n"
	      "  --shard K/N      decide everything, draw only the documents of shard K\n"
	      "                   (0 <= K < N); combine the shards with grantdoc merge\n"
	      "  --bom            start disbursement.csv with a UTF-8 byte-order mark (Excel)\n"
	      "  --timings        time spent per kind of document, on stderr\n"
	      "\n"
	      "Environment: GRANTDOC_DATADIR  directory holding calendar/YYYY.txt\n"
	      "\n"
	      "Exit status: 0 batch processed (rows may be in rejects.csv); 1 processed, but\n"
	      "some documents could not be drawn (document-errors.csv); 64 usage error;\n"
	      "65 the batch is invalid (programme.xml, a missing column, the call's dates);\n"
	      "66 batch directory or a required file missing; 70 internal error;\n"
	      "73 the output cannot be written; 75 the output directory is in use by\n"
	      "another run. merge: 0 merged; 1 merged, but documents listed in\n"
	      "document-errors.csv could not be drawn; 65 a document missing or doubled,\n"
	      "or the shards disagree (nothing is written); 66 a shard manifest unreadable.\n",
	      f);
}

struct options {
	const char *batch_dir;
	const char *out_dir;
	enum csv_encoding encoding;
	const char *fonts;
	const char *templates;
	int quiet;
	int timings;
	int bom;
	int jobs;
	int json;
	int incremental;
	struct shard shard;
	int merge;                /* grantdoc merge */
	const char **shard_dirs;  /* merge: the shards' directories */
	int nshard_dirs;
};

static int parse_args(int argc, char **argv, struct options *o)
{
	memset(o, 0, sizeof *o);
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		exit(EXIT_OK);
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("grantdoc %s\n", GRANTDOC_VERSION);
		exit(EXIT_OK);
	}
	if (argc < 2 || (strcmp(argv[1], "run") != 0 && strcmp(argv[1], "merge") != 0)) {
		fprintf(stderr, "grantdoc: %s\n", argc < 2 ? "no command given" : "unknown command");
		usage(stderr);
		return EXIT_USAGE;
	}
	o->merge = strcmp(argv[1], "merge") == 0;
	o->shard_dirs = calloc((size_t)argc, sizeof *o->shard_dirs);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--out") == 0 && i + 1 < argc) {
			o->out_dir = argv[++i];
		} else if (strcmp(a, "--encoding") == 0 && i + 1 < argc) {
			if (!csv_encoding_parse(argv[++i], &o->encoding)) {
				fprintf(stderr, "grantdoc: --encoding: unknown encoding '%s'\n", argv[i]);
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--fonts") == 0 && i + 1 < argc) {
			o->fonts = argv[++i];
		} else if (strcmp(a, "--templates") == 0 && i + 1 < argc) {
			o->templates = argv[++i];
		} else if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) && i + 1 < argc) {
			char *end;
			long n = strtol(argv[++i], &end, 10);
			if (*end || n < 1 || n > 64) {
				fprintf(stderr, "grantdoc: -j: '%s' is not a number of workers from 1 to 64\n", argv[i]);
				return EXIT_USAGE;
			}
			o->jobs = (int)n;
		} else if (strcmp(a, "--log") == 0 && i + 1 < argc) {
			const char *fmt = argv[++i];
			if (strcmp(fmt, "json") != 0 && strcmp(fmt, "text") != 0) {
				fprintf(stderr, "grantdoc: --log: '%s' is neither 'text' nor 'json'\n", fmt);
				return EXIT_USAGE;
			}
			o->json = strcmp(fmt, "json") == 0;
		} else if (strcmp(a, "--shard") == 0 && i + 1 < argc) {
			if (!shard_parse(argv[++i], &o->shard)) {
				fprintf(stderr, "grantdoc: --shard: '%s' is not K/N with 0 <= K < N <= %d\n",
					argv[i], SHARD_MAX);
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--incremental") == 0) {
			o->incremental = 1;
		} else if (strcmp(a, "--bom") == 0) {
			o->bom = 1;
		} else if (strcmp(a, "--timings") == 0) {
			o->timings = 1;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			o->quiet = 1;
		} else if (o->merge && a[0] != '-') {
			o->shard_dirs[o->nshard_dirs++] = a;
		} else if (a[0] == '-' || o->batch_dir) {
			fprintf(stderr, "grantdoc: unexpected argument '%s'\n", a);
			usage(stderr);
			return EXIT_USAGE;
		} else {
			o->batch_dir = a;
		}
	}
	if (o->merge && (!o->out_dir || o->nshard_dirs == 0)) {
		fprintf(stderr, "grantdoc: merge needs --out OUT_DIR and at least one SHARD_DIR\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!o->merge && (!o->batch_dir || !o->out_dir)) {
		fprintf(stderr, "grantdoc: run needs BATCH_DIR and --out OUT_DIR\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int fail(int code, const struct strbuf *err)
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

static bool exists(const char *dir, const char *file)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	return access(path, F_OK) == 0;
}

/* A batch is either CSV files with programme.xml or one batch.xml. */
static int check_inputs(const char *dir, bool *xml, struct strbuf *err)
{
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		sb_printf(err, "%s: not a batch directory", dir);
		return EXIT_NOINPUT;
	}
	*xml = exists(dir, "batch.xml");
	if (*xml && (exists(dir, "applications.csv") || exists(dir, "programme.xml"))) {
		sb_printf(err, "%s: holds both batch.xml and CSV files; give one form of the batch", dir);
		return EXIT_DATAERR;
	}
	if (*xml)
		return EXIT_OK;
	static const char *const required[] = { "programme.xml", "applications.csv", "evaluations.csv" };
	for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, required[i]);
		if (access(path, R_OK) != 0) {
			sb_printf(err, "%s: required file missing or unreadable: %s", path, strerror(errno));
			return EXIT_NOINPUT;
		}
	}
	return EXIT_OK;
}

struct run {
	const struct options *opt;
	struct timespec started;
	struct arena arena;
	struct programme prog;
	struct coop_batch batch;
	struct rejects rejects;
	struct calendar cal;
	struct decision *decisions;
	struct coop_round round;
	struct doc_resources docs;
	struct strbuf err;
};

static int write_outputs(struct run *r)
{
	const char *out = r->opt->out_dir;
	struct decided *rows = xmalloc((size_t)(r->batch.napps + 1) * sizeof *rows);
	struct manifest_facts m;
	memset(&m, 0, sizeof m);
	for (int i = 0; i < r->batch.napps; i++) {
		rows[i].id = r->batch.apps[i].id;
		rows[i].category = coop_category_code(r->batch.apps[i].category);
		rows[i].d = &r->decisions[i];
		m.status_count[r->decisions[i].status]++;
		m.award_total += r->decisions[i].award;
	}
	static const char *const inputs[] = { "programme.xml", "applications.csv", "evaluations.csv",
					      "sanctions.csv", "objections.csv", "batch.xml", NULL };
	m.programme = r->prog.kind_name;
	m.year = r->prog.year;
	m.batch_dir = r->opt->batch_dir;
	m.inputs = inputs;
	m.decided = r->batch.napps;
	/* In CSV a row can be refused before it is a record (too few fields);
	 * in XML every record reaches the binder. */
	m.rejected = r->batch.apps_read ? r->batch.apps_read - r->batch.napps
					: rejects_count_file(&r->rejects, "applications.csv");
	m.records = m.decided + m.rejected;
	m.rejects_total = r->rejects.count;
	m.publicity_start = r->prog.publicity_start;
	m.publicity_end = r->round.publicity_end;
	m.decided_on = r->prog.decided;
	struct written w;
	written_init(&w, &r->arena);
	struct doc_errors errs = { 0 };
	struct disbursement disb;
	disb_init(&disb, &r->arena, r->prog.disbursement_batch);
	coop_disbursement(&r->prog, &r->batch, r->decisions, &disb);
	m.disbursement_projects = disb.projects;
	m.disbursement_total = disb.total;
	struct coop_doc_input in = { &r->prog, &r->batch, r->decisions, &r->round, &disb };
	struct doc_timing timing = { 0 };
	struct prior prior = { 0 };
	struct shard_plan sp;
	shard_plan_init(&sp, &r->opt->shard);
	m.shard = sp.shard.count ? &sp : NULL;
	if (r->opt->incremental)
		prior_read(out, &prior, &r->arena);
	bool ok = make_dirs(out, &r->err) &&
		  report_decisions(out, r->prog.kind_name, rows, r->batch.napps, &w, &r->err) &&
		  report_reasons(out, rows, r->batch.napps, &w, &r->err) &&
		  report_rejects(out, &r->rejects, &w, &r->err) &&
		  report_bans(out, &w, &r->err) &&
		  report_disbursement_csv(out, &disb, r->opt->bom, &w, &r->err) &&
		  coop_write_documents(&r->docs, &in, out, r->opt->jobs, r->opt->incremental ? &prior : NULL,
				       &sp, &w, &errs, &timing, &r->arena, &r->err) &&
		  report_doc_errors(out, &errs, &w, &r->err);
	for (int i = 0; i < w.count; i++)
		m.documents += w.files[i].pages > 0;
	m.document_errors = errs.count;
	m.not_written = &errs;
	ok = ok && report_manifest(out, &m, &w, &r->err);
	for (int i = 0; ok && !r->opt->quiet && i < errs.count; i++) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s: %s not written: field %s has U+%04X, which no configured font has",
			 errs.items[i].record, errs.items[i].document, errs.items[i].field,
			 (unsigned)errs.items[i].cp);
		if (r->opt->json) {
			fputs("{\"event\":\"document_error\",\"message\":", stderr);
			diag_json_string(stderr, msg);
			fputs("}\n", stderr);
		} else {
			fprintf(stderr, "grantdoc: %s\n", msg);
		}
	}
	if (ok && r->opt->timings)
		coop_print_timings(&timing, r->opt->jobs);
	written_free(&w);
	doc_errors_free(&errs);
	disb_free(&disb);
	prior_free(&prior);
	shard_plan_free(&sp);
	free(rows);
	if (!ok)
		return fail(EXIT_CANTCREAT, &r->err);
	if (!r->opt->quiet && r->opt->json) {
		fputs("{\"event\":\"summary\",\"batch\":", stderr);
		diag_json_string(stderr, r->opt->batch_dir);
		fprintf(stderr, ",\"records\":%d,\"decided\":%d,\"rejected\":%d,\"rejects\":%d,\"status\":{",
			m.records, m.decided, m.rejected, m.rejects_total);
		bool first = true;
		for (int s = 0; s < ST_COUNT; s++)
			if (m.status_count[s]) {
				fprintf(stderr, "%s\"%s\":%d", first ? "" : ",", status_name((enum status)s),
					m.status_count[s]);
				first = false;
			}
		fprintf(stderr, "},\"documents\":%d,\"documents_kept\":%d,\"document_errors\":%d,\"warnings\":%d,\"seconds\":%.3f,\"out\":",
			m.documents, timing.reused, m.document_errors, diag_warning_count(), seconds_since(&r->started));
		diag_json_string(stderr, out);
		fputs("}\n", stderr);
	} else if (!r->opt->quiet) {
		fprintf(stderr, "grantdoc: %s: %d records read, %d decided, %d rejected:",
			r->opt->batch_dir, m.records, m.decided, m.rejected);
		for (int s = 0; s < ST_COUNT; s++)
			if (m.status_count[s])
				fprintf(stderr, " %s %d", status_name((enum status)s), m.status_count[s]);
		fprintf(stderr, "; %d documents", m.documents);
		if (r->opt->incremental)
			fprintf(stderr, " (%d unchanged, kept)", timing.reused);
		if (m.document_errors)
			fprintf(stderr, ", %d NOT written (document-errors.csv)", m.document_errors);
		fprintf(stderr, "; %d rows in rejects.csv; %.1f s; outputs in %s\n", m.rejects_total,
			seconds_since(&r->started), out);
	}
	return m.document_errors ? EXIT_DOCUMENTS : EXIT_OK;
}

static int run_batch(struct run *r)
{
	const char *dir = r->opt->batch_dir;
	bool xml = false;
	int code = check_inputs(dir, &xml, &r->err);
	if (code != EXIT_OK)
		return fail(code, &r->err);
	if (!make_dirs(r->opt->out_dir, &r->err))
		return fail(EXIT_CANTCREAT, &r->err);
	switch (outdir_lock(r->opt->out_dir, &r->err)) {
	case LOCK_TAKEN:
		break;
	case LOCK_BUSY:
		sb_printf(&r->err, "%s: in use by another grantdoc run; not touched", r->opt->out_dir);
		return fail(EXIT_TEMPFAIL, &r->err);
	case LOCK_ERROR:
		return fail(EXIT_CANTCREAT, &r->err);
	}
	outdir_remove_stale(r->opt->out_dir);
	char path[4096];
	if (xml) {
		const char *xsd = getenv("GRANTDOC_XSD");
		snprintf(path, sizeof path, "%s/batch.xml", dir);
		if (!coop_ingest_xml(path, xsd && *xsd ? xsd : GRANTDOC_XSD, &r->prog, &r->batch,
				     &r->rejects, &r->arena, &r->err))
			return fail(EXIT_DATAERR, &r->err);
	} else {
		snprintf(path, sizeof path, "%s/programme.xml", dir);
		if (!programme_load(path, "programme.xml", &r->prog, &r->arena, &r->err))
			return fail(EXIT_DATAERR, &r->err);
		if (!coop_ingest(dir, r->opt->encoding, &r->batch, &r->rejects, &r->arena, &r->err))
			return fail(EXIT_DATAERR, &r->err);
	}
	if (!coop_check_call(&r->prog, &r->err))
		return fail(EXIT_DATAERR, &r->err);
	if (!coop_docs_load(&r->docs, r->opt->fonts ? r->opt->fonts : GRANTDOC_FONTCONF,
				r->opt->templates ? r->opt->templates : GRANTDOC_TEMPLATES, &r->err))
		return fail(EXIT_DATAERR, &r->err);
	coop_batch_facts(&r->batch);
	r->decisions = xcalloc((size_t)r->batch.napps + 1, sizeof *r->decisions);
	if (!coop_decide(&r->prog, &r->batch, &r->cal, r->decisions, &r->round, &r->arena, &r->err))
		return fail(EXIT_DATAERR, &r->err);
	return write_outputs(r);
}

static int run_merge(const struct options *o)
{
	struct strbuf problems = STRBUF_INIT, err = STRBUF_INIT;
	struct merge_result res;
	int code = merge_shards(o->out_dir, o->shard_dirs, o->nshard_dirs, &res, &problems, &err);
	char *save = NULL;
	for (char *line = problems.len ? strtok_r(problems.data, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		if (o->json) {
			fputs("{\"event\":\"merge_problem\",\"message\":", stderr);
			diag_json_string(stderr, line);
			fputs("}\n", stderr);
		} else {
			fprintf(stderr, "grantdoc: merge: %s\n", line);
		}
	}
	if (err.len)
		fprintf(stderr, "grantdoc: merge: %s\n", sb_str(&err));
	if (code == EXIT_DATAERR)
		fprintf(stderr, "grantdoc: merge: %d problem(s); nothing written to %s\n", res.problems, o->out_dir);
	else if (code == EXIT_OK && !o->quiet)
		fprintf(stderr, "grantdoc: merged %d shards into %s: %d documents, %d not drawable\n", res.shards,
			o->out_dir, res.documents, res.not_written);
	sb_free(&problems);
	sb_free(&err);
	/* As for run: the batch is complete, but not every document exists. */
	return code == EXIT_OK && res.not_written ? EXIT_DOCUMENTS : code;
}

int main(int argc, char **argv)
{
	struct options opt;
	int code = parse_args(argc, argv, &opt);
	if (code != EXIT_OK || opt.merge) {
		if (code == EXIT_OK)
			code = run_merge(&opt);
		free(opt.shard_dirs);
		return code;
	}
	if (opt.jobs == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		opt.jobs = cores > 0 ? (int)(cores > 64 ? 64 : cores) : 1;
	}
	diag_set_quiet(opt.quiet);
	diag_set_json(opt.json);
	progress_enable(!opt.quiet && !opt.json);
	struct run r;
	memset(&r, 0, sizeof r);
	r.opt = &opt;
	clock_gettime(CLOCK_MONOTONIC, &r.started);
	arena_init(&r.arena);
	rejects_init(&r.rejects, &r.arena);
	const char *datadir = getenv("GRANTDOC_DATADIR");
	char caldir[4096];
	snprintf(caldir, sizeof caldir, "%s/calendar", datadir && *datadir ? datadir : GRANTDOC_DATADIR);
	calendar_init(&r.cal, caldir);
	code = run_batch(&r);
	for (int i = 0; r.decisions && i < r.batch.napps; i++)
		reasons_free(&r.decisions[i].reasons);
	free(r.decisions);
	coop_batch_free(&r.batch);
	doc_resources_free(&r.docs);
	rejects_free(&r.rejects);
	calendar_free(&r.cal);
	sb_free(&r.err);
	arena_free(&r.arena);
	free(opt.shard_dirs);
	return code;
}
