/* Typed cells (booleans, scores, lists, enums) and programme.xml. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "date.h"
#include "evaluation.h"
#include "rejects.h"
#include "strmap.h"
#include "fields.h"
#include "batch.h"
#include "call.h"
#include "exitcodes.h"
#include "programmes/programme.h"
#include "programmes/shanxi-coop/model.h"
#include "template.h"
#include <stdio.h>
#include <stdlib.h>

static void test_booleans(void **state)
{
	(void)state;
	const char *yes[] = { "是", "Y", "y", "yes", "YES", "1", "true", "TRUE" };
	const char *no[] = { "否", "N", "n", "no", "NO", "0", "false", "False", "" };
	bool v;
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		v = false;
		assert_true(parse_bool(yes[i], &v));
		assert_true(v);
	}
	for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
		v = true;
		assert_true(parse_bool(no[i], &v));
		assert_false(v);
	}
	assert_false(parse_bool("对", &v));
	assert_false(parse_bool("2", &v));
	assert_false(parse_bool("yess", &v));
}

static void test_scores(void **state)
{
	(void)state;
	int h;
	assert_true(parse_score("87.25", &h));
	assert_int_equal(h, 8725);
	assert_true(parse_score("87.5", &h));
	assert_int_equal(h, 8750);
	assert_true(parse_score("100", &h));
	assert_int_equal(h, 10000);
	assert_true(parse_score("0", &h));
	assert_int_equal(h, 0);
	assert_true(parse_score("100.00", &h));
	assert_false(parse_score("100.01", &h));
	assert_false(parse_score("101", &h));
	assert_false(parse_score("87.255", &h));
	assert_false(parse_score("-1", &h));
	assert_false(parse_score("87.", &h));
	assert_false(parse_score(".5", &h));
	assert_false(parse_score("八十", &h));
}

static void test_enum_alternatives(void **state)
{
	(void)state;
	static const char *const names[] = { "正高|正高级", "副高|副高级", "无" };
	assert_int_equal(match_enum("正高级", names, 3), 0);
	assert_int_equal(match_enum("副高", names, 3), 1);
	assert_int_equal(match_enum("副", names, 3), -1);
	assert_int_equal(match_enum("正高级别", names, 3), -1);
}

/* A one-column row to drive the binder. */
static unsigned list_of(const char *cell, bool *failed)
{
	static const struct csv_column cols[] = { { "targets", "任务目标", true } };
	static const struct csv_schema schema = { cols, 1 };
	static const char *const names[] = { "T1", "T2", "T3", "T4", "T5", "T6" };
	const char *cells[] = { cell };
	struct csv_row row = { "t.csv", 2, cells, NULL, NULL };
	struct arena a;
	arena_init(&a);
	struct binder b;
	binder_init(&b, &row, &schema, &a);
	unsigned set = bind_enum_set(&b, 0, names, 6);
	*failed = b.bad_col >= 0;
	arena_free(&a);
	return set;
}

static void test_lists_with_every_separator(void **state)
{
	(void)state;
	bool failed;
	assert_int_equal(list_of("T1;T2；T3、T4", &failed), 0xF);
	assert_false(failed);
	assert_int_equal(list_of(" T1 ; T6 ", &failed), 0x21);
	assert_false(failed);
	assert_int_equal(list_of("T1;;T1", &failed), 0x1); /* empties skipped, repeats once */
	assert_false(failed);
	assert_int_equal(list_of("", &failed), 0);
	assert_false(failed);
	list_of("T1;T7", &failed);
	assert_true(failed);
	list_of("T1,T2", &failed);
	assert_true(failed);
}

/* One cell through a binder: the value, and the failure message or "". */
static int64_t bind_one(const char *cell, int64_t (*bind)(struct binder *, int), char why[160])
{
	static const struct csv_column cols[] = { { "x", "x", true } };
	static const struct csv_schema schema = { cols, 1 };
	const char *cells[] = { cell };
	struct csv_row row = { "t.csv", 2, cells, NULL, NULL };
	struct arena a;
	arena_init(&a);
	struct binder b;
	binder_init(&b, &row, &schema, &a);
	int64_t v = bind(&b, 0);
	snprintf(why, 160, "%s", b.bad_col >= 0 ? b.why : "");
	arena_free(&a);
	return v;
}

static int64_t count_binder(struct binder *b, int col)
{
	return bind_count(b, col);
}

/* Counts stay within COUNT_MAX whatever the number of digits. */
static void test_counts_in_range(void **state)
{
	(void)state;
	char why[160];
	assert_int_equal(bind_one("1000000", count_binder, why), 1000000);
	assert_string_equal(why, "");
	assert_int_equal(bind_one("0", count_binder, why), 0);
	assert_string_equal(why, "");
	bind_one("1000001", count_binder, why);
	assert_string_equal(why, "number too large (above 1,000,000)");
	bind_one("99999999999999999999999999999", count_binder, why);
	assert_string_equal(why, "number too large (above 1,000,000)");
	bind_one("12a", count_binder, why);
	assert_string_equal(why, "not a whole number");
	bind_one("99999999999999999999x", count_binder, why);
	assert_string_equal(why, "not a whole number");
	bind_one("-1", count_binder, why);
	assert_string_equal(why, "not a whole number");
	assert_int_equal(bind_one("999999999999999万", bind_money, why), 0);
	assert_string_equal(why, "amount too large");
}

static bool load(const char *xml, struct call *c, struct sxc_params **p, struct arena *a, struct strbuf *err)
{
	sb_reset(err);
	return call_parse(xml, strlen(xml), "programme.xml", &PROGRAMME_PARAMS, c, (void **)p, a, err);
}

#define MINIMAL_HEAD \
	"<programme kind=\"shanxi-coop\" year=\"2024\">\n<authority>山西省科学技术厅</authority>\n<title>t</title>\n<published>2024-11-04</published>\n<deadline online=\"2024-12-04T18:00\" paper=\"2024-12-09 17:00\"/>\n<budget>800万</budget>\n<publicity start=\"2024/12/20\"/>\n"

static void test_programme_defaults(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct call pcall;
	struct sxc_params *p = NULL;
	assert_true(load(MINIMAL_HEAD "</programme>", &pcall, &p, &a, &err));
	int32_t d;
	assert_int_equal(pcall.year, 2024);
	assert_int_equal(p->budget, 8000000);
	assert_int_equal(p->review.min_experts, 5);
	assert_int_equal(p->review.pass_score, 6000);
	assert_int_equal(p->walk, WALK_SKIP);
	assert_int_equal(p->publicity_working_days, 5);
	assert_int_equal(pcall.decided, DATE_NONE);
	assert_true(date_from_ymd(1967, 1, 1, &d));
	assert_int_equal(p->pi_born_from, d);
	assert_int_equal(p->category[CAT_AID].cap, 200000);
	assert_int_equal(p->category[CAT_BR].min_targets, 4);
	assert_int_equal(p->n_key_countries, 11);
	assert_string_equal(p->key_countries[10], "澳大利亚");
	sb_free(&err);
	arena_free(&a);
}

static void test_programme_overrides(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct call pcall;
	struct sxc_params *p = NULL;
	assert_true(load(MINIMAL_HEAD
			 "<funding walk=\"stop\"/><review min-experts=\"3\" pass-score=\"65.5\" method=\"mean\"/>"
			 "<category code=\"AID\" cap=\"25万元\"/><countries list=\"key\">美国、英国 日本</countries>"
			 "<decided>2024-12-30</decided><!-- a comment --></programme>",
			 &pcall, &p, &a, &err));
	assert_int_equal(p->walk, WALK_STOP);
	assert_int_equal(p->review.min_experts, 3);
	assert_int_equal(p->review.pass_score, 6550);
	assert_int_equal(p->review.method, REVIEW_MEAN);
	assert_int_equal(p->category[CAT_AID].cap, 250000);
	assert_int_equal(p->n_key_countries, 3);
	assert_string_equal(p->key_countries[1], "英国");
	sb_free(&err);
	arena_free(&a);
}

static void test_programme_errors_name_line_and_element(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct call pcall;
	struct sxc_params *p = NULL;
	assert_false(load(MINIMAL_HEAD "<budgt>1</budgt></programme>", &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:8: <budgt>: unknown element");
	assert_false(load(MINIMAL_HEAD "<decided>2024-02-30</decided></programme>", &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:8: <decided>: '2024-02-30' is not a valid date (decided)");
	assert_false(load(MINIMAL_HEAD "<funding walk=\"jump\"/></programme>", &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:8: <funding>: walk='jump' is neither 'skip' nor 'stop'");
	assert_false(load(MINIMAL_HEAD "<category code=\"XX\"/></programme>", &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:8: <category>: unknown category code 'XX'");
	assert_false(load(MINIMAL_HEAD "<review colour=\"red\"/></programme>", &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:8: <review>: unknown attribute 'colour'");
	assert_false(load("<programme kind=\"shanxi-coop\" year=\"2024\"><title>t</title></programme>", &pcall, &p, &a,
			  &err));
	assert_string_equal(sb_str(&err), "programme.xml:1: <programme>: required element <authority> is missing");
	assert_false(load("<programme kind=\"beijing-fund\" year=\"2024\"/>", &pcall, &p, &a, &err));
	assert_non_null(strstr(sb_str(&err), "unknown programme kind 'beijing-fund'"));
	assert_false(load("<programme kind=\"zhejiang-base\" year=\"2024\"><authority>a</authority>"
			  "<title>t</title><budget>1</budget></programme>",
			  &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:1: <budget>: not a parameter of a zhejiang-base programme");
	assert_false(load("<programme kind=\"zhejiang-base\" year=\"2024\"><authority>a</authority>"
			  "<title>t</title></programme>",
			  &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:1: <programme>: required element <decided> is missing");
	assert_false(load(MINIMAL_HEAD "<grades pass-from=\"60\"/></programme>", &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:8: <grades>: not a parameter of a shanxi-coop programme");
	assert_false(load("<programme kind=\"shanxi-coop\" year=\"24\"/>", &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:1: <programme>: '24' is not a valid year");
	assert_false(load("<call/>", &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:1: <call>: the root element must be <programme>");
	assert_false(load("<programme", &pcall, &p, &a, &err));
	assert_non_null(strstr(sb_str(&err), "programme.xml:1:"));
	/* A single element given twice: both lines, whichever table it is in. */
	assert_false(load(MINIMAL_HEAD "<budget>900万</budget></programme>", &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:8: <budget>: given twice (first on line 6)");
	assert_false(load(MINIMAL_HEAD "<title>again</title></programme>", &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:8: <title>: given twice (first on line 3)");
	assert_false(load(MINIMAL_HEAD
			  "<decided>2024-12-30</decided>\n<review/>\n<decided>2024-12-31</decided></programme>",
			  &pcall, &p, &a, &err));
	assert_string_equal(sb_str(&err), "programme.xml:10: <decided>: given twice (first on line 8)");
	/* Repeatable ones are not: one <category> per code, both country lists. */
	assert_true(load(
		MINIMAL_HEAD
		"<category code=\"BR\" cap=\"30万\"/><category code=\"KC\" cap=\"35万\"/>"
		"<countries list=\"key\">美国</countries><countries list=\"belt-and-road\">泰国</countries></programme>",
		&pcall, &p, &a, &err));
	assert_int_equal(p->category[CAT_BR].cap, 300000);
	assert_int_equal(p->category[CAT_KC].cap, 350000);
	sb_free(&err);
	arena_free(&a);
}

static void test_programme_refuses_billion_laughs_quickly(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct call pcall;
	struct sxc_params *p = NULL;
	const char *xml =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE programme [\n"
		"<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		"<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		"<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
		"<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n]>\n"
		"<programme kind=\"shanxi-coop\" year=\"2024\"><authority>&i;</authority></programme>";
	/* libxml2 stops the expansion while parsing; either way the file is
	 * refused at once, naming it, and nothing is expanded. */
	bool loaded = load(xml, &pcall, &p, &a, &err);
	bool named = strncmp(sb_str(&err), "programme.xml", 13) == 0;
	sb_free(&err);
	arena_free(&a);
	assert_false(loaded);
	assert_true(named);
}

static void test_programme_refuses_external_entities(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct call pcall;
	struct sxc_params *p = NULL;
	/* The entity is not expanded: its reference leaves the authority empty
	 * of the file's contents, never /etc/passwd. */
	const char *xml = "<?xml version=\"1.0\"?><!DOCTYPE programme [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
			  "<programme kind=\"shanxi-coop\" year=\"2024\"><authority>&x;</authority></programme>";
	load(xml, &pcall, &p, &a, &err);
	assert_null(pcall.authority && strstr(pcall.authority, "root:") ? pcall.authority : NULL);
	sb_free(&err);
	arena_free(&a);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 20);
	*n = fread(buf, 1, (1 << 20) - 1, f);
	buf[*n] = '\0';
	fclose(f);
	return buf;
}

/* Inputs the fuzzers found crashing, replayed under the sanitizers. */
static void test_fuzz_regressions(void **state)
{
	(void)state;
	size_t n;
	char *data = slurp("tests/fuzz/regressions/batchxml-doctype-scan-overread.xml", &n);
	struct arena a;
	arena_init(&a);
	struct rejects rej;
	rejects_init(&rej, &a);
	struct strbuf err = STRBUF_INIT;
	struct batch b = { .rejects = &rej, .arena = &a };
	/* exactly n bytes, no terminator in reach: the scan must stay inside */
	char *exact = malloc(n ? n : 1);
	memcpy(exact, data, n);
	assert_int_not_equal(batch_read_xml_memory(&b, exact, (int)n, GRANTDOC_XSD, &err), EXIT_OK);
	batch_close(&b);
	free(exact);
	free(data);
	sb_reset(&err);
	data = slurp("tests/fuzz/regressions/template-blank-lines-overflow.xml", &n);
	struct template *t = template_parse(data, "t.xml", &err);
	if (t) {
		struct officialdoc doc;
		assert_false(template_expand(t, tctx_new(&a, NULL), &doc, &a, &err));
		template_free(t);
	}
	free(data);
	sb_free(&err);
	rejects_free(&rej);
	arena_free(&a);
}

/* evaluations.csv: an expert scoring one application twice is a reject
 * at its line, whichever evaluations came between and however many (the
 * pairs' table grows past 1,024); the same expert on another application,
 * or another expert on the same one, is not. */
static void eval_row(struct eval_reader *r, long line, const char *app, const char *expert)
{
	const char *cells[] = { app, expert, "技术", "80", "" };
	struct csv_row row = { "evaluations.csv", line, cells, NULL, NULL };
	evaluation_row(&row, r);
}

static void test_evaluations_twice_by_one_expert(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strmap ids;
	strmap_init(&ids);
	static char names[300][16];
	for (int i = 0; i < 300; i++) {
		snprintf(names[i], sizeof names[i], "A%03d", i);
		strmap_put(&ids, names[i], i);
	}
	struct rejects rej;
	rejects_init(&rej, &a);
	struct eval_reader r;
	eval_reader_init(&r, &ids, &rej, &a);
	long line = 2;
	eval_row(&r, line++, "A000", "E1");
	eval_row(&r, line++, "A001", "E1"); /* same expert, other application */
	eval_row(&r, line++, "A000", "E10"); /* other expert, same application */
	eval_row(&r, line++, "A000", "E1");  /* twice: line 5 */
	assert_int_equal(r.count, 3);
	assert_int_equal(rej.count, 1);
	assert_int_equal(rej.items[0].line, 5);
	assert_string_equal(rej.items[0].error, "this expert already scored this application");
	char expert[16];
	for (int i = 0; i < 300; i++) /* 1,500 more: the table grows */
		for (int k = 2; k <= 6; k++) {
			snprintf(expert, sizeof expert, "E%d", k);
			eval_row(&r, line++, names[i], expert);
		}
	assert_int_equal(r.count, 1503);
	assert_int_equal(rej.count, 1);
	eval_row(&r, line++, "A299", "E6"); /* the last pair read */
	eval_row(&r, line++, "A000", "E10"); /* one read before the growth */
	eval_row(&r, line++, "A001", "E1");
	eval_row(&r, line++, "A299", "E7"); /* new */
	assert_int_equal(r.count, 1504);
	assert_int_equal(rej.count, 4);
	assert_int_equal(rej.items[3].line, line - 2);
	eval_reader_done(&r);
	assert_null(r.seen);
	free(r.items);
	rejects_free(&rej);
	strmap_free(&ids);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evaluations_twice_by_one_expert),
		cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_enum_alternatives),
		cmocka_unit_test(test_lists_with_every_separator),
		cmocka_unit_test(test_counts_in_range),
		cmocka_unit_test(test_programme_defaults),
		cmocka_unit_test(test_programme_overrides),
		cmocka_unit_test(test_programme_errors_name_line_and_element),
		cmocka_unit_test(test_programme_refuses_billion_laughs_quickly),
		cmocka_unit_test(test_programme_refuses_external_entities),
		cmocka_unit_test(test_fuzz_regressions),
	};
	return cmocka_run_group_tests_name("fields", tests, NULL, NULL);
}
