/* run.h: what every programme's run shares — the options, the state of
 * one run, and the end of it (manifest, document errors, summary).
 *
 * A programme's run (coop_run.c, zjb_run.c) reads its files, decides, and
 * writes its tables and documents between run_outputs_begin() and
 * run_outputs_end(). */
#ifndef GRANTDOC_RUN_H
#define GRANTDOC_RUN_H

#include <stdbool.h>
#include <time.h>

#include "arena.h"
#include "calendar.h"
#include "csvread.h"
#include "docrun.h"
#include "programme.h"
#include "rejects.h"
#include "report.h"
#include "shard.h"

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

struct run {
	const struct options *opt;
	struct timespec started;
	struct arena arena;
	struct programme prog;
	struct rejects rejects;
	struct calendar cal;
	struct doc_resources docs;
	struct strbuf err;
};

/* One line (or JSON object) on stderr for a failed run; returns code. */
int run_fail(int code, const struct strbuf *err);

/* The fonts and templates of a programme (templates/<dir>/<name>.xml). */
bool run_load_documents(struct run *r, const char *dir, const char *const *templates);

struct run_outputs {
	struct manifest_facts m;
	struct written w;
	struct doc_errors errs;
	struct doc_timing timing;
	struct prior prior;          /* --incremental: the last run's documents */
	struct shard_plan sp;        /* --shard */
};

/* Counts per status and the total awarded from rows; the previous
 * manifest for --incremental; the shard plan. inputs: the batch's file
 * names for the manifest (NULL-terminated). */
void run_outputs_begin(struct run *r, struct run_outputs *o, const struct decided *rows, int n,
		       const char *const *inputs);
/* After the tables and documents (ok: all written): document-errors.csv,
 * manifest.json, the document errors and the summary on stderr. Frees o
 * and returns the exit code. kinds name the timings' document kinds. */
int run_outputs_end(struct run *r, struct run_outputs *o, bool ok, const char *const *kinds, int nkinds);

#endif
