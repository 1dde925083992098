/* Benchmark: what one keypress costs the Multimodal and Evals panes (a token report, a
 * contrastive batch with its curve to 512, a pass@k curve), and a full live eval of the
 * notes (every method, 2,000-resample intervals). */
#include <stdio.h>
#include <time.h>

#include "engine/evals/evals.h"
#include "engine/evals/live.h"
#include "engine/vision/contrast.h"
#include "engine/vision/vision.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(void)
{
    VisionQuery q;
    vision_query_init(&q);
    q.model = vision_model_find("qwen2-vl-7b");
    q.width = 4000;
    q.height = 3000;
    VisionReport r;
    int n = 100000;
    double t0 = now();
    for (int i = 0; i < n; i++)
        vision_report(&q, NULL, NULL, &r, NULL);
    printf("vision_report (Qwen2-VL 4000x3000)      %8.3f us/call\n", 1e6 * (now() - t0) / n);

    ContrastQuery cq;
    contrast_query_init(&cq);
    ContrastReport cr;
    for (int b = 8; b <= 1024; b *= 8) {
        cq.batch = b;
        int reps = b >= 512 ? 5 : 50;
        t0 = now();
        for (int i = 0; i < reps; i++) {
            contrast_run(&cq, &cr, NULL);
            contrast_report_free(&cr);
        }
        printf("contrast_run batch %4d (+ curve to 512) %8.3f ms/call\n", b,
               1e3 * (now() - t0) / reps);
    }

    t0 = now();
    double v = 0;
    for (long long k = 1; k <= 1000; k++) {
        double x;
        evals_pass_at_k(1000000, 50, k, &x, NULL);
        v += x;
    }
    printf("pass@k curve (n 1e6, 1000 k values)     %8.3f ms (sum %.3f)\n", 1e3 * (now() - t0), v);

    LiveEval *e;
    RError err;
    t0 = now();
    if (live_eval_new("notes", "content", "content/evals/notes_qrels.yaml", "content/glove", &e, &err) != 0) {
        fprintf(stderr, "bench_vision: %s\n", err.msg);
        return 1;
    }
    double t1 = now();
    if (live_eval_run(e, &err) != 0) {
        fprintf(stderr, "bench_vision: %s\n", err.msg);
        live_eval_free(e);
        return 1;
    }
    printf("live eval: index %zu chunks %.1f ms, %zu questions x 4 methods %.1f ms\n",
           e->corpus->n, 1e3 * (t1 - t0), e->qrels.n, 1e3 * (now() - t1));
    live_eval_free(e);
    return 0;
}
