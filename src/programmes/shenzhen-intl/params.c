/* params.c: shenzhen-intl's programme.xml — its elements and the 办法's
 * numbers as defaults (seed 003; rules.md §3). */
#include <libxml/tree.h>
#include <stddef.h>
#include <stdio.h>

#include "fields.h"
#include "model.h"
#include "programmes/common.h"

static void init(void *params, const struct call *call)
{
	struct szi_params *p = params;
	p->call = call;
	p->budget = -1;
	p->walk = WALK_SKIP;
	p->review = REVIEW_DEFAULTS;
	for (int k = 0; k < SZI_CATEGORIES; k++)
		p->category[k] = (struct szi_category_params){ szi_seed_cap((enum szi_category)k), SZI_SEED_PERCENT };
	p->publicity_days = 10;
	p->act_participants = SZI_SEED_ACT_PARTICIPANTS;
	p->act_foreign = SZI_SEED_ACT_FOREIGN;
	p->contract_days = SZI_SEED_CONTRACT_DAYS;
	p->completion_grace_months = SZI_SEED_GRACE_MONTHS;
	p->ban_years = SZI_SEED_BAN_YEARS;
}

int64_t szi_seed_cap(enum szi_category c)
{
	return c == SZI_GOV ? 3000000 : 1000000;
}

/* <publicity start="2024-11-20" days="10"/>: calendar days, at least the
 * 10 of 第十二条. */
static void read_publicity(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			   void *params)
{
	(void)el;
	static const char *const allowed[] = { "start", "days", NULL };
	struct szi_params *p = params;
	param_check_attrs(r, n, allowed);
	call->publicity_start = param_need_date(r, n, param_attr(r, n, "start"), "attribute 'start'");
	const char *v = param_attr(r, n, "days");
	if (v)
		p->publicity_days = param_need_int(r, n, v, "number of days", 1, 365);
	if (!param_failed(r) && p->publicity_days < 10)
		param_fail(r, n, "days='%s': the publicity must last at least 10 days (第十二条)%s", v, "");
}

/* <category code="GOV" cap="3000000" percent="50"/> */
static void read_category(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			  void *params)
{
	(void)el, (void)call;
	static const char *const allowed[] = { "code", "cap", "percent", NULL };
	static const char *const codes[SZI_CATEGORIES] = { "GOV", "IND", "ACT", "PER" };
	struct szi_params *p = params;
	param_check_attrs(r, n, allowed);
	const char *code = param_attr(r, n, "code");
	int c = code ? match_enum(code, codes, SZI_CATEGORIES) : -1;
	if (c < 0) {
		param_fail(r, n, "unknown category code '%s' (GOV, IND, ACT, PER)%s", code ? code : "", "");
		return;
	}
	const char *v;
	if ((v = param_attr(r, n, "cap")))
		p->category[c].cap = param_need_money(r, n, v, "cap");
	if ((v = param_attr(r, n, "percent")))
		p->category[c].percent = param_need_int(r, n, v, "percent", 1, 100);
}

/* <activity participants="100" foreign="30"/>: 第六条(二)'s thresholds. */
static void read_activity(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			  void *params)
{
	(void)el, (void)call;
	static const char *const allowed[] = { "participants", "foreign", NULL };
	struct szi_params *p = params;
	param_check_attrs(r, n, allowed);
	const char *v;
	if ((v = param_attr(r, n, "participants")))
		p->act_participants = param_need_int(r, n, v, "participants", 1, 1000000);
	if ((v = param_attr(r, n, "foreign")))
		p->act_foreign = param_need_int(r, n, v, "foreign", 0, 1000000);
}

/* One attribute of <contracts>: the 办法's number, or the element fails.
 * A sanction's length and a deadline the 办法 sets on the unit are the
 * regulation's, not the call's: a notice signed under 第十三、十五条 may
 * not state another number. */
static void fixed_by_article(struct param_reader *r, const xmlNode *n, const char *name, int *field, int seed,
			     const char *says)
{
	const char *v = param_attr(r, n, name);
	if (!v)
		return;
	int got = param_need_int(r, n, v, name, 0, 1000);
	if (param_failed(r))
		return;
	if (got != seed) {
		char what[160];
		snprintf(what, sizeof what, "%s='%s': %s", name, v, says);
		param_fail(r, n, "%s; a batch cannot change it%s", what, "");
		return;
	}
	*field = got;
}

/* <contracts days="30" grace-months="6" ban-years="3"/>: 第十三、十五条,
 * accepted with the 办法's numbers only. */
static void read_contracts(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			   void *params)
{
	(void)el, (void)call;
	static const char *const allowed[] = { "days", "grace-months", "ban-years", NULL };
	struct szi_params *p = params;
	param_check_attrs(r, n, allowed);
	fixed_by_article(r, n, "days", &p->contract_days, SZI_SEED_CONTRACT_DAYS,
			 "第十三条 gives 30 days from the approval document (30日内)");
	fixed_by_article(r, n, "grace-months", &p->completion_grace_months, SZI_SEED_GRACE_MONTHS,
			 "第十五条 gives 6 months after the completion date (六个月内)");
	fixed_by_article(r, n, "ban-years", &p->ban_years, SZI_SEED_BAN_YEARS,
			 "第十五条 bars for 3 years (3年内不得申报)");
}

#define AT(f) offsetof(struct szi_params, f)

static const struct param_element ELEMENTS[] = {
	{ "budget", PARAM_REQUIRED, param_money, AT(budget), 0, 0, NULL },
	{ "publicity", PARAM_REQUIRED, read_publicity, 0, 0, 0, NULL },
	{ "funding", 0, common_read_walk, AT(walk), 0, 0, NULL },
	{ "review", 0, common_read_review, AT(review), 0, 0, NULL },
	{ "category", PARAM_REPEATABLE, read_category, 0, 0, 0, NULL },
	{ "activity", 0, read_activity, 0, 0, 0, NULL },
	{ "contracts", 0, read_contracts, 0, 0, 0, NULL },
	{ NULL, 0, NULL, 0, 0, 0, NULL },
};

const struct param_spec SZI_PARAMS = { ELEMENTS, sizeof(struct szi_params), init, NULL, NULL };
