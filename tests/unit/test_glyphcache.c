/* The glyph cache: a document's CFF program, written from glyphs subset
 * and coded once per process, is a font FreeType reads — every glyph
 * there, drawing, with the advance the PDF's widths give — and its bytes
 * depend only on the characters, never on what the cache met before (so
 * the PDFs are the same at any -j). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "fontset.h"
#include "glyphcache.h"
#include "utf8.h"

static struct fontset fonts;

static int setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	bool ok = fontset_load(&fonts, GRANTDOC_FONTCONF, &err);
	sb_free(&err);
	return ok ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fontset_free(&fonts);
	return 0;
}

static hb_set_t *chars(const char *utf8)
{
	hb_set_t *s = hb_set_create();
	for (const char *p = utf8; *p;) {
		uint32_t cp;
		int n = utf8_decode((const unsigned char *)p, strlen(p), &cp);
		assert_true(n > 0);
		hb_set_add(s, cp);
		p += n;
	}
	return s;
}

/* The program for cps, inflated. */
static unsigned char *program(struct glyph_cache *c, const hb_set_t *cps, size_t *len, struct strbuf *z,
			      struct program_glyph **g, unsigned *n, unsigned *codes)
{
	assert_true(glyph_cache_need(c, cps));
	glyph_cache_program(c, cps, z, g, n, codes);
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	size_t cap = 1 << 22;
	unsigned char *out = malloc(cap);
	assert_int_equal(libdeflate_zlib_decompress(d, z->data, z->len, out, cap, len), LIBDEFLATE_SUCCESS);
	libdeflate_free_decompressor(d);
	return out;
}

static void check_face(int role, const char *text)
{
	const struct face *f = &fonts.faces[fonts.chain[role][0]];
	assert_true(f->cff);
	hb_set_t *cps = chars(text);
	struct strbuf z = STRBUF_INIT;
	struct program_glyph *g;
	unsigned n, codes[256];
	size_t len;
	unsigned char *cff = program(f->glyphs, cps, &len, &z, &g, &n, codes);
	FT_Library lib;
	FT_Face face;
	assert_int_equal(FT_Init_FreeType(&lib), 0);
	assert_int_equal(FT_New_Memory_Face(lib, cff, (FT_Long)len, 0, &face), 0);
	assert_int_equal(face->num_glyphs, (FT_Long)n);
	/* Unscaled advances: the charstring widths, as /W gives them. */
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(g[i].cid, i);
		assert_int_equal(FT_Load_Glyph(face, i, FT_LOAD_NO_SCALE), 0);
		long adv = face->glyph->metrics.horiAdvance * 1000 / face->units_per_EM;
		assert_true(labs(adv - g[i].width) <= 1);
		if (i > 0)
			assert_true(face->glyph->outline.n_points > 0);
	}
	/* Every character's code is a glyph of the program, none .notdef. */
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	for (unsigned k = 0; hb_set_next(cps, &cp); k++)
		assert_true(codes[k] > 0 && codes[k] < n);
	FT_Done_Face(face);
	FT_Done_FreeType(lib);
	free(cff);
	free(g);
	sb_free(&z);
	hb_set_destroy(cps);
}

static void test_programs_are_fonts_freetype_reads(void **state)
{
	(void)state;
	check_face(ROLE_BODY, "关于下达2024年度山西省科技合作交流专项项目的通知（申报编号：SXHZ2024-073）");
	check_face(ROLE_TITLE, "山西省科学技术厅文件关于下达项目的通知");
	check_face(ROLE_HEADING, "一、基本信息二、研究任务");
}

/* The same characters give the same bytes whether the cache is new or
 * has met other glyphs first, in another order. */
static void test_bytes_depend_on_the_characters_only(void **state)
{
	(void)state;
	const char *doc = "你单位申报的“长三角新能源关键技术联合攻关”项目";
	struct fontset other;
	struct strbuf err = STRBUF_INIT;
	assert_true(fontset_load(&other, GRANTDOC_FONTCONF, &err));
	struct glyph_cache *fresh = other.faces[other.chain[ROLE_BODY][0]].glyphs;
	struct glyph_cache *used = fonts.faces[fonts.chain[ROLE_BODY][0]].glyphs;
	hb_set_t *before = chars("经专家评审和社会公示批准立项资助引导资金万元康子涵忻州");
	struct strbuf z0 = STRBUF_INIT, z1 = STRBUF_INIT, z2 = STRBUF_INIT;
	struct program_glyph *g;
	unsigned n, codes[256];
	size_t len;
	free(program(used, before, &len, &z0, &g, &n, codes));
	free(g);
	hb_set_t *cps = chars(doc);
	free(program(used, cps, &len, &z1, &g, &n, codes));
	free(g);
	free(program(fresh, cps, &len, &z2, &g, &n, codes));
	free(g);
	assert_int_equal(z1.len, z2.len);
	assert_memory_equal(z1.data, z2.data, z1.len);
	hb_set_destroy(before);
	hb_set_destroy(cps);
	sb_free(&z0), sb_free(&z1), sb_free(&z2), sb_free(&err);
	fontset_free(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_programs_are_fonts_freetype_reads),
		cmocka_unit_test(test_bytes_depend_on_the_characters_only),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
