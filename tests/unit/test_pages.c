/* Pages a clerk can send, checked on the display list (issue 15): keep
 * rules, titles, punctuation and justification, tables, mirrored and turned
 * pages, the 信函格式, and the template features behind them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breakpoints.h"
#include "docfields.h"
#include "officialdoc.h"
#include "template.h"
#include "typeset.h"
#include "utf8.h"

static struct fontset fs;
static struct arena arena;

static double absd(double x)
{
	return x < 0 ? -x : x;
}

static int setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	assert_true(fontset_load(&fs, GRANTDOC_FONTCONF, &err));
	sb_free(&err);
	arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fontset_free(&fs);
	arena_free(&arena);
	return 0;
}

static void compose(const struct officialdoc *doc, struct display *d)
{
	display_init(d, &arena);
	struct compose_error ce;
	assert_true(officialdoc_compose(doc, &fs, d, &ce));
}

/* A line of a page: the runs on one baseline, in x order. */
struct pline {
	double y, x0, x1, size;
	bool turned;
	int face;
	char text[2048];
};

static double glyph_advance(int face, uint32_t cp, double size)
{
	return (double)fontset_advance(&fs, face, cp) / fs.faces[face].upem * size;
}

static int page_lines(const struct dpage *p, struct pline *out, int max)
{
	int n = 0;
	for (int r = 0; r < p->nruns; r++) {
		const struct glyph_run *run = &p->runs[r];
		int k = 0;
		while (k < n && (absd(out[k].y - run->y) > 0.01 || out[k].turned != run->turned))
			k++;
		if (k == n) {
			assert_true(n < max);
			memset(&out[n], 0, sizeof out[n]);
			out[n].y = run->y, out[n].x0 = 1e9, out[n].x1 = -1e9, out[n].size = run->size;
			out[n].turned = run->turned, out[n].face = run->face;
			n++;
		}
		for (int i = 0; i < run->n; i++) {
			char buf[4];
			size_t len = utf8_encode(run->cps[i], buf);
			strncat(out[k].text, buf, len);
			if (run->xs[i] < out[k].x0)
				out[k].x0 = run->xs[i];
			double end = run->xs[i] + glyph_advance(run->face, run->cps[i], run->size);
			if (end > out[k].x1)
				out[k].x1 = end;
		}
	}
	return n;
}

/* The page and line holding text (first match), or -1. */
static int find_line(const struct display *d, const char *text, struct pline *line)
{
	static struct pline lines[256];
	for (int p = 0; p < d->npages; p++) {
		int n = page_lines(&d->pages[p], lines, 256);
		for (int k = 0; k < n; k++)
			if (strstr(lines[k].text, text)) {
				*line = lines[k];
				return p;
			}
	}
	return -1;
}

/* The text and edges of one run (a table cell's line is one run). */
static void run_text(const struct glyph_run *run, char *out, size_t size, double *x0, double *x1)
{
	out[0] = '\0';
	for (int i = 0; i < run->n; i++) {
		char buf[5] = { 0 };
		utf8_encode(run->cps[i], buf);
		if (strlen(out) + strlen(buf) < size)
			strcat(out, buf);
	}
	*x0 = run->xs[0];
	*x1 = run->xs[run->n - 1] + glyph_advance(run->face, run->cps[run->n - 1], run->size);
}

/* The first run on page p whose text is exactly text, or NULL. */
static const struct glyph_run *find_run(const struct dpage *p, const char *text, double *x0, double *x1)
{
	char buf[512];
	for (int r = 0; r < p->nruns; r++) {
		run_text(&p->runs[r], buf, sizeof buf, x0, x1);
		if (strcmp(buf, text) == 0)
			return &p->runs[r];
	}
	return NULL;
}

static char *repeat(const char *s, int times)
{
	size_t len = strlen(s);
	char *out = arena_alloc(&arena, len * (size_t)times + 1);
	for (int i = 0; i < times; i++)
		memcpy(out + len * (size_t)i, s, len);
	out[len * (size_t)times] = '\0';
	return out;
}

static struct block para(const char *text)
{
	return (struct block){ BK_PARA, text, NULL, 0, NULL };
}

/* ---- pagination ---- */

/* 18 one-line paragraphs and a two-line one leave two lines of page 1:
 * the signature (three lines and a 42 mm seal) must not stand alone on
 * page 2: the last paragraph goes over with it (7.3.5.4). */
static void test_signature_never_stands_alone(void **state)
{
	(void)state;
	struct block b[21];
	for (int i = 0; i < 18; i++)
		b[i] = para("一行正文");
	b[18] = para(repeat("末段", 20)); /* 40 characters: two lines */
	b[19] = (struct block){ BK_SIGNATURE, "山西省科学技术厅\n2024年12月30日", NULL, 0, NULL };
	struct officialdoc doc = { .blocks = b, .nblocks = 20 };
	struct display d;
	compose(&doc, &d);
	struct pline date, body;
	int p_date = find_line(&d, "2024年12月30日", &date);
	int p_body = find_line(&d, "末段末段", &body);
	assert_int_equal(d.npages, 2);
	assert_int_equal(p_date, 1);
	assert_int_equal(p_body, 1); /* body text on the signature's page */
	/* A 42 mm seal fits under the body: from the foot of the last body
	 * line to the block's foot. */
	struct pline lines[64];
	int n = page_lines(&d.pages[1], lines, 64);
	double lowest_body = 1e9;
	for (int k = 0; k < n; k++)
		if (strstr(lines[k].text, "末段") && lines[k].y < lowest_body)
			lowest_body = lines[k].y;
	double body_foot = lowest_body - (GB_LINE_PITCH - GB_BODY_SIZE) / 2 - 0.12 * GB_BODY_SIZE;
	assert_true(body_foot - 42 * MM >= A4_H - GB_TOP_MARGIN - GB_BLOCK_H - 0.5);
	display_free(&d);
}

/* A heading on the last line of a page goes over with its text. */
static void test_heading_keeps_with_its_text(void **state)
{
	(void)state;
	struct block b[23];
	for (int i = 0; i < 21; i++)
		b[i] = para("一行正文");
	b[21] = (struct block){ BK_HEADING1, "二、研究任务", NULL, 0, NULL };
	b[22] = para(repeat("研究任务内容", 10));
	struct officialdoc doc = { .blocks = b, .nblocks = 23 };
	struct display d;
	compose(&doc, &d);
	struct pline h, t;
	int ph = find_line(&d, "二、研究任务", &h), pt = find_line(&d, "研究任务内容研究", &t);
	assert_int_equal(ph, 1);
	assert_int_equal(pt, 1);
	display_free(&d);
}

/* Blank lines shrink so that the line after them stays on its page (a
 * cover's "山西省科学技术厅制"), and never start a page. */
static void test_blank_lines_shrink_for_the_next_line(void **state)
{
	(void)state;
	struct block b[25];
	for (int i = 0; i < 20; i++)
		b[i] = para("一行正文");
	for (int i = 20; i < 23; i++)
		b[i] = (struct block){ BK_BLANK, "", NULL, 0, NULL };
	b[23] = (struct block){ BK_ADDRESSEE, "山西省科学技术厅制", NULL, 0, NULL };
	struct officialdoc doc = { .blocks = b, .nblocks = 24 };
	struct display d;
	compose(&doc, &d);
	assert_int_equal(d.npages, 1);
	display_free(&d);
}

/* A total never starts a page with fewer than two body rows. */
static void test_total_keeps_two_body_rows(void **state)
{
	(void)state;
	enum { ROWS = 24 }; /* 23 body rows fill a page under the header */
	static const char *cells[ROWS * 2];
	static char amounts[ROWS][16];
	for (int i = 0; i < ROWS - 1; i++) {
		snprintf(amounts[i], sizeof amounts[i], "%d", 10 + i);
		cells[2 * i] = "项目";
		cells[2 * i + 1] = amounts[i];
	}
	cells[2 * (ROWS - 1)] = "合计";
	cells[2 * (ROWS - 1) + 1] = "999";
	struct table t = { .ncols = 2,
			   .cols = { { "项目", 6, ALIGN_LEFT }, { "金额", 3, ALIGN_RIGHT } },
			   .cells = cells,
			   .nrows = ROWS,
			   .totals_rows = 1,
			   .size = 14 };
	struct block b = { BK_TABLE, "", NULL, 0, &t };
	struct officialdoc doc = { .blocks = &b, .nblocks = 1 };
	struct display d;
	compose(&doc, &d);
	assert_int_equal(d.npages, 2);
	struct pline lines[128];
	int n = page_lines(&d.pages[1], lines, 128), body = 0;
	bool total = false;
	for (int k = 0; k < n; k++) {
		total |= strcmp(lines[k].text, "合计999") == 0 || strstr(lines[k].text, "合计") != NULL;
		body += strstr(lines[k].text, "项目") && !strstr(lines[k].text, "金额");
	}
	assert_true(total);
	assert_true(body >= 2);
	display_free(&d);
}

/* ---- titles ---- */

static void title_lines(const char *text, struct tpara *p)
{
	struct tstyle st = { ROLE_TITLE, GB_TITLE_SIZE, 0, RGB_BLACK };
	uint32_t cp;
	int at;
	assert_true(tpara_prepare(p, &fs, &st, text, &cp, &at));
	tpara_break_title(p, GB_BLOCK_W);
}

static void assert_good_title(const struct tpara *p)
{
	unsigned char word[256];
	assert_true(p->n < 256);
	wordbreak_find(p->cps, p->n, word);
	double longest = 0;
	for (int k = 0; k < p->nlines; k++)
		if (p->lines[k].width > longest)
			longest = p->lines[k].width;
	for (int k = 0; k < p->nlines; k++) {
		assert_true(p->lines[k].end - p->lines[k].start >= 2); /* never one character */
		assert_true(p->lines[k].width >= longest / 2 - 0.01);  /* none under half */
		if (k > 0)
			assert_true(word[p->lines[k].start]); /* between words */
	}
	/* 梯形: each line at least as long as the one above (two lines). */
	if (p->nlines == 2)
		assert_true(p->lines[0].width <= p->lines[1].width + 0.01);
}

static void test_titles_break_between_words_as_a_trapezoid(void **state)
{
	(void)state;
	static const char *const titles[] = {
		"关于下达2024年度山西省科技合作交流专项项目的通知",
		"关于2024年度山西省科技合作交流专项拟立项项目的公示",
		"关于2024年度山西省科技合作交流专项申报项目不予受理的通知",
		"关于公布2024年度省国际科技合作基地绩效评价结果和新认定基地名单的通知",
		"关于撤销ZD2021-12项目及收回财政资金的通知",
		"关于深圳市某某科技有限公司及项目负责人禁止申报市科技计划项目的决定",
	};
	for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
		struct tpara p;
		title_lines(titles[i], &p);
		assert_true(p.nlines >= 2);
		assert_good_title(&p);
		tpara_free(&p);
	}
	/* The greedy break of the first would be 关于下达2024年度山西省科技合作
	 * 交流专项 / 项目的通知: an inverted triangle. */
	struct tpara p;
	title_lines(titles[0], &p);
	assert_true(p.lines[0].end < 19);
	tpara_free(&p);
	/* 21 characters: greedy would leave one alone on the second line. */
	title_lines("关于印发科技合作交流专项管理办法实施细则的通知啊", &p);
	assert_good_title(&p);
	tpara_free(&p);
}

static int words_of(const char *text, unsigned char *word)
{
	uint32_t cps[64];
	int n = 0;
	for (const unsigned char *s = (const unsigned char *)text; *s;) {
		int k = utf8_decode(s, strlen((const char *)s), &cps[n++]);
		s += k;
	}
	wordbreak_find(cps, n, word);
	return n;
}

static void test_words_from_the_dictionary(void **state)
{
	(void)state;
	unsigned char word[64];
	words_of("项目负责人", word);
	assert_true(word[0] && word[2]);  /* 项目 | 负责人 */
	assert_false(word[3] || word[4]); /* never 负责 | 人 */
	words_of("拟立项项目", word);
	assert_false(word[1] || word[2]); /* 拟立项 whole */
	assert_true(word[3]);
	int n = words_of("见《科技合作交流专项管理办法》第十四条", word);
	for (int i = 2; i <= 14 && i < n; i++) /* 《…》 whole */
		assert_false(word[i]);
	words_of("晋科合〔2024〕15号文", word);
	for (int i = 4; i <= 8; i++) /* 〔2024〕 whole */
		assert_false(word[i]);
}

/* ---- punctuation and justification ---- */

static struct tpara body(const char *text)
{
	struct tpara p;
	struct tstyle st = { ROLE_BODY, GB_BODY_SIZE, GB_CHAR_PITCH, RGB_BLACK };
	uint32_t cp;
	int at;
	assert_true(tpara_prepare(&p, &fs, &st, text, &cp, &at));
	return p;
}

static int index_of(const struct tpara *p, uint32_t cp, int from)
{
	for (int i = from; i < p->n; i++)
		if (p->cps[i] == cp)
			return i;
	fail();
	return -1;
}

/* ），  （《  。”: the first (or, for two opening marks, the second) takes
 * half a cell (clreq). */
static void test_adjacent_punctuation_is_compressed(void **state)
{
	(void)state;
	struct tpara p = body("经审查（申报通知二、5），依据（《办法》第十四条）。”好");
	int close = index_of(&p, 0xFF09, 0), open2 = index_of(&p, 0x300A, 0);
	assert_true(absd(p.adv[close] - GB_CHAR_PITCH / 2) < 0.01); /* ）before ， */
	assert_true(absd(p.adv[close + 1] - GB_CHAR_PITCH) < 0.01); /* ， keeps its cell */
	assert_true(absd(p.adv[open2] - GB_CHAR_PITCH / 2) < 0.01); /* 《 after （ */
	assert_true(absd(p.adv[open2 - 1] - GB_CHAR_PITCH) < 0.01);
	int stop = index_of(&p, 0x3002, 0);
	assert_true(absd(p.adv[stop] - GB_CHAR_PITCH / 2) < 0.01); /* 。before ” */
	/* a mark between ideographs keeps its cell */
	struct tpara q = body("甲，乙");
	assert_true(absd(q.adv[1] - GB_CHAR_PITCH) < 0.01);
	tpara_free(&q);
	tpara_free(&p);
}

/* Justified lines spread between characters, never inside a run of
 * digits or Latin letters, and never more than MAX_CJK_GAP_EM. */
static void test_justification_never_letter_spaces_digits(void **state)
{
	(void)state;
	struct tpara p =
		body("你单位申报的项目（申报编号：SXHZ2024-073，项目负责人：康子涵），经专家评审和社会公示"
		     "（2024年12月20日至2024年12月26日），批准立项，资助引导资金40万元，请于2025年1月29日前签订。");
	tpara_break(&p, GB_BLOCK_W - 2 * GB_CHAR_PITCH, GB_BLOCK_W);
	assert_true(p.nlines >= 3);
	struct display d;
	display_init(&d, &arena);
	struct dpage *pg = display_add_page(&d, A4_W, A4_H);
	for (int k = 0; k + 1 < p.nlines; k++) {
		double measure = GB_BLOCK_W - (k ? 0 : 2 * GB_CHAR_PITCH);
		assert_true(tpara_justifiable(&p, k, measure));
		int before = pg->nruns;
		tpara_emit(&p, k, GB_LEFT, 700 - 30 * k, measure, true, ALIGN_LEFT, pg);
		/* every glyph of the line, in order */
		double prev_x = -1;
		uint32_t prev = 0;
		int prev_face = -1;
		for (int r = before; r < pg->nruns; r++)
			for (int i = 0; i < pg->runs[r].n; i++) {
				uint32_t c = pg->runs[r].cps[i];
				double x = pg->runs[r].xs[i];
				bool digits = prev && ((prev >= '0' && prev <= '9') || (prev >= 'A' && prev <= 'Z')) &&
					      ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-');
				if (digits) /* exactly the natural advance: no letter-spacing */
					assert_true(absd(x - prev_x - glyph_advance(prev_face, prev, GB_BODY_SIZE)) <
						    0.01);
				prev = c, prev_x = x, prev_face = pg->runs[r].face;
			}
	}
	display_free(&d);
	tpara_free(&p);
}

/* A line a long token would leave with a hole takes a date's joint
 * (2024年 | 12月4日) or squeezes its marks rather than stay ragged. */
static void test_no_ragged_hole_before_a_date(void **state)
{
	(void)state;
	struct tpara p =
		body("1. 网络申报时间2024年12月4日18:01，晚于截止时限2024年12月4日18:00（申报通知四（二））。");
	tpara_break(&p, GB_BLOCK_W - 2 * GB_CHAR_PITCH, GB_BLOCK_W);
	for (int k = 0; k + 1 < p.nlines; k++)
		assert_true(tpara_justifiable(&p, k, GB_BLOCK_W - (k ? 0 : 2 * GB_CHAR_PITCH)));
	tpara_free(&p);
	p = body("示期（2024年12月20日至2024年12月26日）内收到异议（2024年12月23日收到）。根据办法第十三条");
	tpara_break(&p, GB_BLOCK_W, GB_BLOCK_W);
	for (int k = 0; k + 1 < p.nlines; k++)
		assert_true(tpara_justifiable(&p, k, GB_BLOCK_W));
	tpara_free(&p);
}

/* ---- tables ---- */

/* Totals and subtotals: in the heading face, amounts on their column's
 * right edge (not centred), one precision per column. */
static void test_totals_aligned_with_their_column(void **state)
{
	(void)state;
	const char *cells[] = { "甲项目", "40", "乙项目", "37.5", "小计", "77.5", "合计", "77.5" };
	unsigned char kinds[] = { ROW_BODY, ROW_BODY, ROW_SUBTOTAL, ROW_TOTAL };
	struct table t = { .ncols = 2,
			   .cols = { { "项目", 6, ALIGN_LEFT }, { "金额（万元）", 3, ALIGN_RIGHT } },
			   .cells = cells,
			   .nrows = 4,
			   .totals_rows = 1,
			   .size = 14,
			   .row_kinds = kinds };
	struct block b = { BK_TABLE, "", NULL, 0, &t };
	struct officialdoc doc = { .blocks = &b, .nblocks = 1 };
	struct display d;
	compose(&doc, &d);
	const struct dpage *pg = &d.pages[0];
	int heading = fontset_resolve(&fs, ROLE_HEADING, '7');
	double x0, x1, right = -1;
	const char *amounts[] = { "40.0", "37.5" };
	for (int i = 0; i < 2; i++) {
		const struct glyph_run *r = find_run(pg, amounts[i], &x0, &x1);
		assert_non_null(r); /* 40 is written 40.0: one precision */
		if (right < 0)
			right = x1;
		assert_true(absd(x1 - right) < 0.5);
		assert_int_not_equal(r->face, heading);
	}
	/* 小计 and 合计 rows: in the heading face, on the column's edge */
	int totals = 0;
	for (int r = 0; r < pg->nruns; r++) {
		char buf[64];
		run_text(&pg->runs[r], buf, sizeof buf, &x0, &x1);
		if (strcmp(buf, "77.5") == 0) {
			totals++;
			assert_int_equal(pg->runs[r].face, heading);
			assert_true(absd(x1 - right) < 0.5);
		}
	}
	assert_int_equal(totals, 2);
	assert_non_null(find_run(pg, "小计", &x0, &x1));
	assert_non_null(find_run(pg, "合计", &x0, &x1));
	display_free(&d);
}

/* A header word (负责人) and an amount in capitals are never wrapped. */
static void test_headers_and_capitals_never_broken(void **state)
{
	(void)state;
	const char *cells[] = { "1", "王五", "贰仟陆佰伍拾玖万玖仟玖佰玖拾玖元整",
				"面向一带一路共建国家的新材料关键技术联合研发与示范应用推广项目" };
	struct table t = { .ncols = 4,
			   .cols = { { "序号", 1, ALIGN_CENTER },
				     { "项目负责人", 1, ALIGN_CENTER },
				     { "金额（大写）", 1, ALIGN_LEFT },
				     { "项目名称", 8, ALIGN_LEFT } },
			   .cells = cells,
			   .nrows = 1,
			   .size = 12 };
	struct block b = { BK_TABLE, "", NULL, 0, &t };
	struct officialdoc doc = { .blocks = &b, .nblocks = 1 };
	struct display d;
	compose(&doc, &d);
	double x0, x1;
	assert_non_null(find_run(&d.pages[0], "贰仟陆佰伍拾玖万玖仟玖佰玖拾玖元整", &x0, &x1));
	assert_true(find_run(&d.pages[0], "项目负责人", &x0, &x1) || find_run(&d.pages[0], "负责人", &x0, &x1));
	assert_null(find_run(&d.pages[0], "人", &x0, &x1));
	display_free(&d);
}

/* ---- the page ---- */

/* The text block is 28 mm from the binding edge: the left of odd pages,
 * the right of even ones; page numbers follow. */
static void test_even_pages_mirrored(void **state)
{
	(void)state;
	struct block b[30];
	for (int i = 0; i < 30; i++)
		b[i] = para("一行正文");
	struct officialdoc doc = { .blocks = b, .nblocks = 30 };
	struct display d;
	compose(&doc, &d);
	assert_int_equal(d.npages, 2);
	struct pline lines[64];
	for (int p = 0; p < 2; p++) {
		double left = p == 0 ? GB_LEFT : A4_W - GB_LEFT - GB_BLOCK_W;
		int n = page_lines(&d.pages[p], lines, 64);
		for (int k = 0; k < n; k++)
			if (strcmp(lines[k].text, "一行正文") == 0)
				assert_true(absd(lines[k].x0 - (left + 2 * GB_CHAR_PITCH)) < MM);
	}
	display_free(&d);
}

/* A landscape table is set turned on portrait sheets (GB/T 9704 10.2):
 * the sheet stays portrait, the table's runs are turned, the page number
 * stands upright where portrait pages have it. */
static void test_landscape_table_turned_with_upright_page_number(void **state)
{
	(void)state;
	const char *cells[] = { "1", "项目甲", "2", "项目乙" };
	struct table t = { .ncols = 2,
			   .cols = { { "序号", 1, ALIGN_CENTER }, { "项目名称", 6, ALIGN_LEFT } },
			   .cells = cells,
			   .nrows = 2,
			   .size = 14,
			   .landscape = true };
	struct block b = { BK_TABLE, "", NULL, 0, &t };
	struct officialdoc doc = { .blocks = &b, .nblocks = 1, .landscape = true };
	struct display d;
	compose(&doc, &d);
	assert_int_equal(d.npages, 1);
	const struct dpage *pg = &d.pages[0];
	assert_true(pg->width < pg->height && pg->turned);
	int upright = 0;
	for (int r = 0; r < pg->nruns; r++) {
		if (!pg->runs[r].turned) {
			upright++; /* the page number, under the block */
			assert_true(pg->runs[r].y < A4_H - GB_TOP_MARGIN - GB_BLOCK_H);
		}
	}
	assert_true(upright >= 1 && upright < pg->nruns);
	/* The table's rules lie inside the portrait block. */
	for (int k = 0; k < pg->nrules; k++) {
		assert_true(pg->rules[k].x1 >= GB_LEFT - 0.5 && pg->rules[k].x1 <= GB_LEFT + GB_BLOCK_W + 0.5);
		assert_true(pg->rules[k].y1 >= A4_H - GB_TOP_MARGIN - GB_BLOCK_H - 0.5);
	}
	display_free(&d);
}

/* 信函格式: the mark 30 mm from the top, red double lines, the number flush
 * right, no page number on page 1; 抄送 ends with 。. */
static void test_letter_format(void **state)
{
	(void)state;
	struct block b[2] = { para("正文。"), { BK_SIGNATURE, "山西省科学技术厅\n2024年12月30日", NULL, 0, NULL } };
	struct officialdoc doc = { .mark = "山西省科学技术厅",
				   .doc_number = "晋科合〔2024〕101号",
				   .blocks = b,
				   .nblocks = 2,
				   .cc = "各市科技局",
				   .letter = true };
	struct display d;
	compose(&doc, &d);
	assert_int_equal(d.npages, 1);
	struct pline l;
	assert_int_equal(find_line(&d, "— 1 —", &l), -1);
	assert_int_equal(find_line(&d, "山西省科学技术厅", &l), 0);
	double mark_top = d.pages[0].runs[0].y + 0.88 * d.pages[0].runs[0].size;
	assert_true(absd(mark_top - (A4_H - 30 * MM)) < 0.5);
	assert_int_equal(find_line(&d, "晋科合〔2024〕101号", &l), 0);
	assert_true(absd(l.x1 - (GB_LEFT + GB_BLOCK_W)) < 0.5);
	assert_int_equal(find_line(&d, "抄送：各市科技局。", &l), 0);
	int red = 0;
	for (int k = 0; k < d.pages[0].nrules; k++)
		red += d.pages[0].rules[k].color == RGB_RED;
	assert_int_equal(red, 4); /* two double lines */
	display_free(&d);
}

/* The seal image: 42 mm, centred on the date, its top at the body's foot,
 * drawn before (under) the text. */
static void test_seal_image_under_signature(void **state)
{
	(void)state;
	struct block b[2] = { para("正文。"), { BK_SIGNATURE, "山西省科学技术厅\n2024年12月30日", NULL, 0, NULL } };
	struct officialdoc doc = { .blocks = b, .nblocks = 2, .seal_image = "seal.png" };
	struct display d;
	compose(&doc, &d);
	assert_int_equal(d.pages[0].nimages, 1);
	const struct image *m = &d.pages[0].images[0];
	struct pline date;
	assert_int_equal(find_line(&d, "2024年12月30日", &date), 0);
	assert_true(absd(m->width - 42 * MM) < 0.01 && absd(m->height - 42 * MM) < 0.01);
	assert_true(absd(m->x + m->width / 2 - (date.x0 + date.x1) / 2) < 0.5);
	assert_true(m->y < date.y && m->y + m->height > date.y);
	display_free(&d);
}

/* ---- templates ---- */

static struct officialdoc expand(const char *xml, struct tctx *c)
{
	struct strbuf err = STRBUF_INIT;
	struct template *t = template_parse(xml, "t.xml", &err);
	assert_non_null(t);
	struct officialdoc doc;
	assert_true(template_expand(t, c, &doc, &arena, &err));
	template_free(t);
	sb_free(&err);
	return doc;
}

static void test_template_attachments_join_and_opt(void **state)
{
	(void)state;
	struct tctx *c = tctx_new(&arena, NULL);
	tctx_set(c, "name", "拟立项项目名单");
	tctx_set(c, "contact", "");
	tctx_set(c, "phone", "0351-4048940");
	tctx_set(c, "address", "太原市");
	tctx_set(c, "country", "");
	struct officialdoc doc =
		expand("<document><attachments><item>{name}</item></attachments>"
		       "<attachments><item>甲</item><item>乙</item></attachments>"
		       "<p><join sep=\"，\" end=\"。\"><part>联系人：{contact}</part><part>联系电话：{phone}</part>"
		       "<part>地址：{address}</part></join></p>"
		       "<p><join sep=\"，\" end=\"。\"><part>联系人：{contact}</part></join></p>"
		       "<p>合作单位<opt>（{country}）</opt>。</p></document>",
		       c);
	assert_int_equal(doc.nblocks, 4);                          /* the paragraph of empty parts is gone */
	assert_string_equal(doc.blocks[0].text, "拟立项项目名单"); /* one: no number */
	assert_string_equal(doc.blocks[1].text, "1. 甲\n2. 乙");
	assert_string_equal(doc.blocks[2].text, "联系电话：0351-4048940，地址：太原市。");
	assert_string_equal(doc.blocks[3].text, "合作单位。");
}

static void test_template_subtotals_keep_and_letter(void **state)
{
	(void)state;
	struct tctx *c = tctx_new(&arena, NULL);
	for (int i = 0; i < 3; i++) {
		struct tctx *item = tctx_new(&arena, c);
		tctx_setf(item, "item.name", "行%d", i);
		tctx_set(item, "item.subtotal", i == 1 ? "1" : "");
		tctx_add_item(c, "lines", item);
	}
	struct officialdoc doc =
		expand("<document format=\"letter\"><table list=\"lines\" subtotal=\"item.subtotal\" keep=\"yes\">"
		       "<col header=\"名称\" value=\"{item.name}\" total=\"合计\"/></table>"
		       "<table header=\"no\"><col/><row lines=\"6\"><cell>（盖章）</cell></row></table></document>",
		       c);
	assert_true(doc.letter);
	const struct table *t = doc.blocks[0].table;
	assert_true(t->keep);
	assert_int_equal(t->nrows, 4);
	assert_int_equal(t->row_kinds[0], ROW_BODY);
	assert_int_equal(t->row_kinds[1], ROW_SUBTOTAL);
	assert_int_equal(t->row_kinds[3], ROW_TOTAL);
	assert_int_equal(doc.blocks[1].table->row_lines[0], 6);
	struct strbuf err = STRBUF_INIT;
	struct template *bad = template_parse("<document format=\"leter\"/>", "f.xml", &err);
	assert_false(template_expand(bad, c, &doc, &arena, &err));
	assert_string_equal(sb_str(&err), "f.xml:1: format must be \"file\" (文件格式) or \"letter\" (信函格式)");
	template_free(bad);
	sb_free(&err);
}

/* One 发文字号 per document of a numbered kind, in plan order. */
static void test_doc_number_series(void **state)
{
	(void)state;
	struct doc_series series[] = { { "notices", "晋科合", 101, 7 }, { "taskbooks", "晋科任", 1, 8 } };
	struct call call = { .doc_prefix = "晋科合", .doc_year = 2024, .doc_seq = 15, .series = series, .nseries = 2 };
	assert_string_equal(df_doc_number(&arena, &call, "notices", 0), "晋科合〔2024〕101号");
	assert_string_equal(df_doc_number(&arena, &call, "notices", 85), "晋科合〔2024〕186号");
	assert_string_equal(df_doc_number(&arena, &call, "taskbooks", 2), "晋科任〔2024〕3号");
	assert_null(df_doc_number(&arena, &call, "publicity", 0));
	const char *kinds[] = { "notices", "publicity" };
	assert_ptr_equal(df_unknown_series(&call, kinds, 2), &series[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signature_never_stands_alone),
		cmocka_unit_test(test_heading_keeps_with_its_text),
		cmocka_unit_test(test_blank_lines_shrink_for_the_next_line),
		cmocka_unit_test(test_total_keeps_two_body_rows),
		cmocka_unit_test(test_titles_break_between_words_as_a_trapezoid),
		cmocka_unit_test(test_words_from_the_dictionary),
		cmocka_unit_test(test_adjacent_punctuation_is_compressed),
		cmocka_unit_test(test_justification_never_letter_spaces_digits),
		cmocka_unit_test(test_no_ragged_hole_before_a_date),
		cmocka_unit_test(test_totals_aligned_with_their_column),
		cmocka_unit_test(test_headers_and_capitals_never_broken),
		cmocka_unit_test(test_even_pages_mirrored),
		cmocka_unit_test(test_landscape_table_turned_with_upright_page_number),
		cmocka_unit_test(test_letter_format),
		cmocka_unit_test(test_seal_image_under_signature),
		cmocka_unit_test(test_template_attachments_join_and_opt),
		cmocka_unit_test(test_template_subtotals_keep_and_letter),
		cmocka_unit_test(test_doc_number_series),
	};
	return cmocka_run_group_tests_name("pages", tests, setup, teardown);
}
