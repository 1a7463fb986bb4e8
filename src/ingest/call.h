/* call.h: programme.xml — the call every programme shares, and the table
 * of elements through which each programme adds its own parameters.
 *
 * A programme.xml is a <programme kind="…" year="…"> root whose children
 * are parameters. The elements every call has (authority, title, dates,
 * contact, document number, …) fill `struct call`; a programme declares
 * the rest in a table of `struct param_element`, each naming a reader and
 * where in the programme's own parameter struct the value goes. Reading is
 * one loop for every programme: unknown elements, unknown attributes, a
 * single element given twice (both lines named) and a required element
 * left out are refused the same way everywhere, with the file, the line,
 * the element and the value. */
#ifndef GRANTDOC_CALL_H
#define GRANTDOC_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "strbuf.h"

#define CALL_SHEETS_MAX 16

/* <sheet file="applications.xlsx">申报表</sheet>: which worksheet holds an
 * input given as a workbook (default: the first visible sheet). */
struct call_sheet {
	const char *file; /* as written: NAME.xlsx or NAME.csv */
	const char *name;
	long line;
};

/* A numbering series of 发文字号: each document of one kind (notices,
 * publicity, …) gets its own number, seq, seq + 1, … in plan order. */
struct doc_series {
	const char *kind;   /* a document kind of the programme */
	const char *prefix; /* the base prefix unless given */
	int first;
	long line; /* in programme.xml, for messages */
};

/* What every call says, whatever the programme. */
struct call {
	const char *kind; /* programme kind, e.g. "shanxi-coop" */
	int year;
	const char *authority, *office, *title;
	const char *doc_prefix; /* 发文字号: prefix〔year〕seq号; NULL when none */
	int doc_year, doc_seq;
	const struct doc_series *series; /* <doc-number><series …/></doc-number> */
	int nseries;
	const char *seal_image; /* <seal image="…"/>: a PNG, relative to the batch; NULL when none */
	long seal_line;
	int32_t published;              /* DATE_NONE when not given */
	int32_t publicity_start;        /* DATE_NONE when the call has no publicity */
	int32_t decided;                /* DATE_NONE: publicity not over yet */
	const char *disbursement_batch; /* 拨付批次, default 第1批 */
	const char *budget_subject;     /* 预算科目 of the disbursement workbook; NULL when not given */
	const char *contact_name, *contact_phone, *address;
	/* 行政复议机关 named in the notice of rights on adverse decisions
	 * (<review-body>山西省人民政府</review-body>); NULL when not given. */
	const char *review_body;
	struct call_sheet sheets[CALL_SHEETS_MAX];
	int nsheets;
};

/* The sheet named for input file (NAME.csv and NAME.xlsx alike), or NULL. */
const char *call_sheet_for(const struct call *call, const char *file);

/* ---- the element table ---- */

struct param_reader;
struct _xmlNode;

/* Reads element n into the programme's parameters (at el->offset for the
 * shared readers below) or into the call. Failures go through
 * param_fail(). */
struct param_element;
typedef void (*param_read_fn)(struct param_reader *r, const struct _xmlNode *n, const struct param_element *el,
			      struct call *call, void *params);

enum {
	PARAM_REQUIRED = 1,   /* the file must give it */
	PARAM_REPEATABLE = 2, /* may appear more than once (e.g. <category>) */
};

struct param_element {
	const char *name;
	unsigned flags;
	param_read_fn read;
	size_t offset;    /* into the programme's parameter struct */
	int min, max;     /* bounds for param_int / param_int_attr */
	const char *attr; /* the attribute param_*_attr readers read */
};

/* What a programme adds to programme.xml: its elements (terminated by an
 * entry with a NULL name), the size of its parameter struct, the seed's
 * defaults (init also remembers the call, which is filled in after), the
 * elements of the common call it requires besides authority and title
 * (NULL-terminated), and the checks across elements (NULL if none; report
 * with param_fail_root). */
struct param_spec {
	const struct param_element *elements;
	size_t size;
	void (*init)(void *params, const struct call *call);
	const char *const *call_requires;
	void (*check)(struct param_reader *r, const struct call *call, const void *params);
};

/* The programmes a reader can choose from (the registry provides it, so
 * that this module knows no programme). */
struct param_registry {
	const struct param_spec *(*find)(const char *kind); /* NULL: unknown kind */
	bool (*known)(const char *element);                 /* a parameter of some programme */
	const char *(*kinds)(void);                         /* "shanxi-coop, …", for messages */
};

/* Reads programme.xml from memory (named name in messages). The root's
 * kind chooses the programme's spec from reg; its parameters are
 * allocated in arena and returned in *params. False with one line in *err
 * naming the file, the line, the element and the value. */
bool call_parse(const char *xml, size_t len, const char *name, const struct param_registry *reg, struct call *call,
		void **params, struct arena *arena, struct strbuf *err);
/* The same from a file (at most 1 MiB). */
bool call_load(const char *path, const char *name, const struct param_registry *reg, struct call *call, void **params,
	       struct arena *arena, struct strbuf *err);
/* The same from a <programme> element already parsed (inside batch.xml). */
bool call_from_node(const struct _xmlNode *root, const char *name, const struct param_registry *reg, struct call *call,
		    void **params, struct arena *arena, struct strbuf *err);

/* ---- for readers ---- */

/* Reports a failure at element n (first failure wins): "name:line: <el>: "
 * then fmt with a and b. */
void param_fail(struct param_reader *r, const struct _xmlNode *n, const char *fmt, const char *a, const char *b);
/* The same at the root element, for checks across elements. */
void param_fail_root(struct param_reader *r, const char *fmt, const char *a, const char *b);
bool param_failed(const struct param_reader *r);
struct arena *param_arena(struct param_reader *r);

/* Every attribute of n must be one of allowed (NULL-terminated). */
void param_check_attrs(struct param_reader *r, const struct _xmlNode *n, const char *const *allowed);
/* An attribute's value, trimmed; NULL when absent. */
const char *param_attr(struct param_reader *r, const struct _xmlNode *n, const char *name);
/* The element's text, trimmed. */
const char *param_text(struct param_reader *r, const struct _xmlNode *n);

/* Typed values; what names the value in a message. */
int32_t param_need_date(struct param_reader *r, const struct _xmlNode *n, const char *s, const char *what);
int64_t param_need_datetime(struct param_reader *r, const struct _xmlNode *n, const char *s, const char *what);
int64_t param_need_money(struct param_reader *r, const struct _xmlNode *n, const char *s, const char *what);
int param_need_int(struct param_reader *r, const struct _xmlNode *n, const char *s, const char *what, int min, int max);
/* A score from 0 to 100 in hundredths ("60", "87.5"). */
int param_need_score(struct param_reader *r, const struct _xmlNode *n, const char *s, const char *what);

/* Shared readers for table entries: the element's text (no attributes)
 * as a string, a date, a date-time or an amount in yuan, stored at
 * el->offset; an integer attribute el->attr within [el->min, el->max]. */
void param_string(struct param_reader *r, const struct _xmlNode *n, const struct param_element *el, struct call *call,
		  void *params);
void param_date(struct param_reader *r, const struct _xmlNode *n, const struct param_element *el, struct call *call,
		void *params);
void param_datetime(struct param_reader *r, const struct _xmlNode *n, const struct param_element *el, struct call *call,
		    void *params);
void param_money(struct param_reader *r, const struct _xmlNode *n, const struct param_element *el, struct call *call,
		 void *params);
void param_int_attr(struct param_reader *r, const struct _xmlNode *n, const struct param_element *el, struct call *call,
		    void *params);
/* An amount in yuan in attribute el->attr (<reward amount="200000"/>). */
void param_money_attr(struct param_reader *r, const struct _xmlNode *n, const struct param_element *el,
		      struct call *call, void *params);
/* A date in attribute el->attr (<posting date="2024-09-01"/>). */
void param_date_attr(struct param_reader *r, const struct _xmlNode *n, const struct param_element *el,
		     struct call *call, void *params);

/* The line of the element's first occurrence (0 when not given). */
long param_line(const struct param_reader *r, const char *element);

#endif
