/* szi_docs.h: the shenzhen-intl documents — a notice per application
 * (before-funding ones with the contract deadline, after-funding ones
 * with the amount), the publicity list, a ban notice per banned contract,
 * the disbursement sheet — through templates. Decides nothing. */
#ifndef GRANTDOC_SZI_DOCS_H
#define GRANTDOC_SZI_DOCS_H

#include "disburse.h"
#include "docrun.h"
#include "model.h"

#define SZI_NKINDS 4
extern const char *const SZI_TEMPLATES[];
extern const char *const SZI_DOC_KINDS[SZI_NKINDS];

struct szi_doc_input {
	const struct programme *prog;
	const struct szi_batch *batch;
	const struct decision *decisions;
	const struct szi_round *round;
	const struct szi_contract_outcome *contracts;
	const struct disbursement *disb;
};

/* Every 立项 application, grouped by category (GOV, IND, ACT, PER). */
void szi_disbursement(const struct szi_batch *batch, const struct decision *decisions,
		      struct disbursement *d);

/* notices/<id>.pdf, bans/<contract id>.pdf, publicity.pdf, disbursement.pdf. */
bool szi_write_documents(const struct doc_resources *r, const struct szi_doc_input *in,
			 const char *out_dir, int workers, const struct prior *prior,
			 struct shard_plan *sp, struct written *w, struct doc_errors *errs,
			 struct doc_timing *timing, struct arena *arena, struct strbuf *err);

#endif
