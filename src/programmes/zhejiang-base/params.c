/* params.c: zhejiang-base's programme.xml — its elements and defaults
 * (seed 004; rules.md §4): grade thresholds and the reward, which the
 * 办法 leaves to the department, and the R&D intensity bands of the
 * high-tech-enterprise standard. */
#include <libxml/tree.h>
#include <stddef.h>

#include "fields.h"
#include "model.h"

static void init(void *params, const struct call *call)
{
	struct zjb_params *p = params;
	p->call = call;
	p->excellent_from = 9000;
	p->pass_from = 6000;
	p->reward = 200000;
	p->rd_bands[0] = (struct rd_band){ 50000000, 500 };
	p->rd_bands[1] = (struct rd_band){ 200000000, 400 };
	p->rd_bands[2] = (struct rd_band){ -1, 300 };
	p->n_rd_bands = 3;
	p->ban_years = 3;
}

int zjb_rd_standard(const struct zjb_params *p, int64_t revenue)
{
	for (int i = 0; i < p->n_rd_bands; i++)
		if (p->rd_bands[i].revenue_up_to < 0 || revenue <= p->rd_bands[i].revenue_up_to)
			return p->rd_bands[i].percent;
	return p->n_rd_bands ? p->rd_bands[p->n_rd_bands - 1].percent : 0;
}

/* <grades excellent-from="90" pass-from="60"/> */
static void read_grades(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			void *params)
{
	(void)el, (void)call;
	static const char *const allowed[] = { "excellent-from", "pass-from", NULL };
	struct zjb_params *p = params;
	param_check_attrs(r, n, allowed);
	const char *v;
	if ((v = param_attr(r, n, "excellent-from")))
		p->excellent_from = param_need_score(r, n, v, "excellent-from");
	if ((v = param_attr(r, n, "pass-from")))
		p->pass_from = param_need_score(r, n, v, "pass-from");
	if (p->pass_from > p->excellent_from)
		param_fail(r, n, "pass-from is above excellent-from%s%s", "", "");
}

/* <rd-intensity><band revenue-up-to="50000000" percent="5"/> … <band percent="3"/>:
 * bands in rising order, the last without an upper bound. */
static void read_rd_intensity(struct param_reader *r, const xmlNode *n, const struct param_element *el,
			      struct call *call, void *params)
{
	(void)el, (void)call;
	static const char *const none[] = { NULL };
	static const char *const allowed[] = { "revenue-up-to", "percent", NULL };
	struct zjb_params *p = params;
	param_check_attrs(r, n, none);
	p->n_rd_bands = 0;
	for (const xmlNode *b = n->children; b && !param_failed(r); b = b->next) {
		if (b->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(b->name, (const xmlChar *)"band") != 0 || p->n_rd_bands == RD_BANDS_MAX) {
			param_fail(r, b, "expected at most %s <band> elements%s", "8", "");
			return;
		}
		param_check_attrs(r, b, allowed);
		struct rd_band *band = &p->rd_bands[p->n_rd_bands];
		const char *up = param_attr(r, b, "revenue-up-to"), *pc = param_attr(r, b, "percent");
		band->revenue_up_to = up ? param_need_money(r, b, up, "revenue-up-to") : -1;
		if (!pc || !parse_score(pc, &band->percent))
			param_fail(r, b, "percent='%s' is not a percentage from 0 to 100%s", pc ? pc : "", "");
		bool last_open = p->n_rd_bands > 0 && p->rd_bands[p->n_rd_bands - 1].revenue_up_to < 0;
		bool not_rising = p->n_rd_bands > 0 && band->revenue_up_to >= 0 &&
				  band->revenue_up_to <= p->rd_bands[p->n_rd_bands - 1].revenue_up_to;
		if (last_open || not_rising)
			param_fail(r, b, "bands must rise, and only the last may leave out revenue-up-to%s%s", "", "");
		p->n_rd_bands++;
	}
	if (!param_failed(r) && (p->n_rd_bands == 0 || p->rd_bands[p->n_rd_bands - 1].revenue_up_to >= 0))
		param_fail(r, n, "the last <band> must have no revenue-up-to (it covers every larger revenue)%s%s", "",
			   "");
}

#define AT(f) offsetof(struct zjb_params, f)

static const struct param_element ELEMENTS[] = {
	{ "grades", 0, read_grades, 0, 0, 0, NULL },
	{ "reward", 0, param_money_attr, AT(reward), 0, 0, "amount" },
	{ "rd-intensity", 0, read_rd_intensity, 0, 0, 0, NULL },
	{ "bans", 0, param_int_attr, AT(ban_years), 1, 99, "years" },
	{ NULL, 0, NULL, 0, 0, 0, NULL },
};

/* The decision date starts bans and dates the grade list. */
static const char *const CALL_REQUIRES[] = { "decided", NULL };

const struct param_spec ZJB_PARAMS = { ELEMENTS, sizeof(struct zjb_params), init, CALL_REQUIRES, NULL };
