#include "rejects.h"

#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "rejectzh.h"
#include "strbuf.h"
#include "utf8.h"

#define REJECT_VALUE_MAX 200

void rejects_init(struct rejects *r, struct arena *arena)
{
	memset(r, 0, sizeof *r);
	r->arena = arena;
	strmap_init(&r->records);
}

void rejects_free(struct rejects *r)
{
	free(r->items);
	r->items = NULL;
	r->count = r->cap = 0;
	strmap_free(&r->records);
}

/* Keeps at most REJECT_VALUE_MAX code points, cutting between characters. */
static const char *shorten(struct arena *a, const char *value)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t n = strlen(value), i = 0;
	for (int chars = 0; i < n; chars++) {
		if (chars == REJECT_VALUE_MAX) {
			char *s = arena_alloc(a, i + 4);
			memcpy(s, value, i);
			memcpy(s + i, "…", 4);
			return s;
		}
		uint32_t cp;
		int len = utf8_decode(p + i, n - i, &cp);
		i += len > 0 ? (size_t)len : 1;
	}
	return arena_strdup(a, value);
}

void rejects_add(struct rejects *r, const char *file, long line, const char *field, const char *value,
		 const char *error)
{
	rejects_add_at(r, file, line, "", field, value, error);
}

void rejects_add_at(struct rejects *r, const char *file, long line, const char *where, const char *field,
		    const char *value, const char *error)
{
	if (r->count == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->items = xrealloc(r->items, (size_t)r->cap * sizeof *r->items);
	}
	struct reject *x = &r->items[r->count++];
	x->file = arena_strdup(r->arena, file);
	x->line = line;
	x->field = arena_strdup(r->arena, field ? field : "");
	x->value = shorten(r->arena, value ? value : "");
	struct strbuf sb = STRBUF_INIT;
	if (where && *where)
		sb_printf(&sb, "%s: %s", where, error);
	else
		sb_puts(&sb, error);
	x->error = arena_strdup(r->arena, sb.data);
	sb_reset(&sb);
	reject_message_zh(where, error, &sb);
	x->message = arena_strdup(r->arena, sb.data);
	sb_free(&sb);
}

/* "applications" of "applications.csv" or "applications.xlsx". */
static size_t stem_len(const char *file)
{
	const char *dot = strrchr(file, '.');
	return dot ? (size_t)(dot - file) : strlen(file);
}

/* "kind\x1fkey" in buf when it fits, else in the arena. */
static const char *record_key(struct arena *a, char *buf, size_t size, const void *kind, const char *key)
{
	size_t n = strlen(key) + 32;
	char *k = n <= size ? buf : arena_alloc(a, n);
	snprintf(k, n, "%p\x1f%s", kind, key);
	return k;
}

void rejects_note_record(struct rejects *r, const void *kind, const char *key)
{
	if (r->count == 0 || !key[0])
		return;
	char buf[256];
	const char *k = record_key(r->arena, buf, sizeof buf, kind, key);
	if (!strmap_get(&r->records, k))
		strmap_put(&r->records, arena_strdup(r->arena, k), r->count - 1);
}

const struct reject *rejects_find_record(const struct rejects *r, const void *kind, const char *key)
{
	char buf[256];
	const char *k = record_key(r->arena, buf, sizeof buf, kind, key);
	const int *i = strmap_get(&r->records, k);
	return i ? &r->items[*i] : NULL;
}

int rejects_count_file(const struct rejects *r, const char *file)
{
	int n = 0;
	size_t k = stem_len(file);
	for (int i = 0; i < r->count; i++) {
		const char *f = r->items[i].file;
		n += stem_len(f) == k && strncmp(f, file, k) == 0;
	}
	return n;
}

int rejects_by_file(const struct rejects *r, const char **files, int *counts)
{
	struct strmap at;
	strmap_init(&at);
	int n = 0;
	for (int i = 0; i < r->count; i++) {
		int *k = strmap_put(&at, r->items[i].file, n);
		if (*k == n)
			files[n] = r->items[i].file, counts[n++] = 0;
		counts[*k]++;
	}
	strmap_free(&at);
	return n;
}
