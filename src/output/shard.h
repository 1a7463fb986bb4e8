/* shard.h: splitting a batch's documents over machines (--shard K/N).
 *
 * Every shard decides the whole batch (the rules need all records: ranks,
 * budget walk) and renders only its own documents. A document belongs to
 * shard K when the first 8 bytes of SHA-256(record id), read big-endian,
 * are K modulo N: stable across runs, machines and batch orders, and
 * computable with sha256sum. Batch-wide documents use their own name
 * ("publicity", "disbursement") as the record id. */
#ifndef GRANTDOC_SHARD_H
#define GRANTDOC_SHARD_H

#include <stdbool.h>

#include "arena.h"

#define SHARD_MAX 4096

struct shard {
	int index, count; /* count 0: not sharded, every document is ours */
};

/* "K/N" with 0 <= K < N <= SHARD_MAX, decimal without signs or spaces. */
bool shard_parse(const char *text, struct shard *out);
int shard_of(const char *record, int count);
bool shard_owns(const struct shard *s, const char *record);

/* The plan a shard's manifest records, so that `grantdoc merge` can tell a
 * missing or doubled document: the shard's documents with their places in
 * the whole batch's order, and a hash over every planned name in order. */
struct shard_plan {
	struct shard shard;
	int total;          /* documents planned over all shards */
	char sha256[65];    /* hasher_str (hash.h) of every name, in plan order */
	const char **files; /* this shard's documents */
	int *seqs;          /* their positions in the whole plan */
	int count, cap;
};

void shard_plan_init(struct shard_plan *p, const struct shard *s);
void shard_plan_add(struct shard_plan *p, const char *file, int seq, struct arena *a);
void shard_plan_free(struct shard_plan *p);

#endif
