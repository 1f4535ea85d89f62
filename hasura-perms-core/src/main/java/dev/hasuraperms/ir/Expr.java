package dev.hasuraperms.ir;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import java.util.List;
import java.util.Objects;

/** A typed value expression inside a {@link Predicate}. */
public sealed interface Expr permits Expr.Column, Expr.Literal, Expr.SessionValue, Expr.Cast, Expr.Call, Expr.Row,
        Expr.SessionJson, Expr.Redacted {

    /** {@return the expression's PostgreSQL type} */
    PgType type();

    /**
     * A column of the row bound to {@code scope}: 0 is the table the permission is defined on (or the relation a
     * caller filters), and each {@link Predicate.Exists} introduces the next scope.
     *
     * @param scope the scope number of the row (0: the table filtered); not negative
     * @param name the column's name
     * @param type the column's type
     * @param nullable whether the column may be NULL
     */
    record Column(int scope, String name, PgType type, boolean nullable) implements Expr {
        /**
         * Creates the record: checks that the components are not null, validates them.
         *
         * @param scope the scope number of the row (0: the table filtered); not negative
         * @param name the column's name
         * @param type the column's type
         * @param nullable whether the column may be NULL
         * @throws NullPointerException when a component is null
         * @throws IllegalArgumentException when a component is not valid (see the message)
         */
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            if (scope < 0) {
                throw new IllegalArgumentException("scope must not be negative");
            }
        }
    }

    /**
     * A constant, already parsed for its type (see {@link dev.hasuraperms.types.PgValues} for the Java types);
     * {@link SqlNull#INSTANCE} is SQL NULL.
     *
     * @param type the literal's type
     * @param value the value (see {@link dev.hasuraperms.types.PgValues}); {@link SqlNull#INSTANCE} for NULL
     */
    record Literal(PgType type, Object value) implements Expr {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param type the literal's type
         * @param value the value (see {@link dev.hasuraperms.types.PgValues}); {@link SqlNull#INSTANCE} for NULL
         * @throws NullPointerException when a component is null
         */
        public Literal {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }

        /** {@return whether this is SQL NULL} */
        public boolean isNull() {
            return value == SqlNull.INSTANCE;
        }
    }

    /**
     * A session variable's value, parsed for {@code type} when a session is bound. Never NULL: a missing variable
     * is an error before any SQL runs.
     *
     * @param variable the session variable
     * @param type the type its value is read at
     */
    record SessionValue(SessionVariable variable, PgType type) implements Expr {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param variable the session variable
         * @param type the type its value is read at
         * @throws NullPointerException when a component is null
         */
        public SessionValue {
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * {@code (expr)::type}.
     *
     * @param expr the expression cast
     * @param type the target type
     */
    record Cast(Expr expr, PgType type) implements Expr {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param expr the expression cast
         * @param type the target type
         * @throws NullPointerException when a component is null
         */
        public Cast {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A call of a SQL function, as scalar computed fields are: {@code fn(row[, session])}.
     *
     * @param function the SQL function
     * @param arguments its arguments, in order
     * @param type its return type
     */
    record Call(QualifiedName function, List<Expr> arguments, PgType type) implements Expr {
        /**
         * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
         *
         * @param function the SQL function
         * @param arguments its arguments, in order
         * @param type its return type
         * @throws NullPointerException when a component is null
         */
        public Call {
            Objects.requireNonNull(function, "function");
            arguments = List.copyOf(arguments);
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * The whole row bound to {@code scope}, as a computed field's table argument.
     *
     * @param scope the scope number of the row
     * @param table the table the row belongs to
     */
    record Row(int scope, QualifiedName table) implements Expr {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param scope the scope number of the row
         * @param table the table the row belongs to
         * @throws NullPointerException when a component is null
         */
        public Row {
            Objects.requireNonNull(table, "table");
        }

        @Override
        public PgType type() {
            return new PgType.Composite(table);
        }
    }

    /**
     * The session variables as one JSON object, as a computed field's session argument.
     *
     * @param type the type of the argument ({@code json} or {@code jsonb})
     */
    record SessionJson(PgType type) implements Expr {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param type the type of the argument ({@code json} or {@code jsonb})
         * @throws NullPointerException when a component is null
         */
        public SessionJson {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * {@code CASE WHEN condition THEN value ELSE NULL END}: a column an inherited role may only see where the
     * filters of the parents that grant it hold (cell-level redaction).
     *
     * @param condition when the value is shown
     * @param value the value shown when {@code condition} is TRUE (NULL otherwise)
     */
    record Redacted(Predicate condition, Expr value) implements Expr {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param condition when the value is shown
         * @param value the value shown when {@code condition} is TRUE (NULL otherwise)
         * @throws NullPointerException when a component is null
         */
        public Redacted {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public PgType type() {
            return value.type();
        }
    }
}
