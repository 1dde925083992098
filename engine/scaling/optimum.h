/* Beyond the training budget: the inference-aware optimum (Sardana et al. 2023), C = 6ND
 * bookkeeping, and the isoFLOP and frontier curves the Scaling pane plots. */
#ifndef RAMPUP_ENGINE_SCALING_OPTIMUM_H
#define RAMPUP_ENGINE_SCALING_OPTIMUM_H

#include <stddef.h>

#include "engine/error.h"
#include "engine/scaling/laws.h"

/* Sardana et al. 2023, "Beyond Chinchilla-Optimal: Accounting for Inference in Language Model
 * Scaling Laws" (arXiv:2401.00448): for a target loss l and a lifetime of D_inf inference
 * tokens, choose (N, D_tr) minimising 6 N D_tr + 2 N D_inf subject to L(N, D_tr) = l. */
typedef struct InferenceOptimum {
    double target_loss;      /* l */
    double inference_tokens; /* D_inf */
    double params, tokens;   /* N*, D_tr* */
    double tokens_per_param;
    double train_flops;      /* 6 N* D_tr* */
    double infer_flops;      /* 2 N* D_inf */
    double total_flops;
    /* The training-only (Chinchilla) optimum reaching the same loss, with the same traffic. */
    double chin_params, chin_tokens, chin_total_flops;
    double saving;           /* 1 - total / chin_total (>= 0) */
} InferenceOptimum;

/* For a parametric law and a target loss > E. Fails when the loss is unreachable. */
int scaling_inference_optimum(const ParametricLaw *p, double target_loss, double inference_tokens,
                              InferenceOptimum *out, RError *err);
/* Target loss = the loss of `law`'s compute-optimal model for `compute`. Only parametric laws
 * (approach 3, rounded, Epoch) have the L(N, D) this needs; others fail with a message. */
int scaling_inference_optimum_for_budget(const ScalingLaw *law, double compute,
                                         double inference_tokens, InferenceOptimum *out,
                                         RError *err);

/* C = 6ND: which of the three a caller derives from the other two. */
typedef enum ScalingUnknown { SCALING_SOLVE_C, SCALING_SOLVE_N, SCALING_SOLVE_D } ScalingUnknown;
void scaling_solve_cnd(double *compute, double *params, double *tokens, ScalingUnknown unknown);

/* isoFLOP curve: `count` model sizes log-spaced over [n_lo, n_hi], each trained on C/(6N)
 * tokens; loss by `law`. Arrays are caller-owned with room for `count`. */
void scaling_isoflop(const ScalingLaw *law, double compute, double n_lo, double n_hi,
                     size_t count, double *n_out, double *loss_out);
/* Compute-optimal frontier: `count` budgets log-spaced over [c_lo, c_hi] and N_opt(C). */
void scaling_frontier(const ScalingLaw *law, double c_lo, double c_hi, size_t count,
                      double *c_out, double *n_out);

#endif
