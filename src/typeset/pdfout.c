#include "pdfout.h"

#include <hb-subset.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cff.h"
#include "date.h"
#include "flate.h"
#include "glyphcache.h"
#include "hash.h"
#include "outfile.h"

#ifndef GRANTDOC_ICC
#define GRANTDOC_ICC "/usr/share/color/icc/sRGB.icc"
#endif
#define PRODUCER "grantdoc (libharu " HPDF_VERSION_TEXT ")"

struct used_face {
	int face;
	bool cached;           /* its program comes from the face's glyph cache */
	struct strbuf program_z; /* cached: the program, compressed */
	int *width;            /* advance of each program glyph, 1/1000 em */
	hb_set_t *cps;
	hb_face_t *subset;
	hb_font_t *subset_font;
	hb_blob_t *program;    /* FontFile2: the subset face; FontFile3: its CFF table */
	unsigned nglyphs;
	uint16_t *code;        /* content-stream code (the CID) of each subset glyph */
	unsigned max_code;
	HPDF_Dict font;        /* the Type0 font dictionary */
};

struct writer {
	const struct fontset *fs;
	HPDF_Doc pdf;
	bool failed;
	char error[256];
	struct used_face used[FONTSET_MAX_FACES];
	int nused;
	const struct display *owner;  /* the structure tree of the pages drawn */
	struct strbuf content;        /* the page being drawn */
	HPDF_Page *pages;
	int npages, cappages;
	struct mc_ref *mcs;            /* marked content, in page and MCID order */
	int nmcs, capmcs;
};

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *data)
{
	struct writer *w = data;
	if (!w->failed)
		snprintf(w->error, sizeof w->error, "libharu error 0x%04X (detail %u)",
			 (unsigned)error_no, (unsigned)detail_no);
	w->failed = true;
}

static struct used_face *used_of(struct writer *w, int face)
{
	for (int i = 0; i < w->nused; i++)
		if (w->used[i].face == face)
			return &w->used[i];
	struct used_face *u = &w->used[w->nused++];
	memset(u, 0, sizeof *u);
	u->face = face;
	u->cps = hb_set_create();
	return u;
}

/* ---- subsetting ---- */

/* A CID-keyed CFF face: the program is written from the face's glyph
 * cache (glyphcache.h), no subsetting or compressing per document. */
static bool program_from_cache(struct writer *w, struct used_face *u)
{
	const struct face *f = &w->fs->faces[u->face];
	if (!f->glyphs || !glyph_cache_need(f->glyphs, u->cps))
		return false;
	struct program_glyph *g;
	unsigned n;
	glyph_cache_program(f->glyphs, u->cps, &u->program_z, &g, &n);
	u->cached = true;
	u->nglyphs = n;
	u->code = xmalloc(n * sizeof *u->code);
	u->width = xmalloc(n * sizeof *u->width);
	for (unsigned i = 0; i < n; i++) {
		u->code[i] = (uint16_t)g[i].cid;
		u->width[i] = g[i].width;
		if (g[i].cid > u->max_code)
			u->max_code = g[i].cid;
	}
	free(g);
	return true;
}

static bool subset_face(struct writer *w, struct used_face *u)
{
	const struct face *f = &w->fs->faces[u->face];
	if (program_from_cache(w, u))
		return true;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return false;
	hb_set_union(hb_subset_input_unicode_set(in), u->cps);
	/* These faces carry no useful hinting; layout tables are not used by
	 * a PDF reader drawing glyph ids. CFF charstrings are written out
	 * whole (no subroutines): for Noto CJK that is 40 % faster to subset
	 * and 12 % smaller once deflated. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
	static const hb_tag_t drop[] = {
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
		HB_TAG('n', 'a', 'm', 'e'), HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
		HB_TAG('k', 'e', 'r', 'n'), HB_TAG('g', 'a', 's', 'p'), HB_TAG('D', 'S', 'I', 'G'),
		HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'), HB_TAG('V', 'D', 'M', 'X'),
		HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('m', 'o', 'r', 'x'),
	};
	hb_set_t *drop_set = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
		hb_set_add(drop_set, drop[i]);
	u->subset = hb_subset_or_fail(f->hb_face, in);
	hb_subset_input_destroy(in);
	if (!u->subset)
		return false;
	u->subset_font = hb_font_create(u->subset);
	hb_font_set_scale(u->subset_font, (int)f->upem, (int)f->upem);
	u->nglyphs = hb_face_get_glyph_count(u->subset);
	u->width = xmalloc((u->nglyphs ? u->nglyphs : 1) * sizeof *u->width);
	for (unsigned gid = 0; gid < u->nglyphs; gid++) {
		int adv = (int)hb_font_get_glyph_h_advance(u->subset_font, gid);
		u->width[gid] = (int)((long)adv * 1000 / (long)f->upem);
	}
	if (!f->cff) {
		/* CIDFontType2 with CIDToGIDMap Identity: the code is the glyph id. */
		u->program = hb_face_reference_blob(u->subset);
		u->code = xmalloc((u->nglyphs ? u->nglyphs : 1) * sizeof *u->code);
		for (unsigned gid = 0; gid < u->nglyphs; gid++)
			u->code[gid] = (uint16_t)gid;
		u->max_code = u->nglyphs ? u->nglyphs - 1 : 0;
		return true;
	}
	u->program = hb_face_reference_table(u->subset, HB_TAG('C', 'F', 'F', ' '));
	unsigned len = 0;
	const unsigned char *data = (const unsigned char *)hb_blob_get_data(u->program, &len);
	struct cff_info info;
	if (!data || !cff_read(data, len, &info) || info.nglyphs != u->nglyphs) {
		if (data)
			cff_free(&info);
		return false;
	}
	u->code = info.cids;
	u->max_code = info.max_cid;
	return true;
}

static unsigned gid_of(const struct used_face *u, uint32_t cp)
{
	hb_codepoint_t gid = 0;
	hb_font_get_nominal_glyph(u->subset_font, cp, &gid);
	return (unsigned)gid;
}

/* What the content stream shows for cp: its glyph's CID. */
static unsigned code_of(const struct writer *w, const struct used_face *u, uint32_t cp)
{
	if (u->cached)
		return glyph_cache_cid(w->fs->faces[u->face].glyphs, cp);
	unsigned gid = gid_of(u, cp);
	return gid < u->nglyphs ? u->code[gid] : 0;
}

/* The advance of cp's glyph, 1/1000 em. */
static int width_of(const struct writer *w, const struct used_face *u, uint32_t cp)
{
	if (u->cached)
		return glyph_cache_width(w->fs->faces[u->face].glyphs, cp);
	unsigned gid = gid_of(u, cp);
	return gid < u->nglyphs ? u->width[gid] : 0;
}

/* ---- font objects ---- */

/* Every stream is compressed here (flate.h), not by libharu: its dict
 * says so itself. */
static HPDF_STATUS flate_filter_entry(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* A stream of bytes already compressed. */
static HPDF_Dict compressed_stream(struct writer *w, const void *z, size_t len)
{
	HPDF_Dict s = HPDF_DictStream_New(w->pdf->mmgr, w->pdf->xref);
	if (s) {
		s->filter = HPDF_STREAM_FILTER_NONE;
		s->write_fn = flate_filter_entry;
		HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)z, (HPDF_UINT)len);
	}
	return s;
}

static HPDF_Dict deflated_stream(struct writer *w, const void *data, size_t len)
{
	struct strbuf z = STRBUF_INIT;
	flate_compress(&z, data, len);
	HPDF_Dict s = compressed_stream(w, z.data, z.len);
	sb_free(&z);
	return s;
}

static void put_hex4(struct strbuf *b, unsigned v)
{
	static const char hex[] = "0123456789ABCDEF";
	char x[4] = { hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15] };
	sb_append(b, x, 4);
}

/* "ABCDEF+" from the glyph set: stable across runs, distinct per subset. */
static void subset_tag(const struct used_face *u, char tag[8])
{
	uint64_t h = 1469598103934665603u;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(u->cps, &cp))
		h = (h ^ cp) * 1099511628211u;
	for (int i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = '+';
	tag[7] = '\0';
}

static void append_utf16be_hex(struct strbuf *b, uint32_t cp)
{
	if (cp < 0x10000) {
		put_hex4(b, cp);
	} else {
		uint32_t v = cp - 0x10000;
		put_hex4(b, 0xD800 + (v >> 10));
		put_hex4(b, 0xDC00 + (v & 0x3FF));
	}
}

/* A valid ToUnicode CMap: one bfchar entry per glyph drawn (at most 100 a
 * block), UTF-16BE with surrogate pairs above U+FFFF. */
static HPDF_Dict to_unicode(struct writer *w, const struct used_face *u)
{
	struct strbuf t = STRBUF_INIT;
	sb_puts(&t, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		     "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	unsigned total = hb_set_get_population(u->cps), done = 0;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	while (done < total) {
		unsigned block = total - done < 100 ? total - done : 100;
		sb_printf(&t, "%u beginbfchar\n", block);
		for (unsigned i = 0; i < block && hb_set_next(u->cps, &cp); i++) {
			sb_putc(&t, '<');
			put_hex4(&t, code_of(w, u, cp));
			sb_puts(&t, "> <");
			append_utf16be_hex(&t, cp);
			sb_puts(&t, ">\n");
		}
		sb_puts(&t, "endbfchar\n");
		done += block;
	}
	sb_puts(&t, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	HPDF_Dict s = deflated_stream(w, t.data, t.len);
	sb_free(&t);
	return s;
}

/* Glyph widths by code (1/1000 em), in code order. */
struct code_width {
	unsigned code;
	int width;
};

static int by_code(const void *a, const void *b)
{
	const struct code_width *x = a, *y = b;
	return (x->code > y->code) - (x->code < y->code);
}

/* The most common advance (the /DW of the font: for CJK faces the em). */
static int common_width(const struct code_width *cw, unsigned n)
{
	int best = 1000, best_count = 0;
	for (unsigned i = 0; i < n; i++) {
		int count = 0;
		for (unsigned k = 0; k < n && count <= (int)n / 2; k++)
			count += cw[k].width == cw[i].width;
		if (count > best_count || (count == best_count && cw[i].width < best)) {
			best = cw[i].width;
			best_count = count;
		}
		if (best_count > (int)n / 2)
			break;
	}
	return best;
}

/* /W array: the advance of each glyph not of the default width (*dw),
 * in 1/1000 em, runs of consecutive codes grouped ("c [w1 w2 …]"). */
static HPDF_Array widths(struct writer *w, const struct used_face *u, int *dw)
{
	struct code_width *cw = xmalloc((u->nglyphs ? u->nglyphs : 1) * sizeof *cw);
	for (unsigned gid = 0; gid < u->nglyphs; gid++)
		cw[gid] = (struct code_width){ u->code[gid], u->width[gid] };
	qsort(cw, u->nglyphs, sizeof *cw, by_code);
	*dw = common_width(cw, u->nglyphs);
	HPDF_Array arr = HPDF_Array_New(w->pdf->mmgr);
	HPDF_Array run = NULL;
	unsigned last = 0;
	for (unsigned i = 0; i < u->nglyphs; i++) {
		if (cw[i].width == *dw)
			continue;
		if (!run || cw[i].code != last + 1) {
			HPDF_Array_AddNumber(arr, (HPDF_INT32)cw[i].code);
			run = HPDF_Array_New(w->pdf->mmgr);
			HPDF_Array_Add(arr, run);
		}
		HPDF_Array_AddNumber(run, (HPDF_INT32)cw[i].width);
		last = cw[i].code;
	}
	free(cw);
	return arr;
}

/* The font program: a TrueType subset (FontFile2) or the bare CFF table
 * of an OpenType/CFF subset (FontFile3, CIDFontType0C). */
static HPDF_Dict font_file(struct writer *w, const struct used_face *u)
{
	unsigned len = 0;
	const char *data = u->cached ? NULL : hb_blob_get_data(u->program, &len);
	HPDF_Dict s = u->cached ? compressed_stream(w, u->program_z.data, u->program_z.len) : deflated_stream(w, data, len);
	if (s) {
		if (w->fs->faces[u->face].cff)
			HPDF_Dict_AddName(s, "Subtype", "CIDFontType0C");
		else
			HPDF_Dict_AddNumber(s, "Length1", (HPDF_INT32)len);
	}
	return s;
}

/* CIDSet (PDF/A-1 for subset CID fonts): one bit per CID the program
 * holds, most significant bit first. */
static HPDF_Dict cid_set(struct writer *w, const struct used_face *u)
{
	size_t n = u->max_code / 8 + 1;
	unsigned char *bits = xcalloc(n, 1);
	for (unsigned gid = 0; gid < u->nglyphs; gid++)
		bits[u->code[gid] / 8] |= (unsigned char)(0x80 >> (u->code[gid] % 8));
	HPDF_Dict s = deflated_stream(w, bits, n);
	free(bits);
	return s;
}

static HPDF_Dict descriptor(struct writer *w, const struct used_face *u, const char *name)
{
	const struct face *f = &w->fs->faces[u->face];
	HPDF_Dict d = HPDF_Dict_New(w->pdf->mmgr);
	HPDF_Xref_Add(w->pdf->xref, d);
	double k = 1000.0 / f->upem;
	HPDF_Dict_AddName(d, "Type", "FontDescriptor");
	HPDF_Dict_AddName(d, "FontName", name);
	HPDF_Dict_AddNumber(d, "Flags", 4);
	HPDF_Array bbox = HPDF_Array_New(w->pdf->mmgr);
	for (int i = 0; i < 4; i++)
		HPDF_Array_AddNumber(bbox, (HPDF_INT32)(f->bbox[i] * k));
	HPDF_Dict_Add(d, "FontBBox", bbox);
	HPDF_Dict_AddNumber(d, "ItalicAngle", 0);
	HPDF_Dict_AddNumber(d, "Ascent", (HPDF_INT32)(f->ascender * k));
	HPDF_Dict_AddNumber(d, "Descent", (HPDF_INT32)(f->descender * k));
	HPDF_Dict_AddNumber(d, "CapHeight", (HPDF_INT32)(f->ascender * k));
	HPDF_Dict_AddNumber(d, "StemV", 80);
	HPDF_Dict_Add(d, f->cff ? "FontFile3" : "FontFile2", font_file(w, u));
	HPDF_Dict_Add(d, "CIDSet", cid_set(w, u));
	return d;
}

static bool build_font(struct writer *w, struct used_face *u)
{
	const struct face *f = &w->fs->faces[u->face];
	char tag[8], name[160];
	subset_tag(u, tag);
	snprintf(name, sizeof name, "%s%s", tag, f->ps_name);
	HPDF_MMgr mmgr = w->pdf->mmgr;

	HPDF_Dict cid = HPDF_Dict_New(mmgr);
	HPDF_Xref_Add(w->pdf->xref, cid);
	HPDF_Dict_AddName(cid, "Type", "Font");
	HPDF_Dict_AddName(cid, "Subtype", f->cff ? "CIDFontType0" : "CIDFontType2");
	HPDF_Dict_AddName(cid, "BaseFont", name);
	HPDF_Dict info = HPDF_Dict_New(mmgr);
	HPDF_Dict_Add(info, "Registry", HPDF_String_New(mmgr, "Adobe", NULL));
	HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mmgr, "Identity", NULL));
	HPDF_Dict_AddNumber(info, "Supplement", 0);
	HPDF_Dict_Add(cid, "CIDSystemInfo", info);
	HPDF_Dict_Add(cid, "FontDescriptor", descriptor(w, u, name));
	int dw;
	HPDF_Array warr = widths(w, u, &dw);
	if (dw != 1000)
		HPDF_Dict_AddNumber(cid, "DW", dw);
	HPDF_Dict_Add(cid, "W", warr);
	if (!f->cff)
		HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");

	u->font = HPDF_Dict_New(mmgr);
	HPDF_Xref_Add(w->pdf->xref, u->font);
	HPDF_Dict_AddName(u->font, "Type", "Font");
	HPDF_Dict_AddName(u->font, "Subtype", "Type0");
	HPDF_Dict_AddName(u->font, "BaseFont", name);
	HPDF_Dict_AddName(u->font, "Encoding", "Identity-H");
	HPDF_Array desc = HPDF_Array_New(mmgr);
	HPDF_Array_Add(desc, cid);
	HPDF_Dict_Add(u->font, "DescendantFonts", desc);
	HPDF_Dict_Add(u->font, "ToUnicode", to_unicode(w, u));
	return !w->failed;
}

/* ---- content ---- */

/* Numbers with at most three decimals, no trailing zeros: compact and
 * the same on every machine; integer arithmetic, no formatted floating
 * point (a content stream has thousands of numbers). */
static void num(struct strbuf *b, double v)
{
	double x = v * 1000.0;
	long long m = (long long)(x < 0 ? x - 0.5 : x + 0.5);
	char tmp[32], *e = tmp + sizeof tmp, *p = e;
	bool negative = m < 0;
	unsigned long long a = negative ? (unsigned long long)(-m) : (unsigned long long)m;
	unsigned frac = (unsigned)(a % 1000);
	a /= 1000;
	if (frac) {
		int digits = 3;
		while (frac % 10 == 0)
			frac /= 10, digits--;
		for (int i = 0; i < digits; i++, frac /= 10)
			*--p = (char)('0' + frac % 10);
		*--p = '.';
	}
	do
		*--p = (char)('0' + a % 10);
	while (a /= 10);
	if (negative)
		*--p = '-';
	sb_append(b, p, (size_t)(e - p));
}

/* Black is DeviceGray (0 g): it prints as black ink, not as an sRGB
 * mix; other colours (the red of the mark) are sRGB, the output intent. */
static void color_op(struct strbuf *b, uint32_t rgb, const char *op)
{
	if (rgb == RGB_BLACK) {
		sb_puts(b, op[0] == 'r' ? "0 g\n" : "0 G\n");
		return;
	}
	for (int shift = 16; shift >= 0; shift -= 8) {
		num(b, ((rgb >> shift) & 0xFF) / 255.0);
		sb_putc(b, ' ');
	}
	sb_puts(b, op);
	sb_putc(b, '\n');
}

static void draw_rule(struct strbuf *b, const struct rule *r)
{
	sb_puts(b, "q ");
	color_op(b, r->color, "RG");
	num(b, r->width);
	sb_puts(b, " w 0 J ");
	num(b, r->x1), sb_putc(b, ' '), num(b, r->y1), sb_puts(b, " m ");
	num(b, r->x2), sb_putc(b, ' '), num(b, r->y2), sb_puts(b, " l S Q\n");
}

/* One run: BT, font, colour, position, then a TJ array whose numbers put
 * each glyph exactly at its layout x. */
static void draw_run(struct writer *w, HPDF_Page page, const struct glyph_run *r, double sheet_w)
{
	struct used_face *u = used_of(w, r->face);
	struct strbuf *b = &w->content;
	const char *fname = HPDF_Page_GetLocalFontName(page, (HPDF_Font)u->font);
	sb_puts(b, "BT\n");
	color_op(b, r->color, "rg");
	sb_putc(b, '/');
	sb_puts(b, fname);
	sb_putc(b, ' ');
	num(b, r->size);
	if (r->turned) { /* display.h, dpage_turn: the baseline runs up the sheet */
		sb_puts(b, " Tf 0 1 -1 0 ");
		num(b, sheet_w - r->y), sb_putc(b, ' '), num(b, r->xs[0]), sb_puts(b, " Tm [");
	} else {
		sb_puts(b, " Tf 1 0 0 1 ");
		num(b, r->xs[0]), sb_putc(b, ' '), num(b, r->y), sb_puts(b, " Tm [");
	}
	/* Glyphs that follow on without a gap share one hex string. */
	double pen = r->xs[0];
	bool open = false;
	for (int i = 0; i < r->n; i++) {
		double gap = r->xs[i] - pen;
		if (i > 0 && (gap > 0.0005 || gap < -0.0005)) {
			if (open)
				sb_puts(b, "> ");
			num(b, -gap * 1000.0 / r->size);
			sb_putc(b, ' ');
			open = false;
		}
		if (!open)
			sb_putc(b, '<');
		put_hex4(b, code_of(w, u, r->cps[i]));
		open = true;
		pen = r->xs[i] + (double)width_of(w, u, r->cps[i]) * r->size / 1000.0;
	}
	if (open)
		sb_putc(b, '>');
	sb_puts(b, "] TJ\nET\n");
}

/* A PNG (a seal) in its box; a file libharu cannot read fails the
 * document like any other libharu error. */
static void draw_image(struct writer *w, HPDF_Page page, const struct image *m)
{
	HPDF_Image img = HPDF_LoadPngImageFromFile(w->pdf, m->path);
	if (!img)
		return;
	struct strbuf *b = &w->content;
	sb_puts(b, "q ");
	num(b, m->width), sb_puts(b, " 0 0 "), num(b, m->height), sb_putc(b, ' ');
	num(b, m->x), sb_putc(b, ' '), num(b, m->y);
	sb_printf(b, " cm /%s Do Q\n", HPDF_Page_GetXObjectName(page, img));
}

/* ---- metadata ---- */

static HPDF_Binary utf16_binary(HPDF_MMgr mmgr, const char *utf8)
{
	size_t n = strlen(utf8);
	unsigned char *buf = xmalloc(4 * n + 2);
	size_t o = 0;
	buf[o++] = 0xFE, buf[o++] = 0xFF;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		unsigned char c = (unsigned char)utf8[i];
		int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		cp = len == 1 ? c : (uint32_t)(c & (0x7F >> len));
		for (int k = 1; k < len && i + (size_t)k < n; k++)
			cp = cp << 6 | ((unsigned char)utf8[i + (size_t)k] & 0x3F);
		i += (size_t)len;
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
			buf[o++] = (unsigned char)(hi >> 8), buf[o++] = (unsigned char)hi;
			buf[o++] = (unsigned char)(lo >> 8), buf[o++] = (unsigned char)lo;
		} else {
			buf[o++] = (unsigned char)(cp >> 8), buf[o++] = (unsigned char)cp;
		}
	}
	HPDF_Binary b = HPDF_Binary_New(mmgr, buf, (HPDF_UINT)o);
	free(buf);
	return b;
}

/* XML text: the five characters XML reserves, escaped. */
static void xml_text(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sb_puts(sb, "&amp;"); break;
		case '<': sb_puts(sb, "&lt;"); break;
		case '>': sb_puts(sb, "&gt;"); break;
		case '"': sb_puts(sb, "&quot;"); break;
		case '\'': sb_puts(sb, "&apos;"); break;
		default: sb_append(sb, s, 1);
		}
	}
}

/* The XMP packet PDF/A-1 asks for: the Info dictionary's entries again
 * (PDF/A-1 6.7.3: both must agree) and the pdfaid part and conformance. */
static void xmp_packet(struct strbuf *x, const struct pdf_meta *m, const char *date)
{
	sb_puts(x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		   "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
		   " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\""
		   " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n");
	sb_puts(x, "<dc:format>application/pdf</dc:format>\n");
	if (m->title && *m->title) {
		sb_puts(x, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(x, m->title);
		sb_puts(x, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (m->author && *m->author) {
		sb_puts(x, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(x, m->author);
		sb_puts(x, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (m->subject && *m->subject) {
		sb_puts(x, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(x, m->subject);
		sb_puts(x, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	if (m->keywords && *m->keywords) {
		sb_puts(x, "<pdf:Keywords>");
		xml_text(x, m->keywords);
		sb_puts(x, "</pdf:Keywords>\n");
	}
	sb_puts(x, "<pdf:Producer>" PRODUCER "</pdf:Producer>\n");
	if (m->creator && *m->creator) {
		sb_puts(x, "<xmp:CreatorTool>");
		xml_text(x, m->creator);
		sb_puts(x, "</xmp:CreatorTool>\n");
	}
	sb_printf(x, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n", date, date);
	sb_puts(x, "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
		   "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
}

static void set_meta(struct writer *w, const struct pdf_meta *m)
{
	HPDF_Dict info = w->pdf->info;
	HPDF_MMgr mmgr = w->pdf->mmgr;
	int y, mo, d;
	date_to_ymd(m->created, &y, &mo, &d);
	char pdf_date[32], xmp_date[32];
	snprintf(pdf_date, sizeof pdf_date, "D:%04d%02d%02d000000Z", y, mo, d);
	snprintf(xmp_date, sizeof xmp_date, "%04d-%02d-%02dT00:00:00Z", y, mo, d);
	HPDF_Dict_Add(info, "CreationDate", HPDF_String_New(mmgr, pdf_date, NULL));
	HPDF_Dict_Add(info, "ModDate", HPDF_String_New(mmgr, pdf_date, NULL));
	HPDF_Dict_Add(info, "Producer", HPDF_String_New(mmgr, PRODUCER, NULL));
	const char *keys[] = { "Title", "Author", "Subject", "Keywords", "Creator" };
	const char *vals[] = { m->title, m->author, m->subject, m->keywords, m->creator };
	for (int i = 0; i < 5; i++)
		if (vals[i] && vals[i][0])
			HPDF_Dict_Add(info, keys[i], utf16_binary(mmgr, vals[i]));

	struct strbuf x = STRBUF_INIT;
	xmp_packet(&x, m, xmp_date);
	/* PDF/A-1 wants the packet readable as it is: no filter. */
	HPDF_Dict xmp = HPDF_DictStream_New(mmgr, w->pdf->xref);
	HPDF_Dict_AddName(xmp, "Type", "Metadata");
	HPDF_Dict_AddName(xmp, "Subtype", "XML");
	HPDF_Stream_Write(xmp->stream, (const HPDF_BYTE *)x.data, (HPDF_UINT)x.len);
	HPDF_Dict_Add(w->pdf->catalog, "Metadata", xmp);
	sb_free(&x);
	/* The language of the text (screen readers, text extraction) and
	 * the title rather than the file name in a viewer's window. */
	HPDF_Dict_Add(w->pdf->catalog, "Lang", HPDF_String_New(mmgr, "zh-CN", NULL));
	HPDF_Dict prefs = HPDF_Dict_New(mmgr);
	HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
	HPDF_Dict_Add(w->pdf->catalog, "ViewerPreferences", prefs);
}

/* The sRGB profile, read and compressed once per process. */
static const struct strbuf *icc_profile(const char **why)
{
	static struct strbuf z = STRBUF_INIT;
	if (!z.len) {
		struct strbuf icc = STRBUF_INIT;
		if (sb_read_file(&icc, GRANTDOC_ICC, 1 << 20, why) && icc.len)
			flate_compress(&z, icc.data, icc.len);
		sb_free(&icc);
	}
	return z.len ? &z : NULL;
}

/* The sRGB output intent (PDF/A-1 6.2.2): the red of the mark is sRGB. */
static bool set_output_intent(struct writer *w, struct strbuf *err)
{
	const char *why = "the file is empty";
	const struct strbuf *icc = icc_profile(&why);
	if (!icc) {
		sb_printf(err, "cannot read the sRGB profile %s: %s (Debian: icc-profiles-free)", GRANTDOC_ICC, why);
		return false;
	}
	HPDF_MMgr mmgr = w->pdf->mmgr;
	HPDF_Dict profile = compressed_stream(w, icc->data, icc->len);
	HPDF_Dict_AddNumber(profile, "N", 3);
	HPDF_Dict intent = HPDF_Dict_New(mmgr);
	HPDF_Xref_Add(w->pdf->xref, intent);
	HPDF_Dict_AddName(intent, "Type", "OutputIntent");
	HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
	HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(mmgr, "sRGB IEC61966-2.1", NULL));
	HPDF_Dict_Add(intent, "Info", HPDF_String_New(mmgr, "sRGB IEC61966-2.1", NULL));
	HPDF_Dict_Add(intent, "DestOutputProfile", profile);
	HPDF_Array intents = HPDF_Array_New(mmgr);
	HPDF_Array_Add(intents, intent);
	HPDF_Dict_Add(w->pdf->catalog, "OutputIntents", intents);
	return true;
}

/* ---- structure (Tagged PDF) ---- */

/* A marked-content sequence: element elem drawn on page with this MCID. */
struct mc_ref {
	int elem, page, mcid;
};

static void note_mc(struct writer *w, int elem, int page, int mcid)
{
	if (w->nmcs == w->capmcs) {
		w->capmcs = w->capmcs ? w->capmcs * 2 : 64;
		w->mcs = xrealloc(w->mcs, (size_t)w->capmcs * sizeof *w->mcs);
	}
	w->mcs[w->nmcs++] = (struct mc_ref){ elem, page, mcid };
}

/* The outline (bookmarks) of a document longer than two pages: 正文, and
 * each table by its caption or label. */
static void build_outline(struct writer *w, const int *first_page)
{
	const struct display *d = w->owner;
	HPDF_MMgr mmgr = w->pdf->mmgr;
	HPDF_Dict outlines = HPDF_Dict_New(mmgr);
	HPDF_Xref_Add(w->pdf->xref, outlines);
	HPDF_Dict_AddName(outlines, "Type", "Outlines");
	HPDF_Dict first = NULL, prev = NULL;
	int count = 0, tables = 0;
	for (int e = -1; e < d->nelems; e++) {
		if (e >= 0 && (d->elems[e].tag != TAG_TABLE || first_page[e] < 0))
			continue;
		HPDF_Dict item = HPDF_Dict_New(mmgr);
		HPDF_Xref_Add(w->pdf->xref, item);
		char numbered[32];
		snprintf(numbered, sizeof numbered, "表%d", e < 0 ? 0 : ++tables);
		const char *title = e < 0 ? "正文" : d->elems[e].title ? d->elems[e].title : numbered;
		HPDF_Dict_Add(item, "Title", utf16_binary(mmgr, title));
		HPDF_Dict_Add(item, "Parent", outlines);
		HPDF_Array dest = HPDF_Array_New(mmgr);
		HPDF_Array_Add(dest, w->pages[e < 0 ? 0 : first_page[e]]);
		HPDF_Array_AddName(dest, "Fit");
		HPDF_Dict_Add(item, "Dest", dest);
		if (prev) {
			HPDF_Dict_Add(item, "Prev", prev);
			HPDF_Dict_Add(prev, "Next", item);
		} else {
			first = item;
		}
		prev = item;
		count++;
	}
	HPDF_Dict_Add(outlines, "First", first);
	HPDF_Dict_Add(outlines, "Last", prev);
	HPDF_Dict_AddNumber(outlines, "Count", count);
	HPDF_Dict_Add(w->pdf->catalog, "Outlines", outlines);
}

/* The structure tree: one StructElem per element of the display, its
 * kids in reading order (elements, or the MCIDs of its text), and the
 * ParentTree from each page's MCIDs back to their elements. */
static void build_structure(struct writer *w)
{
	const struct display *d = w->owner;
	if (!d || d->nelems == 0)
		return;
	HPDF_MMgr mmgr = w->pdf->mmgr;
	int n = d->nelems;
	HPDF_Dict *elem = xcalloc((size_t)n, sizeof *elem);
	HPDF_Array *kids = xcalloc((size_t)n, sizeof *kids);
	int *first_page = xmalloc((size_t)n * sizeof *first_page);
	HPDF_Dict root = HPDF_Dict_New(mmgr);
	HPDF_Xref_Add(w->pdf->xref, root);
	HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
	HPDF_Array root_kids = HPDF_Array_New(mmgr);
	HPDF_Dict_Add(root, "K", root_kids);
	for (int e = 0; e < n; e++) {
		first_page[e] = -1;
		elem[e] = HPDF_Dict_New(mmgr);
		HPDF_Xref_Add(w->pdf->xref, elem[e]);
		HPDF_Dict_AddName(elem[e], "Type", "StructElem");
		HPDF_Dict_AddName(elem[e], "S", stag_name(d->elems[e].tag));
		int parent = d->elems[e].parent;
		HPDF_Dict_Add(elem[e], "P", parent >= 0 && parent < e ? elem[parent] : root);
		kids[e] = HPDF_Array_New(mmgr);
		HPDF_Dict_Add(elem[e], "K", kids[e]);
		HPDF_Array_Add(parent >= 0 && parent < e ? kids[parent] : root_kids, elem[e]);
	}
	HPDF_Array nums = HPDF_Array_New(mmgr);
	HPDF_Array on_page = NULL;
	for (int i = 0; i < w->nmcs; i++) {
		const struct mc_ref *m = &w->mcs[i];
		if (first_page[m->elem] < 0) {
			HPDF_Dict_Add(elem[m->elem], "Pg", w->pages[m->page]);
			for (int e = m->elem; e >= 0 && first_page[e] < 0; e = d->elems[e].parent)
				first_page[e] = m->page;
		}
		if (m->page == first_page[m->elem]) {
			HPDF_Array_AddNumber(kids[m->elem], m->mcid);
		} else {
			HPDF_Dict mcr = HPDF_Dict_New(mmgr);
			HPDF_Dict_AddName(mcr, "Type", "MCR");
			HPDF_Dict_Add(mcr, "Pg", w->pages[m->page]);
			HPDF_Dict_AddNumber(mcr, "MCID", m->mcid);
			HPDF_Array_Add(kids[m->elem], mcr);
		}
		if (i == 0 || m->page != w->mcs[i - 1].page) {
			HPDF_Array_AddNumber(nums, m->page);
			on_page = HPDF_Array_New(mmgr);
			HPDF_Array_Add(nums, on_page);
		}
		HPDF_Array_Add(on_page, elem[m->elem]);
	}
	HPDF_Dict tree = HPDF_Dict_New(mmgr);
	HPDF_Dict_Add(tree, "Nums", nums);
	HPDF_Dict_Add(root, "ParentTree", tree);
	HPDF_Dict_AddNumber(root, "ParentTreeNextKey", w->npages);
	HPDF_Dict_Add(w->pdf->catalog, "StructTreeRoot", root);
	HPDF_Dict mark = HPDF_Dict_New(mmgr);
	HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
	HPDF_Dict_Add(w->pdf->catalog, "MarkInfo", mark);
	if (w->npages > 2)
		build_outline(w, first_page);
	free(elem);
	free(kids);
	free(first_page);
}

/* ---- the document ---- */

/* Finds the trailer libharu wrote ("trailer\n<<\n"), the last thing
 * before startxref. */
static size_t trailer_at(const unsigned char *pdf, size_t len)
{
	static const char mark[] = "\ntrailer\n<<\n";
	size_t n = sizeof mark - 1;
	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (memcmp(pdf + i, mark, n) == 0)
			return i + n;
	return 0;
}

/* The file ID (PDF/A-1 6.1.3) is the start of the SHA-256 of everything
 * before the trailer: the same content gives the same ID, so reruns stay
 * byte-identical. The xref precedes the trailer, so adding /ID there
 * moves no offset. */
static bool save(struct writer *w, const char *dir, const char *name, struct pdf_stats *stats,
		 struct strbuf *err)
{
	build_structure(w);
	if (HPDF_SaveToStream(w->pdf) != HPDF_OK || w->failed) {
		sb_printf(err, "%s/%s: %s", dir, name, w->failed ? w->error : "cannot save PDF");
		return false;
	}
	HPDF_UINT32 size = HPDF_GetStreamSize(w->pdf);
	unsigned char *pdf = xmalloc(size ? size : 1);
	HPDF_ResetStream(w->pdf);
	HPDF_UINT32 got = 0;
	while (got < size) {
		HPDF_UINT32 n = size - got;
		HPDF_STATUS st = HPDF_ReadFromStream(w->pdf, pdf + got, &n);
		got += n;
		if (st != HPDF_OK || n == 0)
			break;
	}
	size_t tail = trailer_at(pdf, got);
	if (got != size || !tail) {
		sb_printf(err, "%s/%s: cannot read back the PDF libharu wrote", dir, name);
		free(pdf);
		return false;
	}
	struct hasher h;
	hasher_init(&h);
	hasher_bytes(&h, pdf, tail);
	char hex[65], id[80];
	hasher_hex(&h, hex);
	snprintf(id, sizeof id, "/ID [<%.32s> <%.32s>]\n", hex, hex);
	struct outfile o;
	if (!outfile_open(&o, dir, name, err)) {
		free(pdf);
		return false;
	}
	fwrite(pdf, 1, tail, o.f);
	fputs(id, o.f);
	fwrite(pdf + tail, 1, got - tail, o.f);
	free(pdf);
	stats->bytes = (long long)got + (long long)strlen(id);
	return outfile_commit(&o, err);
}

/* ---- writing a document page by page ---- */

struct pdf_writer {
	struct writer w;
	bool begun;
	int pages;
};

struct pdf_writer *pdf_writer_new(const struct fontset *fs)
{
	struct pdf_writer *pw = xcalloc(1, sizeof *pw);
	pw->w.fs = fs;
	return pw;
}

void pdf_writer_collect(struct pdf_writer *pw, const struct dpage *p)
{
	for (int i = 0; i < p->nruns; i++) {
		const struct glyph_run *r = &p->runs[i];
		struct used_face *u = used_of(&pw->w, r->face);
		for (int k = 0; k < r->n; k++)
			hb_set_add(u->cps, r->cps[k]);
	}
}

bool pdf_writer_begin(struct pdf_writer *pw, const struct pdf_meta *meta, const char *dir, const char *name,
		      struct strbuf *err)
{
	struct writer *w = &pw->w;
	bool ok = true;
	for (int i = 0; ok && i < w->nused; i++)
		ok = subset_face(w, &w->used[i]);
	if (!ok) {
		sb_printf(err, "%s/%s: font subsetting failed", dir, name);
		return false;
	}
	w->pdf = HPDF_New(on_hpdf_error, w);
	if (!w->pdf) {
		sb_printf(err, "%s/%s: cannot create PDF", dir, name);
		return false;
	}
	/* Streams are compressed here (flate.h), not by libharu. */
	HPDF_SetCompressionMode(w->pdf, HPDF_COMP_NONE);
	w->pdf->pdf_version = HPDF_VER_14; /* PDF/A-1 is PDF 1.4 */
	set_meta(w, meta);
	if (!set_output_intent(w, err)) {
		sb_printf(err, " (%s/%s)", dir, name);
		return false;
	}
	for (int i = 0; i < w->nused; i++)
		build_font(w, &w->used[i]);
	pw->begun = true;
	return true;
}

void pdf_writer_page(struct pdf_writer *pw, const struct dpage *dp)
{
	struct writer *w = &pw->w;
	HPDF_Page page = HPDF_AddPage(w->pdf);
	HPDF_Page_SetWidth(page, (HPDF_REAL)dp->width);
	HPDF_Page_SetHeight(page, (HPDF_REAL)dp->height);
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	if (w->npages == w->cappages) {
		w->cappages = w->cappages ? w->cappages * 2 : 8;
		w->pages = xrealloc(w->pages, (size_t)w->cappages * sizeof *w->pages);
	}
	int number = w->npages;
	w->pages[w->npages++] = page;
	w->owner = dp->owner;
	HPDF_Dict_AddNumber(page, "StructParents", number);
	struct strbuf *b = &w->content;
	sb_reset(b);
	/* A seal image, under the text, is an artifact too. */
	if (dp->nimages)
		sb_puts(b, "/Artifact BMC\n");
	for (int i = 0; i < dp->nimages; i++)
		draw_image(w, page, &dp->images[i]);
	if (dp->nimages)
		sb_puts(b, "EMC\n");
	/* Rules (the red line, table borders, the 版记's rules) are artifacts. */
	if (dp->nrules)
		sb_puts(b, "/Artifact BMC\n");
	for (int i = 0; i < dp->nrules; i++)
		draw_rule(b, &dp->rules[i]);
	if (dp->nrules)
		sb_puts(b, "EMC\n");
	/* Runs of one element share a marked-content sequence. */
	int mcid = 0;
	for (int i = 0; i < dp->nruns; i++) {
		int elem = dp->runs[i].elem;
		bool tagged = elem >= 0 && dp->owner && elem < dp->owner->nelems;
		if (i == 0 || elem != dp->runs[i - 1].elem) {
			if (tagged) {
				sb_printf(b, "/%s <</MCID %d>> BDC\n", stag_name(dp->owner->elems[elem].tag), mcid);
				note_mc(w, elem, number, mcid++);
			} else {
				sb_puts(b, "/Artifact BMC\n");
			}
		}
		draw_run(w, page, &dp->runs[i], dp->width);
		if (i == dp->nruns - 1 || dp->runs[i + 1].elem != elem)
			sb_puts(b, "EMC\n");
	}
	struct strbuf z = STRBUF_INIT;
	flate_compress(&z, b->data, b->len);
	HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)z.data, (HPDF_UINT)z.len);
	attr->contents->filter = HPDF_STREAM_FILTER_NONE;
	attr->contents->write_fn = flate_filter_entry;
	sb_free(&z);
	pw->pages++;
}

bool pdf_writer_save(struct pdf_writer *pw, const char *dir, const char *name, struct pdf_stats *stats,
		     struct strbuf *err)
{
	memset(stats, 0, sizeof *stats);
	stats->pages = pw->pages;
	return save(&pw->w, dir, name, stats, err);
}

void pdf_writer_free(struct pdf_writer *pw)
{
	struct writer *w = &pw->w;
	if (w->pdf)
		HPDF_Free(w->pdf);
	free(w->pages);
	free(w->mcs);
	sb_free(&w->content);
	for (int i = 0; i < w->nused; i++) {
		hb_set_destroy(w->used[i].cps);
		if (w->used[i].subset_font)
			hb_font_destroy(w->used[i].subset_font);
		if (w->used[i].subset)
			hb_face_destroy(w->used[i].subset);
		hb_blob_destroy(w->used[i].program);
		free(w->used[i].code);
		free(w->used[i].width);
		sb_free(&w->used[i].program_z);
	}
	free(pw);
}

bool pdf_write(const struct display *d, const struct fontset *fs, const struct pdf_meta *meta,
	       const char *dir, const char *name, struct pdf_stats *stats, struct strbuf *err)
{
	struct pdf_writer *pw = pdf_writer_new(fs);
	for (int p = 0; p < d->npages; p++)
		pdf_writer_collect(pw, &d->pages[p]);
	bool ok = pdf_writer_begin(pw, meta, dir, name, err);
	for (int p = 0; ok && p < d->npages; p++)
		pdf_writer_page(pw, &d->pages[p]);
	ok = ok && pdf_writer_save(pw, dir, name, stats, err);
	pdf_writer_free(pw);
	return ok;
}
