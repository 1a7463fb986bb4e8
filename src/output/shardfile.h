/* shardfile.h: reading a shard's directory without trusting it.
 *
 * grantdoc merge takes every file it copies, and every manifest, from
 * directories it did not write this time. A name from a manifest is taken
 * only if it is one grantdoc writes (1 to 4 components of [A-Za-z0-9._-],
 * none starting with a dot: no "..", no absolute path, nothing hidden), and
 * a file is opened only through real directories, never through a
 * symbolic link, and only when it is a regular file: what merge reads and
 * hashes is inside the shard directory, and what it copies is what it
 * hashed. */
#ifndef GRANTDOC_SHARDFILE_H
#define GRANTDOC_SHARDFILE_H

#include <stdbool.h>

#include "strbuf.h"

/* A relative name grantdoc could have written ("decisions.csv",
 * "notices/SXHZ2024-001.pdf"). */
bool shard_name_ok(const char *name);

/* dir/name opened for reading, or -1 with a phrase in *why ("a symbolic
 * link", "not there", "not a regular file (a FIFO)"). name must satisfy
 * shard_name_ok. */
int shard_open(const char *dir, const char *name, const char **why);

/* SHA-256 (64 hex digits) of what is left to read from fd; false on a read
 * error. fd is not closed. */
bool shard_hash_fd(int fd, char hex[65]);

/* The whole of dir/name (at most limit bytes), or false with *why. */
bool shard_read(const char *dir, const char *name, size_t limit, struct strbuf *out, const char **why);

#endif
