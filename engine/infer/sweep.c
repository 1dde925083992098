/* The rate sweep (see sweep.h). */
#include "engine/infer/sweep.h"

#include <math.h>
#include <string.h>

#include "engine/infer/sim.h"

int infer_sweep_init(InferSweep *sw, const InferHw *hw, const InferQuery *q, int npoints,
                     RError *err)
{
    memset(sw, 0, sizeof *sw);
    if (npoints < 2 || npoints > INFER_SWEEP_MAX_POINTS)
        return rerror_set(err, "sweep: points must be in 2..%d", INFER_SWEEP_MAX_POINTS);
    sw->q = *q;
    sw->hw = hw;
    sw->npoints = npoints;
    /* capacity: every request at once (a very high rate) under paging */
    InferQuery sat = *q;
    sat.alloc = INFER_ALLOC_PAGED;
    sat.rate = 10000;
    InferSimReport r;
    if (infer_simulate(hw, &sat, NULL, &r, err))
        return -1;
    sw->capacity = r.req_per_s;
    infer_sim_report_free(&r);
    if (!(sw->capacity > 0))
        return rerror_set(err, "sweep: the saturated run finished nothing");
    /* geometric, from capacity / 16 to 2 x capacity: the reservation policies saturate far
     * below paging, and each needs points around its own knee */
    for (int a = 0; a < INFER_ALLOC_COUNT; a++)
        for (int k = 0; k < npoints; k++)
            sw->pts[a][k].rate = sw->capacity * 2.0 * pow(32.0, -(double)(npoints - 1 - k) / (npoints - 1));
    sw->total = INFER_ALLOC_COUNT * npoints;
    return 0;
}

static void finish_policy(InferSweep *sw, int a)
{
    double target = sw->q.latency_target;
    const InferSweepPoint *p = sw->pts[a];
    sw->max_rate[a] = 0;
    sw->beyond[a] = false;
    for (int k = 0; k < sw->npoints; k++) {
        if (p[k].norm_latency > target) {
            if (k > 0) { /* linear interpolation between the last point under and this one */
                double f = (target - p[k - 1].norm_latency) /
                           (p[k].norm_latency - p[k - 1].norm_latency);
                sw->max_rate[a] = p[k - 1].rate + f * (p[k].rate - p[k - 1].rate);
            }
            return;
        }
    }
    sw->max_rate[a] = p[sw->npoints - 1].rate;
    sw->beyond[a] = true;
}

int infer_sweep_step(InferSweep *sw, RError *err)
{
    if (sw->done >= sw->total)
        return 0;
    int a = sw->done / sw->npoints, k = sw->done % sw->npoints;
    InferQuery q = sw->q;
    q.alloc = (InferAlloc)a;
    q.rate = sw->pts[a][k].rate;
    InferSimReport r;
    if (infer_simulate(sw->hw, &q, NULL, &r, err))
        return -1;
    InferSweepPoint *p = &sw->pts[a][k];
    p->norm_latency = r.norm.mean;
    p->norm_p99 = r.norm.p99;
    p->throughput = r.req_per_s;
    p->kv_utilization = r.kv_utilization;
    infer_sim_report_free(&r);
    sw->done++;
    if (k == sw->npoints - 1)
        finish_policy(sw, a);
    return sw->done < sw->total ? 1 : 0;
}

int infer_sweep_run(InferSweep *sw, RError *err)
{
    int rc;
    while ((rc = infer_sweep_step(sw, err)) == 1)
        ;
    return rc;
}
