/* Line breaking, paragraph filling, page flow and templates, checked on
 * the display list: no PDF involved. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "breakpoints.h"
#include "officialdoc.h"
#include "pdfout.h"
#include "template.h"
#include "typeset.h"
#include "utf8.h"

static struct fontset fs;

static int setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	assert_true(fontset_load(&fs, GRANTDOC_FONTCONF, &err));
	sb_free(&err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fontset_free(&fs);
	return 0;
}

static int decode(const char *s, uint32_t *out)
{
	int n = 0;
	size_t len = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	while (len) {
		int k = utf8_decode(p, len, &out[n++]);
		p += k;
		len -= (size_t)k;
	}
	return n;
}

/* Positions (in characters) after which a break is allowed, as a string
 * of '|' and '.' marks: "ab|c" style is hard to read for CJK, so the test
 * asks about single positions. */
static bool may_break_after(const char *text, int index)
{
	uint32_t cps[256];
	unsigned char brk[256];
	int n = decode(text, cps);
	linebreak_find(cps, n, brk);
	return brk[index] != BREAK_NO;
}

static int brk_at(const char *text, int index)
{
	uint32_t cps[256];
	unsigned char brk[256];
	int n = decode(text, cps);
	linebreak_find(cps, n, brk);
	return brk[index];
}

static void test_breaks_between_ideographs_not_inside_tokens(void **state)
{
	(void)state;
	assert_true(may_break_after("科技合作", 0));
	assert_false(may_break_after("科技，合作", 1)); /* before ， */
	assert_true(may_break_after("科技，合作", 2));
	assert_false(may_break_after("见（附件）", 1)); /* after （ */
	assert_false(may_break_after("共2024年", 1));   /* inside digits */
	const char *doc = "依据晋科合〔2024〕15号文";
	assert_true(may_break_after(doc, 0));
	for (int i = 2; i < 13; i++) /* 晋 … 号 */
		assert_false(may_break_after(doc, i));
	assert_true(may_break_after(doc, 13));
	const char *amount = "资助40万元整";
	for (int i = 2; i < 5; i++)
		assert_false(may_break_after(amount, i));
	const char *date = "于2024年12月4日前";
	for (int i = 1; i < 10; i++) /* 于2024年 | 12月 | 4日: only as a last resort */
		assert_true(brk_at(date, i) == (i == 5 || i == 8 ? BREAK_LAST_RESORT : BREAK_NO));
	assert_false(may_break_after("等等……后", 2)); /* …… never split */
	assert_false(may_break_after("转折——然后", 2));
	assert_false(may_break_after("依据GB 11643-1999校验", 3));
	assert_int_equal(brk_at("依据GB 11643-1999校验", 4), BREAK_LAST_RESORT); /* GB | 11643 */
	assert_false(may_break_after("依据GB 11643-1999校验", 6));
	assert_false(may_break_after("电话0351-4048940", 5));
	/* U+FFFF inside the text (libunibreak's end marker) must not abort. */
	uint32_t odd[] = { 0xCC, 0xFFFF, 0xCF, '\n' };
	unsigned char brk[4];
	linebreak_find(odd, 4, brk);
	assert_int_equal(brk[3], BREAK_MUST);
	assert_true(linebreak_start_prohibited(0x3002) && linebreak_start_prohibited(0x300B));
	assert_true(linebreak_end_prohibited(0xFF08) && linebreak_end_prohibited(0x201C));
	assert_false(linebreak_start_prohibited(0x4E00));
}

static struct tpara para(const char *text)
{
	struct tpara p;
	struct tstyle st = { ROLE_BODY, GB_BODY_SIZE, GB_CHAR_PITCH, RGB_BLACK };
	uint32_t cp;
	int at;
	assert_true(tpara_prepare(&p, &fs, &st, text, &cp, &at));
	return p;
}

static void test_grid_lines_hold_28_characters(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 100; i++)
		sb_puts(&sb, "科");
	struct tpara p = para(sb_str(&sb));
	tpara_break(&p, GB_BLOCK_W - 2 * GB_CHAR_PITCH, GB_BLOCK_W);
	assert_int_equal(p.nlines, 4); /* 26 + 28 + 28 + 18 */
	assert_int_equal(p.lines[0].end - p.lines[0].start, 26);
	assert_int_equal(p.lines[1].end - p.lines[1].start, 28);
	assert_int_equal(p.lines[3].end - p.lines[3].start, 18);
	tpara_free(&p);
	/* A comma that would start line 2 pulls the previous character down. */
	sb_reset(&sb);
	for (int i = 0; i < 28; i++)
		sb_puts(&sb, "科");
	sb_puts(&sb, "，技术");
	p = para(sb_str(&sb));
	tpara_break(&p, GB_BLOCK_W, GB_BLOCK_W);
	assert_int_equal(p.nlines, 2);
	assert_int_equal(p.lines[0].end - p.lines[0].start, 27);
	assert_int_equal(p.cps[p.lines[1].start], 0x79D1); /* 科 */
	assert_int_equal(p.cps[p.lines[1].start + 1], 0xFF0C);
	tpara_free(&p);
	sb_free(&sb);
}

static void test_missing_character_is_reported(void **state)
{
	(void)state;
	struct tpara p;
	struct tstyle st = { ROLE_BODY, GB_BODY_SIZE, GB_CHAR_PITCH, RGB_BLACK };
	uint32_t cp = 0;
	int at = -1;
	assert_false(tpara_prepare(&p, &fs, &st, "王\xF0\x9F\xA6\x9C", &cp, &at));
	assert_int_equal(cp, 0x1F99C);
	assert_int_equal(at, 3);
}

/* Lines of body text on each page of a composed document. */
static void body_lines_per_page(const struct display *d, int *counts)
{
	for (int i = 0; i < d->npages; i++) {
		counts[i] = 0;
		double last_y = 1e9;
		for (int r = 0; r < d->pages[i].nruns; r++) {
			const struct glyph_run *run = &d->pages[i].runs[r];
			if (run->size == GB_BODY_SIZE && run->y != last_y)
				counts[i]++, last_y = run->y;
		}
	}
}

static void test_no_lone_line_at_page_top_or_bottom(void **state)
{
	(void)state;
	/* 21 one-line paragraphs leave one line on page 1; a 3-line paragraph
	 * must not leave a lone first line there, nor a lone last line. */
	struct strbuf line = STRBUF_INIT, three = STRBUF_INIT;
	for (int i = 0; i < 20; i++)
		sb_puts(&line, "科");
	for (int i = 0; i < 60; i++)
		sb_puts(&three, "技");
	struct block blocks[22];
	for (int i = 0; i < 21; i++)
		blocks[i] = (struct block){ BK_PARA, sb_str(&line), NULL, 0, NULL };
	blocks[21] = (struct block){ BK_PARA, sb_str(&three), NULL, 0, NULL };
	struct officialdoc doc = { .blocks = blocks, .nblocks = 22 };
	struct arena a;
	arena_init(&a);
	struct display d;
	display_init(&d, &a);
	struct compose_error ce;
	assert_true(officialdoc_compose(&doc, &fs, &d, &ce));
	int counts[8];
	assert_int_equal(d.npages, 2);
	body_lines_per_page(&d, counts);
	assert_int_equal(counts[0], 21); /* the 22nd line stays empty */
	assert_int_equal(counts[1], 3);
	display_free(&d);
	/* With two lines free, 2 + 1 would strand the last line and 1 + 2 the
	 * first, so the three-line paragraph moves to the next page whole. */
	doc.nblocks = 21;
	blocks[20] = blocks[21];
	display_init(&d, &a);
	assert_true(officialdoc_compose(&doc, &fs, &d, &ce));
	body_lines_per_page(&d, counts);
	assert_int_equal(d.npages, 2);
	assert_int_equal(counts[0], 20); /* a lone first line is not left behind */
	assert_int_equal(counts[1], 3);
	display_free(&d);
	arena_free(&a);
	sb_free(&line);
	sb_free(&three);
}

static void test_table_row_taller_than_a_page_is_split(void **state)
{
	(void)state;
	struct strbuf big = STRBUF_INIT;
	for (int i = 0; i < 2500; i++)
		sb_puts(&big, "长");
	const char *cells[] = { "1", "短", "2", sb_str(&big), "3", "尾" };
	struct table t = { .ncols = 2,
			   .cols = { { "序号", 1, ALIGN_CENTER }, { "内容", 6, ALIGN_LEFT } },
			   .cells = cells,
			   .nrows = 3,
			   .size = 14 };
	struct block b = { BK_TABLE, "", NULL, 0, &t };
	struct officialdoc doc = { .blocks = &b, .nblocks = 1 };
	struct arena a;
	arena_init(&a);
	struct display d;
	display_init(&d, &a);
	struct compose_error ce;
	assert_true(officialdoc_compose(&doc, &fs, &d, &ce));
	assert_true(d.npages >= 3);
	const double bottom = A4_H - GB_TOP_MARGIN - GB_BLOCK_H;
	int glyphs = 0;
	for (int p = 0; p < d.npages; p++) {
		bool header = false;
		for (int r = 0; r < d.pages[p].nruns; r++) {
			const struct glyph_run *run = &d.pages[p].runs[r];
			if (run->n == 2 && run->cps[0] == 0x5E8F && run->cps[1] == 0x53F7) /* 序号 */
				header = true;
			if (run->size == 14 && run->cps[0] == 0x957F) /* 长 */
				glyphs += run->n;
			assert_true(run->y > bottom - 3 * 14); /* page numbers only below */
		}
		for (int k = 0; k < d.pages[p].nrules; k++)
			assert_true(d.pages[p].rules[k].y2 >= bottom - 0.01);
		assert_true(header);
	}
	assert_int_equal(glyphs, 2500); /* nothing lost in the split */
	display_free(&d);
	arena_free(&a);
	sb_free(&big);
}

static void collect(const struct dpage *p, int number, void *pw)
{
	(void)number;
	pdf_writer_collect(pw, p);
}

static void write_page(const struct dpage *p, int number, void *pw)
{
	(void)number;
	pdf_writer_page(pw, p);
}

static void count_page(const struct dpage *p, int number, void *seen)
{
	(void)p;
	int *n = seen;
	assert_int_equal(number, *n + 1); /* in order, numbered from 1 */
	(*n)++;
}

/* A long table written page by page, held to one page at a time, gives
 * the same bytes as the whole display written at once. */
static void test_streamed_document_equals_held_document(void **state)
{
	(void)state;
	enum { ROWS = 400 };
	static const char *cells[ROWS * 2];
	char numbers[ROWS][12];
	for (int i = 0; i < ROWS; i++) {
		snprintf(numbers[i], sizeof numbers[i], "%d", i + 1);
		cells[2 * i] = numbers[i];
		cells[2 * i + 1] = i % 3 ? "国际科技合作基地建设" : "𠮷野家与山西省科学技术厅合作项目";
	}
	struct table t = { .ncols = 2,
			   .cols = { { "序号", 1, ALIGN_CENTER }, { "内容", 6, ALIGN_LEFT } },
			   .cells = cells,
			   .nrows = ROWS,
			   .size = 14 };
	struct block b[2] = { { BK_PARA, "名单如下。", NULL, 0, NULL }, { BK_TABLE, "", NULL, 0, &t } };
	struct officialdoc doc = { .blocks = b, .nblocks = 2 };
	struct pdf_meta meta = { "t", "a", "s", "k", "grantdoc", 0 };
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct compose_error ce;
	char dir[] = "/tmp/grantdoc-stream.XXXXXX";
	assert_non_null(mkdtemp(dir));

	struct display held;
	display_init(&held, &a);
	int seen = 0;
	display_set_sink(&held, count_page, &seen, 1 << 20); /* keeps every page */
	assert_true(officialdoc_compose(&doc, &fs, &held, &ce));
	assert_false(held.dropped);
	assert_true(held.npages > 10);
	assert_int_equal(seen, held.npages);
	struct pdf_stats st1, st2;
	assert_true(pdf_write(&held, &fs, &meta, dir, "held.pdf", &st1, &err));

	struct pdf_writer *pw = pdf_writer_new(&fs);
	struct display pass1, pass2;
	display_init(&pass1, &a);
	display_set_sink(&pass1, collect, pw, 2);
	assert_true(officialdoc_compose(&doc, &fs, &pass1, &ce));
	assert_true(pass1.dropped);
	assert_true(pass1.npages <= 1); /* never more than the page being made */
	assert_true(pdf_writer_begin(pw, &meta, dir, "streamed.pdf", &err));
	display_init(&pass2, &a);
	display_set_sink(&pass2, write_page, pw, 1);
	assert_true(officialdoc_compose(&doc, &fs, &pass2, &ce));
	assert_true(pdf_writer_save(pw, dir, "streamed.pdf", &st2, &err));
	pdf_writer_free(pw);
	assert_int_equal(st1.pages, held.npages);
	assert_int_equal(st2.pages, st1.pages);

	char cmd[256];
	snprintf(cmd, sizeof cmd, "cmp -s %s/held.pdf %s/streamed.pdf", dir, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	display_free(&held);
	display_free(&pass1);
	display_free(&pass2);
	sb_free(&err);
	arena_free(&a);
}

static const char *TPL = "<?xml version=\"1.0\"?>\n<document>\n"
			 "  <mark>{org}文件</mark>\n"
			 "  <title>关于\n      {name}的通知</title>\n"
			 "  <if test=\"status == 立项\"><p level=\"1\">一、立项</p></if>\n"
			 "  <if test=\"status != 立项\"><p>未立项</p></if>\n"
			 "  <if test=\"money\"><p>有资金</p></if>\n"
			 "  <each list=\"reasons\"><p>{item.index}. {item.text}</p></each>\n"
			 "  <signature signer=\"{org}\" date=\"2024年12月30日\"/>\n"
			 "</document>\n";

static void test_template_expansion(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct template *t = template_parse(TPL, "t.xml", &err);
	assert_non_null(t);
	struct arena a;
	arena_init(&a);
	struct tctx *c = tctx_new(&a, NULL);
	tctx_set(c, "org", "山西省科学技术厅");
	tctx_set(c, "name", "王喆");
	tctx_set(c, "status", "立项");
	tctx_set(c, "money", "0");
	for (int i = 0; i < 2; i++) {
		struct tctx *item = tctx_new(&a, c);
		tctx_setf(item, "item.index", "%d", i + 1);
		tctx_set(item, "item.text", i ? "第二条" : "第一条");
		tctx_add_item(c, "reasons", item);
	}
	struct officialdoc doc;
	assert_true(template_expand(t, c, &doc, &a, &err));
	assert_string_equal(doc.mark, "山西省科学技术厅文件");
	assert_int_equal(doc.nblocks, 5);
	assert_int_equal(doc.blocks[0].kind, BK_TITLE);
	assert_string_equal(doc.blocks[0].text, "关于王喆的通知"); /* line break in XML is not text */
	assert_int_equal(doc.blocks[0].nprov, 1);
	assert_string_equal(doc.blocks[0].prov[0].field, "name");
	assert_int_equal(doc.blocks[0].prov[0].offset, (int)strlen("关于"));
	assert_int_equal(doc.blocks[1].kind, BK_HEADING1);
	assert_string_equal(doc.blocks[2].text, "1. 第一条");
	assert_string_equal(doc.blocks[3].text, "2. 第二条");
	assert_string_equal(doc.blocks[4].text, "山西省科学技术厅\n2024年12月30日");
	tctx_set(c, "status", "未立项");
	tctx_set(c, "money", "5");
	assert_true(template_expand(t, c, &doc, &a, &err));
	assert_string_equal(doc.blocks[1].text, "未立项");
	assert_string_equal(doc.blocks[2].text, "有资金");
	template_free(t);
	arena_free(&a);
	sb_free(&err);
}

static void test_template_errors_name_file_and_line(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	assert_null(template_parse("<document>\n<p>x</p>\n<para>y</para>\n</document>", "n.xml", &err));
	assert_string_equal(sb_str(&err), "n.xml:3: unknown element <para>");
	sb_reset(&err);
	assert_null(template_parse("<document>\n<p>x</document>", "m.xml", &err));
	assert_non_null(strstr(sb_str(&err), "m.xml:2:"));
	sb_reset(&err);
	assert_null(template_parse("<!DOCTYPE document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
				   "<document><p>&x;</p></document>",
				   "e.xml", &err));
	assert_string_equal(sb_str(&err), "e.xml: a DOCTYPE declaration is not allowed");
	sb_reset(&err);
	assert_null(template_parse("<doc/>", "r.xml", &err));
	assert_string_equal(sb_str(&err), "r.xml:1: the root element must be <document>");
	sb_reset(&err);
	struct template *t = template_parse("<document>\n\n<p>{app.nmae}</p></document>", "f.xml", &err);
	assert_non_null(t);
	struct arena a;
	arena_init(&a);
	struct officialdoc doc;
	assert_false(template_expand(t, tctx_new(&a, NULL), &doc, &a, &err));
	assert_string_equal(sb_str(&err), "f.xml:3: unknown field {app.nmae}");
	template_free(t);
	sb_reset(&err);
	/* Found by fuzzing: a huge count overflowed an int and ran out of memory. */
	t = template_parse("<document>\n<blank lines=\"3666666666\"/></document>", "b.xml", &err);
	assert_false(template_expand(t, tctx_new(&a, NULL), &doc, &a, &err));
	assert_string_equal(sb_str(&err), "b.xml:2: lines=\"3666666666\" is not a number from 0 to 50");
	template_free(t);
	sb_reset(&err);
	t = template_parse("<document>\n<p level=\"9\">x</p></document>", "l.xml", &err);
	assert_false(template_expand(t, tctx_new(&a, NULL), &doc, &a, &err));
	assert_string_equal(sb_str(&err), "l.xml:2: level=\"9\" is not a number from 0 to 4");
	template_free(t);
	sb_reset(&err);
	t = template_parse("<document>\n<if test=\"nope == 1\"><p>x</p></if></document>", "i.xml", &err);
	assert_false(template_expand(t, tctx_new(&a, NULL), &doc, &a, &err));
	assert_string_equal(sb_str(&err), "i.xml:2: unknown field 'nope' in test");
	template_free(t);
	arena_free(&a);
	sb_free(&err);
}

static void test_shipped_templates_parse(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct template *t = template_load(GRANTDOC_TEMPLATES "/shanxi-coop/notice.xml", &err);
	assert_non_null(t);
	template_free(t);
	t = template_load(GRANTDOC_TEMPLATES "/shanxi-coop/publicity.xml", &err);
	assert_non_null(t);
	template_free(t);
	sb_free(&err);
}

static void test_font_configuration_errors(void **state)
{
	(void)state;
	struct fontset f;
	struct strbuf err = STRBUF_INIT;
	assert_false(fontset_parse(&f, "body = /nonexistent.ttf\n", "fonts.conf", &err));
	assert_string_equal(
		sb_str(&err),
		"fonts.conf:1: cannot read font file /nonexistent.ttf: cannot open: No such file or directory");
	fontset_free(&f);
	sb_reset(&err);
	/* A FIFO named as a font is refused at once, never waited on. */
	char fifo[64];
	snprintf(fifo, sizeof fifo, "/tmp/grantdoc-font-fifo.%ld", (long)getpid());
	unlink(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	char conf[128];
	snprintf(conf, sizeof conf, "body = %s\n", fifo);
	assert_false(fontset_parse(&f, conf, "fonts.conf", &err));
	char want[160];
	snprintf(want, sizeof want, "fonts.conf:1: cannot read font file %s: not a regular file (a FIFO)", fifo);
	assert_string_equal(sb_str(&err), want);
	fontset_free(&f);
	sb_reset(&err);
	assert_false(fontset_load(&f, fifo, &err));
	snprintf(want, sizeof want, "%s: cannot read font configuration: not a regular file (a FIFO)", fifo);
	assert_string_equal(sb_str(&err), want);
	fontset_free(&f);
	sb_reset(&err);
	struct template *t = template_load(fifo, &err);
	assert_null(t);
	snprintf(want, sizeof want, "%s: cannot read template: not a regular file (a FIFO)", fifo);
	assert_string_equal(sb_str(&err), want);
	sb_reset(&err);
	unlink(fifo);
	assert_false(fontset_parse(&f, "# c\nbold = x\n", "fonts.conf", &err));
	assert_string_equal(sb_str(&err), "fonts.conf:2: unknown role 'bold' (body, heading, title, kai; or fontdir)");
	fontset_free(&f);
	sb_reset(&err);
	assert_false(fontset_parse(&f, "body = /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:2\n",
				   "fonts.conf", &err));
	assert_string_equal(sb_str(&err), "fonts.conf: no faces for role 'heading'");
	fontset_free(&f);
	sb_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_breaks_between_ideographs_not_inside_tokens),
		cmocka_unit_test(test_grid_lines_hold_28_characters),
		cmocka_unit_test(test_missing_character_is_reported),
		cmocka_unit_test(test_no_lone_line_at_page_top_or_bottom),
		cmocka_unit_test(test_table_row_taller_than_a_page_is_split),
		cmocka_unit_test(test_streamed_document_equals_held_document),
		cmocka_unit_test(test_template_expansion),
		cmocka_unit_test(test_template_errors_name_file_and_line),
		cmocka_unit_test(test_shipped_templates_parse),
		cmocka_unit_test(test_font_configuration_errors),
	};
	return cmocka_run_group_tests_name("layout", tests, setup, teardown);
}
