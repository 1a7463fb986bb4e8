#include "programme.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "fields.h"
#include "money.h"
#include "utf8.h"

static const char *const CATEGORY_CODES[CAT_COUNT] = { "BR", "KC", "BASE", "REG", "AID" };
static const char *const CATEGORY_NAMES[CAT_COUNT] = {
	"“一带一路”科技合作项目", "重点国别科技合作项目", "国际合作基地与平台项目",
	"区域合作项目", "科技援助合作项目",
};

const char *coop_category_code(enum coop_category c)
{
	return CATEGORY_CODES[c];
}

const char *coop_category_name(enum coop_category c)
{
	return CATEGORY_NAMES[c];
}

/* The seed's lists (申报通知 一、2 for key countries; the Belt-and-Road
 * list is data.md's example, a parameter since the notice names none). */
static const char *const KEY_COUNTRIES[] = { "美国", "英国", "德国", "法国", "日本", "韩国",
					     "以色列", "瑞典", "芬兰", "加拿大", "澳大利亚" };
static const char *const BNR_COUNTRIES[] = { "俄罗斯", "哈萨克斯坦", "巴基斯坦", "泰国", "越南",
					     "马来西亚", "印度尼西亚", "新加坡", "白俄罗斯", "匈牙利",
					     "塞尔维亚", "埃及", "沙特阿拉伯", "阿联酋", "乌兹别克斯坦",
					     "蒙古", "波兰", "捷克", "新西兰" };

struct loader {
	const char *name;
	struct programme *p;
	struct arena *arena;
	struct strbuf *err;
	bool failed;
};

static void set_defaults(struct programme *p)
{
	memset(p, 0, sizeof *p);
	p->published = p->registered_by = p->pi_born_from = p->novelty_after = DATE_NONE;
	p->publicity_start = p->decided = p->taskbook_deadline = DATE_NONE;
	p->deadline_online = p->deadline_paper = DATETIME_NONE;
	p->budget = -1;
	date_from_ymd(2023, 1, 1, &p->registered_by);
	date_from_ymd(1967, 1, 1, &p->pi_born_from);
	date_from_ymd(2024, 5, 1, &p->novelty_after);
	p->walk = WALK_SKIP;
	p->min_experts = 5;
	p->pass_score = 6000;
	p->method = REVIEW_TRIMMED_MEAN;
	p->publicity_working_days = 5;
	p->disbursement_batch = "第1批";
	for (int c = 0; c < CAT_COUNT; c++) {
		p->category[c].cap = c == CAT_AID ? 200000 : 400000;
		p->category[c].min_targets = c == CAT_AID ? 0 : 4;
	}
	for (int k = 0; k < SZI_CATEGORIES; k++)
		p->szi_category[k] = (struct szi_category_params){ k == SZI_GOV ? 3000000 : 1000000, 50 };
	p->publicity_days = 10;
	p->average_support = -1;
	p->ratio_cap_percent = 30;
	p->posting = DATE_NONE;
	p->proposal_deadline = DATETIME_NONE;
	p->argument_min = 7, p->review_technical_min = 9, p->review_financial_min = 3;
	p->site_min = 5, p->meeting_min = 7;
	p->execution_months = 36;
	p->excellent_from = 9000;
	p->pass_from = 6000;
	p->reward = 200000;
	p->rd_bands[0] = (struct rd_band){ 50000000, 500 };
	p->rd_bands[1] = (struct rd_band){ 200000000, 400 };
	p->rd_bands[2] = (struct rd_band){ -1, 300 };
	p->n_rd_bands = 3;
	p->key_countries = (const char **)KEY_COUNTRIES;
	p->n_key_countries = (int)(sizeof KEY_COUNTRIES / sizeof *KEY_COUNTRIES);
	p->bnr_countries = (const char **)BNR_COUNTRIES;
	p->n_bnr_countries = (int)(sizeof BNR_COUNTRIES / sizeof *BNR_COUNTRIES);
}

static void fail(struct loader *l, const xmlNode *n, const char *fmt, const char *a, const char *b)
{
	if (l->failed)
		return;
	l->failed = true;
	sb_printf(l->err, "%s:%ld: <%s>: ", l->name, n ? xmlGetLineNo(n) : 0L,
		  n ? (const char *)n->name : "?");
	sb_printf(l->err, fmt, a, b);
}

/* Attribute value trimmed, arena copy; NULL if absent. */
static const char *attr(struct loader *l, const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = arena_strdup(l->arena, (const char *)v);
	xmlFree(v);
	return utf8_trim(s);
}

static const char *text_of(struct loader *l, const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = arena_strdup(l->arena, v ? (const char *)v : "");
	xmlFree(v);
	return utf8_trim(s);
}

/* Every attribute of n must be one of allowed (NULL-terminated). */
static void check_attrs(struct loader *l, const xmlNode *n, const char *const *allowed)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		bool ok = false;
		for (const char *const *k = allowed; *k; k++)
			ok = ok || strcmp((const char *)a->name, *k) == 0;
		if (!ok)
			fail(l, n, "unknown attribute '%s'%s", (const char *)a->name, "");
	}
}

static int32_t need_date(struct loader *l, const xmlNode *n, const char *s, const char *what)
{
	int32_t d = DATE_NONE;
	if (!s)
		fail(l, n, "missing %s%s", what, "");
	else if (!date_parse(s, &d))
		fail(l, n, "'%s' is not a valid date (%s)", s, what);
	return d;
}

static int64_t need_datetime(struct loader *l, const xmlNode *n, const char *s, const char *what)
{
	int64_t t = DATETIME_NONE;
	if (!s)
		fail(l, n, "missing attribute '%s'%s", what, "");
	else if (!datetime_parse(s, &t))
		fail(l, n, "'%s' is not a valid date and time (%s)", s, what);
	return t;
}

static int64_t need_money(struct loader *l, const xmlNode *n, const char *s, const char *what)
{
	int64_t v = -1;
	const char *why = "";
	if (!s)
		fail(l, n, "missing %s%s", what, "");
	else if (!money_parse(s, &v, &why))
		fail(l, n, "'%s' is not an amount (%s)", s, why);
	return v;
}

static int need_int(struct loader *l, const xmlNode *n, const char *s, const char *what,
		    int min, int max)
{
	if (!s) {
		fail(l, n, "missing %s%s", what, "");
		return 0;
	}
	long v = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9' && v <= max; p++)
		v = v * 10 + (*p - '0');
	if (!*s || *p || v < min || v > max) {
		fail(l, n, "'%s' is not a valid %s", s, what);
		return 0;
	}
	return (int)v;
}

/* Whitespace- or 、-separated list of names. */
static void split_names(struct loader *l, const char *s, const char ***out, int *n)
{
	char *copy = arena_strdup(l->arena, s);
	int cap = 8, count = 0;
	const char **items = arena_alloc(l->arena, (size_t)cap * sizeof *items);
	char *p = copy;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		       strncmp(p, "、", 3) == 0 || strncmp(p, "\xE3\x80\x80", 3) == 0)
			p += (unsigned char)*p < 0x80 ? 1 : 3;
		if (!*p)
			break;
		char *start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
		       strncmp(p, "、", 3) != 0 && strncmp(p, "\xE3\x80\x80", 3) != 0)
			p++;
		char saved = *p;
		*p = '\0';
		if (count == cap) {
			const char **bigger = arena_alloc(l->arena, (size_t)cap * 2 * sizeof *items);
			memcpy(bigger, items, (size_t)cap * sizeof *items);
			items = bigger;
			cap *= 2;
		}
		items[count++] = arena_strdup(l->arena, start);
		*p = saved;
	}
	*out = items;
	*n = count;
}

/* ---- one handler per element ---- */

struct seen {
	bool authority, title, published, deadline, budget, publicity;
};

static void el_doc_number(struct loader *l, const xmlNode *n)
{
	static const char *const allowed[] = { "prefix", "year", "seq", NULL };
	check_attrs(l, n, allowed);
	l->p->doc_prefix = attr(l, n, "prefix");
	if (!l->p->doc_prefix || !*l->p->doc_prefix)
		fail(l, n, "missing attribute 'prefix'%s%s", "", "");
	l->p->doc_year = need_int(l, n, attr(l, n, "year"), "year", 1900, 2999);
	l->p->doc_seq = need_int(l, n, attr(l, n, "seq"), "sequence number", 1, 99999);
}

static void el_deadline(struct loader *l, const xmlNode *n)
{
	static const char *const allowed[] = { "online", "paper", NULL };
	check_attrs(l, n, allowed);
	l->p->deadline_online = need_datetime(l, n, attr(l, n, "online"), "online");
	l->p->deadline_paper = need_datetime(l, n, attr(l, n, "paper"), "paper");
}

static void el_funding(struct loader *l, const xmlNode *n)
{
	static const char *const allowed[] = { "walk", NULL };
	check_attrs(l, n, allowed);
	const char *walk = attr(l, n, "walk");
	if (!walk || strcmp(walk, "skip") == 0)
		l->p->walk = WALK_SKIP;
	else if (strcmp(walk, "stop") == 0)
		l->p->walk = WALK_STOP;
	else
		fail(l, n, "walk='%s' is neither 'skip' nor 'stop'%s", walk, "");
}

static void el_review(struct loader *l, const xmlNode *n)
{
	static const char *const allowed[] = { "min-experts", "pass-score", "method", NULL };
	check_attrs(l, n, allowed);
	const char *v;
	if ((v = attr(l, n, "min-experts")))
		l->p->min_experts = need_int(l, n, v, "min-experts", 1, 1000);
	if ((v = attr(l, n, "pass-score")) && !parse_score(v, &l->p->pass_score))
		fail(l, n, "pass-score='%s' is not a score from 0 to 100%s", v, "");
	if ((v = attr(l, n, "method"))) {
		if (strcmp(v, "trimmed-mean") == 0)
			l->p->method = REVIEW_TRIMMED_MEAN;
		else if (strcmp(v, "mean") == 0)
			l->p->method = REVIEW_MEAN;
		else
			fail(l, n, "method='%s' is neither 'trimmed-mean' nor 'mean'%s", v, "");
	}
}

static void el_publicity(struct loader *l, const xmlNode *n)
{
	static const char *const working[] = { "start", "working-days", NULL };
	static const char *const calendar[] = { "start", "days", NULL };
	bool szi = l->p->kind == KIND_SHENZHEN_INTL;
	check_attrs(l, n, szi ? calendar : working);
	l->p->publicity_start = need_date(l, n, attr(l, n, "start"), "attribute 'start'");
	const char *v = attr(l, n, szi ? "days" : "working-days");
	if (v && !szi)
		l->p->publicity_working_days = need_int(l, n, v, "number of working days", 1, 365);
	if (v && szi)
		l->p->publicity_days = need_int(l, n, v, "number of days", 1, 365);
	/* 第十二条: 公示期10日. */
	if (szi && !l->failed && l->p->publicity_days < 10)
		fail(l, n, "days='%s': the publicity must last at least 10 days (第十二条)%s", v, "");
}

/* <category code="GOV" cap="3000000" percent="50"/> */
static void el_szi_category(struct loader *l, const xmlNode *n)
{
	static const char *const allowed[] = { "code", "cap", "percent", NULL };
	static const char *const codes[SZI_CATEGORIES] = { "GOV", "IND", "ACT", "PER" };
	check_attrs(l, n, allowed);
	const char *code = attr(l, n, "code");
	int c = code ? match_enum(code, codes, SZI_CATEGORIES) : -1;
	if (c < 0) {
		fail(l, n, "unknown category code '%s' (GOV, IND, ACT, PER)%s", code ? code : "", "");
		return;
	}
	const char *v;
	if ((v = attr(l, n, "cap")))
		l->p->szi_category[c].cap = need_money(l, n, v, "cap");
	if ((v = attr(l, n, "percent")))
		l->p->szi_category[c].percent = need_int(l, n, v, "percent", 1, 100);
}

static void el_szi_category(struct loader *l, const xmlNode *n);

static void el_category(struct loader *l, const xmlNode *n)
{
	if (l->p->kind == KIND_SHENZHEN_INTL) {
		el_szi_category(l, n);
		return;
	}
	static const char *const allowed[] = { "code", "cap", "min-targets", NULL };
	check_attrs(l, n, allowed);
	const char *code = attr(l, n, "code");
	int c = code ? match_enum(code, CATEGORY_CODES, CAT_COUNT) : -1;
	if (c < 0) {
		fail(l, n, "unknown category code '%s'%s", code ? code : "", "");
		return;
	}
	const char *v;
	if ((v = attr(l, n, "cap")))
		l->p->category[c].cap = need_money(l, n, v, "cap");
	if ((v = attr(l, n, "min-targets")))
		l->p->category[c].min_targets = need_int(l, n, v, "min-targets", 0, 6);
}

static void el_countries(struct loader *l, const xmlNode *n)
{
	static const char *const allowed[] = { "list", NULL };
	check_attrs(l, n, allowed);
	const char *list = attr(l, n, "list");
	if (list && strcmp(list, "key") == 0)
		split_names(l, text_of(l, n), &l->p->key_countries, &l->p->n_key_countries);
	else if (list && strcmp(list, "belt-and-road") == 0)
		split_names(l, text_of(l, n), &l->p->bnr_countries, &l->p->n_bnr_countries);
	else
		fail(l, n, "list='%s' is neither 'key' nor 'belt-and-road'%s", list ? list : "", "");
}

static void el_contact(struct loader *l, const xmlNode *n)
{
	static const char *const allowed[] = { "name", "phone", NULL };
	check_attrs(l, n, allowed);
	l->p->contact_name = attr(l, n, "name");
	l->p->contact_phone = attr(l, n, "phone");
}

static void el_grades(struct loader *l, const xmlNode *n)
{
	static const char *const allowed[] = { "excellent-from", "pass-from", NULL };
	check_attrs(l, n, allowed);
	const char *v;
	if ((v = attr(l, n, "excellent-from")) && !parse_score(v, &l->p->excellent_from))
		fail(l, n, "excellent-from='%s' is not a score from 0 to 100%s", v, "");
	if ((v = attr(l, n, "pass-from")) && !parse_score(v, &l->p->pass_from))
		fail(l, n, "pass-from='%s' is not a score from 0 to 100%s", v, "");
	if (l->p->pass_from > l->p->excellent_from)
		fail(l, n, "pass-from is above excellent-from%s%s", "", "");
}

static void el_reward(struct loader *l, const xmlNode *n)
{
	static const char *const allowed[] = { "amount", NULL };
	check_attrs(l, n, allowed);
	l->p->reward = need_money(l, n, attr(l, n, "amount"), "attribute 'amount'");
}

/* <rd-intensity><band revenue-up-to="50000000" percent="5"/> … <band percent="3"/>:
 * bands in rising order, the last without an upper bound. */
static void el_rd_intensity(struct loader *l, const xmlNode *n)
{
	static const char *const none[] = { NULL };
	static const char *const allowed[] = { "revenue-up-to", "percent", NULL };
	check_attrs(l, n, none);
	struct programme *p = l->p;
	p->n_rd_bands = 0;
	for (const xmlNode *b = n->children; b && !l->failed; b = b->next) {
		if (b->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)b->name, "band") != 0 || p->n_rd_bands == RD_BANDS_MAX) {
			fail(l, b, "expected at most %s <band> elements%s", "8", "");
			return;
		}
		check_attrs(l, b, allowed);
		struct rd_band *band = &p->rd_bands[p->n_rd_bands];
		const char *up = attr(l, b, "revenue-up-to"), *pc = attr(l, b, "percent");
		band->revenue_up_to = up ? need_money(l, b, up, "revenue-up-to") : -1;
		if (!pc || !parse_score(pc, &band->percent))
			fail(l, b, "percent='%s' is not a percentage from 0 to 100%s", pc ? pc : "", "");
		bool last_open = p->n_rd_bands > 0 && p->rd_bands[p->n_rd_bands - 1].revenue_up_to < 0;
		bool not_rising = p->n_rd_bands > 0 && band->revenue_up_to >= 0 &&
				  band->revenue_up_to <= p->rd_bands[p->n_rd_bands - 1].revenue_up_to;
		if (last_open || not_rising)
			fail(l, b, "bands must rise, and only the last may leave out revenue-up-to%s%s", "", "");
		p->n_rd_bands++;
	}
	if (!l->failed && (p->n_rd_bands == 0 || p->rd_bands[p->n_rd_bands - 1].revenue_up_to >= 0))
		fail(l, n, "the last <band> must have no revenue-up-to (it covers every larger revenue)%s%s", "", "");
}

int programme_rd_standard(const struct programme *p, int64_t revenue)
{
	for (int i = 0; i < p->n_rd_bands; i++)
		if (p->rd_bands[i].revenue_up_to < 0 || revenue <= p->rd_bands[i].revenue_up_to)
			return p->rd_bands[i].percent;
	return p->n_rd_bands ? p->rd_bands[p->n_rd_bands - 1].percent : 0;
}

static void el_panels(struct loader *l, const xmlNode *n)
{
	static const char *const allowed[] = { "argument-min", "review-technical-min", "review-financial-min",
					       "site-min", "meeting-min", NULL };
	int *fields[] = { &l->p->argument_min, &l->p->review_technical_min, &l->p->review_financial_min,
			  &l->p->site_min, &l->p->meeting_min };
	check_attrs(l, n, allowed);
	for (int i = 0; allowed[i]; i++) {
		const char *v = attr(l, n, allowed[i]);
		if (v)
			*fields[i] = need_int(l, n, v, allowed[i], 1, 1000);
	}
}

static void el_major(struct loader *l, const xmlNode *n, const char *name)
{
	static const char *const none[] = { NULL };
	struct programme *p = l->p;
	if (strcmp(name, "ratio-cap") == 0) {
		static const char *const allowed[] = { "percent", NULL };
		check_attrs(l, n, allowed);
		p->ratio_cap_percent = need_int(l, n, attr(l, n, "percent"), "percent", 1, 100);
	} else if (strcmp(name, "posting") == 0) {
		static const char *const allowed[] = { "date", NULL };
		check_attrs(l, n, allowed);
		p->posting = need_date(l, n, attr(l, n, "date"), "attribute 'date'");
	} else if (strcmp(name, "execution") == 0) {
		static const char *const allowed[] = { "months", NULL };
		check_attrs(l, n, allowed);
		p->execution_months = need_int(l, n, attr(l, n, "months"), "months", 1, 240);
	} else if (strcmp(name, "panels") == 0) {
		el_panels(l, n);
	} else {
		check_attrs(l, n, none);
		const char *t = text_of(l, n);
		if (strcmp(name, "average-support") == 0)
			p->average_support = need_money(l, n, t, "average-support");
		else
			p->proposal_deadline = need_datetime(l, n, t, "proposal-deadline");
	}
}

static bool major_element(const char *name)
{
	static const char *const names[] = { "ratio-cap", "posting", "execution", "panels", "average-support",
					      "proposal-deadline", NULL };
	for (int i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* Elements that belong to one kind of programme only. */
static bool element_fits_kind(const char *name, enum programme_kind kind)
{
	if (major_element(name))
		return kind == KIND_SHANXI_MAJOR;
	static const char *const coop_only[] = { "deadline", "funding", "review", "category", "countries",
						 "registered-by", "pi-born-from", "novelty-after",
						 "taskbook-deadline", "budget", NULL };
	static const char *const base_only[] = { "grades", "reward", "rd-intensity", NULL };
	static const char *const not_szi[] = { "grades", "reward", "rd-intensity", "deadline", "countries",
					       "registered-by", "pi-born-from", "novelty-after",
					       "taskbook-deadline", NULL };
	static const char *const not_sxm[] = { "grades", "reward", "rd-intensity", "deadline", "countries",
					       "registered-by", "pi-born-from", "novelty-after", "taskbook-deadline",
					       "category", "funding", NULL };
	const char *const *list = kind == KIND_ZHEJIANG_BASE ? coop_only : kind == KIND_SHENZHEN_INTL ? not_szi
				  : kind == KIND_SHANXI_MAJOR ? not_sxm : base_only;
	for (int i = 0; list[i]; i++)
		if (strcmp(name, list[i]) == 0)
			return false;
	return true;
}

static void element(struct loader *l, const xmlNode *n, struct seen *seen)
{
	static const char *const none[] = { NULL };
	const char *name = (const char *)n->name;
	struct programme *p = l->p;
	if (!element_fits_kind(name, p->kind))
		fail(l, n, "not a parameter of a %s programme%s", p->kind_name, "");
	else if (major_element(name))
		el_major(l, n, name);
	else if (strcmp(name, "grades") == 0)
		el_grades(l, n);
	else if (strcmp(name, "reward") == 0)
		el_reward(l, n);
	else if (strcmp(name, "rd-intensity") == 0)
		el_rd_intensity(l, n);
	else if (strcmp(name, "doc-number") == 0)
		el_doc_number(l, n);
	else if (strcmp(name, "deadline") == 0)
		el_deadline(l, n), seen->deadline = true;
	else if (strcmp(name, "funding") == 0)
		el_funding(l, n);
	else if (strcmp(name, "review") == 0)
		el_review(l, n);
	else if (strcmp(name, "publicity") == 0)
		el_publicity(l, n), seen->publicity = true;
	else if (strcmp(name, "category") == 0)
		el_category(l, n);
	else if (strcmp(name, "countries") == 0)
		el_countries(l, n);
	else if (strcmp(name, "contact") == 0)
		el_contact(l, n);
	else {
		check_attrs(l, n, none);
		const char *t = text_of(l, n);
		if (strcmp(name, "authority") == 0)
			p->authority = t, seen->authority = true;
		else if (strcmp(name, "office") == 0)
			p->office = t;
		else if (strcmp(name, "title") == 0)
			p->title = t, seen->title = true;
		else if (strcmp(name, "address") == 0)
			p->address = t;
		else if (strcmp(name, "published") == 0)
			p->published = need_date(l, n, t, "published"), seen->published = true;
		else if (strcmp(name, "registered-by") == 0)
			p->registered_by = need_date(l, n, t, "registered-by");
		else if (strcmp(name, "pi-born-from") == 0)
			p->pi_born_from = need_date(l, n, t, "pi-born-from");
		else if (strcmp(name, "novelty-after") == 0)
			p->novelty_after = need_date(l, n, t, "novelty-after");
		else if (strcmp(name, "disbursement-batch") == 0)
			p->disbursement_batch = t;
		else if (strcmp(name, "taskbook-deadline") == 0)
			p->taskbook_deadline = need_date(l, n, t, "taskbook-deadline");
		else if (strcmp(name, "decided") == 0)
			p->decided = need_date(l, n, t, "decided");
		else if (strcmp(name, "budget") == 0)
			p->budget = need_money(l, n, t, "budget"), seen->budget = true;
		else
			fail(l, n, "unknown element%s%s", "", "");
	}
}

static void root(struct loader *l, const xmlNode *r)
{
	static const char *const allowed[] = { "kind", "year", NULL };
	if (strcmp((const char *)r->name, "programme") != 0) {
		fail(l, r, "the root element must be <programme>%s%s", "", "");
		return;
	}
	check_attrs(l, r, allowed);
	const char *kind = attr(l, r, "kind");
	static const char *const kinds[] = { "shanxi-coop", "shanxi-major", "shenzhen-intl", "zhejiang-base" };
	int k = kind ? match_enum(kind, kinds, 4) : -1;
	if (k < 0) {
		fail(l, r, "unknown programme kind '%s' (shanxi-coop, shanxi-major, shenzhen-intl, zhejiang-base)%s",
		     kind ? kind : "", "");
		return;
	}
	l->p->kind = (enum programme_kind)k;
	l->p->kind_name = kinds[k];
	l->p->year = need_int(l, r, attr(l, r, "year"), "year", 1900, 2999);
	struct seen seen = { 0 };
	for (const xmlNode *n = r->children; n && !l->failed; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			element(l, n, &seen);
	const char *missing;
	if (l->p->kind == KIND_ZHEJIANG_BASE)
		/* The decision date starts bans and dates the grade list. */
		missing = !seen.authority ? "authority" : !seen.title ? "title"
			  : l->p->decided == DATE_NONE ? "decided" : NULL;
	else if (l->p->kind == KIND_SHANXI_MAJOR)
		missing = !seen.authority ? "authority" : !seen.title ? "title"
			  : !seen.budget ? "budget" : l->p->posting == DATE_NONE ? "posting"
			  : l->p->proposal_deadline == DATETIME_NONE ? "proposal-deadline"
			  : !seen.publicity ? "publicity" : NULL;
	else if (l->p->kind == KIND_SHENZHEN_INTL)
		missing = !seen.authority ? "authority" : !seen.title ? "title"
			  : !seen.budget ? "budget" : !seen.publicity ? "publicity" : NULL;
	else
		missing = !seen.authority ? "authority" : !seen.title ? "title"
			  : !seen.published ? "published" : !seen.deadline ? "deadline"
			  : !seen.budget ? "budget" : !seen.publicity ? "publicity" : NULL;
	if (missing)
		fail(l, r, "required element <%s> is missing%s", missing, "");
}

static void xml_error(void *ctx, const xmlError *e)
{
	struct loader *l = ctx;
	if (l->failed || e->level < XML_ERR_ERROR)
		return;
	l->failed = true;
	char msg[256];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
	msg[strcspn(msg, "\n")] = '\0';
	sb_printf(l->err, "%s:%d: %s", l->name, e->line, msg);
}

bool programme_parse(const char *xml, size_t len, const char *name,
		     struct programme *p, struct arena *arena, struct strbuf *err)
{
	struct loader l = { name, p, arena, err, false };
	set_defaults(p);
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		sb_printf(err, "%s: cannot create XML parser", name);
		return false;
	}
	xmlSetStructuredErrorFunc(&l, (xmlStructuredErrorFunc)xml_error);
	/* No network, no DTD loading, no entity substitution. */
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, xml, (int)len, name, NULL,
					  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc && !l.failed)
		sb_printf(err, "%s: not a well-formed XML document", name), l.failed = true;
	/* A DOCTYPE could declare entities (a billion laughs, external files)
	 * that reading element content would expand: none is accepted. */
	if (doc && !l.failed && (doc->intSubset || doc->extSubset)) {
		sb_printf(err, "%s: a DOCTYPE declaration is not allowed", name);
		l.failed = true;
	}
	if (doc && !l.failed)
		root(&l, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return !l.failed;
}

bool programme_from_node(const xmlNode *node, const char *name, struct programme *p,
			 struct arena *arena, struct strbuf *err)
{
	struct loader l = { name, p, arena, err, false };
	set_defaults(p);
	root(&l, node);
	return !l.failed;
}

bool programme_load(const char *path, const char *name, struct programme *p,
		    struct arena *arena, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	bool ok = false;
	if (!sb_read_file(&sb, path, 1 << 20))
		sb_printf(err, "%s: %s", name, errno == EFBIG ? "larger than 1 MiB" : strerror(errno));
	else
		ok = programme_parse(sb_str(&sb), sb.len, name, p, arena, err);
	sb_free(&sb);
	return ok;
}
