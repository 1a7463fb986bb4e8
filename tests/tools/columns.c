/* columns: the input columns of every programme, as Markdown, from the
 * programmes' own file tables — docs/columns.md is this program's output
 * (`make columns`), and the test fails when the two differ, so the
 * reference can never drift from what grantdoc reads. */
#include <stdio.h>

#include "programmes/programme.h"

static void file_table(const struct batch_file *f)
{
	printf("\n### `%s`%s\n\n", f->name, f->required ? " (required)" : " (optional)");
	printf("| column | header (中文表头) | required |\n|---|---|---|\n");
	for (int c = 0; c < f->schema->ncols; c++) {
		const struct csv_column *col = &f->schema->cols[c];
		printf("| `%s` | %s | %s |\n", col->key, col->zh, col->required ? "yes" : "no");
	}
}

int main(void)
{
	puts("# Input columns\n");
	puts("Generated from each programme's file table (`make columns`; a test keeps it");
	puts("current). A header may be the English key (any case), the Chinese header, or");
	puts("an alias from `data/aliases.txt`; columns may come in any order; a column");
	puts("not listed is named in a warning and ignored. Every file may also be given");
	puts("as `NAME.xlsx`. What each column holds, and the rules that read it, are in");
	puts("[data.md](data.md) and `docs/rules-<kind>.md`.");
	for (int i = 0; PROGRAMMES[i]; i++) {
		const struct programme *p = PROGRAMMES[i];
		printf("\n## %s — %s\n", p->kind, p->name);
		for (const struct batch_file *f = p->files; f->name; f++)
			file_table(f);
	}
	return 0;
}
