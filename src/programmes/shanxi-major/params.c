/* params.c: shanxi-major's programme.xml — its elements and the 细则's
 * values as defaults (seed 002; rules.md §2). */
#include <libxml/tree.h>
#include <stddef.h>

#include "date.h"
#include "model.h"
#include "programmes/common.h"

static void init(void *params, const struct call *call)
{
	struct sxm_params *p = params;
	p->call = call;
	p->budget = -1;
	p->review = REVIEW_DEFAULTS;
	p->publicity_working_days = 5;
	p->average_support = -1;
	p->ratio_cap_percent = 30;
	p->posting = DATE_NONE;
	p->proposal_deadline = DATETIME_NONE;
	p->argument_min = 7, p->review_technical_min = 9, p->review_financial_min = 3;
	p->site_min = 5, p->meeting_min = 7;
	p->execution_months = 36;
	date_from_ymd(2024, 6, 30, &p->effective); /* 第五十条 */
	p->recovery_days = -1;
}

/* <panels argument-min="7" review-technical-min="9" …/>: 第二十二、二十三、
 * 二十四、四十二条's minimum panel sizes. */
static void read_panels(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			void *params)
{
	(void)el, (void)call;
	static const char *const allowed[] = { "argument-min", "review-technical-min", "review-financial-min",
					       "site-min",     "meeting-min",          NULL };
	struct sxm_params *p = params;
	int *fields[] = { &p->argument_min, &p->review_technical_min, &p->review_financial_min, &p->site_min,
			  &p->meeting_min };
	param_check_attrs(r, n, allowed);
	for (int i = 0; allowed[i]; i++) {
		const char *v = param_attr(r, n, allowed[i]);
		if (v)
			*fields[i] = param_need_int(r, n, v, allowed[i], 1, 1000);
	}
}

#define AT(f) offsetof(struct sxm_params, f)

static const struct param_element ELEMENTS[] = {
	{ "budget", PARAM_REQUIRED, param_money, AT(budget), 0, 0, NULL },
	{ "posting", PARAM_REQUIRED, param_date_attr, AT(posting), 0, 0, "date" },
	{ "proposal-deadline", PARAM_REQUIRED, param_datetime, AT(proposal_deadline), 0, 0, NULL },
	{ "publicity", PARAM_REQUIRED, common_read_publicity_working, AT(publicity_working_days), 0, 0, NULL },
	{ "review", 0, common_read_review, AT(review), 0, 0, NULL },
	{ "average-support", 0, param_money, AT(average_support), 0, 0, NULL },
	{ "ratio-cap", 0, param_int_attr, AT(ratio_cap_percent), 1, 100, "percent" },
	{ "execution", 0, param_int_attr, AT(execution_months), 1, 240, "months" },
	{ "panels", 0, read_panels, 0, 0, 0, NULL },
	{ "effective", 0, param_date_attr, AT(effective), 0, 0, "date" },
	{ "recovery", 0, param_int_attr, AT(recovery_days), 1, 3650, "days" },
	{ NULL, 0, NULL, 0, 0, 0, NULL },
};

const struct param_spec SXM_PARAMS = { ELEMENTS, sizeof(struct sxm_params), init, NULL, NULL };
