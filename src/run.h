/* run.h: one run of grantdoc over a batch, whatever its programme.
 *
 * main.c parses the command line into `struct options` and calls
 * run_batch(), which carries the batch through the pipeline:
 *
 *   programme.xml ─► the programme (registry) ─► its files (CSV or
 *   batch.xml; bad rows to rejects) ─► decide ─► decisions.csv, reasons.csv,
 *   rejects.csv, bans.csv, warnings.csv, its extra tables, disbursement.csv
 *   ─► documents (docrun) ─► document-errors.csv, manifest.json,
 *   summary.json.
 *
 * Everything is written into a staging directory and put in OUT_DIR's
 * place only when complete (outdir.h). A row in rejects.csv blocks the
 * run: it decides every readable record but draws nothing, writes its
 * provisional tables to OUT_DIR.blocked/ and leaves OUT_DIR as it was,
 * unless --accept-rejects treats the rejected rows as absent.
 *
 * --incremental and --only take documents over from the previous complete
 * run (OUT_DIR's manifest.json) by hard link: --incremental those whose
 * inputs are unchanged, drawing the rest; --only every document but the
 * named records', which it draws, and it stops (exit 64, OUT_DIR as it
 * was) when another document cannot be taken over unchanged. Either way
 * OUT_DIR ends as a full run would leave it.
 *
 * Every programme goes through the same code here; a programme supplies
 * only the callbacks of src/programmes/programme.h. */
#ifndef GRANTDOC_RUN_H
#define GRANTDOC_RUN_H

#include <stdbool.h>
#include <time.h>

#include "csvread.h"
#include "shard.h"

struct options {
	const char *batch_dir;
	const char *out_dir;
	enum csv_encoding encoding;
	const char *fonts;
	const char *templates;
	int quiet;
	int timings;
	int no_bom; /* CSV outputs in plain UTF-8, without the byte-order mark */
	int jobs;
	int json;
	int incremental;
	int accept_rejects; /* decide and draw without the rejected rows (V2-G3) */
	const char **only;  /* --only: record ids (each argument may list several, comma-separated) */
	int nonly;
	struct shard shard;
	int merge;               /* grantdoc merge */
	const char **shard_dirs; /* merge: the shards' directories */
	int nshard_dirs;
};

/* Reads, decides and writes the batch of o; returns the exit status
 * (exitcodes.h). Every failure is one line on stderr. */
int run_batch(const struct options *o);

#endif
