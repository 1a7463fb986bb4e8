#include "header.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#ifndef GRANTDOC_DATADIR
#define GRANTDOC_DATADIR "data"
#endif

#define NORM_MAX 256

struct alias {
	char *stem; /* "tasks" for "tasks.csv:title"; NULL for every input */
	char *key;
	char *name; /* normalised */
};

static struct {
	bool ready;
	struct alias *items;
	int count;
} aliases;

/* Removes white space anywhere (ASCII, line breaks, U+3000, U+00A0) and a
 * leading '*' or '＊'; folds ASCII letters to lower case. */
static void normalise(const char *in, char *out, size_t n)
{
	size_t o = 0;
	const char *p = in;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p == '*')
		p++;
	else if (strncmp(p, "＊", 3) == 0)
		p += 3;
	while (*p && o + 1 < n) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
		} else if (strncmp(p, "\u3000", 3) == 0) {
			p += 3;
		} else if (strncmp(p, "\u00A0", 2) == 0) {
			p += 2;
		} else {
			char c = *p++;
			out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
		}
	}
	out[o] = '\0';
}

static char *dup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* "applications.csv" and "applications.xlsx" share the stem "applications". */
static void stem_of(const char *file, char *out, size_t n)
{
	snprintf(out, n, "%s", file);
	char *dot = strrchr(out, '.');
	if (dot)
		*dot = '\0';
}

void header_aliases_clear(void)
{
	for (int i = 0; i < aliases.count; i++) {
		free(aliases.items[i].stem);
		free(aliases.items[i].key);
		free(aliases.items[i].name);
	}
	free(aliases.items);
	aliases.items = NULL;
	aliases.count = 0;
	aliases.ready = true;
}

void header_aliases_add(const char *file, const char *key, const char *alias)
{
	char norm[NORM_MAX], stem[NORM_MAX];
	normalise(alias, norm, sizeof norm);
	aliases.items = xrealloc(aliases.items, (size_t)(aliases.count + 1) * sizeof *aliases.items);
	struct alias *a = &aliases.items[aliases.count++];
	a->stem = NULL;
	if (file) {
		stem_of(file, stem, sizeof stem);
		a->stem = dup(stem);
	}
	a->key = dup(key);
	a->name = dup(norm);
	aliases.ready = true;
}

static bool valid_key(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* One line "KEY ALIAS…" or "FILE:KEY ALIAS…". */
static bool parse_line(char *line, const char *path, int lineno, struct strbuf *err)
{
	char *save = NULL;
	char *first = strtok_r(line, " \t", &save);
	if (!first)
		return true;
	char *colon = strchr(first, ':');
	const char *file = colon ? first : NULL;
	char *key = colon ? colon + 1 : first;
	if (colon)
		*colon = '\0';
	if (!valid_key(key, strlen(key)) || (file && !*file)) {
		sb_printf(err, "%s:%d: '%s' is not a column key (lower-case letters, digits and _)", path, lineno, key);
		return false;
	}
	int n = 0;
	for (char *alias = strtok_r(NULL, " \t", &save); alias; alias = strtok_r(NULL, " \t", &save)) {
		/* A header in 万元 would have its amounts read as yuan: 10,000
		 * times too small. Amounts carry their unit in the cell. */
		if (strstr(alias, "万")) {
			sb_printf(
				err,
				"%s:%d: alias '%s' names a unit of 万: amounts are read as written in each cell (38万 or 380000), so such a column cannot be an alias",
				path, lineno, alias);
			return false;
		}
		header_aliases_add(file, key, alias);
		n++;
	}
	if (n == 0) {
		sb_printf(err, "%s:%d: column '%s' has no alias", path, lineno, key);
		return false;
	}
	return true;
}

bool header_aliases_load(const char *path, struct strbuf *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		sb_printf(err, "%s: cannot open: %s", path, strerror(errno));
		return false;
	}
	header_aliases_clear();
	char line[4096];
	int lineno = 0;
	bool ok = true;
	while (ok && fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			sb_printf(err, "%s:%d: line longer than %zu bytes", path, lineno, sizeof line - 1);
			ok = false;
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#')
			continue;
		ok = parse_line(line, path, lineno, err);
	}
	fclose(f);
	return ok;
}

bool header_aliases_ready(struct strbuf *err)
{
	if (aliases.ready)
		return true;
	const char *dir = getenv("GRANTDOC_DATADIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/aliases.txt", dir && *dir ? dir : GRANTDOC_DATADIR);
	FILE *f = fopen(path, "r");
	if (!f) {
		aliases.ready = true;
		return true;
	}
	fclose(f);
	return header_aliases_load(path, err);
}

int header_column(const struct csv_schema *sc, const char *file, const char *cell, int both[2])
{
	char norm[NORM_MAX], want[NORM_MAX], stem[NORM_MAX];
	normalise(cell, norm, sizeof norm);
	both[0] = both[1] = -1;
	if (!norm[0])
		return -1;
	for (int c = 0; c < sc->ncols; c++) {
		normalise(sc->cols[c].key, want, sizeof want);
		if (strcmp(norm, want) == 0)
			return c;
		normalise(sc->cols[c].zh, want, sizeof want);
		if (strcmp(norm, want) == 0)
			return c;
	}
	stem_of(file, stem, sizeof stem);
	int found = -1;
	/* An alias for this input wins over one for every input. */
	for (int pass = 0; pass < 2 && found < 0; pass++) {
		for (int i = 0; i < aliases.count; i++) {
			const struct alias *a = &aliases.items[i];
			bool scoped = a->stem != NULL;
			if (scoped != (pass == 0) || (scoped && strcmp(a->stem, stem) != 0) ||
			    strcmp(a->name, norm) != 0)
				continue;
			for (int c = 0; c < sc->ncols; c++) {
				if (strcmp(sc->cols[c].key, a->key) != 0 || c == found)
					continue;
				if (found >= 0) {
					both[0] = found;
					both[1] = c;
					return -2;
				}
				found = c;
			}
		}
	}
	return found;
}

int header_enough(const struct csv_schema *sc)
{
	int required = 0;
	for (int c = 0; c < sc->ncols; c++)
		required += sc->cols[c].required;
	int enough = (required + 1) / 2;
	return enough > 0 ? enough : 1;
}

int header_missing(const struct csv_schema *sc, const int *found_at, struct strbuf *out)
{
	int n = 0;
	for (int c = 0; c < sc->ncols; c++) {
		if (found_at[c] >= 0 || !sc->cols[c].required)
			continue;
		sb_printf(out, "%s'%s' (%s)", n ? ", " : "", sc->cols[c].key, sc->cols[c].zh);
		n++;
	}
	return n;
}
