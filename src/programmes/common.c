#include "common.h"

#include <libxml/tree.h>
#include <string.h>

static void *field_at(void *params, const struct param_element *el)
{
	return (char *)params + el->offset;
}

void common_read_review(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			void *params)
{
	(void)call;
	static const char *const allowed[] = { "min-experts", "pass-score", "method", NULL };
	struct review_params *rv = field_at(params, el);
	param_check_attrs(r, n, allowed);
	const char *v;
	if ((v = param_attr(r, n, "min-experts")))
		rv->min_experts = param_need_int(r, n, v, "min-experts", 1, 1000);
	if ((v = param_attr(r, n, "pass-score")))
		rv->pass_score = param_need_score(r, n, v, "pass-score");
	if ((v = param_attr(r, n, "method"))) {
		if (strcmp(v, "trimmed-mean") == 0)
			rv->method = REVIEW_TRIMMED_MEAN;
		else if (strcmp(v, "mean") == 0)
			rv->method = REVIEW_MEAN;
		else
			param_fail(r, n, "method='%s' is neither 'trimmed-mean' nor 'mean'%s", v, "");
	}
}

void common_read_walk(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
		      void *params)
{
	(void)call;
	static const char *const allowed[] = { "walk", NULL };
	param_check_attrs(r, n, allowed);
	enum funding_walk *walk = field_at(params, el);
	const char *v = param_attr(r, n, "walk");
	if (!v || strcmp(v, "skip") == 0)
		*walk = WALK_SKIP;
	else if (strcmp(v, "stop") == 0)
		*walk = WALK_STOP;
	else
		param_fail(r, n, "walk='%s' is neither 'skip' nor 'stop'%s", v, "");
}

void common_read_publicity_working(struct param_reader *r, const xmlNode *n, const struct param_element *el,
				   struct call *call, void *params)
{
	static const char *const allowed[] = { "start", "working-days", NULL };
	param_check_attrs(r, n, allowed);
	call->publicity_start = param_need_date(r, n, param_attr(r, n, "start"), "attribute 'start'");
	const char *v = param_attr(r, n, "working-days");
	if (v)
		*(int *)field_at(params, el) = param_need_int(r, n, v, "number of working days", 1, 365);
}
