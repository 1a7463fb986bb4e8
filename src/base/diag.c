#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int quiet;
static int json;
static int warnings;
static char **kept;
static int kept_cap;

void diag_set_quiet(int q)
{
	quiet = q;
}

void diag_set_json(int j)
{
	json = j;
}

int diag_json(void)
{
	return json;
}

void diag_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* A message cut to fit is cut between characters, never inside one. */
static void cut_on_character(char *msg, int written, size_t size)
{
	if (written < 0 || (size_t)written < size)
		return;
	size_t n = strlen(msg), start = n;
	while (start > 0 && ((unsigned char)msg[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0)
		return;
	unsigned char lead = (unsigned char)msg[start - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (n - (start - 1) < need)
		msg[start - 1] = '\0';
}

static void keep(const char *msg)
{
	if (warnings == kept_cap) {
		kept_cap = kept_cap ? kept_cap * 2 : 16;
		char **bigger = realloc(kept, (size_t)(kept_cap + 1) * sizeof *kept);
		if (!bigger)
			abort();
		kept = bigger;
	}
	size_t n = strlen(msg) + 1;
	kept[warnings] = malloc(n);
	if (!kept[warnings])
		abort();
	memcpy(kept[warnings], msg, n);
	kept[++warnings] = NULL;
}

const char *const *diag_warnings(void)
{
	static const char *const none[] = { NULL };
	return kept ? (const char *const *)kept : none;
}

void diag_warn(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	int written = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cut_on_character(msg, written, sizeof msg);
	keep(msg);
	if (quiet)
		return;
	if (json) {
		fputs("{\"event\":\"warning\",\"message\":", stderr);
		diag_json_string(stderr, msg);
		fputs("}\n", stderr);
	} else {
		fprintf(stderr, "grantdoc: warning: %s\n", msg);
	}
}

int diag_warning_count(void)
{
	return warnings;
}

void diag_free(void)
{
	for (int i = 0; i < warnings; i++)
		free(kept[i]);
	free(kept);
	kept = NULL;
	kept_cap = warnings = 0;
}
