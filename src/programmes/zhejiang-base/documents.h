/* documents.h: the zhejiang-base documents — a notice per base, the grade
 * list, the reward disbursement sheet — as template fields. Maps facts to
 * template fields; decides nothing. */
#ifndef GRANTDOC_ZJB_DOCUMENTS_H
#define GRANTDOC_ZJB_DOCUMENTS_H

#include "model.h"
#include "programmes/programme.h"

#define ZJB_NDOCS 3
extern const struct doc_kind ZJB_DOCS[ZJB_NDOCS];

/* The callbacks of struct programme (programme.h). */
void zjb_base_fields(const void *state, struct tctx *base, struct arena *a);
struct doc_job *zjb_plan(const void *state, int *njobs, struct arena *a);
struct tctx *zjb_fields(const void *state, const struct doc_job *job, const struct tctx *base, char subject[160],
			struct arena *a);

#endif
