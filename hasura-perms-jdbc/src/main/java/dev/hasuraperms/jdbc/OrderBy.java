package dev.hasuraperms.jdbc;

import java.util.Objects;

/**
 * One term of a {@link SecureSelect}'s ordering: a column of the table (one the role may read, as in Hasura's
 * {@code order_by}), a direction and where NULLs go.
 *
 * <pre>{@code
 * select.orderBy(OrderBy.desc("happened_at").nullsLast(), OrderBy.asc("id"));
 * }</pre>
 *
 * @param column    the column
 * @param direction ascending or descending
 * @param nulls     where NULLs go ({@link Nulls#DEFAULT}: PostgreSQL's default, last when ascending, first when
 *                  descending)
 */
public record OrderBy(String column, Direction direction, Nulls nulls) {

    /** Ascending or descending. */
    public enum Direction {
        /** Smallest first ({@code ASC}). */
        ASC,
        /** Largest first ({@code DESC}). */
        DESC
    }

    /** Where NULLs go. */
    public enum Nulls {
        /** PostgreSQL's default: last when ascending, first when descending. */
        DEFAULT,
        /** {@code NULLS FIRST}. */
        FIRST,
        /** {@code NULLS LAST}. */
        LAST
    }

    /**
     * A term.
     *
     * @param column    the column
     * @param direction ascending or descending
     * @param nulls     where NULLs go ({@link Nulls#DEFAULT}: PostgreSQL's default, last when ascending, first when
     *                  descending)
     * @throws NullPointerException when an argument is null
     */
    public OrderBy {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(nulls, "nulls");
    }

    /**
     * {@code column ASC}.
     *
     * @param column the column to order by
     * @return the term, NULLs where PostgreSQL puts them
     */
    public static OrderBy asc(String column) {
        return new OrderBy(column, Direction.ASC, Nulls.DEFAULT);
    }

    /**
     * {@code column DESC}.
     *
     * @param column the column to order by
     * @return the term, NULLs where PostgreSQL puts them
     */
    public static OrderBy desc(String column) {
        return new OrderBy(column, Direction.DESC, Nulls.DEFAULT);
    }

    /**
     * This ordering with NULLs first.
     *
     * @return a new term; this one is unchanged
     */
    public OrderBy nullsFirst() {
        return new OrderBy(column, direction, Nulls.FIRST);
    }

    /**
     * This ordering with NULLs last.
     *
     * @return a new term; this one is unchanged
     */
    public OrderBy nullsLast() {
        return new OrderBy(column, direction, Nulls.LAST);
    }

    /** The SQL after the column: {@code ASC}, {@code DESC NULLS LAST}, ... */
    String sqlSuffix() {
        String d = direction == Direction.ASC ? " ASC" : " DESC";
        return switch (nulls) {
            case DEFAULT -> d;
            case FIRST -> d + " NULLS FIRST";
            case LAST -> d + " NULLS LAST";
        };
    }
}
