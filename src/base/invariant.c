#include "invariant.h"

#include <stdio.h>
#include <stdlib.h>

#include "exitcodes.h"

_Noreturn void invariant_failed(const char *cond, const char *file, int line)
{
	fprintf(stderr, "grantdoc: internal error: %s:%d: %s does not hold\n", file, line, cond);
	fflush(stderr);
	_Exit(EXIT_SOFTWARE);
}
