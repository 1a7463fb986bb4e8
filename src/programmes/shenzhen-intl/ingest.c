/* ingest.c: shenzhen-intl batch files -> struct szi_batch
 * (data-programmes.md, "shenzhen-intl"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "fields.h"
#include "money.h"
#include "strmap.h"
#include "model.h"

static const char *const CATEGORY_NAMES[SZI_CATEGORIES] = {
	"GOV|政府间合作项目",
	"IND|自主合作项目",
	"ACT|活动交流项目",
	"PER|人员交流项目",
};
static const char *const KIND_NAMES[] = { "企业", "高校|高等院校", "科研院所|科研机构", "其他" };
static const char *const IP_NAMES[] = { "共有|双方共有", "中方|中方所有", "外方|外方所有" };
static const char *const TITLE_NAMES[XT_TITLES] = {
	"博士", "副教授", "教授", "副研究员", "研究员", "高级工程师", "正高级工程师", "教授级高级工程师", "其他",
};

const char *szi_category_code(enum szi_category c)
{
	static const char *const codes[SZI_CATEGORIES] = { "GOV", "IND", "ACT", "PER" };
	return codes[c];
}

const char *szi_category_name(enum szi_category c)
{
	static const char *const names[SZI_CATEGORIES] = { "政府间合作项目", "自主合作项目", "活动交流项目",
							   "人员交流项目" };
	return names[c];
}

const char *szi_title_name(enum szi_title t)
{
	return TITLE_NAMES[t];
}

enum {
	A_ID,
	A_CATEGORY,
	A_TITLE,
	A_APPLICANT,
	A_USCC,
	A_KIND,
	A_SHENSHAN,
	A_PI_NAME,
	A_PI_ID,
	A_RD,
	A_AUDITED,
	A_PARTNER_APPLIED,
	A_CONSISTENT,
	A_ENTERPRISE,
	A_JOINT_LAB,
	A_AGREEMENT,
	A_IP,
	A_HOST,
	A_IN_SZ,
	A_PARTICIPANTS,
	A_FOREIGN,
	A_FA,
	A_SUBMITTED,
	A_COMMISSIONED,
	A_BANK,
	A_ACCOUNT,
	A_NCOLS
};

static const struct csv_column APP_COLUMNS[A_NCOLS] = {
	[A_ID] = { "id", "申请编号", true },
	[A_CATEGORY] = { "category", "项目类别", true },
	[A_TITLE] = { "title", "项目名称", true },
	[A_APPLICANT] = { "applicant", "申请单位", true },
	[A_USCC] = { "applicant_uscc", "统一社会信用代码", true },
	[A_KIND] = { "applicant_kind", "单位性质", true },
	[A_SHENSHAN] = { "in_shenshan", "深汕合作区注册", false },
	[A_PI_NAME] = { "pi_name", "项目负责人", true },
	[A_PI_ID] = { "pi_id", "负责人身份证号", true },
	[A_RD] = { "cn_rd_input", "中方研发投入", false },
	[A_AUDITED] = { "audited_cost", "审计后合理费用", false },
	[A_PARTNER_APPLIED] = { "partner_applied", "外方已向其主管部门申报", false },
	[A_CONSISTENT] = { "content_consistent", "中外申报内容一致", false },
	[A_ENTERPRISE] = { "cn_enterprise", "中方含企业", false },
	[A_JOINT_LAB] = { "joint_lab", "深圳高校与境外高校联合实验室", false },
	[A_AGREEMENT] = { "agreement_signed", "合作协议已签署", false },
	[A_IP] = { "ip_owner", "成果归属", false },
	[A_HOST] = { "host_role", "主办或承办", false },
	[A_IN_SZ] = { "in_shenzhen", "在深圳举办", false },
	[A_PARTICIPANTS] = { "participants", "参会人数", false },
	[A_FOREIGN] = { "foreign_participants", "外宾人数", false },
	[A_FA] = { "fa_approved", "外事报批备案", false },
	[A_SUBMITTED] = { "submitted", "申请时间", true },
	[A_COMMISSIONED] = { "commissioned", "承担市政府及其部门委托", false },
	[A_BANK] = { "bank", "开户银行", false },
	[A_ACCOUNT] = { "bank_account", "银行账号", false },
};
const struct csv_schema SZI_APPLICATION_SCHEMA = { APP_COLUMNS, A_NCOLS };

enum { X_ID, X_EXPERT, X_TITLE, X_STAFF, X_FUNDED, X_TRAVEL, X_BOARD, X_FEE, X_VISIT_YEAR, X_NCOLS };
static const struct csv_column EXPERT_COLUMNS[X_NCOLS] = {
	[X_ID] = { "id", "申请编号", true },
	[X_EXPERT] = { "expert", "专家姓名", true },
	[X_TITLE] = { "degree_or_title", "学位职称", true },
	[X_STAFF] = { "applicant_staff", "申请单位人员", false },
	[X_FUNDED] = { "funded_elsewhere", "已获其他资助", false },
	[X_TRAVEL] = { "travel", "差旅费", false },
	[X_BOARD] = { "board", "食宿费", false },
	[X_FEE] = { "fee", "劳务费", false },
	[X_VISIT_YEAR] = { "visit_year", "来深年度", false },
};
const struct csv_schema SZI_EXPERT_SCHEMA = { EXPERT_COLUMNS, X_NCOLS };

enum {
	C_ID,
	C_APPROVED,
	C_CONTRACT,
	C_END,
	C_APPLIED,
	C_COMPLETED,
	C_TERMINATED,
	C_USCC,
	C_PI_ID,
	C_APPLICANT,
	C_PI_NAME,
	C_NCOLS
};
static const struct csv_column CONTRACT_COLUMNS[C_NCOLS] = {
	[C_ID] = { "id", "项目编号", true },
	[C_APPROVED] = { "approved_on", "立项日期", true },
	[C_CONTRACT] = { "contract_on", "合同签订日期", true },
	[C_END] = { "contract_end", "合同完成日期", true },
	[C_APPLIED] = { "applied", "验收申请日期", true },
	[C_COMPLETED] = { "completed", "按期完成", true },
	[C_TERMINATED] = { "terminated_unapproved", "未经同意终止", true },
	[C_USCC] = { "applicant_uscc", "统一社会信用代码", true },
	[C_PI_ID] = { "pi_id", "负责人身份证号", true },
	[C_APPLICANT] = { "applicant", "承担单位", false },
	[C_PI_NAME] = { "pi_name", "项目负责人", false },
};
const struct csv_schema SZI_CONTRACT_SCHEMA = { CONTRACT_COLUMNS, C_NCOLS };

void szi_application_row(const struct csv_row *row, void *state)
{
	struct szi_state *s = state;
	struct szi_reading *in = &s->reading;
	struct szi_app a;
	memset(&a, 0, sizeof a);
	a.line = row->line;
	struct binder b;
	binder_init(&b, row, &SZI_APPLICATION_SCHEMA, s->arena);
	a.id = bind_text(&b, A_ID);
	if (!a.id[0])
		binder_fail(&b, A_ID, "empty, an id is required");
	a.category = (enum szi_category)bind_enum(&b, A_CATEGORY, CATEGORY_NAMES, SZI_CATEGORIES, -1);
	a.title = bind_text(&b, A_TITLE);
	a.applicant = bind_text(&b, A_APPLICANT);
	a.applicant_uscc = bind_uscc(&b, A_USCC);
	a.applicant_kind = (enum szi_kind)bind_enum(&b, A_KIND, KIND_NAMES, 4, -1);
	a.in_shenshan = bind_bool(&b, A_SHENSHAN);
	a.pi_name = bind_text(&b, A_PI_NAME);
	a.pi_id = bind_person_id(&b, A_PI_ID);
	a.cn_rd_input = bind_money(&b, A_RD);
	a.audited_cost = bind_money(&b, A_AUDITED);
	a.partner_applied = bind_bool(&b, A_PARTNER_APPLIED);
	a.content_consistent = bind_bool(&b, A_CONSISTENT);
	a.cn_enterprise = bind_bool(&b, A_ENTERPRISE);
	a.joint_lab = bind_bool(&b, A_JOINT_LAB);
	a.agreement_signed = bind_bool(&b, A_AGREEMENT);
	a.ip_owner = (enum szi_ip)bind_enum(&b, A_IP, IP_NAMES, 3, IP_NONE);
	a.host_role = bind_bool(&b, A_HOST);
	a.in_shenzhen = bind_bool(&b, A_IN_SZ);
	a.participants = bind_count(&b, A_PARTICIPANTS);
	a.foreign_participants = bind_count(&b, A_FOREIGN);
	a.fa_approved = bind_bool(&b, A_FA);
	a.commissioned = bind_bool(&b, A_COMMISSIONED);
	a.submitted = bind_date(&b, A_SUBMITTED);
	a.bank = bind_text(&b, A_BANK);
	a.bank_account = bind_bank_account(&b, A_ACCOUNT);
	if (b.bad_col < 0 && a.submitted == DATE_NONE)
		binder_fail(&b, A_SUBMITTED, "empty, the date of the application is required");
	if (b.bad_col < 0) {
		const int *first = strmap_get(&in->lines, a.id);
		if (first)
			binder_fail(&b, A_ID, "duplicate id (first on line %d)", *first);
	}
	if (binder_reject(&b, s->rejects))
		return;
	struct szi_batch *batch = &s->batch;
	if (batch->napps == in->cap_apps) {
		in->cap_apps = in->cap_apps ? in->cap_apps * 2 : 64;
		batch->apps = xrealloc(batch->apps, (size_t)in->cap_apps * sizeof a);
	}
	batch->apps[batch->napps] = a;
	strmap_put(&in->ids, a.id, batch->napps);
	strmap_put(&in->lines, a.id, (int)row->line);
	batch->napps++;
}

void szi_expert_row(const struct csv_row *row, void *state)
{
	struct szi_state *s = state;
	struct szi_reading *in = &s->reading;
	struct binder b;
	binder_init(&b, row, &SZI_EXPERT_SCHEMA, s->arena);
	struct szi_expert x;
	memset(&x, 0, sizeof x);
	x.line = row->line;
	x.app = bind_reference(&b, X_ID, &in->ids, s->rejects, &SZI_APPLICATION_SCHEMA, "application",
			       "no application with this id in the batch");
	if (x.app >= 0 && s->batch.apps[x.app].category != SZI_PER)
		binder_fail(&b, X_ID, "not a personnel-exchange (PER) application");
	x.name = bind_text(&b, X_EXPERT);
	if (!x.name[0])
		binder_fail(&b, X_EXPERT, "empty, the expert's name is required");
	x.title = (enum szi_title)bind_enum(&b, X_TITLE, TITLE_NAMES, XT_TITLES, -1);
	x.applicant_staff = bind_bool(&b, X_STAFF);
	x.funded_elsewhere = bind_bool(&b, X_FUNDED);
	x.travel = bind_money(&b, X_TRAVEL);
	x.board = bind_money(&b, X_BOARD);
	x.fee = bind_money(&b, X_FEE);
	x.visit_year = bind_year(&b, X_VISIT_YEAR);
	/* One application's expert costs add up within MONEY_MAX (they are
	 * its base): the row that would pass it is refused, naming its cell. */
	if (b.bad_col < 0 && x.app >= 0) {
		if (!in->expert_costs) {
			size_t bytes = (size_t)(s->batch.napps + 1) * sizeof *in->expert_costs;
			in->expert_costs = memset(arena_alloc(s->arena, bytes), 0, bytes);
		}
		int64_t sum = in->expert_costs[x.app];
		const int cols[] = { X_TRAVEL, X_BOARD, X_FEE };
		const int64_t costs[] = { x.travel, x.board, x.fee };
		for (int k = 0; k < 3 && b.bad_col < 0; k++)
			if (!money_add(&sum, costs[k]))
				binder_fail(&b, cols[k],
					    "the expert costs of this application add up to more than 10^15 yuan");
		if (b.bad_col < 0)
			in->expert_costs[x.app] = sum;
	}
	if (binder_reject(&b, s->rejects))
		return;
	struct szi_batch *batch = &s->batch;
	if (batch->nexperts == in->cap_experts) {
		in->cap_experts = in->cap_experts ? in->cap_experts * 2 : 64;
		batch->experts = xrealloc(batch->experts, (size_t)in->cap_experts * sizeof x);
	}
	batch->experts[batch->nexperts++] = x;
}

void szi_contract_row(const struct csv_row *row, void *state)
{
	struct szi_state *s = state;
	struct szi_reading *in = &s->reading;
	struct binder b;
	binder_init(&b, row, &SZI_CONTRACT_SCHEMA, s->arena);
	struct szi_contract c;
	memset(&c, 0, sizeof c);
	c.line = row->line;
	c.id = bind_text(&b, C_ID);
	if (!c.id[0])
		binder_fail(&b, C_ID, "empty, an id is required");
	c.approved_on = bind_date(&b, C_APPROVED);
	c.contract_on = bind_date(&b, C_CONTRACT);
	c.contract_end = bind_date(&b, C_END);
	c.applied = bind_date(&b, C_APPLIED);
	c.completed = bind_bool(&b, C_COMPLETED);
	c.terminated_unapproved = bind_bool(&b, C_TERMINATED);
	c.applicant_uscc = bind_uscc(&b, C_USCC);
	c.pi_id = bind_person_id(&b, C_PI_ID);
	c.applicant = bind_text(&b, C_APPLICANT);
	c.pi_name = bind_text(&b, C_PI_NAME);
	static const int dated[] = { C_APPROVED, C_CONTRACT, C_END };
	const int32_t *dates[] = { &c.approved_on, &c.contract_on, &c.contract_end };
	for (int k = 0; k < 3 && b.bad_col < 0; k++)
		if (*dates[k] == DATE_NONE)
			binder_fail(&b, dated[k], "empty, a date is required");
	/* 第十五条 bans for a project not completed: an empty cell is not 否 (v2). */
	const char *completed = row->cells[C_COMPLETED];
	if (!completed || !*completed)
		binder_fail(
			&b, C_COMPLETED,
			"empty, whether the project was completed on time (是/否) is required: a ban needs the fact");
	/* The bans of 第十五条 are keyed on the unit's code and the PI's number. */
	if (!c.applicant_uscc[0])
		binder_fail(&b, C_USCC, "empty, a ban on the unit is keyed on its credit code");
	if (!c.pi_id[0])
		binder_fail(&b, C_PI_ID, "empty, a ban on the PI is keyed on the ID number");
	if (b.bad_col < 0) {
		const int *first = strmap_get(&in->contract_lines, c.id);
		if (first)
			binder_fail(&b, C_ID, "duplicate id (first on line %d)", *first);
		else
			strmap_put(&in->contract_lines, c.id, (int)row->line);
	}
	if (binder_reject(&b, s->rejects))
		return;
	struct szi_batch *batch = &s->batch;
	if (batch->ncontracts == in->cap_contracts) {
		in->cap_contracts = in->cap_contracts ? in->cap_contracts * 2 : 16;
		batch->contracts = xrealloc(batch->contracts, (size_t)in->cap_contracts * sizeof c);
	}
	batch->contracts[batch->ncontracts++] = c;
}

void szi_evaluation_row(const struct csv_row *row, void *state)
{
	evaluation_row(row, &((struct szi_state *)state)->reading.evals);
}

void szi_sanction_row(const struct csv_row *row, void *state)
{
	sanction_row(row, &((struct szi_state *)state)->reading.sanctions);
}

void szi_objection_row(const struct csv_row *row, void *state)
{
	objection_row(row, &((struct szi_state *)state)->reading.objections);
}

void szi_release_reading(struct szi_state *s)
{
	struct szi_reading *in = &s->reading;
	if (in->done)
		return;
	in->done = true;
	eval_reader_done(&in->evals);
	s->batch.evals = in->evals.items;
	s->batch.nevals = in->evals.count;
	strmap_free(&in->ids);
	strmap_free(&in->lines);
	strmap_free(&in->contract_lines);
}

/* Experts by application, in file order within one (a stable counting
 * sort), so that the rules find an application's experts without a
 * scan of all of them. */
static void sort_experts(struct szi_batch *batch)
{
	int *start = xcalloc((size_t)batch->napps + 2, sizeof *start);
	for (int k = 0; k < batch->nexperts; k++)
		start[batch->experts[k].app + 1]++;
	for (int i = 0; i < batch->napps; i++)
		start[i + 1] += start[i];
	struct szi_expert *sorted = xmalloc(((size_t)batch->nexperts + 1) * sizeof *sorted);
	for (int k = 0; k < batch->nexperts; k++)
		sorted[start[batch->experts[k].app]++] = batch->experts[k];
	free(batch->experts);
	batch->experts = sorted;
	free(start);
}

void szi_read_done(void *state)
{
	struct szi_state *s = state;
	sort_experts(&s->batch);
	szi_release_reading(state);
}

void szi_batch_free(struct szi_batch *batch)
{
	free(batch->apps);
	free(batch->evals);
	free(batch->experts);
	free(batch->contracts);
	objections_free(&batch->objections);
	sanctions_free(&batch->sanctions);
	memset(batch, 0, sizeof *batch);
}
