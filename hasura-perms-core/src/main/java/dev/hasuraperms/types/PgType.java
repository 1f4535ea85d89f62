package dev.hasuraperms.types;

import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A PostgreSQL type, as it matters for permissions: base types by their internal name ({@code pg_catalog.int4},
 * {@code public.citext}), enums with their labels, arrays of another type, and row types. Domains are resolved to
 * their base type before a column's type is modelled. Type modifiers ({@code varchar(255)}) are not part of the type;
 * see {@link dev.hasuraperms.schema.Column#maxLength()}.
 */
public sealed interface PgType permits PgType.Base, PgType.Enum, PgType.Array, PgType.Composite {

    /** The schema of the built-in types. */
    String PG_CATALOG = "pg_catalog";

    /** {@return how this type is treated} */
    TypeCategory category();

    /** {@return the name PostgreSQL would print ({@code integer}, {@code timestamp with time zone}, {@code public.mood}, ...)} */
    String displayName();

    /** {@return the type written as a cast target, quoted where needed ({@code int4}, {@code "public"."mood"}, {@code int4[]})} */
    String sqlName();

    /** {@return the array type of this type} */
    default Array arrayOf() {
        return new Array(this);
    }

    /**
     * A built-in or extension base type, by schema and internal name. A final class rather than a record only so
     * that it can compute its category once; equality is by name.
     */
    final class Base implements PgType {
        private final QualifiedName name;
        private final TypeCategory category;

        /**
         * The base type called {@code name}.
         *
         * @param name the type's name; never null
         */
        public Base(QualifiedName name) {
            this.name = Objects.requireNonNull(name, "name");
            this.category = Builtins.category(name);
        }

        /** {@return the type's schema and internal name} */
        public QualifiedName name() {
            return name;
        }

        @Override
        public TypeCategory category() {
            return category;
        }

        @Override
        public String displayName() {
            if (!name.schema().equals(PG_CATALOG)) {
                return name.schema() + "." + name.name();
            }
            String d = Builtins.DISPLAY.get(name.name());
            return d != null ? d : name.name();
        }

        @Override
        public String sqlName() {
            if (name.schema().equals(PG_CATALOG) && name.name().matches("[a-z_][a-z0-9_]*")) {
                return name.name();
            }
            return name.toSql();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Base b && name.equals(b.name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return displayName();
        }
    }

    /**
     * A user-defined enum, with its labels in sort order; or, with a {@code storage} type, a column that references
     * a Hasura enum table ({@code is_enum}) through a foreign key: {@code name} is the enum table, {@code labels} its
     * rows, and the values are stored (and cast in SQL) as {@code storage} ({@code text}).
     *
     * @param name    the enum type, or the enum table
     * @param labels  the labels, or the enum table's primary key values
     * @param storage the stored type of an enum-table reference; empty for a PostgreSQL enum
     */
    record Enum(QualifiedName name, List<String> labels, Optional<PgType> storage) implements PgType {
        /**
         * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
         *
         * @param name the enum type, or the enum table
         * @param labels the labels, or the enum table's primary key values
         * @param storage the stored type of an enum-table reference; empty for a PostgreSQL enum
         * @throws NullPointerException when a component is null
         */
        public Enum {
            Objects.requireNonNull(name, "name");
            labels = List.copyOf(labels);
            Objects.requireNonNull(storage, "storage");
        }

        /**
         * A PostgreSQL enum.
         *
         * @param name   the enum type
         * @param labels its labels, in sort order
         */
        public Enum(QualifiedName name, List<String> labels) {
            this(name, labels, Optional.empty());
        }

        /** {@return whether this is a reference to a Hasura enum table rather than a PostgreSQL enum} */
        public boolean enumTable() {
            return storage.isPresent();
        }

        @Override
        public TypeCategory category() {
            return TypeCategory.ENUM;
        }

        @Override
        public String displayName() {
            return name.schema() + "." + name.name();
        }

        @Override
        public String sqlName() {
            return storage.map(PgType::sqlName).orElseGet(name::toSql);
        }

        @Override
        public String toString() {
            return displayName();
        }
    }

    /**
     * An array (of any number of dimensions) of {@code element}.
     *
     * @param element the element type
     */
    record Array(PgType element) implements PgType {
        /**
         * Creates the record: checks that the components are not null, validates them.
         *
         * @param element the element type
         * @throws NullPointerException when a component is null
         * @throws IllegalArgumentException when a component is not valid (see the message)
         */
        public Array {
            Objects.requireNonNull(element, "element");
            if (element instanceof Array) {
                throw new IllegalArgumentException("PostgreSQL arrays of arrays are multi-dimensional arrays of the element");
            }
        }

        @Override
        public TypeCategory category() {
            return TypeCategory.ARRAY;
        }

        @Override
        public String displayName() {
            return element.displayName() + "[]";
        }

        @Override
        public String sqlName() {
            return element.sqlName() + "[]";
        }

        @Override
        public String toString() {
            return displayName();
        }
    }

    /**
     * The row type of a table, view or composite type.
     *
     * @param name the table or composite type
     */
    record Composite(QualifiedName name) implements PgType {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param name the table or composite type
         * @throws NullPointerException when a component is null
         */
        public Composite {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public TypeCategory category() {
            return TypeCategory.COMPOSITE;
        }

        @Override
        public String displayName() {
            return name.schema() + "." + name.name();
        }

        @Override
        public String sqlName() {
            return name.toSql();
        }

        @Override
        public String toString() {
            return displayName();
        }
    }

    /**
     * {@return a built-in type by its internal name ({@code int4}, {@code timestamptz}, ...)}
     *
     * @param internalName the internal name; never null
     */
    static Base builtin(String internalName) {
        return new Base(QualifiedName.of(PG_CATALOG, internalName));
    }

    /**
     * {@return a built-in type by any of its SQL spellings ({@code integer}, {@code int}, {@code int4}, {@code character
     * varying}, {@code timestamp with time zone}, ...), ignoring case and type modifiers}
     *
     * @param sqlName the SQL spelling; never null
     */
    static java.util.Optional<Base> builtinBySqlName(String sqlName) {
        String n = sqlName.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("\\(.*?\\)", "").trim();
        String internal = Builtins.ALIASES.getOrDefault(n, n);
        return Builtins.KNOWN.contains(internal) ? java.util.Optional.of(builtin(internal)) : java.util.Optional.empty();
    }

    /** Internal names, display names and categories of the built-in types. */
    final class Builtins {
        private Builtins() {
        }

        static final Map<String, String> DISPLAY = Map.ofEntries(
                Map.entry("int2", "smallint"), Map.entry("int4", "integer"), Map.entry("int8", "bigint"),
                Map.entry("numeric", "numeric"), Map.entry("float4", "real"), Map.entry("float8", "double precision"),
                Map.entry("bool", "boolean"), Map.entry("text", "text"), Map.entry("varchar", "character varying"),
                Map.entry("bpchar", "character"), Map.entry("name", "name"), Map.entry("uuid", "uuid"),
                Map.entry("date", "date"), Map.entry("time", "time without time zone"),
                Map.entry("timetz", "time with time zone"), Map.entry("timestamp", "timestamp without time zone"),
                Map.entry("timestamptz", "timestamp with time zone"), Map.entry("interval", "interval"),
                Map.entry("json", "json"), Map.entry("jsonb", "jsonb"), Map.entry("bytea", "bytea"),
                Map.entry("oid", "oid"), Map.entry("inet", "inet"), Map.entry("cidr", "cidr"), Map.entry("money", "money"),
                Map.entry("xml", "xml"), Map.entry("tsvector", "tsvector"), Map.entry("tsquery", "tsquery"),
                Map.entry("bit", "bit"), Map.entry("varbit", "bit varying"), Map.entry("macaddr", "macaddr"),
                Map.entry("char", "\"char\""));

        static final java.util.Set<String> KNOWN = DISPLAY.keySet();

        static final Map<String, String> ALIASES = Map.ofEntries(
                Map.entry("smallint", "int2"), Map.entry("integer", "int4"), Map.entry("int", "int4"),
                Map.entry("bigint", "int8"), Map.entry("decimal", "numeric"), Map.entry("real", "float4"),
                Map.entry("double precision", "float8"), Map.entry("float", "float8"), Map.entry("boolean", "bool"),
                Map.entry("character varying", "varchar"), Map.entry("character", "bpchar"), Map.entry("char", "bpchar"),
                Map.entry("time without time zone", "time"), Map.entry("time with time zone", "timetz"),
                Map.entry("timestamp without time zone", "timestamp"), Map.entry("timestamp with time zone", "timestamptz"),
                Map.entry("serial", "int4"), Map.entry("smallserial", "int2"), Map.entry("bigserial", "int8"),
                Map.entry("serial4", "int4"), Map.entry("serial2", "int2"), Map.entry("serial8", "int8"),
                Map.entry("bit varying", "varbit"));

        static TypeCategory category(QualifiedName name) {
            String n = name.name();
            if (name.schema().equals(PG_CATALOG)) {
                switch (n) {
                    case "int2", "int4", "int8":
                        return TypeCategory.INTEGER;
                    case "numeric":
                        return TypeCategory.NUMERIC;
                    case "float4", "float8":
                        return TypeCategory.FLOAT;
                    case "bool":
                        return TypeCategory.BOOLEAN;
                    case "text", "varchar", "bpchar", "name":
                        return TypeCategory.STRING;
                    case "uuid":
                        return TypeCategory.UUID;
                    case "date":
                        return TypeCategory.DATE;
                    case "time":
                        return TypeCategory.TIME;
                    case "timetz":
                        return TypeCategory.TIMETZ;
                    case "timestamp":
                        return TypeCategory.TIMESTAMP;
                    case "timestamptz":
                        return TypeCategory.TIMESTAMPTZ;
                    case "interval":
                        return TypeCategory.INTERVAL;
                    case "json":
                        return TypeCategory.JSON;
                    case "jsonb":
                        return TypeCategory.JSONB;
                    case "bytea":
                        return TypeCategory.BYTEA;
                    default:
                        return TypeCategory.OTHER;
                }
            }
            // Extension types live in whatever schema the extension was created in.
            switch (n) {
                case "citext":
                    return TypeCategory.STRING;
                case "ltree":
                    return TypeCategory.LTREE;
                case "lquery":
                    return TypeCategory.LQUERY;
                case "ltxtquery":
                    return TypeCategory.LTXTQUERY;
                case "geometry":
                    return TypeCategory.GEOMETRY;
                case "geography":
                    return TypeCategory.GEOGRAPHY;
                case "raster":
                    return TypeCategory.RASTER;
                default:
                    return TypeCategory.OTHER;
            }
        }
    }
}
