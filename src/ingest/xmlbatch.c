#include "xmlbatch.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "regfile.h"
#include "utf8.h"

/* No network, no entities (and no DOCTYPE at all, checked first), line
 * numbers past 65,535 kept exact for a batch of 100,000 records. */
#define READER_OPTIONS \
	(XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES)

struct xreader {
	const char *name;
	struct strbuf *err;
	bool failed;
	/* An element that could not be expanded: the document is refused,
	 * with libxml2's own error when one follows, else with this. */
	char unreadable[160];
	int unreadable_line;
};

/* One line for the first error: libxml2's message, cut between
 * characters, or — when it gives none — what it was doing. Never empty. */
static void say_error(struct xreader *x, int line, const char *message, int code)
{
	if (x->failed)
		return;
	x->failed = true;
	char msg[256];
	const char *m = message ? message : "";
	size_t n = strcspn(m, "\n");
	n = utf8_cut(m, n, sizeof msg - 1);
	memcpy(msg, m, n);
	msg[n] = '\0';
	utf8_trim(msg);
	if (!msg[0])
		snprintf(msg, sizeof msg, "not a well-formed or valid batch document (libxml2 error %d)", code);
	if (line > 0)
		sb_printf(x->err, "%s:%d: %s", x->name, line, msg);
	else
		sb_printf(x->err, "%s: %s", x->name, msg);
}

static void on_error(void *arg, xmlErrorPtr e)
{
	if (e->level >= XML_ERR_ERROR)
		say_error(arg, e->line, e->message, e->code);
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

static int doctype_line(int fd)
{
	char buf[65536];
	ssize_t n = pread(fd, buf, sizeof buf, 0);
	return n > 0 ? doctype_line_in(buf, (size_t)n) : 0;
}

static void unreadable(struct xreader *x, xmlTextReaderPtr r, const char *element)
{
	if (x->unreadable[0])
		return;
	snprintf(x->unreadable, sizeof x->unreadable, "the <%s> element cannot be read", element);
	x->unreadable_line = xmlTextReaderGetParserLineNumber(r);
}

static bool read_all(xmlTextReaderPtr r, struct xreader *x, const char *xsd, xml_node_fn on_programme,
		     void *programme_ctx, const struct xml_record_kind *kinds);

bool xmlbatch_read(const char *path, const char *name, const char *xsd, xml_node_fn on_programme, void *programme_ctx,
		   const struct xml_record_kind *kinds, struct strbuf *err)
{
	struct xreader x = { name, err, false, "", 0 };
	const char *why;
	int fd = regfile_open(path, &why);
	if (fd < 0) {
		sb_printf(err, "%s: %s", name, why);
		return false;
	}
	int doctype = doctype_line(fd);
	if (doctype) {
		sb_printf(err, "%s:%d: a DOCTYPE declaration is not allowed", name, doctype);
		close(fd);
		return false;
	}
	xmlTextReaderPtr r = xmlReaderForFd(fd, path, NULL, READER_OPTIONS);
	if (!r) {
		sb_printf(err, "%s: cannot be read as XML", name);
		close(fd);
		return false;
	}
	bool ok = read_all(r, &x, xsd, on_programme, programme_ctx, kinds);
	close(fd);
	return ok;
}

bool xmlbatch_read_memory(const char *data, int size, const char *name, const char *xsd, xml_node_fn on_programme,
			  void *programme_ctx, const struct xml_record_kind *kinds, struct strbuf *err)
{
	struct xreader x = { name, err, false, "", 0 };
	int doctype = doctype_line_in(data, (size_t)size);
	if (doctype) {
		sb_printf(err, "%s:%d: a DOCTYPE declaration is not allowed", name, doctype);
		return false;
	}
	xmlTextReaderPtr r = xmlReaderForMemory(data, size, name, NULL, READER_OPTIONS);
	if (!r) {
		sb_printf(err, "%s: cannot be read as XML", name);
		return false;
	}
	return read_all(r, &x, xsd, on_programme, programme_ctx, kinds);
}

static bool read_all(xmlTextReaderPtr r, struct xreader *xp, const char *xsd, xml_node_fn on_programme,
		     void *programme_ctx, const struct xml_record_kind *kinds)
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
			if (!n)
				unreadable(&x, r, el);
			else if (!on_programme(n, programme_ctx, err))
				x.failed = true;
			seen_programme = true;
			skip = true;
		} else if (type == XML_READER_TYPE_ELEMENT && depth == 2) {
			for (int k = 0; kinds[k].element; k++) {
				if (strcmp(el, kinds[k].element) != 0)
					continue;
				/* A record that cannot be expanded stops the document:
				 * it is never skipped in silence. */
				xmlNodePtr n = xmlTextReaderExpand(r);
				if (!n)
					unreadable(&x, r, el);
				else if (!x.failed && !x.unreadable[0])
					record(&x, n, &kinds[k]);
				skip = true;
			}
		}
		status = skip ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
	}
	if (!x.failed && (status < 0 || x.unreadable[0])) {
		/* Some parse errors (an entity loop inside the DTD) reach only
		 * libxml2's last-error slot. */
		const xmlError *e = status < 0 ? xmlGetLastError() : NULL;
		if (e && e->level >= XML_ERR_ERROR)
			say_error(&x, e->line, e->message, e->code);
		else if (x.unreadable[0])
			say_error(&x, x.unreadable_line, x.unreadable, 0);
		else
			say_error(&x, xmlTextReaderGetParserLineNumber(r), "not a well-formed XML document", 0);
	}
	if (!x.failed && xmlTextReaderIsValid(r) != 1)
		sb_printf(err, "%s: does not validate against %s", name, xsd), x.failed = true;
	if (!x.failed && !seen_programme)
		sb_printf(err, "%s: no <programme> element", name), x.failed = true;
	/* Every refusal has its line: a callback that failed without one
	 * still gets a message. */
	if (x.failed && err->len == 0)
		sb_printf(err, "%s:%d: the batch cannot be read", name, xmlTextReaderGetParserLineNumber(r));
	xmlFreeTextReader(r);
	return !x.failed;
}
