package dev.hasuraperms.schema;

import dev.hasuraperms.types.PgType;
import java.util.Objects;
import java.util.Optional;

/**
 * A column of a table or view.
 *
 * @param name       the column name (case-sensitive)
 * @param type       the type, domains resolved to their base type
 * @param nullable   whether NULL is allowed (false for NOT NULL columns, primary-key columns and NOT NULL domains)
 * @param hasDefault whether the column has a default, is an identity column, or is generated
 * @param maxLength  the declared length of {@code varchar(n)} / {@code char(n)} columns
 */
public record Column(String name, PgType type, boolean nullable, boolean hasDefault, Optional<Integer> maxLength) {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param name the column name (case-sensitive)
     * @param type the type, domains resolved to their base type
     * @param nullable whether NULL is allowed (false for NOT NULL columns, primary-key columns and NOT NULL domains)
     * @param hasDefault whether the column has a default, is an identity column, or is generated
     * @param maxLength the declared length of {@code varchar(n)} / {@code char(n)} columns
     * @throws NullPointerException when a component is null
     */
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(maxLength, "maxLength");
    }

    /**
     * {@return a column without a length limit}
     *
     * @param name the column's name; never null
     * @param type the column's type; never null
     * @param nullable whether the column may hold NULL
     * @param hasDefault whether the column has a default value
     */
    public static Column of(String name, PgType type, boolean nullable, boolean hasDefault) {
        return new Column(name, type, nullable, hasDefault, Optional.empty());
    }
}
