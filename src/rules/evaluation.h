/* evaluation.h: expert scores (evaluations.csv), read the same way for
 * every programme with a review, and the review built on them: a score
 * per application from its valid (non-recused) scores, and the ranking. */
#ifndef GRANTDOC_EVALUATION_H
#define GRANTDOC_EVALUATION_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "csvread.h"
#include "decision.h"
#include "review.h"
#include "rejects.h"
#include "strmap.h"

/* 24 bytes (a batch of 100,000 brings half a million). */
struct evaluation {
	const char *expert;
	int app;        /* index into the applications */
	int score;      /* hundredths */
	bool technical; /* 技术 (else 财务) */
	bool recused;
};
_Static_assert(sizeof(struct evaluation) <= 24, "an evaluation grew: HACKING.md, Memory at 100,000 records");

/* Reading evaluations.csv: rows naming an application not in app_ids, an
 * empty expert or score, or an expert scoring one application twice go
 * to rejects. */
struct eval_reader {
	const struct strmap *app_ids;    /* application id -> index */
	const struct csv_schema *parent; /* the applications' schema: an evaluation of a
					  * rejected one says so (NULL: not known) */
	struct evaluation *items;
	int count, cap;
	/* (application, expert) pairs read so far: item position + 1 in an
	 * open-addressing table hashed on the pair (0: empty), only while
	 * reading. 4 bytes a slot where a key string per evaluation took 23 MB
	 * at 486,000 evaluations. */
	int *seen;
	size_t seen_cap;
	struct rejects *rejects;
	struct arena *arena;
};

void eval_reader_init(struct eval_reader *r, const struct strmap *app_ids, struct rejects *rejects,
		      struct arena *arena);
/* Evaluations of an application that was rejected say that it was (see
 * bind_reference); parent is the schema its applications were read with. */
void eval_reader_parent(struct eval_reader *r, const struct csv_schema *parent);
/* The items stay the caller's (free() them); the rest is released. */
void eval_reader_done(struct eval_reader *r);
extern const struct csv_schema EVALUATION_SCHEMA;
void evaluation_row(const struct csv_row *row, void *reader);

/* For each of napps applications (needs[i] false: skipped), the review
 * score from its valid scores, or SCORE_NONE with fewer than min_experts. */
void review_all(const struct evaluation *e, int n, int napps, const bool *needs, int min_experts,
		enum review_method method, int *score);

/* One entry of a ranking: score descending, then earlier submission,
 * then id. */
struct rank_key {
	int index;
	int score;
	int64_t submitted;
	const char *id;
};
/* Sorts keys into rank order. */
void rank_keys(struct rank_key *keys, int n);

/* A record's tie-breaking facts: its submission time and its id. */
typedef void (*rank_facts)(const void *data, int i, int64_t *submitted, const char **id);

/* The review every reviewed programme does: each of the n records with
 * needs[i] is scored (p->min_experts, p->method); one with too few valid
 * scores becomes 待补评, the others get their score in d and come back in
 * keys (n slots) in rank order. Returns how many are ranked. */
int review_and_rank(const struct review_params *p, const struct evaluation *e, int ne, int n, const bool *needs,
		    rank_facts facts, const void *data, struct decision *d, struct rank_key *keys);

#endif
