#include "xmlbatch.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "utf8.h"

struct xreader {
	const char *name;
	struct strbuf *err;
	bool failed;
};

static void on_error(void *arg, xmlErrorPtr e)
{
	struct xreader *x = arg;
	if (x->failed || e->level < XML_ERR_ERROR)
		return;
	x->failed = true;
	char msg[256];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid");
	msg[strcspn(msg, "\n")] = '\0';
	sb_printf(x->err, "%s:%d: %s", x->name, e->line, msg);
}

/* One record element -> cells by column key -> the row callback. */
static void record(struct xreader *x, const xmlNode *n, const struct xml_record_kind *k)
{
	const struct csv_schema *sc = k->schema;
	const char **cells = xcalloc((size_t)sc->ncols, sizeof *cells);
	xmlChar **owned = xcalloc((size_t)sc->ncols, sizeof *owned);
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (int i = 0; i < sc->ncols; i++) {
			if (strcmp((const char *)c->name, sc->cols[i].key) != 0 || owned[i])
				continue;
			owned[i] = xmlNodeGetContent(c);
			cells[i] = utf8_trim((char *)owned[i]);
		}
	}
	/* A column the XSD lets a record leave out reads as an empty cell. */
	for (int i = 0; i < sc->ncols; i++)
		if (!cells[i])
			cells[i] = "";
	struct csv_row row = { x->name, xmlGetLineNo(n), cells, NULL, NULL };
	k->fn(&row, k->ctx);
	for (int i = 0; i < sc->ncols; i++)
		xmlFree(owned[i]);
	free(owned);
	free(cells);
}

/* The line of a <!DOCTYPE in the prolog (before the first element), or 0.
 * Checked before streaming: the reader only knows its buffered position. */
static int doctype_line_in(const char *buf, size_t n)
{
	int line = 1;
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\n')
			line++;
		if (buf[i] != '<')
			continue;
		if (n - i >= 9 && memcmp(buf + i, "<!DOCTYPE", 9) == 0)
			return line;
		if (i + 1 < n && buf[i + 1] != '?' && buf[i + 1] != '!')
			return 0; /* the root element: past the prolog */
	}
	return 0;
}

static int doctype_line(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	char buf[65536];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return doctype_line_in(buf, n);
}

static bool read_all(xmlTextReaderPtr r, struct xreader *x, const char *xsd,
		     xml_node_fn on_programme, void *programme_ctx,
		     const struct xml_record_kind *kinds);

bool xmlbatch_read(const char *path, const char *name, const char *xsd, xml_node_fn on_programme,
		   void *programme_ctx, const struct xml_record_kind *kinds, struct strbuf *err)
{
	struct xreader x = { name, err, false };
	int doctype = doctype_line(path);
	if (doctype) {
		sb_printf(err, "%s:%d: a DOCTYPE declaration is not allowed", name, doctype);
		return false;
	}
	xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
						       XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!r) {
		sb_printf(err, "%s: cannot open", name);
		return false;
	}
	return read_all(r, &x, xsd, on_programme, programme_ctx, kinds);
}

bool xmlbatch_read_memory(const char *data, int size, const char *name, const char *xsd,
			  xml_node_fn on_programme, void *programme_ctx,
			  const struct xml_record_kind *kinds, struct strbuf *err)
{
	struct xreader x = { name, err, false };
	int doctype = doctype_line_in(data, (size_t)size);
	if (doctype) {
		sb_printf(err, "%s:%d: a DOCTYPE declaration is not allowed", name, doctype);
		return false;
	}
	xmlTextReaderPtr r = xmlReaderForMemory(data, size, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
							      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!r) {
		sb_printf(err, "%s: cannot read", name);
		return false;
	}
	return read_all(r, &x, xsd, on_programme, programme_ctx, kinds);
}

static bool read_all(xmlTextReaderPtr r, struct xreader *xp, const char *xsd,
		     xml_node_fn on_programme, void *programme_ctx,
		     const struct xml_record_kind *kinds)
{
	struct xreader x = *xp;
	const char *name = x.name;
	struct strbuf *err = x.err;
	xmlTextReaderSetStructuredErrorHandler(r, on_error, &x);
	if (xmlTextReaderSchemaValidate(r, xsd) != 0) {
		if (!x.failed)
			sb_printf(err, "%s: cannot load the schema %s", name, xsd);
		xmlFreeTextReader(r);
		return false;
	}
	bool seen_programme = false;
	int status = xmlTextReaderRead(r);
	while (status == 1 && !x.failed) {
		int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
		const char *el = (const char *)xmlTextReaderConstLocalName(r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			sb_printf(err, "%s:%d: a DOCTYPE declaration is not allowed", name,
				  xmlTextReaderGetParserLineNumber(r));
			x.failed = true;
			break;
		}
		bool skip = false;
		if (type == XML_READER_TYPE_ELEMENT && depth == 1 && strcmp(el, "programme") == 0) {
			xmlNodePtr n = xmlTextReaderExpand(r);
			if (!n || !on_programme(n, programme_ctx, err))
				x.failed = true;
			seen_programme = true;
			skip = true;
		} else if (type == XML_READER_TYPE_ELEMENT && depth == 2) {
			for (int k = 0; kinds[k].element; k++) {
				if (strcmp(el, kinds[k].element) != 0)
					continue;
				xmlNodePtr n = xmlTextReaderExpand(r);
				if (n && !x.failed)
					record(&x, n, &kinds[k]);
				skip = true;
			}
		}
		status = skip ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
	}
	if (!x.failed && status < 0) {
		/* Some parse errors (an entity loop inside the DTD) reach only
		 * libxml2's last-error slot. */
		const xmlError *e = xmlGetLastError();
		if (e && e->message)
			on_error(&x, (xmlErrorPtr)e);
		if (!x.failed)
			sb_printf(err, "%s: not a well-formed XML document", name);
		x.failed = true;
	}
	if (!x.failed && xmlTextReaderIsValid(r) != 1)
		sb_printf(err, "%s: does not validate against %s", name, xsd), x.failed = true;
	if (!x.failed && !seen_programme)
		sb_printf(err, "%s: no <programme> element", name), x.failed = true;
	xmlFreeTextReader(r);
	return !x.failed;
}
