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
	unsigned nglyphs;     /* CharStrings count */
	uint16_t *cids;       /* CID of each glyph id (the glyph id when name-keyed) */
	unsigned max_cid;
};

/* False for a table that is not a well-formed CFF (version 1) font. */
bool cff_read(const unsigned char *data, size_t len, struct cff_info *out);
void cff_free(struct cff_info *info);

#endif
