#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

static char *dup_printf(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = xmalloc(n);
	snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

bool outfile_open(struct outfile *o, const char *dir, const char *name, struct strbuf *err)
{
	o->final_path = dup_printf(dir, "/", name);
	/* Same directory, so the rename is atomic; the pid keeps two runs'
	 * temporaries apart. */
	char suffix[32];
	snprintf(suffix, sizeof suffix, ".%ld.tmp", (long)getpid());
	o->tmp_path = dup_printf(o->final_path, suffix, "");
	o->f = fopen(o->tmp_path, "wb");
	if (!o->f) {
		sb_printf(err, "%s: cannot create: %s", o->final_path, strerror(errno));
		free(o->tmp_path);
		free(o->final_path);
		o->tmp_path = o->final_path = NULL;
		return false;
	}
	return true;
}

void outfile_abort(struct outfile *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp_path)
		unlink(o->tmp_path);
	free(o->tmp_path);
	free(o->final_path);
	o->f = NULL;
	o->tmp_path = o->final_path = NULL;
}

bool outfile_commit(struct outfile *o, struct strbuf *err)
{
	/* No fsync per file: every output is written inside a run's staging
	 * directory, which outdir_commit() flushes with one syncfs before
	 * anything reaches its final place (outdir.h). */
	bool ok = true;
	int saved = 0;
	if (o->f) { /* NULL: another library wrote tmp_path and closed it */
		ok = fflush(o->f) == 0 && !ferror(o->f);
		saved = errno;
		ok = fclose(o->f) == 0 && ok;
		o->f = NULL;
	}
	if (ok && rename(o->tmp_path, o->final_path) != 0) {
		saved = errno;
		ok = false;
	}
	if (!ok) {
		sb_printf(err, "%s: write failed: %s", o->final_path, strerror(saved));
		unlink(o->tmp_path);
	}
	free(o->tmp_path);
	free(o->final_path);
	o->tmp_path = o->final_path = NULL;
	return ok;
}

static bool copy_into(const char *src, struct outfile *o, struct strbuf *err)
{
	FILE *in = fopen(src, "rb");
	if (!in) {
		sb_printf(err, "%s: cannot read: %s", src, strerror(errno));
		return false;
	}
	char buf[1 << 16];
	size_t n;
	bool ok = true;
	while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
		ok = fwrite(buf, 1, n, o->f) == n;
	if (ferror(in)) {
		sb_printf(err, "%s: cannot read: %s", src, strerror(errno));
		ok = false;
	}
	fclose(in);
	return ok;
}

bool outfile_place(const char *src, const char *dir, const char *name, struct strbuf *err)
{
	struct outfile o;
	if (!outfile_open(&o, dir, name, err))
		return false;
	fclose(o.f);
	o.f = NULL;
	unlink(o.tmp_path);
	if (link(src, o.tmp_path) == 0) {
		bool ok = rename(o.tmp_path, o.final_path) == 0;
		if (!ok) {
			sb_printf(err, "%s: cannot rename into place: %s", o.final_path, strerror(errno));
			unlink(o.tmp_path);
		}
		outfile_abort(&o);
		return ok;
	}
	o.f = fopen(o.tmp_path, "wb");
	if (!o.f) {
		sb_printf(err, "%s: cannot create: %s", o.tmp_path, strerror(errno));
		outfile_abort(&o);
		return false;
	}
	if (!copy_into(src, &o, err)) {
		outfile_abort(&o);
		return false;
	}
	return outfile_commit(&o, err);
}

bool make_dirs(const char *path, struct strbuf *err)
{
	char *copy = strcpy(xmalloc(strlen(path) + 1), path);
	bool ok = true;
	for (char *p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
			sb_printf(err, "%s: cannot create directory: %s", copy, strerror(errno));
			ok = false;
			break;
		}
		*p = saved;
		if (!saved)
			break;
	}
	struct stat st;
	if (ok && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))) {
		sb_printf(err, "%s: not a directory", path);
		ok = false;
	}
	free(copy);
	return ok;
}

bool file_sha256(const char *path, char *hex, long long *bytes)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	unsigned char buf[65536];
	size_t n;
	*bytes = 0;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		EVP_DigestUpdate(ctx, buf, n);
		*bytes += (long long)n;
	}
	bool ok = !ferror(f);
	fclose(f);
	unsigned char md[32];
	unsigned int len = 0;
	EVP_DigestFinal_ex(ctx, md, &len);
	EVP_MD_CTX_free(ctx);
	for (unsigned i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return ok;
}
