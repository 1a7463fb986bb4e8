/* ingest.c: zhejiang-base batch files -> struct zjb_batch
 * (data-programmes.md, "zhejiang-base"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "fields.h"
#include "strmap.h"
#include "model.h"

static const char *const ACTION_NAMES[] = { "认定|recognition|recognise", "评价|evaluation|evaluate" };
static const char *const TYPE_NAMES[ZJB_TYPES] = { "JRD|联合研发类", "OSV|开放服务类", "FTR|特色发展类" };
static const char *const HOST_NAMES[] = { "企业", "高校", "科研院所", "服务机构|科技服务机构", "园区|科技园区" };
static const char *const GRADE_NAMES[] = { "优秀", "合格", "不合格" };

const char *zjb_type_code(enum zjb_type t)
{
	static const char *const codes[ZJB_TYPES] = { "JRD", "OSV", "FTR" };
	return codes[t];
}

const char *zjb_type_name(enum zjb_type t)
{
	static const char *const names[ZJB_TYPES] = { "联合研发类", "开放服务类", "特色发展类" };
	return names[t];
}

const char *zjb_grade_name(enum zjb_grade g)
{
	return g < GRADE_NONE ? GRADE_NAMES[g] : "";
}

enum {
	B_ID,
	B_ACTION,
	B_TYPE,
	B_NAME,
	B_HOST,
	B_USCC,
	B_HOST_KIND,
	B_AGREEMENTS,
	B_LED,
	B_OWN_IP,
	B_REVENUE,
	B_RD,
	B_TEAM,
	B_OSV_RES,
	B_OSV_CASES,
	B_FTR_UNIT,
	B_FTR_CENTRE,
	B_REPORT,
	B_SUPPLIED,
	B_SCORE,
	B_FALSE,
	B_INCIDENT,
	B_CHANGE,
	B_NATIONAL,
	B_WITHDRAWN,
	B_RECOGNISED_ON,
	B_BANK,
	B_ACCOUNT,
	B_NCOLS
};

/* The columns every export has; the rest depend on the action and type,
 * and an absent one reads as empty (否, 0, no date). */
static const struct csv_column BASE_COLUMNS[B_NCOLS] = {
	[B_ID] = { "id", "基地编号", true },
	[B_ACTION] = { "action", "事项", true },
	[B_TYPE] = { "base_type", "基地类型", true },
	[B_NAME] = { "name", "基地名称", true },
	[B_HOST] = { "host", "依托单位", true },
	[B_USCC] = { "host_uscc", "依托单位信用代码", true },
	[B_HOST_KIND] = { "host_kind", "依托单位性质", true },
	[B_AGREEMENTS] = { "overseas_agreements", "海外合作协议数", false },
	[B_LED] = { "led_provincial_project", "承担过省级以上项目", false },
	[B_OWN_IP] = { "own_ip_products", "自主知识产权产品", false },
	[B_REVENUE] = { "revenue", "上年营业收入", false },
	[B_RD] = { "rd_intensity", "近三年研发投入强度", false },
	[B_TEAM] = { "team_and_rules", "团队与管理制度齐备", false },
	[B_OSV_RES] = { "osv_resources", "海外资源与孵化场所", false },
	[B_OSV_CASES] = { "osv_cases", "双向转移成功案例", false },
	[B_FTR_UNIT] = { "ftr_overseas_unit", "控股海外研发机构", false },
	[B_FTR_CENTRE] = { "ftr_foreign_rd_centre", "外资研发中心", false },
	[B_REPORT] = { "report_submitted", "年报提交日期", false },
	[B_SUPPLIED] = { "report_supplied", "评价期间补交", false },
	[B_SCORE] = { "score", "绩效评价得分", false },
	[B_FALSE] = { "false_info", "提供虚假信息", false },
	[B_INCIDENT] = { "security_incident", "重大外交或科技安全事件", false },
	[B_CHANGE] = { "unreported_change", "重大事项变更未报", false },
	[B_NATIONAL] = { "national_base", "已认定为国家级基地", false },
	[B_WITHDRAWN] = { "withdrawn", "主动退出", false },
	[B_RECOGNISED_ON] = { "recognised_on", "认定日期", false },
	[B_BANK] = { "bank", "开户银行", false },
	[B_ACCOUNT] = { "bank_account", "银行账号", false },
};
const struct csv_schema ZJB_BASE_SCHEMA = { BASE_COLUMNS, B_NCOLS };

enum { H_ID, H_YEAR, H_GRADE, H_NCOLS };
static const struct csv_column HISTORY_COLUMNS[H_NCOLS] = {
	[H_ID] = { "id", "基地编号", true },
	[H_YEAR] = { "year", "年度", true },
	[H_GRADE] = { "grade", "评价结果", true },
};
const struct csv_schema ZJB_HISTORY_SCHEMA = { HISTORY_COLUMNS, H_NCOLS };

/* A percentage: "4.5", "4.5%" or "4.50％"; hundredths of a percent, -1 when empty. */
static int bind_percent(struct binder *b, int col)
{
	const char *cell = b->row->cells[col];
	if (!cell || !*cell)
		return -1;
	char buf[32];
	size_t n = strlen(cell);
	if (n >= 3 && strcmp(cell + n - 3, "％") == 0)
		n -= 3;
	else if (n >= 1 && cell[n - 1] == '%')
		n -= 1;
	int v = -1;
	if (n >= sizeof buf || (snprintf(buf, sizeof buf, "%.*s", (int)n, cell), !parse_score(buf, &v)))
		binder_fail(b, col, "not a percentage from 0 to 100 with at most 2 decimals");
	return v;
}

static void bind_base(struct binder *b, struct zjb_base *z)
{
	z->id = bind_text(b, B_ID);
	if (!z->id[0])
		binder_fail(b, B_ID, "empty, an id is required");
	z->action = (enum zjb_action)bind_enum(b, B_ACTION, ACTION_NAMES, 2, -1);
	z->type = (enum zjb_type)bind_enum(b, B_TYPE, TYPE_NAMES, ZJB_TYPES, -1);
	z->name = bind_text(b, B_NAME);
	z->host = bind_text(b, B_HOST);
	z->host_uscc = bind_uscc(b, B_USCC);
	z->host_kind = (enum zjb_host)bind_enum(b, B_HOST_KIND, HOST_NAMES, 5, -1);
	z->overseas_agreements = bind_count(b, B_AGREEMENTS);
	z->led_provincial_project = bind_bool(b, B_LED);
	z->own_ip_products = bind_bool(b, B_OWN_IP);
	z->revenue = bind_money(b, B_REVENUE);
	z->rd_intensity = bind_percent(b, B_RD);
	z->team_and_rules = bind_bool(b, B_TEAM);
	z->osv_resources = bind_bool(b, B_OSV_RES);
	z->osv_cases = bind_bool(b, B_OSV_CASES);
	z->ftr_overseas_unit = bind_bool(b, B_FTR_UNIT);
	z->ftr_foreign_rd_centre = bind_bool(b, B_FTR_CENTRE);
	z->recognised_on = bind_date(b, B_RECOGNISED_ON);
	z->report_submitted = bind_date(b, B_REPORT);
	z->report_supplied = bind_bool(b, B_SUPPLIED);
	z->score = bind_score(b, B_SCORE);
	z->false_info = bind_bool(b, B_FALSE);
	z->security_incident = bind_bool(b, B_INCIDENT);
	z->unreported_change = bind_bool(b, B_CHANGE);
	z->national_base = bind_bool(b, B_NATIONAL);
	z->withdrawn = bind_bool(b, B_WITHDRAWN);
	z->bank = bind_text(b, B_BANK);
	z->bank_account = bind_bank_account(b, B_ACCOUNT);
}

/* An evaluation is graded on its score, unless the base leaves the list
 * for a reason that needs none (rules.md §4, precise readings). */
static bool needs_score(const struct zjb_params *p, const struct zjb_base *z)
{
	return z->action == ZJB_EVALUATE && !z->false_info && !z->security_incident && !z->unreported_change &&
	       !z->national_base && !z->withdrawn && zjb_report_state(p, z) != REPORT_MISSING;
}

void zjb_base_row(const struct csv_row *row, void *state)
{
	struct zjb_state *s = state;
	struct zjb_reading *in = &s->reading;
	struct zjb_base z;
	memset(&z, 0, sizeof z);
	z.line = row->line;
	struct binder b;
	binder_init(&b, row, &ZJB_BASE_SCHEMA, s->arena);
	bind_base(&b, &z);
	if (b.bad_col < 0) {
		const int *first = strmap_get(&in->lines, z.id);
		if (first)
			binder_fail(&b, B_ID, "duplicate id (first on line %d)", *first);
		else if (z.score == SCORE_NONE && needs_score(s->p, &z))
			binder_fail(&b, B_SCORE,
				    "empty, an evaluation needs a score unless the base is revoked or leaves");
	}
	if (binder_reject(&b, s->rejects))
		return;
	struct zjb_batch *batch = &s->batch;
	if (batch->nbases == in->cap_bases) {
		in->cap_bases = in->cap_bases ? in->cap_bases * 2 : 64;
		batch->bases = xrealloc(batch->bases, (size_t)in->cap_bases * sizeof z);
	}
	batch->bases[batch->nbases] = z;
	strmap_put(&in->ids, z.id, batch->nbases);
	strmap_put(&in->lines, z.id, (int)row->line);
	batch->nbases++;
}

void zjb_history_row(const struct csv_row *row, void *state)
{
	struct zjb_state *s = state;
	struct zjb_reading *in = &s->reading;
	struct binder b;
	binder_init(&b, row, &ZJB_HISTORY_SCHEMA, s->arena);
	struct zjb_history h;
	const char *id = bind_text(&b, H_ID);
	h.base = -1;
	h.year = bind_year(&b, H_YEAR);
	h.grade = (enum zjb_grade)bind_enum(&b, H_GRADE, GRADE_NAMES, 3, -1);
	if (b.bad_col < 0)
		h.base = bind_reference(&b, H_ID, &in->ids, s->rejects, &ZJB_BASE_SCHEMA, "base",
					"no base with this id in applications.csv");
	if (b.bad_col < 0 && (h.year == 0 || h.year >= s->p->call->year))
		binder_fail(&b, H_YEAR, "not an earlier year than the one evaluated (%d)", s->p->call->year);
	if (b.bad_col < 0) {
		char *key = arena_alloc(s->arena, strlen(id) + 8);
		sprintf(key, "%s\x1f%d", id, h.year);
		const int *first = strmap_get(&in->years, key);
		if (first)
			binder_fail(&b, H_YEAR, "this base already has a grade for this year (line %d)", *first);
		else
			strmap_put(&in->years, key, (int)row->line);
	}
	if (binder_reject(&b, s->rejects))
		return;
	struct zjb_batch *batch = &s->batch;
	if (batch->nhistory == in->cap_history) {
		in->cap_history = in->cap_history ? in->cap_history * 2 : 64;
		batch->history = xrealloc(batch->history, (size_t)in->cap_history * sizeof h);
	}
	batch->history[batch->nhistory++] = h;
}

void zjb_sanction_row(const struct csv_row *row, void *state)
{
	sanction_row(row, &((struct zjb_state *)state)->reading.sanctions);
}

void zjb_release_reading(struct zjb_state *s)
{
	struct zjb_reading *in = &s->reading;
	if (in->done)
		return;
	in->done = true;
	strmap_free(&in->ids);
	strmap_free(&in->lines);
	strmap_free(&in->years);
}

void zjb_read_done(void *state)
{
	zjb_release_reading(state);
}

void zjb_batch_free(struct zjb_batch *batch)
{
	free(batch->bases);
	free(batch->history);
	sanctions_free(&batch->sanctions);
	memset(batch, 0, sizeof *batch);
}
