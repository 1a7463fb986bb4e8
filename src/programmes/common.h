/* common.h: programme.xml elements several programmes share — the review
 * (<review>), the funding walk (<funding>) and a publicity counted in
 * working days (<publicity start working-days>) — as readers for their
 * element tables (call.h). Each stores at the table entry's offset. */
#ifndef GRANTDOC_PROGRAMMES_COMMON_H
#define GRANTDOC_PROGRAMMES_COMMON_H

#include "call.h"
#include "review.h"

/* <review min-experts="5" pass-score="60" method="trimmed-mean|mean"/>
 * into a struct review_params. */
void common_read_review(struct param_reader *r, const struct _xmlNode *n, const struct param_element *el,
			struct call *call, void *params);
/* <funding walk="skip|stop"/> into an enum funding_walk. */
void common_read_walk(struct param_reader *r, const struct _xmlNode *n, const struct param_element *el,
		      struct call *call, void *params);
/* <publicity start="2024-12-02" working-days="5"/>: the start into the
 * call, the number of working days (1..365) into an int. */
void common_read_publicity_working(struct param_reader *r, const struct _xmlNode *n, const struct param_element *el,
				   struct call *call, void *params);

/* The seeds' review: at least 5 valid scores, 60 to pass, trimmed mean. */
#define REVIEW_DEFAULTS ((struct review_params){ 5, 6000, REVIEW_TRIMMED_MEAN })

#endif
