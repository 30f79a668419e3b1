package io.jseek.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Width-specialised copies of the kernel classes, made as hidden classes.
 *
 * <p>Why: the Vector API is only intrinsified when the species is a JIT-time constant. A species passed as an
 * argument is a constant only if C2 happens to inline the kernel into a caller that holds it, which its size
 * heuristics do not guarantee (measured: 10-500x slowdowns without {@code -XX:CompileCommand=inline}). A
 * {@code static final} species is a constant in every compilation of the method. So each kernel class is written once
 * against {@code static final} species that its static initializer takes from {@link #width} (the class data), and
 * this class defines one hidden copy of its bytes per width. The copies share no static state, so the 128-, 256- and
 * 512-bit kernels coexist in one JVM (the tests compare all of them with the scalar twins) and each is compiled with
 * its own constants, whatever the JIT decides to inline.
 *
 * <p>A kernel class must be final, in this package, implement its kernel interface, have a no-argument constructor,
 * and use no nested classes or lambdas (those would resolve to the unspecialised original). Its original is never
 * initialised: {@link #width} would fail there.
 */
final class Specializer {
    private static final ClassValue<Object[]> COPIES = new ClassValue<>() {
        @Override
        protected Object[] computeValue(Class<?> type) {
            return new Object[3];
        }
    };

    private Specializer() {
    }

    /**
     * The copy of {@code kernel} specialised for the non-scalar {@code width}, as its interface {@code T} (the copy
     * is not a {@code kernel} itself: a hidden class is a class of its own); made once per class and width.
     */
    @SuppressWarnings("unchecked")
    static <T> T kernel(Class<? extends T> kernel, VectorWidth width) {
        if (width.scalar()) {
            throw new IllegalArgumentException("the scalar width has no kernel classes");
        }
        Object[] copies = COPIES.get(kernel);
        int slot = Integer.numberOfTrailingZeros(width.bits()) - 7;
        Object k = copies[slot];
        if (k == null) {
            synchronized (copies) {
                k = copies[slot];
                if (k == null) {
                    k = define(kernel, width);
                    copies[slot] = k;
                }
            }
        }
        return (T) k;
    }

    /** The width a specialised copy was made for; called from the kernel classes' static initializers. */
    static VectorWidth width(MethodHandles.Lookup copy) {
        try {
            return MethodHandles.classData(copy, ConstantDescs.DEFAULT_NAME, VectorWidth.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object define(Class<?> kernel, VectorWidth width) {
        try {
            MethodHandles.Lookup copy = MethodHandles.lookup().defineHiddenClassWithClassData(bytes(kernel), width,
                    true);
            return copy.findConstructor(copy.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot specialise " + kernel.getName() + " for " + width, e);
        }
    }

    private static byte[] bytes(Class<?> kernel) {
        String name = kernel.getSimpleName() + ".class";
        try (InputStream in = kernel.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("class file " + name + " not found");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
