#include "fontset.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "glyphcache.h"
#include "regfile.h"

/* Layout asks every face of a chain about every character it sets, and
 * documents set the same few thousand characters: the answers of recent
 * code points are kept (direct-mapped, by code point). */
#define MEMO_SIZE 4096

struct face_memo {
	struct {
		uint32_t cp;
		int32_t advance;
		bool has; /* the face has a glyph for cp */
		bool valid;
	} slot[MEMO_SIZE];
};

const char *font_role_name(enum font_role r)
{
	static const char *const names[ROLE_COUNT] = { "body", "heading", "title", "kai" };
	return names[r];
}

static char *dup_str(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static unsigned be16(const char *p)
{
	return (unsigned)((unsigned char)p[0] << 8 | (unsigned char)p[1]);
}

static void read_head_bbox(struct face *f)
{
	hb_blob_t *head = hb_face_reference_table(f->hb_face, HB_TAG('h', 'e', 'a', 'd'));
	unsigned len = 0;
	const char *d = hb_blob_get_data(head, &len);
	if (d && len >= 44)
		for (int i = 0; i < 4; i++)
			f->bbox[i] = (int16_t)be16(d + 36 + 2 * i);
	hb_blob_destroy(head);
}

/* A PostScript name usable as a PDF name: [A-Za-z0-9-] only. */
static char *postscript_name(hb_face_t *face, const char *path)
{
	char buf[128] = "";
	unsigned size = sizeof buf;
	hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &size, buf);
	if (!buf[0]) {
		const char *slash = strrchr(path, '/');
		snprintf(buf, sizeof buf, "%s", slash ? slash + 1 : path);
	}
	char *out = dup_str(buf, strlen(buf));
	char *o = out;
	for (const char *p = buf; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')
			*o++ = *p;
	*o = '\0';
	return out;
}

static bool has_table(hb_face_t *face, hb_tag_t tag)
{
	hb_blob_t *t = hb_face_reference_table(face, tag);
	bool has = hb_blob_get_length(t) > 0;
	hb_blob_destroy(t);
	return has;
}

static void unmap(void *mapping)
{
	regfile_unmap(mapping);
}

/* The font file mapped read-only, as HarfBuzz would map it, but opened
 * only when it is a regular file: a FIFO or a device named in fonts.conf
 * is refused with its reason, never waited on. */
static hb_blob_t *map_font(const char *path, const char **why)
{
	struct regfile_map *m = regfile_map(path, why);
	if (!m)
		return NULL;
	return hb_blob_create(m->data, (unsigned)m->size, HB_MEMORY_MODE_READONLY_MAY_MAKE_WRITABLE, m, unmap);
}

static bool open_face(struct face *f, struct strbuf *err, const char *where)
{
	const char *why = NULL;
	f->blob = map_font(f->path, &why);
	if (!f->blob) {
		sb_printf(err, "%s: cannot read font file %s: %s", where, f->path, why);
		return false;
	}
	if ((int)hb_face_count(f->blob) <= f->index) {
		sb_printf(err, "%s: %s has no face %d", where, f->path, f->index);
		return false;
	}
	f->hb_face = hb_face_create(f->blob, (unsigned)f->index);
	/* The PDF embeds glyf outlines as FontFile2 and CFF ones as FontFile3;
	 * CFF2 (variable) outlines have no PDF form. */
	bool has_glyf = has_table(f->hb_face, HB_TAG('g', 'l', 'y', 'f'));
	f->cff = has_table(f->hb_face, HB_TAG('C', 'F', 'F', ' '));
	if (!has_glyf && !f->cff) {
		sb_printf(err, "%s: %s has neither TrueType (glyf) nor OpenType/CFF outlines", where, f->path);
		return false;
	}
	f->hb_font = hb_font_create(f->hb_face);
	f->upem = hb_face_get_upem(f->hb_face);
	hb_font_set_scale(f->hb_font, (int)f->upem, (int)f->upem);
	hb_font_extents_t ext;
	hb_font_get_h_extents(f->hb_font, &ext);
	f->ascender = ext.ascender;
	f->descender = ext.descender;
	f->ps_name = postscript_name(f->hb_face, f->path);
	read_head_bbox(f);
	if (f->cff)
		f->glyphs = glyph_cache_new(f->hb_face, f->hb_font, f->upem);
	f->memo = xcalloc(1, sizeof *f->memo);
	return true;
}

/* Parsing state: fontconfig is consulted only when a face is named by
 * family or a font directory is added, and only while parsing. */
struct parse {
	struct fontset *fs;
	FcConfig *fc;
	const char *where;
	struct strbuf *err;
};

static FcConfig *fc_config(struct parse *ps)
{
	if (!ps->fc)
		ps->fc = FcInitLoadConfigAndFonts();
	if (!ps->fc)
		sb_printf(ps->err, "%s: cannot load the fontconfig configuration", ps->where);
	return ps->fc;
}

/* Names compare as fontconfig compares families: ASCII case and blanks
 * do not count ("noto serif cjk sc" is "Noto Serif CJK SC"). */
static bool same_name(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
		if (x != y)
			return false;
		if (!x)
			return true;
		a++, b++;
	}
}

static bool has_string(FcPattern *p, const char *object, const char *want)
{
	FcChar8 *s;
	for (int i = 0; FcPatternGetString(p, object, i, &s) == FcResultMatch; i++)
		if (same_name((const char *)s, want))
			return true;
	return false;
}

/* "Family" or "Family:Style" through fontconfig, as Word or WPS offer
 * it. fontconfig always offers its best match; a match of another family
 * (or style) is refused, never used in silence. */
static bool resolve_name(struct parse *ps, const char *spec, char **path, int *index)
{
	FcConfig *fc = fc_config(ps);
	if (!fc)
		return false;
	const char *colon = strchr(spec, ':');
	char *family = dup_str(spec, colon ? (size_t)(colon - spec) : strlen(spec));
	const char *style = colon ? colon + 1 : NULL;
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	if (style && *style)
		FcPatternAddString(pat, FC_STYLE, (const FcChar8 *)style);
	/* The language is fixed so that no locale changes the choice. */
	FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
	FcConfigSubstitute(fc, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *m = FcFontMatch(fc, pat, &res);
	FcChar8 *file = NULL, *got = NULL;
	int idx = 0;
	bool ok = m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch && has_string(m, FC_FAMILY, family) &&
		  (!style || !*style || has_string(m, FC_STYLE, style));
	if (ok) {
		FcPatternGetInteger(m, FC_INDEX, 0, &idx);
		*path = dup_str((const char *)file, strlen((const char *)file));
		*index = idx & 0xFFFF;
	} else {
		if (m)
			FcPatternGetString(m, FC_FAMILY, 0, &got);
		sb_printf(
			ps->err,
			"%s: no installed font is named '%s' (fc-list : family style lists them; the nearest is '%s')",
			ps->where, spec, got ? (const char *)got : "none");
	}
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(pat);
	free(family);
	return ok;
}

/* A face of a chain: a file ("/path/font.ttc:INDEX", any item with a
 * '/') or a name ("Noto Serif CJK SC:Bold"), opened once and shared
 * between roles. */
static int face_for(struct parse *ps, const char *spec)
{
	struct fontset *fs = ps->fs;
	char *path;
	int index = 0;
	if (strchr(spec, '/')) {
		const char *colon = strrchr(spec, ':');
		size_t n = strlen(spec);
		if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
			index = atoi(colon + 1);
			n = (size_t)(colon - spec);
		}
		path = dup_str(spec, n);
	} else if (!resolve_name(ps, spec, &path, &index)) {
		return -1;
	}
	for (int i = 0; i < fs->nfaces; i++)
		if (fs->faces[i].index == index && strcmp(fs->faces[i].path, path) == 0) {
			free(path);
			return i;
		}
	if (fs->nfaces == FONTSET_MAX_FACES) {
		sb_printf(ps->err, "%s: more than %d faces", ps->where, FONTSET_MAX_FACES);
		free(path);
		return -1;
	}
	struct face *f = &fs->faces[fs->nfaces];
	memset(f, 0, sizeof *f);
	f->path = path;
	f->index = index;
	f->name = dup_str(spec, strlen(spec));
	if (!open_face(f, ps->err, ps->where))
		return -1;
	return fs->nfaces++;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* fontdir = DIR: the fonts in DIR are found by name as well (TeX Live's
 * Fandol faces are not in fontconfig's own list). */
static bool add_dir(struct parse *ps, const char *dir)
{
	FcConfig *fc = fc_config(ps);
	if (!fc)
		return false;
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || !FcConfigAppFontAddDir(fc, (const FcChar8 *)dir)) {
		sb_printf(ps->err, "%s: cannot read font directory %s", ps->where, dir);
		return false;
	}
	return true;
}

static bool parse_line(struct parse *ps, char *line)
{
	struct fontset *fs = ps->fs;
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	line = trim(line);
	if (!*line)
		return true;
	char *eq = strchr(line, '=');
	if (!eq) {
		sb_printf(ps->err, "%s: expected 'role = face, face, ...'", ps->where);
		return false;
	}
	*eq = '\0';
	char *role = trim(line);
	if (strcmp(role, "fontdir") == 0)
		return add_dir(ps, trim(eq + 1));
	int r = -1;
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(role, font_role_name((enum font_role)i)) == 0)
			r = i;
	if (r < 0) {
		sb_printf(ps->err, "%s: unknown role '%s' (body, heading, title, kai; or fontdir)", ps->where, role);
		return false;
	}
	fs->chain_len[r] = 0;
	for (char *item = strtok(eq + 1, ","); item; item = strtok(NULL, ",")) {
		item = trim(item);
		if (!*item)
			continue;
		if (fs->chain_len[r] == FONTSET_MAX_CHAIN) {
			sb_printf(ps->err, "%s: more than %d faces in one chain", ps->where, FONTSET_MAX_CHAIN);
			return false;
		}
		int f = face_for(ps, item);
		if (f < 0)
			return false;
		fs->chain[r][fs->chain_len[r]++] = f;
	}
	return true;
}

bool fontset_parse(struct fontset *fs, const char *text, const char *name, struct strbuf *err)
{
	memset(fs, 0, sizeof *fs);
	struct parse ps = { fs, NULL, NULL, err };
	struct strbuf line = STRBUF_INIT;
	int lineno = 0;
	bool ok = true;
	for (const char *p = text; ok && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		sb_reset(&line);
		sb_append(&line, p, n);
		char where[300];
		snprintf(where, sizeof where, "%s:%d", name, ++lineno);
		ps.where = where;
		ok = parse_line(&ps, line.data);
		p += n + (nl ? 1 : 0);
	}
	sb_free(&line);
	if (ps.fc)
		FcConfigDestroy(ps.fc);
	for (int r = 0; ok && r < ROLE_COUNT; r++)
		if (!fs->chain_len[r]) {
			sb_printf(err, "%s: no faces for role '%s'", name, font_role_name((enum font_role)r));
			ok = false;
		}
	return ok;
}

bool fontset_load(struct fontset *fs, const char *conf_path, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	const char *why;
	if (!sb_read_file(&text, conf_path, 1 << 20, &why)) {
		memset(fs, 0, sizeof *fs);
		sb_printf(err, "%s: cannot read font configuration: %s", conf_path, why);
		sb_free(&text);
		return false;
	}
	bool ok = fontset_parse(fs, sb_str(&text), conf_path, err);
	sb_free(&text);
	return ok;
}

void fontset_free(struct fontset *fs)
{
	for (int i = 0; i < FONTSET_MAX_FACES; i++) {
		struct face *f = &fs->faces[i];
		glyph_cache_free(f->glyphs);
		free(f->memo);
		if (f->hb_font)
			hb_font_destroy(f->hb_font);
		if (f->hb_face)
			hb_face_destroy(f->hb_face);
		if (f->blob)
			hb_blob_destroy(f->blob);
		free(f->path);
		free(f->name);
		free(f->ps_name);
	}
	memset(fs, 0, sizeof *fs);
}

/* Whether face has cp, and its advance (font units; 0 when it has not). */
static bool memo_glyph(const struct face *f, uint32_t cp, int32_t *advance)
{
	unsigned k = (cp ^ (cp >> 12)) & (MEMO_SIZE - 1);
	if (f->memo && f->memo->slot[k].valid && f->memo->slot[k].cp == cp) {
		*advance = f->memo->slot[k].advance;
		return f->memo->slot[k].has;
	}
	hb_codepoint_t gid;
	bool has = hb_font_get_nominal_glyph(f->hb_font, cp, &gid);
	*advance = has ? (int32_t)hb_font_get_glyph_h_advance(f->hb_font, gid) : 0;
	if (f->memo) {
		f->memo->slot[k].cp = cp;
		f->memo->slot[k].advance = *advance;
		f->memo->slot[k].has = has;
		f->memo->slot[k].valid = true;
	}
	return has;
}

int fontset_resolve(const struct fontset *fs, enum font_role role, uint32_t cp)
{
	int32_t advance;
	for (int i = 0; i < fs->chain_len[role]; i++) {
		int f = fs->chain[role][i];
		if (memo_glyph(&fs->faces[f], cp, &advance))
			return f;
	}
	return -1;
}

int fontset_advance(const struct fontset *fs, int face, uint32_t cp)
{
	int32_t advance;
	memo_glyph(&fs->faces[face], cp, &advance);
	return advance;
}
