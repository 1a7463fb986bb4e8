/* documents.h: the shanxi-major documents — a notice per bid, the 中榜
 * publicity list, the three-party task book of each 立项 bid, a notice per
 * acceptance (conclusion and, where due, the money to recover), the
 * disbursement sheet — as template fields. Decides nothing. */
#ifndef GRANTDOC_SXM_DOCUMENTS_H
#define GRANTDOC_SXM_DOCUMENTS_H

#include "model.h"
#include "programmes/programme.h"

#define SXM_NDOCS 5
extern const struct doc_kind SXM_DOCS[SXM_NDOCS];

/* The callbacks of struct programme (programme.h). */
void sxm_base_fields(const void *state, struct tctx *base, struct arena *a);
struct doc_job *sxm_plan(const void *state, int *njobs, struct arena *a);
struct tctx *sxm_fields(const void *state, const struct doc_job *job, const struct tctx *base, char subject[160],
			struct arena *a);

#endif
