/* params.c: shanxi-coop's programme.xml — its elements and the 2024
 * call's values as defaults (申报通知; rules.md §1). */
#include <libxml/tree.h>
#include <stddef.h>
#include <string.h>

#include "date.h"
#include "fields.h"
#include "model.h"
#include "programmes/common.h"

static const char *const CATEGORY_CODES[CAT_COUNT] = { "BR", "KC", "BASE", "REG", "AID" };
static const char *const CATEGORY_NAMES[CAT_COUNT] = {
	"“一带一路”科技合作项目", "重点国别科技合作项目", "国际合作基地与平台项目", "区域合作项目", "科技援助合作项目",
};

const char *sxc_category_code(enum sxc_category c)
{
	return CATEGORY_CODES[c];
}

const char *sxc_category_name(enum sxc_category c)
{
	return CATEGORY_NAMES[c];
}

/* The seed's lists (申报通知 一、2 for key countries; the Belt-and-Road
 * list is data.md's example, a parameter since the notice names none). */
static const char *const KEY_COUNTRIES[] = { "美国",   "英国", "德国", "法国",   "日本",    "韩国",
					     "以色列", "瑞典", "芬兰", "加拿大", "澳大利亚" };
static const char *const BNR_COUNTRIES[] = { "俄罗斯",   "哈萨克斯坦", "巴基斯坦",   "泰国",     "越南",
					     "马来西亚", "印度尼西亚", "新加坡",     "白俄罗斯", "匈牙利",
					     "塞尔维亚", "埃及",       "沙特阿拉伯", "阿联酋",   "乌兹别克斯坦",
					     "蒙古",     "波兰",       "捷克",       "新西兰" };

static void init(void *params, const struct call *call)
{
	struct sxc_params *p = params;
	p->call = call;
	p->deadline_online = p->deadline_paper = DATETIME_NONE;
	date_from_ymd(2023, 1, 1, &p->registered_by);
	date_from_ymd(1967, 1, 1, &p->pi_born_from);
	date_from_ymd(2024, 5, 1, &p->novelty_after);
	p->budget = -1;
	p->walk = WALK_SKIP;
	p->review = REVIEW_DEFAULTS;
	p->publicity_working_days = 5;
	p->taskbook_deadline = DATE_NONE;
	for (int c = 0; c < CAT_COUNT; c++) {
		p->category[c].cap = c == CAT_AID ? 200000 : 400000;
		p->category[c].min_targets = c == CAT_AID ? 0 : 4;
	}
	p->key_countries = (const char **)KEY_COUNTRIES;
	p->n_key_countries = (int)(sizeof KEY_COUNTRIES / sizeof *KEY_COUNTRIES);
	p->bnr_countries = (const char **)BNR_COUNTRIES;
	p->n_bnr_countries = (int)(sizeof BNR_COUNTRIES / sizeof *BNR_COUNTRIES);
}

/* <deadline online="2024-12-30 17:30" paper="…"/> */
static void read_deadline(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			  void *params)
{
	(void)el, (void)call;
	static const char *const allowed[] = { "online", "paper", NULL };
	struct sxc_params *p = params;
	param_check_attrs(r, n, allowed);
	p->deadline_online = param_need_datetime(r, n, param_attr(r, n, "online"), "online");
	p->deadline_paper = param_need_datetime(r, n, param_attr(r, n, "paper"), "paper");
}

/* <category code="BR" cap="400000" min-targets="4"/> */
static void read_category(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			  void *params)
{
	(void)el, (void)call;
	static const char *const allowed[] = { "code", "cap", "min-targets", NULL };
	struct sxc_params *p = params;
	param_check_attrs(r, n, allowed);
	const char *code = param_attr(r, n, "code");
	int c = code ? match_enum(code, CATEGORY_CODES, CAT_COUNT) : -1;
	if (c < 0) {
		param_fail(r, n, "unknown category code '%s'%s", code ? code : "", "");
		return;
	}
	const char *v;
	if ((v = param_attr(r, n, "cap")))
		p->category[c].cap = param_need_money(r, n, v, "cap");
	if ((v = param_attr(r, n, "min-targets")))
		p->category[c].min_targets = param_need_int(r, n, v, "min-targets", 0, SXC_TARGETS);
}

/* Whitespace- or 、-separated list of names. */
static bool is_separator(const char *p)
{
	return *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || strncmp(p, "、", 3) == 0 ||
	       strncmp(p, "\xE3\x80\x80", 3) == 0;
}

static void split_names(struct arena *a, const char *s, const char ***out, int *n)
{
	char *copy = arena_strdup(a, s);
	int cap = 8, count = 0;
	const char **items = arena_alloc(a, (size_t)cap * sizeof *items);
	char *p = copy;
	for (;;) {
		while (is_separator(p))
			p += (unsigned char)*p < 0x80 ? 1 : 3;
		if (!*p)
			break;
		char *start = p;
		while (*p && !is_separator(p))
			p++;
		char saved = *p;
		*p = '\0';
		if (count == cap) {
			const char **bigger = arena_alloc(a, (size_t)cap * 2 * sizeof *items);
			memcpy(bigger, items, (size_t)cap * sizeof *items);
			items = bigger;
			cap *= 2;
		}
		items[count++] = arena_strdup(a, start);
		*p = saved;
	}
	*out = items;
	*n = count;
}

/* <countries list="key|belt-and-road">美国、英国 …</countries> */
static void read_countries(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			   void *params)
{
	(void)el, (void)call;
	static const char *const allowed[] = { "list", NULL };
	struct sxc_params *p = params;
	param_check_attrs(r, n, allowed);
	const char *list = param_attr(r, n, "list");
	if (list && strcmp(list, "key") == 0)
		split_names(param_arena(r), param_text(r, n), &p->key_countries, &p->n_key_countries);
	else if (list && strcmp(list, "belt-and-road") == 0)
		split_names(param_arena(r), param_text(r, n), &p->bnr_countries, &p->n_bnr_countries);
	else
		param_fail(r, n, "list='%s' is neither 'key' nor 'belt-and-road'%s", list ? list : "", "");
}

#define AT(f) offsetof(struct sxc_params, f)

static const struct param_element ELEMENTS[] = {
	{ "deadline", PARAM_REQUIRED, read_deadline, 0, 0, 0, NULL },
	{ "budget", PARAM_REQUIRED, param_money, AT(budget), 0, 0, NULL },
	{ "publicity", PARAM_REQUIRED, common_read_publicity_working, AT(publicity_working_days), 0, 0, NULL },
	{ "funding", 0, common_read_walk, AT(walk), 0, 0, NULL },
	{ "review", 0, common_read_review, AT(review), 0, 0, NULL },
	{ "category", PARAM_REPEATABLE, read_category, 0, 0, 0, NULL },
	{ "countries", PARAM_REPEATABLE, read_countries, 0, 0, 0, NULL },
	{ "registered-by", 0, param_date, AT(registered_by), 0, 0, NULL },
	{ "pi-born-from", 0, param_date, AT(pi_born_from), 0, 0, NULL },
	{ "novelty-after", 0, param_date, AT(novelty_after), 0, 0, NULL },
	{ "taskbook-deadline", 0, param_date, AT(taskbook_deadline), 0, 0, NULL },
	{ NULL, 0, NULL, 0, 0, 0, NULL },
};

static const char *const CALL_REQUIRES[] = { "published", NULL };

const struct param_spec SXC_PARAMS = { ELEMENTS, sizeof(struct sxc_params), init, CALL_REQUIRES, NULL };
