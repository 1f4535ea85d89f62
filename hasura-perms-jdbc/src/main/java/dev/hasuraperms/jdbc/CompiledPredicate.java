package dev.hasuraperms.jdbc;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.session.InvalidSessionVariableException;
import dev.hasuraperms.types.Patterns;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.ValueParseException;
import java.util.List;
import java.util.Objects;

/**
 * A predicate rendered once for one alias: the SQL text and its parameter slots. Binding a session fills the slots
 * (parsing each session value for its type) and allocates nothing else, so it is cheap enough for every request.
 * Immutable and thread-safe.
 */
public final class CompiledPredicate {

    /** A parameter: a constant from the metadata, a session variable, or the whole session as JSON. */
    sealed interface Slot permits Constant, SessionSlot, SessionJsonSlot {
        PgType type();
    }

    /** A literal from the metadata. */
    record Constant(Object value, PgType type) implements Slot {
    }

    /** A session variable read at {@code type}; a pattern operand is also checked as a pattern. */
    record SessionSlot(SessionVariable variable, PgType type, Patterns.Kind pattern) implements Slot {
    }

    /** All session variables as JSON. */
    record SessionJsonSlot(PgType type) implements Slot {
    }

    private final String sql;
    private final Slot[] slots;
    private final PgType[] types;

    CompiledPredicate(String sql, List<Slot> slots) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.slots = slots.toArray(new Slot[0]);
        this.types = new PgType[this.slots.length];
        for (int i = 0; i < this.slots.length; i++) {
            types[i] = this.slots[i].type();
        }
    }

    /** The SQL text, with {@code ?} placeholders. */
    public String sql() {
        return sql;
    }

    /** Number of parameters. */
    public int parameterCount() {
        return slots.length;
    }

    /**
     * Fills the parameters from {@code session}.
     *
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException when a session variable is missing or invalid
     */
    public SqlPredicate bind(SessionValues session) {
        Object[] values = new Object[slots.length];
        for (int i = 0; i < slots.length; i++) {
            Slot s = slots[i];
            if (s instanceof Constant c) {
                values[i] = c.value();
            } else if (s instanceof SessionSlot v) {
                Object value = session.value(v.variable(), v.type());
                if (v.pattern() != Patterns.Kind.NONE) {
                    try {
                        Patterns.validate(v.pattern(), (String) value);
                    } catch (ValueParseException e) {
                        throw new InvalidSessionVariableException(v.variable(), v.type(), (String) value, e);
                    }
                }
                values[i] = value;
            } else {
                values[i] = session.toJson();
            }
        }
        return new SqlPredicate(sql, values, types);
    }

    @Override
    public String toString() {
        return sql;
    }
}
