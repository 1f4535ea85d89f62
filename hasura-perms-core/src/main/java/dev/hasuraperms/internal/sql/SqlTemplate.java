package dev.hasuraperms.internal.sql;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.InvalidSessionVariableException;
import dev.hasuraperms.types.Patterns;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.ValueParseException;
import java.util.List;
import java.util.Objects;

/**
 * A predicate rendered once as PostgreSQL SQL, in parts a backend writes out: literal text, the reference to the
 * rows being filtered (scope 0), table names, parameters and the jsonb operators spelled with a question mark (which
 * JDBC needs escaped in prepared statements and not in plain ones). The JDBC backend joins the parts into one string;
 * the jOOQ backend writes them into jOOQ's render context. Immutable and thread-safe.
 */
public final class SqlTemplate {

    /** One part of the SQL text. */
    public sealed interface Part permits Text, Root, Table, Param, QuestionOperator {
    }

    /** SQL text as is (keywords, punctuation, quoted identifiers, casts). */
    public record Text(String sql) implements Part {
    }

    /** The rows being filtered: an alias or the table's name, supplied by the backend. */
    public record Root() implements Part {
    }

    /** A table read in a subquery ({@code "schema"."name"}), as a name a backend may map. */
    public record Table(QualifiedName name) implements Part {
    }

    /** Parameter {@code index} (see {@link #slots()}); its cast to the slot's type follows as text. */
    public record Param(int index) implements Part {
    }

    /** A jsonb operator written with a question mark: {@code ?}, {@code ?|} or {@code ?&}. */
    public record QuestionOperator(String operator) implements Part {
    }

    /** Where a parameter's value comes from: a constant from the metadata, a session variable, the whole session. */
    public sealed interface Slot permits Constant, SessionSlot, SessionJsonSlot {
        /**
         * The parameter's PostgreSQL type.
         *
         * @return the type
         */
        PgType type();
    }

    /** A literal from the metadata. */
    public record Constant(Object value, PgType type) implements Slot {
    }

    /** A session variable read at {@code type}; a pattern operand is also checked as a pattern. */
    public record SessionSlot(SessionVariable variable, PgType type, Patterns.Kind pattern) implements Slot {
    }

    /** All session variables as JSON. */
    public record SessionJsonSlot(PgType type) implements Slot {
    }

    private static final Root ROOT = new Root();

    private final Part[] parts;
    private final Slot[] slots;
    private final PgType[] types;
    /** The server major whose input rules session values are parsed with. */
    private final int serverMajor;

    SqlTemplate(List<Part> parts, List<Slot> slots, int serverMajor) {
        this.serverMajor = serverMajor;
        this.parts = parts.toArray(new Part[0]);
        this.slots = slots.toArray(new Slot[0]);
        this.types = new PgType[this.slots.length];
        for (int i = 0; i < this.slots.length; i++) {
            types[i] = this.slots[i].type();
        }
    }

    static Root root() {
        return ROOT;
    }

    /**
     * The parts, in order.
     *
     * @return the parts
     */
    public List<Part> parts() {
        return List.of(parts);
    }

    /**
     * The parameters, in order.
     *
     * @return the parameter slots
     */
    public List<Slot> slots() {
        return List.of(slots);
    }

    /**
     * The PostgreSQL type of each parameter, in order (a shared array: do not modify).
     *
     * @return the types
     */
    public PgType[] parameterTypes() {
        return types;
    }

    /**
     * Number of parameters.
     *
     * @return the count
     */
    public int parameterCount() {
        return slots.length;
    }

    /**
     * The whole text, with {@code rootSql} (already quoted) for the rows, {@code ?} for each parameter and, when
     * {@code preparedStatement}, the question-mark operators doubled as pgjdbc wants them in prepared statements.
     *
     * @param rootSql           the rows' SQL name, already quoted
     * @param preparedStatement whether the text goes into a prepared statement
     * @return the SQL text
     */
    public String toSql(String rootSql, boolean preparedStatement) {
        StringBuilder sb = new StringBuilder(64);
        for (Part p : parts) {
            if (p instanceof Text t) {
                sb.append(t.sql());
            } else if (p instanceof Root) {
                sb.append(rootSql);
            } else if (p instanceof Table t) {
                sb.append(SqlNames.quote(t.name()));
            } else if (p instanceof Param) {
                sb.append('?');
            } else {
                String op = ((QuestionOperator) p).operator();
                sb.append(preparedStatement ? op.replace("?", "??") : op);
            }
        }
        return sb.toString();
    }

    /**
     * The parameter values for {@code session}, in order (Java values as {@link dev.hasuraperms.types.PgValues}
     * produces them).
     *
     * @param session the request's session
     * @return the values
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException when a session variable is missing or invalid
     */
    public Object[] bind(SessionValues session) {
        Object[] values = new Object[slots.length];
        for (int i = 0; i < slots.length; i++) {
            Slot s = slots[i];
            if (s instanceof Constant c) {
                values[i] = c.value();
            } else if (s instanceof SessionSlot v) {
                Object value = session.value(v.variable(), v.type(), serverMajor);
                if (v.pattern() != Patterns.Kind.NONE) {
                    try {
                        Patterns.validate(v.pattern(), (String) value);
                    } catch (ValueParseException e) {
                        throw new InvalidSessionVariableException(v.variable(), v.type(), (String) value, e);
                    }
                }
                values[i] = value;
            } else {
                values[i] = sessionJson(session);
            }
        }
        return values;
    }

    /**
     * The session as JSON, for a function's session argument. A value PostgreSQL cannot store (a NUL character, a
     * lone UTF-16 surrogate) is refused as it is when bound on its own, instead of reaching the database altered.
     *
     * @param session the request's session
     * @return the session variables as a JSON object
     */
    public static dev.hasuraperms.json.JsonObject sessionJson(SessionValues session) {
        dev.hasuraperms.json.JsonObject json = session.toJson();
        for (int k = 0; k < json.size(); k++) {
            if (json.valueAt(k) instanceof dev.hasuraperms.json.JsonString s) {
                try {
                    dev.hasuraperms.types.PgValues.parseText(PgType.builtin("text"), s.value());
                } catch (ValueParseException e) {
                    throw new InvalidSessionVariableException(SessionVariable.of(json.keyAt(k)), PgType.builtin("json"),
                            s.value(), e);
                }
            }
        }
        return json;
    }

    @Override
    public String toString() {
        return toSql("<rows>", false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SqlTemplate t && java.util.Arrays.equals(parts, t.parts) && java.util.Arrays.equals(slots, t.slots);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(parts), java.util.Arrays.hashCode(slots));
    }
}
