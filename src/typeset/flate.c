#include "flate.h"

#include <libdeflate.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* Level 6 of libdeflate: smaller than zlib's default and three times as
 * fast (level 9 gains 1.5 % for four times the time on content streams). */
#define FLATE_LEVEL 6

/* One per process, for its lifetime (forked workers get their own):
 * allocating one is 0.7 MB, too much for every stream. */
static struct libdeflate_compressor *the_compressor;

static void free_compressor(void)
{
	libdeflate_free_compressor(the_compressor);
	the_compressor = NULL;
}

static struct libdeflate_compressor *compressor(void)
{
	if (!the_compressor) {
		/* Out of memory ends the run as it does everywhere else. */
		libdeflate_set_memory_allocator(xmalloc, free);
		the_compressor = libdeflate_alloc_compressor(FLATE_LEVEL);
		atexit(free_compressor);
	}
	return the_compressor;
}

void flate_compress(struct strbuf *out, const void *data, size_t len)
{
	struct libdeflate_compressor *c = compressor();
	size_t bound = libdeflate_zlib_compress_bound(c, len);
	char *at = sb_grow(out, bound);
	size_t n = libdeflate_zlib_compress(c, data, len, at, bound);
	out->len -= bound - n;
	out->data[out->len] = '\0';
}

/* ---- Huffman codes ---- */

/* Code lengths for n symbols (at most 288) of these weights, none longer
 * than limit: Huffman's, ties going to the lower index; when too deep, the
 * weights are flattened and the code built again. Symbols of weight 0
 * get no code. */
static void huffman_lengths(const uint64_t *weights, int n, int limit, uint8_t *len)
{
	uint64_t w[2 * 288];
	int parent[2 * 288], used = 0;
	for (int i = 0; i < n; i++)
		used += weights[i] > 0;
	uint64_t f[288];
	memcpy(f, weights, (size_t)n * sizeof *f);
	for (;;) {
		memset(len, 0, (size_t)n);
		if (used < 2) {
			for (int i = 0; i < n; i++)
				if (f[i])
					len[i] = 1;
			return;
		}
		bool active[2 * 288] = { false };
		int nodes = n;
		for (int i = 0; i < n; i++) {
			w[i] = f[i];
			active[i] = f[i] > 0;
			parent[i] = -1;
		}
		for (int merged = 0; merged < used - 1; merged++) {
			int a = -1, b = -1;
			for (int i = 0; i < nodes; i++) {
				if (!active[i])
					continue;
				if (a < 0 || w[i] < w[a]) {
					b = a;
					a = i;
				} else if (b < 0 || w[i] < w[b]) {
					b = i;
				}
			}
			if (a < 0 || b < 0)
				break; /* cannot happen: two of the used symbols are left */
			w[nodes] = w[a] + w[b];
			active[nodes] = true;
			parent[nodes] = -1;
			active[a] = active[b] = false;
			parent[a] = parent[b] = nodes;
			nodes++;
		}
		int deepest = 0;
		for (int i = 0; i < n; i++) {
			if (!f[i])
				continue;
			int d = 0;
			for (int k = i; parent[k] >= 0; k = parent[k])
				d++;
			len[i] = (uint8_t)d;
			if (d > deepest)
				deepest = d;
		}
		if (deepest <= limit)
			return;
		for (int i = 0; i < n; i++)
			if (f[i])
				f[i] = (f[i] >> 1) | 1;
	}
}

/* Canonical codes for the lengths, bit-reversed for LSB-first output. */
static void canonical_codes(const uint8_t *len, int n, uint16_t *code)
{
	int count[16] = { 0 }, next[16];
	for (int i = 0; i < n; i++)
		count[len[i]]++;
	count[0] = 0;
	int c = 0;
	for (int bits = 1; bits < 16; bits++) {
		c = (c + count[bits - 1]) << 1;
		next[bits] = c;
	}
	for (int i = 0; i < n; i++) {
		if (!len[i])
			continue;
		unsigned v = (unsigned)next[len[i]]++, r = 0;
		for (int k = 0; k < len[i]; k++)
			r = r << 1 | ((v >> k) & 1);
		code[i] = (uint16_t)r;
	}
}

/* A bit writer into a fixed buffer (the block header). */
struct bitbuf {
	unsigned char *data;
	unsigned bits;
};

static void put_bits(struct bitbuf *b, unsigned v, int n)
{
	for (int i = 0; i < n; i++, b->bits++)
		if ((v >> i) & 1)
			b->data[b->bits / 8] |= (unsigned char)(1u << (b->bits % 8));
}

void flate_code_init(struct flate_code *c, const uint64_t counts[256])
{
	memset(c, 0, sizeof *c);
	uint64_t w[257];
	for (int i = 0; i < 256; i++)
		w[i] = counts[i] + 1;
	w[256] = 1;
	huffman_lengths(w, 257, 15, c->len);
	canonical_codes(c->len, 257, c->code);
	/* The header: a final dynamic block with 257 literal/length codes
	 * (no lengths used) and two distance codes of one bit (none used;
	 * two, so that every decoder sees a complete code), their lengths
	 * sent plainly with a code-length code. */
	static const int order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
	uint8_t lengths[259];
	memcpy(lengths, c->len, 257);
	lengths[257] = lengths[258] = 1;
	uint64_t clw[19] = { 0 };
	for (int i = 0; i < 259; i++)
		clw[lengths[i]]++;
	uint8_t cl_len[19];
	uint16_t cl_code[19] = { 0 };
	huffman_lengths(clw, 19, 7, cl_len);
	canonical_codes(cl_len, 19, cl_code);
	int ncl = 19;
	while (ncl > 4 && cl_len[order[ncl - 1]] == 0)
		ncl--;
	struct bitbuf b = { c->header, 0 };
	put_bits(&b, 1, 1); /* BFINAL */
	put_bits(&b, 2, 2); /* BTYPE: dynamic Huffman */
	put_bits(&b, 0, 5); /* HLIT: 257 */
	put_bits(&b, 1, 5); /* HDIST: 2 */
	put_bits(&b, (unsigned)(ncl - 4), 4);
	for (int i = 0; i < ncl; i++)
		put_bits(&b, cl_len[order[i]], 3);
	for (int i = 0; i < 259; i++)
		put_bits(&b, cl_code[lengths[i]], cl_len[lengths[i]]);
	c->header_bits = b.bits;
}

/* ---- coded bits ---- */

struct wordbuf {
	uint64_t *words;
	size_t n, cap;
	uint64_t acc;
	unsigned nacc;
};

static void wb_put(struct wordbuf *w, uint64_t v, unsigned n)
{
	w->acc |= v << w->nacc;
	if (w->nacc + n >= 64) {
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 16;
			w->words = xrealloc(w->words, w->cap * sizeof *w->words);
		}
		w->words[w->n++] = w->acc;
		unsigned used = 64 - w->nacc;
		w->acc = used < 64 ? v >> used : 0;
		w->nacc = w->nacc + n - 64;
	} else {
		w->nacc += n;
	}
}

void flate_code_bits(const struct flate_code *c, const unsigned char *data, size_t len, struct flate_bits *out)
{
	struct wordbuf w = { 0 };
	for (size_t i = 0; i < len; i++)
		wb_put(&w, c->code[data[i]], c->len[data[i]]);
	out->nbits = w.n * 64 + w.nacc;
	if (w.nacc) {
		wb_put(&w, 0, 64 - w.nacc);
	}
	out->words = w.words;
	out->adler = libdeflate_adler32(1, data, len);
	out->nbytes = len;
}

void flate_bits_free(struct flate_bits *b)
{
	free(b->words);
	memset(b, 0, sizeof *b);
}

uint32_t adler32_join(uint32_t a, uint32_t b, size_t len_b)
{
	const uint64_t base = 65521;
	uint64_t a1 = a & 0xFFFF, b1 = a >> 16, a2 = b & 0xFFFF, b2 = b >> 16;
	uint64_t rem = len_b % base;
	uint64_t sum_a = (a1 + a2 + base - 1) % base;
	uint64_t sum_b = (b1 + b2 + rem * ((a1 + base - 1) % base)) % base;
	return (uint32_t)(sum_b << 16 | sum_a);
}

/* ---- splicing ---- */

/* Up to 32 bits more; whole bytes go out. */
static void splice_put(struct flate_splice *s, uint64_t v, unsigned n, unsigned char **at)
{
	s->acc |= v << s->nacc;
	s->nacc += n;
	while (s->nacc >= 8) {
		*(*at)++ = (unsigned char)s->acc;
		s->acc >>= 8;
		s->nacc -= 8;
	}
}

/* Room for nbits more bits, and where they go. */
static unsigned char *splice_room(struct flate_splice *s, size_t nbits, size_t *room)
{
	*room = nbits / 8 + 16;
	return (unsigned char *)sb_grow(s->out, *room);
}

static void splice_done(struct flate_splice *s, unsigned char *start, unsigned char *at, size_t room)
{
	s->out->len -= room - (size_t)(at - start);
	s->out->data[s->out->len] = '\0';
}

static void splice_bytes(struct flate_splice *s, const unsigned char *data, size_t len)
{
	size_t room;
	unsigned char *start = splice_room(s, len * 15 + 64, &room), *at = start;
	for (size_t i = 0; i < len; i++)
		splice_put(s, s->code->code[data[i]], s->code->len[data[i]], &at);
	splice_done(s, start, at, room);
	s->adler = adler32_join(s->adler, libdeflate_adler32(1, data, len), len);
}

void flate_splice_begin(struct flate_splice *s, const struct flate_code *c, struct strbuf *out,
			const unsigned char *head, size_t len)
{
	memset(s, 0, sizeof *s);
	s->code = c;
	s->out = out;
	s->adler = 1;
	sb_append(out, "\x78\x01", 2);
	size_t room;
	unsigned char *start = splice_room(s, c->header_bits + 64, &room), *at = start;
	for (unsigned i = 0; i < c->header_bits; i += 8) {
		unsigned n = c->header_bits - i < 8 ? c->header_bits - i : 8;
		splice_put(s, c->header[i / 8] & ((1u << n) - 1), n, &at);
	}
	splice_done(s, start, at, room);
	splice_bytes(s, head, len);
}

void flate_splice_add(struct flate_splice *s, const struct flate_bits *b)
{
	size_t room;
	unsigned char *start = splice_room(s, b->nbits + 64, &room), *at = start;
	/* Whole words: each goes out shifted by the pending bits (fewer
	 * than 8 between calls), eight bytes at a time. */
	size_t full = b->nbits / 64;
	unsigned shift = s->nacc;
	uint64_t acc = s->acc;
	for (size_t i = 0; i < full; i++) {
		uint64_t w = b->words[i], out = acc | (w << shift);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		memcpy(at, &out, 8);
#else
		for (int k = 0; k < 8; k++)
			at[k] = (unsigned char)(out >> (8 * k));
#endif
		at += 8;
		acc = shift ? w >> (64 - shift) : 0;
	}
	s->acc = acc;
	unsigned rest = (unsigned)(b->nbits % 64);
	if (rest) {
		uint64_t w = b->words[full];
		unsigned low = rest < 32 ? rest : 32;
		splice_put(s, w & ((1ull << low) - 1), low, &at);
		if (rest > 32)
			splice_put(s, (w >> 32) & ((1ull << (rest - 32)) - 1), rest - 32, &at);
	}
	splice_done(s, start, at, room);
	s->adler = adler32_join(s->adler, b->adler, b->nbytes);
}

void flate_splice_end(struct flate_splice *s)
{
	size_t room;
	unsigned char *start = splice_room(s, 64, &room), *at = start;
	splice_put(s, s->code->code[256], s->code->len[256], &at);
	if (s->nacc)
		splice_put(s, 0, 8 - s->nacc, &at);
	splice_done(s, start, at, room);
	unsigned char tail[4] = { (unsigned char)(s->adler >> 24), (unsigned char)(s->adler >> 16),
				  (unsigned char)(s->adler >> 8), (unsigned char)s->adler };
	sb_append(s->out, (const char *)tail, 4);
}
