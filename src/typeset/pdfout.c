#include "pdfout.h"

#include <hb-subset.h>
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
#include "pngimage.h"
#include "srgb.h"

/* A profile file for the output intent; empty: the sRGB profile made by
 * srgb.c. */
#ifndef GRANTDOC_ICC
#define GRANTDOC_ICC ""
#endif
#ifndef GRANTDOC_VERSION
#define GRANTDOC_VERSION "dev"
#endif
#define PRODUCER "grantdoc " GRANTDOC_VERSION

struct used_face {
	int face;
	bool cached;             /* its program comes from the face's glyph cache */
	struct strbuf program_z; /* cached: the program, compressed */
	unsigned *cp_code;       /* cached: the code of each of cps, in the set's order */
	uint32_t *cp_sorted;     /* cached: cps, ascending */
	unsigned ncps;
	int *width; /* advance of each program glyph, 1/1000 em */
	hb_set_t *cps;
	hb_face_t *subset;
	hb_font_t *subset_font;
	hb_blob_t *program; /* FontFile2: the subset face; FontFile3: its CFF table */
	unsigned nglyphs;
	uint16_t *code; /* content-stream code (the CID) of each subset glyph */
	unsigned max_code;
	int font; /* the Type0 font's object number */
};

/* An image XObject of the document; obj -1 when unreadable. */
struct doc_image {
	const char *path;
	int obj;
	int last_page; /* the last page (number from 0) that drew it */
};

/* A marked-content sequence: element elem drawn on page with this MCID. */
struct mc_ref {
	int elem, page, mcid;
};

/* The file as it is written: objects go out in the order they are
 * finished, each at an offset the cross-reference table lists; numbers
 * are reserved ahead for objects referred to before they are written. */
struct pdf {
	struct strbuf out;   /* the bytes not yet handed to the file */
	size_t flushed;      /* bytes already in the file before out */
	struct outfile file; /* open from pdf_writer_begin until saved */
	bool file_open;
	struct hasher sha; /* SHA-256 of the bytes flushed so far */
	size_t *offset;    /* per object number; 0 until written */
	int nobj, capobj;
};

/* A long document (a disbursement sheet of thousands of pages) would
 * otherwise be held whole: past this, written bytes go to the file. */
#define PDF_FLUSH_BYTES (1u << 20)

struct writer {
	const struct fontset *fs;
	struct pdf p;
	bool begun;
	int catalog, info, pages_root, metadata, profile, resources;
	struct used_face used[FONTSET_MAX_FACES];
	int nused;
	bool missing_face;           /* a page drew with a face not collected */
	const struct display *owner; /* the structure tree of the pages drawn */
	int *pages;                  /* page object numbers */
	int npages, cappages;
	struct mc_ref *mcs; /* marked content, in page and MCID order */
	int nmcs, capmcs;
	struct strbuf content;    /* the page being drawn */
	struct strbuf z;          /* scratch for compressed streams */
	struct doc_image *images; /* image XObjects, /Im0, /Im1, ... */
	int nimages;
	struct strbuf image_err; /* why an image could not be drawn */
};

/* ---- the file ---- */

static void put_int(struct strbuf *b, long long v)
{
	char tmp[24], *e = tmp + sizeof tmp, *p = e;
	unsigned long long a = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + a % 10);
	while (a /= 10);
	if (v < 0)
		*--p = '-';
	sb_append(b, p, (size_t)(e - p));
}

static void put_ref(struct strbuf *b, int n)
{
	put_int(b, n);
	sb_puts(b, " 0 R");
}

static int reserve(struct pdf *p)
{
	if (p->nobj + 1 >= p->capobj) {
		p->capobj = p->capobj ? p->capobj * 2 : 64;
		p->offset = xrealloc(p->offset, (size_t)p->capobj * sizeof *p->offset);
	}
	p->offset[++p->nobj] = 0;
	return p->nobj;
}

/* Hands the buffered bytes to the file (and the file's hash). */
static void pdf_flush(struct pdf *p)
{
	if (!p->file_open || !p->out.len)
		return;
	hasher_bytes(&p->sha, p->out.data, p->out.len);
	fwrite(p->out.data, 1, p->out.len, p->file.f);
	p->flushed += p->out.len;
	sb_reset(&p->out);
}

/* Begins object n (reserved) where the file now ends. */
static struct strbuf *begin_obj(struct pdf *p, int n)
{
	p->offset[n] = p->flushed + p->out.len;
	put_int(&p->out, n);
	sb_puts(&p->out, " 0 obj\n");
	return &p->out;
}

static void end_obj(struct pdf *p)
{
	sb_puts(&p->out, "\nendobj\n");
}

/* A stream object: extra dictionary entries, the data as given (already
 * compressed when flate). */
static void stream_obj(struct pdf *p, int n, const char *extra, const void *data, size_t len, bool flate)
{
	struct strbuf *b = begin_obj(p, n);
	sb_puts(b, "<</Length ");
	put_int(b, (long long)len);
	if (flate)
		sb_puts(b, "/Filter/FlateDecode");
	if (extra)
		sb_puts(b, extra);
	sb_puts(b, ">>\nstream\n");
	sb_append(b, data, len);
	sb_puts(b, "\nendstream");
	end_obj(p);
}

static int deflated_obj(struct writer *w, const char *extra, const void *data, size_t len)
{
	int n = reserve(&w->p);
	sb_reset(&w->z);
	flate_compress(&w->z, data, len);
	stream_obj(&w->p, n, extra, w->z.data, w->z.len, true);
	return n;
}

/* A literal string: backslash, parentheses escaped. */
static void put_literal(struct strbuf *b, const char *s)
{
	sb_putc(b, '(');
	for (; *s; s++) {
		if (*s == '(' || *s == ')' || *s == '\\')
			sb_putc(b, '\\');
		sb_putc(b, *s);
	}
	sb_putc(b, ')');
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

static struct used_face *used_find(struct writer *w, int face)
{
	for (int i = 0; i < w->nused; i++)
		if (w->used[i].face == face)
			return &w->used[i];
	return NULL;
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
	u->ncps = hb_set_get_population(u->cps);
	u->cp_code = xmalloc(((size_t)u->ncps + 1) * sizeof *u->cp_code);
	u->cp_sorted = xmalloc(((size_t)u->ncps + 1) * sizeof *u->cp_sorted);
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	for (unsigned k = 0; hb_set_next(u->cps, &cp); k++)
		u->cp_sorted[k] = cp;
	glyph_cache_program(f->glyphs, u->cps, &u->program_z, &g, &n, u->cp_code);
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
static unsigned code_of(const struct used_face *u, uint32_t cp)
{
	if (u->cached) {
		/* The document's own CIDs (glyphcache.h), by code point. */
		unsigned lo = 0, hi = u->ncps;
		while (lo < hi) {
			unsigned mid = lo + (hi - lo) / 2;
			if (u->cp_sorted[mid] < cp)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo < u->ncps && u->cp_sorted[lo] == cp ? u->cp_code[lo] : 0;
	}
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

/* ---- font objects ---- */

/* A valid ToUnicode CMap: one bfchar entry per glyph drawn (at most 100 a
 * block), UTF-16BE with surrogate pairs above U+FFFF. */
/* The glyphs of a cached program are codes 0 to n - 1, nearly all drawn:
 * bfrange lines with an array of targets, one per code (no code column),
 * in ranges that keep the first byte, at most 100 ranges a block. */
static void unicode_ranges(struct strbuf *t, const struct used_face *u)
{
	uint32_t *uni = xcalloc((size_t)u->nglyphs + 1, sizeof *uni);
	bool *has = xcalloc((size_t)u->nglyphs + 1, sizeof *has);
	for (unsigned k = 0; k < u->ncps; k++)
		if (u->cp_code[k] < u->nglyphs && !has[u->cp_code[k]]) {
			has[u->cp_code[k]] = true;
			uni[u->cp_code[k]] = u->cp_sorted[k];
		}
	/* Ranges: runs of codes with a character, none across a first byte. */
	unsigned *starts = xmalloc(((size_t)u->nglyphs + 1) * sizeof *starts);
	unsigned *ends = xmalloc(((size_t)u->nglyphs + 1) * sizeof *ends), nranges = 0;
	for (unsigned c = 0; c < u->nglyphs;) {
		if (!has[c]) {
			c++;
			continue;
		}
		unsigned e = c;
		while (e + 1 < u->nglyphs && has[e + 1] && (e + 1) % 256 != 0)
			e++;
		starts[nranges] = c, ends[nranges] = e, nranges++;
		c = e + 1;
	}
	for (unsigned done = 0; done < nranges;) {
		unsigned block = nranges - done < 100 ? nranges - done : 100;
		put_int(t, block);
		sb_puts(t, " beginbfrange\n");
		for (unsigned r = done; r < done + block; r++) {
			sb_putc(t, '<');
			put_hex4(t, starts[r]);
			sb_puts(t, "> <");
			put_hex4(t, ends[r]);
			sb_puts(t, "> [");
			for (unsigned c = starts[r]; c <= ends[r]; c++) {
				sb_puts(t, c > starts[r] ? " <" : "<");
				append_utf16be_hex(t, uni[c]);
				sb_putc(t, '>');
			}
			sb_puts(t, "]\n");
		}
		sb_puts(t, "endbfrange\n");
		done += block;
	}
	free(uni);
	free(has);
	free(starts);
	free(ends);
}

/* A valid ToUnicode CMap, UTF-16BE with surrogate pairs above U+FFFF:
 * bfrange arrays for a cached program, else one bfchar entry per
 * character drawn (at most 100 a block). */
static int to_unicode(struct writer *w, const struct used_face *u)
{
	struct strbuf t = STRBUF_INIT;
	sb_puts(&t, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	if (u->cached) {
		unicode_ranges(&t, u);
	} else {
		unsigned total = hb_set_get_population(u->cps), done = 0;
		hb_codepoint_t cp = HB_SET_VALUE_INVALID;
		while (done < total) {
			unsigned block = total - done < 100 ? total - done : 100;
			put_int(&t, block);
			sb_puts(&t, " beginbfchar\n");
			for (unsigned i = 0; i < block && hb_set_next(u->cps, &cp); i++) {
				sb_putc(&t, '<');
				put_hex4(&t, code_of(u, cp));
				sb_puts(&t, "> <");
				append_utf16be_hex(&t, cp);
				sb_puts(&t, ">\n");
			}
			sb_puts(&t, "endbfchar\n");
			done += block;
		}
	}
	sb_puts(&t, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	int n = deflated_obj(w, NULL, t.data, t.len);
	sb_free(&t);
	return n;
}

/* /DW and /W: the advance of each glyph not of the most common width, in
 * 1/1000 em, runs of consecutive codes grouped ("c [w1 w2 …]"). */
static void widths(struct strbuf *b, const struct used_face *u)
{
	struct code_width *cw = xmalloc((u->nglyphs ? u->nglyphs : 1) * sizeof *cw);
	for (unsigned gid = 0; gid < u->nglyphs; gid++)
		cw[gid] = (struct code_width){ u->code[gid], u->width[gid] };
	qsort(cw, u->nglyphs, sizeof *cw, by_code);
	int dw = common_width(cw, u->nglyphs);
	if (dw != 1000) {
		sb_puts(b, "/DW ");
		put_int(b, dw);
	}
	sb_puts(b, "/W [");
	bool open = false;
	unsigned last = 0;
	for (unsigned i = 0; i < u->nglyphs; i++) {
		if (cw[i].width == dw)
			continue;
		if (!open || cw[i].code != last + 1) {
			if (open)
				sb_puts(b, "] ");
			put_int(b, cw[i].code);
			sb_puts(b, " [");
			open = true;
		} else {
			sb_putc(b, ' ');
		}
		put_int(b, cw[i].width);
		last = cw[i].code;
	}
	sb_puts(b, open ? "]]" : "]");
	free(cw);
}

/* The font program: a TrueType subset (FontFile2) or the bare CFF table
 * of an OpenType/CFF subset (FontFile3, CIDFontType0C). */
static int font_file(struct writer *w, const struct used_face *u)
{
	bool cff = w->fs->faces[u->face].cff;
	if (u->cached) {
		int n = reserve(&w->p);
		stream_obj(&w->p, n, "/Subtype/CIDFontType0C", u->program_z.data, u->program_z.len, true);
		return n;
	}
	unsigned len = 0;
	const char *data = hb_blob_get_data(u->program, &len);
	char extra[48];
	if (cff)
		snprintf(extra, sizeof extra, "/Subtype/CIDFontType0C");
	else
		snprintf(extra, sizeof extra, "/Length1 %u", len);
	return deflated_obj(w, extra, data, len);
}

/* CIDSet (PDF/A-1 for subset CID fonts): one bit per CID the program
 * holds, most significant bit first. */
static int cid_set(struct writer *w, const struct used_face *u)
{
	size_t n = u->max_code / 8 + 1;
	unsigned char *bits = xcalloc(n, 1);
	for (unsigned gid = 0; gid < u->nglyphs; gid++)
		bits[u->code[gid] / 8] |= (unsigned char)(0x80 >> (u->code[gid] % 8));
	int obj = deflated_obj(w, NULL, bits, n);
	free(bits);
	return obj;
}

static int descriptor(struct writer *w, const struct used_face *u, const char *name)
{
	const struct face *f = &w->fs->faces[u->face];
	int file = font_file(w, u), set = cid_set(w, u);
	double k = 1000.0 / f->upem;
	int n = reserve(&w->p);
	struct strbuf *b = begin_obj(&w->p, n);
	sb_puts(b, "<</Type/FontDescriptor/FontName/");
	sb_puts(b, name);
	sb_puts(b, "/Flags 4/FontBBox [");
	for (int i = 0; i < 4; i++) {
		put_int(b, (long long)(f->bbox[i] * k));
		sb_puts(b, i < 3 ? " " : "]");
	}
	sb_puts(b, "/ItalicAngle 0/Ascent ");
	put_int(b, (long long)(f->ascender * k));
	sb_puts(b, "/Descent ");
	put_int(b, (long long)(f->descender * k));
	sb_puts(b, "/CapHeight ");
	put_int(b, (long long)(f->ascender * k));
	sb_puts(b, "/StemV 80");
	sb_puts(b, f->cff ? "/FontFile3 " : "/FontFile2 ");
	put_ref(b, file);
	sb_puts(b, "/CIDSet ");
	put_ref(b, set);
	sb_puts(b, ">>");
	end_obj(&w->p);
	return n;
}

static void build_font(struct writer *w, struct used_face *u)
{
	const struct face *f = &w->fs->faces[u->face];
	char tag[8], name[160];
	subset_tag(u, tag);
	snprintf(name, sizeof name, "%s%s", tag, f->ps_name);
	int desc = descriptor(w, u, name), unicode = to_unicode(w, u);
	int cid = reserve(&w->p);
	struct strbuf *b = begin_obj(&w->p, cid);
	sb_puts(b,
		f->cff ? "<</Type/Font/Subtype/CIDFontType0/BaseFont/" : "<</Type/Font/Subtype/CIDFontType2/BaseFont/");
	sb_puts(b, name);
	sb_puts(b, "/CIDSystemInfo <</Registry (Adobe)/Ordering (Identity)/Supplement 0>>/FontDescriptor ");
	put_ref(b, desc);
	widths(b, u);
	if (!f->cff)
		sb_puts(b, "/CIDToGIDMap/Identity");
	sb_puts(b, ">>");
	end_obj(&w->p);
	u->font = reserve(&w->p);
	b = begin_obj(&w->p, u->font);
	sb_puts(b, "<</Type/Font/Subtype/Type0/BaseFont/");
	sb_puts(b, name);
	sb_puts(b, "/Encoding/Identity-H/DescendantFonts [");
	put_ref(b, cid);
	sb_puts(b, "]/ToUnicode ");
	put_ref(b, unicode);
	sb_puts(b, ">>");
	end_obj(&w->p);
}

/* ---- content ---- */

/* Numbers with at most three decimals, no trailing zeros: compact and
 * the same on every machine; integer arithmetic, no formatted floating
 * point (a content stream has thousands of numbers). */
static void num_places(struct strbuf *b, double v, int places)
{
	static const double scale[] = { 1, 10, 100, 1000, 10000, 100000 };
	double x = v * scale[places];
	long long m = (long long)(x < 0 ? x - 0.5 : x + 0.5);
	char tmp[32], *e = tmp + sizeof tmp, *p = e;
	bool negative = m < 0;
	unsigned long long a = negative ? (unsigned long long)(-m) : (unsigned long long)m;
	unsigned frac = (unsigned)(a % (unsigned long long)scale[places]);
	a /= (unsigned long long)scale[places];
	if (frac) {
		int digits = places;
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

static void num(struct strbuf *b, double v)
{
	num_places(b, v, 3);
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

/* The page's rules: one graphics state for each run of rules of one
 * colour and width, each rule stroked on its own as before. */
static void draw_rules(struct strbuf *b, const struct rule *rules, int n)
{
	for (int i = 0; i < n; i++) {
		const struct rule *r = &rules[i];
		bool first = i == 0 || r->color != rules[i - 1].color || r->width != rules[i - 1].width;
		if (first) {
			sb_puts(b, "q ");
			color_op(b, r->color, "RG");
			num(b, r->width);
			sb_puts(b, " w 0 J\n");
		}
		num(b, r->x1), sb_putc(b, ' '), num(b, r->y1), sb_puts(b, " m ");
		num(b, r->x2), sb_putc(b, ' '), num(b, r->y2), sb_puts(b, " l S\n");
		if (i == n - 1 || rules[i + 1].color != r->color || rules[i + 1].width != r->width)
			sb_puts(b, "Q\n");
	}
}

/* The text state a page's content stream has set so far: font, size
 * and colour are set again only when they change. (No character spacing
 * for a justified line's common gap: the renderer's sums of Tc differ
 * from those of the TJ numbers in the last bits, and a glyph at a
 * quarter-pixel boundary moves; the pages must stay the same to the
 * pixel.) */
struct text_state {
	int font; /* -1: none yet */
	double size;
	uint32_t color;
	bool color_set;
};

/* One run: BT, what changed of font and colour, position, then the
 * glyphs; a TJ array's numbers put each glyph exactly at its layout x. */
static void draw_run(struct writer *w, struct text_state *ts, const struct glyph_run *r, double sheet_w)
{
	struct used_face *u = used_find(w, r->face);
	if (!u) {
		w->missing_face = true;
		return;
	}
	struct strbuf *b = &w->content;
	sb_puts(b, "BT\n");
	if (!ts->color_set || ts->color != r->color) {
		color_op(b, r->color, "rg");
		ts->color = r->color;
		ts->color_set = true;
	}
	int font = (int)(u - w->used);
	if (ts->font != font || ts->size != r->size) {
		sb_puts(b, "/F");
		put_int(b, font);
		sb_putc(b, ' ');
		num(b, r->size);
		sb_puts(b, " Tf\n");
		ts->font = font;
		ts->size = r->size;
	}
	if (r->turned) { /* display.h, dpage_turn: the baseline runs up the sheet */
		sb_puts(b, "0 1 -1 0 ");
		num(b, sheet_w - r->y), sb_putc(b, ' '), num(b, r->xs[0]), sb_puts(b, " Tm\n");
	} else {
		sb_puts(b, "1 0 0 1 ");
		num(b, r->xs[0]), sb_putc(b, ' '), num(b, r->y), sb_puts(b, " Tm\n");
	}
	size_t start = b->len;
	sb_putc(b, '[');
	/* Glyphs that follow on without a gap share one hex string. */
	double pen = r->xs[0];
	bool open = false, adjusted = false;
	for (int i = 0; i < r->n; i++) {
		double off = r->xs[i] - pen;
		if (i > 0 && (off > 0.0005 || off < -0.0005)) {
			if (open)
				sb_puts(b, "> ");
			num(b, -off * 1000.0 / r->size);
			sb_putc(b, ' ');
			open = false;
			adjusted = true;
			pen = r->xs[i];
		}
		if (!open)
			sb_putc(b, '<');
		put_hex4(b, code_of(u, r->cps[i]));
		open = true;
		pen += (double)width_of(w, u, r->cps[i]) * r->size / 1000.0;
	}
	if (open)
		sb_putc(b, '>');
	if (adjusted) {
		sb_puts(b, "] TJ\nET\n");
	} else {
		/* One string: Tj, without the array. */
		memmove(b->data + start, b->data + start + 1, b->len - start - 1);
		b->len--;
		sb_puts(b, " Tj\nET\n");
	}
}

/* Images: each file read and deflated once per process (a seal is the
 * same on every notice of a run), written once in each document that
 * draws it. */
struct cached_image {
	char *path;
	bool ok;
	struct png_samples samples;
};

static struct cached_image *image_cache;
static int nimage_cache;

static void free_image_cache(void)
{
	for (int i = 0; i < nimage_cache; i++) {
		free(image_cache[i].path);
		png_samples_free(&image_cache[i].samples);
	}
	free(image_cache);
	image_cache = NULL;
	nimage_cache = 0;
}

static const struct cached_image *cached_image(const char *path, struct strbuf *err)
{
	for (int i = 0; i < nimage_cache; i++)
		if (strcmp(image_cache[i].path, path) == 0)
			return &image_cache[i];
	if (!image_cache)
		atexit(free_image_cache);
	image_cache = xrealloc(image_cache, (size_t)(nimage_cache + 1) * sizeof *image_cache);
	struct cached_image *c = &image_cache[nimage_cache++];
	size_t len = strlen(path) + 1;
	c->path = memcpy(xmalloc(len), path, len);
	c->ok = png_samples_load(path, &c->samples, err);
	return c;
}

/* The document's image XObject for path, written on first use; -1 when
 * the file cannot be read (the document fails at save). */
static int image_index(struct writer *w, const char *path)
{
	for (int i = 0; i < w->nimages; i++)
		if (strcmp(w->images[i].path, path) == 0)
			return w->images[i].obj < 0 ? -1 : i;
	w->images = xrealloc(w->images, (size_t)(w->nimages + 1) * sizeof *w->images);
	struct doc_image *d = &w->images[w->nimages];
	d->path = path;
	d->obj = -1;
	d->last_page = -1;
	const struct cached_image *c = cached_image(path, &w->image_err);
	if (c->ok) {
		/* PDF/A-1: opaque (no SMask), not interpolated, sRGB by the
		 * output intent. */
		char extra[160];
		snprintf(extra, sizeof extra,
			 "/Type/XObject/Subtype/Image/Width %u/Height %u/ColorSpace/%s"
			 "/BitsPerComponent 8",
			 c->samples.width, c->samples.height, c->samples.components == 3 ? "DeviceRGB" : "DeviceGray");
		d->obj = reserve(&w->p);
		stream_obj(&w->p, d->obj, extra, c->samples.deflated.data, c->samples.deflated.len, true);
	} else if (!w->image_err.len) {
		sb_printf(&w->image_err, "%s: not a readable PNG file", path);
	}
	return d->obj < 0 ? (w->nimages++, -1) : w->nimages++;
}

/* A PNG (a seal) in its box, under the text. */
static void draw_image(struct writer *w, const struct image *m, int page)
{
	int k = image_index(w, m->path);
	if (k < 0)
		return;
	w->images[k].last_page = page;
	struct strbuf *b = &w->content;
	sb_puts(b, "q ");
	num(b, m->width), sb_puts(b, " 0 0 "), num(b, m->height), sb_putc(b, ' ');
	num(b, m->x), sb_putc(b, ' '), num(b, m->y);
	sb_puts(b, " cm /Im");
	put_int(b, k);
	sb_puts(b, " Do Q\n");
}

/* The fonts' entry of a resource dictionary. */
static void put_fonts(const struct writer *w, struct strbuf *b)
{
	sb_puts(b, "/Font <<");
	for (int i = 0; i < w->nused; i++) {
		sb_puts(b, "/F");
		put_int(b, i);
		sb_putc(b, ' ');
		put_ref(b, w->used[i].font);
	}
	sb_puts(b, ">>");
}

/* ---- metadata ---- */

/* A text string: PDFDocEncoding (printable ASCII) as it is, anything
 * else UTF-16BE with its byte order mark — both as literal strings, the
 * bytes PDF syntax reserves escaped (half the size of hex). */
static void put_text(struct strbuf *b, const char *utf8)
{
	bool ascii = true;
	for (const char *p = utf8; *p && ascii; p++)
		ascii = *p >= 0x20 && *p < 0x7F;
	if (ascii) {
		put_literal(b, utf8);
		return;
	}
	struct strbuf u = STRBUF_INIT;
	sb_append(&u, "\xFE\xFF", 2);
	size_t n = strlen(utf8);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		unsigned char c = (unsigned char)utf8[i];
		int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		cp = len == 1 ? c : (uint32_t)(c & (0x7F >> len));
		for (int k = 1; k < len && i + (size_t)k < n; k++)
			cp = cp << 6 | ((unsigned char)utf8[i + (size_t)k] & 0x3F);
		i += (size_t)len;
		uint32_t units[2] = { cp, 0 };
		int nu = 1;
		if (cp >= 0x10000) {
			units[0] = 0xD800 + ((cp - 0x10000) >> 10);
			units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			nu = 2;
		}
		for (int k = 0; k < nu; k++) {
			char be[2] = { (char)(units[k] >> 8), (char)units[k] };
			sb_append(&u, be, 2);
		}
	}
	sb_putc(b, '(');
	for (size_t i = 0; i < u.len; i++) {
		char c = u.data[i];
		if (c == '(' || c == ')' || c == '\\')
			sb_putc(b, '\\'), sb_putc(b, c);
		else if (c == '\r')
			sb_puts(b, "\\r");
		else if (c == '\n')
			sb_puts(b, "\\n");
		else
			sb_putc(b, c);
	}
	sb_putc(b, ')');
	sb_free(&u);
}

/* XML text: the five characters XML reserves, escaped. */
static void xml_text(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			sb_puts(sb, "&amp;");
			break;
		case '<':
			sb_puts(sb, "&lt;");
			break;
		case '>':
			sb_puts(sb, "&gt;");
			break;
		case '"':
			sb_puts(sb, "&quot;");
			break;
		case '\'':
			sb_puts(sb, "&apos;");
			break;
		default:
			sb_append(sb, s, 1);
		}
	}
}

/* The XMP packet PDF/A-1 asks for: the Info dictionary's entries again
 * (PDF/A-1 6.7.3: both must agree) and the pdfaid part and conformance. */
static void xmp_packet(struct strbuf *x, const struct pdf_meta *m, const char *date)
{
	/* Simple properties as attributes of the description, the arrays
	 * (title, creator, description) as elements: the same XMP in fewer
	 * bytes (the packet is stored uncompressed). */
	sb_puts(x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		   "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
		   " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\""
		   " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
		   " dc:format=\"application/pdf\" pdf:Producer=\"" PRODUCER "\"");
	if (m->keywords && *m->keywords) {
		sb_puts(x, " pdf:Keywords=\"");
		xml_text(x, m->keywords);
		sb_putc(x, '"');
	}
	if (m->creator && *m->creator) {
		sb_puts(x, " xmp:CreatorTool=\"");
		xml_text(x, m->creator);
		sb_putc(x, '"');
	}
	sb_printf(x, " xmp:CreateDate=\"%s\" xmp:ModifyDate=\"%s\" pdfaid:part=\"1\" pdfaid:conformance=\"B\">\n", date,
		  date);
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
	sb_puts(x, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
}

/* The Info dictionary and the XMP packet, written when the file begins. */
static void set_meta(struct writer *w, const struct pdf_meta *m)
{
	int y, mo, d;
	date_to_ymd(m->created, &y, &mo, &d);
	char pdf_date[32], xmp_date[32];
	snprintf(pdf_date, sizeof pdf_date, "D:%04d%02d%02d000000Z", y, mo, d);
	snprintf(xmp_date, sizeof xmp_date, "%04d-%02d-%02dT00:00:00Z", y, mo, d);
	struct strbuf *b = begin_obj(&w->p, w->info);
	sb_puts(b, "<</CreationDate ");
	put_literal(b, pdf_date);
	sb_puts(b, "/ModDate ");
	put_literal(b, pdf_date);
	sb_puts(b, "/Producer ");
	put_literal(b, PRODUCER);
	const char *keys[] = { "Title", "Author", "Subject", "Keywords", "Creator" };
	const char *vals[] = { m->title, m->author, m->subject, m->keywords, m->creator };
	for (int i = 0; i < 5; i++)
		if (vals[i] && vals[i][0]) {
			sb_putc(b, '/');
			sb_puts(b, keys[i]);
			sb_putc(b, ' ');
			put_text(b, vals[i]);
		}
	sb_puts(b, ">>");
	end_obj(&w->p);

	struct strbuf x = STRBUF_INIT;
	xmp_packet(&x, m, xmp_date);
	/* PDF/A-1 wants the packet readable as it is: no filter. */
	stream_obj(&w->p, w->metadata, "/Type/Metadata/Subtype/XML", x.data, x.len, false);
	sb_free(&x);
}

/* The sRGB profile, read and compressed once per process. */
static const struct strbuf *icc_profile(const char **why)
{
	static struct strbuf z = STRBUF_INIT;
	if (!z.len) {
		struct strbuf icc = STRBUF_INIT;
		if (!GRANTDOC_ICC[0]) {
			unsigned char made[SRGB_PROFILE_SIZE];
			srgb_profile(made);
			flate_compress(&z, made, sizeof made);
		} else if (sb_read_file(&icc, GRANTDOC_ICC, 1 << 20, why) && icc.len) {
			flate_compress(&z, icc.data, icc.len);
		}
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
		sb_printf(err, "cannot read the ICC profile %s: %s (make ICC=…)", GRANTDOC_ICC, why);
		return false;
	}
	w->profile = reserve(&w->p);
	stream_obj(&w->p, w->profile, "/N 3", icc->data, icc->len, true);
	return true;
}

/* ---- structure (Tagged PDF) ---- */

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
static int build_outline(struct writer *w, const int *first_page)
{
	const struct display *d = w->owner;
	int count = 0, tables = 0;
	for (int e = 0; e < d->nelems; e++)
		count += d->elems[e].tag == TAG_TABLE && first_page[e] >= 0;
	count++;
	int outlines = reserve(&w->p), first = w->p.nobj + 1;
	for (int k = 0; k < count; k++)
		reserve(&w->p);
	int k = 0;
	for (int e = -1; e < d->nelems; e++) {
		if (e >= 0 && (d->elems[e].tag != TAG_TABLE || first_page[e] < 0))
			continue;
		char numbered[32];
		snprintf(numbered, sizeof numbered, "表%d", e < 0 ? 0 : ++tables);
		const char *title = e < 0 ? "正文" : d->elems[e].title ? d->elems[e].title : numbered;
		struct strbuf *b = begin_obj(&w->p, first + k);
		sb_puts(b, "<</Title ");
		put_text(b, title);
		sb_puts(b, "/Parent ");
		put_ref(b, outlines);
		sb_puts(b, "/Dest [");
		put_ref(b, w->pages[e < 0 ? 0 : first_page[e]]);
		sb_puts(b, " /Fit]");
		if (k > 0) {
			sb_puts(b, "/Prev ");
			put_ref(b, first + k - 1);
		}
		if (k < count - 1) {
			sb_puts(b, "/Next ");
			put_ref(b, first + k + 1);
		}
		sb_puts(b, ">>");
		end_obj(&w->p);
		k++;
	}
	struct strbuf *b = begin_obj(&w->p, outlines);
	sb_puts(b, "<</Type/Outlines/First ");
	put_ref(b, first);
	sb_puts(b, "/Last ");
	put_ref(b, first + count - 1);
	sb_puts(b, "/Count ");
	put_int(b, count);
	sb_puts(b, ">>");
	end_obj(&w->p);
	return outlines;
}

/* Integers grouped by key, in the order given (a counting sort). */
struct groups {
	int *start; /* per key: where its members begin in member[] */
	int *member;
};

static void group(struct groups *g, int nkeys, int n, int (*key)(const void *, int), const void *ctx)
{
	g->start = xcalloc((size_t)nkeys + 1, sizeof *g->start);
	g->member = xmalloc(((size_t)n + 1) * sizeof *g->member);
	for (int i = 0; i < n; i++)
		g->start[key(ctx, i) + 1]++;
	for (int k = 0; k < nkeys; k++)
		g->start[k + 1] += g->start[k];
	int *fill = xmalloc(((size_t)nkeys + 1) * sizeof *fill);
	memcpy(fill, g->start, ((size_t)nkeys + 1) * sizeof *fill);
	for (int i = 0; i < n; i++)
		g->member[fill[key(ctx, i)]++] = i;
	free(fill);
}

static void groups_free(struct groups *g)
{
	free(g->start);
	free(g->member);
}

/* Children are keyed by their parent + 1 (0: the root). */
static int parent_key(const void *ctx, int e)
{
	const struct display *d = ctx;
	int parent = d->elems[e].parent;
	return parent >= 0 && parent < e ? parent + 1 : 0;
}

static int mc_elem(const void *ctx, int i)
{
	const struct writer *w = ctx;
	return w->mcs[i].elem;
}

/* The structure tree: one StructElem per element of the display, its
 * kids (its elements, then the marked content of its own text: MCIDs on
 * its page /Pg, MCRs on others), and the ParentTree from each page's
 * MCIDs back to their elements. Returns the StructTreeRoot, 0 if none;
 * *outlines the outline's, 0 if none. */
static int build_structure(struct writer *w, int *outlines)
{
	const struct display *d = w->owner;
	*outlines = 0;
	if (!d || d->nelems == 0)
		return 0;
	int n = d->nelems;
	int root = reserve(&w->p), base = w->p.nobj + 1;
	for (int e = 0; e < n; e++)
		reserve(&w->p);
	struct groups kids, own;
	group(&kids, n + 1, n, parent_key, d);
	group(&own, n, w->nmcs, mc_elem, w);
	/* The first page of each element's subtree (for the outline). */
	int *first_page = xmalloc((size_t)n * sizeof *first_page);
	for (int e = 0; e < n; e++)
		first_page[e] = -1;
	for (int i = 0; i < w->nmcs; i++)
		for (int e = w->mcs[i].elem; e >= 0 && first_page[e] < 0; e = d->elems[e].parent)
			first_page[e] = w->mcs[i].page;
	for (int e = 0; e < n; e++) {
		struct strbuf *b = begin_obj(&w->p, base + e);
		sb_puts(b, "<</S/");
		sb_puts(b, stag_name(d->elems[e].tag));
		sb_puts(b, "/P ");
		int parent = d->elems[e].parent;
		put_ref(b, parent >= 0 && parent < e ? base + parent : root);
		int from = own.start[e], to = own.start[e + 1];
		int pg = from < to ? w->mcs[own.member[from]].page : -1;
		if (pg >= 0) {
			sb_puts(b, "/Pg ");
			put_ref(b, w->pages[pg]);
		}
		sb_puts(b, "/K [");
		bool first = true;
		for (int k = kids.start[e + 1]; k < kids.start[e + 2]; k++, first = false) {
			if (!first)
				sb_putc(b, ' ');
			put_ref(b, base + kids.member[k]);
		}
		for (int k = from; k < to; k++, first = false) {
			const struct mc_ref *m = &w->mcs[own.member[k]];
			if (!first)
				sb_putc(b, ' ');
			if (m->page == pg) {
				put_int(b, m->mcid);
			} else {
				sb_puts(b, "<</Type/MCR/Pg ");
				put_ref(b, w->pages[m->page]);
				sb_puts(b, "/MCID ");
				put_int(b, m->mcid);
				sb_puts(b, ">>");
			}
		}
		sb_puts(b, "]>>");
		end_obj(&w->p);
	}
	struct strbuf *b = begin_obj(&w->p, root);
	sb_puts(b, "<</Type/StructTreeRoot/K [");
	for (int k = kids.start[0]; k < kids.start[1]; k++) {
		if (k > kids.start[0])
			sb_putc(b, ' ');
		put_ref(b, base + kids.member[k]);
	}
	sb_puts(b, "]/ParentTree <</Nums [");
	for (int i = 0; i < w->nmcs; i++) {
		const struct mc_ref *m = &w->mcs[i];
		if (i == 0 || m->page != w->mcs[i - 1].page) {
			if (i > 0)
				sb_puts(b, "] ");
			put_int(b, m->page);
			sb_puts(b, " [");
		} else {
			sb_putc(b, ' ');
		}
		put_ref(b, base + m->elem);
	}
	sb_puts(b, w->nmcs ? "]]>>/ParentTreeNextKey " : "]>>/ParentTreeNextKey ");
	put_int(b, w->npages);
	sb_puts(b, ">>");
	end_obj(&w->p);
	if (w->npages > 2)
		*outlines = build_outline(w, first_page);
	free(first_page);
	groups_free(&kids);
	groups_free(&own);
	return root;
}

/* ---- the document ---- */

/* Pages, catalog, cross-reference table and trailer. The file ID
 * (PDF/A-1 6.1.3) is the start of the SHA-256 of everything before the
 * trailer: the same content gives the same ID, so reruns stay
 * byte-identical. */
static bool save(struct writer *w, const char *dir, const char *name, struct pdf_stats *stats, struct strbuf *err)
{
	if (w->missing_face) {
		sb_printf(err, "%s/%s: a page drew with a face its characters were not collected for", dir, name);
		return false;
	}
	if (w->image_err.len) {
		sb_printf(err, "%s/%s: %s", dir, name, sb_str(&w->image_err));
		return false;
	}
	int outlines;
	int structure = build_structure(w, &outlines);
	struct pdf *p = &w->p;
	struct strbuf *b = begin_obj(p, w->pages_root);
	sb_puts(b, "<</Type/Pages/Kids [");
	for (int i = 0; i < w->npages; i++) {
		if (i)
			sb_putc(b, ' ');
		put_ref(b, w->pages[i]);
	}
	sb_puts(b, "]/Count ");
	put_int(b, w->npages);
	sb_puts(b, ">>");
	end_obj(p);
	b = begin_obj(p, w->catalog);
	sb_puts(b, "<</Type/Catalog/Pages ");
	put_ref(b, w->pages_root);
	sb_puts(b, "/Metadata ");
	put_ref(b, w->metadata);
	/* The language of the text (screen readers, text extraction) and
	 * the title rather than the file name in a viewer's window. */
	sb_puts(b,
		"/Lang (zh-CN)/ViewerPreferences <</DisplayDocTitle true>>/OutputIntents [<</Type/OutputIntent"
		"/S/GTS_PDFA1/OutputConditionIdentifier (sRGB IEC61966-2.1)/Info (sRGB IEC61966-2.1)/DestOutputProfile ");
	put_ref(b, w->profile);
	sb_puts(b, ">>]");
	if (structure) {
		sb_puts(b, "/StructTreeRoot ");
		put_ref(b, structure);
		sb_puts(b, "/MarkInfo <</Marked true>>");
	}
	if (outlines) {
		sb_puts(b, "/Outlines ");
		put_ref(b, outlines);
	}
	sb_puts(b, ">>");
	end_obj(p);

	size_t xref = p->flushed + p->out.len;
	b = &p->out;
	sb_puts(b, "xref\n0 ");
	put_int(b, p->nobj + 1);
	sb_puts(b, "\n0000000000 65535 f \n");
	char *entries = sb_grow(b, (size_t)p->nobj * 20);
	for (int i = 1; i <= p->nobj; i++) {
		if (!p->offset[i]) {
			sb_printf(err, "%s/%s: object %d was never written", dir, name, i);
			return false;
		}
		/* "oooooooooo 00000 n \n": ten digits of offset, twenty bytes. */
		char *e = entries + (size_t)(i - 1) * 20;
		size_t off = p->offset[i];
		for (int k = 9; k >= 0; k--, off /= 10)
			e[k] = (char)('0' + off % 10);
		memcpy(e + 10, " 00000 n \n", 10);
	}
	/* One pass of SHA-256: the ID from the bytes before the trailer, the
	 * file's hash (for the manifest) from the same state, continued. */
	struct hasher *h = &p->sha, id;
	hasher_bytes(h, p->out.data, p->out.len);
	hasher_copy(&id, h);
	char hex[65];
	hasher_hex(&id, hex);
	size_t trailer = p->out.len;
	sb_puts(b, "trailer\n<</Size ");
	put_int(b, p->nobj + 1);
	sb_puts(b, "/Root ");
	put_ref(b, w->catalog);
	sb_puts(b, "/Info ");
	put_ref(b, w->info);
	sb_printf(b, "/ID [<%.32s> <%.32s>]>>\nstartxref\n", hex, hex);
	put_int(b, (long long)xref);
	sb_puts(b, "\n%%EOF\n");
	hasher_bytes(h, p->out.data + trailer, p->out.len - trailer);
	hasher_hex(h, stats->sha256);
	fwrite(p->out.data, 1, p->out.len, p->file.f);
	stats->bytes = (long long)(p->flushed + p->out.len);
	p->file_open = false;
	return outfile_commit(&p->file, err);
}

/* ---- writing a document page by page ---- */

struct pdf_writer {
	struct writer w;
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
	if (!outfile_open(&w->p.file, dir, name, err))
		return false;
	w->p.file_open = true;
	hasher_init(&w->p.sha);
	/* PDF/A-1 is PDF 1.4; the comment of four bytes above 127 marks the
	 * file as binary. */
	sb_puts(&w->p.out, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
	w->catalog = reserve(&w->p);
	w->info = reserve(&w->p);
	w->pages_root = reserve(&w->p);
	w->metadata = reserve(&w->p);
	set_meta(w, meta);
	if (!set_output_intent(w, err)) {
		sb_printf(err, " (%s/%s)", dir, name);
		return false;
	}
	/* One resource dictionary, every page's but those with images. */
	for (int i = 0; i < w->nused; i++)
		build_font(w, &w->used[i]);
	w->resources = reserve(&w->p);
	struct strbuf *b = begin_obj(&w->p, w->resources);
	sb_puts(b, "<<");
	put_fonts(w, b);
	sb_puts(b, ">>");
	end_obj(&w->p);
	w->begun = true;
	return true;
}

void pdf_writer_page(struct pdf_writer *pw, const struct dpage *dp)
{
	struct writer *w = &pw->w;
	if (w->npages == w->cappages) {
		w->cappages = w->cappages ? w->cappages * 2 : 8;
		w->pages = xrealloc(w->pages, (size_t)w->cappages * sizeof *w->pages);
	}
	int number = w->npages;
	w->owner = dp->owner;
	struct strbuf *b = &w->content;
	sb_reset(b);
	/* A seal image, under the text, is an artifact too. */
	if (dp->nimages)
		sb_puts(b, "/Artifact BMC\n");
	for (int i = 0; i < dp->nimages; i++)
		draw_image(w, &dp->images[i], number);
	if (dp->nimages)
		sb_puts(b, "EMC\n");
	/* Rules (the red line, table borders, the 版记's rules) are artifacts. */
	if (dp->nrules)
		sb_puts(b, "/Artifact BMC\n");
	draw_rules(b, dp->rules, dp->nrules);
	if (dp->nrules)
		sb_puts(b, "EMC\n");
	/* Runs of one element share a marked-content sequence. */
	int mcid = 0;
	struct text_state ts = { .font = -1 };
	for (int i = 0; i < dp->nruns; i++) {
		int elem = dp->runs[i].elem;
		bool tagged = elem >= 0 && dp->owner && elem < dp->owner->nelems;
		if (i == 0 || elem != dp->runs[i - 1].elem) {
			if (tagged) {
				sb_putc(b, '/');
				sb_puts(b, stag_name(dp->owner->elems[elem].tag));
				sb_puts(b, " <</MCID ");
				put_int(b, mcid);
				sb_puts(b, ">> BDC\n");
				note_mc(w, elem, number, mcid++);
			} else {
				sb_puts(b, "/Artifact BMC\n");
			}
		}
		draw_run(w, &ts, &dp->runs[i], dp->width);
		if (i == dp->nruns - 1 || dp->runs[i + 1].elem != elem)
			sb_puts(b, "EMC\n");
	}
	int contents = deflated_obj(w, NULL, b->data, b->len);
	int page = reserve(&w->p);
	w->pages[w->npages++] = page;
	struct strbuf *o = begin_obj(&w->p, page);
	sb_puts(o, "<</Type/Page/Parent ");
	put_ref(o, w->pages_root);
	sb_puts(o, "/MediaBox [0 0 ");
	num(o, dp->width);
	sb_putc(o, ' ');
	num(o, dp->height);
	sb_puts(o, "]/Resources ");
	if (dp->nimages) {
		/* Its own: the fonts and the images this page draws. */
		sb_puts(o, "<<");
		put_fonts(w, o);
		sb_puts(o, "/XObject <<");
		for (int k = 0; k < w->nimages; k++)
			if (w->images[k].last_page == number) {
				sb_puts(o, "/Im");
				put_int(o, k);
				sb_putc(o, ' ');
				put_ref(o, w->images[k].obj);
			}
		sb_puts(o, ">>>>");
	} else {
		put_ref(o, w->resources);
	}
	sb_puts(o, "/Contents ");
	put_ref(o, contents);
	sb_puts(o, "/StructParents ");
	put_int(o, number);
	sb_puts(o, ">>");
	end_obj(&w->p);
	if (w->p.out.len >= PDF_FLUSH_BYTES)
		pdf_flush(&w->p);
	pw->pages++;
}

bool pdf_writer_save(struct pdf_writer *pw, const char *dir, const char *name, struct pdf_stats *stats,
		     struct strbuf *err)
{
	memset(stats, 0, sizeof *stats);
	stats->pages = pw->pages;
	if (!pw->w.begun) {
		sb_printf(err, "%s/%s: cannot save a PDF never begun", dir, name);
		return false;
	}
	return save(&pw->w, dir, name, stats, err);
}

void pdf_writer_free(struct pdf_writer *pw)
{
	struct writer *w = &pw->w;
	if (w->p.file_open)
		outfile_abort(&w->p.file);
	if (w->p.sha.ctx) {
		char spent[65];
		hasher_hex(&w->p.sha, spent);
	}
	sb_free(&w->p.out);
	free(w->p.offset);
	free(w->pages);
	free(w->mcs);
	sb_free(&w->content);
	sb_free(&w->z);
	free(w->images);
	sb_free(&w->image_err);
	for (int i = 0; i < w->nused; i++) {
		hb_set_destroy(w->used[i].cps);
		if (w->used[i].subset_font)
			hb_font_destroy(w->used[i].subset_font);
		if (w->used[i].subset)
			hb_face_destroy(w->used[i].subset);
		hb_blob_destroy(w->used[i].program);
		free(w->used[i].code);
		free(w->used[i].width);
		free(w->used[i].cp_code);
		free(w->used[i].cp_sorted);
		sb_free(&w->used[i].program_z);
	}
	free(pw);
}

bool pdf_write(const struct display *d, const struct fontset *fs, const struct pdf_meta *meta, const char *dir,
	       const char *name, struct pdf_stats *stats, struct strbuf *err)
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
