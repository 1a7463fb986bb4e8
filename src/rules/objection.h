/* objection.h: publicity objections (objections.csv), read and applied
 * alike by every programme with a publicity period (V2-G5: shanxi-coop,
 * shanxi-major, shenzhen-intl).
 *
 * An objection received within the publicity period (its first day
 * through its last, both included) holds the winner it names: 拟立项
 * becomes 公示异议, its award reserved, the ranking and the budget walk
 * not re-run. One received outside the period, or naming a record that
 * is not on the publicity list, is ignored with a warning naming its
 * line. */
#ifndef GRANTDOC_OBJECTION_H
#define GRANTDOC_OBJECTION_H

#include <stdint.h>

#include "arena.h"
#include "csvread.h"
#include "decision.h"
#include "rejects.h"
#include "strmap.h"

struct objection {
	int record;     /* index into the programme's records */
	const char *id; /* as written, for messages */
	int32_t received;
	const char *summary;
	long line;
};

struct objections {
	struct objection *items;
	int count, cap;
};

/* objections.csv: id (the record; 申报编号), received (收到日期),
 * summary (异议内容, optional). */
extern const struct csv_schema OBJECTION_SCHEMA;

/* Reading: a row naming no record of ids, or without a date, is a reject. */
struct objection_reader {
	const struct strmap *ids; /* record id -> index */
	struct objections *out;
	struct rejects *rejects;
	struct arena *arena;
	/* The records' schema: an objection to a rejected record says so
	 * (bind_reference); NULL: not known. */
	const struct csv_schema *parent;
};
void objection_row(const struct csv_row *row, void *reader);
void objections_free(struct objections *o);

/* Applies every objection to d (records' decisions) for a publicity from
 * first to last: 拟立项 named within the period becomes 公示异议; every
 * other objection is warned about. Run it before 拟立项 turns into 立项.
 * Returns how many were ignored. */
int objections_apply(const struct objections *o, int32_t first, int32_t last, struct decision *d);

/* The first objection to record received within [first, last], or NULL
 * (the date a 公示异议 notice names). */
const struct objection *objection_held(const struct objections *o, int record, int32_t first, int32_t last);

#endif
