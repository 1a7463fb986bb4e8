/* sxm_docs.h: the shanxi-major documents — a notice per bid, the 中榜
 * publicity list, the three-party task book of each 立项 bid, a notice per
 * acceptance (conclusion and, where due, the money to recover), the
 * disbursement sheet. Decides nothing. */
#ifndef GRANTDOC_SXM_DOCS_H
#define GRANTDOC_SXM_DOCS_H

#include "disburse.h"
#include "docrun.h"
#include "model.h"

#define SXM_NKINDS 5
extern const char *const SXM_TEMPLATES[];
extern const char *const SXM_DOC_KINDS[SXM_NKINDS];

struct sxm_doc_input {
	const struct programme *prog;
	const struct sxm_batch *batch;
	const struct decision *decisions;
	const struct sxm_round *round;
	const struct sxm_outcome *acceptance;
	const struct disbursement *disb;
};

/* Every 立项 bid, grouped by class (ENT, PUB). */
void sxm_disbursement(const struct sxm_batch *batch, const struct decision *decisions, struct disbursement *d);

bool sxm_write_documents(const struct doc_resources *r, const struct sxm_doc_input *in,
			 const char *out_dir, int workers, const struct prior *prior,
			 struct shard_plan *sp, struct written *w, struct doc_errors *errs,
			 struct doc_timing *timing, struct arena *arena, struct strbuf *err);

#endif
