#include "csvout.h"

#include <stdbool.h>
#include <string.h>

static bool with_bom = true;

void csv_set_bom(bool bom)
{
	with_bom = bom;
}

bool csv_bom(void)
{
	return with_bom;
}

bool csv_open(struct outfile *o, const char *dir, const char *name, const char *header, struct strbuf *err)
{
	if (!outfile_open(o, dir, name, err))
		return false;
	if (with_bom)
		fputs(CSV_BOM, o->f);
	fputs(header, o->f);
	fputc('\n', o->f);
	return true;
}

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
