/* szi_run.h: a shenzhen-intl batch from files to outputs. */
#ifndef GRANTDOC_SZI_RUN_H
#define GRANTDOC_SZI_RUN_H

#include "run.h"

extern const char *const SZI_REQUIRED_FILES[];

/* r->prog is loaded. Returns the exit code. */
int szi_run(struct run *r);

#endif
