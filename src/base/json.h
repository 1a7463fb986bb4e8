/* json.h: a strict reader for small JSON documents (RFC 8259), for the
 * manifests grantdoc writes and reads back (grantdoc merge).
 *
 * The whole document becomes a tree in an arena. Strings are UTF-8 with
 * escapes resolved; \u0000 is refused so every string is a C string.
 * Numbers keep their text; json_int64 reads the integers. Nesting deeper
 * than JSON_MAX_DEPTH is refused rather than recursed into. */
#ifndef GRANTDOC_JSON_H
#define GRANTDOC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "strbuf.h"

#define JSON_MAX_DEPTH 64

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	const char *text;          /* JSON_STRING: the value; JSON_NUMBER: its digits */
	int count;                 /* JSON_ARRAY, JSON_OBJECT: members */
	const char **keys;         /* JSON_OBJECT: member names, in document order */
	const struct json **items; /* members */
};

/* The tree of text[0..len), or NULL with "line L, column C: what" in err. */
const struct json *json_parse(const char *text, size_t len, struct arena *a, struct strbuf *err);

/* The member named key of an object (the first one), else NULL. */
const struct json *json_get(const struct json *obj, const char *key);
/* A string member's value, else NULL. */
const char *json_get_string(const struct json *obj, const char *key);
/* An integer member (no fraction, no exponent, within int64), else false. */
bool json_get_int64(const struct json *obj, const char *key, int64_t *out);
bool json_int64(const struct json *v, int64_t *out);

#endif
