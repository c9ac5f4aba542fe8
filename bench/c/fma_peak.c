/*
 * Measured peak FP32 rate of this CPU, the yardstick for "fraction of peak FLOP/s" in
 * bench/inference-benchmark.sh: each thread runs 12 independent chains of 256-bit fused
 * multiply-adds (AVX2 + FMA: 8 lanes x 2 FLOP each), enough to fill both FMA pipes despite
 * their latency, and the best of several runs is reported. Nominal clock x FLOP/cycle is no good
 * yardstick on a virtual machine whose turbo clock is unknown; this measures what the cores do.
 *
 *   gcc -O3 -mavx2 -mfma -pthread fma_peak.c -o fma_peak && ./fma_peak THREADS
 * prints "peak_gflops=N".
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHAINS 12
#define ITERATIONS 40000000L

static void *run(void *out) {
    __m256 acc[CHAINS];
    __m256 a = _mm256_set1_ps(0.999999f);
    __m256 b = _mm256_set1_ps(1e-7f);
    for (int c = 0; c < CHAINS; c++) {
        acc[c] = _mm256_set1_ps((float) c);
    }
    for (long i = 0; i < ITERATIONS; i++) {
        for (int c = 0; c < CHAINS; c++) {
            acc[c] = _mm256_fmadd_ps(acc[c], a, b);
        }
    }
    float sum = 0;
    float lanes[8];
    for (int c = 0; c < CHAINS; c++) {
        _mm256_storeu_ps(lanes, acc[c]);
        for (int l = 0; l < 8; l++) {
            sum += lanes[l];
        }
    }
    *(float *) out = sum; /* keeps the work observable */
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    double best = 0;
    for (int rep = 0; rep < 3; rep++) {
        pthread_t t[64];
        float sink[64];
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int i = 0; i < threads; i++) {
            pthread_create(&t[i], NULL, run, &sink[i]);
        }
        for (int i = 0; i < threads; i++) {
            pthread_join(t[i], NULL);
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
        double flops = (double) threads * ITERATIONS * CHAINS * 8 * 2;
        if (flops / seconds > best) {
            best = flops / seconds;
        }
    }
    printf("peak_gflops=%.1f\n", best / 1e9);
    return 0;
}
