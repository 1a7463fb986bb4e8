/* batch.h: a batch read into its programme — programme.xml (or the
 * <programme> of batch.xml) chooses the programme from the registry, then
 * every file the programme declares is read, in its order, row by row
 * into the programme's state, bad rows going to rejects.
 *
 * The run (src/run.c) reads every batch this way; tests and fuzz targets
 * use it to read a directory or a batch.xml in memory exactly as a run
 * would. */
#ifndef GRANTDOC_BATCH_H
#define GRANTDOC_BATCH_H

#include <stdbool.h>

#include "call.h"
#include "csvread.h"
#include "programmes/programme.h"
#include "strbuf.h"
#include "xmlbatch.h"

#define BATCH_XML_KINDS_MAX 16

struct batch {
	/* Set by the caller before reading. */
	struct rejects *rejects;
	struct calendar *cal; /* may be NULL when nothing will be decided */
	struct arena *arena;
	enum csv_encoding encoding;
	/* Set by reading. */
	const struct programme *prog;
	struct call call;
	void *params; /* the programme's parameter struct */
	void *state;  /* the programme's, from open to close */
	struct xml_record_kind xml_kinds[BATCH_XML_KINDS_MAX + 1];
};

/* What the programme's callbacks get. */
struct programme_input batch_input(struct batch *b);

/* dir/programme.xml and the programme's files. Returns an exit status:
 * EXIT_OK, EXIT_NOINPUT (a required file missing) or EXIT_DATAERR
 * (programme.xml invalid, a file unusable as a whole), with one line in
 * *err. read_done has run when it returns EXIT_OK. */
int batch_read_dir(struct batch *b, const char *dir, struct strbuf *err);
/* dir/programme.xml and the programme's files (above) or a batch.xml
 * (below): any other regular file of the directory is named in a warning
 * (hidden files are passed over). */
/* A batch.xml, validated against xsd as it streams. */
int batch_read_xml(struct batch *b, const char *path, const char *xsd, struct strbuf *err);
int batch_read_xml_memory(struct batch *b, const char *data, int size, const char *xsd, struct strbuf *err);

/* The names a manifest lists as inputs: programme.xml, the programme's
 * files, batch.xml for programmes that have that form (NULL-terminated,
 * in b->arena). */
const char **batch_input_names(struct batch *b);

/* Closes the programme's state (if any). */
void batch_close(struct batch *b);

#endif
