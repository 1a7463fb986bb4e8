#include "evaluation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "review.h"

enum { E_ID, E_EXPERT, E_ROLE, E_SCORE, E_RECUSED, E_NCOLS };
static const struct csv_column EVAL_COLUMNS[E_NCOLS] = {
	[E_ID] = { "id", "申报编号", true },        [E_EXPERT] = { "expert", "专家编号", true },
	[E_ROLE] = { "role", "专家类型", false },   [E_SCORE] = { "score", "评分", true },
	[E_RECUSED] = { "recused", "回避", false },
};
const struct csv_schema EVALUATION_SCHEMA = { EVAL_COLUMNS, E_NCOLS };

void eval_reader_init(struct eval_reader *r, const struct strmap *app_ids, struct rejects *rejects, struct arena *arena)
{
	memset(r, 0, sizeof *r);
	r->app_ids = app_ids;
	r->rejects = rejects;
	r->arena = arena;
}

void eval_reader_parent(struct eval_reader *r, const struct csv_schema *parent)
{
	r->parent = parent;
}

void eval_reader_done(struct eval_reader *r)
{
	free(r->seen);
	r->seen = NULL;
	r->seen_cap = 0;
	if (r->count)
		r->items = xrealloc(r->items, (size_t)r->count * sizeof *r->items);
}

static uint64_t pair_hash(int app, const char *expert)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)(unsigned)app * 0x9E3779B97F4A7C15u; /* FNV-1a */
	for (const unsigned char *s = (const unsigned char *)expert; *s; s++)
		h = (h ^ *s) * 1099511628211u;
	return h;
}

/* The slot of (app, expert): the item that has them, or the empty slot
 * where it would go. */
static size_t seen_slot(const struct eval_reader *r, int app, const char *expert)
{
	size_t mask = r->seen_cap - 1, i = (size_t)pair_hash(app, expert) & mask;
	for (; r->seen[i]; i = (i + 1) & mask) {
		const struct evaluation *e = &r->items[r->seen[i] - 1];
		if (e->app == app && strcmp(e->expert, expert) == 0)
			break;
	}
	return i;
}

/* Room for one more at most half full. */
static void seen_reserve(struct eval_reader *r)
{
	if ((size_t)(r->count + 1) * 2 <= r->seen_cap)
		return;
	free(r->seen);
	r->seen_cap = r->seen_cap ? r->seen_cap * 2 : 1024;
	r->seen = xcalloc(r->seen_cap, sizeof *r->seen);
	for (int k = 0; k < r->count; k++)
		r->seen[seen_slot(r, r->items[k].app, r->items[k].expert)] = k + 1;
}

void evaluation_row(const struct csv_row *row, void *data)
{
	static const char *const roles[] = { "技术|technical", "财务|financial" };
	struct eval_reader *r = data;
	struct binder b;
	binder_init(&b, row, &EVALUATION_SCHEMA, r->arena);
	struct evaluation e;
	e.app = bind_reference(&b, E_ID, r->app_ids, r->rejects, r->parent, "application",
			       "no application with this id in the batch");
	e.expert = bind_text(&b, E_EXPERT);
	if (!e.expert[0])
		binder_fail(&b, E_EXPERT, "empty, an expert id is required");
	e.technical = bind_enum(&b, E_ROLE, roles, 2, 0) == 0;
	e.score = bind_score(&b, E_SCORE);
	if (e.score < 0)
		binder_fail(&b, E_SCORE, "empty, a score is required");
	e.recused = bind_bool(&b, E_RECUSED);
	size_t slot = 0;
	if (b.bad_col < 0) {
		seen_reserve(r);
		slot = seen_slot(r, e.app, e.expert);
		if (r->seen[slot])
			binder_fail(&b, E_EXPERT, "this expert already scored this application");
	}
	if (binder_reject(&b, r->rejects))
		return;
	if (r->count == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->items = xrealloc(r->items, (size_t)r->cap * sizeof e);
	}
	r->items[r->count++] = e;
	r->seen[slot] = r->count;
}

void review_all(const struct evaluation *e, int n, int napps, const bool *needs, int min_experts,
		enum review_method method, int *score)
{
	size_t slots = (size_t)(napps ? napps : 1);
	int *start = xcalloc(slots + 1, sizeof *start);
	int *valid = xcalloc(slots, sizeof *valid);
	for (int k = 0; k < n; k++)
		if (!e[k].recused)
			valid[e[k].app]++;
	for (int i = 0; i < napps; i++)
		start[i + 1] = start[i] + valid[i];
	int *all = xmalloc((size_t)(start[napps] ? start[napps] : 1) * sizeof *all);
	int *filled = xcalloc(slots, sizeof *filled);
	for (int k = 0; k < n; k++)
		if (!e[k].recused)
			all[start[e[k].app] + filled[e[k].app]++] = e[k].score;
	for (int i = 0; i < napps; i++)
		score[i] = needs[i] && valid[i] >= min_experts ? review_score(all + start[i], valid[i], method)
							       : SCORE_NONE;
	free(filled);
	free(all);
	free(start);
	free(valid);
}

static int by_rank(const void *x, const void *y)
{
	const struct rank_key *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->submitted != b->submitted)
		return a->submitted < b->submitted ? -1 : 1;
	return strcmp(a->id, b->id);
}

void rank_keys(struct rank_key *keys, int n)
{
	qsort(keys, (size_t)n, sizeof *keys, by_rank);
}

int review_and_rank(const struct review_params *p, const struct evaluation *e, int ne, int n, const bool *needs,
		    rank_facts facts, const void *data, struct decision *d, struct rank_key *keys)
{
	int *score = xcalloc((size_t)n + 1, sizeof *score);
	review_all(e, ne, n, needs, p->min_experts, p->method, score);
	int ranked = 0;
	for (int i = 0; i < n; i++) {
		if (!needs[i])
			continue;
		if (score[i] == SCORE_NONE) {
			d[i].status = ST_NEEDS_REVIEW;
			continue;
		}
		d[i].score = score[i];
		keys[ranked] = (struct rank_key){ i, score[i], 0, NULL };
		facts(data, i, &keys[ranked].submitted, &keys[ranked].id);
		ranked++;
	}
	rank_keys(keys, ranked);
	free(score);
	return ranked;
}
