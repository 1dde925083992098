/* The Inference pane's rate sweep: one simulation per tick, with progress, cancellable. The
 * app's loop has no idle hook for panes, so the pane queues a private key to itself after
 * each run, behind any key the person typed (Esc comes first), and its overlays pass that key
 * back so the sweep goes on while they are open. */
#include "panels/infer_panel.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "tui/overlay.h"
#include "tui/xalloc.h"

void infer_sweep_cancel(InferPanel *p, const char *why)
{
    if (!p->sweeping)
        return;
    p->sweeping = false;
    if (why)
        app_status(p->app, STATUS_INFO, "infer: sweep %s at %d of %d runs", why, p->sweep->done,
                   p->sweep->total);
}

/* ---- the sweep ------------------------------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Queues INFER_TICK_KEY behind any key already waiting, so real keys (Esc) come first. */
static void queue_tick(void)
{
    int delay = wgetdelay(stdscr);
    nodelay(stdscr, TRUE);
    wint_t ch;
    int r = get_wch(&ch);
    wtimeout(stdscr, delay);
    ungetch(INFER_TICK_KEY);
    if (r == KEY_CODE_YES)
        ungetch((int)ch);
    else if (r != ERR)
        unget_wch((wchar_t)ch);
}

void infer_sweep_start(InferPanel *p)
{
    if (!p->ok) {
        app_status(p->app, STATUS_WARN, "infer: fix the settings first (%s)", p->error);
        return;
    }
    if (!p->sweep)
        p->sweep = xcalloc(1, sizeof *p->sweep);
    p->sweep_hw = p->hw;
    RError err;
    if (infer_sweep_init(p->sweep, &p->sweep_hw, &p->q, p->q.points, &err)) {
        app_status(p->app, STATUS_ERROR, "infer: sweep: %s", err.msg);
        free(p->sweep);
        p->sweep = NULL;
        return;
    }
    for (int a = 0; a < INFER_ALLOC_COUNT; a++)
        for (int k = 0; k < INFER_SWEEP_MAX_POINTS; k++) {
            p->sw_x[a][k] = p->sweep->pts[a][k].rate;
            p->sw_y[a][k] = NAN;
        }
    p->sweeping = true;
    p->sweep_stale = false;
    p->view = IV_LOAD;
    p->last_tick = now_s();
    queue_tick();
}

/* A tick that went to another pane or to the app's help overlay is lost: start a new one
 * when the pane comes back, or sees a key after a quiet half second. (Two ticks in flight
 * only make the sweep go faster.) */
void infer_sweep_resume(InferPanel *p, bool now)
{
    if (p->sweeping && (now || now_s() - p->last_tick > 0.5)) {
        p->last_tick = now_s();
        queue_tick();
    }
}

void infer_sweep_tick(InferPanel *p)
{
    if (!p->sweeping)
        return;
    p->last_tick = now_s();
    RError err;
    int rc = infer_sweep_step(p->sweep, &err);
    InferSweep *sw = p->sweep;
    for (int a = 0; a < INFER_ALLOC_COUNT; a++)
        for (int k = 0; k < sw->npoints; k++) {
            p->sw_x[a][k] = sw->pts[a][k].rate;
            bool done = a * sw->npoints + k < sw->done;
            p->sw_y[a][k] = done ? sw->pts[a][k].norm_latency : NAN;
        }
    if (rc < 0) {
        p->sweeping = false;
        app_status(p->app, STATUS_ERROR, "infer: sweep: %s", err.msg);
    } else if (rc == 0) {
        p->sweeping = false;
        app_status(p->app, STATUS_INFO, "infer: sweep done: paged sustains %.2fx the rate of max",
                   sw->max_rate[INFER_ALLOC_MAX] > 0
                       ? sw->max_rate[INFER_ALLOC_PAGED] / sw->max_rate[INFER_ALLOC_MAX]
                       : 0.0);
    } else {
        queue_tick();
    }
}

/* ---- overlays that keep the sweep ticking ------------------------------------------------ */

/* The pane's overlays (why, pickers) wrap the app's ones so a running sweep keeps ticking
 * while they are open: the tick key reaches the top overlay, not the pane. */
typedef struct TickWrap {
    const OverlayClass *inner;
    void *ctx;          /* owned */
    InferPanel *p;      /* borrowed */
} TickWrap;

static PaneResult wrap_key(void *ctx, const KeyEvent *ev)
{
    TickWrap *t = ctx;
    if (key_is_fn(ev, INFER_TICK_KEY)) {
        infer_sweep_tick(t->p);
        return PANE_HANDLED;
    }
    return t->inner->key(t->ctx, ev);
}
static void wrap_place(void *ctx, Rect body)
{
    TickWrap *t = ctx;
    t->inner->place(t->ctx, body);
}
static void wrap_draw(const void *ctx, WINDOW *w)
{
    const TickWrap *t = ctx;
    t->inner->draw(t->ctx, w);
}
static void wrap_destroy(void *ctx)
{
    TickWrap *t = ctx;
    t->inner->destroy(t->ctx);
    free(t);
}
static const OverlayClass tick_wrap_class = {wrap_key, wrap_place, wrap_draw, wrap_destroy};

void infer_push_overlay(InferPanel *p, const OverlayClass *inner, void *ctx)
{
    TickWrap *t = xcalloc(1, sizeof *t);
    *t = (TickWrap){inner, ctx, p};
    app_push_overlay(p->app, &tick_wrap_class, t);
}

