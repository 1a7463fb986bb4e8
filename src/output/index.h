/* index.h: finding a record's documents without grepping the input.
 *
 * index.csv (and the same sheet as index.xlsx, each document a link to its
 * file): one row per decided record in input order — id, applicant, title,
 * category, status, requested, award — then one column per kind of
 * document a record can have (notices, taskbooks, …) holding the path of
 * that record's document under the output directory. A record of another
 * input that has documents (a banned contract, a project's acceptance)
 * follows, in plan order, with its id, the unit it concerns (as applicant),
 * what was decided (as status) and its documents. Batch-wide
 * documents (publicity.pdf, disbursement.pdf) have no row.
 *
 * The index lists the documents the batch has (the plan), written before
 * any is drawn: a shard lists every shard's, so that all shards write the
 * same index, and a document that could not be drawn (document-errors.csv)
 * keeps its path, where it goes once it can be. */
#ifndef GRANTDOC_INDEX_H
#define GRANTDOC_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "report.h"

/* One document of a record, as the plan has it. */
struct index_doc {
	const char *record;        /* the record's id */
	const char *rel;           /* its path under the output directory */
	int kind;                  /* position in the kinds of index_build */
	const char *who, *outcome; /* a record of another input: its unit and outcome */
};

struct index_row {
	const char *id;
	const struct decided *decided; /* NULL for a record of another input */
	const char *who, *outcome;     /* then: its unit and outcome, or NULL */
	const char **paths;            /* one per kind, "" when none */
};

struct index {
	const char *const *kinds; /* the column names of the documents */
	int nkinds;
	struct index_row *rows;
	int nrows;
};

/* The rows: rows[0..n) with their documents, then the records that have
 * documents but no decision. Lives in arena. */
void index_build(struct index *x, const struct decided *rows, int n, const char *const *kinds, int nkinds,
		 const struct index_doc *docs, int ndocs, struct arena *arena);

/* index.csv: id,applicant,title,category,status,requested,award, then
 * the kinds. */
bool report_index(const char *dir, const struct index *x, struct written *w, struct strbuf *err);

#endif
