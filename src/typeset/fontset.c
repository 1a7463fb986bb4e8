#include "fontset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

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

static bool open_face(struct face *f, struct strbuf *err, const char *where)
{
	f->blob = hb_blob_create_from_file_or_fail(f->path);
	if (!f->blob) {
		sb_printf(err, "%s: cannot read font file %s", where, f->path);
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
	return true;
}

/* The face for "path[:index]", opened once and shared between roles. */
static int face_for(struct fontset *fs, const char *spec, struct strbuf *err, const char *where)
{
	const char *colon = strrchr(spec, ':');
	int index = 0;
	size_t n = strlen(spec);
	if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
		index = atoi(colon + 1);
		n = (size_t)(colon - spec);
	}
	for (int i = 0; i < fs->nfaces; i++)
		if (fs->faces[i].index == index && strlen(fs->faces[i].path) == n &&
		    strncmp(fs->faces[i].path, spec, n) == 0)
			return i;
	if (fs->nfaces == FONTSET_MAX_FACES) {
		sb_printf(err, "%s: more than %d faces", where, FONTSET_MAX_FACES);
		return -1;
	}
	struct face *f = &fs->faces[fs->nfaces];
	memset(f, 0, sizeof *f);
	f->path = dup_str(spec, n);
	f->index = index;
	if (!open_face(f, err, where))
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

static bool parse_line(struct fontset *fs, char *line, const char *where, struct strbuf *err)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	line = trim(line);
	if (!*line)
		return true;
	char *eq = strchr(line, '=');
	if (!eq) {
		sb_printf(err, "%s: expected 'role = face, face, ...'", where);
		return false;
	}
	*eq = '\0';
	char *role = trim(line);
	int r = -1;
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(role, font_role_name((enum font_role)i)) == 0)
			r = i;
	if (r < 0) {
		sb_printf(err, "%s: unknown role '%s' (body, heading, title, kai)", where, role);
		return false;
	}
	fs->chain_len[r] = 0;
	for (char *item = strtok(eq + 1, ","); item; item = strtok(NULL, ",")) {
		item = trim(item);
		if (!*item)
			continue;
		if (fs->chain_len[r] == FONTSET_MAX_CHAIN) {
			sb_printf(err, "%s: more than %d faces in one chain", where, FONTSET_MAX_CHAIN);
			return false;
		}
		int f = face_for(fs, item, err, where);
		if (f < 0)
			return false;
		fs->chain[r][fs->chain_len[r]++] = f;
	}
	return true;
}

bool fontset_parse(struct fontset *fs, const char *text, const char *name, struct strbuf *err)
{
	memset(fs, 0, sizeof *fs);
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
		ok = parse_line(fs, line.data, where, err);
		p += n + (nl ? 1 : 0);
	}
	sb_free(&line);
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
	if (!sb_read_file(&text, conf_path, 1 << 20)) {
		memset(fs, 0, sizeof *fs);
		sb_printf(err, "%s: cannot read font configuration", conf_path);
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
		if (f->hb_font)
			hb_font_destroy(f->hb_font);
		if (f->hb_face)
			hb_face_destroy(f->hb_face);
		if (f->blob)
			hb_blob_destroy(f->blob);
		free(f->path);
		free(f->ps_name);
	}
	memset(fs, 0, sizeof *fs);
}

int fontset_resolve(const struct fontset *fs, enum font_role role, uint32_t cp)
{
	for (int i = 0; i < fs->chain_len[role]; i++) {
		int f = fs->chain[role][i];
		hb_codepoint_t gid;
		if (hb_font_get_nominal_glyph(fs->faces[f].hb_font, cp, &gid))
			return f;
	}
	return -1;
}

int fontset_advance(const struct fontset *fs, int face, uint32_t cp)
{
	hb_codepoint_t gid;
	if (!hb_font_get_nominal_glyph(fs->faces[face].hb_font, cp, &gid))
		return 0;
	return (int)hb_font_get_glyph_h_advance(fs->faces[face].hb_font, gid);
}
