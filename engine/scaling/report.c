/* scaling_report: the figures of one scaling query, for the pane and the CLI alike. */
#include "engine/scaling/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int scaling_report(const ScalingSettings *s, bool given, const GpuPreset *gpu, ScalingReport *out,
                   RError *err)
{
    memset(out, 0, sizeof *out);
    double c = s->compute;
    if (!(c > 0) || !isfinite(c) || (given && !(s->params > 0 && s->tokens > 0)))
        return rerror_set(err, "scaling: compute, params and tokens must be positive");
    out->compute = c;
    out->given = given;
    for (int i = 0; i < LAW_COUNT; i++) {
        const ScalingLaw *law = scaling_law((ScalingLawId)i);
        out->opt[i] = scaling_optimum(law, c);
        out->at[i] = given ? scaling_evaluate(law, s->params, s->tokens) : out->opt[i];
        out->at_opt_loss[i] = scaling_optimum(law, out->at[i].compute).loss;
        if (s->inference_tokens > 0 && law->kind == LAW_KIND_PARAMETRIC) {
            RError e;
            out->has_io[i] = scaling_inference_optimum_for_budget(law, c, s->inference_tokens,
                                                                  &out->io[i], &e) == 0;
            if (!out->has_io[i])
                snprintf(out->io_error[i], sizeof out->io_error[i], "%s", e.msg);
        }
    }
    if (gpu) {
        out->has_tt = true;
        double train = given ? SCALING_FLOPS_PER_PARAM_TOKEN * s->params * s->tokens : c;
        out->tt = scaling_train_time(train, gpu->bf16_flops, s->gpus, s->mfu);
    }
    return 0;
}
