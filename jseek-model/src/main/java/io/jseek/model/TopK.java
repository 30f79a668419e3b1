package io.jseek.model;

/**
 * Selects the indices of the {@code k} largest values of an array without boxing or allocation: a bounded min-heap
 * over caller-provided scratch, then a heap sort of the survivors. O(n log k). Ties order by the lower index first,
 * so results are deterministic.
 */
public final class TopK {
    private TopK() {
    }

    /**
     * Writes into {@code out[0 .. min(k, n))} the indices of the largest of {@code values[0 .. n)}, in descending
     * order of value, and returns how many were written. {@code out.length} must be at least {@code min(k, n)}.
     */
    public static int select(float[] values, int n, int k, int[] out) {
        int size = Math.min(k, n);
        if (size <= 0) {
            return 0;
        }
        for (int i = 0; i < size; i++) {
            out[i] = i;
            siftUp(values, out, i);
        }
        for (int i = size; i < n; i++) {
            if (before(values, i, out[0])) {
                out[0] = i;
                siftDown(values, out, 0, size);
            }
        }
        for (int end = size - 1; end > 0; end--) {
            int top = out[0];
            out[0] = out[end];
            out[end] = top;
            siftDown(values, out, 0, end);
        }
        return size;
    }

    /** Whether index {@code a} ranks before {@code b}: larger value, or equal value and lower index. */
    private static boolean before(float[] v, int a, int b) {
        return v[a] > v[b] || (v[a] == v[b] && a < b);
    }

    /** Min-heap by rank: the root is the worst kept element. */
    private static void siftUp(float[] v, int[] heap, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!before(v, heap[parent], heap[i])) {
                return;
            }
            swap(heap, i, parent);
            i = parent;
        }
    }

    private static void siftDown(float[] v, int[] heap, int i, int size) {
        while (true) {
            int worst = i;
            int l = 2 * i + 1;
            int r = l + 1;
            if (l < size && before(v, heap[worst], heap[l])) {
                worst = l;
            }
            if (r < size && before(v, heap[worst], heap[r])) {
                worst = r;
            }
            if (worst == i) {
                return;
            }
            swap(heap, i, worst);
            i = worst;
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
