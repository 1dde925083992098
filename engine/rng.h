/* A small seedable generator kept in the caller's variable (no global state): splitmix64
 * (Steele, Lea & Flood, OOPSLA 2014), uniform doubles in (0, 1) and Box-Muller Gaussians. */
#ifndef RAMPUP_ENGINE_RNG_H
#define RAMPUP_ENGINE_RNG_H

#include <math.h>
#include <stdint.h>

static inline uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in the open interval (0, 1). */
static inline double rng_uniform(uint64_t *s)
{
    return ((double)(rng_next(s) >> 11) + 0.5) / 9007199254740992.0;
}

/* Uniform integer in [0, n) (n > 0; the modulo bias is below 2^-40 for n < 2^24). */
static inline uint64_t rng_below(uint64_t *s, uint64_t n)
{
    return rng_next(s) % n;
}

/* Standard normal (Box-Muller, one of the pair). */
static inline double rng_gauss(uint64_t *s)
{
    double u = rng_uniform(s), v = rng_uniform(s);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

#endif
