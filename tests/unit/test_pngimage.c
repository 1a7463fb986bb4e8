/* PNG files read into the samples of a PDF image XObject: always opaque
 * 8-bit DeviceRGB or DeviceGray (PDF/A-1 has no transparency), the pixels
 * as the file has them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libdeflate.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pngimage.h"
#include "testutil.h"

static char dir[64];

static void setup_dir(void)
{
	if (!dir[0])
		scratch_dir(dir, "pngimage");
}

/* Writes a 2 x 2 PNG of the given format (libpng's simplified API). */
static const char *write_png(const char *name, png_uint_32 format, const void *pixels, const void *colormap, int colors)
{
	setup_dir();
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	png_image img;
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	img.width = 2;
	img.height = 2;
	img.format = format;
	img.colormap_entries = (png_uint_32)colors;
	assert_true(png_image_write_to_file(&img, path, 0, pixels, 0, colormap));
	return path;
}

static unsigned char *samples_of(const struct png_samples *s)
{
	size_t n = (size_t)s->width * s->height * (size_t)s->components;
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	unsigned char *out = malloc(n + 1);
	size_t got = 0;
	assert_int_equal(libdeflate_zlib_decompress(d, s->deflated.data, s->deflated.len, out, n + 1, &got),
			 LIBDEFLATE_SUCCESS);
	libdeflate_free_decompressor(d);
	assert_int_equal(got, n);
	return out;
}

static void test_rgb_as_it_is(void **state)
{
	(void)state;
	static const unsigned char px[12] = { 230, 0, 18, 255, 255, 255, 1, 2, 3, 40, 50, 60 };
	const char *path = write_png("rgb.png", PNG_FORMAT_RGB, px, NULL, 0);
	struct png_samples s;
	struct strbuf err = STRBUF_INIT;
	assert_true(png_samples_load(path, &s, &err));
	assert_int_equal(s.width, 2);
	assert_int_equal(s.height, 2);
	assert_int_equal(s.components, 3);
	unsigned char *got = samples_of(&s);
	assert_memory_equal(got, px, sizeof px);
	free(got);
	png_samples_free(&s);
	sb_free(&err);
}

static void test_grey_stays_grey(void **state)
{
	(void)state;
	static const unsigned char px[4] = { 0, 85, 170, 255 };
	const char *path = write_png("grey.png", PNG_FORMAT_GRAY, px, NULL, 0);
	struct png_samples s;
	struct strbuf err = STRBUF_INIT;
	assert_true(png_samples_load(path, &s, &err));
	assert_int_equal(s.components, 1);
	unsigned char *got = samples_of(&s);
	assert_memory_equal(got, px, sizeof px);
	free(got);
	png_samples_free(&s);
	sb_free(&err);
}

/* A palette image: its colours, expanded (no Indexed colour space). */
static void test_palette_expanded_to_rgb(void **state)
{
	(void)state;
	static const unsigned char map[6] = { 230, 0, 18, 255, 255, 255 };
	static const unsigned char index[4] = { 0, 1, 1, 0 };
	const char *path = write_png("palette.png", PNG_FORMAT_RGB_COLORMAP, index, map, 2);
	struct png_samples s;
	struct strbuf err = STRBUF_INIT;
	assert_true(png_samples_load(path, &s, &err));
	assert_int_equal(s.components, 3);
	unsigned char *got = samples_of(&s);
	static const unsigned char expect[12] = { 230, 0, 18, 255, 255, 255, 255, 255, 255, 230, 0, 18 };
	assert_memory_equal(got, expect, sizeof expect);
	free(got);
	png_samples_free(&s);
	sb_free(&err);
}

/* Alpha (which run.c refuses for a seal) never reaches the PDF: the
 * pixels are composited onto white, no soft mask. */
static void test_alpha_composited_onto_white(void **state)
{
	(void)state;
	static const unsigned char px[16] = { 230, 0, 18, 255, 0, 0, 0, 0, 0, 0, 0, 0, 230, 0, 18, 255 };
	const char *path = write_png("alpha.png", PNG_FORMAT_RGBA, px, NULL, 0);
	struct png_samples s;
	struct strbuf err = STRBUF_INIT;
	assert_true(png_samples_load(path, &s, &err));
	assert_int_equal(s.components, 3);
	unsigned char *got = samples_of(&s);
	static const unsigned char expect[12] = { 230, 0, 18, 255, 255, 255, 255, 255, 255, 230, 0, 18 };
	assert_memory_equal(got, expect, sizeof expect);
	free(got);
	png_samples_free(&s);
	sb_free(&err);
}

static void test_not_a_png_named(void **state)
{
	(void)state;
	setup_dir();
	scratch_put(dir, "seal.png", "GIF89a, not a PNG");
	char path[128];
	snprintf(path, sizeof path, "%s/seal.png", dir);
	struct png_samples s;
	struct strbuf err = STRBUF_INIT;
	assert_false(png_samples_load(path, &s, &err));
	assert_non_null(strstr(sb_str(&err), path));
	assert_int_equal(s.deflated.len, 0);
	sb_free(&err);
	snprintf(path, sizeof path, "%s/absent.png", dir);
	assert_false(png_samples_load(path, &s, &err));
	sb_free(&err);
}

static int teardown(void **state)
{
	(void)state;
	return dir[0] ? scratch_remove(dir) : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rgb_as_it_is),
		cmocka_unit_test(test_grey_stays_grey),
		cmocka_unit_test(test_palette_expanded_to_rgb),
		cmocka_unit_test(test_alpha_composited_onto_white),
		cmocka_unit_test(test_not_a_png_named),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
