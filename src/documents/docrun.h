/* docrun.h: drawing a batch's documents, whatever the programme.
 *
 * A programme hands over a list of jobs (template, file, record) and one
 * callback that fills a job's template fields; this module does the rest:
 * template -> GB/T 9704 layout -> PDF, in worker processes (-j), keeping
 * unchanged documents (--incremental), drawing one shard's share
 * (--shard), and collecting pages, keys and undrawable documents in plan
 * order so that the outputs never depend on scheduling. It knows no rule
 * and no programme. */
#ifndef GRANTDOC_DOCRUN_H
#define GRANTDOC_DOCRUN_H

#include <stdbool.h>
#include <stdint.h>

#include "fontset.h"
#include "report.h"
#include "shard.h"
#include "template.h"

#define DOC_MAX_TEMPLATES 8
#define DOC_MAX_KINDS 8
#define DOC_MAX_WORKERS 64

/* Fonts and a programme's templates, loaded once per process (before the
 * workers fork, so they share them). */
struct doc_resources {
	struct fontset fonts;
	char fonts_key[65]; /* the configured faces, for document keys */
	const char *names[DOC_MAX_TEMPLATES];
	struct template *templates[DOC_MAX_TEMPLATES];
	int ntemplates;
};

/* Loads fontconf and templates_dir/<dir>/<name>.xml for each name (a
 * NULL-terminated list, at most DOC_MAX_TEMPLATES). */
bool doc_resources_load(struct doc_resources *r, const char *fontconf, const char *templates_dir, const char *dir,
			const char *const *names, struct strbuf *err);
void doc_resources_free(struct doc_resources *r);

/* A file name from a record id, never the same for two ids — also where
 * case does not count (an archive copied to a Windows or macOS share):
 * the id itself when it is 1 to 64 of [A-Z0-9._-] (no lower case, so two
 * such ids differ in a letter case cannot fold away), does not start with
 * '.', does not start with "ID-" (which would fold onto the hashed names),
 * and is no device name Windows reserves (CON, NUL, COM1, ...); any other
 * id is "id-" and 32 hex digits (128 bits) of its SHA-256. The plan of a
 * run is checked too: docrun_write refuses two jobs on one file, case
 * folded. buf holds 80 bytes. */
void doc_file_name(const char *id, char *buf);
/* "dir/<doc_file_name(id)>.pdf", in a. */
const char *doc_path(struct arena *a, const char *dir, const char *id);

struct doc_job {
	int template;       /* position in doc_resources */
	int kind;           /* position in doc_source.kinds, for timings */
	int item;           /* the programme's record index, or -1 */
	const char *record; /* the shard key: the record id, or the document's name */
	const char *rel;    /* path under the output directory */
	/* A record of another input than the decided one (an acceptance, a
	 * banned contract): the unit it concerns and what was decided, for
	 * index.csv; NULL for a decided record (its row says) and lists. */
	const char *who, *outcome;
};

/* The title of the document job j would draw from ctx (its template's
 * first <title>, expanded), or NULL with *err when the template does not
 * expand; "" when it has no title. */
const char *docrun_title(const struct doc_resources *r, const struct doc_job *j, const struct tctx *ctx,
			 struct arena *a, struct strbuf *err);

/* Appends the two batch-wide documents every programme has: publicity.pdf
 * and disbursement.pdf (their kinds double as template positions). */
void doc_jobs_add_lists(struct doc_job *jobs, int *n, int publicity_kind, int disbursement_kind);

/* Where a job's fields come from. context() gets a fresh per-document
 * arena and writes the PDF's subject line (at most 160 bytes). */
struct doc_source {
	const void *data;
	const struct tctx *base; /* fields every document shares */
	const char *programme, *authority;
	int32_t date; /* the documents' date (PDF metadata) */
	int records;  /* records decided, for the progress line */
	struct tctx *(*context)(const void *data, const struct doc_job *job, const struct tctx *base, char subject[160],
				struct arena *a);
	/* Optional, after context(): the job's place among the documents of
	 * its kind (from 0, in plan order, the same in every shard), for a
	 * numbering series of 发文字号. */
	void (*number)(const void *data, const struct doc_job *job, int ordinal, struct tctx *ctx, struct arena *a);
	const int *ordinals; /* docrun_write's own: each job's ordinal */
	/* Optional, after number(): false with *err when the fields are not
	 * what the job's kind declares (fieldschema.h) — an internal error. */
	bool (*conforms)(const void *data, const struct doc_job *job, const struct tctx *ctx, struct strbuf *err);
	/* What else every document depends on (the seal image's SHA-256),
	 * for the --incremental keys; NULL when nothing. */
	const char *extra_key;
};

/* The wall time of drawing and the CPU time per kind of document (for
 * --timings and the benchmark; never written into an output file). */
struct doc_timing {
	double wall_ms;
	double ms[DOC_MAX_KINDS]; /* CPU */
	int count[DOC_MAX_KINDS], pages[DOC_MAX_KINDS];
	int reused; /* --incremental: documents left as they were */
};

/* Draws the jobs into out_dir (subdirectories made as needed). With a
 * prior manifest a document whose key and file are unchanged is taken
 * from prior->dir; with a shard (sp->shard.count > 0) only its jobs are
 * drawn and sp records them. A document that cannot be drawn for want of
 * a glyph goes to errs and the others go on. Returns the exit status
 * (exitcodes.h) with one line in *err naming the document: EXIT_CONFIG
 * when a template does not fit its fields, EXIT_CANTCREAT when a file
 * cannot be written, EXIT_SOFTWARE when a worker cannot be started or
 * dies (the signal named) or a document's fields are not those its kind
 * declares. */
int docrun_write(const struct doc_resources *r, const struct doc_source *src, struct doc_job *jobs, int njobs,
		 const char *out_dir, int workers, const struct prior *prior, struct shard_plan *sp, struct written *w,
		 struct doc_errors *errs, struct doc_timing *timing, struct arena *arena, struct strbuf *err);

/* "timings: …" for --timings, the kinds by name (the benchmark reads
 * this line). */
void docrun_print_timings(const char *const *kinds, int nkinds, const struct doc_timing *t, int workers);

#endif
