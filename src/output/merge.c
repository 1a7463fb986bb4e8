#include "merge.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "csvout.h"
#include "date.h"
#include "exitcodes.h"
#include "hash.h"
#include "json.h"
#include "outdir.h"
#include "outfile.h"
#include "report.h"
#include "shardfile.h"
#include "strmap.h"

#ifndef GRANTDOC_VERSION
#define GRANTDOC_VERSION "dev"
#endif

/* Problems beyond this many are counted, not listed. */
#define MAX_LISTED 50

struct shard_in {
	const char *dir;
	const struct json *root, *outputs, *docs, *not_written;
	int index;
	bool repeated;                /* the same index as an earlier shard: ignored */
	struct strmap output_at;      /* file -> position in outputs */
	struct strmap not_written_at; /* file -> position in not_written */
};

/* Where each planned document is, by its position in the whole plan. */
struct place {
	int shard; /* position in the shard list; -1: nobody's */
	const char *file;
	const struct json *output; /* its outputs entry, NULL when not drawn */
	const struct json *error;  /* its not_written entry */
};

struct merge {
	struct arena arena;
	struct shard_in *shards;
	int n;
	int count, planned;
	const char *plan_sha256;
	struct place *places;
	struct strbuf *problems;
	int nproblems;
};

static void problem(struct merge *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct merge *m, const char *fmt, ...)
{
	if (m->nproblems++ >= MAX_LISTED)
		return;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(m->problems, fmt, ap);
	va_end(ap);
	sb_putc(m->problems, '\n');
}

static bool json_equal(const struct json *a, const struct json *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type || a->count != b->count)
		return false;
	if ((a->text || b->text) && (!a->text || !b->text || strcmp(a->text, b->text) != 0))
		return false;
	for (int i = 0; i < a->count; i++) {
		if (a->keys && strcmp(a->keys[i], b->keys[i]) != 0)
			return false;
		if (!json_equal(a->items[i], b->items[i]))
			return false;
	}
	return true;
}

static int get_int(const struct json *obj, const char *key, int fallback)
{
	int64_t v;
	return json_get_int64(obj, key, &v) && v >= 0 && v <= 100000000 ? (int)v : fallback;
}

static void index_by_file(const struct json *list, struct strmap *map)
{
	strmap_init(map);
	for (int i = 0; list && list->type == JSON_ARRAY && i < list->count; i++) {
		const char *file = json_get_string(list->items[i], "file");
		if (file)
			strmap_put(map, file, i);
	}
}

/* Every file a manifest names is one grantdoc writes, inside its shard:
 * "../x", "/etc/x" or ".hidden" are refused before anything is opened. */
static bool names_ok(struct merge *m, const struct shard_in *s, const char *path)
{
	const struct json *lists[] = { s->outputs, s->docs, s->not_written };
	bool ok = true;
	for (int l = 0; l < 3; l++)
		for (int i = 0; i < lists[l]->count; i++) {
			const struct json *file = json_get(lists[l]->items[i], "file");
			if (!file || file->type != JSON_STRING) {
				problem(m, "%s: an entry without a file name", path);
				ok = false;
			} else if (!shard_name_ok(file->text) || strcmp(file->text, "manifest.json") == 0) {
				problem(m, "refused: %s names \"%s\", not a file grantdoc writes inside its directory",
					path, file->text);
				ok = false;
			}
		}
	return ok;
}

static bool hex64(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* Every value merge copies into its own manifest is of the kind grantdoc
 * writes: the programme a string, hashes and keys 64 hex digits, the
 * records and fields of undrawable documents strings. A manifest that
 * lacks one, or holds something else, is refused here, not written out. */
static bool facts_ok(struct merge *m, const struct shard_in *s, const char *path)
{
	const char *what = NULL;
	const struct json *inputs = json_get(s->root, "inputs");
	if (!json_get_string(s->root, "programme"))
		what = "no programme";
	else if (inputs && inputs->type != JSON_ARRAY)
		what = "inputs is not a list";
	for (int i = 0; !what && inputs && i < inputs->count; i++)
		if (!json_get_string(inputs->items[i], "file") || !hex64(json_get_string(inputs->items[i], "sha256")))
			what = "an input without its name and SHA-256";
	for (int i = 0; !what && i < s->outputs->count; i++) {
		const struct json *o = s->outputs->items[i];
		if (!hex64(json_get_string(o, "sha256")) || (json_get(o, "key") && !hex64(json_get_string(o, "key"))))
			what = "an output without its SHA-256, or with a key that is not one";
	}
	for (int i = 0; !what && i < s->not_written->count; i++)
		if (!json_get_string(s->not_written->items[i], "record") ||
		    !json_get_string(s->not_written->items[i], "field"))
			what = "an undrawable document without its record and field";
	if (what)
		problem(m, "%s: not a grantdoc manifest (%s)", path, what);
	return !what;
}

/* The file a shard's manifest lists, opened inside the shard and hashed:
 * NULL when it is the file the shard wrote, else the problem. */
static const char *verify_file(const struct shard_in *s, const char *file, const char *want, char *why, size_t size)
{
	const char *reason;
	int fd = shard_open(s->dir, file, &reason);
	if (fd < 0) {
		if (strcmp(reason, "not there") == 0)
			snprintf(why, size, "missing: %s is listed by shard %d but %s/%s is not there", file, s->index,
				 s->dir, file);
		else
			snprintf(why, size, "refused: %s/%s is %s", s->dir, file, reason);
		return why;
	}
	char hex[65];
	bool read = shard_hash_fd(fd, hex);
	close(fd);
	if (!read)
		snprintf(why, size, "refused: %s/%s cannot be read", s->dir, file);
	else if (!want || strcmp(want, hex) != 0)
		snprintf(why, size, "changed: %s/%s is not the file shard %d wrote (SHA-256 differs)", s->dir, file,
			 s->index);
	else
		return NULL;
	return why;
}

static int load_shard(struct merge *m, struct shard_in *s, struct strbuf *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/manifest.json", s->dir);
	struct strbuf text = STRBUF_INIT;
	const char *unreadable;
	if (!shard_read(s->dir, "manifest.json", 1u << 30, &text, &unreadable)) {
		sb_printf(err, "%s: %s", path, unreadable);
		sb_free(&text);
		return EXIT_NOINPUT;
	}
	struct strbuf why = STRBUF_INIT;
	s->root = json_parse(sb_str(&text), text.len, &m->arena, &why);
	sb_free(&text);
	if (!s->root) {
		problem(m, "%s: not valid JSON: %s", path, sb_str(&why));
		sb_free(&why);
		return EXIT_DATAERR;
	}
	sb_free(&why);
	const struct json *shard = json_get(s->root, "shard");
	const char *program = json_get_string(s->root, "program");
	s->outputs = json_get(s->root, "outputs");
	s->docs = json_get(shard, "documents");
	s->not_written = json_get(shard, "not_written");
	s->index = get_int(shard, "index", -1);
	if (!program || strcmp(program, "grantdoc") != 0 || !s->outputs || s->outputs->type != JSON_ARRAY) {
		problem(m, "%s: not a grantdoc manifest", path);
		return EXIT_DATAERR;
	}
	if (!shard || s->index < 0 || !s->docs || s->docs->type != JSON_ARRAY || !s->not_written ||
	    s->not_written->type != JSON_ARRAY || !json_get_string(shard, "plan_sha256")) {
		problem(m, "%s: not a shard's manifest (the run was made without --shard K/N)", path);
		return EXIT_DATAERR;
	}
	if (!names_ok(m, s, path) || !facts_ok(m, s, path))
		return EXIT_DATAERR;
	index_by_file(s->outputs, &s->output_at);
	index_by_file(s->not_written, &s->not_written_at);
	return EXIT_OK;
}

/* Every shard must come from the same batch, decided the same way. */
static void check_agreement(struct merge *m, const struct shard_in *s, const struct shard_in *first)
{
	static const char *const same[] = { "version",   "programme",        "year",   "inputs",      "records",
					    "rejects",   "rejects_accepted", "status", "award_total", "disbursement",
					    "publicity", "decided",          NULL };
	for (int i = 0; same[i]; i++)
		if (!json_equal(json_get(s->root, same[i]), json_get(first->root, same[i])))
			problem(m, "%s and %s disagree on \"%s\": not shards of one run", first->dir, s->dir, same[i]);
	const struct json *a = json_get(s->root, "shard"), *b = json_get(first->root, "shard");
	if (!json_equal(json_get(a, "count"), json_get(b, "count")) ||
	    !json_equal(json_get(a, "planned"), json_get(b, "planned")) ||
	    !json_equal(json_get(a, "plan_sha256"), json_get(b, "plan_sha256")))
		problem(m, "%s and %s were split differently (shard count or plan differs)", first->dir, s->dir);
	/* The tables (decisions.csv, ...) must be byte-identical. */
	for (int i = 0; i < s->outputs->count; i++) {
		const struct json *o = s->outputs->items[i];
		const char *file = json_get_string(o, "file");
		if (!file || json_get(o, "pages") || strcmp(file, "document-errors.csv") == 0 ||
		    strcmp(file, "document-warnings.csv") == 0)
			continue;
		const int *k = strmap_get(&first->output_at, file);
		if (!k || !json_equal(json_get(o, "sha256"), json_get(first->outputs->items[*k], "sha256")))
			problem(m, "%s differs between %s and %s: not shards of one run", file, first->dir, s->dir);
	}
}

static void check_indexes(struct merge *m)
{
	int *seen = xmalloc((size_t)m->count * sizeof *seen);
	for (int k = 0; k < m->count; k++)
		seen[k] = -1;
	for (int i = 0; i < m->n; i++) {
		int k = m->shards[i].index;
		if (k >= m->count)
			problem(m, "%s: shard %d of %d is out of range", m->shards[i].dir, k, m->count);
		else if (seen[k] >= 0) {
			problem(m, "doubled: shard %d/%d given twice (%s and %s)", k, m->count, m->shards[seen[k]].dir,
				m->shards[i].dir);
			m->shards[i].repeated = true;
		} else
			seen[k] = i;
	}
	for (int k = 0; k < m->count; k++)
		if (seen[k] < 0)
			problem(m, "missing: shard %d/%d was not given; its documents are not here", k, m->count);
	free(seen);
}

/* One planned document of shard i: placed once, and present as recorded. */
static void check_document(struct merge *m, int i, const char *file, int seq)
{
	const struct shard_in *s = &m->shards[i];
	if (seq < 0 || seq >= m->planned) {
		problem(m, "%s: %s has a plan position outside the plan", s->dir, file);
		return;
	}
	struct place *p = &m->places[seq];
	if (p->shard >= 0) {
		problem(m, "doubled: %s is in shard %d (%s) and in shard %d (%s)", file, m->shards[p->shard].index,
			m->shards[p->shard].dir, s->index, s->dir);
		return;
	}
	*p = (struct place){ i, file, NULL, NULL };
	const int *o = strmap_get(&s->output_at, file);
	const int *e = strmap_get(&s->not_written_at, file);
	if (e) {
		p->error = s->not_written->items[*e];
		return;
	}
	if (!o) {
		problem(m, "missing: %s (shard %d, %s) was neither written nor reported as not drawable", file,
			s->index, s->dir);
		return;
	}
	p->output = s->outputs->items[*o];
	char why[4096 + 256];
	if (verify_file(s, file, json_get_string(p->output, "sha256"), why, sizeof why))
		problem(m, "%s", why);
}

/* The tables (decisions.csv, ...) of every shard are the files it wrote:
 * merge copies the first shard's, and a shard whose tables were edited is
 * no shard of this run. */
static void check_tables(struct merge *m)
{
	for (int i = 0; i < m->n; i++) {
		const struct shard_in *s = &m->shards[i];
		for (int k = 0; k < s->outputs->count; k++) {
			const struct json *o = s->outputs->items[k];
			const char *file = json_get_string(o, "file");
			if (json_get(o, "pages") || strcmp(file, "document-errors.csv") == 0)
				continue;
			char why[4096 + 256];
			if (verify_file(s, file, json_get_string(o, "sha256"), why, sizeof why))
				problem(m, "%s", why);
		}
	}
}

static void check_documents(struct merge *m)
{
	struct strmap by_file;
	strmap_init(&by_file);
	for (int i = 0; i < m->n; i++) {
		const struct shard_in *s = &m->shards[i];
		if (s->repeated)
			continue;
		for (int d = 0; d < s->docs->count; d++) {
			const char *file = json_get_string(s->docs->items[d], "file");
			int seq = get_int(s->docs->items[d], "seq", -1);
			if (!file) {
				problem(m, "%s: a planned document without a name", s->dir);
				continue;
			}
			const int *other = strmap_get(&by_file, file);
			if (other && *other != i) {
				problem(m, "doubled: %s is in shard %d (%s) and in shard %d (%s)", file,
					m->shards[*other].index, m->shards[*other].dir, s->index, s->dir);
				continue;
			}
			strmap_put(&by_file, file, i);
			check_document(m, i, file, seq);
		}
		/* A document written outside the shard's plan is somebody else's. */
		for (int o = 0; o < s->outputs->count; o++) {
			const char *file = json_get_string(s->outputs->items[o], "file");
			const int *mine = file ? strmap_get(&by_file, file) : NULL;
			if (file && json_get(s->outputs->items[o], "pages") && (!mine || *mine != i))
				problem(m, "doubled: %s was written by shard %d (%s) outside its plan", file, s->index,
					s->dir);
		}
	}
	strmap_free(&by_file);
}

/* With every shard here and placed, the plan must be whole: each position
 * taken, and the names in order hash to the plan every shard recorded. */
static void check_plan(struct merge *m)
{
	int gaps = 0;
	struct hasher h;
	hasher_init(&h);
	for (int q = 0; q < m->planned; q++) {
		if (m->places[q].shard < 0)
			gaps++;
		else
			hasher_str(&h, m->places[q].file);
	}
	char hex[65];
	hasher_hex(&h, hex);
	if (gaps)
		problem(m, "missing: %d of %d planned documents are in no shard given", gaps, m->planned);
	else if (!m->nproblems && strcmp(hex, m->plan_sha256) != 0)
		problem(m, "the shards' documents do not add up to the batch's plan (plan hash differs)");
}

static int check(struct merge *m, const char *const *dirs, struct strbuf *err)
{
	for (int i = 0; i < m->n; i++) {
		m->shards[i].dir = dirs[i];
		int code = load_shard(m, &m->shards[i], err);
		if (code == EXIT_NOINPUT)
			return code;
		if (code != EXIT_OK)
			return EXIT_DATAERR;
	}
	const struct json *first = json_get(m->shards[0].root, "shard");
	m->count = get_int(first, "count", 0);
	m->planned = get_int(first, "planned", -1);
	m->plan_sha256 = json_get_string(first, "plan_sha256");
	const char *version = json_get_string(m->shards[0].root, "version");
	if (!version || strcmp(version, GRANTDOC_VERSION) != 0)
		problem(m, "%s was made by grantdoc %s; this is grantdoc %s", m->shards[0].dir,
			version ? version : "(unknown)", GRANTDOC_VERSION);
	if (m->count < 1 || m->planned < 0)
		problem(m, "%s: the shard object is incomplete", m->shards[0].dir);
	for (int i = 1; i < m->n; i++)
		check_agreement(m, &m->shards[i], &m->shards[0]);
	if (m->nproblems)
		return EXIT_DATAERR;
	check_indexes(m);
	m->places = xmalloc((size_t)(m->planned + 1) * sizeof *m->places);
	for (int q = 0; q < m->planned; q++)
		m->places[q] = (struct place){ -1, NULL, NULL, NULL };
	check_tables(m);
	check_documents(m);
	check_plan(m);
	return m->nproblems ? EXIT_DATAERR : EXIT_OK;
}

/* ---- writing the merged directory ---- */

/* out/dir for a name's directories, each made here or already a real
 * directory: never a symbolic link leading out of --out. */
static bool out_dirs(const char *out_dir, const char *file, struct strbuf *err)
{
	char dir[4096];
	for (const char *slash = strchr(file, '/'); slash; slash = strchr(slash + 1, '/')) {
		snprintf(dir, sizeof dir, "%s/%.*s", out_dir, (int)(slash - file), file);
		struct stat st;
		if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
			sb_printf(err, "%s: cannot create directory: %s", dir, strerror(errno));
			return false;
		}
		if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			sb_printf(err,
				  "%s: not a directory of its own (a symbolic link?); nothing is written through it",
				  dir);
			return false;
		}
	}
	return true;
}

/* A copy, never a link: the merged file is a new file, hashed as it is
 * copied, and kept only when it is the file the shard's manifest names. A
 * hard link would leave the merged archive sharing the shard's inode. */
static bool place_file(const struct shard_in *s, const char *out_dir, const char *file, const char *want,
		       struct strbuf *err)
{
	if (!out_dirs(out_dir, file, err))
		return false;
	const char *why;
	int fd = shard_open(s->dir, file, &why);
	if (fd < 0) {
		sb_printf(err, "%s/%s: %s", s->dir, file, why);
		return false;
	}
	struct outfile o;
	if (!outfile_open(&o, out_dir, file, err)) {
		close(fd);
		return false;
	}
	struct hasher h;
	hasher_init(&h);
	char buf[1 << 16];
	ssize_t n;
	bool ok = true;
	while (ok && (n = read(fd, buf, sizeof buf)) > 0) {
		hasher_bytes(&h, buf, (size_t)n);
		ok = fwrite(buf, 1, (size_t)n, o.f) == (size_t)n;
	}
	ok = ok && n == 0;
	close(fd);
	char hex[65];
	hasher_hex(&h, hex);
	if (!ok || !want || strcmp(hex, want) != 0) {
		sb_printf(err, "%s/%s: %s", s->dir, file,
			  ok ? "changed while it was being merged (SHA-256 differs)" : "cannot be copied");
		outfile_abort(&o);
		return false;
	}
	return outfile_commit(&o, err);
}

/* A row of a shard's document-warnings.csv, with its document's place in
 * the merged run. */
struct warning_row {
	int doc, order;
	const char *line;
};

static int by_place(const void *a, const void *b)
{
	const struct warning_row *x = a, *y = b;
	if (x->doc != y->doc)
		return (x->doc > y->doc) - (x->doc < y->doc);
	return (x->order > y->order) - (x->order < y->order);
}

/* document-warnings.csv of the merged run: every shard's rows, in the
 * order of the documents in the whole plan. */
static bool merge_warnings(struct merge *m, const char *out, struct written *w, struct strbuf *err)
{
	struct strmap at;
	strmap_init(&at);
	for (int i = 0; i < w->count; i++)
		strmap_put(&at, w->files[i].name, i);
	struct warning_row *rows = NULL;
	int n = 0, cap = 0;
	for (int s = 0; s < m->n; s++) {
		if (m->shards[s].repeated)
			continue;
		/* Inside the shard, never through a link; its bytes were hashed
		 * against the manifest with the other tables. */
		struct strbuf text = STRBUF_INIT;
		const char *why;
		if (!shard_read(m->shards[s].dir, "document-warnings.csv", 256u << 20, &text, &why)) {
			sb_free(&text);
			continue;
		}
		char *save = NULL;
		bool header = true;
		for (char *line = strtok_r(text.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			size_t len;
			const char *doc = header ? NULL : warning_row_document(line, &len);
			header = false;
			if (!doc)
				continue;
			char *name = arena_strndup(&m->arena, doc, len);
			const int *k = strmap_get(&at, name);
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				rows = xrealloc(rows, (size_t)cap * sizeof *rows);
			}
			rows[n] = (struct warning_row){ k ? *k : w->count, n, arena_strdup(&m->arena, line) };
			n++;
		}
		sb_free(&text);
	}
	strmap_free(&at);
	if (n > 1)
		qsort(rows, (size_t)n, sizeof *rows, by_place);
	struct outfile o;
	bool ok = csv_open(&o, out, "document-warnings.csv", "record,document,field,character,code,role,face", err);
	if (ok) {
		for (int i = 0; i < n; i++)
			fprintf(o.f, "%s\n", rows[i].line);
		ok = outfile_commit(&o, err);
	}
	free(rows);
	if (ok)
		written_add(w, "document-warnings.csv", 0);
	return ok;
}

static bool place_documents(struct merge *m, const char *out, struct written *w, struct doc_errors *errs,
			    struct strbuf *err)
{
	for (int q = 0; q < m->planned; q++) {
		const struct place *p = &m->places[q];
		if (p->error) {
			int64_t cp = 0;
			json_get_int64(p->error, "cp", &cp);
			doc_errors_add(errs, &m->arena, json_get_string(p->error, "record"), p->file,
				       json_get_string(p->error, "field"), (uint32_t)cp);
			continue;
		}
		if (!place_file(&m->shards[p->shard], out, p->file, json_get_string(p->output, "sha256"), err))
			return false;
		written_add_keyed(w, p->file, get_int(p->output, "pages", 0), json_get_string(p->output, "key"));
	}
	return true;
}

static int32_t get_date(const struct json *obj, const char *key)
{
	const char *s = json_get_string(obj, key);
	int32_t day;
	return s && date_parse(s, &day) ? day : DATE_NONE;
}

static int64_t get_int64(const struct json *obj, const char *key)
{
	int64_t v = 0;
	json_get_int64(obj, key, &v);
	return v;
}

/* The manifest facts of the whole run, as the first shard recorded them
 * (check_agreement made sure every shard recorded the same). */
static void facts_from(const struct json *root, struct manifest_facts *f, struct arena *a)
{
	memset(f, 0, sizeof *f);
	f->programme = json_get_string(root, "programme");
	f->year = get_int(root, "year", 0);
	const struct json *inputs = json_get(root, "inputs");
	int n = inputs && inputs->type == JSON_ARRAY ? inputs->count : 0;
	struct file_fact *facts = arena_alloc(a, (size_t)(n + 1) * sizeof *facts);
	for (int i = 0; i < n; i++) {
		facts[i].name = json_get_string(inputs->items[i], "file");
		facts[i].bytes = get_int64(inputs->items[i], "bytes");
		facts[i].sha256 = json_get_string(inputs->items[i], "sha256");
	}
	f->input_facts = facts;
	f->ninput_facts = n;
	const struct json *records = json_get(root, "records");
	f->records = get_int(records, "read", 0);
	f->decided = get_int(records, "decided", 0);
	f->rejected = get_int(records, "rejected", 0);
	f->rejects_total = get_int(root, "rejects", 0);
	f->rejects_accepted = get_int(root, "rejects_accepted", 0);
	const struct json *status = json_get(root, "status");
	for (int i = 0; status && i < status->count; i++)
		for (int s = 0; s < ST_COUNT; s++)
			if (strcmp(status->keys[i], status_name((enum status)s)) == 0)
				f->status_count[s] = get_int(status, status->keys[i], 0);
	f->award_total = get_int64(root, "award_total");
	const struct json *disb = json_get(root, "disbursement");
	f->disbursement_projects = get_int(disb, "projects", 0);
	f->disbursement_total = get_int64(disb, "grand_total");
	const struct json *publicity = json_get(root, "publicity");
	f->publicity_start = get_date(publicity, "start");
	f->publicity_end = get_date(publicity, "end");
	f->decided_on = get_date(root, "decided");
}

/* summary.json of the whole run: the first shard's (every shard decided
 * the whole batch), with the documents of all the shards. */
static bool write_summary(const struct merge *m, const char *out, const struct manifest_facts *f, struct strbuf *err)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/summary.json", m->shards[0].dir);
	struct strbuf text = STRBUF_INIT;
	struct arena a;
	arena_init(&a);
	const struct json *root = NULL;
	const char *why;
	/* Read inside the shard like every file merge takes; it is written
	 * after the manifest, so its figures are checked against it. */
	if (shard_read(m->shards[0].dir, "summary.json", 1u << 20, &text, &why))
		root = json_parse(text.data, text.len, &a, err);
	else
		sb_printf(err, "%s: %s", path, why);
	const struct json *by_file = json_get(root, "rejects_by_file");
	int n = by_file && by_file->type == JSON_OBJECT ? by_file->count : 0;
	int *counts = xmalloc((size_t)(n + 1) * sizeof *counts);
	int64_t total = 0;
	for (int i = 0; i < n; i++)
		total += counts[i] = get_int(by_file, by_file->keys[i], 0);
	if (root && total != f->rejects_total) {
		sb_printf(err, "%s: %lld rejects by file, the manifest %d: not the summary shard %d wrote", path,
			  (long long)total, f->rejects_total, m->shards[0].index);
		root = NULL;
	}
	bool missing = f->document_errors > 0;
	struct summary s = { f,
			     by_file ? by_file->keys : NULL,
			     counts,
			     n,
			     missing ? RUN_DOCUMENTS_MISSING : RUN_COMPLETE,
			     missing ? EXIT_DOCUMENTS : EXIT_OK,
			     get_int(root, "warnings", 0) };
	bool ok = root != NULL;
	if (!ok && !err->len)
		sb_printf(err, "%s: cannot read", path);
	ok = ok && report_summary(out, &s, err);
	free(counts);
	arena_free(&a);
	sb_free(&text);
	return ok;
}

static bool starts_with_bom(const char *dir, const char *file)
{
	char path[4096], head[3] = { 0 };
	snprintf(path, sizeof path, "%s/%s", dir, file);
	FILE *f = fopen(path, "rb");
	bool bom = f && fread(head, 1, 3, f) == 3 && memcmp(head, CSV_BOM, 3) == 0;
	if (f)
		fclose(f);
	return bom;
}

static int write_merged(struct merge *m, const char *out_dir, struct merge_result *res, struct strbuf *err)
{
	/* The merged directory is replaced whole, as a run's is (outdir.h). */
	struct outdir od;
	int code = outdir_begin(&od, out_dir, err);
	if (code != EXIT_OK) {
		outdir_end(&od);
		return code;
	}
	const char *out = od.stage;
	const struct shard_in *first = &m->shards[0];
	/* The tables merge writes itself take the shards' form (every shard
	 * wrote the same bytes: check_agreement). */
	csv_set_bom(starts_with_bom(first->dir, "decisions.csv"));
	struct written w;
	written_init(&w, &m->arena);
	struct doc_errors errs = { 0 };
	bool ok = true, documents_done = false;
	/* The full run's order: tables, then every document in plan order,
	 * then document-errors.csv. */
	for (int i = 0; ok && i < first->outputs->count; i++) {
		const struct json *o = first->outputs->items[i];
		const char *file = json_get_string(o, "file");
		if (json_get(o, "pages")) {
			if (!documents_done)
				ok = place_documents(m, out, &w, &errs, err);
			documents_done = true;
		} else if (strcmp(file, "document-errors.csv") == 0) {
			if (!documents_done)
				ok = place_documents(m, out, &w, &errs, err);
			documents_done = true;
			ok = ok && report_doc_errors(out, &errs, &w, err);
		} else if (strcmp(file, "document-warnings.csv") == 0) {
			ok = merge_warnings(m, out, &w, err);
		} else {
			ok = place_file(first, out, file, json_get_string(o, "sha256"), err);
			written_add(&w, file, 0);
		}
	}
	struct manifest_facts f;
	facts_from(first->root, &f, &m->arena);
	for (int i = 0; i < w.count; i++)
		f.documents += w.files[i].pages > 0;
	f.document_errors = errs.count;
	ok = ok && report_manifest(out, &f, &w, err) && write_summary(m, out, &f, err) && outdir_commit(&od, err);
	outdir_abort(&od);
	outdir_end(&od);
	res->documents = f.documents;
	res->not_written = errs.count;
	written_free(&w);
	doc_errors_free(&errs);
	return ok ? EXIT_OK : EXIT_CANTCREAT;
}

static bool same_directory(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int merge_shards(const char *out_dir, const char *const *shard_dirs, int n, struct merge_result *res,
		 struct strbuf *problems, struct strbuf *err)
{
	memset(res, 0, sizeof *res);
	for (int i = 0; i < n; i++)
		if (same_directory(out_dir, shard_dirs[i])) {
			sb_printf(err, "%s: the merged output cannot go into a shard's own directory", out_dir);
			return EXIT_USAGE;
		}
	struct merge m;
	memset(&m, 0, sizeof m);
	arena_init(&m.arena);
	m.n = n;
	m.shards = xcalloc((size_t)n, sizeof *m.shards);
	m.problems = problems;
	int code = check(&m, shard_dirs, err);
	if (code == EXIT_DATAERR && m.nproblems > MAX_LISTED)
		sb_printf(problems, "... and %d more problems\n", m.nproblems - MAX_LISTED);
	if (code == EXIT_OK)
		code = write_merged(&m, out_dir, res, err);
	res->shards = n;
	res->problems = m.nproblems;
	for (int i = 0; i < n; i++) {
		strmap_free(&m.shards[i].output_at);
		strmap_free(&m.shards[i].not_written_at);
	}
	free(m.shards);
	free(m.places);
	arena_free(&m.arena);
	return code;
}
