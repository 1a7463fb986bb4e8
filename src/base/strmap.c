#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->values);
	strmap_init(m);
}

static size_t slot_of(const struct strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

int *strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	size_t i = slot_of(m, key);
	return m->keys[i] ? &m->values[i] : NULL;
}

static void grow(struct strmap *m)
{
	struct strmap bigger;
	bigger.cap = m->cap ? m->cap * 2 : 64;
	bigger.count = 0;
	bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
	bigger.values = xcalloc(bigger.cap, sizeof *bigger.values);
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			strmap_put(&bigger, m->keys[i], m->values[i]);
	free(m->keys);
	free(m->values);
	*m = bigger;
}

const char *strmap_intern(struct strmap *m, struct arena *arena, const char *s)
{
	if (m->cap) {
		size_t i = slot_of(m, s);
		if (m->keys[i])
			return m->keys[i];
	}
	const char *copy = arena_strdup(arena, s);
	strmap_put(m, copy, 0);
	return copy;
}

int *strmap_put(struct strmap *m, const char *key, int value)
{
	if ((m->count + 1) * 2 > m->cap)
		grow(m);
	size_t i = slot_of(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->values[i] = value;
		m->count++;
	}
	return &m->values[i];
}
