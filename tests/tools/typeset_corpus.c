/* Writes two PDFs for the geometry tests (tests/e2e/geometry.py):
 *   corpus.pdf  56 paragraphs built to push punctuation, brackets, ……, ——,
 *               document numbers, amounts, dates and ids onto line ends;
 *   table.pdf   a 300-row list whose header must repeat on every page.
 * Usage: typeset_corpus OUT_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "officialdoc.h"
#include "pdfout.h"

static const char *const FILLER =
	"科技合作交流专项项目管理办法规定申报单位应当具有独立法人资格并具备良好的科研开发能力和基础条件";
static const char *const TAILS[] = {
	"，",
	"。",
	"、",
	"；",
	"：",
	"？",
	"！",
	"）",
	"》",
	"”",
	"……",
	"——",
	"％",
	"（附件）",
	"《管理办法》",
	"“一带一路”",
	"【通知】",
	"〔说明〕",
	"晋科合〔2024〕15号",
	"40万元",
	"37.5万元",
	"¥400,000.00",
	"2024年12月4日",
	"0351-4048940",
	"SXHZ2024-001",
	"T1",
	"50%",
	"18:00",
	"GB 11643-1999",
	"GB/T 9704-2012",
};

/* n characters of filler, then a tail, then more text. */
static char *paragraph(int k)
{
	int lead = 20 + k % 12;
	const char *tail = TAILS[k % (int)(sizeof TAILS / sizeof *TAILS)];
	char *s = malloc(4096);
	s[0] = '\0';
	const char *f = FILLER;
	for (int i = 0; i < lead; i++) {
		int len = ((unsigned char)*f & 0xF0) == 0xE0 ? 3 : 1;
		strncat(s, f, (size_t)len);
		f += len;
		if (!*f)
			f = FILLER;
	}
	strcat(s, tail);
	strcat(s, "并按计划任务书完成相应目标任务，合法合规使用项目经费");
	strcat(s, TAILS[(k * 7 + 3) % (int)(sizeof TAILS / sizeof *TAILS)]);
	strcat(s, "配合省科技行政主管部门对项目进行检查、验收及绩效评估。");
	return s;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: typeset_corpus OUT_DIR\n");
		return 64;
	}
	struct fontset fs;
	struct strbuf err = STRBUF_INIT;
	if (!fontset_load(&fs, GRANTDOC_FONTCONF, &err)) {
		fprintf(stderr, "%s\n", sb_str(&err));
		return 1;
	}
	struct arena a;
	arena_init(&a);

	enum { NPARA = 56, NROWS = 300 };
	struct block blocks[NPARA + 2];
	char *texts[NPARA];
	blocks[0] = (struct block){ BK_TITLE, "关于印发排版压力测试语料的通知", NULL, 0, NULL };
	for (int k = 0; k < NPARA; k++) {
		texts[k] = paragraph(k);
		blocks[k + 1] = (struct block){ BK_PARA, texts[k], NULL, 0, NULL };
	}
	blocks[NPARA + 1] = (struct block){ BK_SIGNATURE, "山西省科学技术厅\n2024年12月30日", NULL, 0, NULL };
	struct officialdoc doc = { .mark = "山西省科学技术厅文件",
				   .doc_number = "晋科合〔2024〕15号",
				   .blocks = blocks,
				   .nblocks = NPARA + 2,
				   .cc = "各市科技局",
				   .printer = "山西省科学技术厅办公室",
				   .print_date = "2024年12月30日" };
	struct display d;
	display_init(&d, &a);
	struct compose_error ce;
	struct pdf_stats st;
	struct pdf_meta meta = { "corpus", "grantdoc tests", "corpus", "", "grantdoc", 20087 };
	if (!officialdoc_compose(&doc, &fs, &d, &ce) || !pdf_write(&d, &fs, &meta, argv[1], "corpus.pdf", &st, &err)) {
		fprintf(stderr, "corpus: %s U+%04X\n", sb_str(&err), (unsigned)ce.cp);
		return 1;
	}
	display_free(&d);

	const char **cells = malloc(sizeof *cells * NROWS * 4);
	char(*bufs)[3][160] = malloc(sizeof *bufs * NROWS);
	for (int i = 0; i < NROWS; i++) {
		snprintf(bufs[i][0], 160, "%d", i + 1);
		/* Every fifth title wraps to two or three lines. */
		snprintf(bufs[i][1], 160, "第%03d号项目%s", i + 1,
			 i % 5 == 0 ? "面向一带一路共建国家的新材料关键技术联合研发与示范应用推广" : "联合研发");
		snprintf(bufs[i][2], 160, "%d.%d", 10 + i % 30, i % 10);
		cells[i * 4] = bufs[i][0];
		cells[i * 4 + 1] = bufs[i][1];
		cells[i * 4 + 2] = "山西省某某科技有限公司";
		cells[i * 4 + 3] = bufs[i][2];
	}
	struct table t = { .ncols = 4,
			   .cols = { { "序号", 1, ALIGN_CENTER },
				     { "项目名称", 6, ALIGN_LEFT },
				     { "申报单位", 4, ALIGN_LEFT },
				     { "金额（万元）", 2, ALIGN_RIGHT } },
			   .cells = cells,
			   .nrows = NROWS,
			   .size = 14,
			   .landscape = true };
	struct block tb[] = { { BK_TABLE, "", NULL, 0, &t } };
	struct officialdoc tdoc = { .blocks = tb, .nblocks = 1 };
	display_init(&d, &a);
	if (!officialdoc_compose(&tdoc, &fs, &d, &ce) || !pdf_write(&d, &fs, &meta, argv[1], "table.pdf", &st, &err)) {
		fprintf(stderr, "table: %s\n", sb_str(&err));
		return 1;
	}
	display_free(&d);
	for (int k = 0; k < NPARA; k++)
		free(texts[k]);
	free(cells);
	free(bufs);
	arena_free(&a);
	fontset_free(&fs);
	sb_free(&err);
	return 0;
}
