/* splitmix64 (to spread the seed) and xoshiro256** (the generator), as published by
 * Blackman & Vigna, "Scrambled linear pseudorandom number generators" (2021). */
#include "engine/infer/rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void infer_rng_seed(InferRng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

uint64_t infer_rng_u64(InferRng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

double infer_rng_unit(InferRng *r)
{
    /* 53 random bits, shifted by half a step so 0 and 1 never come out */
    return ((double)(infer_rng_u64(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double infer_rng_exp(InferRng *r, double rate)
{
    return -log(infer_rng_unit(r)) / rate;
}

double infer_rng_normal(InferRng *r)
{
    double u = infer_rng_unit(r), v = infer_rng_unit(r);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}
