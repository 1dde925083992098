/* `rampup scaling`: compute-optimal N and D per law for a budget, the loss of a given (N, D),
 * training time on a GPU preset, the inference-aware optimum, and fitting a law to a CSV. */
#include "tui/cli/cli.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
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
#include "engine/scaling/report.h"
#include "engine/scaling/scaling_params.h"
#include "engine/format.h"

static const char usage_head[] =
    "usage: rampup scaling --compute C [--law LAW] [options]\n"
    "       rampup scaling --params N --tokens D [--law LAW] [options]\n"
    "       rampup scaling --fit FILE.csv [--drop-highest K] [--starts K] [--confirm K]\n"
    "                      [--bootstrap B]\n"
    "\n"
    "Compute-optimal model size N and training tokens D for a budget C ≈ 6ND (FLOP), or the\n"
    "loss of a given (N, D), under each scaling law; or fit L(N, D) = E + A/N^alpha + B/D^beta\n"
    "to a CSV of runs (Huber loss on log-loss, L-BFGS from a 4500-point grid of starts in order\n"
    "of their loss, Hoffmann et al. D.2; stops once 8 runs end at the same best optimum).\n"
    "The training time is printed when --gpu is given, the inference-aware optimum when\n"
    "--inference-tokens is. The laws were fitted on 70M-16B parameters and 5B-500B tokens\n"
    "(Chinchilla, Epoch) and 768-1.5B, 22M-23B (Kaplan); rows outside are marked '!', and\n"
    "'!!' more than 10x outside (extrapolating far outside the fitted range).\n"
    "\n"
    "  --fit FILE             CSV with columns for N, D (or C) and loss (at most 10000 rows,\n"
    "                         16 MiB)\n"
    "  --why                  the formulas behind each figure, with the numbers filled in\n"
    "  --json                 one JSON object on stdout\n"
    "  --markdown             a handout: every law's optimum, then the formulas of --law\n"
    "                         (default chinchilla3) with the numbers, as Markdown\n"
    "  --help                 this text\n";

/* The fit's own options: a small table of the command's, parsed like the topic's. */
typedef struct FitOptions {
    uint64_t drop, starts, confirm, bootstrap;
} FitOptions;
static const ParamSpec fit_specs[] = {
    {.name = "drop_highest", .kind = PARAM_U64, .offset = offsetof(FitOptions, drop), .min = 0,
     .max = 1e6, .def = 0, .help = "drop the K highest-loss rows first (Epoch AI dropped 5)"},
    {.name = "starts", .kind = PARAM_U64, .offset = offsetof(FitOptions, starts), .min = 0,
     .max = 4500, .def = 0, .help = "L-BFGS from the K best grid starts only (0: all 4500)"},
    {.name = "confirm", .kind = PARAM_U64, .offset = offsetof(FitOptions, confirm), .min = 0,
     .max = 4500, .def = SCALING_FIT_CONFIRM,
     .help = "stop once K runs end at the best optimum (0: run every start)"},
    {.name = "bootstrap", .kind = PARAM_U64, .offset = offsetof(FitOptions, bootstrap), .min = 0,
     .max = 2000, .def = 200, .help = "bootstrap resamples for standard errors (0: none)"},
};
static const ParamTable fit_params = {"scaling", fit_specs, sizeof fit_specs / sizeof fit_specs[0],
                                      sizeof(FitOptions), NULL};

typedef struct Args {
    ScalingSettings set;
    FitOptions fit_opts;
    ParamMask given;
    bool json, why, markdown, help;
    const char *fit;
} Args;

static bool was_given(const Args *a, const char *name)
{
    int i = param_index(&scaling_params, param_find(&scaling_params, name));
    return i >= 0 && (a->given & ((ParamMask)1 << i));
}

static void print_usage(const GpuList *gpus)
{
    char opts[4096], fit[2048];
    param_usage(&fit_params, fit, sizeof fit);
    param_usage(&scaling_params, opts, sizeof opts);
    char *rules = strstr(fit, "Each --name"); /* the rule lines come once, after the table's */
    if (rules)
        *rules = '\0';
    fputs(usage_head, stdout);
    fputs(fit, stdout);
    fputs(opts, stdout);
    cli_print_gpu_names(gpus);
}

/* Returns 0, or CLI_USAGE (reported). */
static int parse_args(int argc, char **argv, const ParamContext *ctx, Args *a)
{
    memset(a, 0, sizeof *a);
    param_defaults(&scaling_params, &a->set);
    param_defaults(&fit_params, &a->fit_opts);
    RError err;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int r = param_argv(&scaling_params, ctx, argc, argv, &i, &a->set, &a->given, &err);
        if (r == 0)
            r = param_argv(&fit_params, ctx, argc, argv, &i, &a->fit_opts, NULL, &err);
        if (r < 0)
            return cli_usage("scaling", "%s", err.msg);
        if (r > 0)
            continue;
        if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0)
            a->help = true;
        else if (strcmp(o, "--json") == 0)
            a->json = true;
        else if (strcmp(o, "--why") == 0)
            a->why = true;
        else if (strcmp(o, "--markdown") == 0)
            a->markdown = true;
        else if (strcmp(o, "--fit") == 0 || strncmp(o, "--fit=", 6) == 0) {
            if (o[5] == '=')
                a->fit = o + 6;
            else if (i + 1 < argc)
                a->fit = argv[++i];
            else
                return cli_usage("scaling", "--fit needs a value (a CSV file)");
        } else {
            return cli_unknown_option("scaling", o);
        }
    }
    if (a->help)
        return 0;
    bool has_c = was_given(a, "compute"), has_n = was_given(a, "params"),
         has_d = was_given(a, "tokens");
    int modes = (has_c ? 1 : 0) + (has_n || has_d ? 1 : 0) + (a->fit ? 1 : 0);
    if (modes != 1)
        return cli_usage("scaling", "give exactly one of --compute, --params/--tokens, --fit");
    if (has_n != has_d)
        return cli_usage("scaling", "--params and --tokens go together");
    if (has_n) /* one model: its budget is 6ND */
        a->set.compute = SCALING_FLOPS_PER_PARAM_TOKEN * a->set.params * a->set.tokens;
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
    scaling_data_drop_highest_loss(&d, (size_t)a->fit_opts.drop);
    ScalingFitOptions o = scaling_fit_defaults();
    o.max_starts = (size_t)a->fit_opts.starts;
    o.bootstrap = (int)a->fit_opts.bootstrap;
    o.confirm = (int)a->fit_opts.confirm;
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
        cli_json_add_u64(j, "confirmed", (unsigned long long)f.confirmed);
        cJSON_AddBoolToObject(j, "stopped_early", f.stopped_early);
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
        printf("L-BFGS: %d starts, %d converged, %d at the best optimum%s, Huber objective %.6g\n",
               f.starts, f.converged, f.confirmed, f.stopped_early ? " (stopped there)" : "",
               f.objective);
    }
    scaling_fit_free(&f);
    scaling_data_free(&d);
    return rc;
}

/* Prints the report: one row per law, then the training time and the formulas. */
static int run_query(const Args *a, const GpuPreset *gpu)
{
    ScalingReport r;
    RError err;
    bool given = was_given(a, "params");
    if (scaling_report(&a->set, given, gpu, &r, &err) != 0)
        return cli_fail_err(&err);
    bool has_inference = was_given(a, "inference_tokens") && a->set.inference_tokens > 0;
    int law = a->set.law;
    int first = law == SCALING_LAW_ALL ? 0 : law, last = law == SCALING_LAW_ALL ? LAW_COUNT - 1 : law;
    double compute = r.compute;
    if (a->markdown) { /* the same handout as `e` in the Scaling pane */
        ScalingLawId id = law == SCALING_LAW_ALL ? LAW_CHINCHILLA3 : (ScalingLawId)law;
        ScalingQuery q = {.law = id, .compute = compute, .gpu = gpu, .gpus = a->set.gpus,
                          .mfu = a->set.mfu,
                          .params = given ? a->set.params : r.opt[id].params,
                          .tokens = given ? a->set.tokens : r.opt[id].tokens,
                          .inference_tokens = has_inference ? a->set.inference_tokens : 0};
        size_t need = scaling_markdown(&q, NULL, 0) + 1;
        char *md = malloc(need);
        if (!md)
            return cli_fail("out of memory");
        scaling_markdown(&q, md, need);
        fputs(md, stdout);
        free(md);
        return CLI_OK;
    }
    cJSON *j = a->json ? cJSON_CreateObject() : NULL;
    cJSON *laws = NULL;
    bool any_extrap = false;
    char b1[32], b2[32], b3[32], b4[32];
    int rc = CLI_OK;
    if (j) {
        cJSON_AddNumberToObject(j, "compute", compute);
        cJSON_AddNumberToObject(j, "gopher_units", compute / SCALING_GOPHER_FLOPS);
        if (given) {
            json_count(j, "params", a->set.params);
            json_count(j, "tokens", a->set.tokens);
        }
        laws = cJSON_AddArrayToObject(j, "laws");
    } else {
        fmt_sci(b1, sizeof b1, compute);
        printf("compute %s FLOP (%.3g x the Gopher budget)", b1, compute / SCALING_GOPHER_FLOPS);
        if (given) {
            fmt_count(b2, sizeof b2, a->set.params);
            fmt_count(b3, sizeof b3, a->set.tokens);
            printf(" = 6 x %s params x %s tokens", b2, b3);
        }
        printf("\n\n%-21s %9s %9s %8s %7s  %s\n", "law", given ? "N_opt" : "params",
               given ? "D_opt" : "tokens", "D/N", "loss", given ? "loss at given N, D" : "");
    }
    for (int id = first; id <= last; id++) {
        const ScalingLaw *sl = scaling_law(id);
        const ScalingPoint *opt = &r.opt[id];
        bool has_io = has_inference && r.has_io[id];
        const char *loss_by = scaling_law(sl->loss_law)->name;
        /* outside the runs the law was fitted on: the given model, else the optimum */
        const ScalingPoint *pt = given ? &r.at[id] : opt;
        double xf = scaling_extrapolation_factor(sl, pt->params, pt->tokens);
        any_extrap |= xf > 1.0;
        if (j) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "law", sl->name);
            cJSON_AddStringToObject(o, "label", sl->label);
            json_count(o, "params", opt->params);
            json_count(o, "tokens", opt->tokens);
            cJSON_AddNumberToObject(o, "loss", opt->loss);
            cJSON_AddNumberToObject(o, "tokens_per_param", opt->tokens_per_param);
            cJSON_AddStringToObject(o, "loss_law", loss_by);
            if (given)
                cJSON_AddNumberToObject(o, "loss_at_given", r.at[id].loss);
            if (has_io)
                cJSON_AddItemToObject(o, "inference_optimum", json_inference(&r.io[id]));
            cJSON_AddBoolToObject(o, "extrapolating", xf > 1.0);
            cJSON_AddNumberToObject(o, "extrapolation_factor", isfinite(xf) ? xf : 1e308);
            cJSON_AddBoolToObject(o, "far_outside_fit", xf > SCALING_FAR_FACTOR);
            cJSON_AddStringToObject(o, "fitted_range", sl->fit.source);
            cJSON_AddStringToObject(o, "source", sl->source);
            cJSON_AddItemToArray(laws, o);
        } else {
            fmt_count(b1, sizeof b1, round_count(opt->params));
            fmt_count(b2, sizeof b2, round_count(opt->tokens));
            printf("%-21s %9s %9s %8.3g %7.4f", sl->name, b1, b2, opt->tokens_per_param,
                   opt->loss);
            if (given)
                printf("  %7.4f", r.at[id].loss);
            if (sl->loss_law != sl->id)
                printf("  (loss by %s)", loss_by);
            if (sl->kind == LAW_KIND_KAPLAN)
                printf("  (WebText2 nats)");
            if (xf > SCALING_FAR_FACTOR)
                printf("  !! extrapolating far outside the fitted range (%.3gx)", xf);
            else if (xf > 1.0)
                printf("  ! outside the fitted range (%.2gx)", xf);
            printf("\n");
            if (has_io) {
                const InferenceOptimum *io = &r.io[id];
                fmt_count(b1, sizeof b1, io->params);
                fmt_count(b2, sizeof b2, io->tokens);
                fmt_sci(b3, sizeof b3, io->total_flops);
                fmt_count(b4, sizeof b4, a->set.inference_tokens);
                printf("  + %s inference tokens: %s params x %s tokens (D/N %.0f), lifetime "
                       "%s FLOP, %.1f%% less than the Chinchilla model\n",
                       b4, b1, b2, io->tokens_per_param, b3, 100 * io->saving);
            }
        }
    }
    if (any_extrap && !j)
        printf("fitted on: %s; %s. Outside those runs a law is an extrapolation, far outside "
               "(!!, more than %gx) its numbers are not evidence.\n",
               scaling_law(LAW_CHINCHILLA3)->fit.source, scaling_law(LAW_KAPLAN)->fit.source,
               SCALING_FAR_FACTOR);
    if (r.has_tt) {
        if (j) {
            cJSON *o = cJSON_AddObjectToObject(j, "train_time");
            cJSON_AddStringToObject(o, "gpu", gpu->name);
            cli_json_add_u64(o, "gpus", (unsigned long long)a->set.gpus);
            cJSON_AddNumberToObject(o, "mfu", a->set.mfu);
            cJSON_AddNumberToObject(o, "peak_flops", gpu->bf16_flops);
            cJSON_AddNumberToObject(o, "seconds", r.tt.seconds);
            cJSON_AddNumberToObject(o, "days", r.tt.days);
            cJSON_AddNumberToObject(o, "gpu_hours", r.tt.gpu_hours);
        } else {
            fmt_duration(b1, sizeof b1, r.tt.seconds);
            fmt_count(b2, sizeof b2, r.tt.gpu_hours);
            printf("\ntraining time on %d x %s (BF16 %.0f TFLOP/s dense) at %.0f%% MFU: %s "
                   "(%s GPU-hours)\n",
                   a->set.gpus, gpu->label, gpu->bf16_flops / 1e12, 100 * a->set.mfu, b1, b2);
        }
    }
    if (a->why) {
        ScalingQuery q = {.compute = compute, .gpu = gpu, .gpus = a->set.gpus, .mfu = a->set.mfu,
                          .inference_tokens = has_inference ? a->set.inference_tokens : 0};
        cJSON *whys = j ? cJSON_AddObjectToObject(j, "why") : NULL;
        for (int id = first; id <= last; id++) {
            q.law = (ScalingLawId)id;
            q.params = given ? a->set.params : r.opt[id].params;
            q.tokens = given ? a->set.tokens : r.opt[id].tokens;
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
    } else if (has_inference && law != SCALING_LAW_ALL &&
               scaling_law(law)->kind != LAW_KIND_PARAMETRIC) {
        printf("(the inference-aware optimum needs a parametric law: chinchilla3, "
               "chinchilla3-rounded or epoch)\n");
    }
    return rc;
}

int cli_scaling(const CliEnv *env, int argc, char **argv)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/gpus.yaml", env->content_dir ? env->content_dir : "content");
    GpuList gpus = {NULL, 0};
    RError gerr;
    bool have_gpus = gpu_list_load(path, &gpus, &gerr) == 0;
    ParamName *items = have_gpus ? calloc(gpus.count, sizeof *items) : NULL;
    ParamNames gnames = items ? gpu_param_names(&gpus, items) : (ParamNames){0};
    const ParamNames *lists[] = {&gnames};
    ParamContext ctx = {lists, items ? 1 : 0};

    Args a;
    int rc = parse_args(argc, argv, &ctx, &a);
    if (rc == 0 && a.help) {
        print_usage(have_gpus ? &gpus : NULL);
    } else if (rc == 0 && a.fit) {
        rc = run_fit(&a);
    } else if (rc == 0 && was_given(&a, "gpu") && !have_gpus) {
        rc = cli_fail_err(&gerr);
    } else if (rc == 0) {
        const GpuPreset *gpu = was_given(&a, "gpu") ? gpu_find(&gpus, a.set.gpu) : NULL;
        rc = run_query(&a, gpu);
    }
    free(items);
    gpu_list_free(&gpus);
    return rc;
}
