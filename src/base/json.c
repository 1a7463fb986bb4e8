#include "json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

struct parser {
	const char *p, *end, *start;
	struct arena *a;
	struct strbuf *err;
	struct strbuf scratch;
	bool failed;
};

static void fail(struct parser *ps, const char *what)
{
	if (ps->failed)
		return;
	ps->failed = true;
	int line = 1, col = 1;
	for (const char *q = ps->start; q < ps->p && q < ps->end; q++) {
		if (*q == '\n')
			line++, col = 1;
		else if (((unsigned char)*q & 0xC0) != 0x80)
			col++;
	}
	sb_printf(ps->err, "line %d, column %d: %s", line, col, what);
}

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static bool literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return false;
	ps->p += n;
	return true;
}

static int hex4(const char *s)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* \uXXXX, with a following low surrogate for a high one. */
static bool unicode_escape(struct parser *ps, uint32_t *cp)
{
	if (ps->end - ps->p < 5 || hex4(ps->p + 1) < 0)
		return fail(ps, "\\u needs four hex digits"), false;
	uint32_t u = (uint32_t)hex4(ps->p + 1);
	ps->p += 5;
	if (u >= 0xDC00 && u <= 0xDFFF)
		return fail(ps, "lone low surrogate"), false;
	if (u >= 0xD800 && u <= 0xDBFF) {
		if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' || hex4(ps->p + 2) < 0)
			return fail(ps, "high surrogate without its low half"), false;
		uint32_t lo = (uint32_t)hex4(ps->p + 2);
		if (lo < 0xDC00 || lo > 0xDFFF)
			return fail(ps, "high surrogate without its low half"), false;
		ps->p += 6;
		u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
	}
	if (u == 0)
		return fail(ps, "\\u0000 is not accepted"), false;
	*cp = u;
	return true;
}

static bool escape(struct parser *ps)
{
	ps->p++; /* the backslash */
	if (ps->p >= ps->end)
		return fail(ps, "unterminated string"), false;
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k = strchr(from, *ps->p);
	if (*ps->p && k) {
		sb_putc(&ps->scratch, to[k - from]);
		ps->p++;
		return true;
	}
	if (*ps->p != 'u')
		return fail(ps, "unknown escape"), false;
	uint32_t cp;
	if (!unicode_escape(ps, &cp))
		return false;
	char buf[4];
	sb_append(&ps->scratch, buf, utf8_encode(cp, buf));
	return true;
}

static const char *string(struct parser *ps)
{
	ps->p++; /* the opening quote */
	sb_reset(&ps->scratch);
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;
		if (c < 0x20)
			return fail(ps, "control character in a string"), NULL;
		if (c == '\\') {
			if (!escape(ps))
				return NULL;
			continue;
		}
		uint32_t cp;
		int n = utf8_decode((const unsigned char *)ps->p, (size_t)(ps->end - ps->p), &cp);
		if (n <= 0)
			return fail(ps, "invalid UTF-8 in a string"), NULL;
		sb_append(&ps->scratch, ps->p, (size_t)n);
		ps->p += n;
	}
	if (ps->p >= ps->end)
		return fail(ps, "unterminated string"), NULL;
	ps->p++;
	return arena_strndup(ps->a, sb_str(&ps->scratch), ps->scratch.len);
}

static bool digits(struct parser *ps)
{
	const char *s = ps->p;
	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
		ps->p++;
	return ps->p > s;
}

static const char *number(struct parser *ps)
{
	const char *s = ps->p;
	if (*ps->p == '-')
		ps->p++;
	if (ps->p < ps->end && *ps->p == '0')
		ps->p++;
	else if (!digits(ps))
		return fail(ps, "invalid number"), NULL;
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (!digits(ps))
			return fail(ps, "invalid number"), NULL;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (!digits(ps))
			return fail(ps, "invalid number"), NULL;
	}
	return arena_strndup(ps->a, s, (size_t)(ps->p - s));
}

static const struct json *value(struct parser *ps, int depth);

/* Members of an array or object, collected in a growable list first. */
struct members {
	const char **keys;
	const struct json **items;
	int count, cap;
};

static void members_add(struct members *m, const char *key, const struct json *v)
{
	if (m->count == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 8;
		m->keys = xrealloc(m->keys, (size_t)m->cap * sizeof *m->keys);
		m->items = xrealloc(m->items, (size_t)m->cap * sizeof *m->items);
	}
	m->keys[m->count] = key;
	m->items[m->count++] = v;
}

static void members_move(struct members *m, struct json *to, struct arena *a)
{
	to->count = m->count;
	size_t n = (size_t)(m->count ? m->count : 1);
	const struct json **items = arena_alloc(a, n * sizeof *items);
	if (m->count)
		memcpy(items, m->items, (size_t)m->count * sizeof *items);
	to->items = items;
	if (to->type == JSON_OBJECT) {
		const char **keys = arena_alloc(a, n * sizeof *keys);
		if (m->count)
			memcpy(keys, m->keys, (size_t)m->count * sizeof *keys);
		to->keys = keys;
	}
	free(m->keys);
	free(m->items);
}

static const struct json *container(struct parser *ps, struct json *v, int depth)
{
	bool object = v->type == JSON_OBJECT;
	char close = object ? '}' : ']';
	struct members m = { 0 };
	ps->p++;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		members_move(&m, v, ps->a);
		return v;
	}
	for (;;) {
		const char *key = NULL;
		skip_space(ps);
		if (object) {
			if (ps->p >= ps->end || *ps->p != '"' || !(key = string(ps))) {
				fail(ps, "expected a member name");
				break;
			}
			skip_space(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				fail(ps, "expected ':'");
				break;
			}
			ps->p++;
		}
		const struct json *item = value(ps, depth + 1);
		if (!item)
			break;
		members_add(&m, key, item);
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			members_move(&m, v, ps->a);
			return v;
		}
		fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
		break;
	}
	free(m.keys);
	free(m.items);
	return NULL;
}

static const struct json *value(struct parser *ps, int depth)
{
	if (depth > JSON_MAX_DEPTH)
		return fail(ps, "nested too deeply"), NULL;
	skip_space(ps);
	if (ps->p >= ps->end)
		return fail(ps, "expected a value"), NULL;
	struct json *v = arena_alloc(ps->a, sizeof *v);
	char c = *ps->p;
	if (c == '{' || c == '[') {
		v->type = c == '{' ? JSON_OBJECT : JSON_ARRAY;
		return container(ps, v, depth);
	}
	if (c == '"') {
		v->type = JSON_STRING;
		return (v->text = string(ps)) ? v : NULL;
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		v->type = JSON_NUMBER;
		return (v->text = number(ps)) ? v : NULL;
	}
	if (literal(ps, "null"))
		v->type = JSON_NULL;
	else if (literal(ps, "true"))
		v->type = JSON_TRUE;
	else if (literal(ps, "false"))
		v->type = JSON_FALSE;
	else
		return fail(ps, "expected a value"), NULL;
	return v;
}

const struct json *json_parse(const char *text, size_t len, struct arena *a, struct strbuf *err)
{
	struct parser ps = { text, text + len, text, a, err, STRBUF_INIT, false };
	const struct json *v = value(&ps, 0);
	if (v) {
		skip_space(&ps);
		if (ps.p < ps.end) {
			fail(&ps, "text after the value");
			v = NULL;
		}
	}
	sb_free(&ps.scratch);
	return v;
}

const struct json *json_get(const struct json *obj, const char *key)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (int i = 0; i < obj->count; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

const char *json_get_string(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);
	return v && v->type == JSON_STRING ? v->text : NULL;
}

bool json_int64(const struct json *v, int64_t *out)
{
	if (!v || v->type != JSON_NUMBER || strpbrk(v->text, ".eE"))
		return false;
	errno = 0;
	char *end;
	long long n = strtoll(v->text, &end, 10);
	if (errno || *end)
		return false;
	*out = n;
	return true;
}

bool json_get_int64(const struct json *obj, const char *key, int64_t *out)
{
	return json_int64(json_get(obj, key), out);
}
