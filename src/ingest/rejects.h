/* rejects.h: rows that could not be read, for rejects.csv.
 *
 * A bad cell never stops a batch: its row is recorded here with the file,
 * the line where the row starts, the field, the value and why, and the rest
 * of the file goes on. */
#ifndef GRANTDOC_REJECTS_H
#define GRANTDOC_REJECTS_H

#include <stdbool.h>

#include "arena.h"
#include "strmap.h"

struct reject {
	const char *file;
	long line;
	const char *field;
	const char *value;
	const char *error;   /* English; for a sheet's cell "申报表!B17: why" */
	const char *message; /* the same in Chinese, for clerks */
};

struct rejects {
	struct arena *arena;
	struct reject *items;
	int count, cap;
	struct strmap records; /* "kind\x1fkey" -> the reject of that record */
};

void rejects_init(struct rejects *r, struct arena *arena);
void rejects_free(struct rejects *r);
/* Copies every string; a value longer than 200 characters is cut with "…". */
void rejects_add(struct rejects *r, const char *file, long line, const char *field, const char *value,
		 const char *error);
/* The same for a worksheet's cell: where is "申报表!B17" ("" for none). */
void rejects_add_at(struct rejects *r, const char *file, long line, const char *where, const char *field,
		    const char *value, const char *error);
/* Notes that the reject just added is that of the record of this kind
 * (the schema it was read with, the same for CSV and batch.xml) keyed key
 * (its id): rows that depend on the record (its evaluations, objections,
 * the bids on a task) then say it was rejected, not "no such id". The
 * first reject of a record is kept. */
void rejects_note_record(struct rejects *r, const void *kind, const char *key);
/* The reject of that record, or NULL. */
const struct reject *rejects_find_record(const struct rejects *r, const void *kind, const char *key);

/* How many rejects come from one input (NAME.csv and NAME.xlsx alike). */
int rejects_count_file(const struct rejects *r, const char *file);
/* The files rows were rejected from, in the order they first appear, and
 * how many from each (files and counts hold r->count entries); returns
 * how many files. */
int rejects_by_file(const struct rejects *r, const char **files, int *counts);

#endif
