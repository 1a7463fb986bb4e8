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
#include "programmes/shanxi-coop/coop_run.h"
#include "csvread.h"
#include "diag.h"
#include "exitcodes.h"
#include "merge.h"
#include "outfile.h"
#include "programme.h"
#include "progress.h"
#include "rejects.h"
#include "run.h"
#include "shard.h"
#include "programmes/shanxi-major/sxm_run.h"
#include "programmes/shenzhen-intl/szi_run.h"
#include "programmes/zhejiang-base/zjb_run.h"

#ifndef GRANTDOC_VERSION
#define GRANTDOC_VERSION "dev"
#endif
#ifndef GRANTDOC_DATADIR
#define GRANTDOC_DATADIR "data"
#endif


static void usage(FILE *f)
{
	fputs("usage: grantdoc run BATCH_DIR --out OUT_DIR [--encoding auto|utf-8|gb18030]\n"
	      "                    [-j N] [--incremental] [--fonts FILE] [--templates DIR] [--bom]\n"
	      "                    [--shard K/N] [--quiet] [--log text|json] [--timings]\n"
	      "       grantdoc merge --out OUT_DIR SHARD_DIR...\n"
	      "       grantdoc --help | --version\n"
	      "\n"
	      "Reads a grant programme's export (programme.xml, whose kind is shanxi-coop,\n"
	      "shanxi-major, shenzhen-intl or zhejiang-base, and the CSV files of that\n"
	      "kind: see docs/data.md) and writes decisions.csv, reasons.csv, rejects.csv,\n"
	      "bans.csv, the programme's documents (notices/<id>.pdf, publicity.pdf, ...),\n"
	      "disbursement.pdf and .csv, document-errors.csv and manifest.json to OUT_DIR.\n"
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

static bool exists(const char *dir, const char *file)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	return access(path, F_OK) == 0;
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
	if (*xml && (exists(dir, "applications.csv") || exists(dir, "programme.xml"))) {
		sb_printf(err, "%s: holds both batch.xml and CSV files; give one form of the batch", dir);
		return EXIT_DATAERR;
	}
	return EXIT_OK;
}

/* files: NULL-terminated names inside dir that must be readable. */
static int check_required(const char *dir, const char *const *files, struct strbuf *err)
{
	for (int i = 0; files[i]; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		if (access(path, R_OK) != 0) {
			sb_printf(err, "%s: required file missing or unreadable: %s", path, strerror(errno));
			return EXIT_NOINPUT;
		}
	}
	return EXIT_OK;
}

static int lock_output(struct run *r)
{
	if (!make_dirs(r->opt->out_dir, &r->err))
		return EXIT_CANTCREAT;
	switch (outdir_lock(r->opt->out_dir, &r->err)) {
	case LOCK_TAKEN:
		outdir_remove_stale(r->opt->out_dir);
		return EXIT_OK;
	case LOCK_BUSY:
		sb_printf(&r->err, "%s: in use by another grantdoc run; not touched", r->opt->out_dir);
		return EXIT_TEMPFAIL;
	default:
		return EXIT_CANTCREAT;
	}
}

static int coop_run_csv(struct run *r)
{
	return coop_run(r, false);
}

/* The batch's programme decides which run reads it. */
static int run_batch(struct run *r)
{
	const char *dir = r->opt->batch_dir;
	bool xml = false;
	static const char *const programme_file[] = { "programme.xml", NULL };
	int code = check_batch_dir(dir, &xml, &r->err);
	if (code == EXIT_OK && !xml)
		code = check_required(dir, programme_file, &r->err);
	if (code == EXIT_OK)
		code = lock_output(r);
	if (code != EXIT_OK)
		return run_fail(code, &r->err);
	if (xml)
		return coop_run(r, true);
	char path[4096];
	snprintf(path, sizeof path, "%s/programme.xml", dir);
	if (!programme_load(path, "programme.xml", &r->prog, &r->arena, &r->err))
		return run_fail(EXIT_DATAERR, &r->err);
	enum programme_kind kind = r->prog.kind;
	static const char *const *const required[] = { [KIND_SHANXI_COOP] = COOP_REQUIRED_FILES,
		[KIND_SHANXI_MAJOR] = SXM_REQUIRED_FILES, [KIND_SHENZHEN_INTL] = SZI_REQUIRED_FILES,
		[KIND_ZHEJIANG_BASE] = ZJB_REQUIRED_FILES };
	static int (*const run_kind[])(struct run *) = { [KIND_SHANXI_COOP] = coop_run_csv,
		[KIND_SHANXI_MAJOR] = sxm_run, [KIND_SHENZHEN_INTL] = szi_run, [KIND_ZHEJIANG_BASE] = zjb_run };
	code = check_required(dir, required[kind], &r->err);
	if (code != EXIT_OK)
		return run_fail(code, &r->err);
	return run_kind[kind](r);
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
	doc_resources_free(&r.docs);
	rejects_free(&r.rejects);
	calendar_free(&r.cal);
	sb_free(&r.err);
	arena_free(&r.arena);
	free(opt.shard_dirs);
	return code;
}
