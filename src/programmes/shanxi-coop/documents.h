/* documents.h: the shanxi-coop documents — a notice per application, a
 * task book per 立项 project, the publicity list and the disbursement
 * sheet — as template fields. Maps the model and the decisions to fields;
 * decides nothing and draws nothing itself. */
#ifndef GRANTDOC_SXC_DOCUMENTS_H
#define GRANTDOC_SXC_DOCUMENTS_H

#include "model.h"
#include "programmes/programme.h"

#define SXC_NDOCS 4
extern const struct doc_kind SXC_DOCS[SXC_NDOCS];

/* The callbacks of struct programme (programme.h). */
void sxc_base_fields(const void *state, struct tctx *base, struct arena *a);
struct doc_job *sxc_plan(const void *state, int *njobs, struct arena *a);
struct tctx *sxc_fields(const void *state, const struct doc_job *job, const struct tctx *base, char subject[160],
			struct arena *a);

/* Valid (non-recused) scores per application, counted once for all the
 * notices: a notice must not walk every score of the batch. */
int *sxc_count_valid_scores(const struct sxc_batch *b);

#endif
