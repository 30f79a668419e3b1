/*
 * The few-token (decode) K-quant kernels of the AVX-512 set (included by kquants_body.h where TILE16 is defined):
 * row after row, 64 values per zmm. A 64-value chunk is one vpdpbusd of the unsigned weights against the activations
 * into a zeroed register (a lane: 4 products, |sum| < 2^15), then one vpdpwssd of those lanes against int16 pairs
 * (scale, 0), which adds lane * scale exactly: one accumulator per token and super-block, no int16 saturation. The
 * totals are folded in groups as at the AVX2 level (kquants_body.h): the same exact integers and the same float
 * operations, so the same bits. (Against the AVX2 kernel's code: 9.0-9.3 -> 7.7-8.0 ns per Q4_K super-block,
 * 8.6 -> 7.6 Q6_K, one thread, L2-resident rows; AMD EPYC Zen 4.)
 */

/* Lanes 0..7 the byte at index `lo`, lanes 8..15 the byte at `hi` (of each 128-bit lane), zero-extended: vpshufb. */
static inline __m512i FN(pick_bytes)(int lo, int hi) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_set1_epi32((int) (0x80808000u | (unsigned) lo))),
                              _mm256_set1_epi32((int) (0x80808000u | (unsigned) hi)), 1);
}

/* 128-bit lane L of the result: dwords of the int16 at index `first + L` (bytes 2i, 2i + 1, then zeros): vpshufb. */
static inline __m512i FN(pick_words)(int first) {
    return _mm512_setr_epi32(
            (int) (0x80800000u | (unsigned) ((2 * first + 1) << 8 | 2 * first)),
            (int) (0x80800000u | (unsigned) ((2 * first + 1) << 8 | 2 * first)),
            (int) (0x80800000u | (unsigned) ((2 * first + 1) << 8 | 2 * first)),
            (int) (0x80800000u | (unsigned) ((2 * first + 1) << 8 | 2 * first)),
            (int) (0x80800000u | (unsigned) ((2 * first + 3) << 8 | (2 * first + 2))),
            (int) (0x80800000u | (unsigned) ((2 * first + 3) << 8 | (2 * first + 2))),
            (int) (0x80800000u | (unsigned) ((2 * first + 3) << 8 | (2 * first + 2))),
            (int) (0x80800000u | (unsigned) ((2 * first + 3) << 8 | (2 * first + 2))),
            (int) (0x80800000u | (unsigned) ((2 * first + 5) << 8 | (2 * first + 4))),
            (int) (0x80800000u | (unsigned) ((2 * first + 5) << 8 | (2 * first + 4))),
            (int) (0x80800000u | (unsigned) ((2 * first + 5) << 8 | (2 * first + 4))),
            (int) (0x80800000u | (unsigned) ((2 * first + 5) << 8 | (2 * first + 4))),
            (int) (0x80800000u | (unsigned) ((2 * first + 7) << 8 | (2 * first + 6))),
            (int) (0x80800000u | (unsigned) ((2 * first + 7) << 8 | (2 * first + 6))),
            (int) (0x80800000u | (unsigned) ((2 * first + 7) << 8 | (2 * first + 6))),
            (int) (0x80800000u | (unsigned) ((2 * first + 7) << 8 | (2 * first + 6))));
}

/* The 16 int32 lanes of v summed pairwise into 8 (exact). */
static inline __m256i FN(half16)(__m512i v) {
    return _mm256_add_epi32(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64(v, 1));
}

/* Bitwise select: a where the mask bit is set, b elsewhere. */
#define SELECT_BITS(a, b, mask) _mm512_ternarylogic_epi32((a), (b), (mask), 0xE4)

static inline __attribute__((always_inline)) void FN(few_q4_k)(
        const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols, const int8_t *xq, const float *xd,
        const int16_t *xs, const int nt, float *out, int64_t out_stride) {
    const int64_t blocks = cols / 256;
    const __m512i low = _mm512_set1_epi8(0x0F), halves = _mm512_set_epi64(4, 4, 4, 4, 0, 0, 0, 0);
    const __m512i pick[4] = {FN(pick_bytes)(0, 1), FN(pick_bytes)(2, 3), FN(pick_bytes)(4, 5), FN(pick_bytes)(6, 7)};
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
                __m512i sm4 = _mm512_broadcast_i32x4(sm);
                __m512i u[4], scale[4];
                for (int c = 0; c < 4; c++) {
                    __m512i q = _mm512_broadcast_i64x4(FN(load32)(blk + 16 + 32 * c));
                    u[c] = _mm512_and_si512(_mm512_srlv_epi64(q, halves), low);
                    scale[c] = _mm512_shuffle_epi8(sm4, pick[c]);
                }
                for (int t = 0; t < nt; t++) {
                    const int8_t *x = xq + (int64_t) t * cols + b * 256;
                    __m512i isum = _mm512_setzero_si512();
                    for (int c = 0; c < 4; c++) {
                        __m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), u[c], _mm512_loadu_si512(x + 64 * c));
                        isum = _mm512_dpwssd_epi32(isum, p, scale[c]);
                    }
                    l[t][k] = FN(half16)(isum);
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
    const __m512i low = _mm512_set1_epi8(0x0F), high2 = _mm512_set1_epi8(0x30);
    /* the high bits of values 0..31 of a 64-value chunk sit at bits 0-1 (2-3) of qh for its lower (upper) half */
    const __m512i up_lo = _mm512_set_epi64(2, 2, 2, 2, 4, 4, 4, 4), down_hi = _mm512_set_epi64(2, 2, 2, 2, 0, 0, 0, 0);
    const __m512i pick_a = FN(pick_words)(0), pick_b = FN(pick_words)(4);
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
                __m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *) (blk + 192)));
                __m512i g0 = _mm512_broadcast_i32x4(_mm256_castsi256_si128(sc16));
                __m512i g1 = _mm512_broadcast_i32x4(_mm256_extracti128_si256(sc16, 1));
                /* chunk m: values [64m, 64m + 64), 16-value groups 4m..4m+3, one per 128-bit lane */
                __m512i scale[4] = {_mm512_shuffle_epi8(g0, pick_a), _mm512_shuffle_epi8(g0, pick_b),
                                    _mm512_shuffle_epi8(g1, pick_a), _mm512_shuffle_epi8(g1, pick_b)};
                __m512i u[4];
                for (int n = 0; n < 2; n++) {
                    /* two 32-byte loads: one 64-byte load across cache lines read DRAM-resident rows slower */
                    __m512i ql = _mm512_inserti64x4(_mm512_castsi256_si512(FN(load32)(blk + 64 * n)),
                                                    FN(load32)(blk + 64 * n + 32), 1);
                    __m512i qh = _mm512_broadcast_i64x4(FN(load32)(blk + 128 + 32 * n));
                    u[2 * n] = SELECT_BITS(ql, _mm512_and_si512(_mm512_sllv_epi64(qh, up_lo), high2), low);
                    u[2 * n + 1] = SELECT_BITS(_mm512_srli_epi16(ql, 4),
                                               _mm512_and_si512(_mm512_srlv_epi64(qh, down_hi), high2), low);
                }
                for (int t = 0; t < nt; t++) {
                    const int8_t *x = xq + (int64_t) t * cols + b * 256;
                    __m512i isum = _mm512_setzero_si512();
                    for (int m = 0; m < 4; m++) {
                        __m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), u[m], _mm512_loadu_si512(x + 64 * m));
                        isum = _mm512_dpwssd_epi32(isum, p, scale[m]);
                    }
                    __m256i offset = _mm256_madd_epi16(sc16, FN(load32)(xs + (int64_t) t * (cols / 16) + b * 16));
                    l[t][k] = _mm256_sub_epi32(FN(half16)(isum), _mm256_slli_epi32(offset, 5));
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

#undef SELECT_BITS
