/* Helpers shared by the headless commands: error lines, strict number parsing, JSON output. */
#include "tui/cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text/sanitize.h"

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

/* cJSON escapes C0 controls but passes DEL, C1 (U+0080-U+009F, as UTF-8) and bidi controls
 * through; they only occur inside strings, where \uXXXX keeps the same value (RFC 8259 §7). */
static void json_put_escaped(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; u[i];) {
        uint32_t cp = 0;
        size_t n = 1;
        if (u[i] == 0x7F) {
            cp = 0x7F;
        } else if (u[i] == 0xC2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) {
            cp = u[i + 1];
            n = 2;
        } else if (u[i] == 0xE2 && (u[i + 1] == 0x80 || u[i + 1] == 0x81) && u[i + 2]) {
            uint32_t c = 0x2000u | ((uint32_t)(u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
            if (sanitize_is_bidi(c)) {
                cp = c;
                n = 3;
            }
        }
        if (cp)
            printf("\\u%04X", (unsigned)cp);
        else
            putchar(u[i]);
        i += n;
    }
    putchar('\n');
}

int cli_json_print(const cJSON *json)
{
    char *text = cJSON_Print(json);
    if (!text)
        return cli_fail("out of memory");
    json_put_escaped(text);
    cJSON_free(text);
    return CLI_OK;
}
