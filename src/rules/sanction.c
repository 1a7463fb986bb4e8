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
	struct sanctions *out = c->out;
	if (out->count == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		out->items = xrealloc(out->items, (size_t)c->cap * sizeof s);
		out->next = xrealloc(out->next, (size_t)c->cap * sizeof *out->next);
	}
	if (!out->by_subject) {
		out->by_subject = xmalloc(sizeof *out->by_subject);
		strmap_init(out->by_subject);
	}
	int i = out->count++;
	out->items[i] = s;
	out->next[i] = -1;
	int *first = strmap_put(out->by_subject, out->items[i].subject_id, i);
	if (*first != i) {
		int k = *first;
		while (out->next[k] >= 0)
			k = out->next[k];
		out->next[k] = i;
	}
}

bool sanctions_load(const char *path, enum csv_encoding enc, struct sanctions *out, struct rejects *rejects,
		    struct arena *arena, struct strbuf *err)
{
	memset(out, 0, sizeof *out);
	if (!csv_input_present(path))
		return true;
	struct sanction_loader c = { out, 0, rejects, arena };
	return csv_read(path, "sanctions.csv", &SANCTION_SCHEMA, enc, rejects, sanction_row, &c, err);
}

void sanctions_free(struct sanctions *s)
{
	free(s->items);
	free(s->next);
	if (s->by_subject) {
		strmap_free(s->by_subject);
		free(s->by_subject);
	}
	memset(s, 0, sizeof *s);
}

/* In force on day: from its start to its last day (end) inclusive. */
static bool in_force(const struct sanction *x, enum subject_kind kind, int32_t day)
{
	return x->kind == kind && x->start <= day && (x->end == DATE_NONE || day <= x->end);
}

const struct sanction *sanction_active(const struct sanctions *s, enum subject_kind kind, const char *subject_id,
				       int32_t day)
{
	if (s->by_subject) {
		const int *first = strmap_get(s->by_subject, subject_id);
		for (int i = first ? *first : -1; i >= 0; i = s->next[i]) {
			if (in_force(&s->items[i], kind, day))
				return &s->items[i];
		}
		return NULL;
	}
	for (int i = 0; i < s->count; i++) {
		if (strcmp(s->items[i].subject_id, subject_id) == 0 && in_force(&s->items[i], kind, day))
			return &s->items[i];
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
