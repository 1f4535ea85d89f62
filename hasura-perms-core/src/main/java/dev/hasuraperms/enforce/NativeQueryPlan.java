package dev.hasuraperms.enforce;

import dev.hasuraperms.check.NativeQueries;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A native-query read, validated ({@link Enforcement#nativeQuery}): the native query, the logical model's select
 * rule whose filter (and cell redaction) the backend applies to the rows, the fields to read (all readable, in the
 * order asked), the limit to apply after the caller's ordering, and the code with each placeholder replaced by its
 * argument's value, read as the argument's type. A backend writes
 * {@code SELECT <fields> FROM (<code>) AS <alias> WHERE <filter> ...}, each argument as a bind parameter cast to its
 * type.
 *
 * @param query   the native query
 * @param rule    the select rule of the session's role on the native query's logical model
 * @param columns the fields to read
 * @param limit   the effective limit
 * @param code    the code: SQL text and bound arguments, in order
 */
public record NativeQueryPlan(NativeQueries.Resolved query, SelectRule rule, List<String> columns, OptionalInt limit,
                              List<Part> code) {

    /**
     * The plan.
     *
     * @param query the native query
     * @param rule the select rule of the session's role on the native query's logical model
     * @param columns the fields to read
     * @param limit the effective limit
     * @param code the code: SQL text and bound arguments, in order
     */
    public NativeQueryPlan {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(rule, "rule");
        columns = List.copyOf(columns);
        Objects.requireNonNull(limit, "limit");
        code = List.copyOf(code);
    }

    /** A part of the code. */
    public sealed interface Part permits Sql, Argument {
    }

    /**
     * SQL text of the native query, as written into a JDBC statement (its question marks doubled).
     *
     * @param sql the text
     */
    public record Sql(String sql) implements Part {
        /**
         * Text.
         *
         * @param sql the text
         */
        public Sql {
            Objects.requireNonNull(sql, "sql");
        }
    }

    /**
     * An argument's value at a placeholder: bound as a parameter cast to {@code type}.
     *
     * @param name  the argument's name
     * @param type  its declared type
     * @param value its value, canonical for the type as {@link dev.hasuraperms.types.PgValues} makes it
     *              ({@link dev.hasuraperms.types.SqlNull#INSTANCE} for NULL)
     */
    public record Argument(String name, PgType type, Object value) implements Part {
        /**
         * An argument.
         *
         * @param name the argument's name
         * @param type its declared type
         * @param value its value, canonical for the type as {@link dev.hasuraperms.types.PgValues} makes it ({@link
         *     dev.hasuraperms.types.SqlNull#INSTANCE} for NULL)
         */
        public Argument {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@return the native query's root field name} */
    public String name() {
        return query.query().rootFieldName();
    }

    /** {@return the logical model's name} */
    public String model() {
        return query.model().name();
    }
}
