#include "docrun.h"

#include <errno.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <strings.h>

#include "exitcodes.h"
#include "hash.h"
#include "strmap.h"
#include "officialdoc.h"
#include "outfile.h"
#include "pdfout.h"
#include "progress.h"

#ifndef GRANTDOC_VERSION
#define GRANTDOC_VERSION "dev"
#endif

bool doc_resources_load(struct doc_resources *r, const char *fontconf, const char *templates_dir, const char *dir,
			const char *const *names, struct strbuf *err)
{
	memset(r, 0, sizeof *r);
	if (!fontset_load(&r->fonts, fontconf, err))
		return false;
	/* The faces as configured: a document's key changes when they do. */
	struct hasher h;
	hasher_init(&h);
	for (int i = 0; i < r->fonts.nfaces; i++) {
		hasher_str(&h, r->fonts.faces[i].path);
		hasher_int(&h, r->fonts.faces[i].index);
		hasher_int(&h, hb_blob_get_length(r->fonts.faces[i].blob));
	}
	for (int role = 0; role < ROLE_COUNT; role++)
		for (int k = 0; k < r->fonts.chain_len[role]; k++)
			hasher_int(&h, r->fonts.chain[role][k]);
	hasher_hex(&h, r->fonts_key);
	for (int i = 0; i < DOC_MAX_TEMPLATES && names[i]; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s/%s.xml", templates_dir, dir, names[i]);
		r->names[i] = names[i];
		r->templates[i] = template_load(path, err);
		r->ntemplates = i + 1;
		if (!r->templates[i])
			return false;
	}
	return true;
}

void doc_resources_free(struct doc_resources *r)
{
	fontset_free(&r->fonts);
	for (int i = 0; i < r->ntemplates; i++)
		template_free(r->templates[i]);
	memset(r, 0, sizeof *r);
}

/* CON, PRN, AUX, NUL, COM1-9, LPT1-9 (any case, any extension): names
 * Windows will not create. */
static bool reserved_on_windows(const char *id)
{
	static const char *const names[] = { "CON", "PRN", "AUX", "NUL" };
	size_t stem = strcspn(id, ".");
	for (int i = 0; i < 4; i++)
		if (stem == 3 && strncasecmp(id, names[i], 3) == 0)
			return true;
	return stem == 4 && (strncasecmp(id, "COM", 3) == 0 || strncasecmp(id, "LPT", 3) == 0) && id[3] >= '1' &&
	       id[3] <= '9';
}

static bool plain_name(const char *id)
{
	size_t n = strlen(id);
	if (n < 1 || n > 64 || id[0] == '.' || strncasecmp(id, "ID-", 3) == 0 || reserved_on_windows(id))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

void doc_file_name(const char *id, char *buf)
{
	if (plain_name(id)) {
		snprintf(buf, 80, "%s", id);
		return;
	}
	unsigned char md[32];
	unsigned len = 0;
	EVP_Digest(id, strlen(id), md, &len, EVP_sha256(), NULL);
	strcpy(buf, "id-");
	for (int i = 0; i < 16; i++)
		snprintf(buf + 3 + 2 * i, 3, "%02x", md[i]);
}

void doc_jobs_add_lists(struct doc_job *jobs, int *n, int publicity_kind, int disbursement_kind)
{
	jobs[(*n)++] = (struct doc_job){ publicity_kind, publicity_kind, -1, "publicity", "publicity.pdf", NULL, NULL };
	jobs[(*n)++] = (struct doc_job){
		disbursement_kind, disbursement_kind, -1, "disbursement", "disbursement.pdf", NULL, NULL
	};
}

const char *doc_path(struct arena *a, const char *dir, const char *id)
{
	char name[80], path[160];
	doc_file_name(id, name);
	snprintf(path, sizeof path, "%s/%s.pdf", dir, name);
	return arena_strdup(a, path);
}

static const char *first_title(const struct officialdoc *doc)
{
	for (int i = 0; i < doc->nblocks; i++)
		if (doc->blocks[i].kind == BK_TITLE)
			return doc->blocks[i].text;
	return "";
}

const char *docrun_title(const struct doc_resources *r, const struct doc_job *j, const struct tctx *ctx,
			 struct arena *a, struct strbuf *err)
{
	struct officialdoc doc;
	if (!template_expand(r->templates[j->template], ctx, &doc, a, err))
		return NULL;
	return first_title(&doc);
}

/* A character set in a fallback face, as a worker sends it back: flat.
 * A job's notes follow its job_result through the pipe. */
struct fallback_note {
	uint32_t cp;
	int role, face;
	char field[96];
};

struct notes {
	struct fallback_note *items;
	int count, cap;
};

static void notes_take(struct notes *n, const struct display *d)
{
	n->count = 0;
	for (int i = 0; i < d->nfallbacks; i++) {
		if (n->count == n->cap) {
			n->cap = n->cap ? n->cap * 2 : 16;
			n->items = xrealloc(n->items, (size_t)n->cap * sizeof *n->items);
		}
		struct fallback_note *x = &n->items[n->count++];
		memset(x, 0, sizeof *x);
		x->cp = d->fallbacks[i].cp;
		x->role = d->fallbacks[i].role;
		x->face = d->fallbacks[i].face;
		snprintf(x->field, sizeof x->field, "%s", d->fallbacks[i].field);
	}
}

/* What one document job came to; small and flat, so that a worker
 * process can send it back through a pipe. */
enum job_status {
	JOB_WRITTEN,
	JOB_NO_GLYPH,       /* a character no configured face has: the run goes on */
	JOB_TEMPLATE_ERROR, /* the template does not fit the fields: configuration */
	JOB_WRITE_ERROR,    /* the file could not be written */
	JOB_INTERNAL_ERROR, /* the fields are not what their kind declares */
	JOB_NOT_KEPT,       /* --only: a document not named differs from the previous run's */
};

struct job_result {
	int job;
	enum job_status status;
	int reused; /* --incremental: the file was already right */
	int pages;
	char key[65];
	char sha256[65]; /* of the file, as its writer hashed it */
	long long bytes;
	uint32_t cp;
	double ms;
	char field[96];
	char message[300];
	int nnotes; /* fallback notes that follow */
};

/* What the parent keeps of a job until the end beyond its manifest entry
 * (pages, key, SHA-256, size), which goes straight into the list of
 * written files: a few bytes, which matters at 180,000 documents (the
 * detail only for the rare error; a second copy of the entries was 20 MB
 * at the run's peak). */
struct job_done {
	unsigned char status; /* enum job_status */
	bool reused;
	uint32_t cp;
	float ms;
	const char *detail; /* JOB_NO_GLYPH: the field; other failures: the message */
	struct fallback_note *notes;
	int nnotes;
};

static void hex_to_bytes(const char *hex, unsigned char out[32])
{
	for (int i = 0; i < 32; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = hex[2 * i + k];
			v = v << 4 | (unsigned)(c >= '0' && c <= '9'   ? c - '0'
						: c >= 'a' && c <= 'f' ? c - 'a' + 10
								       : 0);
		}
		out[i] = (unsigned char)v;
	}
}

static void keep(struct job_done *d, struct written_file *f, const struct job_result *res,
		 const struct fallback_note *notes, struct arena *a)
{
	d->nnotes = res->nnotes;
	d->notes = NULL;
	if (res->nnotes) {
		d->notes = arena_alloc(a, (size_t)res->nnotes * sizeof *notes);
		memcpy(d->notes, notes, (size_t)res->nnotes * sizeof *notes);
	}
	d->status = (unsigned char)res->status;
	d->reused = res->reused != 0;
	d->cp = res->cp;
	d->ms = (float)res->ms;
	f->pages = res->pages;
	f->has_key = true;
	hex_to_bytes(res->key, f->key);
	f->has_sha256 = res->sha256[0] != '\0';
	if (f->has_sha256)
		hex_to_bytes(res->sha256, f->sha256);
	f->bytes = res->bytes;
	f->kept = d->reused;
	d->detail = res->status == JOB_NO_GLYPH  ? arena_strdup(a, res->field)
		    : res->status != JOB_WRITTEN ? arena_strdup(a, res->message)
						 : NULL;
}

/* What a document is made of, as a hash: the program, the faces, every
 * block of the expanded document (so template and data both count) and
 * the metadata. */
static void document_key(const struct doc_resources *r, const struct doc_source *src, const struct officialdoc *doc,
			 const struct pdf_meta *m, char hex[65])
{
	struct hasher h;
	hasher_init(&h);
	hasher_str(&h, "grantdoc " GRANTDOC_VERSION);
	hasher_str(&h, r->fonts_key);
	hasher_str(&h, src->extra_key);
	hasher_str(&h, doc->mark), hasher_str(&h, doc->doc_number), hasher_str(&h, doc->cc);
	hasher_str(&h, doc->printer), hasher_str(&h, doc->print_date), hasher_int(&h, doc->landscape);
	hasher_int(&h, doc->letter), hasher_str(&h, doc->seal_image);
	for (int i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		hasher_int(&h, b->kind);
		hasher_str(&h, b->text);
		const struct table *t = b->table;
		if (!t)
			continue;
		hasher_int(&h, t->ncols), hasher_int(&h, t->nrows), hasher_int(&h, t->totals_rows);
		hasher_double(&h, t->size), hasher_int(&h, t->landscape), hasher_int(&h, t->no_header);
		hasher_int(&h, t->new_page), hasher_str(&h, t->label), hasher_str(&h, t->caption);
		hasher_int(&h, t->keep);
		for (int k = 0; k < t->nrows; k++)
			hasher_int(&h,
				   (t->row_kinds ? t->row_kinds[k] : 0) * 256 + (t->row_lines ? t->row_lines[k] : 1));
		for (int j = 0; j < t->ncols; j++) {
			hasher_str(&h, t->cols[j].header);
			hasher_double(&h, t->cols[j].weight);
			hasher_int(&h, t->cols[j].align);
		}
		for (int k = 0; k < t->nrows * t->ncols; k++)
			hasher_str(&h, t->cells[k]);
	}
	hasher_str(&h, m->title), hasher_str(&h, m->author), hasher_str(&h, m->subject);
	hasher_str(&h, m->keywords), hasher_str(&h, m->creator), hasher_int(&h, m->created);
	hasher_hex(&h, hex);
}

/* Beyond this many pages a document is not held whole: it is composed
 * twice, once to learn its characters (for the font subsets), once to
 * write each page as it is finished. Shorter documents are composed once. */
#define HELD_PAGES 16

static void collect_page(const struct dpage *p, int number, void *pw)
{
	(void)number;
	pdf_writer_collect(pw, p);
}

static void write_page(const struct dpage *p, int number, void *pw)
{
	(void)number;
	pdf_writer_page(pw, p);
}

/* Layout -> PDF. False with ce->cp set for a character no face has, else
 * with err set. */
static bool draw(const struct doc_resources *r, const struct officialdoc *doc, const struct pdf_meta *meta,
		 const char *dir, const char *file, struct arena *a, struct compose_error *ce, struct pdf_stats *st,
		 struct notes *notes, struct strbuf *err)
{
	memset(ce, 0, sizeof *ce);
	struct pdf_writer *pw = pdf_writer_new(&r->fonts);
	struct display d;
	display_init(&d, a);
	display_set_sink(&d, collect_page, pw, HELD_PAGES);
	bool ok = officialdoc_compose(doc, &r->fonts, &d, ce);
	if (ok && !d.dropped) {
		ok = pdf_writer_begin(pw, meta, dir, file, err);
		for (int p = 0; ok && p < d.npages; p++)
			pdf_writer_page(pw, &d.pages[p]);
	} else if (ok) {
		struct display again;
		display_init(&again, a);
		display_set_sink(&again, write_page, pw, 1);
		ok = pdf_writer_begin(pw, meta, dir, file, err) && officialdoc_compose(doc, &r->fonts, &again, ce);
		display_free(&again);
	}
	ok = ok && pdf_writer_save(pw, dir, file, st, err);
	if (ok)
		notes_take(notes, &d);
	display_free(&d);
	pdf_writer_free(pw);
	return ok;
}

/* The previous run's file for rel, unchanged in key and bytes, taken
 * into the new set (a hard link) instead of drawn again. */
static bool keep_prior(const struct prior *prior, const char *rel, const char *dir, const char *file,
		       struct job_result *res)
{
	const struct prior_doc *before = prior_find(prior, rel);
	if (!before || strcmp(before->key, res->key) != 0)
		return false;
	char path[4400], sha[65];
	long long bytes;
	struct strbuf err = STRBUF_INIT;
	snprintf(path, sizeof path, "%s/%s", prior->dir, rel);
	bool kept = file_sha256(path, sha, &bytes) && strcmp(sha, before->sha256) == 0 &&
		    outfile_place(path, dir, file, &err);
	sb_free(&err);
	if (kept) {
		res->pages = before->pages;
		res->reused = 1;
		memcpy(res->sha256, sha, sizeof res->sha256);
		res->bytes = bytes;
	}
	return kept;
}

static void render(const struct doc_resources *r, const struct template *t, const struct tctx *ctx,
		   const struct doc_source *src, const char *subject, const char *dir, const char *file,
		   const struct doc_job *j, const struct prior *prior, struct arena *a, struct job_result *res,
		   struct notes *notes)
{
	const char *rel = j->rel;
	struct strbuf err = STRBUF_INIT;
	struct officialdoc doc;
	if (!template_expand(t, ctx, &doc, a, &err)) {
		res->status = JOB_TEMPLATE_ERROR;
		snprintf(res->message, sizeof res->message, "%s: %s", rel,
			 err.len ? sb_str(&err) : "the template cannot be expanded");
		sb_free(&err);
		return;
	}
	char keywords[192], creator[64];
	snprintf(keywords, sizeof keywords, "%s %s", src->programme, subject);
	snprintf(creator, sizeof creator, "grantdoc %s", GRANTDOC_VERSION);
	struct pdf_meta meta = { first_title(&doc), src->authority, subject, keywords, creator, src->date };
	document_key(r, src, &doc, &meta, res->key);
	/* --incremental keeps what is unchanged, but draws again a document
	 * that drew a fallback face, so that its warnings are listed again.
	 * --only draws the named records' documents and keeps every other
	 * one, its warnings taken over with it; one it cannot keep stops the
	 * run. */
	bool named = !prior || !prior->only || strmap_get(prior->only, j->record);
	if (prior && !named) {
		if (!keep_prior(prior, rel, dir, file, res))
			res->status = JOB_NOT_KEPT;
		sb_free(&err);
		return;
	}
	if (prior && !prior->only && !prior_warned(prior, rel) && keep_prior(prior, rel, dir, file, res)) {
		sb_free(&err);
		return;
	}
	struct compose_error ce;
	struct pdf_stats st;
	if (!draw(r, &doc, &meta, dir, file, a, &ce, &st, notes, &err)) {
		if (ce.cp) {
			res->status = JOB_NO_GLYPH;
			res->cp = ce.cp;
			snprintf(res->field, sizeof res->field, "%s", ce.field);
		} else {
			res->status = JOB_WRITE_ERROR;
			snprintf(res->message, sizeof res->message, "%s: %s", rel,
				 err.len ? sb_str(&err) : "cannot be drawn");
		}
	} else {
		res->pages = st.pages;
		res->nnotes = notes->count;
		memcpy(res->sha256, st.sha256, sizeof res->sha256);
		res->bytes = st.bytes;
	}
	sb_free(&err);
}

static double clock_ms(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

/* A job's time is the CPU time of the process drawing it (the run's own
 * at -j 1, a worker's otherwise): on a shared machine wall time measures
 * the neighbours as much as the job. */
static double cpu_ms(void)
{
	return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

/* Keeps the jobs of one shard (in plan order) and notes them in its plan;
 * returns how many are kept. */
static int keep_shard(struct doc_job *jobs, int *ordinals, int njobs, struct shard_plan *sp, struct arena *a)
{
	struct hasher h;
	hasher_init(&h);
	int kept = 0;
	for (int j = 0; j < njobs; j++) {
		hasher_str(&h, jobs[j].rel);
		if (!shard_owns(&sp->shard, jobs[j].record))
			continue;
		shard_plan_add(sp, jobs[j].rel, j, a);
		ordinals[kept] = ordinals[j];
		jobs[kept++] = jobs[j];
	}
	hasher_hex(&h, sp->sha256);
	sp->total = njobs;
	return kept;
}

static void run_job(const struct doc_resources *r, const struct doc_source *src, const struct doc_job *j,
		    const char *out_dir, const struct prior *prior, struct job_result *res, struct notes *notes)
{
	notes->count = 0;
	double t0 = cpu_ms();
	/* Per-document memory is released after each document, so a large
	 * batch runs in flat memory. */
	struct arena scratch;
	arena_init(&scratch);
	char dir[4096], subject[160] = "";
	const char *slash = strrchr(j->rel, '/');
	if (slash)
		snprintf(dir, sizeof dir, "%s/%.*s", out_dir, (int)(slash - j->rel), j->rel);
	else
		snprintf(dir, sizeof dir, "%s", out_dir);
	const char *file = slash ? slash + 1 : j->rel;
	struct tctx *ctx = src->context(src->data, j, src->base, subject, &scratch);
	if (ctx && src->number)
		src->number(src->data, j, src->ordinals[res->job], ctx, &scratch);
	struct strbuf why = STRBUF_INIT;
	if (src->conforms && !src->conforms(src->data, j, ctx, &why)) {
		res->status = JOB_INTERNAL_ERROR;
		snprintf(res->message, sizeof res->message, "%s: internal error: %s", j->rel, sb_str(&why));
		sb_free(&why);
		arena_free(&scratch);
		return;
	}
	sb_free(&why);
	render(r, r->templates[j->template], ctx, src, subject, dir, file, j, prior, &scratch, res, notes);
	arena_free(&scratch);
	res->ms = cpu_ms() - t0;
}

/* The n notes that follow a job's result (written right after it, so a
 * blocking read finds them). */
static bool read_notes(int fd, struct notes *notes, int n)
{
	if (n > notes->cap) {
		notes->cap = n;
		notes->items = xrealloc(notes->items, (size_t)n * sizeof *notes->items);
	}
	notes->count = n;
	size_t want = (size_t)n * sizeof *notes->items, got = 0;
	while (got < want) {
		ssize_t k = read(fd, (char *)notes->items + got, want - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		got += (size_t)k;
	}
	return true;
}

/* Workers: fonts and templates are already loaded, so each forked worker
 * shares them; worker k renders jobs k, k+n, … in that order and writes
 * each result to its pipe; the parent polls all pipes. */
struct pool {
	int n;
	pid_t pid[DOC_MAX_WORKERS];
	struct pollfd fd[DOC_MAX_WORKERS];
	int owed[DOC_MAX_WORKERS]; /* the next job worker k reports */
};

/* Stops every worker started so far and closes its pipe: a failure
 * half-way leaves no child running and no descriptor open. */
static void pool_stop(struct pool *p)
{
	for (int k = 0; k < p->n; k++) {
		if (p->pid[k] > 0) {
			kill(p->pid[k], SIGKILL);
			waitpid(p->pid[k], NULL, 0);
			p->pid[k] = 0;
		}
		if (p->fd[k].fd >= 0)
			close(p->fd[k].fd);
		p->fd[k].fd = -1;
	}
}

static void work(const struct doc_resources *r, const struct doc_source *src, const struct doc_job *jobs, int njobs,
		 const char *out_dir, const struct prior *prior, int k, int n, int fd, pid_t parent)
{
	/* A worker dies with its parent: a killed run must not leave
	 * workers writing (and holding the output lock). */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(4);
	struct notes notes = { 0 };
	for (int j = k; j < njobs; j += n) {
		struct job_result res;
		memset(&res, 0, sizeof res);
		res.job = j;
		run_job(r, src, &jobs[j], out_dir, prior, &res, &notes);
		size_t nb = (size_t)res.nnotes * sizeof *notes.items;
		if (write(fd, &res, sizeof res) != (ssize_t)sizeof res ||
		    (nb && write(fd, notes.items, nb) != (ssize_t)nb))
			_exit(3);
	}
	free(notes.items);
	_exit(0);
}

static bool pool_start(struct pool *p, int workers, const struct doc_resources *r, const struct doc_source *src,
		       const struct doc_job *jobs, int njobs, const char *out_dir, const struct prior *prior,
		       struct strbuf *err)
{
	memset(p, 0, sizeof *p);
	fflush(NULL);
	pid_t parent = getpid();
	for (int k = 0; k < workers; k++) {
		int fd[2];
		if (pipe(fd) != 0) {
			sb_printf(err, "cannot create a pipe for document worker %d: %s", k, strerror(errno));
			pool_stop(p);
			return false;
		}
		pid_t pid = fork();
		if (pid == 0) {
			close(fd[0]);
			work(r, src, jobs, njobs, out_dir, prior, k, workers, fd[1], parent);
		}
		close(fd[1]);
		p->pid[k] = pid > 0 ? pid : 0;
		p->fd[k] = (struct pollfd){ fd[0], POLLIN, 0 };
		p->owed[k] = k;
		p->n = k + 1;
		if (pid < 0) {
			sb_printf(err, "cannot start document worker %d: %s", k, strerror(errno));
			pool_stop(p);
			return false;
		}
	}
	return true;
}

/* After the pipes closed: a worker that did not end well names the
 * document it owed and how it died. */
static int pool_reap(struct pool *p, const struct doc_job *jobs, int njobs, struct strbuf *err)
{
	int code = EXIT_OK;
	for (int k = 0; k < p->n; k++) {
		int status = 0;
		if (waitpid(p->pid[k], &status, 0) < 0)
			status = -1;
		p->pid[k] = 0;
		bool fine = status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && p->owed[k] >= njobs;
		if (fine || code != EXIT_OK)
			continue;
		const char *doc = p->owed[k] < njobs ? jobs[p->owed[k]].rel : "its last document";
		if (status >= 0 && WIFSIGNALED(status))
			sb_printf(err, "document worker %d was killed by signal %d (%s) while drawing %s", k,
				  WTERMSIG(status), strsignal(WTERMSIG(status)), doc);
		else
			sb_printf(err, "document worker %d stopped (exit status %d) while drawing %s", k,
				  status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1, doc);
		code = EXIT_SOFTWARE;
	}
	return code;
}

static int run_parallel(const struct doc_resources *r, const struct doc_source *src, const struct doc_job *jobs,
			int njobs, const char *out_dir, const struct prior *prior, int workers,
			struct job_done *results, struct written_file *files, struct arena *arena,
			struct strbuf *err)
{
	struct pool p;
	if (!pool_start(&p, workers, r, src, jobs, njobs, out_dir, prior, err))
		return EXIT_SOFTWARE;
	int open_pipes = workers, received = 0;
	struct notes notes = { 0 };
	while (open_pipes > 0) {
		if (poll(p.fd, (nfds_t)workers, -1) < 0) {
			if (errno == EINTR)
				continue;
			sb_printf(err, "waiting for the document workers: %s", strerror(errno));
			pool_stop(&p);
			return EXIT_SOFTWARE;
		}
		for (int k = 0; k < workers; k++) {
			if (p.fd[k].fd < 0 || !(p.fd[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			struct job_result res;
			ssize_t n = read(p.fd[k].fd, &res, sizeof res);
			if (n < 0 && errno == EINTR)
				continue;
			if (n == (ssize_t)sizeof res && res.job == p.owed[k] && res.nnotes >= 0 &&
			    read_notes(p.fd[k].fd, &notes, res.nnotes)) {
				keep(&results[res.job], &files[res.job], &res, notes.items, arena);
				p.owed[k] += workers;
				progress_update(++received);
			} else {
				close(p.fd[k].fd);
				p.fd[k].fd = -1;
				open_pipes--;
			}
		}
	}
	free(notes.items);
	int code = pool_reap(&p, jobs, njobs, err);
	if (code == EXIT_OK && received != njobs) {
		sb_printf(err, "the document workers reported %d of %d documents", received, njobs);
		code = EXIT_SOFTWARE;
	}
	return code;
}

static int failure_code(enum job_status s)
{
	return s == JOB_TEMPLATE_ERROR   ? EXIT_CONFIG
	       : s == JOB_WRITE_ERROR    ? EXIT_CANTCREAT
	       : s == JOB_INTERNAL_ERROR ? EXIT_SOFTWARE
					 : EXIT_OK;
}

/* Every directory a job writes into. */
static bool make_job_dirs(const struct doc_job *jobs, int njobs, const char *out_dir, struct strbuf *err)
{
	const char *last = NULL;
	int last_len = 0;
	for (int j = 0; j < njobs; j++) {
		const char *slash = strrchr(jobs[j].rel, '/');
		int len = slash ? (int)(slash - jobs[j].rel) : 0;
		if (!len || (last && len == last_len && strncmp(last, jobs[j].rel, (size_t)len) == 0))
			continue;
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/%.*s", out_dir, len, jobs[j].rel);
		if (!make_dirs(dir, err))
			return false;
		last = jobs[j].rel, last_len = len;
	}
	return true;
}

/* --only: the documents of records not named that could not be taken
 * over from the previous run (the batch now decides them otherwise, or
 * the previous run has none): the run stops, naming them. */
static int not_kept(const struct doc_job *jobs, int njobs, const struct job_done *results, struct strbuf *err)
{
	enum { LISTED = 5 };
	int n = 0;
	for (int j = 0; j < njobs; j++)
		n += results[j].status == JOB_NOT_KEPT;
	if (!n)
		return EXIT_OK;
	sb_printf(err, "--only: %d document%s of records not named cannot be kept as the previous run wrote them (", n,
		  n == 1 ? "" : "s");
	for (int j = 0, listed = 0; j < njobs && listed < LISTED; j++)
		if (results[j].status == JOB_NOT_KEPT)
			sb_printf(err, "%s%s", listed++ ? ", " : "", jobs[j].rel);
	if (n > LISTED)
		sb_printf(err, " and %d more", n - LISTED);
	sb_puts(err, "): the batch now decides them otherwise, or the previous run did not write them; name them "
		     "too, or run with --incremental, or without --only");
	return EXIT_USAGE;
}

/* A document kept from the previous run keeps its rows of
 * document-warnings.csv (--only keeps documents that drew a fallback face;
 * --incremental draws them again). */
static void take_warnings(const struct prior *prior, const struct doc_job *j, struct doc_errors *errs,
			  struct arena *arena)
{
	const char *const *rows;
	int n = prior_warnings(prior, j->rel, &rows);
	for (int i = 0; i < n; i++) {
		struct doc_warning dw = { j->record, j->rel, "", "", "", 0, rows[i] };
		doc_warnings_add(errs, arena, &dw);
	}
}

/* No two jobs of a plan write one file, even where case does not count:
 * doc_file_name makes this so, and it is checked on every plan. */
static bool plan_names_distinct(const struct doc_job *jobs, int njobs, struct strbuf *err)
{
	struct strmap seen;
	strmap_init(&seen);
	struct arena a;
	arena_init(&a);
	bool ok = true;
	for (int j = 0; ok && j < njobs; j++) {
		char *folded = arena_strdup(&a, jobs[j].rel);
		for (char *p = folded; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		const int *other = strmap_get(&seen, folded);
		if (other) {
			sb_printf(err, "documents: %s (%s) and %s (%s) would be one file", jobs[*other].rel,
				  jobs[*other].record, jobs[j].rel, jobs[j].record);
			ok = false;
		}
		strmap_put(&seen, folded, j);
	}
	strmap_free(&seen);
	arena_free(&a);
	return ok;
}

int docrun_write(const struct doc_resources *r, const struct doc_source *src, struct doc_job *jobs, int njobs,
		 const char *out_dir, int workers, const struct prior *prior, struct shard_plan *sp, struct written *w,
		 struct doc_errors *errs, struct doc_timing *timing, struct arena *arena, struct strbuf *err)
{
	memset(timing, 0, sizeof *timing);
	if (!plan_names_distinct(jobs, njobs, err))
		return EXIT_SOFTWARE;
	if (!make_job_dirs(jobs, njobs, out_dir, err))
		return EXIT_CANTCREAT;
	/* Each job's place among its kind, from the whole plan (a 发文字号
	 * series numbers the same in every shard). */
	int *ordinals = xcalloc((size_t)njobs + 1, sizeof *ordinals), seen[DOC_MAX_KINDS] = { 0 };
	for (int j = 0; j < njobs; j++)
		ordinals[j] = jobs[j].kind >= 0 && jobs[j].kind < DOC_MAX_KINDS ? seen[jobs[j].kind]++ : 0;
	if (sp->shard.count)
		njobs = keep_shard(jobs, ordinals, njobs, sp, arena);
	struct doc_source numbered = *src;
	numbered.ordinals = ordinals;
	src = &numbered;
	struct job_done *results = xcalloc((size_t)njobs + 1, sizeof *results);
	struct written_file *files = written_reserve(w, njobs);
	double t0 = now_ms();
	int code = EXIT_OK;
	if (workers > njobs)
		workers = njobs;
	progress_begin(src->records, njobs);
	if (workers <= 1) {
		struct notes notes = { 0 };
		for (int j = 0; code == EXIT_OK && j < njobs; j++) {
			struct job_result res;
			memset(&res, 0, sizeof res);
			res.job = j;
			run_job(r, src, &jobs[j], out_dir, prior, &res, &notes);
			keep(&results[j], &files[j], &res, notes.items, arena);
			code = failure_code(res.status);
			progress_update(j + 1);
		}
		free(notes.items);
	} else {
		code = run_parallel(r, src, jobs, njobs, out_dir, prior,
				    workers > DOC_MAX_WORKERS ? DOC_MAX_WORKERS : workers, results, files, arena, err);
	}
	progress_end();
	timing->wall_ms = now_ms() - t0;
	if (code == EXIT_OK)
		code = not_kept(jobs, njobs, results, err);
	/* Results in job order: the manifest and the error list do not depend
	 * on which worker finished first. */
	for (int j = 0; code == EXIT_OK && j < njobs; j++) {
		const struct job_done *res = &results[j];
		code = failure_code((enum job_status)res->status);
		if (code != EXIT_OK) {
			sb_printf(err, "%s", res->detail);
			break;
		}
		if (res->status == JOB_NO_GLYPH) {
			doc_errors_add(errs, arena, jobs[j].record, jobs[j].rel, res->detail, res->cp);
			continue;
		}
		/* Listed in job order; files[j] is at or after its place. */
		struct written_file *f = &w->files[w->count++];
		*f = files[j];
		f->name = arena_strdup(w->arena, jobs[j].rel);
		if (res->reused)
			take_warnings(prior, &jobs[j], errs, arena);
		for (int i = 0; i < res->nnotes; i++) {
			const struct fallback_note *x = &res->notes[i];
			struct doc_warning dw = { jobs[j].record,
						  jobs[j].rel,
						  x->field,
						  font_role_name((enum font_role)x->role),
						  r->fonts.faces[x->face].name,
						  x->cp,
						  NULL };
			doc_warnings_add(errs, arena, &dw);
		}
		timing->reused += res->reused;
		int k = jobs[j].kind;
		if (k >= 0 && k < DOC_MAX_KINDS)
			timing->count[k]++, timing->pages[k] += f->pages, timing->ms[k] += res->ms;
	}
	/* The sequential path stops at the first failure: its message. */
	if (code != EXIT_OK && !err->len) {
		for (int j = 0; j < njobs; j++)
			if (failure_code((enum job_status)results[j].status) != EXIT_OK && results[j].detail) {
				sb_printf(err, "%s", results[j].detail);
				break;
			}
	}
	free(results);
	free(ordinals);
	return code;
}

void docrun_print_timings(const char *const *kinds, int nkinds, const struct doc_timing *t, int workers)
{
	fprintf(stderr, "timings: documents %.1f ms wall with %d worker(s)", t->wall_ms, workers);
	for (int k = 0; k < nkinds && k < DOC_MAX_KINDS; k++)
		fprintf(stderr, "; %s %d (%d pages) %.1f ms CPU", kinds[k], t->count[k], t->pages[k], t->ms[k]);
	fputc('\n', stderr);
}
