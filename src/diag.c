#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

static int quiet;
static int warnings;

void diag_set_quiet(int q)
{
	quiet = q;
}

void diag_warn(const char *fmt, ...)
{
	warnings++;
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("grantdoc: warning: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int diag_warning_count(void)
{
	return warnings;
}
