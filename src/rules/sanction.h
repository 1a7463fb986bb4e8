/* sanction.h: bans and integrity records in force (sanctions.csv), and
 * the question every programme asks of them: is this unit or person
 * banned on that day? */
#ifndef GRANTDOC_SANCTION_H
#define GRANTDOC_SANCTION_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "csvread.h"
#include "rejects.h"
#include "strbuf.h"
#include "strmap.h"

enum subject_kind { SUBJECT_UNIT, SUBJECT_PERSON };

struct sanction {
	enum subject_kind kind;
	const char *subject_id; /* USCC or ID number, checked */
	const char *name;
	int32_t start;
	int32_t end; /* the last day in force; DATE_NONE = open-ended */
	const char *reason;
};

struct sanctions {
	struct sanction *items;
	int count;
	/* Kept by the loader (NULL for a list made by hand): the first item of
	 * each subject and the next of the same subject, in file order, so
	 * that a question is not a scan of every record. */
	struct strmap *by_subject;
	int *next;
};

/* Reads sanctions.csv; an absent file is an empty list. Anything else at
 * path (a FIFO, a dangling symbolic link) is an error, never "absent": a
 * ban list that cannot be read must not pass for an empty one. */
bool sanctions_load(const char *path, enum csv_encoding enc, struct sanctions *out, struct rejects *rejects,
		    struct arena *arena, struct strbuf *err);
void sanctions_free(struct sanctions *s);

/* For other readers of the same records (batch.xml): the columns and the
 * row callback, with its context. */
struct sanction_loader {
	struct sanctions *out;
	int cap;
	struct rejects *rejects;
	struct arena *arena;
};
extern const struct csv_schema SANCTION_SCHEMA;
void sanction_row(const struct csv_row *row, void *loader);

/* The first sanction on subject active on day (start <= day <= end, both
 * included: a ban still refuses on its last day). */
const struct sanction *sanction_active(const struct sanctions *s, enum subject_kind kind, const char *subject_id,
				       int32_t day);

/* The period as notices write it, from the dates the record stores:
 * "自2024年2月29日起至2027年2月28日止", or "自2024年2月29日起，未定截止日期"
 * when open-ended. size >= 96. */
void sanction_period_cn(const struct sanction *s, char *buf, size_t size);

#endif
