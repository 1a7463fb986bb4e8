/* outdir.h: an output directory replaced whole, or not at all.
 *
 * A run never writes into OUT_DIR itself. It writes every output into a
 * staging directory beside it (PARENT/.NAME.grantdoc-new), and only when
 * the whole set is written and on disk does it swap the staging directory
 * with OUT_DIR (renameat2 RENAME_EXCHANGE: one atomic step) and remove
 * the previous set. So a run that fails, is refused half-way or is killed
 * leaves OUT_DIR exactly as the previous complete run left it, and a run
 * that succeeds leaves exactly its own complete set: no document of a
 * record that is gone, no mix of old and new.
 *
 * Beside OUT_DIR live only grantdoc's own names: the lock
 * (.NAME.grantdoc-lock, flock, never followed through a symlink), the
 * staging directory, the previous set while it is removed
 * (.NAME.grantdoc-old), and NAME.blocked for a run blocked by rejected
 * rows. OUT_DIR must hold nothing but grantdoc's outputs (the files its
 * manifest.json lists): a file grantdoc did not write is never deleted,
 * so such a directory is refused before anything is touched. */
#ifndef GRANTDOC_OUTDIR_H
#define GRANTDOC_OUTDIR_H

#include <stdbool.h>

#include "strbuf.h"

#define OUTDIR_PATH_MAX 4096

struct outdir {
	char final[OUTDIR_PATH_MAX]; /* OUT_DIR, trailing slashes removed */
	char stage[OUTDIR_PATH_MAX]; /* where this run writes */
	char old[OUTDIR_PATH_MAX];
	char blocked[OUTDIR_PATH_MAX];
	char lock[OUTDIR_PATH_MAX];
	int lock_fd;
	bool existed; /* OUT_DIR held a previous set */
};

/* The exit status of a refusal (exitcodes.h) or EXIT_OK. */
/* Takes the lock, finishes or undoes what a killed run left (a swap half
 * done, a staging directory), checks that OUT_DIR holds only grantdoc's
 * outputs, and makes an empty staging directory. EXIT_TEMPFAIL when
 * another run holds the lock; EXIT_CANTCREAT when the directory cannot be
 * used, with one line in *err. */
int outdir_begin(struct outdir *o, const char *out_dir, struct strbuf *err);

/* Puts the staging directory in OUT_DIR's place, in one step, after
 * flushing it to disk, and removes the previous set. False (OUT_DIR
 * untouched) with *err on failure. */
bool outdir_commit(struct outdir *o, struct strbuf *err);

/* A run blocked by rejected rows: its staging directory (provisional
 * tables) becomes NAME.blocked, replacing an earlier one; OUT_DIR is left
 * as it was. */
bool outdir_commit_blocked(struct outdir *o, struct strbuf *err);

/* Removes the staging directory (a failed run); OUT_DIR is left as it
 * was. Safe to call after commit. */
void outdir_abort(struct outdir *o);

/* Releases the lock. */
void outdir_end(struct outdir *o);

/* Removes a directory tree grantdoc made: regular files and directories
 * only, symbolic links are removed as links and never followed. */
bool remove_tree(const char *path);

#endif
