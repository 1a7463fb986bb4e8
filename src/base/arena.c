#include "arena.h"

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_MIN (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

static void out_of_memory(size_t size)
{
	fprintf(stderr, "grantdoc: out of memory (%zu bytes)\n", size);
	exit(70);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		out_of_memory(size);
	return q;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void arena_init(struct arena *a)
{
	a->head = NULL;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

/* n bytes from the current block, at alignment align (1 for strings). */
static void *take(struct arena *a, size_t n, size_t align)
{
	struct arena_block *b = a->head;
	size_t at = b ? (b->used + align - 1) / align * align : 0;
	if (!b || at > b->size || b->size - at < n) {
		size_t cap = n > ARENA_BLOCK_MIN ? n : ARENA_BLOCK_MIN;
		b = xmalloc(sizeof *b + cap);
		b->next = a->head;
		b->used = 0;
		b->size = cap;
		a->head = b;
		at = 0;
	}
	void *p = b->data + at;
	b->used = at + n;
	return p;
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	size = (size + align - 1) / align * align;
	if (size == 0)
		size = align;
	void *p = take(a, size, align);
	memset(p, 0, size);
	return p;
}

/* Strings are packed byte by byte: a batch of 100,000 records is
 * millions of short strings, and rounding each to 16 bytes cost a
 * third of their memory. */
char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = take(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}
