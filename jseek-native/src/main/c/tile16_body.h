/*
 * The many-token _0 kernel of the AVX-512 set (included by kernels_body.h where TILE16 is defined): 16 rows per zmm
 * register instead of 8 per ymm, so each 4-byte activation broadcast, scale multiply, conversion and FMA serves 16
 * rows; 8 tokens at a time, each one dependency chain that starts from the block's correction -OFFSET * (x sum),
 * precomputed per tile (no subtraction per token and block). Same integer sums and the same float order (block
 * pairs) as the 8-row kernel, so the same bits. On Zen 4 (2 threads, loaded machine, best of 20 runs) a 4480 x 1536 Q4_0 slice
 * times 128 tokens went from 68-81 to 79-138 GMAC/s.
 */

#define T16_T 64 /* tokens per tile */
#define T16_B 32 /* blocks per tile (even: block pairs never straddle tiles): the pack is 16 KB */
#define T16_G 8  /* tokens per group */

typedef __m256i (*FN(unpack_fn))(const uint8_t *block);

/* Tokens t0 .. t0 + ng of the tile (tile index tl) against the packed blocks of 16 rows. */
static inline __attribute__((always_inline)) void FN(group16)(
        const __m512i (*pack)[8], const __m512 *scale, const int32_t (*corr)[T16_B], int64_t c0, int64_t nb,
        int64_t cols, const int8_t *xq, const float *xd, int64_t t0, int64_t tl, __m512 *accs, const int ng) {
    const int64_t blocks = cols / 32;
    __m512 acc[T16_G], pend[T16_G];
    for (int j = 0; j < ng; j++) {
        acc[j] = accs[j];
        pend[j] = _mm512_setzero_ps();
    }
    for (int64_t k = 0; k < nb; k++) {
        const int64_t b = c0 + k;
        __m512i p[8];
        for (int g = 0; g < 8; g++) {
            p[g] = pack[k][g];
        }
        const __m512 dw = scale[k];
        for (int j = 0; j < ng; j++) {
            const int32_t *x = (const int32_t *) (xq + (t0 + j) * cols + b * 32);
            __m512i s = _mm512_set1_epi32(corr[tl + j][k]);
            for (int g = 0; g < 8; g++) {
                s = _mm512_dpbusd_epi32(s, p[g], _mm512_set1_epi32(x[g]));
            }
            __m512 dd = _mm512_mul_ps(dw, _mm512_set1_ps(xd[(t0 + j) * blocks + b])), f = _mm512_cvtepi32_ps(s);
            if (b % 2 == 1) {
                acc[j] = _mm512_add_ps(acc[j], _mm512_fmadd_ps(dd, f, pend[j]));
            } else if (b + 1 < blocks) {
                pend[j] = _mm512_mul_ps(dd, f);
            } else {
                acc[j] = _mm512_fmadd_ps(dd, f, acc[j]);
            }
        }
    }
    for (int j = 0; j < ng; j++) {
        accs[j] = acc[j];
    }
}

/* Blocks c0 .. c0 + nb of 16 rows, unpacked and transposed: pack[k][g] lane i = values 4g .. 4g + 3 of row i. */
static inline __attribute__((always_inline)) void FN(pack16)(
        FN(unpack_fn) unpack, int64_t block_bytes, const uint8_t *const row[16], int64_t c0, int64_t nb,
        __m512i (*pack)[8], __m512 *scale) {
    for (int64_t k = 0; k < nb; k++) {
        const int64_t off = (c0 + k) * block_bytes;
        __m256i lo[8], hi[8];
        for (int i = 0; i < 8; i++) {
            lo[i] = unpack(row[i] + off);
            hi[i] = unpack(row[8 + i] + off);
        }
        FN(transpose8)(lo);
        FN(transpose8)(hi);
        for (int g = 0; g < 8; g++) {
            pack[k][g] = _mm512_inserti64x4(_mm512_castsi256_si512(lo[g]), hi[g], 1);
        }
        __m256 s_lo = FN(scales8)(row, off), s_hi = FN(scales8)(row + 8, off);
        scale[k] = _mm512_castpd_ps(_mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_castps_pd(s_lo)),
                                                       _mm256_castps_pd(s_hi), 1));
    }
}

/* tokens: a multiple of 4. */
static inline __attribute__((always_inline)) void FN(many16)(
        FN(unpack_fn) unpack, int64_t block_bytes, int32_t offset, const uint8_t *w, int64_t row_bytes,
        int64_t rows, int64_t cols, const int8_t *xq, const float *xd, const int16_t *xs, int64_t tokens,
        float *out, int64_t out_stride) {
    const int64_t blocks = cols / 32;
    __m512i pack[T16_B][8];
    __m512 scale[T16_B];
    __m512 accs[T16_T];
    int32_t corr[T16_T][T16_B];
    for (int64_t r0 = 0; r0 < rows; r0 += 16) {
        const uint8_t *row[16];
        FN(rows8)(w, row_bytes, rows, r0, row);
        FN(rows8)(w, row_bytes, rows, r0 + 8, row + 8);
        for (int64_t t0 = 0; t0 < tokens; t0 += T16_T) {
            const int64_t nt = tokens - t0 < T16_T ? tokens - t0 : T16_T;
            for (int64_t t = 0; t < nt; t++) {
                accs[t] = _mm512_setzero_ps();
            }
            for (int64_t c0 = 0; c0 < blocks; c0 += T16_B) {
                const int64_t nb = blocks - c0 < T16_B ? blocks - c0 : T16_B;
                FN(pack16)(unpack, block_bytes, row, c0, nb, pack, scale);
                for (int64_t t = 0; t < nt; t++) {
                    for (int64_t k = 0; k < nb; k++) {
                        corr[t][k] = -offset * xs[(t0 + t) * blocks + c0 + k];
                    }
                }
                int64_t t = 0;
                for (; t + T16_G <= nt; t += T16_G) {
                    FN(group16)((const __m512i (*)[8]) pack, scale, (const int32_t (*)[T16_B]) corr, c0, nb, cols,
                                xq, xd, t0 + t, t, accs + t, T16_G);
                }
                for (; t < nt; t += 4) {
                    FN(group16)((const __m512i (*)[8]) pack, scale, (const int32_t (*)[T16_B]) corr, c0, nb, cols,
                                xq, xd, t0 + t, t, accs + t, 4);
                }
            }
            const int64_t valid = rows - r0;
            for (int64_t t = 0; t < nt; t++) {
                float *o = out + (t0 + t) * out_stride + r0;
                if (valid >= 16) {
                    _mm512_storeu_ps(o, accs[t]);
                } else {
                    _mm512_mask_storeu_ps(o, (__mmask16) ((1u << valid) - 1), accs[t]);
                }
            }
        }
    }
}

#define DEFINE_MANY16(type, block_bytes)                                                                     \
    static void FN(many_##type)(const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols,             \
                                const int8_t *xq, const float *xd, const int16_t *xs, int64_t tokens,        \
                                float *out, int64_t out_stride) {                                            \
        FN(many16)(FN(u_##type), block_bytes, OFFSET_##type, w, row_bytes, rows, cols, xq, xd, xs, tokens,   \
                   out, out_stride);                                                                         \
    }
