package io.glimpse.demo.bench;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A set of CPUs written as {@code taskset} and {@code /proc/PID/status} write it ({@code 0-3,6}), so
 * that the bench can give an instance the CPUs it was allowed less those of the servers. Immutable.
 *
 * @param cpus the CPU numbers, ascending
 */
record CpuList(SortedSet<Integer> cpus) {

    CpuList {
        cpus = Collections.unmodifiableSortedSet(new TreeSet<>(cpus));
    }

    /**
     * Parses a list.
     *
     * @param list e.g. {@code 0}, {@code 0-1} or {@code 0,2-3}
     * @return the CPUs
     * @throws IllegalArgumentException if it is not such a list
     */
    static CpuList parse(String list) {
        SortedSet<Integer> cpus = new TreeSet<>();
        try {
            for (String part : list.strip().split(",")) {
                int dash = part.indexOf('-');
                int first = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).strip());
                int last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1).strip());
                if (first < 0 || last < first) {
                    throw new IllegalArgumentException("not a CPU range: '" + part + "'");
                }
                for (int cpu = first; cpu <= last; cpu++) {
                    cpus.add(cpu);
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CPU list (e.g. 0 or 0-1,3): '" + list + "'", e);
        }
        return new CpuList(cpus);
    }

    /**
     * Returns the CPUs of this list that are not in another.
     *
     * @param other the CPUs to take out
     * @return what is left, possibly empty
     */
    CpuList minus(CpuList other) {
        SortedSet<Integer> left = new TreeSet<>(cpus);
        left.removeAll(other.cpus);
        return new CpuList(left);
    }

    int size() {
        return cpus.size();
    }

    boolean isEmpty() {
        return cpus.isEmpty();
    }

    /** The list in taskset's form, ranges joined with a dash: {@code 0-2,5}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        Integer first = null;
        Integer last = null;
        for (int cpu : cpus) {
            if (last != null && cpu == last + 1) {
                last = cpu;
                continue;
            }
            append(b, first, last);
            first = cpu;
            last = cpu;
        }
        append(b, first, last);
        return b.toString();
    }

    private static void append(StringBuilder b, Integer first, Integer last) {
        if (first == null) {
            return;
        }
        b.append(b.length() == 0 ? "" : ",").append(first);
        if (last > first) {
            b.append('-').append(last);
        }
    }
}
