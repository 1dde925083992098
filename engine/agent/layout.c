/* Layered graph layout: DFS back-edge removal, longest-path layers, barycenter ordering,
 * orthogonal edge routes with loops on the right. */
#include "engine/agent/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

LayoutOptions layout_default(void)
{
    return (LayoutOptions){.box_h = 3, .gap = 2, .hgap = 3};
}

void graph_layout_free(GraphLayout *l)
{
    if (!l)
        return;
    free(l->boxes);
    free(l->edges);
    memset(l, 0, sizeof *l);
}

const LayoutBox *layout_box(const GraphLayout *l, int node)
{
    for (size_t i = 0; i < l->nboxes; i++)
        if (l->boxes[i].node == node)
            return &l->boxes[i];
    return NULL;
}

typedef struct Work {
    int n;              /* nodes + END */
    int *state, *order; /* DFS */
    int norder;
    int *layer;
    double *pos;        /* position within layer (for barycenters) */
} Work;

static int vid(const Graph *g, int node)
{
    return node == GRAPH_END ? (int)g->nnodes : node;
}

static void dfs(const Graph *g, GraphLayout *l, Work *w, int u)
{
    w->state[u] = 1;
    w->order[w->norder++] = u;
    for (size_t i = 0; i < l->nedges; i++) {
        LayoutEdge *e = &l->edges[i];
        if (vid(g, e->from) != u)
            continue;
        int v = vid(g, e->to);
        if (w->state[v] == 1)
            e->back = true;
        else if (w->state[v] == 0)
            dfs(g, l, w, v);
    }
    w->state[u] = 2;
}

static int add_edge(GraphLayout *l, size_t *cap, int from, int to, LayoutEdgeKind kind, const char *label)
{
    /* a second edge between the same two nodes joins the first: one arrow, labels joined */
    for (size_t i = 0; i < l->nedges; i++) {
        LayoutEdge *o = &l->edges[i];
        if (o->from == from && o->to == to) {
            char joined[sizeof o->label];
            if (strcmp(label, "error") == 0) /* the plain edge also carries errors: "+err" */
                snprintf(joined, sizeof joined, "%s+err", o->label);
            else
                snprintf(joined, sizeof joined, "%s|%s", o->label[0] ? o->label : "ok", label[0] ? label : "ok");
            memcpy(o->label, joined, sizeof joined);
            return 0;
        }
    }
    if (l->nedges == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        LayoutEdge *ne = realloc(l->edges, nc * sizeof *ne);
        if (!ne)
            return -1;
        l->edges = ne;
        *cap = nc;
    }
    LayoutEdge *e = &l->edges[l->nedges++];
    memset(e, 0, sizeof *e);
    e->from = from;
    e->to = to;
    e->kind = kind;
    e->label_x = e->label_y = -1;
    snprintf(e->label, sizeof e->label, "%s", label);
    return 0;
}

static void push_pt(LayoutEdge *e, int x, int y)
{
    if (e->npts > 0 && e->pts[e->npts - 1].x == x && e->pts[e->npts - 1].y == y)
        return;
    if (e->npts < LAYOUT_MAX_POINTS)
        e->pts[e->npts++] = (LayoutPoint){x, y};
}

/* Puts each forward edge's label next to its arrow head where no line, box or other label is. */
static void place_labels(GraphLayout *l)
{
    int W = l->width + 64, H = l->height + 1;
    bool *occ = calloc((size_t)W * (size_t)H, sizeof *occ);
    if (!occ)
        return;
#define OCC(x, y) occ[(size_t)(y) * (size_t)W + (size_t)(x)]
    for (size_t b = 0; b < l->nboxes; b++)
        for (int y = l->boxes[b].y; y < l->boxes[b].y + l->boxes[b].h && y < H; y++)
            for (int x = l->boxes[b].x; x < l->boxes[b].x + l->boxes[b].w && x < W; x++)
                OCC(x, y) = true;
    for (size_t i = 0; i < l->nedges; i++) {
        const LayoutEdge *e = &l->edges[i];
        for (int p = 1; p < e->npts; p++) {
            LayoutPoint a = e->pts[p - 1], c = e->pts[p];
            for (int y = (a.y < c.y ? a.y : c.y); y <= (a.y < c.y ? c.y : a.y); y++)
                for (int x = (a.x < c.x ? a.x : c.x); x <= (a.x < c.x ? c.x : a.x); x++)
                    if (x >= 0 && y >= 0 && x < W && y < H)
                        OCC(x, y) = true;
        }
    }
    for (size_t i = 0; i < l->nedges; i++) {
        LayoutEdge *e = &l->edges[i];
        if (!e->label[0])
            continue;
        int len = (int)strlen(e->label);
        if (e->back) {
            for (int k = 0; k < len && e->label_x + k < W; k++)
                OCC(e->label_x + k, e->label_y) = true;
            continue;
        }
        LayoutPoint head = e->pts[e->npts - 1];
        int cand[6][2] = {
            {head.x + 2, head.y}, {head.x - len - 1, head.y}, {head.x + 2, head.y - 1},
            {head.x - len - 1, head.y - 1}, {head.x + 1, head.y}, {head.x - len, head.y},
        };
        int pick = 0;
        for (int c = 0; c < 6; c++) {
            bool free_ = cand[c][0] >= 0 && cand[c][1] >= 0 && cand[c][0] + len < W && cand[c][1] < H;
            for (int k = 0; free_ && k < len; k++)
                free_ = !OCC(cand[c][0] + k, cand[c][1]);
            /* keep one blank cell before and after */
            if (free_ && cand[c][0] + len < W && OCC(cand[c][0] + len, cand[c][1]) && c >= 4)
                free_ = false;
            if (free_ && c < 4 && cand[c][0] + len < W && OCC(cand[c][0] + len, cand[c][1]) &&
                cand[c][0] + len != head.x) /* touching its own arrow is fine, another's is not */
                free_ = false;
            if (free_) {
                pick = c;
                break;
            }
        }
        e->label_x = cand[pick][0] < 0 ? 0 : cand[pick][0];
        e->label_y = cand[pick][1];
        for (int k = 0; k < len && e->label_x + k < W; k++)
            OCC(e->label_x + k, e->label_y) = true;
    }
#undef OCC
    free(occ);
}

/* Frees the work arrays and the half-built layout; "out of memory". */
static int layout_oom(Work *w, GraphLayout *l, RError *err)
{
    free(w->state);
    free(w->order);
    free(w->layer);
    free(w->pos);
    graph_layout_free(l);
    return rerror_set(err, "out of memory");
}

int graph_layout(const Graph *g, const LayoutOptions *optp, GraphLayout *out, RError *err)
{
    memset(out, 0, sizeof *out);
    LayoutOptions opt = optp ? *optp : layout_default();
    if (opt.box_h != 1 && opt.box_h != 3)
        opt.box_h = 3;
    if (opt.gap < 2)
        opt.gap = 2;
    if (opt.hgap < 1)
        opt.hgap = 1;
    GraphLayout *l = out;
    size_t cap = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const GraphNode *nd = &g->nodes[i];
        const GraphEdge *e = &g->edges[nd->edge];
        int rc = 0;
        if (!e->when)
            rc |= add_edge(l, &cap, (int)i, e->to, LE_PLAIN, "");
        for (size_t b = 0; b < e->nbranches; b++)
            rc |= add_edge(l, &cap, (int)i, e->branches[b].to, LE_BRANCH, e->branches[b].label);
        if (e->default_to != GRAPH_NONE)
            rc |= add_edge(l, &cap, (int)i, e->default_to, LE_BRANCH, "default");
        if (nd->on_error != GRAPH_NONE)
            rc |= add_edge(l, &cap, (int)i, nd->on_error, LE_ERROR, "error");
        if (rc) {
            graph_layout_free(l);
            return rerror_set(err, "out of memory");
        }
    }
    Work w = {.n = (int)g->nnodes + 1};
    w.state = calloc((size_t)w.n, sizeof *w.state);
    w.order = calloc((size_t)w.n, sizeof *w.order);
    w.layer = calloc((size_t)w.n, sizeof *w.layer);
    w.pos = calloc((size_t)w.n, sizeof *w.pos);
    l->boxes = calloc((size_t)w.n, sizeof *l->boxes);
    if (!w.state || !w.order || !w.layer || !w.pos || !l->boxes) {
        return layout_oom(&w, l, err);
    }
    dfs(g, l, &w, g->entry);
    for (int v = 0; v < w.n; v++)
        if (w.state[v] == 0)
            dfs(g, l, &w, v);
    /* longest path over forward edges */
    for (int pass = 0; pass < w.n; pass++) {
        bool changed = false;
        for (size_t i = 0; i < l->nedges; i++) {
            const LayoutEdge *e = &l->edges[i];
            if (e->back)
                continue;
            int u = vid(g, e->from), v = vid(g, e->to);
            if (w.layer[v] < w.layer[u] + 1) {
                w.layer[v] = w.layer[u] + 1;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    int layers = 0;
    for (int v = 0; v < w.n; v++)
        if (w.layer[v] + 1 > layers)
            layers = w.layer[v] + 1;
    l->layers = layers;
    /* order: DFS order, then barycenters of forward predecessors; loop sources lean right */
    int *rank = calloc((size_t)w.n, sizeof *rank);
    if (!rank) {
        return layout_oom(&w, l, err);
    }
    for (int k = 0; k < w.norder; k++)
        rank[w.order[k]] = k;
    for (int L = 0; L < layers; L++) {
        int idx = 0;
        for (int k = 0; k < w.norder; k++)
            if (w.layer[w.order[k]] == L)
                w.pos[w.order[k]] = idx++;
    }
    for (int iter = 0; iter < 2; iter++)
        for (int L = 1; L < layers; L++) {
            int members[256], m = 0;
            double key[256];
            for (int k = 0; k < w.norder && m < 256; k++) {
                int v = w.order[k];
                if (w.layer[v] != L)
                    continue;
                double sum = 0;
                int cnt = 0;
                bool loops_out = false;
                for (size_t i = 0; i < l->nedges; i++) {
                    const LayoutEdge *e = &l->edges[i];
                    if (!e->back && vid(g, e->to) == v && w.layer[vid(g, e->from)] == L - 1) {
                        sum += w.pos[vid(g, e->from)];
                        cnt++;
                    }
                    if (e->back && vid(g, e->from) == v)
                        loops_out = true;
                }
                members[m] = v;
                key[m] = (cnt ? sum / cnt : w.pos[v]) + (loops_out ? 0.5 : 0) + rank[v] * 1e-6;
                m++;
            }
            for (int a = 1; a < m; a++) /* insertion sort by key */
                for (int b = a; b > 0 && key[b] < key[b - 1]; b--) {
                    double tk = key[b];
                    key[b] = key[b - 1];
                    key[b - 1] = tk;
                    int tv = members[b];
                    members[b] = members[b - 1];
                    members[b - 1] = tv;
                }
            for (int a = 0; a < m; a++)
                w.pos[members[a]] = a;
        }
    free(rank);
    /* sizes and positions */
    int total_w = 0;
    int *layer_w = calloc((size_t)layers + 1, sizeof *layer_w);
    if (!layer_w) {
        return layout_oom(&w, l, err);
    }
    for (int v = 0; v < w.n; v++) {
        LayoutBox *b = &l->boxes[v];
        b->node = v == (int)g->nnodes ? GRAPH_END : v;
        snprintf(b->label, sizeof b->label, "%s", graph_node_name(g, b->node));
        b->w = (int)strlen(b->label) + 4;
        int nin = 0;
        for (size_t i = 0; i < l->nedges; i++)
            nin += !l->edges[i].back && vid(g, l->edges[i].to) == v;
        if (b->w < nin * 9 + 1) /* room to tell the arrows and their labels apart */
            b->w = nin * 9 + 1;
        b->h = opt.box_h;
        b->layer = w.layer[v];
    }
    l->nboxes = (size_t)w.n;
    for (int L = 0; L < layers && layer_w; L++) {
        int sum = 0, cnt = 0;
        for (int v = 0; v < w.n; v++)
            if (w.layer[v] == L) {
                sum += l->boxes[v].w;
                cnt++;
            }
        layer_w[L] = sum + (cnt > 1 ? (cnt - 1) * opt.hgap : 0);
        if (layer_w[L] > total_w)
            total_w = layer_w[L];
    }
    for (int L = 0; L < layers && layer_w; L++) {
        int x = (total_w - layer_w[L]) / 2;
        for (int p = 0; p < w.n; p++)
            for (int v = 0; v < w.n; v++)
                if (w.layer[v] == L && (int)w.pos[v] == p) {
                    l->boxes[v].x = x;
                    l->boxes[v].y = L * (opt.box_h + opt.gap);
                    x += l->boxes[v].w + opt.hgap;
                }
    }
    free(layer_w);
    l->width = total_w;
    l->height = layers * (opt.box_h + opt.gap) - opt.gap;
    /* routes */
    int lane = total_w + 1;
    for (size_t i = 0; i < l->nedges; i++) {
        LayoutEdge *e = &l->edges[i];
        const LayoutBox *s = &l->boxes[vid(g, e->from)], *t = &l->boxes[vid(g, e->to)];
        if (e->back) {
            lane += 2;
            int sy = s->y + s->h / 2, ty = t->y + t->h / 2;
            push_pt(e, s->x + s->w, sy);
            push_pt(e, lane, sy);
            push_pt(e, lane, ty);
            push_pt(e, t->x + t->w, ty);
            if (e->label[0]) {
                e->label_x = lane + 1;
                e->label_y = (sy + ty) / 2;
            }
            continue;
        }
        /* ports spread over the bottom of the source and the top of the target, ordered by
         * where the other end is, so that edges leaving one box do not run over each other */
        int nout = 0, kout = 0, nin = 0, kin = 0;
        /* a long edge usually leaves by the lane on the right: give it the rightmost port */
        int tc = t->layer - s->layer > 1 ? 1 << 20 : t->x + t->w / 2;
        int sc = t->layer - s->layer > 1 ? 1 << 20 : s->x + s->w / 2;
        for (size_t j = 0; j < l->nedges; j++) {
            const LayoutEdge *f = &l->edges[j];
            if (f->back)
                continue;
            if (f->from == e->from) {
                const LayoutBox *ft = &l->boxes[vid(g, f->to)];
                int fc = ft->layer - s->layer > 1 ? 1 << 20 : ft->x + ft->w / 2;
                if (fc < tc || (fc == tc && j < i))
                    kout++;
                nout++;
            }
            if (f->to == e->to) {
                const LayoutBox *fs = &l->boxes[vid(g, f->from)];
                int fc = t->layer - fs->layer > 1 ? 1 << 20 : fs->x + fs->w / 2;
                if (fc < sc || (fc == sc && j < i))
                    kin++;
                nin++;
            }
        }
        int ox = s->x + (kout + 1) * s->w / (nout + 1);
        int ix = t->x + (kin + 1) * t->w / (nin + 1);
        /* keep one-to-one edges straight when the boxes overlap in x */
        if (nin == 1 && ox > t->x && ox < t->x + t->w - 1)
            ix = ox;
        else if (nout == 1 && ix > s->x && ix < s->x + s->w - 1)
            ox = ix;
        int yb = s->y + s->h, yr = t->y - opt.gap, ya = t->y - 1;
        /* a long edge: is the source column clear through the layers in between? */
        bool clear = true;
        for (size_t b = 0; b < l->nboxes && yr > yb; b++) {
            const LayoutBox *o = &l->boxes[b];
            if (o->y > s->y && o->y < t->y && ox >= o->x - 1 && ox <= o->x + o->w)
                clear = false;
        }
        push_pt(e, ox, yb);
        if (!clear) {
            lane += 2;
            push_pt(e, lane, yb);
            push_pt(e, lane, yr);
        } else {
            push_pt(e, ox, yr);
        }
        push_pt(e, ix, yr);
        push_pt(e, ix, ya);
    }
    place_labels(l);
    for (size_t i = 0; i < l->nedges; i++) {
        const LayoutEdge *e = &l->edges[i];
        for (int p = 0; p < e->npts; p++)
            if (e->pts[p].x + 1 > l->width)
                l->width = e->pts[p].x + 1;
        if (e->label_x >= 0 && e->label_x + (int)strlen(e->label) > l->width)
            l->width = e->label_x + (int)strlen(e->label);
    }
    free(w.state);
    free(w.order);
    free(w.layer);
    free(w.pos);
    return 0;
}

/* ---------------------------------------------------------------- ASCII */

static void put(char *cv, int W, int H, int x, int y, char c)
{
    if (x >= 0 && y >= 0 && x < W && y < H)
        cv[y * (W + 1) + x] = c;
}

static void line_to(char *cv, int W, int H, LayoutPoint a, LayoutPoint b)
{
    if (a.y == b.y) {
        int lo = a.x < b.x ? a.x : b.x, hi = a.x < b.x ? b.x : a.x;
        for (int x = lo; x <= hi; x++) {
            char cur = cv[a.y * (W + 1) + x];
            put(cv, W, H, x, a.y, cur == '|' || cur == '+' ? '+' : '-');
        }
    } else {
        int lo = a.y < b.y ? a.y : b.y, hi = a.y < b.y ? b.y : a.y;
        for (int y = lo; y <= hi; y++) {
            char cur = (a.x >= 0 && a.x < W && y >= 0 && y < H) ? cv[y * (W + 1) + a.x] : ' ';
            put(cv, W, H, a.x, y, cur == '-' || cur == '+' ? '+' : '|');
        }
    }
}

char *graph_layout_ascii(const Graph *g, const GraphLayout *l)
{
    (void)g;
    int W = l->width + 1, H = l->height;
    char *cv = malloc((size_t)(W + 1) * (size_t)H + 1);
    if (!cv)
        return NULL;
    for (int y = 0; y < H; y++) {
        memset(cv + y * (W + 1), ' ', (size_t)W);
        cv[y * (W + 1) + W] = '\n';
    }
    cv[(W + 1) * H] = '\0';
    for (size_t i = 0; i < l->nedges; i++) {
        const LayoutEdge *e = &l->edges[i];
        for (int p = 1; p < e->npts; p++)
            line_to(cv, W, H, e->pts[p - 1], e->pts[p]);
        for (int p = 1; p + 1 < e->npts; p++)
            put(cv, W, H, e->pts[p].x, e->pts[p].y, '+');
        if (!e->back && e->npts > 1 && e->pts[1].y == e->pts[0].y)
            put(cv, W, H, e->pts[0].x, e->pts[0].y, '+');
        if (e->npts >= 2) {
            LayoutPoint a = e->pts[e->npts - 2], b = e->pts[e->npts - 1];
            char head = b.y > a.y ? 'v' : b.y < a.y ? '^' : b.x < a.x ? '<' : '>';
            put(cv, W, H, b.x, b.y, head);
        }
    }
    for (size_t i = 0; i < l->nedges; i++) {
        const LayoutEdge *e = &l->edges[i];
        for (int k = 0; e->label_x >= 0 && e->label[k]; k++)
            put(cv, W, H, e->label_x + k, e->label_y, e->label[k]);
    }
    for (size_t i = 0; i < l->nboxes; i++) {
        const LayoutBox *b = &l->boxes[i];
        int ly = b->y + b->h / 2;
        for (int x = 0; x < b->w; x++) {
            if (b->h == 3) {
                char edge = (x == 0 || x == b->w - 1) ? '+' : '-';
                put(cv, W, H, b->x + x, b->y, edge);
                put(cv, W, H, b->x + x, b->y + 2, edge);
            }
            put(cv, W, H, b->x + x, ly, ' ');
        }
        put(cv, W, H, b->x, ly, b->h == 3 ? '|' : '[');
        put(cv, W, H, b->x + b->w - 1, ly, b->h == 3 ? '|' : ']');
        int lx = b->x + (b->w - (int)strlen(b->label)) / 2;
        for (int k = 0; b->label[k]; k++)
            put(cv, W, H, lx + k, ly, b->label[k]);
    }
    /* trim trailing spaces */
    char *o = cv, *line = cv;
    for (char *p = cv; *p; p++) {
        if (*p == '\n') {
            char *end = o;
            while (end > line && end[-1] == ' ')
                end--;
            o = end;
            *o++ = '\n';
            line = o;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return cv;
}
