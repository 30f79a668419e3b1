/*
 * The many-token K-quant kernels of the AVX-512 set (included by kquants_body.h where TILE16 is defined): 16 rows
 * per zmm register (two 8-row packs side by side), one dpbusd chain per 32-value chunk (8 independent chains per
 * token and super-block), and the x-sum terms (Q4_K's mins, Q6_K's -32 offset) as vpdpwssd of int16 pairs of
 * per-row integers against the activations' 16-value sums read straight from xs (no per-token broadcast, multiply
 * and add per sub-block). Exact integer totals and the float order of the 8-row kernel: the same bits.
 */

#define K16_B 4 /* super-blocks per tile: the pack is 4 x 5.3 KB */

/* One super-block of 16 rows: lane i of every vector is row i. */
typedef struct {
    __m512i q[8][8];   /* [chunk][4-value group] */
    __m512i scale[16]; /* Q4_K: [sub-block] (8); Q6_K: [16-value group] (16) */
    __m512i pair[8];   /* int16 pairs against xs pairs: Q4_K (m_j, m_j); Q6_K (sc_2i, sc_2i+1) */
    __m512 d, dmin;
} FN(kpack16);

static inline __m512i FN(join8)(__m256i lo, __m256i hi) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);
}

static inline __m512 FN(join8f)(__m256 lo, __m256 hi) {
    return _mm512_castpd_ps(_mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_castps_pd(lo)), _mm256_castps_pd(hi),
                                               1));
}

/* Int32 lanes a, b (each within int16) as the int16 pair (a, b). */
static inline __m512i FN(pair16)(__m512i a, __m512i b) {
    return _mm512_or_si512(_mm512_and_si512(a, _mm512_set1_epi32(0xFFFF)), _mm512_slli_epi32(b, 16));
}

static inline void FN(join_kpack)(const FN(kpack) *lo, const FN(kpack) *hi, int nscale, FN(kpack16) *p) {
    for (int j = 0; j < 8; j++) {
        for (int g = 0; g < 8; g++) {
            p->q[j][g] = FN(join8)(lo->q[j][g], hi->q[j][g]);
        }
    }
    for (int s = 0; s < nscale; s++) {
        p->scale[s] = FN(join8)(lo->scale[s], hi->scale[s]);
    }
    p->d = FN(join8f)(lo->d, hi->d);
}

static inline void FN(pack16_q4_k)(const uint8_t *const row[16], int64_t b, FN(kpack16) *p) {
    FN(kpack) lo, hi;
    FN(pack_q4_k)(row, b, &lo);
    FN(pack_q4_k)(row + 8, b, &hi);
    FN(join_kpack)(&lo, &hi, 8, p);
    for (int j = 0; j < 8; j++) {
        __m512i m = FN(join8)(lo.min[j], hi.min[j]);
        p->pair[j] = FN(pair16)(m, m);
    }
    p->dmin = FN(join8f)(lo.dmin, hi.dmin);
}

static inline void FN(pack16_q6_k)(const uint8_t *const row[16], int64_t b, FN(kpack16) *p) {
    FN(kpack) lo, hi;
    FN(pack_q6_k)(row, b, &lo);
    FN(pack_q6_k)(row + 8, b, &hi);
    FN(join_kpack)(&lo, &hi, 16, p);
    for (int i = 0; i < 8; i++) {
        p->pair[i] = FN(pair16)(p->scale[2 * i], p->scale[2 * i + 1]);
    }
    p->dmin = _mm512_setzero_ps();
}

/* The 8 chunk sums of one token (chunk j: values 32j .. 32j + 31 of the super-block), one chain each. */
static inline __attribute__((always_inline)) void FN(chunks16)(const FN(kpack16) *p, const int8_t *x,
                                                               __m512i s[8]) {
    const int32_t *x4 = (const int32_t *) x;
    for (int j = 0; j < 8; j++) {
        s[j] = _mm512_dpbusd_epi32(_mm512_setzero_si512(), p->q[j][0], _mm512_set1_epi32(x4[8 * j]));
    }
    for (int g = 1; g < 8; g++) {
        for (int j = 0; j < 8; j++) {
            s[j] = _mm512_dpbusd_epi32(s[j], p->q[j][g], _mm512_set1_epi32(x4[8 * j + g]));
        }
    }
}

/* Sum over i < 8 of the int16 pairs of p->pair[i] times xs pair i (xs values 2i, 2i + 1), exactly. */
static inline __m512i FN(pairs16)(const FN(kpack16) *p, const int16_t *bs) {
    const int32_t *b2 = (const int32_t *) bs;
    __m512i a = _mm512_setzero_si512(), c = _mm512_setzero_si512();
    for (int i = 0; i < 8; i += 2) {
        a = _mm512_dpwssd_epi32(a, p->pair[i], _mm512_set1_epi32(b2[i]));
        c = _mm512_dpwssd_epi32(c, p->pair[i + 1], _mm512_set1_epi32(b2[i + 1]));
    }
    return _mm512_add_epi32(a, c);
}

static inline __attribute__((always_inline)) void FN(token16_q4_k)(const FN(kpack16) *p, const int8_t *x,
        const int16_t *bs, float dx, __m512 *acc) {
    __m512i s[8];
    FN(chunks16)(p, x, s);
    __m512i isum = _mm512_setzero_si512();
    for (int j = 0; j < 8; j++) {
        isum = _mm512_add_epi32(isum, _mm512_mullo_epi32(s[j], p->scale[j]));
    }
    __m512 vdx = _mm512_set1_ps(dx);
    acc[0] = _mm512_fmadd_ps(_mm512_mul_ps(vdx, p->d), _mm512_cvtepi32_ps(isum), acc[0]);
    acc[1] = _mm512_fmadd_ps(_mm512_mul_ps(vdx, p->dmin), _mm512_cvtepi32_ps(FN(pairs16)(p, bs)), acc[1]);
}

static inline __attribute__((always_inline)) void FN(token16_q6_k)(const FN(kpack16) *p, const int8_t *x,
        const int16_t *bs, float dx, __m512 *acc) {
    const int32_t *x4 = (const int32_t *) x;
    __m512i isum = _mm512_setzero_si512();
    /* two chains per chunk: groups 0-3 and 4-7 are 16-value groups with scales of their own */
    for (int j = 0; j < 8; j++) {
        __m512i lo = _mm512_setzero_si512(), hi = _mm512_setzero_si512();
        for (int g = 0; g < 4; g++) {
            lo = _mm512_dpbusd_epi32(lo, p->q[j][g], _mm512_set1_epi32(x4[8 * j + g]));
            hi = _mm512_dpbusd_epi32(hi, p->q[j][4 + g], _mm512_set1_epi32(x4[8 * j + 4 + g]));
        }
        isum = _mm512_add_epi32(isum, _mm512_add_epi32(_mm512_mullo_epi32(lo, p->scale[2 * j]),
                                                       _mm512_mullo_epi32(hi, p->scale[2 * j + 1])));
    }
    isum = _mm512_sub_epi32(isum, _mm512_slli_epi32(FN(pairs16)(p, bs), 5));
    acc[0] = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_set1_ps(dx), p->d), _mm512_cvtepi32_ps(isum), acc[0]);
}

#define DEFINE_K16(type)                                                                                     \
    static void FN(many_##type)(const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols,             \
                                const int8_t *xq, const float *xd, const int16_t *xs, int64_t tokens,        \
                                float *out, int64_t out_stride) {                                            \
        const int64_t blocks = cols / 256;                                                                   \
        FN(kpack16) pack[K16_B];                                                                             \
        __m512 accs[TILE_T][2];                                                                              \
        for (int64_t r0 = 0; r0 < rows; r0 += 16) {                                                          \
            const uint8_t *row[16];                                                                          \
            FN(rows8)(w, row_bytes, rows, r0, row);                                                          \
            FN(rows8)(w, row_bytes, rows, r0 + 8, row + 8);                                                  \
            for (int64_t t0 = 0; t0 < tokens; t0 += TILE_T) {                                                \
                const int64_t nt = tokens - t0 < TILE_T ? tokens - t0 : TILE_T;                              \
                for (int64_t t = 0; t < nt; t++) {                                                           \
                    accs[t][0] = accs[t][1] = _mm512_setzero_ps();                                           \
                }                                                                                            \
                for (int64_t c0 = 0; c0 < blocks; c0 += K16_B) {                                             \
                    const int64_t nb = blocks - c0 < K16_B ? blocks - c0 : K16_B;                            \
                    for (int64_t k = 0; k < nb; k++) {                                                       \
                        FN(pack16_##type)(row, c0 + k, &pack[k]);                                            \
                    }                                                                                        \
                    for (int64_t t = 0; t < nt; t++) {                                                       \
                        const int64_t tt = t0 + t;                                                           \
                        for (int64_t k = 0; k < nb; k++) {                                                   \
                            const int64_t b = c0 + k;                                                        \
                            FN(token16_##type)(&pack[k], xq + tt * cols + b * 256, xs + tt * (cols / 16) + b * 16,\
                                               xd[tt * blocks + b], accs[t]);                                \
                        }                                                                                    \
                    }                                                                                        \
                }                                                                                            \
                const int64_t valid = rows - r0;                                                             \
                for (int64_t t = 0; t < nt; t++) {                                                           \
                    __m512 v = _mm512_sub_ps(accs[t][0], accs[t][1]);                                        \
                    float *o = out + (t0 + t) * out_stride + r0;                                             \
                    if (valid >= 16) {                                                                       \
                        _mm512_storeu_ps(o, v);                                                              \
                    } else {                                                                                 \
                        _mm512_mask_storeu_ps(o, (__mmask16) ((1u << valid) - 1), v);                        \
                    }                                                                                        \
                }                                                                                            \
            }                                                                                                \
        }                                                                                                    \
    }                                                                                                        \
    DEFINE_ROWS(type, 256, 16)
