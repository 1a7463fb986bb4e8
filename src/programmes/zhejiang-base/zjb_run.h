/* zjb_run.h: a zhejiang-base batch from files to outputs. */
#ifndef GRANTDOC_ZJB_RUN_H
#define GRANTDOC_ZJB_RUN_H

#include "run.h"

/* The CSV files a zhejiang-base batch must have besides programme.xml. */
extern const char *const ZJB_REQUIRED_FILES[];

/* r->prog is loaded. Returns the exit code. */
int zjb_run(struct run *r);

#endif
