package dev.hasuraperms.spring.jpa;

import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.session.InvalidSessionVariableException;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.PgValues;
import dev.hasuraperms.types.SqlNull;
import dev.hasuraperms.types.TypeCategory;
import dev.hasuraperms.types.ValueParseException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Converts the canonical Java values of {@link dev.hasuraperms.types.PgValues} (what literals and session values are
 * parsed into) to the Java type of an entity attribute, exactly or not at all.
 */
final class JavaValues {

    private JavaValues() {
    }

    /** Why a column of {@code type} cannot be compared through an attribute of {@code javaType}, if it cannot. */
    static Optional<String> unsupported(PgType type, Class<?> javaType) {
        Class<?> t = boxed(javaType);
        if (type instanceof PgType.Array a) {
            return Optional.of("array columns (" + a.displayName() + ") are not supported by the JPA integration");
        }
        if (type instanceof PgType.Composite) {
            return Optional.of("composite columns are not supported by the JPA integration");
        }
        if (type instanceof PgType.Enum) {
            return t == String.class ? Optional.empty()
                    : Optional.of("enum column mapped as " + javaType.getName() + ": map it as String");
        }
        TypeCategory category = type.category();
        String n = ((PgType.Base) type).name().name();
        boolean ok = switch (n) {
            case "int2", "int4", "int8" -> t == Short.class || t == Integer.class || t == Long.class
                    || t == BigInteger.class || t == BigDecimal.class;
            case "numeric" -> t == BigDecimal.class;
            case "float4", "float8" -> t == Float.class || t == Double.class;
            case "bool" -> t == Boolean.class;
            case "uuid" -> t == UUID.class || t == String.class;
            case "date" -> t == LocalDate.class;
            case "time" -> t == LocalTime.class;
            case "timetz" -> t == OffsetTime.class;
            case "timestamp" -> t == LocalDateTime.class;
            case "timestamptz" -> t == OffsetDateTime.class || t == Instant.class || t == ZonedDateTime.class;
            case "text", "varchar", "bpchar", "name", "citext" -> t == String.class;
            default -> false;
        };
        return ok ? Optional.empty() : Optional.of("column type " + type.displayName() + " (category " + category
                + ") mapped as " + javaType.getName() + " has no exact JPA comparison");
    }

    /**
     * {@code value}, read from session variable {@code s}, as an instance of {@code javaType}; a value the attribute
     * cannot hold exactly is the session's fault: {@link InvalidSessionVariableException} (400 under the problem
     * details advice), as for a value that is not valid for the column's type.
     */
    static Object convertSessionValue(Object value, Expr.SessionValue s, Class<?> javaType) {
        try {
            return convert(value, javaType);
        } catch (ValueParseException e) {
            throw new InvalidSessionVariableException(s.variable(), s.type(), String.valueOf(value), e);
        }
    }

    /** {@code value} (canonical for {@code type}) as an instance of {@code javaType}. */
    static Object convert(Object value, Class<?> javaType) {
        Class<?> t = boxed(javaType);
        if (value == SqlNull.INSTANCE || value == null) {
            return null;
        }
        if (t.isInstance(value)) {
            return value;
        }
        if (value instanceof Number n) {
            if (t == Integer.class || t == Long.class || t == Short.class || t == BigInteger.class
                    || t == BigDecimal.class) {
                BigDecimal d = decimal(n);
                if (t == BigDecimal.class) {
                    return d;
                }
                BigInteger i = integral(d, t);
                if (t == BigInteger.class) {
                    return i;
                }
                int bits = t == Short.class ? 16 : t == Integer.class ? 32 : 64;
                if (i.bitLength() >= bits) {
                    throw outOfRange(d, t);
                }
                return t == Short.class ? (Object) i.shortValue() : t == Integer.class ? (Object) i.intValue()
                        : (Object) i.longValue();
            } else if (t == Double.class) {
                return n.doubleValue();
            } else if (t == Float.class) {
                return n.floatValue();
            }
        }
        if (value instanceof UUID u && t == String.class) {
            return u.toString();
        }
        if (value instanceof OffsetDateTime o) {
            if (t == Instant.class) {
                return o.toInstant();
            } else if (t == ZonedDateTime.class) {
                return o.atZoneSameInstant(ZoneOffset.UTC);
            }
        }
        if (value instanceof JsonValue j && t == String.class) {
            return JsonWriter.compact(j);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                out.add(convert(e, javaType));
            }
            return out;
        }
        throw new IllegalArgumentException("cannot convert " + value.getClass().getName() + " to " + t.getName());
    }

    /**
     * {@code n} as a BigDecimal within PostgreSQL's numeric range ({@link PgValues#numericInRange}): a number such as
     * {@code 1e100000000} is refused at once instead of being expanded.
     */
    private static BigDecimal decimal(Number n) {
        if ((n instanceof Double d && !Double.isFinite(d)) || (n instanceof Float f && !Float.isFinite(f))) {
            throw new ValueParseException("value \"" + n + "\" has no exact decimal form");
        }
        BigDecimal d;
        if (n instanceof BigDecimal b) {
            d = b;
        } else if (n instanceof BigInteger b) {
            d = new BigDecimal(b);
        } else if (n instanceof Short || n instanceof Integer || n instanceof Long || n instanceof Byte) {
            d = BigDecimal.valueOf(n.longValue());
        } else {
            try {
                d = new BigDecimal(n.toString());
            } catch (NumberFormatException e) {
                throw new ValueParseException("value is not a number: " + n.getClass().getName());
            }
        }
        return PgValues.numericInRange(d);
    }

    /**
     * {@code d} as an integer, refused (never expanded) when it has more than 19 digits before the point or a
     * fraction: the integer attribute types hold at most 19 digits.
     */
    private static BigInteger integral(BigDecimal d, Class<?> t) {
        if (d.signum() == 0) {
            return BigInteger.ZERO;
        }
        if ((long) d.precision() - d.scale() > 19) {
            throw outOfRange(d, t);
        }
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() > 0) {
            throw new ValueParseException("value \"" + PgValues.numberText(d) + "\" is not a whole number (attribute type "
                    + t.getSimpleName() + ")");
        }
        return s.toBigIntegerExact();
    }

    private static ValueParseException outOfRange(BigDecimal d, Class<?> t) {
        return new ValueParseException("value \"" + PgValues.numberText(d) + "\" is out of range for attribute type "
                + t.getSimpleName());
    }

    static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == int.class) {
            return Integer.class;
        } else if (c == long.class) {
            return Long.class;
        } else if (c == short.class) {
            return Short.class;
        } else if (c == boolean.class) {
            return Boolean.class;
        } else if (c == double.class) {
            return Double.class;
        } else if (c == float.class) {
            return Float.class;
        } else if (c == byte.class) {
            return Byte.class;
        } else if (c == char.class) {
            return Character.class;
        }
        return c;
    }
}
