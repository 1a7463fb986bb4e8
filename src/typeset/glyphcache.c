/* madvise and MADV_PAGEOUT are not POSIX. */
#define _DEFAULT_SOURCE
#include "glyphcache.h"

#include <hb-subset.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cff.h"
#include "flate.h"

struct glyph {
	uint16_t cid;
	uint8_t fd; /* the original face's Font DICT */
	int width;  /* 1/1000 em */
	struct flate_bits bits;
};

struct fd_parts {
	struct strbuf font_dict; /* its operators but Private */
	struct strbuf private_dict;
	bool found;
};

struct glyph_cache {
	hb_face_t *face;
	hb_font_t *font;
	unsigned upem;
	enum { UNREAD, READY, UNUSABLE } state;
	hb_blob_t *blob; /* the face's CFF table */
	struct cff_font orig;
	int32_t *cid_gid; /* original glyph id of each CID, -1 none */
	unsigned ncids;
	int32_t *slot; /* per original glyph id: its glyph, -1 none */
	struct glyph *glyphs;
	int nglyphs, capglyphs;
	struct flate_code code;
	/* From HarfBuzz's subset, as it writes them. */
	struct strbuf header, name_index, top_ops, string_index, gsubr_index;
	struct fd_parts *fds; /* per original Font DICT */
	/* The glyph of recent code points (a direct-mapped memo: a content
	 * stream asks for every glyph it draws). */
	struct {
		uint32_t cp;
		int32_t glyph;
	} memo[4096];
};

struct glyph_cache *glyph_cache_new(hb_face_t *face, hb_font_t *font, unsigned upem)
{
	struct glyph_cache *c = xcalloc(1, sizeof *c);
	c->face = face;
	c->font = font;
	c->upem = upem ? upem : 1000;
	for (int i = 0; i < 4096; i++)
		c->memo[i].glyph = -1;
	return c;
}

void glyph_cache_free(struct glyph_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->nglyphs; i++)
		flate_bits_free(&c->glyphs[i].bits);
	free(c->glyphs);
	free(c->slot);
	free(c->cid_gid);
	if (c->fds)
		for (unsigned i = 0; i < c->orig.nfds; i++) {
			sb_free(&c->fds[i].font_dict);
			sb_free(&c->fds[i].private_dict);
		}
	free(c->fds);
	sb_free(&c->header), sb_free(&c->name_index), sb_free(&c->top_ops);
	sb_free(&c->string_index), sb_free(&c->gsubr_index);
	cff_close(&c->orig);
	if (c->blob)
		hb_blob_destroy(c->blob);
	free(c);
}

/* HarfBuzz's subset of these glyphs (and .notdef): CFF only, no hints,
 * no subroutines. */
static hb_face_t *subset_glyphs(struct glyph_cache *c, const hb_set_t *gids)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return NULL;
	hb_set_union(hb_subset_input_glyph_set(in), gids);
	hb_set_clear(hb_subset_input_unicode_set(in));
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
	hb_tag_t tags[64];
	unsigned n = 64;
	hb_face_get_table_tags(c->face, 0, &n, tags);
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (unsigned i = 0; i < n; i++)
		if (tags[i] != HB_TAG('C', 'F', 'F', ' '))
			hb_set_add(drop, tags[i]);
	hb_face_t *sub = hb_subset_or_fail(c->face, in);
	hb_subset_input_destroy(in);
	return sub;
}

/* The face file's pages are needed while glyphs are first subset, seldom
 * after: they are handed back to the page cache (a clean file mapping,
 * so nothing is lost; a later subsetting reads them again), so that a
 * long run does not keep a CJK face file resident. */
static void release_face_pages(struct glyph_cache *c)
{
#ifdef MADV_PAGEOUT
	hb_blob_t *blob = hb_face_reference_blob(c->face);
	unsigned len = 0;
	const char *data = hb_blob_get_data(blob, &len);
	long page = sysconf(_SC_PAGESIZE);
	if (data && len && page > 0) {
		uintptr_t from = (uintptr_t)data & ~(uintptr_t)(page - 1);
		madvise((void *)from, (uintptr_t)data + len - from, MADV_PAGEOUT);
	}
	hb_blob_destroy(blob);
#else
	(void)c;
#endif
}

/* Takes every glyph of a subset into the cache. */
static bool take_glyphs(struct glyph_cache *c, const struct cff_font *sub)
{
	for (unsigned g = 0; g < sub->nglyphs; g++) {
		unsigned cid = sub->cids[g];
		if (cid >= c->ncids || c->cid_gid[cid] < 0)
			return false;
		unsigned gid = (unsigned)c->cid_gid[cid];
		if (c->slot[gid] >= 0)
			continue;
		struct cff_span cs;
		if (!cff_charstring(sub, g, &cs))
			return false;
		if (c->nglyphs == c->capglyphs) {
			c->capglyphs = c->capglyphs ? c->capglyphs * 2 : 256;
			c->glyphs = xrealloc(c->glyphs, (size_t)c->capglyphs * sizeof *c->glyphs);
		}
		struct glyph *x = &c->glyphs[c->nglyphs];
		x->cid = (uint16_t)cid;
		x->fd = c->orig.fds[gid];
		int adv = (int)hb_font_get_glyph_h_advance(c->font, gid);
		x->width = (int)((long)adv * 1000 / (long)c->upem);
		flate_code_bits(&c->code, sub->data + cs.start, cs.end - cs.start, &x->bits);
		c->slot[gid] = c->nglyphs++;
	}
	return true;
}

/* The parts every program shares, from a subset holding a glyph of every
 * Font DICT. */
static bool take_shared_parts(struct glyph_cache *c, const struct cff_font *sub)
{
	static const unsigned top_skip[] = { 15, 16, 17, 18, 1236, 1237 };
	static const unsigned font_skip[] = { 18, 1238 };
	static const unsigned private_skip[] = { 19 };
	sb_append(&c->header, (const char *)sub->data, sub->header.end);
	sb_append(&c->name_index, (const char *)sub->data + sub->name_index.start,
		  sub->name_index.end - sub->name_index.start);
	/* Only the strings the Top DICT names (the standard strings are SIDs
	 * 0-390): the Font DICTs' names are left out with their FontName. */
	long max_sid = cff_dict_max_sid(sub, sub->top_dict);
	if (max_sid < 0 ||
	    !cff_string_index_prefix(sub, max_sid > 390 ? (unsigned)(max_sid - 390) : 0, &c->string_index))
		return false;
	sb_append(&c->gsubr_index, (const char *)sub->data + sub->gsubr_index.start,
		  sub->gsubr_index.end - sub->gsubr_index.start);
	if (!cff_dict_copy(sub, sub->top_dict, top_skip, 6, &c->top_ops))
		return false;
	for (unsigned g = 0; g < sub->nglyphs; g++) {
		unsigned cid = sub->cids[g];
		if (cid >= c->ncids || c->cid_gid[cid] < 0)
			return false;
		struct fd_parts *p = &c->fds[c->orig.fds[c->cid_gid[cid]]];
		if (p->found)
			continue;
		p->found = true;
		if (!cff_dict_copy(sub, sub->font_dicts[sub->fds[g]], font_skip, 2, &p->font_dict) ||
		    !cff_dict_copy(sub, sub->privates[sub->fds[g]], private_skip, 1, &p->private_dict))
			return false;
	}
	return true;
}

static bool read_face(struct glyph_cache *c)
{
	c->blob = hb_face_reference_table(c->face, HB_TAG('C', 'F', 'F', ' '));
	unsigned len = 0;
	const unsigned char *data = (const unsigned char *)hb_blob_get_data(c->blob, &len);
	if (!data || !cff_open(data, len, &c->orig))
		return false;
	/* The statistics of the code: the bytes of 64 stretches of 4 KB
	 * spread over the face's CFF table (outlines and subroutines) — a
	 * fact of the face, the same in every process, without reading all
	 * of a 20 MB face. */
	uint64_t counts[256] = { 0 };
	for (unsigned k = 0; k < 64; k++) {
		size_t from = (size_t)len / 64 * k, to = from + 4096 < len ? from + 4096 : len;
		for (size_t i = from; i < to; i++)
			counts[data[i]]++;
	}
	flate_code_init(&c->code, counts);
	c->ncids = 65536;
	c->cid_gid = xmalloc(c->ncids * sizeof *c->cid_gid);
	memset(c->cid_gid, 0xFF, c->ncids * sizeof *c->cid_gid);
	for (unsigned gid = c->orig.nglyphs; gid-- > 0;)
		c->cid_gid[c->orig.cids[gid]] = (int32_t)gid;
	c->slot = xmalloc(c->orig.nglyphs * sizeof *c->slot);
	memset(c->slot, 0xFF, c->orig.nglyphs * sizeof *c->slot);
	c->fds = xcalloc(c->orig.nfds, sizeof *c->fds);
	/* One glyph of every Font DICT, so that the subset has them all. */
	hb_set_t *first = hb_set_create();
	hb_set_add(first, 0);
	bool *seen = xcalloc(c->orig.nfds, sizeof *seen);
	for (unsigned gid = 0; gid < c->orig.nglyphs; gid++)
		if (!seen[c->orig.fds[gid]]) {
			seen[c->orig.fds[gid]] = true;
			hb_set_add(first, gid);
		}
	free(seen);
	hb_face_t *sub = subset_glyphs(c, first);
	hb_set_destroy(first);
	if (!sub)
		return false;
	hb_blob_t *sub_blob = hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '));
	const unsigned char *sd = (const unsigned char *)hb_blob_get_data(sub_blob, &len);
	struct cff_font s;
	bool ok = sd && cff_open(sd, len, &s);
	if (ok) {
		ok = take_shared_parts(c, &s) && take_glyphs(c, &s);
		cff_close(&s);
	}
	hb_blob_destroy(sub_blob);
	hb_face_destroy(sub);
	release_face_pages(c);
	return ok;
}

static unsigned gid_of(const struct glyph_cache *c, uint32_t cp)
{
	hb_codepoint_t gid = 0;
	if (!hb_font_get_nominal_glyph(c->font, cp, &gid) || gid >= c->orig.nglyphs)
		gid = 0;
	return (unsigned)gid;
}

bool glyph_cache_need(struct glyph_cache *c, const hb_set_t *cps)
{
	if (c->state == UNREAD)
		c->state = read_face(c) ? READY : UNUSABLE;
	if (c->state != READY)
		return false;
	hb_set_t *missing = hb_set_create();
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(cps, &cp)) {
		unsigned gid = gid_of(c, cp);
		if (c->slot[gid] < 0)
			hb_set_add(missing, gid);
	}
	bool ok = true;
	if (!hb_set_is_empty(missing)) {
		hb_face_t *sub = subset_glyphs(c, missing);
		unsigned len = 0;
		hb_blob_t *blob = sub ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' ')) : NULL;
		const unsigned char *d = blob ? (const unsigned char *)hb_blob_get_data(blob, &len) : NULL;
		struct cff_font s;
		ok = d && cff_open(d, len, &s);
		if (ok) {
			ok = take_glyphs(c, &s);
			cff_close(&s);
		}
		hb_blob_destroy(blob);
		if (sub)
			hb_face_destroy(sub);
		release_face_pages(c);
		/* Every glyph asked for must now be there. */
		cp = HB_SET_VALUE_INVALID;
		while (ok && hb_set_next(missing, &cp))
			ok = c->slot[cp] >= 0;
	}
	hb_set_destroy(missing);
	return ok;
}

static const struct glyph *glyph_of(struct glyph_cache *c, uint32_t cp)
{
	unsigned k = (cp ^ (cp >> 12)) & 4095;
	if (c->memo[k].glyph < 0 || c->memo[k].cp != cp) {
		c->memo[k].cp = cp;
		c->memo[k].glyph = c->slot[gid_of(c, cp)];
	}
	return &c->glyphs[c->memo[k].glyph];
}

int glyph_cache_width(struct glyph_cache *c, uint32_t cp)
{
	return glyph_of(c, cp)->width;
}

/* ---- writing a program ---- */

static void put_card(struct strbuf *b, uint32_t v, int size)
{
	for (int i = size - 1; i >= 0; i--)
		sb_putc(b, (char)(v >> (8 * i)));
}

/* An integer operand in its five-byte form, so that sizes are known
 * before the offsets are. */
static void put_int(struct strbuf *b, uint32_t v)
{
	sb_putc(b, 29);
	put_card(b, v, 4);
}

static int off_size(size_t largest)
{
	return largest < 0x100 ? 1 : largest < 0x10000 ? 2 : largest < 0x1000000 ? 3 : 4;
}

/* An INDEX's count and offsets for items of these sizes (data follows). */
static void put_index_head(struct strbuf *b, const size_t *sizes, unsigned n)
{
	size_t total = 0;
	for (unsigned i = 0; i < n; i++)
		total += sizes[i];
	put_card(b, n, 2);
	int os = off_size(total + 1);
	sb_putc(b, (char)os);
	size_t at = 1;
	put_card(b, (uint32_t)at, os);
	for (unsigned i = 0; i < n; i++) {
		at += sizes[i];
		put_card(b, (uint32_t)at, os);
	}
}

static size_t index_head_size(size_t total, unsigned n)
{
	return 3 + (size_t)(n + 1) * (size_t)off_size(total + 1);
}

/* Glyphs by Font DICT, in the order met within one (notdef first). */
struct placed {
	int slot, met;
	uint8_t fd;
};

static int by_fd_then_met(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	if ((x->met == 0) != (y->met == 0))
		return x->met == 0 ? -1 : 1;
	if (x->fd != y->fd)
		return x->fd - y->fd;
	return x->met - y->met;
}

void glyph_cache_program(struct glyph_cache *c, const hb_set_t *cps, struct strbuf *out, struct program_glyph **glyphs,
			 unsigned *nglyphs, unsigned *codes)
{
	/* .notdef first, then the glyphs in the order of the code points they
	 * draw, grouped by Font DICT; glyph i is CID i. */
	unsigned ncps = hb_set_get_population(cps);
	struct placed *placed = xmalloc(((size_t)ncps + 1) * sizeof *placed);
	int *slot_of_cp = xmalloc(((size_t)ncps + 1) * sizeof *slot_of_cp);
	int *cid_of_slot = xmalloc(((size_t)c->nglyphs + 1) * sizeof *cid_of_slot);
	for (int i = 0; i < c->nglyphs; i++)
		cid_of_slot[i] = -1;
	unsigned n = 0;
	placed[n] = (struct placed){ c->slot[0], 0, c->glyphs[c->slot[0]].fd };
	cid_of_slot[c->slot[0]] = (int)n++;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	for (unsigned k = 0; hb_set_next(cps, &cp); k++) {
		int slot = c->slot[gid_of(c, cp)];
		slot_of_cp[k] = slot;
		if (cid_of_slot[slot] < 0) {
			cid_of_slot[slot] = (int)n;
			placed[n] = (struct placed){ slot, (int)n, c->glyphs[slot].fd };
			n++;
		}
	}
	qsort(placed, n, sizeof *placed, by_fd_then_met);
	int *order = xmalloc(n * sizeof *order);
	for (unsigned i = 0; i < n; i++) {
		order[i] = placed[i].slot;
		cid_of_slot[placed[i].slot] = (int)i;
	}
	for (unsigned k = 0; k < ncps; k++)
		codes[k] = (unsigned)cid_of_slot[slot_of_cp[k]];
	free(placed);
	free(slot_of_cp);
	free(cid_of_slot);

	/* Font DICTs used, in order of first use, and the FDSelect ranges. */
	int fd_index[256], fd_order[256], nfd = 0, nranges = 0;
	memset(fd_index, 0xFF, sizeof fd_index);
	for (unsigned i = 0; i < n; i++) {
		int fd = c->glyphs[order[i]].fd;
		if (fd_index[fd] < 0) {
			fd_index[fd] = nfd;
			fd_order[nfd++] = fd;
		}
		if (i == 0 || fd != c->glyphs[order[i - 1]].fd)
			nranges++;
	}
	size_t fd_sizes[256], fd_total = 0, private_total = 0;
	for (int k = 0; k < nfd; k++) {
		fd_sizes[k] = c->fds[fd_order[k]].font_dict.len + 11;
		fd_total += fd_sizes[k];
		private_total += c->fds[fd_order[k]].private_dict.len;
	}
	size_t *cs_sizes = xmalloc(n * sizeof *cs_sizes), cs_total = 0;
	for (unsigned i = 0; i < n; i++) {
		cs_sizes[i] = c->glyphs[order[i]].bits.nbytes;
		cs_total += cs_sizes[i];
	}

	/* Where everything goes. */
	size_t top_size = c->top_ops.len + 26;
	size_t at = c->header.len + c->name_index.len + index_head_size(top_size, 1) + top_size + c->string_index.len +
		    c->gsubr_index.len;
	size_t charset_at = at;
	at += n > 1 ? 5 : 1;
	size_t fdselect_at = at;
	at += 5 + 3 * (size_t)nranges;
	size_t fdarray_at = at;
	at += index_head_size(fd_total, (unsigned)nfd) + fd_total;
	size_t private_at = at;
	at += private_total;
	size_t charstrings_at = at;

	struct strbuf head = STRBUF_INIT;
	sb_append(&head, c->header.data, c->header.len);
	sb_append(&head, c->name_index.data, c->name_index.len);
	put_index_head(&head, &top_size, 1);
	sb_append(&head, c->top_ops.data, c->top_ops.len);
	put_int(&head, (uint32_t)charset_at), sb_putc(&head, 15);
	put_int(&head, (uint32_t)charstrings_at), sb_putc(&head, 17);
	put_int(&head, (uint32_t)fdarray_at), sb_append(&head, "\x0c\x24", 2);
	put_int(&head, (uint32_t)fdselect_at), sb_append(&head, "\x0c\x25", 2);
	sb_append(&head, c->string_index.data, c->string_index.len);
	sb_append(&head, c->gsubr_index.data, c->gsubr_index.len);
	if (n > 1) {
		/* Format 2, one range: glyph i is CID i. */
		sb_putc(&head, 2);
		put_card(&head, 1, 2);
		put_card(&head, n - 2, 2);
	} else {
		sb_putc(&head, 0); /* format 0: nothing but .notdef */
	}
	sb_putc(&head, 3); /* FDSelect format 3 */
	put_card(&head, (uint32_t)nranges, 2);
	for (unsigned i = 0; i < n; i++)
		if (i == 0 || c->glyphs[order[i]].fd != c->glyphs[order[i - 1]].fd) {
			put_card(&head, i, 2);
			put_card(&head, (uint32_t)fd_index[c->glyphs[order[i]].fd], 1);
		}
	put_card(&head, n, 2);
	put_index_head(&head, fd_sizes, (unsigned)nfd);
	size_t p = private_at;
	for (int k = 0; k < nfd; k++) {
		const struct fd_parts *fp = &c->fds[fd_order[k]];
		sb_append(&head, fp->font_dict.data, fp->font_dict.len);
		put_int(&head, (uint32_t)fp->private_dict.len);
		put_int(&head, (uint32_t)p);
		sb_putc(&head, 18);
		p += fp->private_dict.len;
	}
	for (int k = 0; k < nfd; k++)
		sb_append(&head, c->fds[fd_order[k]].private_dict.data, c->fds[fd_order[k]].private_dict.len);
	put_index_head(&head, cs_sizes, n);

	struct flate_splice s;
	flate_splice_begin(&s, &c->code, out, (const unsigned char *)head.data, head.len);
	for (unsigned i = 0; i < n; i++)
		flate_splice_add(&s, &c->glyphs[order[i]].bits);
	flate_splice_end(&s);
	sb_free(&head);
	free(cs_sizes);

	*glyphs = xmalloc(n * sizeof **glyphs);
	for (unsigned i = 0; i < n; i++)
		(*glyphs)[i] = (struct program_glyph){ i, c->glyphs[order[i]].width };
	*nglyphs = n;
	free(order);
}
