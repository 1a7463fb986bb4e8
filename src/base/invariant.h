/* invariant.h: conditions grantdoc's own logic guarantees.
 *
 * A failed invariant is a bug in grantdoc, never a fault of the data: an
 * award above its cap, a negative total, a recovery above what was paid.
 * It stops the process at once with exit status 70 (EXIT_SOFTWARE) and one
 * line naming the condition and where it is, before the wrong figure can
 * reach an output file. Checked in every build. */
#ifndef GRANTDOC_INVARIANT_H
#define GRANTDOC_INVARIANT_H

#define INVARIANT(cond) ((cond) ? (void)0 : invariant_failed(#cond, __FILE__, __LINE__))

_Noreturn void invariant_failed(const char *cond, const char *file, int line);

#endif
