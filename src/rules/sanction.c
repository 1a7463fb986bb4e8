#include "sanction.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "fields.h"
#include "ids.h"

enum { S_KIND, S_ID, S_NAME, S_START, S_END, S_REASON, S_NCOLS };

static const struct csv_column COLUMNS[S_NCOLS] = {
	[S_KIND] = { "subject_kind", "对象类型", true },
	[S_ID] = { "subject_id", "证件号码", true },
	[S_NAME] = { "name", "名称", true },
	[S_START] = { "start", "起始日期", true },
	[S_END] = { "end", "截止日期", true },
	[S_REASON] = { "reason", "事由", false },
};
const struct csv_schema SANCTION_SCHEMA = { COLUMNS, S_NCOLS };

void sanction_row(const struct csv_row *row, void *data)
{
	struct sanction_loader *c = data;
	static const char *const kinds[] = { "单位", "个人" };
	struct binder b;
	binder_init(&b, row, &SANCTION_SCHEMA, c->arena);
	struct sanction s;
	s.kind = (enum subject_kind)bind_enum(&b, S_KIND, kinds, 2, -1);
	s.subject_id = s.kind == SUBJECT_UNIT ? bind_uscc(&b, S_ID) : bind_person_id(&b, S_ID);
	s.name = bind_text(&b, S_NAME);
	s.start = bind_date(&b, S_START);
	s.end = bind_date(&b, S_END);
	s.reason = bind_text(&b, S_REASON);
	if (b.bad_col < 0) {
		if (s.kind == SUBJECT_UNIT && !uscc_valid(s.subject_id))
			binder_fail(&b, S_ID, "not a valid unified social credit code (GB 32100-2015)");
		else if (s.kind == SUBJECT_PERSON && !person_id_valid(s.subject_id, NULL))
			binder_fail(&b, S_ID, "not a valid ID number (GB 11643-1999)");
		else if (s.start == DATE_NONE)
			binder_fail(&b, S_START, "empty, a start date is required");
		else if (s.end != DATE_NONE && s.end < s.start)
			binder_fail(&b, S_END, "the last day in force is before the start");
	}
	if (binder_reject(&b, c->rejects))
		return;
	if (c->out->count == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->out->items = xrealloc(c->out->items, (size_t)c->cap * sizeof s);
	}
	c->out->items[c->out->count++] = s;
}

bool sanctions_load(const char *path, enum csv_encoding enc, struct sanctions *out,
		    struct rejects *rejects, struct arena *arena, struct strbuf *err)
{
	out->items = NULL;
	out->count = 0;
	if (!csv_input_present(path))
		return true;
	struct sanction_loader c = { out, 0, rejects, arena };
	return csv_read(path, "sanctions.csv", &SANCTION_SCHEMA, enc, rejects, sanction_row, &c, err);
}

void sanctions_free(struct sanctions *s)
{
	free(s->items);
	s->items = NULL;
	s->count = 0;
}

const struct sanction *sanction_active(const struct sanctions *s, enum subject_kind kind,
				       const char *subject_id, int32_t day)
{
	for (int i = 0; i < s->count; i++) {
		const struct sanction *x = &s->items[i];
		if (x->kind == kind && strcmp(x->subject_id, subject_id) == 0 &&
		    x->start <= day && (x->end == DATE_NONE || day <= x->end))
			return x;
	}
	return NULL;
}

void sanction_period_cn(const struct sanction *s, char *buf, size_t size)
{
	char from[32], to[32];
	date_format_cn(s->start, from);
	if (s->end == DATE_NONE) {
		snprintf(buf, size, "自%s起，未定截止日期", from);
		return;
	}
	date_format_cn(s->end, to);
	snprintf(buf, size, "自%s起至%s止", from, to);
}
