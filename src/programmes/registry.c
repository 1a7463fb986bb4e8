/* registry.c: every programme grantdoc knows. Add programmes here (and
 * nowhere else): one extern declaration and one line in PROGRAMMES. */
#include <stdio.h>
#include <string.h>

#include "programme.h"

extern const struct programme SHANXI_COOP, SHANXI_MAJOR, SHENZHEN_INTL, ZHEJIANG_BASE;

const struct programme *const PROGRAMMES[] = {
	&SHANXI_COOP, &SHANXI_MAJOR, &SHENZHEN_INTL, &ZHEJIANG_BASE, NULL,
};

const struct programme *programme_find(const char *kind)
{
	for (int i = 0; PROGRAMMES[i]; i++)
		if (strcmp(PROGRAMMES[i]->kind, kind) == 0)
			return PROGRAMMES[i];
	return NULL;
}

static const struct param_spec *spec_of(const char *kind)
{
	const struct programme *p = programme_find(kind);
	return p ? p->params : NULL;
}

static bool known_element(const char *element)
{
	for (int i = 0; PROGRAMMES[i]; i++)
		for (const struct param_element *el = PROGRAMMES[i]->params->elements; el->name; el++)
			if (strcmp(el->name, element) == 0)
				return true;
	return false;
}

const char *programme_kinds(void)
{
	static char list[512];
	if (!list[0])
		for (int i = 0; PROGRAMMES[i]; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
				 PROGRAMMES[i]->kind);
	return list;
}

const struct param_registry PROGRAMME_PARAMS = { spec_of, known_element, programme_kinds };
