/* grantdoc: the command line.
 *
 *   grantdoc run BATCH_DIR --out OUT_DIR [--encoding E] [--quiet]
 *
 * The pipeline, in order: programme.xml -> ingest (rows to records, bad
 * rows to rejects) -> rules (one decision per record) -> outputs. Exit
 * status: see usage() and docs/grantdoc.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "diag.h"
#include "exitcodes.h"
#include "merge.h"
#include "programmes/programme.h"
#include "progress.h"
#include "run.h"
#include "shard.h"

#ifndef GRANTDOC_VERSION
#define GRANTDOC_VERSION "dev"
#endif

static void usage(FILE *f)
{
	fputs("usage: grantdoc run BATCH_DIR --out OUT_DIR [--encoding auto|utf-8|gb18030]\n"
	      "                    [-j N] [--incremental | --only ID[,ID...]] [--accept-rejects]\n"
	      "                    [--fonts FILE] [--templates DIR] [--no-bom] [--shard K/N]\n"
	      "                    [--quiet] [--log text|json] [--timings]\n"
	      "       grantdoc merge --out OUT_DIR SHARD_DIR...\n"
	      "       grantdoc --help | --version\n"
	      "\n"
	      "Reads a grant programme's export (programme.xml, whose kind names the\n"
	      "programme, and the CSV files of that kind, each of which may be NAME.xlsx\n"
	      "instead: see docs/data.md) and writes\n"
	      "decisions.csv, reasons.csv, rejects.csv, bans.csv, the programme's documents\n"
	      "(notices/<id>.pdf, publicity.pdf, ...), disbursement.pdf, .csv and .xlsx,\n"
	      "index.csv and .xlsx (each record's documents), warnings.csv,\n"
	      "document-errors.csv, document-warnings.csv, manifest.json and summary.json\n"
	      "to OUT_DIR. Every CSV starts with a UTF-8 byte-order mark (Excel, WPS).\n"
	      "OUT_DIR is replaced whole when the run succeeds and left as it was when it\n"
	      "fails; a row in rejects.csv blocks drawing (provisional tables go to\n"
	      "OUT_DIR.blocked/).\n"
	      "\n"
	      "Programmes (the kind in programme.xml):\n",
	      f);
	for (int i = 0; PROGRAMMES[i]; i++)
		fprintf(f, "  %-16s %s\n", PROGRAMMES[i]->kind, PROGRAMMES[i]->name);
	fputs("\n"
	      "  --out DIR        where the outputs go (created if missing)\n"
	      "  --encoding E     force the CSV encoding (default: detect UTF-8 or GB18030)\n"
	      "  --fonts FILE     font configuration (default: the installed fonts.conf)\n"
	      "  --templates DIR  document templates (default: the installed templates)\n"
	      "  --quiet          no warnings, no progress and no summary on stderr (errors\n"
	      "                   are always printed)\n"
	      "  --log json       warnings, errors and the summary as JSON lines on stderr\n"
	      "  -j, --jobs N     render documents in N processes (default: the number of cores;\n"
	      "                   also -jN, --jobs=N)\n"
	      "  --accept-rejects decide and draw without the rows in rejects.csv, treating\n"
	      "                   them as absent (said in the summary and the manifest)\n"
	      "  --incremental    keep documents whose inputs, template, fonts and version are\n"
	      "                   unchanged since the run that wrote OUT_DIR/manifest.json\n"
	      "  --only ID[,ID...] decide everything, draw only these records' documents and\n"
	      "                   keep every other one from OUT_DIR's previous run (exit 64\n"
	      "                   when one of them is no longer what the batch decides)\n"
	      "  --shard K/N      decide everything, draw only the documents of shard K\n"
	      "                   (0 <= K < N); combine the shards with grantdoc merge\n"
	      "  --no-bom         CSV files in plain UTF-8, without the byte-order mark\n"
	      "                   (--bom, the default, is accepted)\n"
	      "  --timings        drawing wall time, CPU time per kind of document, on stderr\n"
	      "\n"
	      "Environment: GRANTDOC_DATADIR  directory holding calendar/YYYY.txt and aliases.txt\n"
	      "\n"
	      "Exit status: 0 batch processed; 1 processed, but some documents could not\n"
	      "be drawn (document-errors.csv); 3 rows in rejects.csv block drawing (nothing\n"
	      "drawn, OUT_DIR untouched, provisional tables in OUT_DIR.blocked/); 64 usage\n"
	      "error (also an unknown --only id, or a document --only cannot keep); 65 the\n"
	      "batch is invalid (programme.xml, a missing column, the call's dates); 66\n"
	      "batch directory or a required file missing; 70 internal error (a document\n"
	      "worker died, the disbursement totals disagree); 73 the output cannot be\n"
	      "written; 75 the output directory is in use by another run; 78 configuration\n"
	      "error (a template, fonts.conf, a font). merge: 0 merged; 1 merged, but\n"
	      "documents listed in document-errors.csv could not be drawn; 65 a document\n"
	      "missing or doubled, or the shards disagree (nothing is written); 66 a shard\n"
	      "manifest unreadable.\n",
	      f);
}

/* A usage error: one line (a JSON object under --log json, wherever on the
 * command line it was given), then the usage unless it is JSON. */
static int usage_error(bool json, const char *fmt, const char *a, const char *b)
{
	char msg[512];
	snprintf(msg, sizeof msg, fmt, a, b);
	if (json) {
		fprintf(stderr, "{\"event\":\"error\",\"exit\":%d,\"message\":", EXIT_USAGE);
		diag_json_string(stderr, msg);
		fputs("}\n", stderr);
	} else {
		fprintf(stderr, "grantdoc: %s\n", msg);
		usage(stderr);
	}
	return EXIT_USAGE;
}

static bool wants_json(int argc, char **argv)
{
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--log") == 0 && strcmp(argv[i + 1], "json") == 0)
			return true;
	return false;
}

/* -j N, -jN, --jobs N or --jobs=N (make's forms): the value, or NULL when
 * argv[*i] is none of them. */
static const char *jobs_argument(char **argv, int *i, bool has_value)
{
	const char *a = argv[*i];
	if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) && has_value)
		return argv[++*i];
	if (strncmp(a, "-j", 2) == 0 && a[2] >= '0' && a[2] <= '9')
		return a + 2;
	if (strncmp(a, "--jobs=", 7) == 0)
		return a + 7;
	return NULL;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	memset(o, 0, sizeof *o);
	bool json = wants_json(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		exit(EXIT_OK);
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("grantdoc %s\n", GRANTDOC_VERSION);
		exit(EXIT_OK);
	}
	if (argc < 2)
		return usage_error(json, "no command given%s%s", "", "");
	if (strcmp(argv[1], "run") != 0 && strcmp(argv[1], "merge") != 0)
		return usage_error(json, "unknown command '%s'%s", argv[1], "");
	o->merge = strcmp(argv[1], "merge") == 0;
	o->shard_dirs = calloc((size_t)argc, sizeof *o->shard_dirs);
	o->only = calloc((size_t)argc, sizeof *o->only);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *jobs;
		bool has_value = i + 1 < argc;
		if (strcmp(a, "--out") == 0 && has_value) {
			o->out_dir = argv[++i];
		} else if (strcmp(a, "--encoding") == 0 && has_value) {
			if (!csv_encoding_parse(argv[++i], &o->encoding))
				return usage_error(json, "--encoding: unknown encoding '%s'%s", argv[i], "");
		} else if (strcmp(a, "--fonts") == 0 && has_value) {
			o->fonts = argv[++i];
		} else if (strcmp(a, "--templates") == 0 && has_value) {
			o->templates = argv[++i];
		} else if ((jobs = jobs_argument(argv, &i, has_value))) {
			char *end;
			long n = strtol(jobs, &end, 10);
			if (!*jobs || *end || n < 1 || n > 64)
				return usage_error(json, "-j: '%s' is not a number of workers from 1 to 64%s", jobs, "");
			o->jobs = (int)n;
		} else if (strcmp(a, "--log") == 0 && has_value) {
			const char *fmt = argv[++i];
			if (strcmp(fmt, "json") != 0 && strcmp(fmt, "text") != 0)
				return usage_error(json, "--log: '%s' is neither 'text' nor 'json'%s", fmt, "");
			o->json = strcmp(fmt, "json") == 0;
		} else if (strcmp(a, "--shard") == 0 && has_value) {
			if (!shard_parse(argv[++i], &o->shard)) {
				char max[16];
				snprintf(max, sizeof max, "%d", SHARD_MAX);
				return usage_error(json, "--shard: '%s' is not K/N with 0 <= K < N <= %s", argv[i],
						   max);
			}
		} else if (strcmp(a, "--only") == 0 && has_value) {
			o->only[o->nonly++] = argv[++i];
		} else if (strcmp(a, "--incremental") == 0) {
			o->incremental = 1;
		} else if (strcmp(a, "--accept-rejects") == 0) {
			o->accept_rejects = 1;
		} else if (strcmp(a, "--bom") == 0) {
			o->no_bom = 0; /* the default since CSV outputs all carry one; kept for old scripts */
		} else if (strcmp(a, "--no-bom") == 0) {
			o->no_bom = 1;
		} else if (strcmp(a, "--timings") == 0) {
			o->timings = 1;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			o->quiet = 1;
		} else if (o->merge && a[0] != '-') {
			o->shard_dirs[o->nshard_dirs++] = a;
		} else if (a[0] == '-' || o->batch_dir) {
			return usage_error(json, "unexpected argument '%s'%s", a, "");
		} else {
			o->batch_dir = a;
		}
	}
	if (o->merge && (!o->out_dir || o->nshard_dirs == 0))
		return usage_error(json, "merge needs --out OUT_DIR and at least one SHARD_DIR%s%s", "", "");
	if (!o->merge && (!o->batch_dir || !o->out_dir))
		return usage_error(json, "run needs BATCH_DIR and --out OUT_DIR%s%s", "", "");
	if (o->nonly && (o->incremental || o->shard.count))
		return usage_error(json,
				   "--only draws the named records' documents and keeps the others; it does not "
				   "go with %s%s",
				   o->incremental ? "--incremental" : "--shard", "");
	return EXIT_OK;
}

static int run_merge(const struct options *o)
{
	struct strbuf problems = STRBUF_INIT, err = STRBUF_INIT;
	struct merge_result res;
	int code = merge_shards(o->out_dir, o->shard_dirs, o->nshard_dirs, &res, &problems, &err);
	char *save = NULL;
	for (char *line = problems.len ? strtok_r(problems.data, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
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
		free(opt.only);
		return code;
	}
	if (opt.jobs == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		opt.jobs = cores > 0 ? (int)(cores > 64 ? 64 : cores) : 1;
	}
	diag_set_quiet(opt.quiet);
	diag_set_json(opt.json);
	progress_enable(!opt.quiet && !opt.json);
	code = run_batch(&opt);
	free(opt.shard_dirs);
	free(opt.only);
	return code;
}
