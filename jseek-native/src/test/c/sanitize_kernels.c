/*
 * The native kernels under AddressSanitizer and UndefinedBehaviorSanitizer: every weight type, instruction set and
 * blocking path (1-3 tokens; 4 and more; row tails; more than one tile of blocks and of tokens) on buffers of the
 * exact sizes the Java checks allow, so that any read or write past them stops the run. Where the CPU has both
 * instruction sets, their results must also be the same bits (the kernels' contract).
 * Built and run by NativeKernelsSanitizerTest; prints "ok <cases>" and exits 0, or names the failing case.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int32_t jseek_caps(void);
typedef void (*matmul_fn)(int32_t, const uint8_t *, int64_t, int64_t, int64_t, int64_t, const int8_t *,
                          const float *, const int16_t *, int64_t, float *, int64_t, int64_t);
void jseek_matmul_avx2(int32_t, const uint8_t *, int64_t, int64_t, int64_t, int64_t, const int8_t *, const float *,
                       const int16_t *, int64_t, float *, int64_t, int64_t);
void jseek_matmul_vnni(int32_t, const uint8_t *, int64_t, int64_t, int64_t, int64_t, const int8_t *, const float *,
                       const int16_t *, int64_t, float *, int64_t, int64_t);

static uint64_t state = 88172645463325252ULL;

static uint32_t next(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t) state;
}

static void *filled(size_t n) {
    uint8_t *p = malloc(n == 0 ? 1 : n);
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t) next();
    }
    return p;
}

/* A small positive f16 (about 1e-3) at every scale field, so that no block is inf or NaN. */
static void set_scales(uint8_t *w, int type, int64_t blocks, int bytes) {
    static const int fields[][3] = {{2, 0, -1}, {6, 0, -1}, {8, 0, -1}, {12, 0, 2}, {14, 208, -1}};
    for (int f = 0; f < 5; f++) {
        if (fields[f][0] != type) {
            continue;
        }
        for (int64_t b = 0; b < blocks; b++) {
            for (int k = 1; k < 3; k++) {
                if (fields[f][k] >= 0) {
                    w[b * bytes + fields[f][k]] = (uint8_t) next();
                    w[b * bytes + fields[f][k] + 1] = 0x14;
                }
            }
        }
    }
}

int main(void) {
    const int types[] = {2, 6, 8, 12, 14};
    const int block_bytes[] = {18, 22, 34, 144, 210};
    const int64_t rows_list[] = {1, 7, 13, 16, 37};
    const int64_t tokens_list[] = {1, 2, 3, 4, 5, 9, 12, 70};
    int caps = jseek_caps();
    if (!(caps & 1)) {
        printf("ok 0 (no AVX2)\n");
        return 0;
    }
    int cases = 0;
    for (int ti = 0; ti < 5; ti++) {
        int type = types[ti], qk = type >= 12 ? 256 : 32;
        const int64_t cols_list[] = {qk, 3 * qk, qk == 32 ? 2304 : 2560};
        for (int ci = 0; ci < 3; ci++) {
            int64_t cols = cols_list[ci], blocks = cols / qk, row_bytes = blocks * block_bytes[ti];
            for (int ri = 0; ri < 5; ri++) {
                int64_t rows = rows_list[ri];
                uint8_t *w = filled((size_t) (rows * row_bytes));
                set_scales(w, type, rows * blocks, block_bytes[ti]);
                for (int ki = 0; ki < 8; ki++) {
                    int64_t tokens = tokens_list[ki], stride = rows + 1;
                    int8_t *xq = filled((size_t) (tokens * cols));
                    for (int64_t i = 0; i < tokens * cols; i++) {
                        xq[i] = (int8_t) (xq[i] == -128 ? 127 : xq[i]);
                    }
                    float *xd = malloc((size_t) (tokens * (cols / qk)) * sizeof(float));
                    for (int64_t i = 0; i < tokens * (cols / qk); i++) {
                        xd[i] = (float) (next() % 1000) * 1e-4f;
                    }
                    int group = qk == 32 ? 32 : 16; /* the activation sums the Java side computes */
                    int16_t *xs = malloc((size_t) (tokens * (cols / group)) * sizeof(int16_t));
                    for (int64_t g = 0; g < tokens * (cols / group); g++) {
                        int sum = 0;
                        for (int j = 0; j < group; j++) {
                            sum += xq[g * group + j];
                        }
                        xs[g] = (int16_t) sum;
                    }
                    size_t out_n = (size_t) ((tokens - 1) * stride + rows);
                    float *a = calloc(out_n, sizeof(float)), *b = calloc(out_n, sizeof(float));
                    jseek_matmul_avx2(type, w, 0, row_bytes, rows, cols, xq, xd, xs, tokens, a, 0, stride);
                    if (caps & 2) {
                        jseek_matmul_vnni(type, w, 0, row_bytes, rows, cols, xq, xd, xs, tokens, b, 0, stride);
                        if (memcmp(a, b, out_n * sizeof(float)) != 0) {
                            printf("FAIL type %d rows %ld cols %ld tokens %ld: avx2 and vnni differ\n", type,
                                   (long) rows, (long) cols, (long) tokens);
                            return 1;
                        }
                    }
                    free(xq);
                    free(xd);
                    free(xs);
                    free(a);
                    free(b);
                    cases++;
                }
                free(w);
            }
        }
    }
    printf("ok %d\n", cases);
    return 0;
}
