/* fontset.h: the faces a batch draws with, and which face draws what.
 *
 * Faces are opened once per process (HarfBuzz), from fonts/fonts.conf: a
 * fallback chain of faces for each role. Resolving a character walks its
 * role's chain; no face having it is an error the caller reports for the
 * record, never a blank. */
#ifndef GRANTDOC_FONTSET_H
#define GRANTDOC_FONTSET_H

#include <hb.h>
#include <hb-ot.h>
#include <stdbool.h>
#include <stdint.h>

#include "strbuf.h"

struct glyph_cache;
struct face_memo;

enum font_role { ROLE_BODY, ROLE_HEADING, ROLE_TITLE, ROLE_KAI, ROLE_COUNT };

#define FONTSET_MAX_FACES 16
#define FONTSET_MAX_CHAIN 8

struct face {
	char *name; /* as fonts.conf names it: a family[:style] or a path */
	char *path;
	int index;
	bool cff; /* OpenType/CFF outlines (else TrueType glyf) */
	hb_blob_t *blob;
	hb_face_t *hb_face;
	hb_font_t *hb_font;
	unsigned upem;
	char *ps_name;              /* PostScript name, for the PDF BaseFont */
	int ascender, descender;    /* font units */
	int bbox[4];                /* head table xMin yMin xMax yMax */
	struct glyph_cache *glyphs; /* CFF: glyphs subset once per process (glyphcache.h) */
	struct face_memo *memo;     /* recent code points: glyph and advance */
};

struct fontset {
	struct face faces[FONTSET_MAX_FACES];
	int nfaces;
	int chain[ROLE_COUNT][FONTSET_MAX_CHAIN];
	int chain_len[ROLE_COUNT];
};

const char *font_role_name(enum font_role r);

/* Parses the configuration text and opens every face. Errors name the
 * file and line. */
bool fontset_load(struct fontset *fs, const char *conf_path, struct strbuf *err);
bool fontset_parse(struct fontset *fs, const char *text, const char *name, struct strbuf *err);
void fontset_free(struct fontset *fs);

/* The face of role's chain that has cp, or -1. */
int fontset_resolve(const struct fontset *fs, enum font_role role, uint32_t cp);
/* Advance of cp in face, in font units (0 if absent). */
int fontset_advance(const struct fontset *fs, int face, uint32_t cp);

#endif
