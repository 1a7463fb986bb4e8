/* regfile.h: opening the files grantdoc reads — inputs, programme.xml,
 * templates, fonts, calendars, shard manifests — only when they are
 * regular files.
 *
 * A FIFO, a device, a socket, a directory or a symbolic link to nothing
 * given where a file is expected is refused at once with a one-line
 * reason: a FIFO would block the run forever (holding its lock), a device
 * such as /dev/zero would never end. The type is checked with stat before
 * anything is opened (opening a device can act on it), and again on the
 * opened descriptor, which is opened non-blocking: a file swapped for a
 * FIFO between the two checks is refused too, never waited on. A symbolic
 * link to a regular file is followed. */
#ifndef GRANTDOC_REGFILE_H
#define GRANTDOC_REGFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A descriptor open for reading (blocking mode restored), or -1 with a
 * phrase in *why ("not a regular file (a FIFO)", "a symbolic link to a
 * file that does not exist", "cannot open: Permission denied"); the
 * phrase stays valid until the next call. */
int regfile_open(const char *path, const char **why);
/* The same as a stdio stream ("rb"). */
FILE *regfile_fopen(const char *path, const char **why);

/* The whole regular file mapped read-only (a font), or NULL with *why;
 * an empty file is refused. Released with regfile_unmap. */
struct regfile_map {
	const char *data;
	size_t size;
};
struct regfile_map *regfile_map(const char *path, const char **why);
void regfile_unmap(struct regfile_map *m);

/* True only when nothing at all is at path — not even a dangling symbolic
 * link: how an optional input is found absent. Anything else that is
 * there is opened with regfile_open, and refused if it is not a file. */
bool regfile_absent(const char *path);

#endif
