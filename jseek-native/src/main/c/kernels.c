/*
 * jseek's native kernels: int8 dot products that the Java Vector API cannot express (AVX2 maddubs, AVX-512 VNNI
 * vpdpbusd/vpdpwssd). Kernels only: no model logic, no I/O, no allocation, no global state. Every shape and bound
 * is checked by the Java caller (io.jseek.cpu.NativeKernels) before a call.
 *
 * One shared object for every x86-64 CPU: the file is compiled for the baseline, and each instruction set's copy of
 * the kernels (kernels_body.h) is compiled under its own target attribute. jseek_caps() tells Java which copies
 * this CPU (and OS) can run; Java picks one and calls it.
 */
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

enum { JSEEK_Q4_0 = 2, JSEEK_Q5_0 = 6, JSEEK_Q8_0 = 8, JSEEK_Q4_K = 12, JSEEK_Q6_K = 14 };

enum { JSEEK_CAP_AVX2 = 1, JSEEK_CAP_AVX512_VNNI = 2 };

/* The instruction sets this CPU and OS support (GCC's checks include the OS's XCR0 state). */
int32_t jseek_caps(void) {
    __builtin_cpu_init();
    int32_t caps = 0;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        caps |= JSEEK_CAP_AVX2;
        if (__builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl")
                && __builtin_cpu_supports("avx512bw")) {
            caps |= JSEEK_CAP_AVX512_VNNI;
        }
    }
    return caps;
}

/* The version of the entry points' contract; Java refuses a library of another version. */
int32_t jseek_abi_version(void) {
    return 1;
}

#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c")
#define ISA avx2
#define DPBUSD(acc, u, s) _mm256_add_epi32((acc), _mm256_madd_epi16(_mm256_maddubs_epi16((u), (s)), _mm256_set1_epi16(1)))
#define DPWSSD(acc, a, b) _mm256_add_epi32((acc), _mm256_madd_epi16((a), (b)))
#define Q8_0_SIGNED
#include "kernels_body.h"
#undef Q8_0_SIGNED
#undef ISA
#undef DPBUSD
#undef DPWSSD
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")
#define ISA vnni
#define DPBUSD(acc, u, s) _mm256_dpbusd_epi32((acc), (u), (s))
#define DPWSSD(acc, a, b) _mm256_dpwssd_epi32((acc), (a), (b))
#define TILE16
#include "kernels_body.h"
#undef TILE16
#undef ISA
#undef DPBUSD
#undef DPWSSD
#pragma GCC pop_options
