/* Tests for the one number formatter (engine/format): three significant digits everywhere,
 * rounding carried into the next unit, binary byte units labelled so, and counts that a
 * decimal setting reads back. */
#include <criterion/criterion.h>

#include <stddef.h>

#include "engine/format.h"
#include "engine/param.h"

static const char *bytes(double v)
{
    static char b[32];
    fmt_bytes(b, sizeof b, v);
    return b;
}

static const char *count(double v)
{
    static char b[32];
    fmt_count(b, sizeof b, v);
    return b;
}

static const char *sci(double v)
{
    static char b[32];
    fmt_sci(b, sizeof b, v);
    return b;
}

Test(format, bytes_binary_and_labelled)
{
    cr_assert_str_eq(bytes(536), "536 B");
    cr_assert_str_eq(bytes(1536), "1.50 KiB");
    cr_assert_str_eq(bytes(819200), "800 KiB"); /* OPT-13B KV per token (vLLM paper §3) */
    cr_assert_str_eq(bytes(1073741824.0), "1.00 GiB");
    cr_assert_str_eq(bytes(2113929216.0), "1.97 GiB");
    cr_assert_str_eq(bytes(1048575), "1.00 MiB", "1023.999 KiB carries into MiB");
    cr_assert_str_eq(bytes(1000 * 1024.0), "0.977 MiB", "never 4 digits");
    cr_assert_str_eq(bytes(18446744073709551615.0), "16.0 EiB");
    cr_assert_str_eq(bytes(-1536), "-1.50 KiB");
}

Test(format, counts_carry)
{
    cr_assert_str_eq(count(999999), "1.00M", "never 1000k");
    cr_assert_str_eq(count(999.7e9), "1.00T");
    cr_assert_str_eq(count(999), "999");
    cr_assert_str_eq(count(999.6), "1.00k");
    cr_assert_str_eq(count(7241732096.0), "7.24B");
    cr_assert_str_eq(count(40360938387.0), "40.4B");
    cr_assert_str_eq(count(1.4e12), "1.40T");
    cr_assert_str_eq(count(2.5e15), "2.50Q");
    cr_assert_str_eq(count(1.5e18), "1.50e18");
    cr_assert_str_eq(count(-2500), "-2.50k");
}

Test(format, sci_three_digits)
{
    cr_assert_str_eq(sci(5.76e23), "5.76e23");
    cr_assert_str_eq(sci(9.999e20), "1.00e21");
    cr_assert_str_eq(sci(0.05), "0.05");
    cr_assert_str_eq(sci(1e-4), "1.00e-4");
    cr_assert_str_eq(sci(1234), "1234");
}

/* What the app prints for a count, a decimal setting reads back (to 3 digits). */
Test(format, counts_read_back_as_settings)
{
    typedef struct { double n; } S;
    static const ParamSpec spec = {.name = "n", .kind = PARAM_REAL, .offset = offsetof(S, n),
                                   .min = 0, .max = 1e18, .suffix = PARAM_SFX_DECIMAL};
    static const double values[] = {7e10, 1.5e13, 6.74e9, 950, 2.5e15};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        S s = {0};
        RError err;
        cr_assert_eq(param_parse_value(&spec, NULL, count(values[i]), "n", &s, &err), 0, "%s",
                     count(values[i]));
        cr_assert_float_eq(s.n, values[i], values[i] * 5e-3, "%s", count(values[i]));
    }
}
