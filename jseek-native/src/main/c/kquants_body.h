/*
 * K-quants (included by kernels_body.h, once per instruction set). Per 256-value super-block the integer total is
 * exact: Q4_K isum = sum_j sc_j * (sum of nibble * x over sub-block j), msum = sum_j m_j * (x sum of sub-block j);
 * Q6_K isum = sum_g sc_g * (sum of q6 * x over group g) - 32 * sum_g sc_g * (x sum of group g). Then
 * acc = fma(dx * d, isum, acc) (and accm = fma(dx * dmin, msum, accm) for Q4_K) in super-block order.
 * Few tokens: row by row; AVX2: maddubs pairs times the scale (DPWSSD); AVX-512: kfew512_body.h. Many: 8 rows
 * transposed as for the _0 types (AVX-512: 16, ktile16_body.h).
 */

/*
 * Q4_K's 8 six-bit scales (bytes 0..7) and mins (bytes 8..15) from its 12 packed bytes (ggml's get_scale_min_k4),
 * in vector registers. With a0, a1, a2 the packed words: scales 0-3 = a0 & 0x3f, mins 0-3 = a1 & 0x3f; scales 4-7 =
 * (a2 & 0x0f) | (top 2 bits of a0's bytes) << 4, mins 4-7 = (a2 >> 4) | (top 2 bits of a1's bytes) << 4. Reads 16
 * bytes (the 4 after the 12 are the block's quants).
 */
static inline __m128i FN(q4k_scales_mins)(const uint8_t *p) {
    __m128i v = _mm_loadu_si128((const __m128i *) p);
    __m128i lo = _mm_srlv_epi32(_mm_shuffle_epi32(v, _MM_SHUFFLE(2, 1, 2, 0)), _mm_setr_epi32(0, 0, 0, 4));
    __m128i top = _mm_srli_epi32(_mm_shuffle_epi32(v, _MM_SHUFFLE(1, 1, 0, 0)), 2);
    return _mm_or_si128(_mm_and_si128(lo, _mm_setr_epi32(0x3f3f3f3f, 0x0f0f0f0f, 0x3f3f3f3f, 0x0f0f0f0f)),
                        _mm_and_si128(top, _mm_setr_epi32(0, 0x30303030, 0, 0x30303030)));
}

/* int16 lane j of every 128-bit half of v, broadcast: a vpshufb pattern. */
#define PICK16(v, j) _mm256_shuffle_epi8((v), _mm256_set1_epi16((short) (0x0100 + 0x0202 * (j))))

/*
 * Decode folds the exact totals of a few super-blocks at once: one transposing reduction (lane k of the result: the
 * sum of l[k]'s lanes) and one f16 conversion per group, then the float chain in super-block order.
 */
#define Q4K_GROUP 4 /* super-blocks per reduction: the isum and msum lanes of each fill the 8 results */
#define Q6K_GROUP 8

/* Q4_K: l[k] isum lanes and l[4 + k] msum lanes of super-block k < nb; dpair[k] its f16 d and dmin; dx its x scale. */
static inline __attribute__((always_inline)) void FN(fold_q4_k)(__m256i l[8], int nb, const uint32_t dpair[Q4K_GROUP],
                                                                  const float *dx, float *acc, float *accm) {
    for (int k = nb; k < Q4K_GROUP; k++) {
        l[k] = l[Q4K_GROUP + k] = _mm256_setzero_si256();
    }
    float s[8], dd[2 * Q4K_GROUP];
    _mm256_storeu_ps(s, _mm256_cvtepi32_ps(FN(reduce8)(l)));
    _mm256_storeu_ps(dd, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *) dpair)));
    for (int k = 0; k < nb; k++) {
        *acc = fmaf(dx[k] * dd[2 * k], s[k], *acc);
        *accm = fmaf(dx[k] * dd[2 * k + 1], s[Q4K_GROUP + k], *accm);
    }
}

/* Q6_K: l[k] the isum lanes (the -32 offset included) of super-block k < nb; dh[k] its f16 d. */
static inline __attribute__((always_inline)) void FN(fold_q6_k)(__m256i l[8], int nb, const uint16_t dh[Q6K_GROUP],
                                                                  const float *dx, float *acc) {
    for (int k = nb; k < Q6K_GROUP; k++) {
        l[k] = _mm256_setzero_si256();
    }
    float s[8], d[Q6K_GROUP];
    _mm256_storeu_ps(s, _mm256_cvtepi32_ps(FN(reduce8)(l)));
    _mm256_storeu_ps(d, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *) dh)));
    for (int k = 0; k < nb; k++) {
        *acc = fmaf(dx[k] * d[k], s[k], *acc);
    }
}

/* Q4_K's msum lanes: each min (bytes 8..15 of sm) as an int16 pair against the pair of 16-value x sums of its 32. */
static inline __m256i FN(q4k_min_lanes)(__m128i sm, const int16_t *bs) {
    return _mm256_madd_epi16(_mm256_cvtepu8_epi16(_mm_unpackhi_epi8(sm, sm)), FN(load32)(bs));
}

#ifdef TILE16
#include "kfew512_body.h"
#else
static inline __attribute__((always_inline)) void FN(few_q4_k)(
        const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols, const int8_t *xq, const float *xd,
        const int16_t *xs, const int nt, float *out, int64_t out_stride) {
    const int64_t blocks = cols / 256;
    const __m256i low = _mm256_set1_epi8(0x0F);
    for (int64_t r = 0; r < rows; r++) {
        const uint8_t *row = w + r * row_bytes;
        float acc[3] = {0, 0, 0}, accm[3] = {0, 0, 0};
        for (int64_t b0 = 0; b0 < blocks; b0 += Q4K_GROUP) {
            const int nb = blocks - b0 < Q4K_GROUP ? (int) (blocks - b0) : Q4K_GROUP;
            __m256i l[3][8];
            uint32_t dpair[Q4K_GROUP] = {0};
            for (int k = 0; k < nb; k++) {
                const int64_t b = b0 + k;
                const uint8_t *blk = row + b * 144;
                __m128i sm = FN(q4k_scales_mins)(blk + 4);
                __m256i sc = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(sm));
                __m256i isum[3];
                for (int t = 0; t < nt; t++) {
                    isum[t] = _mm256_setzero_si256();
                }
                for (int c = 0; c < 4; c++) {
                    __m256i q = FN(load32)(blk + 16 + 32 * c);
                    __m256i lo = _mm256_and_si256(q, low), hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), low);
                    __m256i s0 = PICK16(sc, 2 * c), s1 = PICK16(sc, 2 * c + 1);
                    for (int t = 0; t < nt; t++) {
                        const int8_t *x = xq + (int64_t) t * cols + b * 256 + 64 * c;
                        isum[t] = DPWSSD(isum[t], _mm256_maddubs_epi16(lo, FN(load32)(x)), s0);
                        isum[t] = DPWSSD(isum[t], _mm256_maddubs_epi16(hi, FN(load32)(x + 32)), s1);
                    }
                }
                for (int t = 0; t < nt; t++) {
                    l[t][k] = isum[t];
                    l[t][Q4K_GROUP + k] = FN(q4k_min_lanes)(sm, xs + (int64_t) t * (cols / 16) + b * 16);
                }
                memcpy(&dpair[k], blk, 4);
            }
            for (int t = 0; t < nt; t++) {
                FN(fold_q4_k)(l[t], nb, dpair, xd + (int64_t) t * blocks + b0, &acc[t], &accm[t]);
            }
        }
        for (int t = 0; t < nt; t++) {
            out[(int64_t) t * out_stride + r] = acc[t] - accm[t];
        }
    }
}

static inline __attribute__((always_inline)) void FN(few_q6_k)(
        const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols, const int8_t *xq, const float *xd,
        const int16_t *xs, const int nt, float *out, int64_t out_stride) {
    const int64_t blocks = cols / 256;
    const __m256i low = _mm256_set1_epi8(0x0F), two = _mm256_set1_epi8(3);
    for (int64_t r = 0; r < rows; r++) {
        const uint8_t *row = w + r * row_bytes;
        float acc[3] = {0, 0, 0};
        for (int64_t b0 = 0; b0 < blocks; b0 += Q6K_GROUP) {
            const int nb = blocks - b0 < Q6K_GROUP ? (int) (blocks - b0) : Q6K_GROUP;
            __m256i l[3][8];
            uint16_t dh[Q6K_GROUP] = {0};
            for (int k = 0; k < nb; k++) {
                const int64_t b = b0 + k;
                const uint8_t *blk = row + b * 210;
                __m128i sc8 = _mm_loadu_si128((const __m128i *) (blk + 192));
                __m256i scales[2] = {_mm256_broadcastsi128_si256(_mm_cvtepi8_epi16(sc8)),
                                     _mm256_broadcastsi128_si256(_mm_cvtepi8_epi16(_mm_srli_si128(sc8, 8)))};
                __m256i sc16 = _mm256_cvtepi8_epi16(sc8);
                __m256i isum[3];
                for (int t = 0; t < nt; t++) {
                    isum[t] = _mm256_setzero_si256();
                }
                for (int n = 0; n < 2; n++) {
                    __m256i ql0 = FN(load32)(blk + 64 * n), ql1 = FN(load32)(blk + 64 * n + 32);
                    __m256i qh = FN(load32)(blk + 128 + 32 * n);
                    __m256i q[4];
                    q[0] = _mm256_or_si256(_mm256_and_si256(ql0, low),
                            _mm256_slli_epi16(_mm256_and_si256(qh, two), 4));
                    q[1] = _mm256_or_si256(_mm256_and_si256(ql1, low),
                            _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2), two), 4));
                    q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), low),
                            _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 4), two), 4));
                    q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), low),
                            _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 6), two), 4));
                    for (int j = 0; j < 4; j++) {
                        /* values [32j, 32j + 32) of this half: groups 8n + 2j (low 16) and 8n + 2j + 1 (high 16) */
                        __m256i s = _mm256_shuffle_epi8(scales[n],
                                _mm256_set_m128i(_mm_set1_epi16((short) (0x0100 + 0x0202 * (2 * j + 1))),
                                                 _mm_set1_epi16((short) (0x0100 + 0x0202 * (2 * j)))));
                        for (int t = 0; t < nt; t++) {
                            const int8_t *x = xq + (int64_t) t * cols + b * 256 + 128 * n + 32 * j;
                            isum[t] = DPWSSD(isum[t], _mm256_maddubs_epi16(q[j], FN(load32)(x)), s);
                        }
                    }
                }
                for (int t = 0; t < nt; t++) {
                    __m256i offset = _mm256_madd_epi16(sc16, FN(load32)(xs + (int64_t) t * (cols / 16) + b * 16));
                    l[t][k] = _mm256_sub_epi32(isum[t], _mm256_slli_epi32(offset, 5));
                }
                memcpy(&dh[k], blk + 208, 2);
            }
            for (int t = 0; t < nt; t++) {
                FN(fold_q6_k)(l[t], nb, dh, xd + (int64_t) t * blocks + b0, &acc[t]);
            }
        }
        for (int t = 0; t < nt; t++) {
            out[(int64_t) t * out_stride + r] = acc[t];
        }
    }
}
#endif

/* Lane i: byte j of row i's 16 bytes at bytes[i], as int32 (signed or not). */
static inline __m256i FN(column8)(const uint8_t bytes[8][16], int j, int is_signed) {
    int32_t v[8];
    for (int i = 0; i < 8; i++) {
        v[i] = is_signed ? (int8_t) bytes[i][j] : bytes[i][j];
    }
    return _mm256_loadu_si256((const __m256i *) v);
}

/* Sum over g < 8 of DPBUSD(p[g], token's 4-byte group g), in two chains; lo: groups 0..3, hi: groups 4..7. */
#define DOT8_SPLIT(p, g, lo, hi)                                                                             \
    do {                                                                                                     \
        __m256i a_ = DPBUSD(_mm256_setzero_si256(), (p)[0], BCAST4((g)));                                    \
        __m256i b_ = DPBUSD(_mm256_setzero_si256(), (p)[1], BCAST4((g) + 1));                                \
        __m256i c_ = DPBUSD(_mm256_setzero_si256(), (p)[4], BCAST4((g) + 4));                                \
        __m256i d_ = DPBUSD(_mm256_setzero_si256(), (p)[5], BCAST4((g) + 5));                                \
        a_ = DPBUSD(a_, (p)[2], BCAST4((g) + 2));                                                            \
        b_ = DPBUSD(b_, (p)[3], BCAST4((g) + 3));                                                            \
        c_ = DPBUSD(c_, (p)[6], BCAST4((g) + 6));                                                            \
        d_ = DPBUSD(d_, (p)[7], BCAST4((g) + 7));                                                            \
        lo = _mm256_add_epi32(a_, b_);                                                                       \
        hi = _mm256_add_epi32(c_, d_);                                                                       \
    } while (0)

/* One packed super-block of 8 rows: 8 chunks of 32 values transposed, integer scales per sub-block and row. */
typedef struct {
    __m256i q[8][8];    /* [chunk][4-value group], lane = row */
    __m256i scale[16];  /* Q4_K: [sub-block] (8); Q6_K: [16-value group] (16) */
    __m256i min[8];     /* Q4_K only */
    __m256 d, dmin;     /* per row */
} FN(kpack);

#define TILE_KB 8

static inline void FN(pack_q4_k)(const uint8_t *const row[8], int64_t b, FN(kpack) *p) {
    const __m256i low = _mm256_set1_epi8(0x0F);
    uint8_t sm[8][16];
    for (int i = 0; i < 8; i++) {
        const uint8_t *blk = row[i] + b * 144;
        for (int c = 0; c < 4; c++) {
            __m256i q = FN(load32)(blk + 16 + 32 * c);
            p->q[2 * c][i] = _mm256_and_si256(q, low);
            p->q[2 * c + 1][i] = _mm256_and_si256(_mm256_srli_epi16(q, 4), low);
        }
        _mm_storeu_si128((__m128i *) sm[i], FN(q4k_scales_mins)(blk + 4));
    }
    for (int j = 0; j < 8; j++) {
        FN(transpose8)(p->q[j]);
        p->scale[j] = FN(column8)((const uint8_t (*)[16]) sm, j, 0);
        p->min[j] = FN(column8)((const uint8_t (*)[16]) sm, 8 + j, 0);
    }
    p->d = FN(scales8)(row, b * 144);
    p->dmin = FN(scales8)(row, b * 144 + 2);
}

static inline void FN(pack_q6_k)(const uint8_t *const row[8], int64_t b, FN(kpack) *p) {
    const __m256i low = _mm256_set1_epi8(0x0F), two = _mm256_set1_epi8(3);
    uint8_t sc[8][16];
    for (int i = 0; i < 8; i++) {
        const uint8_t *blk = row[i] + b * 210;
        for (int n = 0; n < 2; n++) {
            __m256i ql0 = FN(load32)(blk + 64 * n), ql1 = FN(load32)(blk + 64 * n + 32);
            __m256i qh = FN(load32)(blk + 128 + 32 * n);
            p->q[4 * n][i] = _mm256_or_si256(_mm256_and_si256(ql0, low),
                    _mm256_slli_epi16(_mm256_and_si256(qh, two), 4));
            p->q[4 * n + 1][i] = _mm256_or_si256(_mm256_and_si256(ql1, low),
                    _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2), two), 4));
            p->q[4 * n + 2][i] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), low),
                    _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 4), two), 4));
            p->q[4 * n + 3][i] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), low),
                    _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 6), two), 4));
        }
        memcpy(sc[i], blk + 192, 16);
    }
    for (int j = 0; j < 8; j++) {
        FN(transpose8)(p->q[j]);
    }
    for (int g = 0; g < 16; g++) {
        p->scale[g] = FN(column8)((const uint8_t (*)[16]) sc, g, 1);
    }
    p->d = FN(scales8)(row, b * 210 + 208);
}

/* One token against one packed Q4_K super-block of 8 rows. */
static inline __attribute__((always_inline)) void FN(token_q4_k)(const FN(kpack) *p, const int8_t *x,
        const int16_t *bs, float dx, __m256 *acc, __m256 *accm) {
    __m256i isum = _mm256_setzero_si256(), msum = _mm256_setzero_si256();
    for (int j = 0; j < 8; j++) {
        __m256i lo, hi;
        DOT8_SPLIT(p->q[j], (const float *) (x + 32 * j), lo, hi);
        isum = _mm256_add_epi32(isum, _mm256_mullo_epi32(_mm256_add_epi32(lo, hi), p->scale[j]));
        msum = _mm256_add_epi32(msum, _mm256_mullo_epi32(p->min[j], _mm256_set1_epi32(bs[2 * j] + bs[2 * j + 1])));
    }
    __m256 vdx = _mm256_set1_ps(dx);
    *acc = _mm256_fmadd_ps(_mm256_mul_ps(vdx, p->d), _mm256_cvtepi32_ps(isum), *acc);
    *accm = _mm256_fmadd_ps(_mm256_mul_ps(vdx, p->dmin), _mm256_cvtepi32_ps(msum), *accm);
}

static inline __attribute__((always_inline)) void FN(token_q6_k)(const FN(kpack) *p, const int8_t *x,
        const int16_t *bs, float dx, __m256 *acc, __m256 *unused) {
    (void) unused;
    __m256i isum = _mm256_setzero_si256(), offset = _mm256_setzero_si256();
    for (int j = 0; j < 8; j++) {
        __m256i lo, hi;
        DOT8_SPLIT(p->q[j], (const float *) (x + 32 * j), lo, hi);
        isum = _mm256_add_epi32(isum, _mm256_add_epi32(_mm256_mullo_epi32(lo, p->scale[2 * j]),
                                                       _mm256_mullo_epi32(hi, p->scale[2 * j + 1])));
    }
    for (int g = 0; g < 16; g++) {
        offset = _mm256_add_epi32(offset, _mm256_mullo_epi32(p->scale[g], _mm256_set1_epi32(bs[g])));
    }
    isum = _mm256_sub_epi32(isum, _mm256_slli_epi32(offset, 5));
    *acc = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_set1_ps(dx), p->d), _mm256_cvtepi32_ps(isum), *acc);
}

/* The x chunk of value j of a Q6_K super-block chunk order (half n, k) is 128n + 32k: packed chunk 4n + k. */
#define DEFINE_K(type, block_bytes)                                                                          \
    static void FN(many_##type)(const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols,             \
                                const int8_t *xq, const float *xd, const int16_t *xs, int64_t tokens,        \
                                float *out, int64_t out_stride) {                                            \
        const int64_t blocks = cols / 256;                                                                   \
        FN(kpack) pack[TILE_KB];                                                                             \
        __m256 accs[TILE_T][2];                                                                              \
        for (int64_t r0 = 0; r0 < rows; r0 += 8) {                                                           \
            const uint8_t *row[8];                                                                           \
            FN(rows8)(w, row_bytes, rows, r0, row);                                                          \
            for (int64_t t0 = 0; t0 < tokens; t0 += TILE_T) {                                                \
                int64_t nt = tokens - t0 < TILE_T ? tokens - t0 : TILE_T;                                    \
                for (int64_t t = 0; t < nt; t++) {                                                           \
                    accs[t][0] = accs[t][1] = _mm256_setzero_ps();                                           \
                }                                                                                            \
                for (int64_t c0 = 0; c0 < blocks; c0 += TILE_KB) {                                           \
                    int64_t nb = blocks - c0 < TILE_KB ? blocks - c0 : TILE_KB;                              \
                    for (int64_t k = 0; k < nb; k++) {                                                       \
                        FN(pack_##type)(row, c0 + k, &pack[k]);                                              \
                    }                                                                                        \
                    for (int64_t t = 0; t < nt; t++) {                                                       \
                        const int64_t tt = t0 + t;                                                           \
                        for (int64_t k = 0; k < nb; k++) {                                                   \
                            const int64_t b = c0 + k;                                                        \
                            FN(token_##type)(&pack[k], xq + tt * cols + b * 256, xs + tt * (cols / 16) + b * 16,\
                                             xd[tt * blocks + b], &accs[t][0], &accs[t][1]);                 \
                        }                                                                                    \
                    }                                                                                        \
                }                                                                                            \
                for (int64_t t = 0; t < nt; t++) {                                                           \
                    FN(store8)(out + (t0 + t) * out_stride + r0, KRESULT_##type(accs[t]), rows - r0);        \
                }                                                                                            \
            }                                                                                                \
        }                                                                                                    \
    }                                                                                                        \
    DEFINE_ROWS(type, 256, 16)

#define KRESULT_q4_k(a) _mm256_sub_ps((a)[0], (a)[1])
#define KRESULT_q6_k(a) ((a)[0])

#ifdef TILE16
#include "ktile16_body.h"
DEFINE_K16(q4_k)
DEFINE_K16(q6_k)
#undef DEFINE_K16
#undef K16_B
#else
DEFINE_K(q4_k, 144)
DEFINE_K(q6_k, 210)
#endif

#undef KRESULT_q4_k
#undef KRESULT_q6_k
#undef DEFINE_K
#undef DOT8_SPLIT
#undef TILE_KB
#undef PICK16
#undef Q4K_GROUP
#undef Q6K_GROUP
