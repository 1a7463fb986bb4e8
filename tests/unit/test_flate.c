/* Flate streams: whole buffers, and spliced ones (a fixed code, cached
 * pieces) that must inflate to exactly the bytes given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "flate.h"

static unsigned char *inflated(const struct strbuf *z, size_t expect)
{
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	unsigned char *out = malloc(expect + 1);
	size_t got = 0;
	enum libdeflate_result r = libdeflate_zlib_decompress(d, z->data, z->len, out, expect + 1, &got);
	libdeflate_free_decompressor(d);
	assert_int_equal(r, LIBDEFLATE_SUCCESS);
	assert_int_equal(got, expect);
	return out;
}

static void test_whole_buffer_round_trips(void **state)
{
	(void)state;
	const char *text =
		"BT /F1 16 Tf 1 0 0 1 79.37 700 Tm [<0102>] TJ ET\nBT /F1 16 Tf 1 0 0 1 79.37 680 Tm [<0304>] TJ ET\n";
	struct strbuf z = STRBUF_INIT;
	flate_compress(&z, text, strlen(text));
	assert_true(z.len < strlen(text));
	unsigned char *back = inflated(&z, strlen(text));
	assert_memory_equal(back, text, strlen(text));
	free(back);
	sb_free(&z);
}

/* Pieces of every length from 0 to 300 bytes (so every bit alignment
 * meets every other), coded once and spliced in an order unlike the
 * one they were coded in, with and without a head. */
static void test_spliced_stream_inflates_to_its_bytes(void **state)
{
	(void)state;
	enum { PIECES = 301 };
	uint64_t counts[256] = { 0 };
	unsigned char *piece[PIECES];
	struct flate_bits bits[PIECES];
	unsigned seed = 12345;
	for (int i = 0; i < PIECES; i++) {
		piece[i] = malloc((size_t)i + 1);
		for (int k = 0; k < i; k++) {
			seed = seed * 1103515245u + 12345u;
			/* Skewed, like outline bytes: some values common, some never seen. */
			unsigned v = (seed >> 16) % 97;
			piece[i][k] = (unsigned char)(v < 60 ? v : 139 + v);
			if (i % 3)
				counts[piece[i][k]]++;
		}
	}
	struct flate_code code;
	flate_code_init(&code, counts);
	for (int i = 0; i < PIECES; i++)
		flate_code_bits(&code, piece[i], (size_t)i, &bits[i]);
	for (int with_head = 0; with_head < 2; with_head++) {
		const unsigned char head[] = "\x01\x00\x04\x02 a head of another kind \xff\xfe";
		size_t hlen = with_head ? sizeof head - 1 : 0;
		struct strbuf z = STRBUF_INIT, plain = STRBUF_INIT;
		struct flate_splice s;
		flate_splice_begin(&s, &code, &z, head, hlen);
		sb_append(&plain, (const char *)head, hlen);
		for (int j = 0; j < PIECES; j++) {
			int i = (j * 7) % PIECES;
			flate_splice_add(&s, &bits[i]);
			sb_append(&plain, (const char *)piece[i], (size_t)i);
		}
		flate_splice_end(&s);
		unsigned char *back = inflated(&z, plain.len);
		assert_memory_equal(back, plain.data, plain.len);
		free(back);
		sb_free(&z);
		sb_free(&plain);
	}
	for (int i = 0; i < PIECES; i++) {
		free(piece[i]);
		flate_bits_free(&bits[i]);
	}
}

static void test_adler_join(void **state)
{
	(void)state;
	unsigned char data[70000];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 31 + (i >> 8));
	for (size_t cut = 0; cut <= sizeof data; cut += 6999) {
		uint32_t a = libdeflate_adler32(1, data, cut), b = libdeflate_adler32(1, data + cut, sizeof data - cut);
		assert_int_equal(adler32_join(a, b, sizeof data - cut), libdeflate_adler32(1, data, sizeof data));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_buffer_round_trips),
		cmocka_unit_test(test_spliced_stream_inflates_to_its_bytes),
		cmocka_unit_test(test_adler_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
