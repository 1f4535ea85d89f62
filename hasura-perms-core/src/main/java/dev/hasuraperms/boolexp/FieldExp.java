package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import java.util.Objects;
import java.util.Optional;

/**
 * A key of a boolean expression that is not {@code _and}/{@code _or}/{@code _not}/{@code _exists}: a column, a
 * relationship, a computed field, a nested logical-model field, or an aggregation predicate. JSON alone cannot say
 * which ({@code {"x": {}}} is TRUE for a column and "a related row exists" for a relationship), so the parser keeps
 * the raw value and parses every interpretation up front; the type checker picks one with the schema.
 *
 * <p>Equality is by {@link #name()} and {@link #value()}; the interpretations are derived from them.
 */
public final class FieldExp implements BoolExp {

    private final String name;
    private final JsonValue value;
    private final Origin origin;
    private final Parsed<ColumnExp> asColumn;
    private final BoolExpParser parser;
    private final int depth;
    private volatile Parsed<BoolExp> asNested;
    private final Optional<Parsed<AggregationPredicate>> asAggregation;

    FieldExp(String name, JsonValue value, Origin origin, Parsed<ColumnExp> asColumn,
             BoolExpParser parser, int depth, Optional<Parsed<AggregationPredicate>> asAggregation) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.asColumn = Objects.requireNonNull(asColumn, "asColumn");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.depth = depth;
        this.asAggregation = Objects.requireNonNull(asAggregation, "asAggregation");
    }

    /** {@return the key: a column, relationship, computed field or {@code <rel>_aggregate}} */
    public String name() {
        return name;
    }

    /** {@return the raw JSON value of the key} */
    public JsonValue value() {
        return value;
    }

    /** Where the key was read. */
    @Override
    public Origin origin() {
        return origin;
    }

    /** {@return the value read as conditions on a column or scalar computed field} */
    public Parsed<ColumnExp> asColumn() {
        return asColumn;
    }

    /**
     * {@return the value read as a boolean expression over the related table (relationship, SETOF computed field, nested
     * logical-model object)} Failed when the value is not an object.
     */
    public Parsed<BoolExp> asNested() {
        Parsed<BoolExp> p = asNested;
        if (p == null) {
            // Parsed on first use: most keys are columns, whose value is never read as a nested expression.
            p = parser.nested(name, value, depth);
            asNested = p;
        }
        return p;
    }

    /** {@return the value read as an aggregation predicate; present only when the key ends with {@code _aggregate}} */
    public Optional<Parsed<AggregationPredicate>> asAggregation() {
        return asAggregation;
    }

    /** {@return whether the value is a JSON object (only then can the key be a relationship)} */
    public boolean hasObjectValue() {
        return value instanceof JsonObject;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldExp f && name.equals(f.name) && value.equals(f.value);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + value.hashCode();
    }

    @Override
    public String toString() {
        return "FieldExp[" + name + ": " + value.toJson() + "]";
    }
}
