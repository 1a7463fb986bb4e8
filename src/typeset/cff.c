#include "cff.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

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

/* An INDEX at *at: its count, and where its first item's data starts and
 * ends; *at moves past it. */
struct cff_index {
	uint32_t count;
	size_t offsets;   /* where the offset array starts */
	int off_size;
	size_t data_base; /* offsets are relative to the byte before this */
};

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
static bool index_item(const struct reader *r, const struct cff_index *ix, uint32_t i, size_t *start,
		       size_t *end)
{
	uint32_t a, b;
	if (i >= ix->count || !card(r, ix->offsets + (size_t)i * (size_t)ix->off_size, ix->off_size, &a) ||
	    !card(r, ix->offsets + (size_t)(i + 1) * (size_t)ix->off_size, ix->off_size, &b) || a < 1 || b < a)
		return false;
	*start = ix->data_base + a;
	*end = ix->data_base + b;
	return *end <= r->len;
}

/* The Top DICT entries needed here. */
struct top_dict {
	bool ros;
	long charset, charstrings;
};

static bool parse_top_dict(const struct reader *r, size_t at, size_t end, struct top_dict *t)
{
	long operands[48];
	int n = 0;
	t->ros = false;
	t->charset = 0;
	t->charstrings = -1;
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
			if (op == 1230)
				t->ros = true;
			else if (op == 15 && n >= 1)
				t->charset = operands[n - 1];
			else if (op == 17 && n >= 1)
				t->charstrings = operands[n - 1];
			n = 0;
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
	    !index_item(&r, &top, 0, &start, &end) || !parse_top_dict(&r, start, end, &t) ||
	    t.charstrings <= 0 || (size_t)t.charstrings >= len)
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
