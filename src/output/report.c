#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvout.h"
#include "csvread.h"
#include "date.h"
#include "diag.h"
#include "outfile.h"
#include "review.h"
#include "utf8.h"

#ifndef GRANTDOC_VERSION
#define GRANTDOC_VERSION "dev"
#endif

void written_init(struct written *w, struct arena *arena)
{
	memset(w, 0, sizeof *w);
	w->arena = arena;
}

void written_free(struct written *w)
{
	free(w->files);
	memset(w, 0, sizeof *w);
}

/* 64 lowercase hex digits into 32 bytes; false for anything else. */
static bool hex_bytes(const char *hex, unsigned char out[32])
{
	if (strlen(hex) != 64)
		return false;
	for (int i = 0; i < 64; i++) {
		char c = hex[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (v < 0)
			return false;
		out[i / 2] = (unsigned char)(i % 2 ? out[i / 2] | v : v << 4);
	}
	return true;
}

static void bytes_hex(const unsigned char in[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++)
		hex[2 * i] = digits[in[i] >> 4], hex[2 * i + 1] = digits[in[i] & 15];
	hex[64] = '\0';
}

struct written_file *written_reserve(struct written *w, int n)
{
	if (w->cap < w->count + n + 1) {
		w->cap = w->count + n + 1;
		w->files = xrealloc(w->files, (size_t)w->cap * sizeof *w->files);
	}
	memset(&w->files[w->count], 0, (size_t)(n + 1) * sizeof *w->files);
	return &w->files[w->count];
}

void written_add_keyed(struct written *w, const char *name, int pages, const char *key)
{
	if (w->count == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->files = xrealloc(w->files, (size_t)w->cap * sizeof *w->files);
	}
	struct written_file *f = &w->files[w->count++];
	memset(f, 0, sizeof *f);
	f->name = arena_strdup(w->arena, name);
	f->pages = pages;
	if (key && !(f->has_key = hex_bytes(key, f->key)))
		f->key_text = arena_strdup(w->arena, key);
}

void written_add_hashed(struct written *w, const char *name, int pages, const char *key, const char *sha256,
			long long bytes)
{
	written_add_keyed(w, name, pages, key);
	struct written_file *f = &w->files[w->count - 1];
	f->has_sha256 = hex_bytes(sha256, f->sha256);
	f->bytes = bytes;
}

void written_add(struct written *w, const char *name, int pages)
{
	written_add_keyed(w, name, pages, NULL);
}

/* The value after "name": in a manifest line, as written by json_file. */
static const char *field_after(const char *line, const char *name)
{
	const char *p = strstr(line, name);
	return p ? p + strlen(name) : NULL;
}

static bool copy_hex(const char *src, char dst[65])
{
	for (int i = 0; i < 64; i++) {
		char c = src[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
		dst[i] = c;
	}
	dst[64] = '\0';
	return src[64] == '"';
}

const char *warning_row_document(const char *line, size_t *len)
{
	const char *p = line;
	if (*p == '"') {
		for (p++; *p && !(p[0] == '"' && p[1] != '"'); p += p[0] == '"' ? 2 : 1)
			;
		if (*p)
			p++;
	} else {
		p += strcspn(p, ",");
	}
	if (*p != ',')
		return NULL;
	p++;
	*len = strcspn(p, ",");
	return p;
}

/* The documents a previous document-warnings.csv names. */
static void read_warned(const char *dir, struct prior *pr, struct arena *arena)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/document-warnings.csv", dir);
	struct strbuf text = STRBUF_INIT;
	const char *why;
	if (!sb_read_file(&text, path, 256u << 20, &why)) {
		sb_free(&text);
		return;
	}
	char *save = NULL;
	int cap = 0;
	bool header = true;
	for (char *line = strtok_r(text.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save), header = false) {
		size_t n;
		const char *doc = header ? NULL : warning_row_document(line, &n);
		if (!doc)
			continue;
		if (pr->nwarning_rows == cap) {
			cap = cap ? cap * 2 : 64;
			const char **grown = arena_alloc(arena, (size_t)cap * sizeof *grown);
			if (pr->nwarning_rows)
				memcpy(grown, pr->warning_rows, (size_t)pr->nwarning_rows * sizeof *grown);
			pr->warning_rows = grown;
		}
		const char *name = arena_strndup(arena, doc, n);
		/* a document's rows are written together: its first row leads */
		if (!strmap_get(&pr->warned, name))
			strmap_put(&pr->warned, name, pr->nwarning_rows);
		pr->warning_rows[pr->nwarning_rows++] = arena_strdup(arena, line);
	}
	sb_free(&text);
}

bool prior_warned(const struct prior *pr, const char *file)
{
	return pr && strmap_get(&pr->warned, file) != NULL;
}

int prior_warnings(const struct prior *pr, const char *file, const char *const **rows)
{
	const int *first = pr ? strmap_get(&pr->warned, file) : NULL;
	if (!first)
		return 0;
	int n = 0;
	size_t len = strlen(file), dlen;
	for (int i = *first; i < pr->nwarning_rows; i++, n++) {
		const char *doc = warning_row_document(pr->warning_rows[i], &dlen);
		if (!doc || dlen != len || strncmp(doc, file, len) != 0)
			break;
	}
	*rows = pr->warning_rows + *first;
	return n;
}

void prior_read(const char *dir, struct prior *pr, struct arena *arena)
{
	memset(pr, 0, sizeof *pr);
	pr->dir = arena_strdup(arena, dir);
	strmap_init(&pr->index);
	strmap_init(&pr->warned);
	char path[4096];
	snprintf(path, sizeof path, "%s/manifest.json", dir);
	struct strbuf text = STRBUF_INIT;
	const char *why;
	if (!sb_read_file(&text, path, 256u << 20, &why)) {
		sb_free(&text);
		return;
	}
	int cap = 0;
	char *save = NULL;
	for (char *line = strtok_r(text.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *file = field_after(line, "\"file\": \"");
		const char *key = field_after(line, "\"key\": \"");
		const char *sha = field_after(line, "\"sha256\": \"");
		const char *pages = field_after(line, "\"pages\": ");
		if (!file || !key || !sha || !pages)
			continue;
		struct prior_doc d;
		const char *end = strchr(file, '"');
		if (!end || !copy_hex(key, d.key) || !copy_hex(sha, d.sha256))
			continue;
		d.file = arena_strndup(arena, file, (size_t)(end - file));
		d.pages = atoi(pages);
		if (pr->count == cap) {
			cap = cap ? cap * 2 : 256;
			pr->docs = xrealloc(pr->docs, (size_t)cap * sizeof *pr->docs);
		}
		pr->docs[pr->count++] = d;
	}
	sb_free(&text);
	for (int i = 0; i < pr->count; i++)
		strmap_put(&pr->index, pr->docs[i].file, i);
	read_warned(dir, pr, arena);
}

void prior_free(struct prior *pr)
{
	free(pr->docs);
	strmap_free(&pr->index);
	strmap_free(&pr->warned);
	memset(pr, 0, sizeof *pr);
}

const struct prior_doc *prior_find(const struct prior *pr, const char *file)
{
	const int *i = pr && pr->count ? strmap_get(&pr->index, file) : NULL;
	return i ? &pr->docs[*i] : NULL;
}

void doc_errors_add(struct doc_errors *e, struct arena *a, const char *record, const char *document, const char *field,
		    uint32_t cp)
{
	if (e->count == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->items = xrealloc(e->items, (size_t)e->cap * sizeof *e->items);
	}
	e->items[e->count++] =
		(struct doc_error){ arena_strdup(a, record), arena_strdup(a, document), arena_strdup(a, field), cp };
}

void doc_warnings_add(struct doc_errors *e, struct arena *a, const struct doc_warning *x)
{
	if (e->nwarnings == e->capwarnings) {
		e->capwarnings = e->capwarnings ? e->capwarnings * 2 : 8;
		e->warnings = xrealloc(e->warnings, (size_t)e->capwarnings * sizeof *e->warnings);
	}
	e->warnings[e->nwarnings++] = (struct doc_warning){ arena_strdup(a, x->record),
							    arena_strdup(a, x->document),
							    arena_strdup(a, x->field),
							    arena_strdup(a, x->role),
							    arena_strdup(a, x->face),
							    x->cp,
							    x->row ? arena_strdup(a, x->row) : NULL };
}

void doc_errors_free(struct doc_errors *e)
{
	free(e->warnings);
	free(e->items);
	memset(e, 0, sizeof *e);
}

static bool finish(struct outfile *o, const char *name, struct written *w, struct strbuf *err)
{
	if (!outfile_commit(o, err))
		return false;
	written_add(w, name, 0);
	return true;
}

bool report_doc_errors(const char *dir, const struct doc_errors *e, struct written *w, struct strbuf *err)
{
	struct outfile o;
	if (!csv_open(&o, dir, "document-errors.csv", "record,document,field,character,error", err))
		return false;
	for (int i = 0; i < e->count; i++) {
		const struct doc_error *x = &e->items[i];
		char cp[16];
		snprintf(cp, sizeof cp, "U+%04X", (unsigned)x->cp);
		csv_text(o.f, x->record), csv_sep(o.f);
		csv_text(o.f, x->document), csv_sep(o.f);
		csv_text(o.f, x->field), csv_sep(o.f);
		csv_raw(o.f, cp), csv_sep(o.f);
		csv_raw(o.f, "no configured font has this character; the document was not written");
		csv_end(o.f);
	}
	return finish(&o, "document-errors.csv", w, err);
}

bool report_doc_warnings(const char *dir, const struct doc_errors *e, struct written *w, struct strbuf *err)
{
	struct outfile o;
	if (!csv_open(&o, dir, "document-warnings.csv", "record,document,field,character,code,role,face", err))
		return false;
	for (int i = 0; i < e->nwarnings; i++) {
		const struct doc_warning *x = &e->warnings[i];
		if (x->row) {
			fprintf(o.f, "%s\n", x->row);
			continue;
		}
		char ch[8] = "", cp[16];
		utf8_encode(x->cp, ch);
		snprintf(cp, sizeof cp, "U+%04X", (unsigned)x->cp);
		csv_text(o.f, x->record), csv_sep(o.f);
		csv_text(o.f, x->document), csv_sep(o.f);
		csv_text(o.f, x->field), csv_sep(o.f);
		csv_text(o.f, ch), csv_sep(o.f);
		csv_raw(o.f, cp), csv_sep(o.f);
		csv_raw(o.f, x->role), csv_sep(o.f);
		csv_text(o.f, x->face);
		csv_end(o.f);
	}
	return finish(&o, "document-warnings.csv", w, err);
}

bool report_decisions(const char *dir, const char *programme, const struct decided *rows, int n, struct written *w,
		      struct strbuf *err)
{
	struct outfile o;
	if (!csv_open(&o, dir, "decisions.csv",
		      "id,programme,category,status,score,rank,requested,award,self_raise,ban_until,reasons", err))
		return false;
	FILE *f = o.f;
	for (int i = 0; i < n; i++) {
		const struct decision *d = rows[i].d;
		char buf[1024];
		csv_text(f, rows[i].id), csv_sep(f);
		csv_raw(f, programme), csv_sep(f);
		csv_raw(f, rows[i].category), csv_sep(f);
		csv_raw(f, status_name(d->status)), csv_sep(f);
		if (d->score != SCORE_NONE) {
			score_format(d->score, buf, sizeof buf);
			csv_raw(f, buf);
		}
		csv_sep(f);
		if (d->rank != RANK_NONE)
			csv_int(f, d->rank);
		csv_sep(f);
		csv_int(f, d->requested), csv_sep(f);
		csv_int(f, d->award), csv_sep(f);
		csv_int(f, d->self_raise), csv_sep(f);
		if (d->ban_until != DATE_NONE) {
			date_format_iso(d->ban_until, buf);
			csv_raw(f, buf);
		}
		csv_sep(f);
		reasons_codes(&d->reasons, buf, sizeof buf);
		csv_raw(f, buf);
		csv_end(f);
	}
	return finish(&o, "decisions.csv", w, err);
}

bool report_reasons(const char *dir, const struct decided *rows, int n, struct written *w, struct strbuf *err)
{
	struct outfile o;
	if (!csv_open(&o, dir, "reasons.csv", "id,code,text", err))
		return false;
	for (int i = 0; i < n; i++) {
		const struct reasons *r = &rows[i].d->reasons;
		for (int k = 0; k < r->count; k++) {
			csv_text(o.f, rows[i].id), csv_sep(o.f);
			csv_raw(o.f, r->items[k].code), csv_sep(o.f);
			csv_text(o.f, r->items[k].text), csv_end(o.f);
		}
	}
	return finish(&o, "reasons.csv", w, err);
}

bool report_rejects(const char *dir, const struct rejects *r, struct written *w, struct strbuf *err)
{
	struct outfile o;
	if (!csv_open(&o, dir, "rejects.csv", "file,line,field,value,error,message", err))
		return false;
	for (int i = 0; i < r->count; i++) {
		const struct reject *x = &r->items[i];
		csv_text(o.f, x->file), csv_sep(o.f);
		csv_int(o.f, x->line), csv_sep(o.f);
		csv_text(o.f, x->field), csv_sep(o.f);
		csv_text(o.f, x->value), csv_sep(o.f);
		csv_text(o.f, x->error), csv_sep(o.f);
		csv_text(o.f, x->message), csv_end(o.f);
	}
	return finish(&o, "rejects.csv", w, err);
}

bool report_bans(const char *dir, const struct ban_out *bans, int n, struct written *w, struct strbuf *err)
{
	struct outfile o;
	if (!csv_open(&o, dir, "bans.csv", "subject_kind,subject_id,name,start,end,reason,source_id", err))
		return false;
	for (int i = 0; i < n; i++) {
		const struct ban_out *b = &bans[i];
		char start[16], end[16] = "";
		date_format_iso(b->start, start);
		if (b->end != DATE_NONE) /* an integrity record: the period is not ours to set */
			date_format_iso(b->end, end);
		csv_raw(o.f, b->subject_kind), csv_sep(o.f);
		csv_text(o.f, b->subject_id), csv_sep(o.f);
		csv_text(o.f, b->name), csv_sep(o.f);
		csv_raw(o.f, start), csv_sep(o.f);
		csv_raw(o.f, end), csv_sep(o.f);
		csv_text(o.f, b->reason), csv_sep(o.f);
		csv_text(o.f, b->source_id), csv_end(o.f);
	}
	return finish(&o, "bans.csv", w, err);
}

/* ---- manifest.json ---- */

static void json_date(FILE *f, int32_t day)
{
	if (day == DATE_NONE) {
		fputs("null", f);
		return;
	}
	char buf[32];
	date_format_iso(day, buf);
	diag_json_string(f, buf);
}

static void json_file(FILE *f, const char *dir, const char *name, int pages, const char *key, const char *sha256,
		      long long known_bytes, bool last)
{
	char path[4096], hex[65];
	long long bytes = known_bytes;
	bool ok = true;
	if (sha256) {
		snprintf(hex, sizeof hex, "%s", sha256);
	} else {
		snprintf(path, sizeof path, "%s/%s", dir, name);
		ok = file_sha256(path, hex, &bytes);
	}
	fputs("    { \"file\": ", f);
	diag_json_string(f, name);
	fprintf(f, ", \"bytes\": %lld, ", bytes);
	if (pages)
		fprintf(f, "\"pages\": %d, ", pages);
	if (key)
		fprintf(f, "\"key\": \"%s\", ", key);
	fputs("\"sha256\": ", f);
	diag_json_string(f, ok ? hex : "");
	fprintf(f, " }%s\n", last ? "" : ",");
}

static void json_inputs(FILE *f, const char *dir, const char *const *names, int n)
{
	fputs("[\n", f);
	for (int i = 0; i < n; i++)
		json_file(f, dir, names[i], 0, NULL, NULL, 0, i == n - 1);
	fputs("  ]", f);
}

static void json_outputs(FILE *f, const char *dir, const struct written *w)
{
	fputs("[\n", f);
	for (int i = 0; i < w->count; i++) {
		const struct written_file *x = &w->files[i];
		char key[65], sha[65];
		if (x->has_key)
			bytes_hex(x->key, key);
		if (x->has_sha256)
			bytes_hex(x->sha256, sha);
		json_file(f, dir, x->name, x->pages, x->has_key ? key : x->key_text, x->has_sha256 ? sha : NULL,
			  x->bytes, i == w->count - 1);
	}
	fputs("  ]", f);
}

static void json_input_facts(FILE *f, const struct file_fact *x, int n)
{
	fputs("[\n", f);
	for (int i = 0; i < n; i++) {
		fputs("    { \"file\": ", f);
		diag_json_string(f, x[i].name);
		fprintf(f, ", \"bytes\": %lld, \"sha256\": ", x[i].bytes);
		diag_json_string(f, x[i].sha256);
		fprintf(f, " }%s\n", i == n - 1 ? "" : ",");
	}
	fputs("  ]", f);
}

/* What `grantdoc merge` needs from a shard: the shard's documents with
 * their places in the whole plan, and those it could not draw. */
static void json_shard(FILE *f, const struct shard_plan *sp, const struct doc_errors *e)
{
	fprintf(f,
		",\n  \"shard\": { \"index\": %d, \"count\": %d, \"planned\": %d, \"plan_sha256\": \"%s\",\n"
		"    \"documents\": [",
		sp->shard.index, sp->shard.count, sp->total, sp->sha256);
	for (int i = 0; i < sp->count; i++) {
		fputs(i ? ",\n      { \"file\": " : "\n      { \"file\": ", f);
		diag_json_string(f, sp->files[i]);
		fprintf(f, ", \"seq\": %d }", sp->seqs[i]);
	}
	fputs(" ],\n    \"not_written\": [", f);
	for (int i = 0; e && i < e->count; i++) {
		fputs(i ? ",\n      { \"file\": " : "\n      { \"file\": ", f);
		diag_json_string(f, e->items[i].document);
		fputs(", \"record\": ", f);
		diag_json_string(f, e->items[i].record);
		fputs(", \"field\": ", f);
		diag_json_string(f, e->items[i].field);
		fprintf(f, ", \"cp\": %u }", (unsigned)e->items[i].cp);
	}
	fputs(" ] }", f);
}

/* { "立项": 12, … } in status order, the statuses that occur. */
static void json_status_counts(FILE *f, const struct manifest_facts *m)
{
	fputc('{', f);
	bool first = true;
	for (int s = 0; s < ST_COUNT; s++) {
		if (!m->status_count[s])
			continue;
		fputs(first ? " " : ", ", f);
		diag_json_string(f, status_name((enum status)s));
		fprintf(f, ": %d", m->status_count[s]);
		first = false;
	}
	fputs(" }", f);
}

bool report_warnings(const char *dir, const char *const *warnings, struct written *w, struct strbuf *err)
{
	struct outfile o;
	if (!csv_open(&o, dir, "warnings.csv", "warning", err))
		return false;
	for (int i = 0; warnings[i]; i++)
		csv_text(o.f, warnings[i]), csv_end(o.f);
	return finish(&o, "warnings.csv", w, err);
}

static const char *outcome_name(enum run_outcome o)
{
	return o == RUN_BLOCKED ? "blocked" : o == RUN_DOCUMENTS_MISSING ? "documents missing" : "complete";
}

bool report_summary(const char *dir, const struct summary *s, struct strbuf *err)
{
	const struct manifest_facts *m = s->m;
	struct outfile o;
	if (!outfile_open(&o, dir, "summary.json", err))
		return false;
	FILE *f = o.f;
	fputs("{\n  \"program\": \"grantdoc\",\n  \"version\": ", f);
	diag_json_string(f, GRANTDOC_VERSION);
	fputs(",\n  \"programme\": ", f);
	diag_json_string(f, m->programme);
	fprintf(f, ",\n  \"year\": %d,\n  \"outcome\": ", m->year);
	diag_json_string(f, outcome_name(s->outcome));
	fprintf(f, ",\n  \"exit\": %d,\n  \"records\": { \"read\": %d, \"decided\": %d, \"rejected\": %d },\n",
		s->exit_code, m->records, m->decided, m->rejected);
	fprintf(f, "  \"rejects\": %d,\n  \"rejects_by_file\": {", m->rejects_total);
	for (int k = 0; k < s->nreject_files; k++) {
		fputs(k ? ", " : " ", f);
		diag_json_string(f, s->reject_files[k]);
		fprintf(f, ": %d", s->reject_counts[k]);
	}
	fprintf(f, " },\n  \"rejects_accepted\": %d,\n  \"status\": ", m->rejects_accepted);
	json_status_counts(f, m);
	fprintf(f, ",\n  \"documents\": %d,\n  \"document_errors\": %d,\n  \"warnings\": %d,\n  \"decided\": ",
		m->documents, m->document_errors, s->warnings);
	json_date(f, m->decided_on);
	fputs("\n}\n", f);
	return outfile_commit(&o, err);
}

bool report_manifest(const char *dir, const struct manifest_facts *m, const struct written *w, struct strbuf *err)
{
	const char *present[16];
	int np = 0;
	char forms[16][256];
	for (int i = 0; m->inputs && m->inputs[i] && np < 16; i++) {
		char path[4096];
		/* NAME.csv, or NAME.xlsx in its place */
		csv_input_form(m->batch_dir, m->inputs[i], forms[np], sizeof forms[np]);
		snprintf(path, sizeof path, "%s/%s", m->batch_dir, forms[np]);
		if (access(path, R_OK) == 0) {
			present[np] = forms[np];
			np++;
		}
	}
	struct outfile o;
	if (!outfile_open(&o, dir, "manifest.json", err))
		return false;
	FILE *f = o.f;
	fputs("{\n  \"program\": \"grantdoc\",\n  \"version\": ", f);
	diag_json_string(f, GRANTDOC_VERSION);
	fputs(",\n  \"programme\": ", f);
	diag_json_string(f, m->programme);
	fprintf(f, ",\n  \"year\": %d", m->year);
	if (m->shard)
		json_shard(f, m->shard, m->not_written);
	fputs(",\n  \"inputs\": ", f);
	if (m->input_facts)
		json_input_facts(f, m->input_facts, m->ninput_facts);
	else
		json_inputs(f, m->batch_dir, present, np);
	fputs(",\n  \"outputs\": ", f);
	json_outputs(f, dir, w);
	fprintf(f, ",\n  \"records\": { \"read\": %d, \"decided\": %d, \"rejected\": %d },\n", m->records, m->decided,
		m->rejected);
	fprintf(f, "  \"rejects\": %d,\n  \"rejects_accepted\": %d,\n  \"status\": ", m->rejects_total,
		m->rejects_accepted);
	json_status_counts(f, m);
	fprintf(f,
		",\n  \"award_total\": %lld,\n  \"disbursement\": { \"projects\": %d, \"grand_total\": %lld },\n"
		"  \"publicity\": { \"start\": ",
		(long long)m->award_total, m->disbursement_projects, (long long)m->disbursement_total);
	json_date(f, m->publicity_start);
	fputs(", \"end\": ", f);
	json_date(f, m->publicity_end);
	fprintf(f, " },\n  \"documents\": %d,\n  \"document_errors\": %d,\n  \"decided\": ", m->documents,
		m->document_errors);
	json_date(f, m->decided_on);
	fputs("\n}\n", f);
	return outfile_commit(&o, err);
}
