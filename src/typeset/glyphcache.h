/* glyphcache.h: a CID-keyed CFF face's glyphs, subset and compressed
 * once per process, and the font program of any set of them.
 *
 * Subsetting a CJK face with HarfBuzz and compressing the result for
 * every document was most of a batch's time, while documents draw the
 * same few thousand characters again and again. So each glyph a process
 * meets is subset once (HarfBuzz, desubroutinized, without hints), its
 * outline coded once with the face's fixed Huffman code (flate.h), and a
 * document's font program is written here: a CID-keyed CFF (header, Name,
 * Top DICT, String and Global Subr INDEXes and the Font and Private DICTs
 * as HarfBuzz writes them; our charset, FDSelect and CharStrings holding
 * .notdef and the document's glyphs by Font DICT, in the order of the
 * code points they draw) whose outlines are spliced into the stream as
 * they were coded. The document's CIDs are its glyph ids, 0 to n - 1:
 * small codes in the content streams, a CIDSet of n bits and a ToUnicode
 * CMap whose codes mostly follow on. The bytes of a
 * program depend only on the face and the set of glyphs, never on what
 * the process met before: the same document gives the same PDF at any -j.
 *
 * A face that is not a CID-keyed CFF (TrueType, a name-keyed CFF) has no
 * cache; pdfout subsets it per document. */
#ifndef GRANTDOC_GLYPHCACHE_H
#define GRANTDOC_GLYPHCACHE_H

#include <hb.h>
#include <stdbool.h>
#include <stdint.h>

#include "strbuf.h"

struct glyph_cache;

/* An empty cache for a face (nothing is read until it is first needed). */
struct glyph_cache *glyph_cache_new(hb_face_t *face, hb_font_t *font, unsigned upem);
void glyph_cache_free(struct glyph_cache *c);

/* Caches every glyph that draws a code point of cps (one subsetting for
 * those not met before). False when the face is not a CID-keyed CFF or
 * cannot be subset: then it cannot be embedded from the cache. */
bool glyph_cache_need(struct glyph_cache *c, const hb_set_t *cps);

/* The advance (1/1000 em) of the glyph that draws cp (.notdef if none
 * does); cp's glyph must be cached. */
int glyph_cache_width(struct glyph_cache *c, uint32_t cp);

/* A glyph of a program: its CID and advance (1/1000 em). */
struct program_glyph {
	unsigned cid;
	int width;
};

/* Appends the zlib-compressed CFF program of .notdef and the glyphs of
 * cps (all cached) to out; *glyphs (malloc'd, CID order: CID i is glyph
 * i) lists them, and codes[k] is the CID that draws the k-th code point
 * of cps (in the set's order). */
void glyph_cache_program(struct glyph_cache *c, const hb_set_t *cps, struct strbuf *out, struct program_glyph **glyphs,
			 unsigned *nglyphs, unsigned *codes);

#endif
