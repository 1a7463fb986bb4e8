/* strmap.h: string -> int map (open addressing), for joins on record ids,
 * PI ids and duplicate checks. Keys are borrowed, not copied: they must
 * outlive the map (they live in the batch arena). */
#ifndef GRANTDOC_STRMAP_H
#define GRANTDOC_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap {
	const char **keys;
	int *values;
	size_t cap, count;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* Pointer to the value for key, or NULL. */
int *strmap_get(const struct strmap *m, const char *key);
/* Inserts key with value if absent; returns the value slot either way. */
int *strmap_put(struct strmap *m, const char *key, int value);

struct arena;
/* The one copy of s the map holds, copied into arena the first time:
 * a column that repeats a few values over a million rows (a panel's task
 * id) costs one string per value. */
const char *strmap_intern(struct strmap *m, struct arena *arena, const char *s);

#endif
