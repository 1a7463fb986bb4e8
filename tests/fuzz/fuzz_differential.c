/* libFuzzer, differential: the same shanxi-coop data as CSV files and as
 * one batch.xml must give the same decisions and the same rejects (field,
 * value and reason; only the file and line differ).
 *
 * The input is records, one per line: a first byte 'a' (application), 'e'
 * (evaluation), 's' (sanction) or 'o' (objection), then the cells in
 * column order separated by tabs ("\n" inside a cell is a line break).
 * Cells not given keep the value of a valid template record, so the fuzzer
 * works near real data. Inputs the XML form cannot carry (control
 * characters, carriage returns — XML turns CR LF into LF —, bytes that are
 * not UTF-8, U+FFFE/U+FFFF) and records with no text at all (CSV skips
 * them as empty lines) are not compared. A difference aborts, printing
 * both. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "calendar.h"
#include "date.h"
#include "diag.h"
#include "utf8.h"

#define MAX_RECORDS 12
#define MAX_CELLS 43

static const char *const PROGRAMME =
	"<programme kind=\"shanxi-coop\" year=\"2024\">"
	"<authority>山西省科学技术厅</authority><title>2024年度山西省国际科技合作专项</title>"
	"<published>2024-11-04</published><deadline online=\"2024-12-04T18:00\" paper=\"2024-12-09 17:00\"/>"
	"<budget>100万</budget><publicity start=\"2024-12-20\"/><decided>2025-01-10</decided></programme>";

static const char *const APP_KEYS[MAX_CELLS] = {
	"id",
	"category",
	"title",
	"applicant",
	"applicant_uscc",
	"applicant_kind",
	"registered_on",
	"pi_name",
	"pi_id",
	"pi_title",
	"pi_degree",
	"pi_ongoing_coop",
	"pi_ongoing_other",
	"pi_last_coop_year",
	"partner",
	"partner_country",
	"partner_uscc",
	"partner_kind",
	"signatory_rank",
	"agreement_kind",
	"agreement_signed",
	"agreement_bilingual",
	"agreement_until",
	"start",
	"end",
	"requested",
	"matching",
	"targets",
	"field",
	"submitted_online",
	"received_paper",
	"attachments",
	"novelty_date",
	"misconduct",
	"blacklisted",
	"env_incident",
	"integrity_signed",
	"duplicate_funding",
	"secret",
	"needs_ethics",
	"contact_phone",
	"applicant_province",
	NULL,
};
static const char *const APP_DEFAULT[MAX_CELLS] = {
	"SXHZ2024-9%02d",
	"KC",
	"中德国先进装备制造关键技术联合研发",
	"山西晋城新材料科技有限公司",
	"91140500MA0237570A",
	"企业",
	"2010-09-21",
	"夏国栋",
	"140105197203151221",
	"副高",
	"博士",
	"0",
	"",
	"2017",
	"德国莱茵应用技术研究所",
	"德国",
	"",
	"境外院所",
	"研究员",
	"协议书",
	"是",
	"否",
	"2027-06-30",
	"2025-01-01",
	"2027-01-01",
	"380000",
	"76万元",
	"T1；T3；T4；T5",
	"先进装备制造",
	"2024-11-28 09:47",
	"2024-12-06 10:30",
	"LICENSE;PI_PROOF;AGREEMENT;MATCHING;NOVELTY;AUDIT",
	"2024-06-21",
	"否",
	"否",
	"否",
	"是",
	"否",
	"否",
	"否",
	"0351-4000740",
	"",
	NULL,
};
static const char *const EVAL_KEYS[] = { "id", "expert", "role", "score", "recused", NULL };
static const char *const EVAL_DEFAULT[] = { "SXHZ2024-900", "E0%02d", "技术", "80", "否", NULL };
static const char *const SANCTION_KEYS[] = { "subject_kind", "subject_id", "name", "start", "end", "reason", NULL };
static const char *const SANCTION_DEFAULT[] = { "单位",       "91140500MA0237570A", "某公司",
						"2024-01-01", "2026-01-01",         "失信",
						NULL };
static const char *const OBJECTION_KEYS[] = { "id", "received", "summary", NULL };
static const char *const OBJECTION_DEFAULT[] = { "SXHZ2024-900", "2024-12-23", "异议", NULL };

struct kind {
	char tag;
	const char *file, *container, *element;
	const char *const *keys, *const *defaults;
};
static const struct kind KINDS[] = {
	{ 'a', "applications.csv", "applications", "application", APP_KEYS, APP_DEFAULT },
	{ 'e', "evaluations.csv", "evaluations", "evaluation", EVAL_KEYS, EVAL_DEFAULT },
	{ 's', "sanctions.csv", "sanctions", "sanction", SANCTION_KEYS, SANCTION_DEFAULT },
	{ 'o', "objections.csv", "objections", "objection", OBJECTION_KEYS, OBJECTION_DEFAULT },
};

struct record {
	int kind;
	char *cells[MAX_CELLS];
};

/* Text the XML form can carry: UTF-8, no control character but tab and
 * line feed, no U+FFFE/U+FFFF. */
static bool xml_text(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k <= 0 || (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xFFFE || cp == 0xFFFF)
			return false;
		i += (size_t)k;
	}
	return true;
}

static char *unescape(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == 'n' || s[i + 1] == '\\')) {
			*o++ = s[i + 1] == 'n' ? '\n' : '\\';
			i++;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static int parse_records(const char *data, size_t size, struct record *recs)
{
	int n = 0;
	const char *p = data, *end = data + size;
	while (p < end && n < MAX_RECORDS) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		int kind = -1;
		for (int k = 0; k < 4; k++)
			if (p < line_end && *p == KINDS[k].tag)
				kind = k;
		if (kind >= 0) {
			struct record *r = &recs[n];
			memset(r, 0, sizeof *r);
			r->kind = kind;
			const char *c = p + 1;
			int col = 0;
			const char *const *keys = KINDS[kind].keys;
			while (keys[col]) {
				const char *tab = c <= line_end ? memchr(c, '\t', (size_t)(line_end - c)) : NULL;
				const char *cell_end = tab ? tab : line_end;
				if (c <= line_end && (c < line_end || tab))
					r->cells[col] = unescape(c, (size_t)(cell_end - c));
				else
					break;
				col++;
				if (!tab)
					break;
				c = tab + 1;
			}
			for (int i = 0; keys[i]; i++)
				if (!r->cells[i]) {
					char buf[128];
					snprintf(buf, sizeof buf, KINDS[kind].defaults[i], n);
					r->cells[i] = strdup(buf);
				}
			n++;
		}
		p = line_end + 1;
	}
	return n;
}

static bool comparable(const struct record *recs, int n)
{
	for (int i = 0; i < n; i++) {
		bool text = false;
		for (int c = 0; KINDS[recs[i].kind].keys[c]; c++) {
			if (!xml_text(recs[i].cells[c]))
				return false;
			char *t = strdup(recs[i].cells[c]);
			text = text || utf8_trim(t)[0];
			free(t);
		}
		if (!text)
			return false;
	}
	return true;
}

static void csv_cell(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void write_csv(const char *dir, const struct record *recs, int n)
{
	for (int k = 0; k < 4; k++) {
		char path[256];
		snprintf(path, sizeof path, "%s/%s", dir, KINDS[k].file);
		FILE *f = fopen(path, "w");
		for (int c = 0; KINDS[k].keys[c]; c++)
			fprintf(f, "%s%s", c ? "," : "", KINDS[k].keys[c]);
		fputc('\n', f);
		for (int i = 0; i < n; i++) {
			if (recs[i].kind != k)
				continue;
			for (int c = 0; KINDS[k].keys[c]; c++) {
				if (c)
					fputc(',', f);
				csv_cell(f, recs[i].cells[c]);
			}
			fputc('\n', f);
		}
		fclose(f);
	}
	char path[256];
	snprintf(path, sizeof path, "%s/programme.xml", dir);
	FILE *f = fopen(path, "w");
	fputs(PROGRAMME, f);
	fclose(f);
}

static void xml_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else
			fputc(*s, f);
	}
}

static char *write_xml(const struct record *recs, int n, size_t *size)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, size);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<batch>\n%s\n", PROGRAMME);
	for (int k = 0; k < 4; k++) {
		fprintf(f, "<%s>\n", KINDS[k].container);
		for (int i = 0; i < n; i++) {
			if (recs[i].kind != k)
				continue;
			fprintf(f, "<%s>", KINDS[k].element);
			for (int c = 0; KINDS[k].keys[c]; c++) {
				fprintf(f, "<%s>", KINDS[k].keys[c]);
				xml_escaped(f, recs[i].cells[c]);
				fprintf(f, "</%s>", KINDS[k].keys[c]);
			}
			fprintf(f, "</%s>\n", KINDS[k].element);
		}
		fprintf(f, "</%s>\n", KINDS[k].container);
	}
	fputs("</batch>\n", f);
	fclose(f);
	return buf;
}

/* One form read and decided the way a run does (src/run.c). */
struct side {
	int code;
	struct strbuf err;
	struct arena arena;
	struct rejects rejects;
	struct batch batch;
	struct outcome oc;
	bool decided;
};

static void side_init(struct side *s, struct calendar *cal)
{
	memset(s, 0, sizeof *s);
	arena_init(&s->arena);
	rejects_init(&s->rejects, &s->arena);
	s->batch = (struct batch){ .rejects = &s->rejects, .cal = cal, .arena = &s->arena, .encoding = CSV_ENC_UTF8 };
}

static void decide(struct side *s)
{
	if (s->code != 0)
		return;
	struct programme_input in = batch_input(&s->batch);
	s->oc.records_read = -1;
	s->oc.publicity_end = DATE_NONE;
	disb_init(&s->oc.disb, &s->arena, s->batch.call.disbursement_batch);
	s->decided = s->batch.prog->decide(s->batch.state, &in, &s->oc, &s->err);
}

static void side_free(struct side *s)
{
	if (s->code == 0)
		disb_free(&s->oc.disb);
	batch_close(&s->batch);
	rejects_free(&s->rejects);
	arena_free(&s->arena);
	sb_free(&s->err);
}

static void differ(const char *what, const char *csv, const char *xml)
{
	fprintf(stderr, "CSV and batch.xml differ on %s:\n  CSV: %s\n  XML: %s\n", what, csv, xml);
	abort();
}

/* A message with the line numbers taken out ("first on line 2" in CSV is
 * "first on line 5" in batch.xml), and the file names. */
static void without_lines(const char *s, char *out, size_t size)
{
	size_t o = 0;
	while (*s && o + 1 < size) {
		if (strncmp(s, "line ", 5) == 0 && s[5] >= '0' && s[5] <= '9') {
			s += 5;
			while (*s >= '0' && *s <= '9')
				s++;
			out[o++] = '#';
			continue;
		}
		if (strncmp(s, "applications.csv", 16) == 0 || strncmp(s, "evaluations.csv", 15) == 0) {
			s += s[0] == 'a' ? 16 : 15;
			out[o++] = '@';
			continue;
		}
		if (strncmp(s, "batch.xml", 9) == 0) {
			s += 9;
			out[o++] = '@';
			continue;
		}
		out[o++] = *s++;
	}
	out[o] = '\0';
}

static void compare(struct side *c, struct side *x)
{
	if ((c->code == 0) != (x->code == 0))
		differ("whether the batch is read", sb_str(&c->err), sb_str(&x->err));
	if (c->code != 0)
		return;
	int ci = 0, xi = 0;
	for (;;) {
		while (ci < c->rejects.count &&
		       strcmp(c->rejects.items[ci].error, "header row repeated inside the file") == 0)
			ci++, xi++;
		if (ci >= c->rejects.count || xi >= x->rejects.count)
			break;
		const struct reject *a = &c->rejects.items[ci++], *b = &x->rejects.items[xi++];
		char ea[512], eb[512];
		without_lines(a->error, ea, sizeof ea);
		without_lines(b->error, eb, sizeof eb);
		if (strcmp(a->field, b->field) || strcmp(a->value, b->value) || strcmp(ea, eb)) {
			char ca[512], xa[512];
			snprintf(ca, sizeof ca, "%s,%ld,%s,%s,%s", a->file, a->line, a->field, a->value, a->error);
			snprintf(xa, sizeof xa, "%s,%ld,%s,%s,%s", b->file, b->line, b->field, b->value, b->error);
			differ("a reject", ca, xa);
		}
	}
	if (c->rejects.count != x->rejects.count) {
		char a[32], b[32];
		snprintf(a, sizeof a, "%d rejects", c->rejects.count);
		snprintf(b, sizeof b, "%d rejects", x->rejects.count);
		differ("the number of rejects", a, b);
	}
	if (c->decided != x->decided || (c->decided && c->oc.nrows != x->oc.nrows))
		differ("the records decided", sb_str(&c->err), sb_str(&x->err));
	for (int i = 0; c->decided && i < c->oc.nrows; i++) {
		const struct decision *a = c->oc.rows[i].d, *b = x->oc.rows[i].d;
		char ca[256], xa[256];
		snprintf(ca, sizeof ca, "%s %d score %d rank %d award %lld reasons %d", c->oc.rows[i].id, a->status,
			 a->score, a->rank, (long long)a->award, a->reasons.count);
		snprintf(xa, sizeof xa, "%s %d score %d rank %d award %lld reasons %d", x->oc.rows[i].id, b->status,
			 b->score, b->rank, (long long)b->award, b->reasons.count);
		if (strcmp(ca, xa) != 0)
			differ("a decision", ca, xa);
		for (int k = 0; k < a->reasons.count; k++)
			if (strcmp(a->reasons.items[k].text, b->reasons.items[k].text) != 0)
				differ("a reason", a->reasons.items[k].text, b->reasons.items[k].text);
	}
}

static char dir[64];

static void remove_dir(void)
{
	for (int k = 0; k < 4; k++) {
		char path[256];
		snprintf(path, sizeof path, "%s/%s", dir, KINDS[k].file);
		unlink(path);
	}
	char path[256];
	snprintf(path, sizeof path, "%s/programme.xml", dir);
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_set_quiet(1);
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/dev/shm/grantdoc-fuzz-diff.%ld", (long)getpid());
		mkdir(dir, 0700);
		atexit(remove_dir);
	}
	struct record recs[MAX_RECORDS];
	int n = parse_records((const char *)data, size, recs);
	if (n > 0 && comparable(recs, n)) {
		write_csv(dir, recs, n);
		size_t xml_size = 0;
		char *xml = write_xml(recs, n, &xml_size);
		struct calendar cal;
		calendar_init(&cal, GRANTDOC_DATADIR "/calendar");
		struct side c, x;
		side_init(&c, &cal);
		side_init(&x, &cal);
		c.code = batch_read_dir(&c.batch, dir, &c.err);
		x.code = batch_read_xml_memory(&x.batch, xml, (int)xml_size, GRANTDOC_XSD, &x.err);
		decide(&c);
		decide(&x);
		compare(&c, &x);
		side_free(&c);
		side_free(&x);
		calendar_free(&cal);
		free(xml);
	}
	for (int i = 0; i < n; i++)
		for (int k = 0; k < MAX_CELLS; k++)
			free(recs[i].cells[k]);
	return 0;
}
