#include "hash.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

void hasher_init(struct hasher *h)
{
	h->ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL);
}

void hasher_bytes(struct hasher *h, const void *data, size_t n)
{
	EVP_DigestUpdate(h->ctx, data, n);
}

void hasher_int(struct hasher *h, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%lld;", (long long)v);
	hasher_bytes(h, buf, (size_t)n);
}

void hasher_double(struct hasher *h, double v)
{
	char buf[40];
	int n = snprintf(buf, sizeof buf, "%.6f;", v);
	hasher_bytes(h, buf, (size_t)n);
}

void hasher_str(struct hasher *h, const char *s)
{
	if (!s) {
		hasher_bytes(h, "N;", 2);
		return;
	}
	size_t n = strlen(s);
	hasher_int(h, (int64_t)n);
	hasher_bytes(h, s, n);
}

void hasher_copy(struct hasher *to, const struct hasher *h)
{
	to->ctx = EVP_MD_CTX_new();
	EVP_MD_CTX_copy_ex(to->ctx, h->ctx);
}

void hasher_hex(struct hasher *h, char hex[65])
{
	unsigned char md[32];
	unsigned int len = 0;
	EVP_DigestFinal_ex(h->ctx, md, &len);
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
	for (unsigned i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}
