/* ingest.c: shanxi-major batch files -> struct sxm_batch
 * (data-programmes.md, "shanxi-major"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "fields.h"
#include "ids.h"
#include "strmap.h"
#include "model.h"

static const char *const CLASS_NAMES[] = { "ENT|企业重大技术攻关类", "PUB|重大基础前沿与民生公益类" };
static const char *const STAGE_NAMES[] = { "论证", "评审", "现场考察", "验收会议" };
static const char *const CONCLUSION_NAMES[] = { "通过验收", "结题", "不通过验收" };

const char *sxm_class_code(enum sxm_class c)
{
	return c == SXM_ENT ? "ENT" : "PUB";
}

const char *sxm_class_name(enum sxm_class c)
{
	return c == SXM_ENT ? "企业重大技术攻关类" : "重大基础前沿与民生公益类";
}

const char *sxm_conclusion_name(enum sxm_conclusion c)
{
	return c < CONCL_NONE ? CONCLUSION_NAMES[c] : "";
}

enum { T_ID, T_TITLE, T_CLASS, T_DEMAND, T_DEMAND_USCC, T_AFFILIATES, T_TOTAL, T_REQUESTED, T_EXCEPTION, T_NCOLS };
static const struct csv_column TASK_COLUMNS[T_NCOLS] = {
	[T_ID] = { "task_id", "榜单编号", true },
	[T_TITLE] = { "title", "榜单名称", true },
	[T_CLASS] = { "class", "类别", true },
	[T_DEMAND] = { "demand_side", "需求方", true },
	[T_DEMAND_USCC] = { "demand_uscc", "需求方信用代码", false },
	[T_AFFILIATES] = { "demand_affiliates", "需求方关联单位", false },
	[T_TOTAL] = { "total_funds", "项目总经费", true },
	[T_REQUESTED] = { "requested_fiscal", "申请财政资金", true },
	[T_EXCEPTION] = { "exception_approved", "一事一议", false },
};
const struct csv_schema SXM_TASK_SCHEMA = { TASK_COLUMNS, T_NCOLS };

enum {
	B_ID,
	B_TASK,
	B_LEAD,
	B_LEAD_USCC,
	B_LEADER,
	B_LEADER_ID,
	B_TECH,
	B_TECH_ID,
	B_TASK_SHARE,
	B_FUND_SHARE,
	B_SUBMITTED,
	B_BANK,
	B_ACCOUNT,
	B_NCOLS
};
static const struct csv_column BID_COLUMNS[B_NCOLS] = {
	[B_ID] = { "id", "揭榜编号", true },
	[B_TASK] = { "task_id", "榜单编号", true },
	[B_LEAD] = { "lead_solver", "主揭榜方", true },
	[B_LEAD_USCC] = { "lead_uscc", "主揭榜方信用代码", true },
	[B_LEADER] = { "leader_name", "项目负责人", true },
	[B_LEADER_ID] = { "leader_id", "负责人身份证号", true },
	[B_TECH] = { "tech_lead_name", "技术挂帅人", false },
	[B_TECH_ID] = { "tech_lead_id", "技术挂帅人身份证号", false },
	[B_TASK_SHARE] = { "demand_task_share", "需求方任务占比", false },
	[B_FUND_SHARE] = { "demand_fund_share", "需求方经费占比", false },
	[B_SUBMITTED] = { "submitted", "提交时间", true },
	[B_BANK] = { "bank", "开户银行", false },
	[B_ACCOUNT] = { "bank_account", "银行账号", false },
};
const struct csv_schema SXM_BID_SCHEMA = { BID_COLUMNS, B_NCOLS };

enum { P_REF, P_STAGE, P_EXPERT, P_ROLE, P_RECOMMENDED, P_ON_SITE, P_NCOLS };
static const struct csv_column PANEL_COLUMNS[P_NCOLS] = {
	[P_REF] = { "task_id", "榜单编号", true },
	[P_STAGE] = { "stage", "阶段", true },
	[P_EXPERT] = { "expert", "专家编号", true },
	[P_ROLE] = { "role", "专家类型", true },
	[P_RECOMMENDED] = { "demand_recommended", "需求方推荐", false },
	[P_ON_SITE] = { "on_site_team", "参加现场考察", false },
};
const struct csv_schema SXM_PANEL_SCHEMA = { PANEL_COLUMNS, P_NCOLS };

enum {
	A_ID,
	A_END,
	A_APPLIED,
	A_CONCLUSION,
	A_RECEIVED,
	A_SPENT,
	A_TERMINATED,
	A_REVOKED,
	A_LEAD_USCC,
	A_LEADER_ID,
	A_LEAD,
	A_LEADER,
	A_APPROVED,
	A_REFUSED,
	A_FORCED,
	A_NCOLS
};
static const struct csv_column ACCEPT_COLUMNS[A_NCOLS] = {
	[A_ID] = { "id", "项目编号", true },
	[A_END] = { "end", "执行期结束", true },
	[A_APPLIED] = { "applied", "验收申请日期", true },
	[A_CONCLUSION] = { "conclusion", "验收结论", true },
	[A_RECEIVED] = { "fiscal_received", "已拨付财政资金", true },
	[A_SPENT] = { "fiscal_spent", "已使用财政资金", true },
	[A_TERMINATED] = { "terminated", "终止", false },
	[A_REVOKED] = { "revoked", "撤销", false },
	[A_LEAD_USCC] = { "lead_uscc", "主揭榜方信用代码", true },
	[A_LEADER_ID] = { "leader_id", "负责人身份证号", true },
	[A_LEAD] = { "lead_solver", "主揭榜方", false },
	[A_LEADER] = { "leader_name", "项目负责人", false },
	[A_APPROVED] = { "approved", "立项日期", false },
	[A_REFUSED] = { "refused_cooperation", "拒不配合验收", false },
	[A_FORCED] = { "forced", "强制终止", false },
};
const struct csv_schema SXM_ACCEPT_SCHEMA = { ACCEPT_COLUMNS, A_NCOLS };

/* grow(items, count, cap): room for one more. */
#define GROW(arr, n, cap, first)                                                \
	do {                                                                    \
		if ((n) == (cap)) {                                             \
			(cap) = (cap) ? (cap)*2 : (first);                      \
			(arr) = xrealloc((arr), (size_t)(cap) * sizeof *(arr)); \
		}                                                               \
	} while (0)

/* "a;b、c" -> a list of credit codes, each an identity cell (read upper
 * case; one that cannot be a code fails the row). */
static void split_codes(const char *s, struct sxm_task *t, struct binder *b, struct arena *a)
{
	int cap = 4;
	t->affiliates = arena_alloc(a, (size_t)cap * sizeof *t->affiliates);
	char *copy = arena_strdup(a, s);
	for (char *p = copy; *p;) {
		while (*p == ';' || *p == ',' || *p == ' ' || strncmp(p, "、", 3) == 0 || strncmp(p, "；", 3) == 0)
			p += (unsigned char)*p < 0x80 ? 1 : 3;
		if (!*p)
			break;
		char *start = p;
		while (*p && *p != ';' && *p != ',' && *p != ' ' && strncmp(p, "、", 3) != 0 &&
		       strncmp(p, "；", 3) != 0)
			p++;
		char saved = *p;
		*p = '\0';
		if (t->naffiliates == cap) {
			const char **bigger = arena_alloc(a, (size_t)cap * 2 * sizeof *bigger);
			memcpy(bigger, t->affiliates, (size_t)cap * sizeof *bigger);
			t->affiliates = bigger;
			cap *= 2;
		}
		char *code = arena_strdup(a, start), why[sizeof b->why];
		if (uscc_malformed(code, why, sizeof why))
			binder_fail(b, T_AFFILIATES, "%s", why);
		t->affiliates[t->naffiliates++] = code;
		*p = saved;
	}
}

void sxm_task_row(const struct csv_row *row, void *state)
{
	struct sxm_state *s = state;
	struct sxm_reading *in = &s->reading;
	struct binder b;
	binder_init(&b, row, &SXM_TASK_SCHEMA, s->arena);
	struct sxm_task t;
	memset(&t, 0, sizeof t);
	t.line = row->line;
	t.id = bind_text(&b, T_ID);
	if (!t.id[0])
		binder_fail(&b, T_ID, "empty, an id is required");
	t.title = bind_text(&b, T_TITLE);
	t.cls = (enum sxm_class)bind_enum(&b, T_CLASS, CLASS_NAMES, 2, -1);
	t.demand_side = bind_text(&b, T_DEMAND);
	t.demand_uscc = bind_uscc(&b, T_DEMAND_USCC);
	split_codes(bind_text(&b, T_AFFILIATES), &t, &b, s->arena);
	t.total_funds = bind_money(&b, T_TOTAL);
	t.requested_fiscal = bind_money(&b, T_REQUESTED);
	t.exception_approved = bind_bool(&b, T_EXCEPTION);
	if (b.bad_col < 0 && t.cls == SXM_ENT && !t.demand_uscc[0])
		binder_fail(&b, T_DEMAND_USCC, "empty, an enterprise demand side needs its credit code");
	if (b.bad_col < 0 && strmap_get(&in->task_at, t.id))
		binder_fail(&b, T_ID, "duplicate task id");
	if (binder_reject(&b, s->rejects))
		return;
	GROW(s->batch.tasks, s->batch.ntasks, in->cap_tasks, 16);
	strmap_put(&in->task_at, t.id, s->batch.ntasks);
	s->batch.tasks[s->batch.ntasks++] = t;
}

static int bind_share(struct binder *b, int col)
{
	const char *cell = b->row->cells[col];
	if (!cell || !*cell)
		return 0;
	char buf[32];
	size_t n = strlen(cell);
	if (n >= 1 && cell[n - 1] == '%')
		n--;
	int v = -1;
	if (n >= sizeof buf || (snprintf(buf, sizeof buf, "%.*s", (int)n, cell), !parse_score(buf, &v)))
		binder_fail(b, col, "not a percentage from 0 to 100 with at most 2 decimals");
	return v;
}

void sxm_bid_row(const struct csv_row *row, void *state)
{
	struct sxm_state *s = state;
	struct sxm_reading *in = &s->reading;
	struct binder b;
	binder_init(&b, row, &SXM_BID_SCHEMA, s->arena);
	struct sxm_bid x;
	memset(&x, 0, sizeof x);
	x.line = row->line;
	x.id = bind_text(&b, B_ID);
	if (!x.id[0])
		binder_fail(&b, B_ID, "empty, an id is required");
	x.task = bind_reference(&b, B_TASK, &in->task_at, s->rejects, &SXM_TASK_SCHEMA, "task",
				"no task with this id in tasks.csv");
	x.lead_solver = bind_text(&b, B_LEAD);
	x.lead_uscc = bind_uscc(&b, B_LEAD_USCC);
	x.leader_name = bind_text(&b, B_LEADER);
	x.leader_id = bind_person_id(&b, B_LEADER_ID);
	x.tech_lead_name = bind_text(&b, B_TECH);
	x.tech_lead_id = bind_person_id(&b, B_TECH_ID);
	x.demand_task_share = bind_share(&b, B_TASK_SHARE);
	x.demand_fund_share = bind_share(&b, B_FUND_SHARE);
	x.submitted = bind_datetime(&b, B_SUBMITTED);
	x.bank = bind_text(&b, B_BANK);
	x.bank_account = bind_bank_account(&b, B_ACCOUNT);
	if (b.bad_col < 0 && x.submitted == DATETIME_NONE)
		binder_fail(&b, B_SUBMITTED, "empty, the time of submission is required");
	if (b.bad_col < 0) {
		const int *first = strmap_get(&in->bid_lines, x.id);
		if (first)
			binder_fail(&b, B_ID, "duplicate id (first on line %d)", *first);
	}
	if (binder_reject(&b, s->rejects))
		return;
	GROW(s->batch.bids, s->batch.nbids, in->cap_bids, 64);
	strmap_put(&in->bid_at, x.id, s->batch.nbids);
	strmap_put(&in->bid_lines, x.id, (int)row->line);
	s->batch.bids[s->batch.nbids++] = x;
}

void sxm_member_row(const struct csv_row *row, void *state)
{
	static const char *const roles[] = { "技术|technical", "财务|financial" };
	struct sxm_state *s = state;
	struct sxm_reading *in = &s->reading;
	struct binder b;
	binder_init(&b, row, &SXM_PANEL_SCHEMA, &in->panel_arena);
	struct sxm_member m;
	memset(&m, 0, sizeof m);
	m.line = (int32_t)row->line;
	m.ref = bind_pooled_text(&b, P_REF, &in->panel_refs);
	int stage = bind_enum(&b, P_STAGE, STAGE_NAMES, 4, -1);
	m.stage = (unsigned char)stage;
	m.expert = bind_text(&b, P_EXPERT);
	if (!m.expert[0])
		binder_fail(&b, P_EXPERT, "empty, an expert id is required");
	m.technical = bind_enum(&b, P_ROLE, roles, 2, -1) == 0;
	m.demand_recommended = bind_bool(&b, P_RECOMMENDED);
	m.on_site_team = bind_bool(&b, P_ON_SITE);
	if (b.bad_col < 0 && stage <= STAGE_REVIEW)
		bind_reference(&b, P_REF, &in->task_at, s->rejects, &SXM_TASK_SCHEMA, "task",
			       "no task with this id in tasks.csv");
	if (binder_reject(&b, s->rejects))
		return;
	GROW(s->batch.members, s->batch.nmembers, in->cap_members, 64);
	s->batch.members[s->batch.nmembers++] = m;
}

void sxm_acceptance_row(const struct csv_row *row, void *state)
{
	struct sxm_state *s = state;
	struct sxm_reading *in = &s->reading;
	struct binder b;
	binder_init(&b, row, &SXM_ACCEPT_SCHEMA, s->arena);
	struct sxm_acceptance x;
	memset(&x, 0, sizeof x);
	x.line = row->line;
	x.id = bind_text(&b, A_ID);
	if (!x.id[0])
		binder_fail(&b, A_ID, "empty, an id is required");
	x.end = bind_date(&b, A_END);
	if (b.bad_col < 0 && x.end == DATE_NONE)
		binder_fail(&b, A_END, "empty, the end of the execution period is required");
	x.applied = bind_date(&b, A_APPLIED);
	x.conclusion = (enum sxm_conclusion)bind_enum(&b, A_CONCLUSION, CONCLUSION_NAMES, 3, CONCL_NONE);
	x.received = bind_money(&b, A_RECEIVED);
	x.spent = bind_money(&b, A_SPENT);
	x.terminated = bind_bool(&b, A_TERMINATED);
	x.revoked = bind_bool(&b, A_REVOKED);
	x.lead_uscc = bind_uscc(&b, A_LEAD_USCC);
	x.leader_id = bind_person_id(&b, A_LEADER_ID);
	x.lead_solver = bind_text(&b, A_LEAD);
	x.leader_name = bind_text(&b, A_LEADER);
	x.approved = bind_date(&b, A_APPROVED);
	x.refused_cooperation = bind_bool(&b, A_REFUSED);
	x.forced = bind_bool(&b, A_FORCED);
	if (x.forced && !x.terminated)
		binder_fail(&b, A_FORCED, "a forced termination (强制终止) of a project not marked terminated (终止)");
	if (b.bad_col < 0 && x.approved != DATE_NONE && x.approved > x.end) {
		char approved[32], end[32];
		date_format_iso(x.approved, approved);
		date_format_iso(x.end, end);
		binder_fail(&b, A_APPROVED, "approved (%s) after the end of the execution period (%s)", approved, end);
	}
	if (b.bad_col < 0) {
		const int *first = strmap_get(&in->project_lines, x.id);
		if (first)
			binder_fail(&b, A_ID, "duplicate id (first on line %d)", *first);
		else
			strmap_put(&in->project_lines, x.id, (int)row->line);
	}
	if (binder_reject(&b, s->rejects))
		return;
	GROW(s->batch.acceptances, s->batch.nacceptances, in->cap_acceptances, 16);
	s->batch.acceptances[s->batch.nacceptances++] = x;
}

void sxm_objection_row(const struct csv_row *row, void *state)
{
	objection_row(row, &((struct sxm_state *)state)->reading.objections);
}

void sxm_evaluation_row(const struct csv_row *row, void *state)
{
	evaluation_row(row, &((struct sxm_state *)state)->reading.evals);
}

void sxm_release_reading(struct sxm_state *s)
{
	struct sxm_reading *in = &s->reading;
	if (in->done)
		return;
	in->done = true;
	eval_reader_done(&in->evals);
	s->batch.evals = in->evals.items;
	s->batch.nevals = in->evals.count;
	strmap_free(&in->task_at);
	strmap_free(&in->bid_at);
	strmap_free(&in->bid_lines);
	strmap_free(&in->project_lines);
}

void sxm_release_panels(struct sxm_state *s)
{
	free(s->batch.members);
	s->batch.members = NULL;
	s->batch.nmembers = 0;
	s->reading.cap_members = 0;
	strmap_free(&s->reading.panel_refs);
	arena_free(&s->reading.panel_arena);
}

/* The members being sorted, for the comparator (qsort has no context). */
static const struct sxm_member *sorting;

static int by_ref_then_line(const void *a, const void *b)
{
	const struct sxm_member *x = &sorting[*(const int *)a], *y = &sorting[*(const int *)b];
	int c = x->ref == y->ref ? 0 : strcmp(x->ref, y->ref); /* refs are interned */
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Panel members by ref, in file order within one (lines are distinct in
 * panels.csv), so that the rules find a panel without a scan. Positions
 * are sorted and the rows then moved along each cycle of the permutation:
 * glibc's qsort would take a scratch copy of the rows themselves (29 MB
 * for the 1.2 million rows of 100,000 bids, at the run's peak). */
void sxm_read_done(void *state)
{
	struct sxm_state *s = state;
	struct sxm_member *m = s->batch.members;
	int n = s->batch.nmembers;
	int *order = xmalloc((size_t)(n + 1) * sizeof *order);
	for (int i = 0; i < n; i++)
		order[i] = i;
	sorting = m;
	qsort(order, (size_t)n, sizeof *order, by_ref_then_line);
	sorting = NULL;
	/* m[i] becomes m[order[i]]; a placed position is marked -1. */
	for (int i = 0; i < n; i++) {
		if (order[i] < 0)
			continue;
		struct sxm_member first = m[i];
		int j = i;
		while (order[j] != i) {
			int k = order[j];
			m[j] = m[k];
			order[j] = -1;
			j = k;
		}
		m[j] = first;
		order[j] = -1;
	}
	free(order);
	sxm_release_reading(state);
}

void sxm_batch_free(struct sxm_batch *batch)
{
	free(batch->tasks);
	free(batch->bids);
	free(batch->evals);
	free(batch->members);
	free(batch->acceptances);
	objections_free(&batch->objections);
	memset(batch, 0, sizeof *batch);
}
