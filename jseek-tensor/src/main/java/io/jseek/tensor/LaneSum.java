package io.jseek.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a float vector's lanes in one fixed order, a tree of halves: lane {@code i} plus lane {@code i + n/2},
 * then the same on the first half, down to one lane. The kernels end every dot with it.
 *
 * <p>Why not {@code reduceLanes(ADD)}: its order is unspecified, and HotSpot's differs by tier. The interpreter and C1
 * add the lanes one after another, C2's intrinsic as a tree (measured on AVX-512: 685 of 1000 random 16-lane vectors
 * summed to a different float). A kernel that runs in both tiers in one process thus gave different logits depending
 * on when C2 compiled it, which varied from run to run. A rearrangement and a lanewise add give the same bits in every
 * tier, so this order holds everywhere, at the cost of the intrinsic (one shuffle and one add per halving).
 *
 * <p>A kernel holds its instance in a {@code static final} field: record components are trusted finals, so the
 * shuffles are JIT-time constants and the unused levels fold away.
 */
record LaneSum(VectorShuffle<Float> by8, VectorShuffle<Float> by4, VectorShuffle<Float> by2,
               VectorShuffle<Float> by1) {

    /** The sum for vectors of {@code species} (4, 8 or 16 lanes). */
    static LaneSum of(VectorSpecies<Float> species) {
        return new LaneSum(rotation(species, 8), rotation(species, 4), rotation(species, 2), rotation(species, 1));
    }

    /** Lane {@code i} takes lane {@code i + by}; null where the vector has no more than {@code by} lanes. */
    private static VectorShuffle<Float> rotation(VectorSpecies<Float> species, int by) {
        return by < species.length() ? VectorShuffle.iota(species, by, 1, true) : null;
    }

    /**
     * The lanes of {@code v} summed as a tree of halves. Kept under 35 bytes of bytecode (C2's limit for inlining
     * at call sites it does not count as hot, such as the tile kernel's): not inlined, the vector would be boxed.
     */
    float sum(FloatVector v) {
        return fold(fold(fold(fold(v, by8), by4), by2), by1).lane(0);
    }

    /** {@code v} plus {@code v} rotated by {@code s}, or {@code v} where there is no such rotation. */
    private static FloatVector fold(FloatVector v, VectorShuffle<Float> s) {
        return s == null ? v : v.add(v.rearrange(s));
    }
}
