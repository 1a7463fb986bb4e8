/* report.h: the batch's table outputs and manifest (data.md, "A batch
 * coming out"). Programme-neutral: a programme hands over its records as
 * (id, category, decision) triples. */
#ifndef GRANTDOC_REPORT_H
#define GRANTDOC_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "decision.h"
#include "rejects.h"
#include "shard.h"
#include "strmap.h"
#include "strbuf.h"

struct decided {
	const char *id;
	const char *category;
	const struct decision *d;
	/* For index.csv: who applied (the payee's unit) and for what; NULL
	 * reads as "". */
	const char *applicant, *title;
};

/* Output files written so far, in order, for the manifest. */
struct written_file {
	const char *name; /* relative to the output directory */
	int pages;        /* PDFs; 0 for other files */
	/* PDFs: what the document was made from (incremental runs), as 32
	 * bytes when it is a SHA-256 in hex (always, from a run), else as given */
	bool has_key, has_sha256;
	unsigned char key[32];
	const char *key_text;
	unsigned char sha256[32]; /* when the writer knew it: the file's SHA-256 (else read back) */
	bool kept;                /* PDFs: the previous run's file, taken over (--incremental, --only) */
	long long bytes;          /* with sha256: the file's size */
};

struct written {
	struct arena *arena;
	struct written_file *files;
	int count, cap;
};

void written_init(struct written *w, struct arena *arena);
void written_free(struct written *w);
void written_add(struct written *w, const char *name, int pages);
void written_add_keyed(struct written *w, const char *name, int pages, const char *key);
/* Room for n more files at once, zeroed, beyond the listed ones: a run's
 * documents fill their entries (all but the name) as they are made, in
 * any order, and are then listed in order, each moved to its place
 * (w->files[w->count++] = entry; the name set), never to a place after
 * its own. The pointer holds until the list grows again. */
struct written_file *written_reserve(struct written *w, int n);
/* A document whose writer hashed it as it wrote it: the manifest takes
 * the SHA-256 and size as given instead of reading the file again. */
void written_add_hashed(struct written *w, const char *name, int pages, const char *key, const char *sha256,
			long long bytes);

/* The documents of a previous run, from its manifest.json: for
 * --incremental, a document whose key is unchanged and whose file still
 * has the recorded SHA-256 is not written again. */
struct prior_doc {
	const char *file;
	char key[65], sha256[65];
	int pages;
};

struct prior {
	const char *dir; /* the directory the documents are in */
	struct prior_doc *docs;
	int count;
	struct strmap index;       /* file -> position in docs */
	struct strmap warned;      /* document -> its first row in warning_rows */
	const char **warning_rows; /* its document-warnings.csv, rows as written */
	int nwarning_rows;
	/* --only: the records whose documents are drawn; every other document
	 * must be taken over unchanged from dir (NULL: --incremental). */
	const struct strmap *only;
};

/* Reads dir/manifest.json if there is one (an empty list otherwise). */
void prior_read(const char *dir, struct prior *p, struct arena *arena);
void prior_free(struct prior *p);
const struct prior_doc *prior_find(const struct prior *p, const char *file);
/* The previous run listed file in document-warnings.csv: it is drawn
 * again rather than kept, so that its warnings are listed again. */
bool prior_warned(const struct prior *p, const char *file);
/* The rows the previous document-warnings.csv has for file (a document
 * taken over keeps them); *rows points into p. */
int prior_warnings(const struct prior *p, const char *file, const char *const **rows);

/* A document that could not be drawn: a character no configured face has. */
struct doc_error {
	const char *record, *document, *field;
	uint32_t cp;
};

/* A character a document drew with a fallback face of its role (fonts.conf
 * chains): the clerk learns which name was set in another face. */
struct doc_warning {
	const char *record, *document, *field, *role, *face;
	uint32_t cp;
	const char *row; /* a row taken over from the previous run, written as it is; else NULL */
};

/* The documents of a run that were not written, and the fallback faces
 * of those that were (document-warnings.csv). */
struct doc_errors {
	struct doc_error *items;
	int count, cap;
	struct doc_warning *warnings;
	int nwarnings, capwarnings;
};

void doc_errors_add(struct doc_errors *e, struct arena *a, const char *record, const char *document, const char *field,
		    uint32_t cp);
void doc_errors_free(struct doc_errors *e);
void doc_warnings_add(struct doc_errors *e, struct arena *a, const struct doc_warning *x);
/* document-warnings.csv: record,document,field,character,code,role,face */
/* The document column of one of its rows (the record before it may be
 * quoted; document paths never are), or NULL. */
const char *warning_row_document(const char *line, size_t *len);
bool report_doc_warnings(const char *dir, const struct doc_errors *e, struct written *w, struct strbuf *err);
/* document-errors.csv: record,document,field,character,error */
bool report_doc_errors(const char *dir, const struct doc_errors *e, struct written *w, struct strbuf *err);

/* decisions.csv: id,programme,category,status,score,rank,requested,award,
 * self_raise,ban_until,reasons, in input order. */
bool report_decisions(const char *dir, const char *programme, const struct decided *rows, int n, struct written *w,
		      struct strbuf *err);
/* reasons.csv: id,code,text: every reason sentence, for notices and people. */
bool report_reasons(const char *dir, const struct decided *rows, int n, struct written *w, struct strbuf *err);
bool report_rejects(const char *dir, const struct rejects *r, struct written *w, struct strbuf *err);
/* A ban decided in this run (bans.csv: the sanctions.csv columns plus the
 * record it comes from). */
struct ban_out {
	const char *subject_kind; /* 单位 / 个人 */
	const char *subject_id, *name;
	int32_t start, end; /* end: the last day in force (date_period_end) */
	const char *reason, *source_id;
};

/* bans.csv: subject_kind,subject_id,name,start,end,reason,source_id. */
bool report_bans(const char *dir, const struct ban_out *bans, int n, struct written *w, struct strbuf *err);

/* An input file as a manifest lists it. */
struct file_fact {
	const char *name;
	long long bytes;
	const char *sha256;
};

struct manifest_facts {
	const char *programme;
	int year;
	const char *batch_dir;
	const char *const *inputs;           /* file names inside batch_dir, NULL-terminated */
	const struct file_fact *input_facts; /* instead of batch_dir and inputs (merge) */
	int ninput_facts;
	int records; /* data rows of the main file read (decided + rejected) */
	int decided;
	int rejected;      /* rejected rows of the main file */
	int rejects_total; /* all rows in rejects.csv */
	int status_count[ST_COUNT];
	int64_t award_total;
	int32_t publicity_start, publicity_end, decided_on;
	int documents; /* PDFs written */
	int disbursement_projects;
	int64_t disbursement_total; /* the grand total of disbursement.csv/pdf */
	int document_errors;
	int rejects_accepted;                 /* --accept-rejects: rows treated as absent */
	const struct shard_plan *shard;       /* a shard's run: its plan (else NULL) */
	const struct doc_errors *not_written; /* a shard's run: its document errors */
};

/* warnings.csv: every warning of the run (diag.h), in order. */
bool report_warnings(const char *dir, const char *const *warnings, struct written *w, struct strbuf *err);

/* How a run ended, for summary.json and the summary line. */
enum run_outcome { RUN_COMPLETE, RUN_DOCUMENTS_MISSING, RUN_BLOCKED };

/* summary.json: the run in one small file for whoever reads the directory
 * later (cron, a clerk): version, programme, outcome and exit status,
 * records, rejects per file, statuses, documents, warnings. Nothing from
 * the clock and nothing of how it was run (-j, --incremental): the same
 * batch gives the same bytes, so an incremental run's directory equals a
 * full run's. */
struct summary {
	const struct manifest_facts *m;  /* programme, year, records, rejects, statuses, documents, date */
	const char *const *reject_files; /* rows rejected per file, in first-seen order */
	const int *reject_counts;
	int nreject_files;
	enum run_outcome outcome;
	int exit_code;
	int warnings;
};

bool report_summary(const char *dir, const struct summary *s, struct strbuf *err);

/* manifest.json: inputs' and outputs' sizes and SHA-256, counts, version. */
bool report_manifest(const char *dir, const struct manifest_facts *m, const struct written *w, struct strbuf *err);

#endif
