/* rejects.h: rows that could not be read, for rejects.csv.
 *
 * A bad cell never stops a batch: its row is recorded here with the file,
 * the line where the row starts, the field, the value and why, and the rest
 * of the file goes on. */
#ifndef GRANTDOC_REJECTS_H
#define GRANTDOC_REJECTS_H

#include "arena.h"

struct reject {
	const char *file;
	long line;
	const char *field;
	const char *value;
	const char *error;
};

struct rejects {
	struct arena *arena;
	struct reject *items;
	int count, cap;
};

void rejects_init(struct rejects *r, struct arena *arena);
void rejects_free(struct rejects *r);
/* Copies every string; a value longer than 200 characters is cut with "…". */
void rejects_add(struct rejects *r, const char *file, long line,
		 const char *field, const char *value, const char *error);
/* How many rejects come from one file. */
int rejects_count_file(const struct rejects *r, const char *file);
/* The files rows were rejected from, in the order they first appear, and
 * how many from each (files and counts hold r->count entries); returns
 * how many files. */
int rejects_by_file(const struct rejects *r, const char **files, int *counts);

#endif
