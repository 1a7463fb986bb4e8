/* docfields.h: template fields every programme's documents share — the
 * programme's own facts, dates and amounts as Chinese documents write
 * them, and the disbursement sheet's lines. */
#ifndef GRANTDOC_DOCFIELDS_H
#define GRANTDOC_DOCFIELDS_H

#include <stdint.h>

#include "decision.h"
#include "disburse.h"
#include "call.h"
#include "fieldschema.h"
#include "template.h"

/* The fields df_call_fields sets; the "reasons" list df_reasons makes;
 * the disbursement sheet's (df_disbursement_context). */
extern const struct field_group DF_CALL_FIELDS[], DF_REASON_FIELDS[], DF_DISBURSEMENT_FIELDS[];

const char *df_date(struct arena *a, int32_t day);      /* 2024年12月30日; "" for DATE_NONE */
const char *df_wan(struct arena *a, int64_t yuan);      /* 37.5 (万元) */
const char *df_yuan(struct arena *a, int64_t yuan);     /* 375,000.00 */
const char *df_capitals(struct arena *a, int64_t yuan); /* 叁拾柒万伍仟元整 */
const char *df_count_cn(struct arena *a, int n);        /* 三 */

/* The call's 发文字号, 晋科合〔2024〕15号; "" when programme.xml gives none. */
const char *df_doc_number_text(struct arena *a, const struct call *p);

/* The date documents carry: the decision date, or before it is known the
 * first day of publicity. */
int32_t df_document_date(const struct call *p);

/* The call's own fields, shared by every document: programme.title,
 * .authority, .office, .year, .contact, .phone, .address, doc.number and
 * doc.date. */
void df_call_fields(struct tctx *c, const struct call *p, struct arena *a);

/* The 发文字号 of the ordinal-th document (from 0, in plan order) of a
 * kind: its series' prefix〔year〕(first + ordinal)号; NULL when the kind
 * has no series (the document carries the call's own number). */
const char *df_doc_number(struct arena *a, const struct call *p, const char *kind, int ordinal);
/* The first series naming none of the kinds, or NULL. */
const struct doc_series *df_unknown_series(const struct call *p, const char *const *kinds, int nkinds);

/* The "reasons" list of a decision: item.index, item.code, item.text
 * (the sentence of reasons.csv). */
void df_reasons(struct tctx *c, const struct reasons *r, struct arena *a);

/* The "lines" list (item.seq, unit, id, title, yuan, capitals, batch,
 * subtotal: "1" on a category's subtotal line, bank, account) and
 * disbursement.count, .batch, .basis (立项文号), .subject (预算科目),
 * .total_yuan, .total_capitals. */
void df_disbursement_fields(struct tctx *c, const struct disbursement *d, struct arena *a);
/* The figures a disbursement.pdf is drawn from, read back from its fields
 * (c: the context of its document): the project lines (item.seq set), the
 * subtotal lines and disbursement.total_yuan. False with *err when a field
 * is not an amount. */
bool df_disbursement_figures(const struct tctx *c, struct disb_figures *f, struct strbuf *err);
/* The disbursement sheet's context: base and those fields. */
struct tctx *df_disbursement_context(const struct tctx *base, const struct disbursement *d, struct arena *a);

#endif
