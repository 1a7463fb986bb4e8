#include "coop_docs.h"

#include <openssl/evp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capitals.h"
#include "date.h"
#include "hash.h"
#include "money.h"
#include "outfile.h"
#include "pdfout.h"
#include "progress.h"
#include "review.h"

#ifndef GRANTDOC_VERSION
#define GRANTDOC_VERSION "dev"
#endif

bool doc_resources_load(struct doc_resources *r, const char *fontconf, const char *templates_dir,
			struct strbuf *err)
{
	memset(r, 0, sizeof *r);
	if (!fontset_load(&r->fonts, fontconf, err))
		return false;
	char path[4096];
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
	snprintf(path, sizeof path, "%s/shanxi-coop/notice.xml", templates_dir);
	r->notice = template_load(path, err);
	snprintf(path, sizeof path, "%s/shanxi-coop/publicity.xml", templates_dir);
	if (r->notice)
		r->publicity = template_load(path, err);
	snprintf(path, sizeof path, "%s/shanxi-coop/taskbook.xml", templates_dir);
	if (r->publicity)
		r->taskbook = template_load(path, err);
	snprintf(path, sizeof path, "%s/shanxi-coop/disbursement.xml", templates_dir);
	if (r->taskbook)
		r->disbursement = template_load(path, err);
	return r->notice && r->publicity && r->taskbook && r->disbursement;
}

void doc_resources_free(struct doc_resources *r)
{
	fontset_free(&r->fonts);
	template_free(r->notice);
	template_free(r->publicity);
	template_free(r->taskbook);
	template_free(r->disbursement);
	memset(r, 0, sizeof *r);
}

void doc_file_name(const char *id, char *buf)
{
	size_t n = strlen(id);
	bool plain = n >= 1 && n <= 64 && id[0] != '.';
	for (size_t i = 0; plain && i < n; i++) {
		char c = id[i];
		plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			c == '.' || c == '_' || c == '-';
	}
	if (plain) {
		snprintf(buf, 80, "%s", id);
		return;
	}
	unsigned char md[32];
	unsigned len = 0;
	EVP_Digest(id, n, md, &len, EVP_sha256(), NULL);
	strcpy(buf, "id-");
	for (int i = 0; i < 8; i++)
		snprintf(buf + 3 + 2 * i, 3, "%02x", md[i]);
}

static const char *cn_date(struct arena *a, int32_t day)
{
	char buf[32];
	date_format_cn(day, buf);
	return arena_strdup(a, buf);
}

static const char *wan(struct arena *a, int64_t yuan)
{
	char buf[32];
	money_format_wan(yuan, buf, sizeof buf);
	return arena_strdup(a, buf);
}

/* The date documents carry: the decision date, or before it is known the
 * first day of publicity. */
static int32_t document_date(const struct programme *p)
{
	return p->decided != DATE_NONE ? p->decided : p->publicity_start;
}

static struct tctx *base_context(const struct coop_doc_input *in, struct arena *a)
{
	const struct programme *p = in->prog;
	struct tctx *c = tctx_new(a, NULL);
	tctx_set(c, "programme.title", p->title);
	tctx_set(c, "programme.authority", p->authority);
	tctx_set(c, "programme.office", p->office ? p->office : p->authority);
	tctx_setf(c, "programme.year", "%d", p->year);
	tctx_set(c, "programme.contact", p->contact_name ? p->contact_name : "");
	tctx_set(c, "programme.phone", p->contact_phone ? p->contact_phone : "");
	tctx_set(c, "programme.address", p->address ? p->address : "");
	tctx_setf(c, "programme.min_experts", "%d", p->min_experts);
	char score[16];
	score_format(p->pass_score, score, sizeof score);
	tctx_set(c, "programme.pass_score", score);
	if (p->doc_prefix)
		tctx_setf(c, "doc.number", "%s〔%d〕%d号", p->doc_prefix, p->doc_year, p->doc_seq);
	else
		tctx_set(c, "doc.number", "");
	tctx_set(c, "doc.date", cn_date(a, document_date(p)));
	tctx_set(c, "publicity.start", cn_date(a, p->publicity_start));
	tctx_set(c, "publicity.end", cn_date(a, in->round->publicity_end));
	tctx_set(c, "publicity.issued", cn_date(a, p->publicity_start));
	tctx_setf(c, "publicity.days", "%d", p->publicity_working_days);
	int32_t tb = p->taskbook_deadline != DATE_NONE ? p->taskbook_deadline
			 : p->decided != DATE_NONE ? p->decided + 30 : DATE_NONE;
	tctx_set(c, "taskbook.deadline", tb != DATE_NONE ? cn_date(a, tb) : "");
	return c;
}

static int valid_scores(const struct coop_batch *b, int app)
{
	int n = 0;
	for (int i = 0; i < b->nevals; i++)
		n += b->evals[i].app == app && !b->evals[i].recused;
	return n;
}

static const char *objection_date(const struct coop_doc_input *in, int app, struct arena *a)
{
	for (int i = 0; i < in->batch->nobjections; i++) {
		const struct objection *o = &in->batch->objections[i];
		if (o->app == app && o->received >= in->prog->publicity_start &&
		    o->received <= in->round->publicity_end)
			return cn_date(a, o->received);
	}
	return "";
}

static struct tctx *app_context(const struct coop_doc_input *in, const struct tctx *base, int i,
				struct arena *a)
{
	const struct coop_app *app = &in->batch->apps[i];
	const struct decision *d = &in->decisions[i];
	struct tctx *c = tctx_new(a, base);
	tctx_set(c, "status", status_name(d->status));
	tctx_set(c, "app.id", app->id);
	tctx_set(c, "app.title", app->title);
	tctx_set(c, "app.applicant", app->applicant);
	tctx_set(c, "app.pi", app->pi_name);
	tctx_set(c, "app.category", coop_category_name(app->category));
	tctx_set(c, "app.requested_wan", wan(a, d->requested));
	tctx_set(c, "app.award_wan", wan(a, d->award));
	tctx_set(c, "app.self_raise_wan", wan(a, d->self_raise));
	tctx_setf(c, "app.self_raise", "%lld", (long long)d->self_raise);
	char buf[16] = "";
	if (d->score != SCORE_NONE)
		score_format(d->score, buf, sizeof buf);
	tctx_set(c, "app.score", buf);
	if (d->rank != RANK_NONE)
		tctx_setf(c, "app.rank", "%d", d->rank);
	else
		tctx_set(c, "app.rank", "");
	tctx_setf(c, "app.valid_scores", "%d", valid_scores(in->batch, i));
	tctx_set(c, "objection.date", objection_date(in, i, a));
	for (int k = 0; k < d->reasons.count; k++) {
		struct tctx *item = tctx_new(a, c);
		tctx_setf(item, "item.index", "%d", k + 1);
		tctx_set(item, "item.code", d->reasons.items[k].code);
		tctx_set(item, "item.text", d->reasons.items[k].text);
		tctx_add_item(c, "reasons", item);
	}
	return c;
}

/* The six task targets of the 2024 call (申报通知 一, after item 4). */
static const char *const TARGET_TEXT[COOP_TARGETS] = {
	"实现相关领域关键技术的研究突破或技术引进",
	"实现重大成果转化，项目实施后经济和社会效益显著",
	"人才交流和人才国际化培养成效显著",
	"召开或承办有较大影响力的国际性学术会议或行业会议",
	"合作申请发明专利，取得新产品、新工艺、新装置、新材料、计算机软件、论文论著、标准等科技成果",
	"建设国际科技合作创新平台",
};

/* Task-book fields on top of a notice's: period, partner, budget, the
 * committed targets, and one milestone item per calendar year. */
static void taskbook_fields(const struct coop_doc_input *in, int i, struct tctx *c, struct arena *a)
{
	const struct coop_app *app = &in->batch->apps[i];
	const struct decision *d = &in->decisions[i];
	tctx_set(c, "app.uscc", app->applicant_uscc);
	tctx_set(c, "app.partner", app->partner);
	tctx_set(c, "app.country", app->partner_country[0] ? app->partner_country : "中国");
	tctx_set(c, "app.field", app->field);
	tctx_set(c, "app.start", cn_date(a, app->start));
	tctx_set(c, "app.end", cn_date(a, app->end));
	tctx_set(c, "app.matching_wan", wan(a, app->matching));
	tctx_set(c, "budget.total_wan", wan(a, d->award + app->matching + d->self_raise));
	int k = 0;
	for (int t = 0; t < COOP_TARGETS; t++) {
		if (!(app->targets & (1u << t)))
			continue;
		struct tctx *item = tctx_new(a, c);
		tctx_setf(item, "item.index", "%d", ++k);
		tctx_set(item, "item.code", TARGET_NAMES[t]);
		tctx_set(item, "item.text", TARGET_TEXT[t]);
		tctx_add_item(c, "targets", item);
	}
	int y0, y1, m, dd;
	date_to_ymd(app->start, &y0, &m, &dd);
	date_to_ymd(app->end, &y1, &m, &dd);
	for (int y = y0; y <= y1; y++) {
		struct tctx *item = tctx_new(a, c);
		int32_t from, to;
		date_from_ymd(y, 1, 1, &from);
		date_from_ymd(y, 12, 31, &to);
		tctx_setf(item, "item.index", "%d", y - y0 + 1);
		tctx_setf(item, "item.year", "%d", y);
		tctx_set(item, "item.from", cn_date(a, y == y0 ? app->start : from));
		tctx_set(item, "item.to", cn_date(a, y == y1 ? app->end : to));
		tctx_set(item, "item.stage", y == y1 ? "last" : y == y0 ? "first" : "middle");
		tctx_add_item(c, "years", item);
	}
}

void coop_disbursement(const struct programme *p, const struct coop_batch *batch,
		       const struct decision *decisions, struct disbursement *d)
{
	(void)p;
	for (int c = 0; c < CAT_COUNT; c++)
		for (int i = 0; i < batch->napps; i++) {
			const struct coop_app *a = &batch->apps[i];
			if (a->category == (enum coop_category)c && decisions[i].status == ST_FUNDED)
				disb_add(d, coop_category_name(a->category), a->applicant, a->id, a->title,
					 decisions[i].award);
		}
	disb_finish(d);
}

static const char *yuan_text(struct arena *a, int64_t yuan)
{
	char buf[48];
	money_format_grouped(yuan, buf, sizeof buf - 4);
	strcat(buf, ".00");
	return arena_strdup(a, buf);
}

static const char *capitals(struct arena *a, int64_t yuan)
{
	char buf[256];
	capitals_from_yuan(yuan, buf, sizeof buf);
	return arena_strdup(a, buf);
}

static struct tctx *disbursement_context(const struct coop_doc_input *in, struct tctx *base,
					 struct arena *a)
{
	const struct disbursement *d = in->disb;
	struct tctx *c = tctx_new(a, base);
	for (int i = 0; i < d->n; i++) {
		const struct disb_line *l = &d->lines[i];
		if (l->kind == DISB_TOTAL)
			continue;
		struct tctx *item = tctx_new(a, c);
		bool project = l->kind == DISB_PROJECT;
		if (project)
			tctx_setf(item, "item.seq", "%d", l->seq);
		else
			tctx_set(item, "item.seq", "");
		if (project)
			tctx_set(item, "item.unit", l->unit);
		else
			tctx_setf(item, "item.unit", "%s小计", l->group);
		tctx_set(item, "item.id", project ? l->id : "");
		tctx_set(item, "item.title", l->title);
		tctx_set(item, "item.yuan", yuan_text(a, l->yuan));
		tctx_set(item, "item.capitals", capitals(a, l->yuan));
		tctx_set(item, "item.batch", project ? d->batch : "");
		tctx_add_item(c, "lines", item);
	}
	tctx_setf(c, "disbursement.count", "%d", d->projects);
	tctx_set(c, "disbursement.batch", d->batch);
	tctx_set(c, "disbursement.total_yuan", yuan_text(a, d->total));
	tctx_set(c, "disbursement.total_capitals", capitals(a, d->total));
	return c;
}

static const char *first_title(const struct officialdoc *doc)
{
	for (int i = 0; i < doc->nblocks; i++)
		if (doc->blocks[i].kind == BK_TITLE)
			return doc->blocks[i].text;
	return "";
}

/* What one document job came to; small and flat, so that a worker
 * process can send it back through a pipe. */
struct job_result {
	int job;
	int status;            /* 0 written, 1 a character no font has, 2 failed */
	int reused;            /* --incremental: the file was already right */
	int pages;
	char key[65];
	uint32_t cp;
	double ms;
	char field[96];
	char message[300];
};

/* Template -> layout -> PDF for one document. A missing glyph is the
 * record's error, not the run's. */
/* What a document is made of, as a hash: the program, the faces, every
 * block of the expanded document (so template and data both count) and
 * the metadata. */
static void document_key(const struct doc_resources *r, const struct officialdoc *doc,
			 const struct pdf_meta *m, char hex[65])
{
	struct hasher h;
	hasher_init(&h);
	hasher_str(&h, "grantdoc " GRANTDOC_VERSION);
	hasher_str(&h, r->fonts_key);
	hasher_str(&h, doc->mark), hasher_str(&h, doc->doc_number), hasher_str(&h, doc->cc);
	hasher_str(&h, doc->printer), hasher_str(&h, doc->print_date), hasher_int(&h, doc->landscape);
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

static void render(const struct doc_resources *r, const struct template *t, const struct tctx *ctx,
		   const struct coop_doc_input *in, const char *subject, const char *dir,
		   const char *file, const char *rel, const struct prior *prior, struct arena *a,
		   struct job_result *res)
{
	struct strbuf err = STRBUF_INIT;
	struct officialdoc doc;
	if (!template_expand(t, ctx, &doc, a, &err)) {
		res->status = 2;
		snprintf(res->message, sizeof res->message, "%s", sb_str(&err));
		sb_free(&err);
		return;
	}
	char keywords[192], creator[64];
	snprintf(keywords, sizeof keywords, "%s %s", in->prog->kind_name, subject);
	snprintf(creator, sizeof creator, "grantdoc %s", GRANTDOC_VERSION);
	struct pdf_meta meta = { first_title(&doc), in->prog->authority, subject, keywords, creator,
				 document_date(in->prog) };
	document_key(r, &doc, &meta, res->key);
	const struct prior_doc *before = prior_find(prior, rel);
	if (before && strcmp(before->key, res->key) == 0) {
		char path[4400], sha[65];
		long long bytes;
		snprintf(path, sizeof path, "%s/%s", dir, file);
		if (file_sha256(path, sha, &bytes) && strcmp(sha, before->sha256) == 0) {
			res->pages = before->pages;
			res->reused = 1;
			sb_free(&err);
			return;
		}
	}
	struct display d;
	display_init(&d, a);
	struct compose_error ce;
	if (!officialdoc_compose(&doc, &r->fonts, &d, &ce)) {
		res->status = 1;
		res->cp = ce.cp;
		snprintf(res->field, sizeof res->field, "%s", ce.field);
	} else {
		struct pdf_stats st;
		if (pdf_write(&d, &r->fonts, &meta, dir, file, &st, &err)) {
			res->pages = st.pages;
		} else {
			res->status = 2;
			snprintf(res->message, sizeof res->message, "%s", sb_str(&err));
		}
	}
	display_free(&d);
	sb_free(&err);
}

static bool on_publicity_list(enum status s)
{
	return s == ST_PROPOSED || s == ST_OBJECTED || s == ST_FUNDED;
}

static struct tctx *publicity_context(const struct coop_doc_input *in, struct tctx *base,
				      struct arena *a)
{
	struct tctx *c = tctx_new(a, base);
	int count = 0;
	int64_t total = 0;
	/* In rank order, as the list is read. */
	for (int rank = 1; rank <= in->batch->napps; rank++)
		for (int i = 0; i < in->batch->napps; i++) {
			const struct decision *d = &in->decisions[i];
			if (d->rank != rank || !on_publicity_list(d->status))
				continue;
			const struct coop_app *app = &in->batch->apps[i];
			struct tctx *item = tctx_new(a, c);
			tctx_setf(item, "item.index", "%d", ++count);
			tctx_set(item, "item.id", app->id);
			tctx_set(item, "item.title", app->title);
			tctx_set(item, "item.applicant", app->applicant);
			tctx_set(item, "item.pi", app->pi_name);
			tctx_set(item, "item.category", coop_category_name(app->category));
			tctx_set(item, "item.award_wan", wan(a, d->award));
			tctx_add_item(c, "projects", item);
			total += d->award;
		}
	tctx_setf(c, "projects.count", "%d", count);
	tctx_set(c, "projects.total_wan", wan(a, total));
	return c;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

enum job_kind { JOB_NOTICE, JOB_TASKBOOK, JOB_PUBLICITY, JOB_DISBURSEMENT };

struct job {
	enum job_kind kind;
	int app;
	char rel[112];   /* path under the output directory */
	const char *record;
};

/* Every document of the round, in the order the manifest lists them. */
static struct job *plan(const struct coop_doc_input *in, int *njobs)
{
	int n = 0, cap = in->batch->napps * 2 + 2;
	struct job *jobs = xcalloc((size_t)cap, sizeof *jobs);
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < in->batch->napps; i++) {
			if (pass == 1 && in->decisions[i].status != ST_FUNDED)
				continue;
			char name[80];
			doc_file_name(in->batch->apps[i].id, name);
			jobs[n].kind = pass ? JOB_TASKBOOK : JOB_NOTICE;
			jobs[n].app = i;
			jobs[n].record = in->batch->apps[i].id;
			snprintf(jobs[n].rel, sizeof jobs[n].rel, "%s/%s.pdf", pass ? "taskbooks" : "notices", name);
			n++;
		}
	jobs[n++] = (struct job){ JOB_PUBLICITY, -1, "publicity.pdf", "publicity" };
	jobs[n++] = (struct job){ JOB_DISBURSEMENT, -1, "disbursement.pdf", "disbursement" };
	*njobs = n;
	return jobs;
}

/* Keeps the jobs of one shard (in plan order) and notes them in its plan;
 * returns how many are kept. */
static int keep_shard(struct job *jobs, int njobs, struct shard_plan *sp, struct arena *a)
{
	struct hasher h;
	hasher_init(&h);
	int kept = 0;
	for (int j = 0; j < njobs; j++) {
		hasher_str(&h, jobs[j].rel);
		if (!shard_owns(&sp->shard, jobs[j].record))
			continue;
		shard_plan_add(sp, jobs[j].rel, j, a);
		jobs[kept++] = jobs[j];
	}
	hasher_hex(&h, sp->sha256);
	sp->total = njobs;
	return kept;
}

static void run_job(const struct doc_resources *r, const struct coop_doc_input *in,
		    const struct tctx *base, const struct job *j, const char *out_dir,
		    const struct prior *prior, struct job_result *res)
{
	double t0 = now_ms();
	/* Per-document memory is released after each document, so a large
	 * batch runs in flat memory. */
	struct arena scratch;
	arena_init(&scratch);
	char dir[4096], subject[160];
	const char *slash = strrchr(j->rel, '/');
	if (slash)
		snprintf(dir, sizeof dir, "%s/%.*s", out_dir, (int)(slash - j->rel), j->rel);
	else
		snprintf(dir, sizeof dir, "%s", out_dir);
	const char *file = slash ? slash + 1 : j->rel;
	struct tctx *ctx;
	const struct template *t;
	switch (j->kind) {
	case JOB_NOTICE:
		ctx = app_context(in, base, j->app, &scratch);
		snprintf(subject, sizeof subject, "通知 %s %s", j->record,
			 status_name(in->decisions[j->app].status));
		t = r->notice;
		break;
	case JOB_TASKBOOK:
		ctx = app_context(in, base, j->app, &scratch);
		taskbook_fields(in, j->app, ctx, &scratch);
		snprintf(subject, sizeof subject, "计划任务书 %s", j->record);
		t = r->taskbook;
		break;
	case JOB_PUBLICITY:
		ctx = publicity_context(in, (struct tctx *)base, &scratch);
		snprintf(subject, sizeof subject, "公示");
		t = r->publicity;
		break;
	default:
		ctx = disbursement_context(in, (struct tctx *)base, &scratch);
		snprintf(subject, sizeof subject, "资金拨付表");
		t = r->disbursement;
		break;
	}
	render(r, t, ctx, in, subject, dir, file, j->rel, prior, &scratch, res);
	arena_free(&scratch);
	res->ms = now_ms() - t0;
}

/* Workers: fonts and templates are already loaded, so each forked worker
 * shares them; worker k renders jobs k, k+n, … and writes its results to
 * a pipe; the parent polls all pipes. */
static bool run_parallel(const struct doc_resources *r, const struct coop_doc_input *in,
			 const struct tctx *base, const struct job *jobs, int njobs,
			 const char *out_dir, const struct prior *prior, int workers,
			 struct job_result *results, struct strbuf *err)
{
	pid_t pids[64];
	struct pollfd fds[64];
	fflush(NULL);
	for (int k = 0; k < workers; k++) {
		int fd[2];
		if (pipe(fd) != 0) {
			sb_printf(err, "cannot create a pipe for worker %d", k);
			return false;
		}
		pid_t parent = getpid();
		pids[k] = fork();
		if (pids[k] == 0) {
			/* A worker dies with its parent: a killed run must not leave
			 * workers writing (and holding the output lock). */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(4);
			close(fd[0]);
			for (int j = k; j < njobs; j += workers) {
				struct job_result res;
				memset(&res, 0, sizeof res);
				res.job = j;
				run_job(r, in, base, &jobs[j], out_dir, prior, &res);
				if (write(fd[1], &res, sizeof res) != (ssize_t)sizeof res)
					_exit(3);
			}
			_exit(0);
		}
		close(fd[1]);
		fds[k] = (struct pollfd){ fd[0], POLLIN, 0 };
		if (pids[k] < 0) {
			sb_printf(err, "cannot start worker %d", k);
			return false;
		}
	}
	int open_pipes = workers, received = 0;
	while (open_pipes > 0) {
		if (poll(fds, (nfds_t)workers, -1) < 0)
			continue;
		for (int k = 0; k < workers; k++) {
			if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP)))
				continue;
			struct job_result res;
			ssize_t n = read(fds[k].fd, &res, sizeof res);
			if (n == (ssize_t)sizeof res && res.job >= 0 && res.job < njobs) {
				results[res.job] = res;
				progress_update(++received);
			} else {
				close(fds[k].fd);
				fds[k].fd = -1;
				open_pipes--;
			}
		}
	}
	bool ok = received == njobs;
	for (int k = 0; k < workers; k++) {
		int status = 0;
		waitpid(pids[k], &status, 0);
		ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	if (!ok)
		sb_printf(err, "a document worker failed (%d of %d documents reported)", received, njobs);
	return ok;
}

bool coop_write_documents(const struct doc_resources *r, const struct coop_doc_input *in,
			  const char *out_dir, int workers, const struct prior *prior,
			  struct shard_plan *sp, struct written *w, struct doc_errors *errs,
			  struct doc_timing *timing, struct arena *arena, struct strbuf *err)
{
	memset(timing, 0, sizeof *timing);
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/notices", out_dir);
	if (!make_dirs(dir, err))
		return false;
	snprintf(dir, sizeof dir, "%s/taskbooks", out_dir);
	if (!make_dirs(dir, err))
		return false;
	struct tctx *base = base_context(in, arena);
	int njobs;
	struct job *jobs = plan(in, &njobs);
	if (sp->shard.count)
		njobs = keep_shard(jobs, njobs, sp, arena);
	struct job_result *results = xcalloc((size_t)njobs, sizeof *results);
	double t0 = now_ms();
	bool ok = true;
	if (workers > njobs)
		workers = njobs;
	progress_begin(in->batch->napps, njobs);
	if (workers <= 1) {
		for (int j = 0; ok && j < njobs; j++) {
			results[j].job = j;
			run_job(r, in, base, &jobs[j], out_dir, prior, &results[j]);
			ok = results[j].status != 2;
			progress_update(j + 1);
		}
	} else {
		ok = run_parallel(r, in, base, jobs, njobs, out_dir, prior, workers > 64 ? 64 : workers,
				  results, err);
	}
	progress_end();
	timing->wall_ms = now_ms() - t0;
	/* Results in job order: the manifest and the error list do not depend
	 * on which worker finished first. */
	for (int j = 0; ok && j < njobs; j++) {
		const struct job_result *res = &results[j];
		if (res->status == 2) {
			sb_printf(err, "%s", res->message);
			ok = false;
			break;
		}
		if (res->status == 1) {
			doc_errors_add(errs, arena, jobs[j].record, jobs[j].rel, res->field, res->cp);
			continue;
		}
		written_add_keyed(w, jobs[j].rel, res->pages, res->key);
		timing->reused += res->reused;
		switch (jobs[j].kind) {
		case JOB_NOTICE:
			timing->notices++, timing->notice_pages += res->pages, timing->notices_ms += res->ms;
			break;
		case JOB_TASKBOOK:
			timing->taskbooks++, timing->taskbook_pages += res->pages, timing->taskbooks_ms += res->ms;
			break;
		case JOB_PUBLICITY:
			timing->publicity_pages = res->pages, timing->publicity_ms = res->ms;
			break;
		case JOB_DISBURSEMENT:
			timing->disbursement_pages = res->pages, timing->disbursement_ms = res->ms;
			break;
		}
	}
	free(jobs);
	free(results);
	return ok;
}
