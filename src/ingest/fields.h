/* fields.h: typed reading of CSV cells into a record.
 *
 * A binder walks the columns of one row; each bind_* call parses one cell
 * by the data contract's rules (empty boolean = 否, empty count or amount =
 * 0, strict dates) and remembers the first cell that fails, so that the row
 * goes to rejects.csv once, naming that field, value and reason. */
#ifndef GRANTDOC_FIELDS_H
#define GRANTDOC_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "csvread.h"
#include "rejects.h"
#include "strmap.h"

struct binder {
	const struct csv_row *row;
	const struct csv_schema *schema;
	struct arena *arena;
	int bad_col; /* first failing column, -1 if none */
	char why[160];
};

/* A cell that is not text (csv_cell_problem: a NUL, a BOM, bytes that
 * are not text, more than 1 MiB) fails at once, whether the row came from
 * CSV or batch.xml. */
void binder_init(struct binder *b, const struct csv_row *row, const struct csv_schema *schema, struct arena *arena);
/* Sends the row to rejects if a cell failed; true if it did. The record's
 * key (schema column 0) is noted with the reject (rejects_note_record). */
bool binder_reject(struct binder *b, struct rejects *rejects);
/* Marks column col as failing with a reason (first failure wins). */
void binder_fail(struct binder *b, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The cell as text ("" when empty or the column is absent), arena copy. */
const char *bind_text(struct binder *b, int col);
struct strmap;
/* A text cell kept once per distinct value (strmap_intern) in the
 * binder's arena. */
const char *bind_pooled_text(struct binder *b, int col, struct strmap *pool);
bool bind_bool(struct binder *b, int col);
/* The largest count a cell may hold (people, agreements, projects). */
#define COUNT_MAX 1000000

/* Non-negative whole number up to COUNT_MAX; empty -> 0. */
int bind_count(struct binder *b, int col);
/* Four-digit year; empty -> 0. */
int bind_year(struct binder *b, int col);
/* Whole yuan; empty -> 0. */
int64_t bind_money(struct binder *b, int col);
/* DATE_NONE / DATETIME_NONE when empty. */
int32_t bind_date(struct binder *b, int col);
int64_t bind_datetime(struct binder *b, int col);
/* Score 0-100 with up to two decimals, in hundredths; -1 when empty. */
int bind_score(struct binder *b, int col);

/* Identity cells (V2-G4, ids.h): the cell upper-cased ("" when empty,
 * for the rules to decide); a cell that cannot be a credit code / an ID
 * number at all fails the row, saying what probably happened. A
 * well-formed number whose check character fails is read as it is: that
 * is the rules' ID-USCC / ID-PERSON. */
const char *bind_uscc(struct binder *b, int col);
const char *bind_person_id(struct binder *b, int col);

/* A bank account number (银行账号) for the disbursement workbook: its
 * digits, a space or hyphen between groups dropped ("" when empty). Read
 * as text, never as a number: a cell in scientific notation (6.22E+18,
 * the last digits lost), with a decimal point, with another character,
 * or of fewer than BANK_ACCOUNT_MIN or more than BANK_ACCOUNT_MAX digits
 * fails the row. */
#define BANK_ACCOUNT_MIN 8
#define BANK_ACCOUNT_MAX 32
const char *bind_bank_account(struct binder *b, int col);

/* One of names[0..n) (each entry "code|中文|alias…"); returns its index.
 * Empty -> empty_value (pass -1 to make an empty cell a failure). */
int bind_enum(struct binder *b, int col, const char *const *names, int n, int empty_value);
/* A list of items separated by ; ； or 、, each one of names[]: bit mask. */
unsigned bind_enum_set(struct binder *b, int col, const char *const *names, int n);

/* The record that col names (an evaluation's application, a bid's task):
 * its index in ids, or -1 with the row failed — "the application with
 * this id was rejected (applications.csv line 93)" when that record was
 * rejected (parent: the schema it was read with, noun: what it is), else
 * missing ("no application with this id in the batch"). */
int bind_reference(struct binder *b, int col, const struct strmap *ids, const struct rejects *rejects,
		   const struct csv_schema *parent, const char *noun, const char *missing);

/* Exposed for tests. */
bool parse_bool(const char *s, bool *out);
bool parse_score(const char *s, int *hundredths);
int match_enum(const char *s, const char *const *names, int n);

#endif
