package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.JsonValue;
import java.util.Objects;

/** The right-hand side of a column condition. */
public sealed interface Operand permits Operand.Literal, Operand.SessionVariableRef, Operand.ColumnRef {

    /**
     * Where the operand was read.
     *
     * @return the origin, never null
     */
    Origin origin();

    /**
     * A literal JSON value, typed by the checker for the column it meets. Strings inside arrays and objects are
     * never session variables.
     *
     * @param value the JSON value
     */
    record Literal(JsonValue value) implements Operand {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param value the JSON value
         * @throws NullPointerException when a component is null
         */
        public Literal {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Origin origin() {
            return value.origin();
        }
    }

    /**
     * A whole string value naming a session variable, e.g. {@code "X-Hasura-User-Id"}.
     *
     * @param variable the session variable
     * @param origin where the value was read
     */
    record SessionVariableRef(SessionVariable variable, Origin origin) implements Operand {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param variable the session variable
         * @param origin where the value was read
         * @throws NullPointerException when a component is null
         */
        public SessionVariableRef {
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * A column of the current table ({@code "col"} or {@code ["col"]}) or of the root table the permission is
     * defined on ({@code ["$", "col"]}).
     *
     * @param root true for a column of the root table ({@code ["$", "col"]})
     * @param column the column's name
     * @param origin where the value was read
     */
    record ColumnRef(boolean root, String column, Origin origin) implements Operand {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param root true for a column of the root table ({@code ["$", "col"]})
         * @param column the column's name
         * @param origin where the value was read
         * @throws NullPointerException when a component is null
         */
        public ColumnRef {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(origin, "origin");
        }
    }
}
