/* coop_run.h: a shanxi-coop batch from files to outputs. */
#ifndef GRANTDOC_COOP_RUN_H
#define GRANTDOC_COOP_RUN_H

#include <stdbool.h>

#include "run.h"

/* The CSV files a shanxi-coop batch must have besides programme.xml. */
extern const char *const COOP_REQUIRED_FILES[];

/* r->prog is loaded unless xml (then batch.xml holds the programme).
 * Returns the exit code. */
int coop_run(struct run *r, bool xml);

#endif
