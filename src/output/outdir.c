/* renameat2 (RENAME_EXCHANGE) and syncfs are Linux's. */
#define _GNU_SOURCE
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "exitcodes.h"
#include "json.h"
#include "outfile.h"
#include "strmap.h"

/* Files of an output directory that its manifest does not list but
 * grantdoc writes (or wrote: the lock of versions before 0.2). */
static const char *const OWN_UNLISTED[] = { "manifest.json", "summary.json", ".grantdoc.lock", NULL };
/* What a blocked run leaves in NAME.blocked. */
static const char *const BLOCKED_FILES[] = { "decisions.csv", "reasons.csv",  "rejects.csv",
					     "warnings.csv",  "summary.json", NULL };

static bool is_dir(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static bool in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

bool remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) == 0;
	DIR *d = opendir(path);
	if (!d)
		return false;
	bool ok = true;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char child[OUTDIR_PATH_MAX];
		if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= (int)sizeof child)
			ok = false;
		else
			ok = remove_tree(child) && ok;
	}
	closedir(d);
	return rmdir(path) == 0 && ok;
}

/* ---- where things are ---- */

/* out without trailing slashes, split into parent and name; a symbolic
 * link to a directory is followed (the directory is what is replaced). */
static int locate(struct outdir *o, const char *out, struct strbuf *err)
{
	char given[OUTDIR_PATH_MAX];
	if (snprintf(given, sizeof given, "%s", out) >= (int)sizeof given) {
		sb_printf(err, "--out: path too long");
		return EXIT_USAGE;
	}
	size_t n = strlen(given);
	while (n > 1 && given[n - 1] == '/')
		given[--n] = '\0';
	struct stat st;
	if (lstat(given, &st) == 0 && S_ISLNK(st.st_mode)) {
		char real[PATH_MAX];
		if (!realpath(given, real)) {
			sb_printf(err, "%s: a symbolic link that leads nowhere: %s", given, strerror(errno));
			return EXIT_CANTCREAT;
		}
		snprintf(given, sizeof given, "%s", real);
	}
	const char *slash = strrchr(given, '/');
	const char *name = slash ? slash + 1 : given;
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		sb_printf(err,
			  "--out %s: give the output directory by its name (grantdoc replaces the whole directory)",
			  out);
		return EXIT_USAGE;
	}
	char parent[OUTDIR_PATH_MAX];
	if (!slash)
		snprintf(parent, sizeof parent, ".");
	else if (slash == given)
		snprintf(parent, sizeof parent, "/");
	else
		snprintf(parent, sizeof parent, "%.*s", (int)(slash - given), given);
	const char *sep = strcmp(parent, "/") == 0 ? "" : "/";
	snprintf(o->final, sizeof o->final, "%s", given);
	if (snprintf(o->stage, sizeof o->stage, "%s%s.%s.grantdoc-new", parent, sep, name) >= (int)sizeof o->stage ||
	    snprintf(o->old, sizeof o->old, "%s%s.%s.grantdoc-old", parent, sep, name) >= (int)sizeof o->old ||
	    snprintf(o->lock, sizeof o->lock, "%s%s.%s.grantdoc-lock", parent, sep, name) >= (int)sizeof o->lock ||
	    snprintf(o->blocked, sizeof o->blocked, "%s%s%s.blocked", parent, sep, name) >= (int)sizeof o->blocked) {
		sb_printf(err, "--out: path too long");
		return EXIT_USAGE;
	}
	if (!make_dirs(parent, err))
		return EXIT_CANTCREAT;
	return EXIT_OK;
}

static int take_lock(struct outdir *o, struct strbuf *err)
{
	/* O_NOFOLLOW: a lock planted as a symbolic link is refused, never
	 * followed to create or truncate a file elsewhere. */
	o->lock_fd = open(o->lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
	if (o->lock_fd < 0) {
		sb_printf(err, "%s: cannot create the lock: %s", o->lock, strerror(errno));
		return EXIT_CANTCREAT;
	}
	struct stat st;
	if (fstat(o->lock_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		sb_printf(err, "%s: the lock is not a regular file", o->lock);
		return EXIT_CANTCREAT;
	}
	if (flock(o->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		sb_printf(err, "%s: in use by another grantdoc run; not touched", o->final);
		return EXIT_TEMPFAIL;
	}
	return EXIT_OK;
}

/* A killed run may have left a swap half done or a staging directory. */
static int recover(struct outdir *o, struct strbuf *err)
{
	if (is_dir(o->old)) {
		if (!exists(o->final)) {
			if (rename(o->old, o->final) != 0) {
				sb_printf(err, "%s: cannot restore the previous outputs from %s: %s", o->final, o->old,
					  strerror(errno));
				return EXIT_CANTCREAT;
			}
		} else if (!remove_tree(o->old)) {
			sb_printf(err, "%s: cannot remove %s: %s", o->final, o->old, strerror(errno));
			return EXIT_CANTCREAT;
		}
	}
	if (exists(o->stage) && !remove_tree(o->stage)) {
		sb_printf(err, "%s: cannot remove %s: %s", o->final, o->stage, strerror(errno));
		return EXIT_CANTCREAT;
	}
	return EXIT_OK;
}

/* ---- only grantdoc's own files ---- */

/* The files OUT_DIR/manifest.json lists, into names. */
static void listed_outputs(const char *dir, struct strmap *names, struct arena *a)
{
	char path[OUTDIR_PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/manifest.json", dir);
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	const char *why;
	if (sb_read_file(&text, path, 1u << 30, &why)) {
		const struct json *root = json_parse(text.data, text.len, a, &err);
		const struct json *outputs = root ? json_get(root, "outputs") : NULL;
		for (int i = 0; outputs && outputs->type == JSON_ARRAY && i < outputs->count; i++) {
			const char *file = json_get_string(outputs->items[i], "file");
			if (file)
				strmap_put(names, arena_strdup(a, file), 1);
		}
	}
	sb_free(&text);
	sb_free(&err);
}

/* The first entry of dir (relative to the output directory: prefix) that
 * grantdoc did not write, or NULL. */
static const char *foreign_in(const char *dir, const char *prefix, const struct strmap *names, int depth,
			      struct arena *a)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	const char *found = NULL;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char rel[OUTDIR_PATH_MAX], path[OUTDIR_PATH_MAX];
		if (snprintf(rel, sizeof rel, "%s%s", prefix, e->d_name) >= (int)sizeof rel - 1 ||
		    snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
			continue;
		struct stat st;
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth == 0) {
			char sub[OUTDIR_PATH_MAX + 1];
			snprintf(sub, sizeof sub, "%s/", rel);
			found = foreign_in(path, sub, names, depth + 1, a);
		} else if (!S_ISREG(st.st_mode) ||
			   !(strmap_get(names, rel) || (depth == 0 && in_list(rel, OWN_UNLISTED)))) {
			found = arena_strdup(a, rel);
		}
	}
	closedir(d);
	return found;
}

static int check_only_ours(struct outdir *o, struct strbuf *err)
{
	struct stat st;
	if (lstat(o->final, &st) != 0)
		return EXIT_OK;
	if (!S_ISDIR(st.st_mode)) {
		sb_printf(err, "%s: not a directory", o->final);
		return EXIT_CANTCREAT;
	}
	char parent[OUTDIR_PATH_MAX + 4];
	snprintf(parent, sizeof parent, "%s/..", o->final);
	struct stat up;
	if (stat(parent, &up) == 0 && up.st_dev != st.st_dev) {
		sb_printf(
			err,
			"%s: a mount point; grantdoc replaces its output directory whole, so give a directory inside it",
			o->final);
		return EXIT_CANTCREAT;
	}
	o->existed = true;
	struct arena a;
	arena_init(&a);
	struct strmap names;
	strmap_init(&names);
	listed_outputs(o->final, &names, &a);
	const char *foreign = foreign_in(o->final, "", &names, 0, &a);
	if (foreign)
		sb_printf(err,
			  "%s: holds %s, which grantdoc did not write; move it away or give another --out "
			  "(grantdoc replaces the directory whole and never deletes what it did not write)",
			  o->final, foreign);
	strmap_free(&names);
	arena_free(&a);
	return foreign ? EXIT_CANTCREAT : EXIT_OK;
}

int outdir_begin(struct outdir *o, const char *out_dir, struct strbuf *err)
{
	memset(o, 0, sizeof *o);
	o->lock_fd = -1;
	int code = locate(o, out_dir, err);
	if (code == EXIT_OK)
		code = take_lock(o, err);
	if (code == EXIT_OK)
		code = recover(o, err);
	if (code == EXIT_OK)
		code = check_only_ours(o, err);
	if (code == EXIT_OK && mkdir(o->stage, 0755) != 0) {
		sb_printf(err, "%s: cannot create: %s", o->stage, strerror(errno));
		code = EXIT_CANTCREAT;
	}
	return code;
}

/* ---- commit ---- */

static bool sync_dir(const char *path, bool whole_fs)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	/* One syncfs flushes every file the run wrote, instead of one fsync
	 * per file; the files reach their final names only after it. */
	bool ok = (whole_fs ? syncfs(fd) : fsync(fd)) == 0;
	close(fd);
	return ok;
}

static void parent_of(const char *path, char *out)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(out, OUTDIR_PATH_MAX, ".");
	else if (slash == path)
		snprintf(out, OUTDIR_PATH_MAX, "/");
	else
		snprintf(out, OUTDIR_PATH_MAX, "%.*s", (int)(slash - path), path);
}

/* NAME.blocked of an earlier blocked run, if it holds only what a blocked
 * run writes. */
static void remove_blocked(const struct outdir *o)
{
	DIR *d = opendir(o->blocked);
	if (!d)
		return;
	bool ours = true;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			ours = ours && in_list(e->d_name, BLOCKED_FILES);
	closedir(d);
	if (ours)
		remove_tree(o->blocked);
}

bool outdir_commit(struct outdir *o, struct strbuf *err)
{
	char parent[OUTDIR_PATH_MAX];
	parent_of(o->final, parent);
	if (!sync_dir(o->stage, true)) {
		sb_printf(err, "%s: cannot flush the outputs to disk: %s", o->stage, strerror(errno));
		return false;
	}
	if (!o->existed) {
		if (rename(o->stage, o->final) != 0) {
			sb_printf(err, "%s: cannot put the outputs in place: %s", o->final, strerror(errno));
			return false;
		}
	} else if (renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->final, RENAME_EXCHANGE) == 0) {
		/* The staging name now holds the previous set. */
		if (rename(o->stage, o->old) != 0)
			remove_tree(o->stage);
	} else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) {
		/* A file system without atomic exchange: two renames, which
		 * outdir_begin() completes or undoes if the run dies between. */
		if (rename(o->final, o->old) != 0 || rename(o->stage, o->final) != 0) {
			sb_printf(err, "%s: cannot put the outputs in place: %s", o->final, strerror(errno));
			if (!exists(o->final))
				rename(o->old, o->final);
			return false;
		}
	} else {
		sb_printf(err, "%s: cannot put the outputs in place: %s", o->final, strerror(errno));
		return false;
	}
	sync_dir(parent, false);
	remove_tree(o->old);
	remove_blocked(o);
	return true;
}

bool outdir_commit_blocked(struct outdir *o, struct strbuf *err)
{
	char parent[OUTDIR_PATH_MAX];
	parent_of(o->final, parent);
	if (!sync_dir(o->stage, true)) {
		sb_printf(err, "%s: cannot flush to disk: %s", o->stage, strerror(errno));
		return false;
	}
	remove_blocked(o);
	if (exists(o->blocked)) {
		sb_printf(err, "%s: holds files grantdoc did not write; the provisional tables are not written",
			  o->blocked);
		return false;
	}
	if (rename(o->stage, o->blocked) != 0) {
		sb_printf(err, "%s: cannot create: %s", o->blocked, strerror(errno));
		return false;
	}
	sync_dir(parent, false);
	return true;
}

void outdir_abort(struct outdir *o)
{
	if (o->stage[0] && exists(o->stage))
		remove_tree(o->stage);
}

void outdir_end(struct outdir *o)
{
	if (o->lock_fd >= 0)
		close(o->lock_fd);
	o->lock_fd = -1;
}
