/* hash.h: SHA-256 of structured values (libcrypto), for cache keys.
 * Strings are length-prefixed so that ("ab","c") and ("a","bc") differ. */
#ifndef GRANTDOC_HASH_H
#define GRANTDOC_HASH_H

#include <stddef.h>
#include <stdint.h>

struct hasher {
	void *ctx;
};

void hasher_init(struct hasher *h);
void hasher_bytes(struct hasher *h, const void *data, size_t n);
void hasher_str(struct hasher *h, const char *s); /* NULL hashes apart from "" */
void hasher_int(struct hasher *h, int64_t v);
void hasher_double(struct hasher *h, double v);
/* A second hasher that has seen what h has (both go on apart). */
void hasher_copy(struct hasher *to, const struct hasher *h);
/* Writes 64 hex digits and a NUL; the hasher is then spent. */
void hasher_hex(struct hasher *h, char hex[65]);

#endif
