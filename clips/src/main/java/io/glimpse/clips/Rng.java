package io.glimpse.clips;

/**
 * SplitMix64: a tiny generator whose every output is fixed by its seed on any JVM, so a seed means
 * the same clip everywhere (trainer, demo producer, load tests). Not thread-safe; not for secrets.
 */
public final class Rng {

    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private long state;

    Rng(long seed) {
        state = seed;
    }

    /** Mixes a value into a well-spread 64-bit hash (the SplitMix64 finaliser). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed derived from a parent seed and a salt, independent of other salts. */
    public static long derive(long seed, long salt) {
        return mix(mix(seed) + GOLDEN * (salt + 1));
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, bound); bound positive. */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [low, high). */
    double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    boolean chance(double probability) {
        return nextDouble() < probability;
    }
}
