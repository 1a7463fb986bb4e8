/* Fonts: the CFF facts the PDF needs (CIDs of a subset's glyphs), faces
 * named through fontconfig, and characters set in a fallback face. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cff.h"
#include "officialdoc.h"
#include "typeset.h"

/* ---- cff_read on hand-made programs ---- */

static size_t put(unsigned char *b, size_t at, const unsigned char *bytes, size_t n)
{
	memcpy(b + at, bytes, n);
	return at + n;
}

static size_t put_int32_operand(unsigned char *b, size_t at, uint32_t v)
{
	const unsigned char x[] = { 29, (unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
				    (unsigned char)v };
	return put(b, at, x, sizeof x);
}

/* A CFF with three glyphs: CID-keyed (ROS 0 0 0 and a charset of the
 * given format mapping glyphs 1 and 2 to CIDs 1000 and 1001) or
 * name-keyed. */
static size_t build_cff(unsigned char *b, bool cid_keyed, int charset_format)
{
	static const unsigned char header[] = { 1, 0, 4, 1 };
	static const unsigned char names[] = { 0, 1, 1, 1, 2, 'A' };
	size_t dict_len = (cid_keyed ? 5 : 0) + 12;
	size_t at = put(b, 0, header, sizeof header);
	at = put(b, at, names, sizeof names);
	const unsigned char top_index[] = { 0, 1, 1, 1, (unsigned char)(1 + dict_len) };
	at = put(b, at, top_index, sizeof top_index);
	size_t dict = at;
	size_t charstrings = dict + dict_len + 4; /* after the empty String and GSubr INDEXes */
	size_t charset = charstrings + 10;
	if (cid_keyed) {
		static const unsigned char ros[] = { 139, 139, 139, 12, 30 };
		at = put(b, at, ros, sizeof ros);
	}
	at = put_int32_operand(b, at, cid_keyed ? (uint32_t)charset : 0);
	b[at++] = 15;
	at = put_int32_operand(b, at, (uint32_t)charstrings);
	b[at++] = 17;
	static const unsigned char empty_indexes[] = { 0, 0, 0, 0 };
	at = put(b, at, empty_indexes, sizeof empty_indexes);
	static const unsigned char glyphs[] = { 0, 3, 1, 1, 2, 3, 4, 14, 14, 14 };
	at = put(b, at, glyphs, sizeof glyphs);
	if (!cid_keyed)
		return at;
	static const unsigned char format0[] = { 0, 0x03, 0xE8, 0x03, 0xE9 };
	static const unsigned char format1[] = { 1, 0x03, 0xE8, 1 };
	static const unsigned char format2[] = { 2, 0x03, 0xE8, 0, 1 };
	if (charset_format == 0)
		return put(b, at, format0, sizeof format0);
	if (charset_format == 1)
		return put(b, at, format1, sizeof format1);
	return put(b, at, format2, sizeof format2);
}

static void test_cff_cids_of_cid_keyed_subsets(void **state)
{
	(void)state;
	for (int format = 0; format <= 2; format++) {
		unsigned char b[128];
		size_t n = build_cff(b, true, format);
		struct cff_info info;
		assert_true(cff_read(b, n, &info));
		assert_true(info.cid_keyed);
		assert_int_equal(info.nglyphs, 3);
		assert_int_equal(info.cids[0], 0);
		assert_int_equal(info.cids[1], 1000);
		assert_int_equal(info.cids[2], 1001);
		assert_int_equal(info.max_cid, 1001);
		cff_free(&info);
	}
}

static void test_cff_name_keyed_cids_are_glyph_ids(void **state)
{
	(void)state;
	unsigned char b[128];
	size_t n = build_cff(b, false, 0);
	struct cff_info info;
	assert_true(cff_read(b, n, &info));
	assert_false(info.cid_keyed);
	assert_int_equal(info.nglyphs, 3);
	assert_int_equal(info.cids[2], 2);
	assert_int_equal(info.max_cid, 2);
	cff_free(&info);
}

/* Every truncation of a CID-keyed program is refused (and, under ASan,
 * read within bounds); so is a CFF2 or garbage header. */
static void test_cff_truncated_or_foreign_is_refused(void **state)
{
	(void)state;
	unsigned char b[128];
	size_t n = build_cff(b, true, 1);
	for (size_t len = 0; len < n; len++) {
		unsigned char *copy = malloc(len ? len : 1);
		memcpy(copy, b, len);
		struct cff_info info;
		assert_false(cff_read(copy, len, &info));
		free(copy);
	}
	struct cff_info info;
	b[0] = 2; /* CFF2 */
	assert_false(cff_read(b, n, &info));
	b[0] = 1;
	b[20] = 255; /* a Top DICT byte that is neither operand nor operator */
	assert_false(cff_read(b, n, &info));
}

/* ---- faces by name ---- */

static void test_faces_by_family_and_style(void **state)
{
	(void)state;
	struct fontset f;
	struct strbuf err = STRBUF_INIT;
	const char *conf = "fontdir = /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol\n"
			   "body = FandolFang, noto serif cjk sc\n"
			   "heading = Noto Sans CJK SC\n"
			   "title = Noto Serif CJK SC:Bold\n"
			   "kai = AR PL UKai CN\n";
	assert_true(fontset_parse(&f, conf, "fonts.conf", &err));
	const struct face *body = &f.faces[f.chain[ROLE_BODY][0]];
	assert_non_null(strstr(body->path, "/FandolFang-Regular.otf"));
	assert_true(body->cff);
	assert_string_equal(body->name, "FandolFang");
	const struct face *serif = &f.faces[f.chain[ROLE_BODY][1]];
	assert_non_null(strstr(serif->path, "/NotoSerifCJK-Regular.ttc"));
	assert_string_equal(serif->ps_name, "NotoSerifCJKsc-Regular");
	const struct face *title = &f.faces[f.chain[ROLE_TITLE][0]];
	assert_non_null(strstr(title->path, "/NotoSerifCJK-Bold.ttc"));
	assert_string_equal(title->ps_name, "NotoSerifCJKsc-Bold");
	const struct face *kai = &f.faces[f.chain[ROLE_KAI][0]];
	assert_false(kai->cff); /* TrueType */
	fontset_free(&f);
	sb_free(&err);
}

/* fontconfig always offers something; another family or style is an
 * error naming the line, never a silent substitute. */
static void test_unknown_names_are_refused(void **state)
{
	(void)state;
	struct fontset f;
	struct strbuf err = STRBUF_INIT;
	assert_false(fontset_parse(&f, "# licensed faces\nbody = 方正小标宋简体\n", "fonts.conf", &err));
	assert_non_null(strstr(sb_str(&err), "fonts.conf:2: no installed font is named '方正小标宋简体'"));
	fontset_free(&f);
	sb_reset(&err);
	assert_false(fontset_parse(&f, "title = Noto Serif CJK SC:Black\n", "fonts.conf", &err));
	assert_non_null(strstr(sb_str(&err), "fonts.conf:1: no installed font is named 'Noto Serif CJK SC:Black'"));
	fontset_free(&f);
	sb_reset(&err);
	/* FandolFang is not in fontconfig's list until its directory is added. */
	assert_false(fontset_parse(&f, "body = FandolFang\n", "fonts.conf", &err));
	assert_non_null(strstr(sb_str(&err), "no installed font is named 'FandolFang'"));
	fontset_free(&f);
	sb_reset(&err);
	assert_false(fontset_parse(&f, "fontdir = /nonexistent\n", "fonts.conf", &err));
	assert_string_equal(sb_str(&err), "fonts.conf:1: cannot read font directory /nonexistent");
	fontset_free(&f);
	sb_reset(&err);
	assert_false(fontset_parse(&f, "body = /nonexistent.otf\n", "fonts.conf", &err));
	assert_string_equal(
		sb_str(&err),
		"fonts.conf:1: cannot read font file /nonexistent.otf: cannot open: No such file or directory");
	fontset_free(&f);
	sb_free(&err);
}

/* ---- fallback faces are noted ---- */

static void test_fallback_characters_are_noted_with_their_field(void **state)
{
	(void)state;
	struct fontset f;
	struct strbuf err = STRBUF_INIT;
	assert_true(fontset_load(&f, GRANTDOC_FONTCONF, &err));
	/* 项目负责人：王喆 — 喆 (U+5586) is not in FandolFang. */
	const char *text = "项目负责人：王喆，经评审立项。";
	struct provenance prov = { (int)strlen("项目负责人："), (int)strlen("王喆"), "app.pi" };
	struct block blocks[] = { { BK_PARA, text, &prov, 1, NULL }, { BK_PARA, "经评审立项。", NULL, 0, NULL } };
	struct officialdoc doc = { 0 };
	doc.blocks = blocks;
	doc.nblocks = 2;
	struct arena a;
	arena_init(&a);
	struct display d;
	display_init(&d, &a);
	struct compose_error ce;
	memset(&ce, 0, sizeof ce);
	assert_true(officialdoc_compose(&doc, &f, &d, &ce));
	assert_int_equal(d.nfallbacks, 1);
	assert_int_equal(d.fallbacks[0].cp, 0x5586);
	assert_int_equal(d.fallbacks[0].role, ROLE_BODY);
	assert_string_equal(d.fallbacks[0].field, "app.pi");
	assert_string_equal(f.faces[d.fallbacks[0].face].name, "Noto Serif CJK SC");
	display_free(&d);
	/* Without the rare name nothing is noted. */
	display_init(&d, &a);
	doc.blocks = blocks + 1;
	doc.nblocks = 1;
	assert_true(officialdoc_compose(&doc, &f, &d, &ce));
	assert_int_equal(d.nfallbacks, 0);
	display_free(&d);
	arena_free(&a);
	fontset_free(&f);
	sb_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cff_cids_of_cid_keyed_subsets),
		cmocka_unit_test(test_cff_name_keyed_cids_are_glyph_ids),
		cmocka_unit_test(test_cff_truncated_or_foreign_is_refused),
		cmocka_unit_test(test_faces_by_family_and_style),
		cmocka_unit_test(test_unknown_names_are_refused),
		cmocka_unit_test(test_fallback_characters_are_noted_with_their_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
