/* A small seeded PRNG for the simulator: splitmix64 seeds xoshiro256** (Blackman & Vigna).
 * No global state, so the same seed gives the same run on every platform. */
#ifndef RAMPUP_ENGINE_INFER_RNG_H
#define RAMPUP_ENGINE_INFER_RNG_H

#include <stdint.h>

typedef struct InferRng {
    uint64_t s[4];
} InferRng;

void infer_rng_seed(InferRng *r, uint64_t seed);
uint64_t infer_rng_u64(InferRng *r);
/* Uniform in (0, 1): never 0, so log() is safe. */
double infer_rng_unit(InferRng *r);
/* Exponential with the given rate (mean 1 / rate). */
double infer_rng_exp(InferRng *r, double rate);
/* Standard normal (Box-Muller, one value per call). */
double infer_rng_normal(InferRng *r);

#endif
