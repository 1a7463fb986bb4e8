/* libFuzzer: shard manifests as grantdoc merge reads them, in shard
 * directories merge must not trust.
 *
 * The input is up to three manifests separated by a line "@@"; each goes
 * to sK/manifest.json in a scratch directory whose shards also hold a
 * table, a summary, a document, a symbolic link to a file outside, a FIFO
 * and a subdirectory that is a link. merge_shards runs on them; afterwards
 * nothing outside its output directory may have changed: the file beside
 * the shards keeps its bytes, no new name appears (but the output's lock
 * beside it), and the output holds
 * no link. A FIFO that merge opened for reading would hang the target
 * (libFuzzer's -timeout reports it). */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "merge.h"

#define MAX_SHARDS 3
#define OUTSIDE "outside-untouched"

static char root[64];

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static void remove_tree(int dir_fd, const char *name)
{
	int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (fd < 0) {
		unlinkat(dir_fd, name, 0);
		return;
	}
	DIR *d = fdopendir(fd);
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			remove_tree(fd, e->d_name);
	closedir(d);
	unlinkat(dir_fd, name, AT_REMOVEDIR);
}

static void remove_root(void)
{
	int fd = open("/dev/shm", O_RDONLY | O_DIRECTORY);
	remove_tree(fd, root + strlen("/dev/shm/"));
	close(fd);
}

/* merge holds its output directory's lock for the life of the process;
 * here a process merges many times, so the lock of a finished merge is
 * let go. */
static void release_locks(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char link[64], target[256];
		snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
		ssize_t n = readlink(link, target, sizeof target - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (strstr(target, "/out/.grantdoc.lock"))
			close(atoi(e->d_name));
	}
	if (d)
		closedir(d);
}

/* The scratch directory, made once: shards s0..s2 with the same files. */
static void setup(void)
{
	snprintf(root, sizeof root, "/dev/shm/grantdoc-fuzz-merge.%ld", (long)getpid());
	atexit(remove_root);
	mkdir(root, 0700);
	char path[256];
	snprintf(path, sizeof path, "%s/" OUTSIDE, root);
	put(path, "x");
	for (int k = 0; k < MAX_SHARDS; k++) {
		snprintf(path, sizeof path, "%s/s%d", root, k);
		mkdir(path, 0700);
		snprintf(path, sizeof path, "%s/s%d/decisions.csv", root, k);
		put(path, "x");
		snprintf(path, sizeof path, "%s/s%d/summary.json", root, k);
		put(path, "{ \"rejects_by_file\": {}, \"warnings\": 0 }");
		snprintf(path, sizeof path, "%s/s%d/notices", root, k);
		mkdir(path, 0700);
		snprintf(path, sizeof path, "%s/s%d/notices/A.pdf", root, k);
		put(path, "a");
		snprintf(path, sizeof path, "%s/s%d/notices/L.pdf", root, k);
		symlink("../../" OUTSIDE, path);
		snprintf(path, sizeof path, "%s/s%d/notices/F.pdf", root, k);
		mkfifo(path, 0600);
		snprintf(path, sizeof path, "%s/s%d/up", root, k);
		symlink("..", path);
	}
}

static void check_untouched(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s/" OUTSIDE, root);
	FILE *f = fopen(path, "r");
	char buf[8] = "";
	if (!f || !fgets(buf, sizeof buf, f) || strcmp(buf, "x") != 0) {
		fprintf(stderr, "merge changed a file outside its output directory\n");
		abort();
	}
	fclose(f);
	DIR *d = opendir(root);
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		/* Beside OUT_DIR only its lock may stay (outdir.h): the staging
		 * and previous sets are gone when merge returns. */
		if (strcmp(n, ".") && strcmp(n, "..") && strcmp(n, OUTSIDE) && strcmp(n, "out") && strcmp(n, "s0") &&
		    strcmp(n, "s1") && strcmp(n, "s2") && strcmp(n, ".out.grantdoc-lock")) {
			fprintf(stderr, "merge wrote %s outside its output directory\n", n);
			abort();
		}
	}
	closedir(d);
}

/* No link in the output: merge copies regular files only. */
static void check_no_links(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
			fprintf(stderr, "merge left a symbolic link: %s\n", path);
			abort();
		}
		if (S_ISDIR(st.st_mode))
			check_no_links(path);
	}
	closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root[0])
		setup();
	const char *dirs[MAX_SHARDS];
	char names[MAX_SHARDS][96];
	int n = 0;
	const char *p = (const char *)data, *end = p + size;
	while (n < MAX_SHARDS) {
		const char *sep = NULL;
		for (const char *q = p; q + 3 <= end; q++)
			if (q[0] == '@' && q[1] == '@' && q[2] == '\n' && (q == p || q[-1] == '\n')) {
				sep = q;
				break;
			}
		const char *stop = sep ? sep : end;
		snprintf(names[n], sizeof names[n], "%s/s%d", root, n);
		char path[128];
		snprintf(path, sizeof path, "%s/manifest.json", names[n]);
		FILE *f = fopen(path, "wb");
		fwrite(p, 1, (size_t)(stop - p), f);
		fclose(f);
		dirs[n] = names[n];
		n++;
		if (!sep)
			break;
		p = sep + 3;
	}
	char out[96];
	snprintf(out, sizeof out, "%s/out", root);
	struct merge_result res;
	struct strbuf problems = STRBUF_INIT, err = STRBUF_INIT;
	int code = merge_shards(out, dirs, n, &res, &problems, &err);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "exit %d\n%s%s\n", code, sb_str(&problems), sb_str(&err));
	release_locks();
	sb_free(&problems);
	sb_free(&err);
	check_untouched();
	check_no_links(out);
	int fd = open(root, O_RDONLY | O_DIRECTORY);
	remove_tree(fd, "out");
	close(fd);
	return 0;
}
