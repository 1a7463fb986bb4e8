/* flate.h: zlib streams (PDF FlateDecode), made two ways.
 *
 * flate_compress: a whole buffer with libdeflate, for content streams,
 * CMaps and the like.
 *
 * A spliced stream, for font programs: most of a font program is glyph
 * outlines that recur in document after document, and compressing them
 * again for every PDF is where a batch's time went. So each face has one
 * fixed Huffman code (struct flate_code, from the byte statistics of the
 * face's own outlines), every glyph is coded with it once per process
 * (flate_code_bits) and a document's font program is one DEFLATE block:
 * the block header, the per-document bytes coded on the spot, then the
 * glyphs' cached bits appended (flate_splice). No LZ77 matches: outline
 * bytes have few, and a match would tie a glyph to its neighbours. The
 * stream inflates to exactly the bytes given; the same bytes give the
 * same stream. */
#ifndef GRANTDOC_FLATE_H
#define GRANTDOC_FLATE_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* Appends the zlib stream of data to out. */
void flate_compress(struct strbuf *out, const void *data, size_t len);

/* A fixed literal code (literals 0-255 and end of block). */
struct flate_code {
	uint16_t code[257]; /* bit-reversed, ready to emit LSB first */
	uint8_t len[257];
	unsigned char header[400]; /* the dynamic block header, bits LSB first */
	unsigned header_bits;
};

/* The code for these byte counts (every byte gets a code, however rare). */
void flate_code_init(struct flate_code *c, const uint64_t counts[256]);

/* Bits coded with one code, kept for splicing. */
struct flate_bits {
	uint64_t *words;
	size_t nbits;
	uint32_t adler; /* Adler-32 of the bytes, for the trailer */
	size_t nbytes;
};

void flate_code_bits(const struct flate_code *c, const unsigned char *data, size_t len, struct flate_bits *out);
void flate_bits_free(struct flate_bits *b);

/* One spliced stream: begin with the bytes that come first (coded now),
 * add cached pieces in order, end. */
struct flate_splice {
	const struct flate_code *code;
	struct strbuf *out;
	uint64_t acc; /* pending bits, LSB first */
	unsigned nacc;
	uint32_t adler;
};

void flate_splice_begin(struct flate_splice *s, const struct flate_code *c, struct strbuf *out,
			const unsigned char *head, size_t len);
void flate_splice_add(struct flate_splice *s, const struct flate_bits *b);
void flate_splice_end(struct flate_splice *s);

/* Adler-32 of a followed by b, from theirs and b's length. */
uint32_t adler32_join(uint32_t a, uint32_t b, size_t len_b);

#endif
