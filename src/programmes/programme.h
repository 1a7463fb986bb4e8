/* programme.h: what a grant programme is to the rest of grantdoc.
 *
 * A programme (shanxi-coop, shenzhen-intl, …) is one `struct programme`:
 * the files it reads, its programme.xml parameters, its documents, and the
 * callbacks the generic run (src/run.c) calls in data-flow order:
 *
 *   open ─► every file's rows ─► read_done ─► decide ─► extra_outputs
 *        ─► plan ─► base_fields + fields per document ─► close
 *
 * The run does everything that is the same for every programme: finding and
 * reading the files (CSV or batch.xml), rejects, decisions.csv, reasons.csv,
 * bans.csv, the disbursement sheet, the documents (workers, --incremental,
 * --shard), manifest.json and the summary. A programme only knows its
 * records and its rules.
 *
 * Each programme lives in src/programmes/<kind>/ (model.h, params.c,
 * ingest.c, rules.c, documents.c, programme.c) and is listed once in
 * registry.c. HACKING.md walks through adding one. */
#ifndef GRANTDOC_PROGRAMME_H
#define GRANTDOC_PROGRAMME_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "calendar.h"
#include "call.h"
#include "csvread.h"
#include "decision.h"
#include "disburse.h"
#include "docrun.h"
#include "fieldschema.h"
#include "rejects.h"
#include "report.h"
#include "strbuf.h"
#include "template.h"

/* An input file of the batch. Its rows go to row() with the programme's
 * state, in the order of the table (so a later file can refer to records
 * of an earlier one). */
struct batch_file {
	const char *name; /* "applications.csv" */
	bool required;    /* absent: the batch is refused (exit 66) */
	const struct csv_schema *schema;
	void (*row)(const struct csv_row *row, void *state);
	/* In batch.xml (programmes that have that form): the container and
	 * record elements; NULL when the file has no XML form. */
	const char *xml_container, *xml_element;
};

/* A kind of document: its name (timings, the folder of per-record
 * documents) and its template (templates/<kind>/<template>.xml). */
struct doc_kind {
	const char *name;
	const char *template;
	/* The fields its documents have beyond the call's (docfields.h's
	 * DF_CALL_FIELDS): NULL-terminated tables (fieldschema.h). Every
	 * template is checked against them when loaded, every document's
	 * fields when made. */
	const struct field_group *const *fields;
};

/* What the run hands a programme. */
struct programme_input {
	const struct call *call;
	const void *params; /* the programme's own parameter struct */
	struct rejects *rejects;
	struct calendar *cal;
	struct arena *arena; /* lives as long as the run */
};

/* What a programme decided, in the form every run writes. */
struct outcome {
	struct decided *rows; /* one per decided record, in input order */
	int nrows;
	/* Records of the records file read, decided or not; -1 to count the
	 * rows of that file in rejects.csv (a CSV row can be refused before
	 * it is a record). */
	int records_read;
	int32_t publicity_end;      /* DATE_NONE when the call has none */
	const struct ban_out *bans; /* bans.csv */
	int nbans;
	struct disbursement disb; /* initialised by the run; decide adds lines */
};

struct programme {
	const char *kind;   /* folder, templates, samples, docs: "shanxi-coop" */
	const char *prefix; /* rule codes and C symbols: "SXC" */
	const char *name;   /* 山西省科技合作交流专项 */

	const struct batch_file *files; /* terminated by a NULL name */
	const char *records_file;       /* whose rows are the decided records */
	bool has_xml_form;              /* may come as one batch.xml */
	const struct param_spec *params;
	const struct doc_kind *docs; /* in job order; job.kind indexes it */
	int ndocs;

	/* A new state before the files are read; NULL with *err to refuse. */
	void *(*open)(const struct programme_input *in, struct strbuf *err);
	/* After the last file: joins and batch-wide facts. */
	void (*read_done)(void *state);
	/* Decides every record; false with *err refuses the batch (exit 65). */
	bool (*decide)(void *state, const struct programme_input *in, struct outcome *out, struct strbuf *err);
	/* Tables beyond the common ones (contracts-out.csv, recoveries.csv);
	 * NULL when none. */
	bool (*extra_outputs)(const void *state, const char *out_dir, struct written *w, struct strbuf *err);
	/* Every document, in manifest order (the publicity list and the
	 * disbursement sheet included: doc_jobs_add_lists). */
	struct doc_job *(*plan)(const void *state, int *njobs, struct arena *a);
	/* Fields every document of the batch shares, beyond the call's own
	 * (df_call_fields). */
	void (*base_fields)(const void *state, struct tctx *base, struct arena *a);
	/* One document's fields; writes its PDF subject line (≤ 160 bytes). */
	struct tctx *(*fields)(const void *state, const struct doc_job *job, const struct tctx *base, char subject[160],
			       struct arena *a);
	void (*close)(void *state);
};

/* ---- the registry (registry.c) ---- */

/* Every programme, NULL-terminated. */
extern const struct programme *const PROGRAMMES[];

const struct programme *programme_find(const char *kind);
/* "shanxi-coop, shanxi-major, …" (for messages and --help). */
const char *programme_kinds(void);
/* For call_parse() and friends. */
extern const struct param_registry PROGRAMME_PARAMS;

#endif
