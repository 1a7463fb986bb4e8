/* progress.h: a progress line for people at a terminal.
 *
 * Shown on stderr only when stderr is a terminal and the run is not
 * quiet: cron and pipes never see it, so logs stay clean. Redrawn at most
 * ten times a second. */
#ifndef GRANTDOC_PROGRESS_H
#define GRANTDOC_PROGRESS_H

#include <stdbool.h>

void progress_enable(bool on); /* on only if stderr is a terminal too */
void progress_begin(int decided, int total_documents);
void progress_update(int documents_done);
void progress_end(void);

#endif
