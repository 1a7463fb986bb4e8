/* arena.h: batch-lifetime memory.
 *
 * A batch is read, decided and written in one go; every string and record
 * lives until the end of the run. An arena makes that ownership explicit:
 * nothing is freed piecemeal, everything is freed at once, and leak
 * checkers stay quiet without a free() for every field. */
#ifndef GRANTDOC_ARENA_H
#define GRANTDOC_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);

/* Zeroed memory, aligned for any object. Aborts on out-of-memory: a batch
 * tool that cannot allocate has nothing sensible to continue with. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);

/* malloc/realloc that abort on failure, for growable buffers. */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
void *xcalloc(size_t n, size_t size);

#endif
