#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "exitcodes.h"
#include "strbuf.h"

struct programme_input batch_input(struct batch *b)
{
	return (struct programme_input){ &b->call, b->params, b->rejects, b->cal, b->arena };
}

static bool open_state(struct batch *b, struct strbuf *err)
{
	struct programme_input in = batch_input(b);
	b->state = b->prog->open(&in, err);
	return b->state != NULL;
}

static int check_required(const struct batch *b, const char *dir, struct strbuf *err)
{
	for (const struct batch_file *f = b->prog->files; f->name; f++) {
		char path[4096], form[256];
		/* NAME.csv may be given as NAME.xlsx */
		csv_input_form(dir, f->name, form, sizeof form);
		snprintf(path, sizeof path, "%s/%s", dir, form);
		if (f->required && access(path, R_OK) != 0) {
			sb_printf(err, "%s: required file missing or unreadable: %s", path, strerror(errno));
			return EXIT_NOINPUT;
		}
	}
	return EXIT_OK;
}

/* Every <sheet file="…"> of programme.xml names an input of the programme. */
static bool check_sheets(const struct batch *b, struct strbuf *err)
{
	for (int i = 0; i < b->call.nsheets; i++) {
		const struct call_sheet *s = &b->call.sheets[i];
		bool known = false;
		for (const struct batch_file *f = b->prog->files; f->name && !known; f++)
			known = call_sheet_for(&b->call, f->name) == s->name;
		if (!known) {
			sb_printf(err, "programme.xml:%ld: <sheet>: '%s' is not an input of a %s programme (", s->line,
				  s->file, b->call.kind);
			for (const struct batch_file *f = b->prog->files; f->name; f++)
				sb_printf(err, "%s%s", f == b->prog->files ? "" : ", ", f->name);
			sb_puts(err, ")");
			return false;
		}
	}
	return true;
}

static bool read_files(struct batch *b, const char *dir, struct strbuf *err)
{
	for (const struct batch_file *f = b->prog->files; f->name; f++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, f->name);
		if (!f->required && !csv_input_present(path))
			continue;
		const char *sheet = call_sheet_for(&b->call, f->name);
		if (!csv_read_sheet(path, f->name, sheet, f->schema, b->encoding, b->rejects, f->row, b->state, err))
			return false;
	}
	return true;
}

/* file names NAME.csv, or NAME.xlsx, its workbook form. */
static bool is_input(const char *file, const char *name)
{
	if (strcmp(file, name) == 0)
		return true;
	size_t stem = strlen(file) - strlen(".csv");
	return strlen(file) > 4 && strcmp(file + stem, ".csv") == 0 && strncmp(file, name, stem) == 0 &&
	       strcmp(name + stem, ".xlsx") == 0;
}

/* The names a batch directory's reader takes: programme.xml and the
 * programme's files (each also as NAME.xlsx), or (prog NULL) batch.xml
 * alone. */
static bool reads(const struct programme *prog, const char *name)
{
	if (!prog)
		return strcmp(name, "batch.xml") == 0;
	if (strcmp(name, "programme.xml") == 0)
		return true;
	for (const struct batch_file *f = prog->files; f->name; f++)
		if (is_input(f->name, name))
			return true;
	return false;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of dir that are not read (a misspelt objection.csv,
 * a sanctions.csv beside a batch.xml would otherwise be lost without a
 * word), in byte order; hidden files (.DS_Store) are no batch's. */
static void warn_unread(const struct programme *prog, const char *dir, struct arena *arena)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	char **names = NULL;
	int n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(d));) {
		char path[4096];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (e->d_name[0] == '.' || reads(prog, e->d_name) || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (n == cap)
			names = xrealloc(names, (size_t)(cap = cap ? cap * 2 : 8) * sizeof *names);
		names[n++] = arena_strdup(arena, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, (size_t)n, sizeof *names, by_name);
	struct strbuf expected = STRBUF_INIT;
	if (prog) {
		sb_printf(&expected, "a %s batch reads programme.xml", prog->kind);
		for (const struct batch_file *f = prog->files; f->name; f++)
			sb_printf(&expected, ", %s", f->name);
		sb_puts(&expected, " (each also as .xlsx)");
	} else {
		sb_printf(&expected, "a batch given as batch.xml is read from batch.xml alone");
	}
	for (int i = 0; i < n; i++)
		diag_warn("%s/%s: not read: %s", dir, names[i], sb_str(&expected));
	sb_free(&expected);
	free(names);
}

int batch_read_dir(struct batch *b, const char *dir, struct strbuf *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/programme.xml", dir);
	if (!call_load(path, "programme.xml", &PROGRAMME_PARAMS, &b->call, &b->params, b->arena, err))
		return EXIT_DATAERR;
	b->prog = programme_find(b->call.kind);
	if (!check_sheets(b, err))
		return EXIT_DATAERR;
	int code = check_required(b, dir, err);
	if (code != EXIT_OK)
		return code;
	warn_unread(b->prog, dir, b->arena);
	if (!open_state(b, err) || !read_files(b, dir, err))
		return EXIT_DATAERR;
	b->prog->read_done(b->state);
	return EXIT_OK;
}

/* ---- batch.xml ---- */

/* The <programme> element chooses the programme; its files' record
 * elements then reach the same row callbacks as CSV rows. */
struct xml_row_target {
	const struct batch_file *file;
	void **state;
};

static void xml_row(const struct csv_row *row, void *ctx)
{
	const struct xml_row_target *t = ctx;
	t->file->row(row, *t->state);
}

static const char *xml_programmes(struct arena *a)
{
	char buf[256] = "";
	for (int i = 0; PROGRAMMES[i]; i++)
		if (PROGRAMMES[i]->has_xml_form)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", buf[0] ? ", " : "",
				 PROGRAMMES[i]->kind);
	return arena_strdup(a, buf);
}

static bool on_programme(const struct _xmlNode *node, void *ctx, struct strbuf *err)
{
	struct batch *b = ctx;
	if (!call_from_node(node, "batch.xml", &PROGRAMME_PARAMS, &b->call, &b->params, b->arena, err))
		return false;
	b->prog = programme_find(b->call.kind);
	if (!b->prog->has_xml_form) {
		sb_printf(err, "batch.xml: carries %s batches only; give a %s batch as programme.xml and its CSV files",
			  xml_programmes(b->arena), b->call.kind);
		return false;
	}
	if (!open_state(b, err))
		return false;
	int k = 0;
	for (const struct batch_file *f = b->prog->files; f->name && k < BATCH_XML_KINDS_MAX; f++) {
		if (!f->xml_element)
			continue;
		struct xml_row_target *t = arena_alloc(b->arena, sizeof *t);
		*t = (struct xml_row_target){ f, &b->state };
		b->xml_kinds[k++] = (struct xml_record_kind){ f->xml_container, f->xml_element, f->schema, xml_row, t };
	}
	return true;
}

static int xml_done(struct batch *b, bool ok)
{
	if (!ok)
		return EXIT_DATAERR;
	b->prog->read_done(b->state);
	return EXIT_OK;
}

int batch_read_xml(struct batch *b, const char *path, const char *xsd, struct strbuf *err)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? arena_strndup(b->arena, path, (size_t)(slash - path)) : ".";
	warn_unread(NULL, dir, b->arena);
	return xml_done(b, xmlbatch_read(path, "batch.xml", xsd, on_programme, b, b->xml_kinds, err));
}

int batch_read_xml_memory(struct batch *b, const char *data, int size, const char *xsd, struct strbuf *err)
{
	return xml_done(b, xmlbatch_read_memory(data, size, "batch.xml", xsd, on_programme, b, b->xml_kinds, err));
}

const char **batch_input_names(struct batch *b)
{
	int n = 0;
	while (b->prog->files[n].name)
		n++;
	const char **names = arena_alloc(b->arena, (size_t)(n + 3) * sizeof *names);
	int k = 0;
	names[k++] = "programme.xml";
	for (int i = 0; i < n; i++)
		names[k++] = b->prog->files[i].name;
	if (b->prog->has_xml_form)
		names[k++] = "batch.xml";
	names[k] = NULL;
	return names;
}

void batch_close(struct batch *b)
{
	if (b->state)
		b->prog->close(b->state);
	b->state = NULL;
}
