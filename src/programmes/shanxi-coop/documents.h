/* coop_docs.h: the shanxi-coop documents — a notice per application and
 * the publicity list — from decisions, through templates, into PDFs.
 *
 * This module maps the model and the decisions to template fields; it
 * decides nothing and draws nothing itself. */
#ifndef GRANTDOC_COOP_DOCS_H
#define GRANTDOC_COOP_DOCS_H

#include <stdbool.h>

#include "model.h"
#include "disburse.h"
#include "docrun.h"
#include "report.h"
#include "shard.h"
#include "template.h"

/* The templates (for doc_resources_load) and the kinds of document
 * (for --timings), in the order the jobs refer to them. */
#define COOP_NKINDS 4
extern const char *const COOP_TEMPLATES[];
extern const char *const COOP_DOC_KINDS[COOP_NKINDS];

struct coop_doc_input {
	const struct programme *prog;
	const struct coop_batch *batch;
	const struct decision *decisions;
	const struct coop_round *round;
	const struct disbursement *disb;
	const int *valid_scores;   /* per application; filled by coop_write_documents */
};

/* The disbursement of a round: every 立项 project, grouped by category in
 * the call's order (BR, KC, BASE, REG, AID), in input order within one. */
void coop_disbursement(const struct programme *p, const struct coop_batch *batch,
		       const struct decision *decisions, struct disbursement *d);

/* Writes notices/<id>.pdf for every application, taskbooks/<id>.pdf for
 * every 立项 project, publicity.pdf and disbursement.pdf (with workers
 * processes when workers > 1; the files are the same either way). With a
 * prior manifest (--incremental), a document whose key and file are
 * unchanged is kept as it is. With a shard (sp->shard.count > 0), only
 * that shard's documents are drawn, and sp records them. Into
 * out_dir. A record whose document cannot be drawn goes to errs and the
 * others go on; false only for a failure of the run (template error,
 * unwritable file). */
bool coop_write_documents(const struct doc_resources *r, const struct coop_doc_input *in,
			  const char *out_dir, int workers, const struct prior *prior,
			  struct shard_plan *sp, struct written *w, struct doc_errors *errs,
			  struct doc_timing *timing, struct arena *arena, struct strbuf *err);

#endif
