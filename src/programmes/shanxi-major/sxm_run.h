/* sxm_run.h: a shanxi-major round from files to outputs. */
#ifndef GRANTDOC_SXM_RUN_H
#define GRANTDOC_SXM_RUN_H

#include "run.h"

extern const char *const SXM_REQUIRED_FILES[];

/* r->prog is loaded. Returns the exit code. */
int sxm_run(struct run *r);

#endif
