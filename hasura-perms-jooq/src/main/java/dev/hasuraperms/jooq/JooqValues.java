package dev.hasuraperms.jooq;

import org.jooq.Converter;
import org.jooq.EnumType;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.JSONB;
import org.jooq.Param;

/**
 * Values a caller gives for columns, made plain for {@link dev.hasuraperms.enforce.ColumnValues}: a jOOQ
 * {@link Param} stands for its value, a value of a field's user type goes through the field's converter, jOOQ's
 * {@link JSON}/{@link JSONB} are their JSON text and a generated enum its literal. Anything else (another
 * {@link Field}, an expression) is left as it is, and refused there as an invalid value.
 */
final class JooqValues {

    private JooqValues() {
    }

    /** {@code value}, of {@code field}'s user type, as the field's database type. */
    @SuppressWarnings("unchecked")
    static Object toDatabase(Field<?> field, Object value) {
        if (value == null || value instanceof Param<?> || value instanceof Field<?>) {
            return value;
        }
        Converter<Object, Object> c = (Converter<Object, Object>) field.getConverter();
        if (c.toType().isInstance(value) && !c.fromType().equals(c.toType())) {
            return c.to(value);
        }
        return value;
    }

    /** {@code value} without jOOQ wrappers. */
    @SuppressWarnings("unchecked")
    static Object plain(Object value) {
        Object v = value;
        if (v instanceof Param<?> p) {
            Object user = p.getValue();
            Converter<Object, Object> c = (Converter<Object, Object>) p.getConverter();
            v = user == null || c.fromType().equals(c.toType()) ? user : c.to(user);
        }
        if (v instanceof JSONB j) {
            return j.data();
        }
        if (v instanceof JSON j) {
            return j.data();
        }
        if (v instanceof EnumType e) {
            return e.getLiteral();
        }
        return v;
    }
}
