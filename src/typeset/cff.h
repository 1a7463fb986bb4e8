/* cff.h: what a PDF needs to know about a CFF font program (Adobe
 * Technical Note 5176, "The Compact Font Format Specification").
 *
 * A subset CFF face is embedded as a CIDFontType0 whose content-stream
 * codes are CIDs. For a CID-keyed program (Noto CJK, Fandol: ROS in the
 * Top DICT) the CID of a glyph is its charset entry — HarfBuzz's subsetter
 * keeps the original CIDs, so they are not the subset's glyph ids; for a
 * name-keyed program the CID is the glyph id. Every offset is checked
 * against the table's length: a font file is input. */
#ifndef GRANTDOC_CFF_H
#define GRANTDOC_CFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cff_info {
	bool cid_keyed;
	unsigned nglyphs; /* CharStrings count */
	uint16_t *cids;   /* CID of each glyph id (the glyph id when name-keyed) */
	unsigned max_cid;
};

/* An INDEX: its count, where its offset array starts, and the base its
 * offsets count from (the byte before the first item). */
struct cff_index {
	uint32_t count;
	size_t offsets;
	int off_size;
	size_t data_base;
};

/* Bytes [start, end) of the table. */
struct cff_span {
	size_t start, end;
};

/* A CID-keyed font program opened whole (cff_open): where its parts
 * are, the CID and Font DICT of every glyph. */
struct cff_font {
	const unsigned char *data;
	size_t len;
	struct cff_span header, name_index, string_index, gsubr_index; /* INDEXes whole */
	struct cff_span top_dict;                                      /* the Top DICT's data */
	struct cff_index charstrings;
	unsigned nglyphs;
	uint16_t *cids; /* per glyph id */
	uint8_t *fds;   /* per glyph id: its Font DICT */
	unsigned nfds;
	struct cff_span *font_dicts; /* per Font DICT: its data */
	struct cff_span *privates;   /* per Font DICT: its Private DICT */
};

/* False unless data is a well-formed CID-keyed CFF (ROS, FDArray,
 * FDSelect formats 0 or 3); data must outlive f. */
bool cff_open(const unsigned char *data, size_t len, struct cff_font *f);
bool cff_charstring(const struct cff_font *f, unsigned gid, struct cff_span *out);
void cff_close(struct cff_font *f);
/* Appends the operators of a DICT of f, with their operands, except those
 * in skip (two-byte operators as 1200 + second byte). */
struct strbuf;
bool cff_dict_copy(const struct cff_font *f, struct cff_span dict, const unsigned *skip, int nskip, struct strbuf *out);

/* The largest string id (SID) a DICT of f names, 0 if none, -1 if the
 * DICT is malformed. */
long cff_dict_max_sid(const struct cff_font *f, struct cff_span dict);
/* Appends a String INDEX of the first count strings of f's. */
bool cff_string_index_prefix(const struct cff_font *f, unsigned count, struct strbuf *out);

/* False for a table that is not a well-formed CFF (version 1) font. */
bool cff_read(const unsigned char *data, size_t len, struct cff_info *out);
void cff_free(struct cff_info *info);

#endif
