/* Helpers shared by the headless commands: error lines, strict number parsing, JSON output. */
#include "tui/cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("rampup: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return CLI_FAIL;
}

int cli_usage(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "rampup: %s: ", command);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\ntry 'rampup %s --help'\n", command);
    va_end(ap);
    return CLI_USAGE;
}

int cli_unknown_option(const char *command, const char *arg)
{
    if (arg[0] == '-') {
        const char *eq = strchr(arg, '=');
        int len = eq ? (int)(eq - arg) : (int)strlen(arg);
        return cli_usage(command, "unknown option %.*s", len, arg);
    }
    return cli_usage(command, "unexpected argument '%s'", arg);
}

void cli_print_gpu_names(const GpuList *gpus)
{
    if (!gpus || !gpus->count)
        return;
    fputs("\nGPUs:", stdout);
    for (size_t i = 0; i < gpus->count; i++)
        printf(" %s", gpus->items[i].name);
    fputs("\n", stdout);
}

int cli_fail_err(const RError *err)
{
    char buf[1024];
    rerror_format(err, buf, sizeof buf);
    return cli_fail("%s", buf);
}

bool cli_parse_ll(const char *s, long long min, long long max, long long *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max) {
        /* Accept integral scientific notation such as 1e6. */
        char *dend;
        errno = 0;
        double d = strtod(s, &dend);
        if (errno || *dend || d != floor(d) || d < (double)min || d > (double)max)
            return false;
        v = (long long)d;
    }
    *out = v;
    return true;
}

bool cli_parse_double(const char *s, double min, double max, double *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v) || v < min || v > max)
        return false;
    *out = v;
    return true;
}

cJSON *cli_json_add_u64(cJSON *obj, const char *key, unsigned long long value)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%llu", value);
    cJSON *item = cJSON_CreateRaw(buf);
    if (item && !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        return NULL;
    }
    return item;
}

int cli_json_print(const cJSON *json)
{
    char *text = cJSON_Print(json);
    if (!text)
        return cli_fail("out of memory");
    puts(text);
    cJSON_free(text);
    return CLI_OK;
}
