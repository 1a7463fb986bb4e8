/* ingest.c: shanxi-coop batch files -> struct sxc_batch (data.md). Rows
 * come from the run (CSV or batch.xml) to the row callbacks here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "date.h"
#include "fields.h"
#include "strmap.h"
#include "xmlbatch.h"

const char *const UNIT_KIND_NAMES[] = { "企业", "高校", "科研院所", "其他" };
const char *const PI_TITLE_NAMES[] = { "正高|正高级", "副高|副高级", "中级", "初级", "无" };
const char *const PI_DEGREE_NAMES[] = { "博士", "硕士", "学士", "无" };
const char *const PARTNER_KIND_NAMES[] = { "双一流高校", "国家级平台", "国家级院所", "境外高校",
					   "境外院所",   "境外企业",   "其他" };
const char *const SIGNATORY_RANK_NAMES[] = { "教授", "副教授", "研究员", "副研究员", "高级管理人员", "机构", "其他" };
const char *const AGREEMENT_KIND_NAMES[] = {
	"协议书", "意向书", "电子邮件", "书信", "聘任合同", "贸易合同", "建厂合同"
};
const char *const ATTACHMENT_NAMES[] = {
	"LICENSE|营业执照", "PI_PROOF|负责人证明", "AGREEMENT|合作文件", "MATCHING|配套承诺",
	"AUDIT|审计报告",   "PLATFORM|平台证明",   "NOVELTY|查新报告",   "ETHICS|伦理意见",
};
const char *const TARGET_NAMES[] = { "T1", "T2", "T3", "T4", "T5", "T6" };

static const char *const CATEGORY_ALIASES[CAT_COUNT] = {
	"BR|“一带一路”科技合作项目|\"一带一路\"科技合作项目|一带一路科技合作项目",
	"KC|重点国别科技合作项目",
	"BASE|国际合作基地与平台项目",
	"REG|区域合作项目",
	"AID|科技援助合作项目",
};

enum {
	A_ID,
	A_CATEGORY,
	A_TITLE,
	A_APPLICANT,
	A_USCC,
	A_KIND,
	A_REGISTERED,
	A_PI_NAME,
	A_PI_ID,
	A_PI_TITLE,
	A_PI_DEGREE,
	A_PI_COOP,
	A_PI_OTHER,
	A_PI_LAST,
	A_PARTNER,
	A_COUNTRY,
	A_PARTNER_USCC,
	A_PARTNER_KIND,
	A_SIGNATORY,
	A_AGREEMENT,
	A_SIGNED,
	A_BILINGUAL,
	A_UNTIL,
	A_START,
	A_END,
	A_REQUESTED,
	A_MATCHING,
	A_TARGETS,
	A_FIELD,
	A_ONLINE,
	A_PAPER,
	A_ATTACHMENTS,
	A_NOVELTY,
	A_MISCONDUCT,
	A_BLACKLISTED,
	A_ENV,
	A_INTEGRITY,
	A_DUPLICATE,
	A_SECRET,
	A_ETHICS,
	A_PHONE,
	A_PROVINCE,
	A_BANK,
	A_ACCOUNT,
	A_NCOLS
};

static const struct csv_column APP_COLUMNS[A_NCOLS] = {
	[A_ID] = { "id", "申报编号", true },
	[A_CATEGORY] = { "category", "项目类别", true },
	[A_TITLE] = { "title", "项目名称", true },
	[A_APPLICANT] = { "applicant", "申报单位", true },
	[A_USCC] = { "applicant_uscc", "统一社会信用代码", true },
	[A_KIND] = { "applicant_kind", "单位性质", true },
	[A_REGISTERED] = { "registered_on", "注册日期", true },
	[A_PI_NAME] = { "pi_name", "项目负责人", true },
	[A_PI_ID] = { "pi_id", "负责人身份证号", true },
	[A_PI_TITLE] = { "pi_title", "职称", true },
	[A_PI_DEGREE] = { "pi_degree", "学位", true },
	[A_PI_COOP] = { "pi_ongoing_coop", "在研合作交流专项数", true },
	[A_PI_OTHER] = { "pi_ongoing_other", "在研其他省级项目数", true },
	[A_PI_LAST] = { "pi_last_coop_year", "最近一次主持合作交流专项年份", true },
	[A_PARTNER] = { "partner", "合作单位", true },
	[A_COUNTRY] = { "partner_country", "合作国别", true },
	[A_PARTNER_USCC] = { "partner_uscc", "合作单位信用代码", true },
	[A_PARTNER_KIND] = { "partner_kind", "合作单位类型", true },
	[A_SIGNATORY] = { "signatory_rank", "外方签字人职级", true },
	[A_AGREEMENT] = { "agreement_kind", "合作文件类型", true },
	[A_SIGNED] = { "agreement_signed", "双方签字盖章", true },
	[A_BILINGUAL] = { "agreement_bilingual", "中英文对照", true },
	[A_UNTIL] = { "agreement_until", "协议有效期至", true },
	[A_START] = { "start", "执行期开始", true },
	[A_END] = { "end", "执行期结束", true },
	[A_REQUESTED] = { "requested", "申请引导资金", true },
	[A_MATCHING] = { "matching", "配套资金", true },
	[A_TARGETS] = { "targets", "任务目标", true },
	[A_FIELD] = { "field", "技术领域", true },
	[A_ONLINE] = { "submitted_online", "网络申报时间", true },
	[A_PAPER] = { "received_paper", "纸质材料送达时间", true },
	[A_ATTACHMENTS] = { "attachments", "附件", true },
	[A_NOVELTY] = { "novelty_date", "查新报告日期", true },
	[A_MISCONDUCT] = { "misconduct", "科研失信记录", true },
	[A_BLACKLISTED] = { "blacklisted", "信用黑名单", true },
	[A_ENV] = { "env_incident", "近3年重大环保事件", true },
	[A_INTEGRITY] = { "integrity_signed", "诚信承诺书", true },
	[A_DUPLICATE] = { "duplicate_funding", "已获其他财政支持", true },
	[A_SECRET] = { "secret", "涉密", true },
	[A_ETHICS] = { "needs_ethics", "涉及伦理", true },
	[A_PHONE] = { "contact_phone", "联系电话", false },
	[A_PROVINCE] = { "applicant_province", "所在省份", false },
	[A_BANK] = { "bank", "开户银行", false },
	[A_ACCOUNT] = { "bank_account", "银行账号", false },
};
const struct csv_schema SXC_APPLICATION_SCHEMA = { APP_COLUMNS, A_NCOLS };

static void bind_application(struct binder *b, struct sxc_app *a)
{
	a->id = bind_text(b, A_ID);
	if (!a->id[0])
		binder_fail(b, A_ID, "empty, an id is required");
	a->category = (enum sxc_category)bind_enum(b, A_CATEGORY, CATEGORY_ALIASES, CAT_COUNT, -1);
	a->title = bind_text(b, A_TITLE);
	a->applicant = bind_text(b, A_APPLICANT);
	a->applicant_uscc = bind_uscc(b, A_USCC);
	a->applicant_kind = (enum unit_kind)bind_enum(b, A_KIND, UNIT_KIND_NAMES, 4, -1);
	a->registered_on = bind_date(b, A_REGISTERED);
	a->pi_name = bind_text(b, A_PI_NAME);
	a->pi_id = bind_person_id(b, A_PI_ID);
	a->pi_title = (enum pi_title)bind_enum(b, A_PI_TITLE, PI_TITLE_NAMES, 5, TITLE_NONE);
	a->pi_degree = (enum pi_degree)bind_enum(b, A_PI_DEGREE, PI_DEGREE_NAMES, 4, DEGREE_NONE);
	a->pi_ongoing_coop = bind_count(b, A_PI_COOP);
	a->pi_ongoing_other = bind_count(b, A_PI_OTHER);
	a->pi_last_coop_year = bind_year(b, A_PI_LAST);
	a->partner = bind_text(b, A_PARTNER);
	a->partner_country = bind_text(b, A_COUNTRY);
	a->partner_uscc = bind_uscc(b, A_PARTNER_USCC);
	a->partner_kind = (enum partner_kind)bind_enum(b, A_PARTNER_KIND, PARTNER_KIND_NAMES, 7, PARTNER_OTHER);
	a->signatory_rank =
		(enum signatory_rank)bind_enum(b, A_SIGNATORY, SIGNATORY_RANK_NAMES, RANK_COUNT, RANK_OTHER);
	a->agreement_kind = (enum agreement_kind)bind_enum(b, A_AGREEMENT, AGREEMENT_KIND_NAMES, 7, AGREEMENT_NONE);
	a->agreement_signed = bind_bool(b, A_SIGNED);
	a->agreement_bilingual = bind_bool(b, A_BILINGUAL);
	a->agreement_until = bind_date(b, A_UNTIL);
	a->start = bind_date(b, A_START);
	a->end = bind_date(b, A_END);
	a->requested = bind_money(b, A_REQUESTED);
	a->matching = bind_money(b, A_MATCHING);
	a->targets = bind_enum_set(b, A_TARGETS, TARGET_NAMES, SXC_TARGETS);
	a->field = bind_text(b, A_FIELD);
	a->submitted_online = bind_datetime(b, A_ONLINE);
	a->received_paper = bind_datetime(b, A_PAPER);
	a->attachments = bind_enum_set(b, A_ATTACHMENTS, ATTACHMENT_NAMES, ATT_COUNT);
	a->novelty_date = bind_date(b, A_NOVELTY);
	a->misconduct = bind_bool(b, A_MISCONDUCT);
	a->blacklisted = bind_bool(b, A_BLACKLISTED);
	a->env_incident = bind_bool(b, A_ENV);
	a->integrity_signed = bind_bool(b, A_INTEGRITY);
	a->duplicate_funding = bind_bool(b, A_DUPLICATE);
	a->secret = bind_bool(b, A_SECRET);
	a->needs_ethics = bind_bool(b, A_ETHICS);
	a->contact_phone = bind_text(b, A_PHONE);
	a->applicant_province = bind_text(b, A_PROVINCE);
	a->bank = bind_text(b, A_BANK);
	a->bank_account = bind_bank_account(b, A_ACCOUNT);
}

void sxc_application_row(const struct csv_row *row, void *state)
{
	struct sxc_state *s = state;
	struct sxc_reading *in = &s->reading;
	struct sxc_app a;
	memset(&a, 0, sizeof a);
	a.line = row->line;
	struct binder b;
	binder_init(&b, row, &SXC_APPLICATION_SCHEMA, s->arena);
	bind_application(&b, &a);
	if (b.bad_col < 0) {
		const int *first = strmap_get(&in->id_lines, a.id);
		if (first)
			binder_fail(&b, A_ID, "duplicate id (first on line %d)", *first);
	}
	if (binder_reject(&b, s->rejects))
		return;
	struct sxc_batch *batch = &s->batch;
	if (batch->napps == in->cap_apps) {
		in->cap_apps = in->cap_apps ? in->cap_apps * 2 : 64;
		batch->apps = xrealloc(batch->apps, (size_t)in->cap_apps * sizeof a);
	}
	batch->apps[batch->napps] = a;
	strmap_put(&in->ids, a.id, batch->napps);
	strmap_put(&in->id_lines, a.id, (int)row->line);
	batch->napps++;
}

void sxc_evaluation_row(const struct csv_row *row, void *state)
{
	evaluation_row(row, &((struct sxc_state *)state)->reading.evals);
}

void sxc_sanction_row(const struct csv_row *row, void *state)
{
	sanction_row(row, &((struct sxc_state *)state)->reading.sanctions);
}

void sxc_objection_row(const struct csv_row *row, void *state)
{
	objection_row(row, &((struct sxc_state *)state)->reading.objections);
}

/* The arrays grew by doubling; a batch of 100,000 keeps them for the
 * whole run, so the slack is given back. */
static void fit_arrays(struct sxc_batch *batch)
{
	if (batch->napps)
		batch->apps = xrealloc(batch->apps, (size_t)batch->napps * sizeof *batch->apps);
}

void sxc_read_done(void *state)
{
	struct sxc_state *s = state;
	sxc_release_reading(s);
	fit_arrays(&s->batch);
	sxc_batch_facts(&s->batch);
}

void sxc_release_reading(struct sxc_state *s)
{
	struct sxc_reading *in = &s->reading;
	if (in->done)
		return;
	in->done = true;
	strmap_free(&in->ids);
	strmap_free(&in->id_lines);
	eval_reader_done(&in->evals);
	s->batch.evals = in->evals.items;
	s->batch.nevals = in->evals.count;
}

void sxc_batch_free(struct sxc_batch *batch)
{
	free(batch->apps);
	free(batch->evals);
	objections_free(&batch->objections);
	sanctions_free(&batch->sanctions);
	memset(batch, 0, sizeof *batch);
}

/* Title with all white space removed (ASCII and U+3000): "same content". */
static char *content_key(struct arena *scratch, const struct sxc_app *a)
{
	size_t n = strlen(a->applicant_uscc) + strlen(a->title) + 2;
	char *key = arena_alloc(scratch, n);
	char *o = key + sprintf(key, "%s\x1f", a->applicant_uscc);
	for (const char *p = a->title; *p;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
		} else if (strncmp(p, "\xE3\x80\x80", 3) == 0) {
			p += 3;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return key;
}

void sxc_batch_facts(struct sxc_batch *batch)
{
	struct strmap pis, contents;
	struct arena scratch;
	strmap_init(&pis);
	strmap_init(&contents);
	arena_init(&scratch);
	char **keys = xcalloc((size_t)(batch->napps ? batch->napps : 1), sizeof *keys);
	for (int i = 0; i < batch->napps; i++) {
		struct sxc_app *a = &batch->apps[i];
		if (a->pi_id[0])
			(*strmap_put(&pis, a->pi_id, 0))++;
		keys[i] = content_key(&scratch, a);
		(*strmap_put(&contents, keys[i], 0))++;
	}
	for (int i = 0; i < batch->napps; i++) {
		struct sxc_app *a = &batch->apps[i];
		a->pi_rows = a->pi_id[0] ? *strmap_get(&pis, a->pi_id) : 1;
		a->same_content_rows = *strmap_get(&contents, keys[i]);
	}
	free(keys);
	strmap_free(&pis);
	strmap_free(&contents);
	arena_free(&scratch);
}
