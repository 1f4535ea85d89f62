package dev.hasuraperms.json;

import dev.hasuraperms.diagnostic.Origin;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A JSON number, kept exactly as a {@link BigDecimal}. {@code 1} and {@code 1.0} are equal.
 *
 * @param value the value, exactly as written
 * @param origin where the value was read
 */
public record JsonNumber(BigDecimal value, Origin origin) implements JsonValue {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param value the value, exactly as written
     * @param origin where the value was read
     * @throws NullPointerException when a component is null
     */
    public JsonNumber {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * {@return a number built in code}
     *
     * @param value the value
     */
    public static JsonNumber of(long value) {
        return new JsonNumber(BigDecimal.valueOf(value), Origin.UNKNOWN);
    }

    /**
     * {@return a number built in code}
     *
     * @param value the value; never null
     */
    public static JsonNumber of(BigDecimal value) {
        return new JsonNumber(value, Origin.UNKNOWN);
    }

    /** {@return whether the number has no fractional part} */
    public boolean isIntegral() {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    @Override
    public String typeName() {
        return "number";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNumber n && value.compareTo(n.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
