/* outfile.h: output files that are complete or absent, never half-written.
 *
 * Each file is written under a temporary name in its final directory and
 * renamed over the final name, so no reader ever sees a file half written.
 * Runs write inside a staging directory that outdir.h flushes to disk once
 * and swaps in whole; a file is not fsynced on its own. */
#ifndef GRANTDOC_OUTFILE_H
#define GRANTDOC_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "strbuf.h"

struct outfile {
	FILE *f;
	char *tmp_path;
	char *final_path;
};

bool outfile_open(struct outfile *o, const char *dir, const char *name, struct strbuf *err);
/* Flushes, closes (unless a library that wrote tmp_path itself set f to
 * NULL) and renames (durability comes from the staging
 * directory's one syncfs, outdir.h). False (and the temporary removed)
 * on any write error. */
bool outfile_commit(struct outfile *o, struct strbuf *err);
void outfile_abort(struct outfile *o);

/* Puts the file at src at dir/name the same all-or-nothing way: a hard
 * link when both are on one file system (outputs are only ever replaced
 * by rename, never rewritten in place, so sharing the inode is safe),
 * else a copy. */
bool outfile_place(const char *src, const char *dir, const char *name, struct strbuf *err);

/* mkdir -p */
bool make_dirs(const char *path, struct strbuf *err);

/* SHA-256 of a file as 64 hex digits (buf holds 65); size in *bytes. */
bool file_sha256(const char *path, char *hex, long long *bytes);

#endif
