#include "objection.h"

#include <stdlib.h>

#include "date.h"
#include "diag.h"
#include "fields.h"

enum { O_ID, O_RECEIVED, O_SUMMARY, O_NCOLS };
static const struct csv_column COLUMNS[O_NCOLS] = {
	[O_ID] = { "id", "申报编号", true },
	[O_RECEIVED] = { "received", "收到日期", true },
	[O_SUMMARY] = { "summary", "异议内容", false },
};
const struct csv_schema OBJECTION_SCHEMA = { COLUMNS, O_NCOLS };

void objection_row(const struct csv_row *row, void *data)
{
	struct objection_reader *r = data;
	struct binder b;
	binder_init(&b, row, &OBJECTION_SCHEMA, r->arena);
	struct objection o;
	o.id = bind_text(&b, O_ID);
	o.record = bind_reference(&b, O_ID, r->ids, r->rejects, r->parent, "application",
				  "no application with this id in the batch");
	o.received = bind_date(&b, O_RECEIVED);
	if (o.received == DATE_NONE)
		binder_fail(&b, O_RECEIVED, "empty, the date received is required");
	o.summary = bind_text(&b, O_SUMMARY);
	o.line = row->line;
	if (binder_reject(&b, r->rejects))
		return;
	struct objections *out = r->out;
	if (out->count == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 16;
		out->items = xrealloc(out->items, (size_t)out->cap * sizeof o);
	}
	out->items[out->count++] = o;
}

void objections_free(struct objections *o)
{
	free(o->items);
	o->items = NULL;
	o->count = o->cap = 0;
}

static bool within(const struct objection *o, int32_t first, int32_t last)
{
	return o->received >= first && o->received <= last;
}

int objections_apply(const struct objections *o, int32_t first, int32_t last, struct decision *d)
{
	int ignored = 0;
	for (int k = 0; k < o->count; k++) {
		const struct objection *x = &o->items[k];
		struct decision *held = &d[x->record];
		bool in_period = within(x, first, last);
		if (in_period && (held->status == ST_PROPOSED || held->status == ST_OBJECTED)) {
			held->status = ST_OBJECTED;
			continue;
		}
		ignored++;
		char when[32];
		date_format_iso(x->received, when);
		diag_warn("objections.csv:%ld: objection to %s received %s ignored: %s", x->line, x->id, when,
			  in_period ? "the application is not on the publicity list" : "outside the publicity period");
	}
	return ignored;
}

const struct objection *objection_held(const struct objections *o, int record, int32_t first, int32_t last)
{
	for (int k = 0; k < o->count; k++)
		if (o->items[k].record == record && within(&o->items[k], first, last))
			return &o->items[k];
	return NULL;
}
