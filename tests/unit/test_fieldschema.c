/* Templates checked against their kind's declared fields before any
 * document is drawn, and documents' fields against the same declaration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fieldschema.h"

static const char *const STATUSES[] = { "不予受理", "立项", NULL };
static const char *const STAGES[] = { "first", "last", NULL };

static const struct field_group CALL[] = {
	{ NULL, "programme.title doc.date", NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group APP[] = {
	{ NULL, "status", STATUSES },   { NULL, "app.title app.pi", NULL }, { "reasons", "item.index item.text", NULL },
	{ "years", "item.year", NULL }, { "years", "item.stage", STAGES },  { NULL, NULL, NULL },
};
static const struct field_group *const TABLES[] = { CALL, APP, NULL };

static struct field_schema *schema(void)
{
	struct strbuf err = STRBUF_INIT;
	struct field_schema *s = schema_build(TABLES, &err);
	assert_non_null(s);
	sb_free(&err);
	return s;
}

/* template_check's verdict on a template; *msg (when not NULL) gets its
 * message. */
static bool checks(const char *xml, char *msg, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct template *t = template_parse(xml, "t.xml", &err);
	assert_non_null(t);
	struct field_schema *s = schema();
	bool ok = template_check(t, s, &err);
	if (msg)
		snprintf(msg, size, "%s", sb_str(&err));
	schema_free(s);
	template_free(t);
	sb_free(&err);
	return ok;
}

static void assert_refused(const char *xml, const char *message)
{
	char msg[512];
	assert_false(checks(xml, msg, sizeof msg));
	if (!strstr(msg, message))
		fail_msg("expected \"%s\" in \"%s\"", message, msg);
}

static void every_place_a_field_can_stand(void **state)
{
	(void)state;
	assert_true(checks(
		"<document>\n"
		"<title>{programme.title}</title>\n"
		"<if test=\"status == 立项\"><p level=\"1\">{app.title}<opt>（{app.pi}）</opt></p></if>\n"
		"<if test=\"status != 不予受理\"><each list=\"reasons\"><p>{item.index}. {item.text}</p></each></if>\n"
		"<if test=\"app.pi\"><p><join sep=\"，\"><part>{app.pi}</part></join></p></if>\n"
		"<if test=\"app.pi == \"><p>x</p></if>\n"
		"<each list=\"years\"><if test=\"item.stage == last\"><p>{item.year}{app.title}</p></if></each>\n"
		"<table list=\"years\" label=\"{programme.title}\" subtotal=\"item.stage\">"
		"<col header=\"年\" value=\"{item.year}\" total=\"{doc.date}\"/>"
		"<if test=\"status == 立项\"><row lines=\"5\"><cell>{app.pi}</cell></row></if></table>\n"
		"<signature signer=\"{programme.title}\" date=\"{doc.date}\"/>\n"
		"<colophon printer=\"{programme.title}\" date=\"{doc.date}\"/>\n"
		"</document>",
		NULL, 0));
}

/* The point of the check: a branch no record of this batch takes. */
static void a_misspelt_field_in_any_branch(void **state)
{
	(void)state;
	assert_refused("<document>\n<if test=\"status == 不予受理\">\n<p>{app.titel}</p></if></document>",
		       "t.xml:3: unknown field {app.titel} (did you mean app.title?)");
	assert_refused("<document>\n<signature signer=\"{programe.title}\"/></document>",
		       "t.xml:2: unknown field {programe.title} (did you mean programme.title?)");
	assert_refused("<document><if test=\"stauts == 立项\"><p>x</p></if></document>",
		       "unknown field in test: stauts (did you mean status?)");
	assert_refused("<document><p>{nothing.like.it}</p></document>", "unknown field {nothing.like.it}");
	assert_refused("<document><p>{app.title</p></document>", "'{' without '}'");
}

static void a_test_against_a_value_never_produced(void **state)
{
	(void)state;
	assert_refused(
		"<document>\n<if test=\"status == 已立项\"><p>x</p></if></document>",
		"t.xml:2: test compares status with \"已立项\", a value it never takes (it takes: 不予受理, 立项)");
	assert_refused("<document><if test=\"status != \"><p>x</p></if></document>", "a value it never takes");
	assert_refused("<document><each list=\"years\"><if test=\"item.stage == middle\"><p/></if></each></document>",
		       "item.stage with \"middle\"");
	/* Free text compared with a word is a test that cannot be known true. */
	assert_refused("<document><if test=\"app.pi == 张三\"><p>x</p></if></document>",
		       "app.pi, a field of free text");
	assert_refused("<document><if><p>x</p></if></document>", "<if> needs test=");
}

static void lists_and_their_item_fields(void **state)
{
	(void)state;
	assert_refused("<document><each list=\"reason\"><p>{item.text}</p></each></document>",
		       "unknown list \"reason\" (lists here: reasons years)");
	assert_refused("<document><table list=\"projects\"><col value=\"{item.id}\"/></table></document>",
		       "unknown list \"projects\"");
	assert_refused("<document><p>{item.text}</p></document>",
		       "unknown field {item.text} (item fields exist only inside <each list> or <table list>)");
	/* Another list's item field. */
	assert_refused("<document><each list=\"reasons\"><p>{item.year}</p></each></document>",
		       "unknown field {item.year}");
	assert_refused(
		"<document><table list=\"years\" subtotal=\"item.sub\"><col value=\"{item.year}\"/></table></document>",
		"unknown field in subtotal: item.sub");
	/* A column's header and total are the document's, not an item's. */
	assert_refused("<document><table list=\"years\"><col header=\"{item.year}\"/></table></document>",
		       "unknown field {item.year}");
	assert_refused("<document><each><p>x</p></each></document>", "<each> needs list=");
}

static void structure_and_numbers_before_any_document(void **state)
{
	(void)state;
	assert_refused("<document>\n<p level=\"9\">x</p></document>",
		       "t.xml:2: level=\"9\" is not a number from 0 to 4");
	assert_refused("<document><blank lines=\"3666666666\"/></document>", "lines=\"3666666666\"");
	assert_refused("<document><table size=\"big\"><col/></table></document>", "size=\"big\"");
	assert_refused("<document><table><col weight=\"0\"/></table></document>", "weight=\"0\"");
	assert_refused("<document><p>a<p>b</p></p></document>", "<p> is not allowed in text");
	assert_refused("<document><row><cell>x</cell></row></document>", "<row> is not allowed here");
	assert_refused("<document><table><p>x</p></table></document>", "<p> is not allowed in <table>");
	assert_refused("<document><attachments><p>x</p></attachments></document>",
		       "<p> is not allowed in <attachments>");
	assert_refused("<document><p><join><opt>x</opt></join></p></document>", "<opt> is not allowed in <join>");
	assert_refused("<document format=\"leter\"/>", "format must be");
	assert_refused(
		"<document><table><col/><col/><col/><col/><col/><col/><col/><col/><col/><col/><col/></table></document>",
		"up to 10 <col>");
}

static void declared_twice_differently(void **state)
{
	(void)state;
	static const struct field_group other[] = { { NULL, "status", STAGES }, { NULL, NULL, NULL } };
	const struct field_group *const tables[] = { APP, other, NULL };
	struct strbuf err = STRBUF_INIT;
	assert_null(schema_build(tables, &err));
	assert_non_null(strstr(sb_str(&err), "field status is declared twice with different values"));
	sb_free(&err);
	/* One table met twice is the same declaration. */
	const struct field_group *const twice[] = { APP, APP, NULL };
	struct field_schema *s = schema_build(twice, &err);
	assert_non_null(s);
	schema_free(s);
}

/* A document's fields exactly as declared. */
static struct tctx *conforming(struct arena *a)
{
	struct tctx *base = tctx_new(a, NULL);
	tctx_set(base, "programme.title", "专项");
	tctx_set(base, "doc.date", "2024年12月30日");
	struct tctx *c = tctx_new(a, base);
	tctx_set(c, "status", "立项");
	tctx_set(c, "app.title", "项目");
	tctx_set(c, "app.pi", "张三");
	for (int y = 0; y < 2; y++) {
		struct tctx *item = tctx_new(a, c);
		tctx_setf(item, "item.year", "%d", 2025 + y);
		tctx_set(item, "item.stage", y ? "last" : "first");
		tctx_add_item(c, "years", item);
	}
	return c;
}

static void conforms_fails(struct tctx *c, const char *message)
{
	struct field_schema *s = schema();
	struct strbuf err = STRBUF_INIT;
	assert_false(schema_conforms(s, c, &err));
	if (!strstr(sb_str(&err), message))
		fail_msg("expected \"%s\" in \"%s\"", message, sb_str(&err));
	sb_free(&err);
	schema_free(s);
}

static void documents_fields_as_declared(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field_schema *s = schema();
	struct strbuf err = STRBUF_INIT;
	assert_true(schema_conforms(s, conforming(&a), &err));
	/* An empty list is no list: still conforming. */
	struct tctx *c = conforming(&a);
	assert_true(schema_conforms(s, c, &err));
	schema_free(s);
	sb_free(&err);

	c = conforming(&a);
	tctx_set(c, "app.extra", "x");
	conforms_fails(c, "field app.extra is set but not declared");

	struct tctx *base = tctx_new(&a, NULL);
	tctx_set(base, "programme.title", "专项");
	c = tctx_new(&a, base);
	tctx_set(c, "status", "立项");
	tctx_set(c, "app.title", "项目");
	tctx_set(c, "app.pi", "张三");
	conforms_fails(c, "field doc.date is declared but not set");

	c = conforming(&a);
	tctx_set(c, "status", "已立项");
	conforms_fails(c, "field status is \"已立项\", not one of its declared values (不予受理, 立项)");

	c = conforming(&a);
	struct tctx *item = tctx_new(&a, c);
	tctx_set(item, "item.year", "2027");
	tctx_add_item(c, "years", item);
	conforms_fails(c, "an item of list years has 1 of its 2 declared fields");

	c = conforming(&a);
	item = tctx_new(&a, c);
	tctx_set(item, "item.text", "x");
	tctx_add_item(c, "targets", item);
	conforms_fails(c, "list targets is made but not declared");

	c = conforming(&a);
	item = tctx_new(&a, c);
	tctx_set(item, "item.index", "1");
	tctx_set(item, "item.txt", "x");
	tctx_add_item(c, "reasons", item);
	conforms_fails(c, "field reasons:item.txt is set but not declared");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_place_a_field_can_stand),
		cmocka_unit_test(a_misspelt_field_in_any_branch),
		cmocka_unit_test(a_test_against_a_value_never_produced),
		cmocka_unit_test(lists_and_their_item_fields),
		cmocka_unit_test(structure_and_numbers_before_any_document),
		cmocka_unit_test(declared_twice_differently),
		cmocka_unit_test(documents_fields_as_declared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
