package dev.hasuraperms.enforce;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One aggregate of an aggregate read, as Hasura's {@code <table>_aggregate { aggregate { ... } }} offers it:
 * {@code count} (of rows, or of the non-NULL values of columns, optionally {@code distinct}), and per column
 * {@code sum}, {@code avg}, the {@code stddev}/{@code variance} family, {@code min} and {@code max}.
 *
 * <pre>{@code
 * List<Aggregate> request = List.of(Aggregate.count(), Aggregate.of(Aggregate.Function.SUM, "salary"));
 * }</pre>
 *
 * @param function the aggregate function
 * @param columns  its columns: none for {@code count(*)}, one or more for {@code count}, exactly one otherwise
 * @param distinct whether {@code count} counts distinct values (only for {@code count} of columns)
 */
public record Aggregate(Function function, List<String> columns, boolean distinct) {

    /** The aggregate functions of Hasura's aggregate fields, with their GraphQL (and SQL) names. */
    public enum Function {
        /** {@code count}. */
        COUNT,
        /** {@code sum} (numeric columns). */
        SUM,
        /** {@code avg} (numeric columns). */
        AVG,
        /** {@code stddev} (numeric columns; PostgreSQL's alias of {@code stddev_samp}). */
        STDDEV,
        /** {@code stddev_samp} (numeric columns). */
        STDDEV_SAMP,
        /** {@code stddev_pop} (numeric columns). */
        STDDEV_POP,
        /** {@code variance} (numeric columns; PostgreSQL's alias of {@code var_samp}). */
        VARIANCE,
        /** {@code var_samp} (numeric columns). */
        VAR_SAMP,
        /** {@code var_pop} (numeric columns). */
        VAR_POP,
        /** {@code max} (comparable columns). */
        MAX,
        /** {@code min} (comparable columns). */
        MIN;

        /**
         * The GraphQL field name, which is also the PostgreSQL function name.
         *
         * @return the key, e.g. {@code stddev_pop}
         */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Whether this is one of Hasura's numeric aggregate operators ({@code numericAggOperators}).
         *
         * @return true for sum, avg and the stddev/variance family
         */
        public boolean numeric() {
            return this != COUNT && this != MAX && this != MIN;
        }

        /**
         * The function named {@code key}.
         *
         * @param key a GraphQL field name such as {@code sum}
         * @return the function, or empty when there is none of that name
         */
        public static Optional<Function> fromKey(String key) {
            for (Function f : values()) {
                if (f.key().equals(key)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Validates the shape.
     *
     * @param function the aggregate function
     * @param columns its columns: none for {@code count(*)}, one or more for {@code count}, exactly one otherwise
     * @param distinct whether {@code count} counts distinct values (only for {@code count} of columns)
     * @throws IllegalArgumentException for a function other than count without exactly one column, or distinct
     *                                  without columns or for another function than count
     */
    public Aggregate {
        Objects.requireNonNull(function, "function");
        columns = List.copyOf(columns);
        if (function != Function.COUNT && columns.size() != 1) {
            throw new IllegalArgumentException(function.key() + " takes exactly one column, not " + columns.size());
        }
        if (distinct && (function != Function.COUNT || columns.isEmpty())) {
            throw new IllegalArgumentException("distinct applies only to a count of columns");
        }
    }

    /**
     * {@code count} of rows ({@code COUNT(*)}).
     *
     * @return the aggregate
     */
    public static Aggregate count() {
        return new Aggregate(Function.COUNT, List.of(), false);
    }

    /**
     * {@code count(columns: [...], distinct: ...)}: as Hasura renders it, {@code COUNT(c)} for one column (its
     * non-NULL values), {@code COUNT((c1, c2))} for several (a row value, never NULL: every row counts), with
     * {@code DISTINCT} the distinct values or row values.
     *
     * @param distinct whether to count distinct values
     * @param columns  one or more columns
     * @return the aggregate
     * @throws IllegalArgumentException when no column is given
     */
    public static Aggregate count(boolean distinct, String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("count of columns needs at least one column (use count() for rows)");
        }
        return new Aggregate(Function.COUNT, List.of(columns), distinct);
    }

    /**
     * {@code function} of {@code column}.
     *
     * @param function a function other than count
     * @param column   the column
     * @return the aggregate
     * @throws IllegalArgumentException for count (use {@link #count()} or {@link #count(boolean, String...)})
     */
    public static Aggregate of(Function function, String column) {
        if (function == Function.COUNT) {
            throw new IllegalArgumentException("use Aggregate.count(distinct, columns...) for a count of a column");
        }
        return new Aggregate(function, List.of(column), false);
    }
}
