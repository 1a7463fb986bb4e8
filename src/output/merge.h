/* merge.h: `grantdoc merge` — the shards of one batch, each run with
 * --shard K/N into its own directory, combined into one output directory
 * equal to a full run's.
 *
 * Before anything is written, the shards are checked to add up: the same
 * batch, programme version and decisions in every shard; each index
 * 0..N-1 present exactly once; every planned document in exactly one
 * shard, present there with the SHA-256 its shard recorded (or listed as
 * not drawable); and the union equal to the whole plan, by hash. Any
 * problem — a missing or doubled document above all — is reported with
 * the file and shard, and nothing is written. */
#ifndef GRANTDOC_MERGE_H
#define GRANTDOC_MERGE_H

#include "strbuf.h"

struct merge_result {
	int shards, documents, not_written, problems;
};

/* An exit code (exitcodes.h): EXIT_OK, EXIT_DATAERR when the shards do not
 * add up (each problem is one line of problems), EXIT_NOINPUT when a
 * shard's manifest cannot be read, EXIT_CANTCREAT / EXIT_TEMPFAIL for the
 * output directory (the reason in err). */
int merge_shards(const char *out_dir, const char *const *shard_dirs, int n, struct merge_result *res,
		 struct strbuf *problems, struct strbuf *err);

#endif
