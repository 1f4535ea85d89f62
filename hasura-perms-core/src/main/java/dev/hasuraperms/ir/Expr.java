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
     */
    record Column(int scope, String name, PgType type, boolean nullable) implements Expr {
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
     */
    record Literal(PgType type, Object value) implements Expr {
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
     */
    record SessionValue(SessionVariable variable, PgType type) implements Expr {
        public SessionValue {
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(type, "type");
        }
    }

    /** {@code (expr)::type}. */
    record Cast(Expr expr, PgType type) implements Expr {
        public Cast {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(type, "type");
        }
    }

    /** A call of a SQL function, as scalar computed fields are: {@code fn(row[, session])}. */
    record Call(QualifiedName function, List<Expr> arguments, PgType type) implements Expr {
        public Call {
            Objects.requireNonNull(function, "function");
            arguments = List.copyOf(arguments);
            Objects.requireNonNull(type, "type");
        }
    }

    /** The whole row bound to {@code scope}, as a computed field's table argument. */
    record Row(int scope, QualifiedName table) implements Expr {
        public Row {
            Objects.requireNonNull(table, "table");
        }

        @Override
        public PgType type() {
            return new PgType.Composite(table);
        }
    }

    /** The session variables as one JSON object, as a computed field's session argument. */
    record SessionJson(PgType type) implements Expr {
        public SessionJson {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * {@code CASE WHEN condition THEN value ELSE NULL END}: a column an inherited role may only see where the
     * filters of the parents that grant it hold (cell-level redaction).
     */
    record Redacted(Predicate condition, Expr value) implements Expr {
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
