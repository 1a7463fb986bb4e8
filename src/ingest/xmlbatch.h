/* xmlbatch.h: a whole batch as one XML document, read as a stream.
 *
 * libxml2's xmlTextReader walks the document once, validating it against
 * the shipped XSD as it goes; each record element is expanded alone, turned
 * into the same row of cells a CSV file gives (child element name = column
 * key) and handed to the same row callback, so the XML and CSV forms of a
 * batch are decided by one code path. No DTD, no entities, no network. */
#ifndef GRANTDOC_XMLBATCH_H
#define GRANTDOC_XMLBATCH_H

#include <libxml/tree.h>
#include <stdbool.h>

#include "csvread.h"
#include "rejects.h"
#include "strbuf.h"

struct xml_record_kind {
	const char *container; /* "applications" */
	const char *element;   /* "application" */
	const struct csv_schema *schema;
	csv_row_fn fn;
	void *ctx;
};

typedef bool (*xml_node_fn)(const xmlNode *node, void *ctx, struct strbuf *err);

/* Reads path (named name in messages). on_programme gets the <programme>
 * element, which comes first; kinds (terminated by a NULL element) is read
 * as records arrive, so on_programme may fill it in once it knows the
 * programme. False with one line in *err when the document is not
 * well-formed, does not validate, or on_programme fails. */
bool xmlbatch_read(const char *path, const char *name, const char *xsd, xml_node_fn on_programme, void *programme_ctx,
		   const struct xml_record_kind *kinds, struct strbuf *err);

/* The same from memory (for fuzzing). */
bool xmlbatch_read_memory(const char *data, int size, const char *name, const char *xsd, xml_node_fn on_programme,
			  void *programme_ctx, const struct xml_record_kind *kinds, struct strbuf *err);

#endif
