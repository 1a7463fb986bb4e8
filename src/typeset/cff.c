#include "cff.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strbuf.h"

struct reader {
	const unsigned char *data;
	size_t len;
};

static bool card(const struct reader *r, size_t at, int size, uint32_t *v)
{
	if (size < 1 || size > 4 || at > r->len || r->len - at < (size_t)size)
		return false;
	*v = 0;
	for (int i = 0; i < size; i++)
		*v = *v << 8 | r->data[at + (size_t)i];
	return true;
}

/* An INDEX at *at (struct cff_index, cff.h); *at moves past it. */
static bool read_index(const struct reader *r, size_t *at, struct cff_index *ix)
{
	memset(ix, 0, sizeof *ix);
	if (!card(r, *at, 2, &ix->count))
		return false;
	if (ix->count == 0) {
		*at += 2;
		return true;
	}
	uint32_t off_size, last;
	if (!card(r, *at + 2, 1, &off_size) || off_size < 1 || off_size > 4)
		return false;
	ix->off_size = (int)off_size;
	ix->offsets = *at + 3;
	ix->data_base = ix->offsets + (size_t)(ix->count + 1) * off_size - 1;
	if (!card(r, ix->offsets + (size_t)ix->count * off_size, ix->off_size, &last) || last < 1 ||
	    ix->data_base > r->len || r->len - ix->data_base < last)
		return false;
	*at = ix->data_base + last;
	return true;
}

/* Item i of an INDEX as [*start, *end). */
static bool index_item(const struct reader *r, const struct cff_index *ix, uint32_t i, size_t *start, size_t *end)
{
	uint32_t a, b;
	if (i >= ix->count || !card(r, ix->offsets + (size_t)i * (size_t)ix->off_size, ix->off_size, &a) ||
	    !card(r, ix->offsets + (size_t)(i + 1) * (size_t)ix->off_size, ix->off_size, &b) || a < 1 || b < a)
		return false;
	*start = ix->data_base + a;
	*end = ix->data_base + b;
	return *end <= r->len;
}

/* Walks a DICT: each operator with its operands (integers; a real is
 * kept as 0, never being an offset) and where its operands began. */
typedef bool (*dict_fn)(void *ctx, unsigned op, size_t start, size_t end, const long *args, int nargs);

static bool dict_walk(const struct reader *r, size_t at, size_t end, dict_fn each, void *ctx)
{
	long operands[48];
	int n = 0;
	size_t op_start = at;
	while (at < end) {
		unsigned b0 = r->data[at];
		if (b0 <= 21) {
			unsigned op = b0;
			at++;
			if (b0 == 12) {
				if (at >= end)
					return false;
				op = 1200 + r->data[at++];
			}
			if (!each(ctx, op, op_start, at, operands, n))
				return false;
			n = 0;
			op_start = at;
			continue;
		}
		long v;
		uint32_t u;
		if (b0 == 28) {
			if (!card(r, at + 1, 2, &u))
				return false;
			v = (int16_t)u;
			at += 3;
		} else if (b0 == 29) {
			if (!card(r, at + 1, 4, &u))
				return false;
			v = (int32_t)u;
			at += 5;
		} else if (b0 == 30) {
			/* A real: nibbles up to 0xF; never an offset, so its value is not kept. */
			at++;
			while (at < end && (r->data[at] & 0x0F) != 0x0F && (r->data[at] >> 4) != 0x0F)
				at++;
			at++;
			v = 0;
		} else if (b0 >= 32 && b0 <= 246) {
			v = (long)b0 - 139;
			at++;
		} else if (b0 >= 247 && b0 <= 254) {
			if (at + 1 >= end)
				return false;
			long w = ((long)b0 - (b0 <= 250 ? 247 : 251)) * 256 + r->data[at + 1] + 108;
			v = b0 <= 250 ? w : -w;
			at += 2;
		} else {
			return false;
		}
		if (n == (int)(sizeof operands / sizeof *operands))
			return false;
		operands[n++] = v;
	}
	return at == end;
}

/* The Top DICT entries needed here. */
struct top_dict {
	bool ros;
	long charset, charstrings, fdarray, fdselect;
};

static bool top_entry(void *ctx, unsigned op, size_t start, size_t end, const long *args, int n)
{
	(void)start, (void)end;
	struct top_dict *t = ctx;
	if (op == 1230)
		t->ros = true;
	else if (op == 15 && n >= 1)
		t->charset = args[n - 1];
	else if (op == 17 && n >= 1)
		t->charstrings = args[n - 1];
	else if (op == 1236 && n >= 1)
		t->fdarray = args[n - 1];
	else if (op == 1237 && n >= 1)
		t->fdselect = args[n - 1];
	return true;
}

static bool parse_top_dict(const struct reader *r, size_t at, size_t end, struct top_dict *t)
{
	t->ros = false;
	t->charset = 0;
	t->charstrings = t->fdarray = t->fdselect = -1;
	return dict_walk(r, at, end, top_entry, t);
}

/* Charset formats 0, 1 and 2: the SID (name-keyed) or CID of glyphs 1..n-1. */
static bool read_charset(const struct reader *r, size_t at, struct cff_info *info)
{
	uint32_t format;
	if (!card(r, at, 1, &format))
		return false;
	at++;
	unsigned gid = 1;
	if (format == 0) {
		for (; gid < info->nglyphs; gid++, at += 2) {
			uint32_t cid;
			if (!card(r, at, 2, &cid))
				return false;
			info->cids[gid] = (uint16_t)cid;
		}
		return true;
	}
	if (format != 1 && format != 2)
		return false;
	int left_size = format == 1 ? 1 : 2;
	while (gid < info->nglyphs) {
		uint32_t first, left;
		if (!card(r, at, 2, &first) || !card(r, at + 2, left_size, &left))
			return false;
		at += 2 + (size_t)left_size;
		for (uint32_t k = 0; k <= left && gid < info->nglyphs; k++)
			info->cids[gid++] = (uint16_t)(first + k);
	}
	return true;
}

bool cff_read(const unsigned char *data, size_t len, struct cff_info *out)
{
	memset(out, 0, sizeof *out);
	struct reader r = { data, len };
	uint32_t major, hdr_size;
	if (!card(&r, 0, 1, &major) || major != 1 || !card(&r, 2, 1, &hdr_size))
		return false;
	size_t at = hdr_size, start, end;
	struct cff_index names, top, charstrings;
	struct top_dict t;
	if (!read_index(&r, &at, &names) || !read_index(&r, &at, &top) || names.count != 1 ||
	    !index_item(&r, &top, 0, &start, &end) || !parse_top_dict(&r, start, end, &t) || t.charstrings <= 0 ||
	    (size_t)t.charstrings >= len)
		return false;
	at = (size_t)t.charstrings;
	if (!read_index(&r, &at, &charstrings) || charstrings.count == 0 || charstrings.count > 65536)
		return false;
	out->cid_keyed = t.ros;
	out->nglyphs = charstrings.count;
	out->cids = xcalloc(out->nglyphs, sizeof *out->cids);
	if (t.ros) {
		/* A CID-keyed font has its own charset (offsets 0-2 name
		 * predefined Latin charsets). */
		if (t.charset <= 2 || (size_t)t.charset >= len || !read_charset(&r, (size_t)t.charset, out)) {
			cff_free(out);
			return false;
		}
	} else {
		for (unsigned gid = 0; gid < out->nglyphs; gid++)
			out->cids[gid] = (uint16_t)gid;
	}
	for (unsigned gid = 0; gid < out->nglyphs; gid++)
		if (out->cids[gid] > out->max_cid)
			out->max_cid = out->cids[gid];
	return true;
}

void cff_free(struct cff_info *info)
{
	free(info->cids);
	memset(info, 0, sizeof *info);
}

/* ---- a CID-keyed font opened whole ---- */

static bool span_of_index(const struct reader *r, size_t *at, struct cff_span *span, struct cff_index *ix)
{
	span->start = *at;
	if (!read_index(r, at, ix))
		return false;
	span->end = *at;
	return true;
}

/* FDSelect formats 0 and 3: the Font DICT of every glyph. */
static bool read_fdselect(const struct reader *r, size_t at, struct cff_font *f)
{
	uint32_t format;
	if (!card(r, at, 1, &format))
		return false;
	if (format == 0) {
		for (unsigned gid = 0; gid < f->nglyphs; gid++) {
			uint32_t fd;
			if (!card(r, at + 1 + gid, 1, &fd))
				return false;
			f->fds[gid] = (uint8_t)fd;
		}
		return true;
	}
	uint32_t nranges, first, fd, next;
	if (format != 3 || !card(r, at + 1, 2, &nranges) || nranges == 0)
		return false;
	for (uint32_t i = 0; i < nranges; i++) {
		size_t p = at + 3 + 3 * (size_t)i;
		if (!card(r, p, 2, &first) || !card(r, p + 2, 1, &fd) || !card(r, p + 3, 2, &next) || next < first ||
		    next > f->nglyphs)
			return false;
		for (uint32_t gid = first; gid < next; gid++)
			f->fds[gid] = (uint8_t)fd;
	}
	return true;
}

struct private_of {
	long size, offset;
	bool found;
};

static bool private_entry(void *ctx, unsigned op, size_t start, size_t end, const long *args, int n)
{
	(void)start, (void)end;
	struct private_of *p = ctx;
	if (op == 18 && n >= 2) {
		p->size = args[n - 2];
		p->offset = args[n - 1];
		p->found = true;
	}
	return true;
}

bool cff_open(const unsigned char *data, size_t len, struct cff_font *f)
{
	memset(f, 0, sizeof *f);
	f->data = data;
	f->len = len;
	struct reader r = { data, len };
	uint32_t major, hdr_size;
	if (!card(&r, 0, 1, &major) || major != 1 || !card(&r, 2, 1, &hdr_size) || hdr_size < 4)
		return false;
	f->header.start = 0;
	f->header.end = hdr_size;
	size_t at = hdr_size, start, end;
	struct cff_index names, top, strings, gsubrs, fdarray;
	struct top_dict t;
	if (!span_of_index(&r, &at, &f->name_index, &names) || names.count != 1 || !read_index(&r, &at, &top) ||
	    !index_item(&r, &top, 0, &start, &end) || !parse_top_dict(&r, start, end, &t) || !t.ros ||
	    t.charstrings <= 0 || (size_t)t.charstrings >= len || t.fdarray <= 0 || (size_t)t.fdarray >= len ||
	    t.fdselect <= 0 || (size_t)t.fdselect >= len || t.charset <= 2 || (size_t)t.charset >= len)
		return false;
	f->top_dict.start = start;
	f->top_dict.end = end;
	if (!span_of_index(&r, &at, &f->string_index, &strings) || !span_of_index(&r, &at, &f->gsubr_index, &gsubrs))
		return false;
	at = (size_t)t.charstrings;
	if (!read_index(&r, &at, &f->charstrings) || f->charstrings.count == 0 || f->charstrings.count > 65536)
		return false;
	f->nglyphs = f->charstrings.count;
	struct cff_info info = { .cid_keyed = true, .nglyphs = f->nglyphs };
	info.cids = f->cids = xcalloc(f->nglyphs, sizeof *f->cids);
	f->fds = xcalloc(f->nglyphs, 1);
	if (!read_charset(&r, (size_t)t.charset, &info) || !read_fdselect(&r, (size_t)t.fdselect, f)) {
		cff_close(f);
		return false;
	}
	at = (size_t)t.fdarray;
	if (!read_index(&r, &at, &fdarray) || fdarray.count == 0 || fdarray.count > 256) {
		cff_close(f);
		return false;
	}
	f->nfds = fdarray.count;
	f->font_dicts = xcalloc(f->nfds, sizeof *f->font_dicts);
	f->privates = xcalloc(f->nfds, sizeof *f->privates);
	for (unsigned i = 0; i < f->nfds; i++) {
		struct private_of p = { 0 };
		if (!index_item(&r, &fdarray, i, &f->font_dicts[i].start, &f->font_dicts[i].end) ||
		    !dict_walk(&r, f->font_dicts[i].start, f->font_dicts[i].end, private_entry, &p) || !p.found ||
		    p.size < 0 || p.offset <= 0 || (size_t)p.offset > len || len - (size_t)p.offset < (size_t)p.size) {
			cff_close(f);
			return false;
		}
		f->privates[i].start = (size_t)p.offset;
		f->privates[i].end = (size_t)(p.offset + p.size);
	}
	for (unsigned gid = 0; gid < f->nglyphs; gid++)
		if (f->fds[gid] >= f->nfds) {
			cff_close(f);
			return false;
		}
	return true;
}

bool cff_charstring(const struct cff_font *f, unsigned gid, struct cff_span *out)
{
	struct reader r = { f->data, f->len };
	return index_item(&r, &f->charstrings, gid, &out->start, &out->end);
}

void cff_close(struct cff_font *f)
{
	free(f->cids);
	free(f->fds);
	free(f->font_dicts);
	free(f->privates);
	memset(f, 0, sizeof *f);
}

/* Copies a DICT's operators but those in skip, with their operands. */
struct dict_copy {
	const unsigned char *data;
	const unsigned *skip;
	int nskip;
	struct strbuf *out;
};

static bool copy_entry(void *ctx, unsigned op, size_t start, size_t end, const long *args, int n)
{
	(void)args, (void)n;
	struct dict_copy *c = ctx;
	for (int i = 0; i < c->nskip; i++)
		if (c->skip[i] == op)
			return true;
	sb_append(c->out, (const char *)c->data + start, end - start);
	return true;
}

bool cff_dict_copy(const struct cff_font *f, struct cff_span dict, const unsigned *skip, int nskip, struct strbuf *out)
{
	struct reader r = { f->data, f->len };
	struct dict_copy c = { f->data, skip, nskip, out };
	return dict_walk(&r, dict.start, dict.end, copy_entry, &c);
}

/* The largest string id a DICT names (0 if none): the operators whose
 * operands are SIDs (version, Notice, Copyright, FullName, FamilyName,
 * Weight, PostScript, BaseFontName, FontName, and ROS's registry and
 * ordering). */
static bool sid_entry(void *ctx, unsigned op, size_t start, size_t end, const long *args, int n)
{
	(void)start, (void)end;
	long *max = ctx;
	static const unsigned sid_ops[] = { 0, 1, 2, 3, 4, 1200, 1221, 1222, 1238 };
	int first = -1, last = -1;
	for (size_t i = 0; i < sizeof sid_ops / sizeof *sid_ops; i++)
		if (op == sid_ops[i])
			first = last = n - 1;
	if (op == 1230 && n >= 3)
		first = n - 3, last = n - 2;
	for (int i = first; i >= 0 && i <= last; i++)
		if (args[i] > *max)
			*max = args[i];
	return true;
}

long cff_dict_max_sid(const struct cff_font *f, struct cff_span dict)
{
	struct reader r = { f->data, f->len };
	long max = 0;
	return dict_walk(&r, dict.start, dict.end, sid_entry, &max) ? max : -1;
}

bool cff_string_index_prefix(const struct cff_font *f, unsigned count, struct strbuf *out)
{
	struct reader r = { f->data, f->len };
	size_t at = f->string_index.start, first = 0, end = 0;
	struct cff_index ix;
	if (!read_index(&r, &at, &ix) || count > ix.count)
		return false;
	if (count == 0) {
		sb_append(out, "\0\0", 2);
		return true;
	}
	if (!index_item(&r, &ix, 0, &first, &end) || !index_item(&r, &ix, count - 1, &end, &end))
		return false;
	size_t total = end - first;
	int os = total + 1 < 0x100 ? 1 : total + 1 < 0x10000 ? 2 : total + 1 < 0x1000000 ? 3 : 4;
	unsigned char head[3] = { (unsigned char)(count >> 8), (unsigned char)count, (unsigned char)os };
	sb_append(out, (const char *)head, 3);
	for (unsigned i = 0; i <= count; i++) {
		size_t s = 0, e = 0;
		size_t off = i < count ? (index_item(&r, &ix, i, &s, &e), s - first + 1) : total + 1;
		for (int k = os - 1; k >= 0; k--)
			sb_putc(out, (char)(off >> (8 * k)));
	}
	sb_append(out, (const char *)f->data + first, total);
	return true;
}
