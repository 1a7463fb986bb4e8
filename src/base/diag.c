#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

static int quiet;
static int json;
static int warnings;

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

void diag_warn(const char *fmt, ...)
{
	warnings++;
	if (quiet)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
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
