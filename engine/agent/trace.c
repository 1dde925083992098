/* Agent traces: JSONL export and import. */
#include "engine/agent/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/fileio.h"

char *trace_to_string(const Run *r)
{
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    buf[0] = '\0';
    for (size_t i = 0; i < run_count(r); i++) {
        cJSON *j = checkpoint_to_json(r, run_checkpoint(r, i));
        char *line = j ? cJSON_PrintUnformatted(j) : NULL;
        cJSON_Delete(j);
        if (!line) {
            free(buf);
            return NULL;
        }
        size_t n = strlen(line);
        if (len + n + 2 > cap) {
            while (len + n + 2 > cap)
                cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(line);
                free(buf);
                return NULL;
            }
            buf = nb;
        }
        memcpy(buf + len, line, n);
        len += n;
        buf[len++] = '\n';
        buf[len] = '\0';
        free(line);
    }
    return buf;
}

int trace_save(const Run *r, const char *path, RError *err)
{
    char *text = trace_to_string(r);
    if (!text)
        return rerror_set(err, "out of memory");
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        free(text);
        return rerror_set(err, "%s: cannot write", path);
    }
    size_t n = strlen(text);
    int bad = fwrite(text, 1, n, f) != n;
    bad |= fclose(f) != 0;
    free(text);
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return rerror_set(err, "%s: write failed", path);
    }
    return 0;
}

int trace_load_string(const Graph *g, const AgentEnv *env, const char *name, const char *text, Run **out,
                      RError *err)
{
    *out = NULL;
    Run *r;
    if (run_new_empty(g, env, &r, err))
        return -1;
    const char *p = text;
    int line = 0;
    while (*p) {
        line++;
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        const char *next = nl ? nl + 1 : p + n;
        bool blank = true;
        for (size_t i = 0; i < n; i++)
            if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
                blank = false;
        if (!blank) {
            char *s = strndup(p, n);
            cJSON *j = s ? cJSON_Parse(s) : NULL;
            free(s);
            Checkpoint cp;
            RError e2 = {0};
            if (!j) {
                run_free(r);
                return rerror_at(err, name, line, 1, "not a JSON object");
            }
            int rc = checkpoint_from_json(g, j, &cp, &e2);
            cJSON_Delete(j);
            if (rc == 0 && (rc = run_adopt(r, &cp, &e2)) != 0)
                checkpoint_clear(&cp);
            if (rc) {
                if (rc == 0)
                    checkpoint_clear(&cp);
                run_free(r);
                return rerror_at(err, name, line, 1, "%s", e2.msg);
            }
        }
        p = next;
    }
    if (run_count(r) == 0) {
        run_free(r);
        return rerror_at(err, name, 1, 1, "empty trace");
    }
    *out = r;
    return 0;
}

int trace_load(const Graph *g, const AgentEnv *env, const char *path, Run **out, RError *err)
{
    char *buf;
    size_t len;
    if (fileio_read(path, TRACE_MAX_BYTES, &buf, &len, err) != 0)
        return -1;
    int rc = trace_load_string(g, env, path, buf, out, err);
    free(buf);
    return rc;
}
