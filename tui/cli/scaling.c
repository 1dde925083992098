/* `rampup scaling`: compute-optimal N and D per law for a budget, the loss of a given (N, D),
 * training time on a GPU preset, the inference-aware optimum, and fitting a law to a CSV. */
#include "tui/cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/gpu.h"
#include "engine/scaling/csv.h"
#include "engine/scaling/explain.h"
#include "engine/scaling/fit.h"
#include "engine/scaling/laws.h"
#include "engine/scaling/markdown.h"
#include "engine/scaling/optimum.h"
#include "tui/format.h"

static const char USAGE[] =
    "usage: rampup scaling --compute C [--law LAW] [options]\n"
    "       rampup scaling --params N --tokens D [--law LAW] [options]\n"
    "       rampup scaling --fit FILE.csv [--drop-highest K] [--starts K] [--bootstrap B]\n"
    "\n"
    "Compute-optimal model size N and training tokens D for a budget C ≈ 6ND (FLOP), or the\n"
    "loss of a given (N, D), under each scaling law; or fit L(N, D) = E + A/N^alpha + B/D^beta\n"
    "to a CSV of runs (Huber loss on log-loss, L-BFGS from 4500 starts, Hoffmann et al. D.2).\n"
    "\n"
    "  --compute C            training budget in FLOP (1e18 .. 1e30)\n"
    "  --params N --tokens D  a given model: N parameters trained on D tokens\n"
    "  --law LAW              chinchilla1 | chinchilla2 | chinchilla3 | chinchilla3-rounded |\n"
    "                         epoch | kaplan | all (default all)\n"
    "  --gpu NAME             training time on this GPU preset (content/gpus.yaml)\n"
    "  --gpus N               number of GPUs (default 1)\n"
    "  --mfu F                model FLOPs utilisation, 0..1 (default 0.4)\n"
    "  --inference-tokens T   lifetime inference tokens: also print the Sardana et al. (2023)\n"
    "                         optimum that minimises training + inference FLOPs at equal loss\n"
    "  --fit FILE             CSV with columns for N, D (or C) and loss\n"
    "  --drop-highest K       drop the K highest-loss rows first (Epoch AI dropped 5)\n"
    "  --starts K             run L-BFGS from the K best grid starts only (default: all 4500)\n"
    "  --bootstrap B          B bootstrap resamples for standard errors (default 200; 0: none)\n"
    "  --why                  the formulas behind each figure, with the numbers filled in\n"
    "  --json                 one JSON object on stdout\n"
    "  --markdown             a handout: every law's optimum, then the formulas of --law\n"
    "                         (default chinchilla3) with the numbers, as Markdown\n"
    "  --help                 this text\n";

typedef struct Args {
    double compute, params, tokens, mfu, inference_tokens;
    bool has_compute, has_params, has_tokens, has_inference, json, why, markdown;
    int law; /* -1 = all */
    const char *gpu, *fit;
    long long gpus, drop, starts, bootstrap;
} Args;

static int parse_args(int argc, char **argv, Args *a)
{
    memset(a, 0, sizeof *a);
    a->law = -1;
    a->mfu = 0.4;
    a->gpus = 1;
    a->bootstrap = 200;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE()                                                                       \
    do {                                                                                   \
        if (!v)                                                                            \
            return cli_usage("scaling", "%s needs a value", o);                            \
        i++;                                                                               \
    } while (0)
        if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
            fputs(USAGE, stdout);
            return -1;
        } else if (strcmp(o, "--json") == 0) {
            a->json = true;
        } else if (strcmp(o, "--why") == 0) {
            a->why = true;
        } else if (strcmp(o, "--markdown") == 0) {
            a->markdown = true;
        } else if (strcmp(o, "--compute") == 0) {
            NEED_VALUE();
            if (!cli_parse_double(v, 1e10, 1e35, &a->compute))
                return cli_usage("scaling", "--compute wants FLOP in 1e10..1e35, got '%s'", v);
            a->has_compute = true;
        } else if (strcmp(o, "--params") == 0) {
            NEED_VALUE();
            if (!cli_parse_double(v, 1e3, 1e16, &a->params))
                return cli_usage("scaling", "--params wants a count in 1e3..1e16, got '%s'", v);
            a->has_params = true;
        } else if (strcmp(o, "--tokens") == 0) {
            NEED_VALUE();
            if (!cli_parse_double(v, 1e3, 1e18, &a->tokens))
                return cli_usage("scaling", "--tokens wants a count in 1e3..1e18, got '%s'", v);
            a->has_tokens = true;
        } else if (strcmp(o, "--law") == 0) {
            NEED_VALUE();
            if (strcmp(v, "all") == 0)
                a->law = -1;
            else if ((a->law = scaling_law_find(v)) < 0)
                return cli_usage("scaling", "unknown law '%s'", v);
        } else if (strcmp(o, "--gpu") == 0) {
            NEED_VALUE();
            a->gpu = v;
        } else if (strcmp(o, "--gpus") == 0) {
            NEED_VALUE();
            if (!cli_parse_ll(v, 1, 10000000, &a->gpus))
                return cli_usage("scaling", "--gpus wants a count >= 1, got '%s'", v);
        } else if (strcmp(o, "--mfu") == 0) {
            NEED_VALUE();
            if (!cli_parse_double(v, 0.001, 1.0, &a->mfu))
                return cli_usage("scaling", "--mfu wants a fraction in (0, 1], got '%s'", v);
        } else if (strcmp(o, "--inference-tokens") == 0) {
            NEED_VALUE();
            if (!cli_parse_double(v, 0, 1e20, &a->inference_tokens))
                return cli_usage("scaling", "--inference-tokens wants 0..1e20, got '%s'", v);
            a->has_inference = true;
        } else if (strcmp(o, "--fit") == 0) {
            NEED_VALUE();
            a->fit = v;
        } else if (strcmp(o, "--drop-highest") == 0) {
            NEED_VALUE();
            if (!cli_parse_ll(v, 0, 1000000, &a->drop))
                return cli_usage("scaling", "--drop-highest wants a count, got '%s'", v);
        } else if (strcmp(o, "--starts") == 0) {
            NEED_VALUE();
            if (!cli_parse_ll(v, 1, 4500, &a->starts))
                return cli_usage("scaling", "--starts wants 1..4500, got '%s'", v);
        } else if (strcmp(o, "--bootstrap") == 0) {
            NEED_VALUE();
            if (!cli_parse_ll(v, 0, 100000, &a->bootstrap))
                return cli_usage("scaling", "--bootstrap wants a count, got '%s'", v);
        } else {
            return cli_usage("scaling", "unknown option '%s'", o);
        }
#undef NEED_VALUE
    }
    int modes = (a->has_compute ? 1 : 0) + (a->has_params || a->has_tokens ? 1 : 0) +
                (a->fit ? 1 : 0);
    if (modes != 1)
        return cli_usage("scaling", "give exactly one of --compute, --params/--tokens, --fit");
    if (a->has_params != a->has_tokens)
        return cli_usage("scaling", "--params and --tokens go together");
    return 0;
}

static double round_count(double v)
{
    return v < 1.8e19 ? (double)llround(v) : v;
}

static void json_count(cJSON *obj, const char *key, double v)
{
    if (isfinite(v) && v >= 0 && v < 1.8e19)
        cli_json_add_u64(obj, key, (unsigned long long)llround(v));
    else
        cJSON_AddNumberToObject(obj, key, v);
}

static cJSON *json_inference(const InferenceOptimum *io)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "target_loss", io->target_loss);
    cJSON_AddNumberToObject(o, "inference_tokens", io->inference_tokens);
    json_count(o, "params", io->params);
    json_count(o, "tokens", io->tokens);
    cJSON_AddNumberToObject(o, "tokens_per_param", io->tokens_per_param);
    cJSON_AddNumberToObject(o, "train_flops", io->train_flops);
    cJSON_AddNumberToObject(o, "inference_flops", io->infer_flops);
    cJSON_AddNumberToObject(o, "total_flops", io->total_flops);
    json_count(o, "chinchilla_params", io->chin_params);
    cJSON_AddNumberToObject(o, "chinchilla_total_flops", io->chin_total_flops);
    cJSON_AddNumberToObject(o, "saving", io->saving);
    return o;
}

static int run_fit(const Args *a)
{
    ScalingData d;
    RError err;
    if (scaling_csv_load(a->fit, &d, &err))
        return cli_fail_err(&err);
    size_t total = d.count;
    scaling_data_drop_highest_loss(&d, (size_t)a->drop);
    ScalingFitOptions o = scaling_fit_defaults();
    o.max_starts = (size_t)a->starts;
    o.bootstrap = (int)a->bootstrap;
    ScalingFit f;
    if (scaling_fit(d.items, d.count, &o, &f, &err)) {
        scaling_data_free(&d);
        return cli_fail("%s: %s", a->fit, err.msg);
    }
    double maxres = 0;
    size_t worst = 0;
    for (size_t i = 0; i < f.n_points; i++)
        if (fabs(f.residuals[i]) > maxres) {
            maxres = fabs(f.residuals[i]);
            worst = i;
        }
    int rc = CLI_OK;
    if (a->json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "file", a->fit);
        cli_json_add_u64(j, "rows", total);
        cli_json_add_u64(j, "dropped", total - d.count);
        cli_json_add_u64(j, "n_points", f.n_points);
        cJSON_AddNumberToObject(j, "E", f.law.E);
        cJSON_AddNumberToObject(j, "A", f.law.A);
        cJSON_AddNumberToObject(j, "B", f.law.B);
        cJSON_AddNumberToObject(j, "alpha", f.law.alpha);
        cJSON_AddNumberToObject(j, "beta", f.law.beta);
        const ParametricLaw *se = f.n_boot > 1 ? &f.se_boot : &f.se;
        cJSON *s = cJSON_AddObjectToObject(j, "se");
        cJSON_AddNumberToObject(s, "E", se->E);
        cJSON_AddNumberToObject(s, "A", se->A);
        cJSON_AddNumberToObject(s, "B", se->B);
        cJSON_AddNumberToObject(s, "alpha", se->alpha);
        cJSON_AddNumberToObject(s, "beta", se->beta);
        cJSON_AddStringToObject(j, "se_method", f.n_boot > 1 ? "bootstrap" : "gauss-newton");
        cli_json_add_u64(j, "bootstrap_resamples", (unsigned long long)f.n_boot);
        cJSON *g = cJSON_AddObjectToObject(j, "se_gauss_newton");
        cJSON_AddNumberToObject(g, "E", f.se.E);
        cJSON_AddNumberToObject(g, "A", f.se.A);
        cJSON_AddNumberToObject(g, "B", f.se.B);
        cJSON_AddNumberToObject(g, "alpha", f.se.alpha);
        cJSON_AddNumberToObject(g, "beta", f.se.beta);
        cJSON_AddNumberToObject(j, "a", f.a_exp);
        cJSON_AddNumberToObject(j, "b", f.b_exp);
        cJSON_AddNumberToObject(j, "huber_objective", f.objective);
        cJSON_AddNumberToObject(j, "rmse_log", f.rmse_log);
        cJSON_AddNumberToObject(j, "max_abs_residual_log", maxres);
        cli_json_add_u64(j, "max_residual_line", (unsigned long long)d.items[worst].line);
        cli_json_add_u64(j, "starts", (unsigned long long)f.starts);
        cli_json_add_u64(j, "converged", (unsigned long long)f.converged);
        rc = cli_json_print(j);
        cJSON_Delete(j);
    } else {
        const ParametricLaw *se = f.n_boot > 1 ? &f.se_boot : &f.se;
        printf("%s: %zu rows, %zu dropped (highest loss), %zu fitted\n", a->fit, total,
               total - d.count, f.n_points);
        printf("L(N, D) = E + A/N^alpha + B/D^beta   (standard errors: %s)\n",
               f.n_boot > 1 ? "bootstrap" : "Gauss-Newton");
        printf("  E      %10.5f  (%.5f)\n", f.law.E, se->E);
        printf("  A      %10.3f  (%.3f)\n", f.law.A, se->A);
        printf("  B      %10.3f  (%.3f)\n", f.law.B, se->B);
        printf("  alpha  %10.5f  (%.5f)\n", f.law.alpha, se->alpha);
        printf("  beta   %10.5f  (%.5f)\n", f.law.beta, se->beta);
        printf("N_opt ∝ C^%.3f, D_opt ∝ C^%.3f\n", f.a_exp, f.b_exp);
        printf("residuals (ln L): rmse %.4f, largest %.4f at line %d\n", f.rmse_log, maxres,
               d.items[worst].line);
        printf("L-BFGS: %d starts, %d converged, Huber objective %.6g\n", f.starts, f.converged,
               f.objective);
    }
    scaling_fit_free(&f);
    scaling_data_free(&d);
    return rc;
}

static int load_gpu(const CliEnv *env, const char *name, GpuList *list, const GpuPreset **gpu)
{
    char path[4200];
    RError err;
    snprintf(path, sizeof path, "%s/gpus.yaml", env->content_dir ? env->content_dir : "content");
    if (gpu_list_load(path, list, &err))
        return cli_fail_err(&err);
    *gpu = gpu_find(list, name);
    if (!*gpu) {
        fprintf(stderr, "rampup: scaling: unknown GPU '%s'; presets:", name);
        for (size_t i = 0; i < list->count; i++)
            fprintf(stderr, " %s", list->items[i].name);
        fputc('\n', stderr);
        gpu_list_free(list);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cli_scaling(const CliEnv *env, int argc, char **argv)
{
    Args a;
    int rc = parse_args(argc, argv, &a);
    if (rc < 0)
        return CLI_OK; /* --help */
    if (rc)
        return rc;
    if (a.fit)
        return run_fit(&a);

    GpuList gpus = {NULL, 0};
    const GpuPreset *gpu = NULL;
    if (a.gpu && (rc = load_gpu(env, a.gpu, &gpus, &gpu)) != CLI_OK)
        return rc;

    bool given = a.has_params;
    double compute = given ? SCALING_FLOPS_PER_PARAM_TOKEN * a.params * a.tokens : a.compute;
    if (a.markdown) { /* the same handout as `e` in the Scaling pane */
        ScalingQuery q = {.law = a.law < 0 ? LAW_CHINCHILLA3 : (ScalingLawId)a.law,
                          .compute = compute, .gpu = gpu, .gpus = (int)a.gpus, .mfu = a.mfu,
                          .inference_tokens = a.has_inference ? a.inference_tokens : 0};
        ScalingPoint opt = scaling_optimum(scaling_law(q.law), compute);
        q.params = given ? a.params : opt.params;
        q.tokens = given ? a.tokens : opt.tokens;
        size_t need = scaling_markdown(&q, NULL, 0) + 1;
        char *md = malloc(need);
        if (md) {
            scaling_markdown(&q, md, need);
            fputs(md, stdout);
            free(md);
        }
        gpu_list_free(&gpus);
        return md ? CLI_OK : cli_fail("out of memory");
    }
    int first = a.law < 0 ? 0 : a.law, last = a.law < 0 ? LAW_COUNT - 1 : a.law;
    cJSON *j = a.json ? cJSON_CreateObject() : NULL;
    cJSON *laws = NULL;
    char b1[32], b2[32], b3[32], b4[32];
    if (j) {
        cJSON_AddNumberToObject(j, "compute", compute);
        cJSON_AddNumberToObject(j, "gopher_units", compute / SCALING_GOPHER_FLOPS);
        if (given) {
            json_count(j, "params", a.params);
            json_count(j, "tokens", a.tokens);
        }
        laws = cJSON_AddArrayToObject(j, "laws");
    } else {
        fmt_sci(b1, sizeof b1, compute);
        printf("compute %s FLOP (%.3g x the Gopher budget)", b1, compute / SCALING_GOPHER_FLOPS);
        if (given) {
            fmt_count(b2, sizeof b2, a.params);
            fmt_count(b3, sizeof b3, a.tokens);
            printf(" = 6 x %s params x %s tokens", b2, b3);
        }
        printf("\n\n%-21s %9s %9s %8s %7s  %s\n", "law", given ? "N_opt" : "params",
               given ? "D_opt" : "tokens", "D/N", "loss", given ? "loss at given N, D" : "");
    }
    for (int id = first; id <= last; id++) {
        const ScalingLaw *law = scaling_law(id);
        ScalingPoint opt = scaling_optimum(law, compute);
        ScalingPoint at = given ? scaling_evaluate(law, a.params, a.tokens) : opt;
        InferenceOptimum io;
        RError ierr;
        bool has_io = a.has_inference &&
                      scaling_inference_optimum_for_budget(law, compute, a.inference_tokens, &io,
                                                           &ierr) == 0;
        const char *loss_by = scaling_law(law->loss_law)->name;
        if (j) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "law", law->name);
            cJSON_AddStringToObject(o, "label", law->label);
            json_count(o, "params", opt.params);
            json_count(o, "tokens", opt.tokens);
            cJSON_AddNumberToObject(o, "loss", opt.loss);
            cJSON_AddNumberToObject(o, "tokens_per_param", opt.tokens_per_param);
            cJSON_AddStringToObject(o, "loss_law", loss_by);
            if (given)
                cJSON_AddNumberToObject(o, "loss_at_given", at.loss);
            if (has_io)
                cJSON_AddItemToObject(o, "inference_optimum", json_inference(&io));
            cJSON_AddStringToObject(o, "source", law->source);
            cJSON_AddItemToArray(laws, o);
        } else {
            fmt_count(b1, sizeof b1, round_count(opt.params));
            fmt_count(b2, sizeof b2, round_count(opt.tokens));
            printf("%-21s %9s %9s %8.3g %7.4f", law->name, b1, b2, opt.tokens_per_param,
                   opt.loss);
            if (given)
                printf("  %7.4f", at.loss);
            if (law->loss_law != law->id)
                printf("  (loss by %s)", loss_by);
            if (law->kind == LAW_KIND_KAPLAN)
                printf("  (WebText2 nats)");
            printf("\n");
            if (has_io) {
                fmt_count(b1, sizeof b1, io.params);
                fmt_count(b2, sizeof b2, io.tokens);
                fmt_sci(b3, sizeof b3, io.total_flops);
                fmt_count(b4, sizeof b4, a.inference_tokens);
                printf("  + %s inference tokens: %s params x %s tokens (D/N %.0f), lifetime "
                       "%s FLOP, %.1f%% less than the Chinchilla model\n",
                       b4, b1, b2, io.tokens_per_param, b3, 100 * io.saving);
            }
        }
    }
    if (gpu) {
        TrainTime t = scaling_train_time(compute, gpu->bf16_flops, (int)a.gpus, a.mfu);
        if (j) {
            cJSON *o = cJSON_AddObjectToObject(j, "train_time");
            cJSON_AddStringToObject(o, "gpu", gpu->name);
            cli_json_add_u64(o, "gpus", (unsigned long long)a.gpus);
            cJSON_AddNumberToObject(o, "mfu", a.mfu);
            cJSON_AddNumberToObject(o, "peak_flops", gpu->bf16_flops);
            cJSON_AddNumberToObject(o, "seconds", t.seconds);
            cJSON_AddNumberToObject(o, "days", t.days);
            cJSON_AddNumberToObject(o, "gpu_hours", t.gpu_hours);
        } else {
            fmt_duration(b1, sizeof b1, t.seconds);
            fmt_count(b2, sizeof b2, t.gpu_hours);
            printf("\ntraining time on %lld x %s (BF16 %.0f TFLOP/s dense) at %.0f%% MFU: %s "
                   "(%s GPU-hours)\n",
                   a.gpus, gpu->label, gpu->bf16_flops / 1e12, 100 * a.mfu, b1, b2);
        }
    }
    if (a.why) {
        ScalingQuery q = {.compute = compute, .gpu = gpu, .gpus = (int)a.gpus, .mfu = a.mfu,
                          .inference_tokens = a.has_inference ? a.inference_tokens : 0};
        cJSON *whys = j ? cJSON_AddObjectToObject(j, "why") : NULL;
        for (int id = first; id <= last; id++) {
            q.law = (ScalingLawId)id;
            ScalingPoint opt = scaling_optimum(scaling_law(q.law), compute);
            q.params = given ? a.params : opt.params;
            q.tokens = given ? a.tokens : opt.tokens;
            ScalingExplain ex = {NULL, 0, 0};
            RError werr;
            if (scaling_explain(&q, &ex, &werr) != 0) {
                rc = cli_fail_err(&werr);
                break;
            }
            cJSON *arr = whys ? cJSON_AddArrayToObject(whys, scaling_law(q.law)->name) : NULL;
            if (!j)
                printf("\n");
            for (size_t i = 0; i < ex.count; i++) {
                if (arr)
                    cJSON_AddItemToArray(arr, cJSON_CreateString(ex.lines[i].text));
                else
                    printf("%s\n", ex.lines[i].text);
            }
            scaling_explain_free(&ex);
        }
    }
    if (j) {
        if (rc == CLI_OK)
            rc = cli_json_print(j);
        cJSON_Delete(j);
    } else if (a.has_inference && a.law >= 0 && scaling_law(a.law)->kind != LAW_KIND_PARAMETRIC) {
        printf("(the inference-aware optimum needs a parametric law: chinchilla3, "
               "chinchilla3-rounded or epoch)\n");
    }
    gpu_list_free(&gpus);
    return rc;
}
