#include "csvout.h"

#include <stdbool.h>
#include <string.h>

void csv_raw(FILE *f, const char *s)
{
	fputs(s, f);
}

void csv_text(FILE *f, const char *s)
{
	bool formula = strchr("=+-@\t\r", s[0]) && s[0] != '\0';
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void csv_int(FILE *f, int64_t v)
{
	fprintf(f, "%lld", (long long)v);
}

void csv_sep(FILE *f)
{
	fputc(',', f);
}

void csv_end(FILE *f)
{
	fputc('\n', f);
}
