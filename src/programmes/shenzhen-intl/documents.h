/* documents.h: the shenzhen-intl documents — a notice per application
 * (before-funding ones with the contract deadline, after-funding ones
 * with the amount), the publicity list, a ban notice per banned contract
 * and the disbursement sheet — as template fields. Decides nothing. */
#ifndef GRANTDOC_SZI_DOCUMENTS_H
#define GRANTDOC_SZI_DOCUMENTS_H

#include "model.h"
#include "programmes/programme.h"

#define SZI_NDOCS 4
extern const struct doc_kind SZI_DOCS[SZI_NDOCS];

/* The callbacks of struct programme (programme.h). */
void szi_base_fields(const void *state, struct tctx *base, struct arena *a);
struct doc_job *szi_plan(const void *state, int *njobs, struct arena *a);
struct tctx *szi_fields(const void *state, const struct doc_job *job, const struct tctx *base, char subject[160],
			struct arena *a);

#endif
