#include "shard.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <string.h>

static bool decimal(const char *s, const char *end, int *out)
{
	if (s == end || end - s > 4 || (*s == '0' && end - s > 1))
		return false;
	int v = 0;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return true;
}

bool shard_parse(const char *text, struct shard *out)
{
	const char *slash = strchr(text, '/');
	struct shard s;
	if (!slash || !decimal(text, slash, &s.index) || !decimal(slash + 1, slash + strlen(slash), &s.count))
		return false;
	if (s.count < 1 || s.count > SHARD_MAX || s.index >= s.count)
		return false;
	*out = s;
	return true;
}

int shard_of(const char *record, int count)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	EVP_Digest(record, strlen(record), md, NULL, EVP_sha256(), NULL);
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | md[i];
	return (int)(v % (uint64_t)count);
}

bool shard_owns(const struct shard *s, const char *record)
{
	return s->count == 0 || shard_of(record, s->count) == s->index;
}

void shard_plan_init(struct shard_plan *p, const struct shard *s)
{
	memset(p, 0, sizeof *p);
	p->shard = *s;
}

void shard_plan_add(struct shard_plan *p, const char *file, int seq, struct arena *a)
{
	if (p->count == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->files = xrealloc(p->files, (size_t)p->cap * sizeof *p->files);
		p->seqs = xrealloc(p->seqs, (size_t)p->cap * sizeof *p->seqs);
	}
	p->files[p->count] = arena_strdup(a, file);
	p->seqs[p->count++] = seq;
}

void shard_plan_free(struct shard_plan *p)
{
	free(p->files);
	free(p->seqs);
	memset(p, 0, sizeof *p);
}
