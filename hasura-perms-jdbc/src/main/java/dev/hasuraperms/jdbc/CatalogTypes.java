package dev.hasuraperms.jdbc;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of {@code pg_type} (and the labels of {@code pg_enum}) of one database, turned into {@link PgType}s on
 * demand:
 *
 * <ul>
 *   <li>domains ({@code typtype 'd'}) are resolved through {@code typbasetype} to the type they are based on,
 *       however deeply nested; a {@code NOT NULL} anywhere in the chain makes the resolved type not nullable, and the
 *       outermost type modifier in the chain ({@code CREATE DOMAIN d AS varchar(20)}) is kept;</li>
 *   <li>enums ({@code typtype 'e'}) become {@link PgType.Enum} with their labels in {@code enumsortorder};</li>
 *   <li>arrays ({@code typcategory 'A'} with an element type) become one {@link PgType.Array} level whatever the
 *       number of dimensions, also when the element is a domain over an array;</li>
 *   <li>composite types ({@code typtype 'c'}: row types of relations and {@code CREATE TYPE ... AS (...)}) become
 *       {@link PgType.Composite};</li>
 *   <li>everything else (base, pseudo, range and multirange types) becomes {@link PgType.Base} named by schema and
 *       internal {@code typname}: {@code pg_catalog.int4}, {@code pg_catalog.record}, {@code public.citext}.</li>
 * </ul>
 */
final class CatalogTypes {

    /** One row of {@code pg_type}. */
    record TypeRow(long oid, String schema, String name, String typtype, String category, long element,
                   long baseType, boolean notNull, int typmod) {
    }

    /**
     * A type with what a domain chain adds to it.
     *
     * @param type    the type with domains resolved
     * @param notNull whether a domain in the chain is {@code NOT NULL}
     * @param typmod  the outermost type modifier in the domain chain, -1 if none
     */
    record Resolved(PgType type, boolean notNull, int typmod) {
    }

    /** Domains nest, but never this deeply; the limit only guards against a corrupt catalog. */
    private static final int MAX_DOMAIN_DEPTH = 100;

    private final Map<Long, TypeRow> rows;
    private final Map<Long, List<String>> enumLabels;
    private final Map<Long, Resolved> resolved = new HashMap<>();

    CatalogTypes(Map<Long, TypeRow> rows, Map<Long, List<String>> enumLabels) {
        this.rows = rows;
        this.enumLabels = enumLabels;
    }

    /**
     * The type with this oid.
     *
     * @param usedBy what uses the type, for the message if the catalog does not have it
     */
    Resolved resolve(long oid, String usedBy) {
        return resolve(oid, usedBy, 0);
    }

    private Resolved resolve(long oid, String usedBy, int depth) {
        Resolved done = resolved.get(oid);
        if (done != null) {
            return done;
        }
        TypeRow row = rows.get(oid);
        if (row == null) {
            throw new HasuraPermsException(DiagnosticCode.SCHEMA_READ_FAILED,
                    "could not read the database schema: the type (oid " + oid + ") of " + usedBy
                            + " is not in pg_type");
        }
        if (depth > MAX_DOMAIN_DEPTH) {
            throw new HasuraPermsException(DiagnosticCode.SCHEMA_READ_FAILED,
                    "could not read the database schema: the domain " + row.schema() + "." + row.name()
                            + " nests more than " + MAX_DOMAIN_DEPTH + " levels deep");
        }
        Resolved r;
        QualifiedName name = QualifiedName.of(row.schema(), row.name());
        if (row.typtype().equals("d")) {
            Resolved base = resolve(row.baseType(), "domain " + name, depth + 1);
            r = new Resolved(base.type(), row.notNull() || base.notNull(),
                    row.typmod() != -1 ? row.typmod() : base.typmod());
        } else if (row.typtype().equals("e")) {
            r = new Resolved(new PgType.Enum(name, enumLabels.getOrDefault(oid, List.of())), false, -1);
        } else if (row.category().equals("A") && row.element() != 0) {
            PgType element = resolve(row.element(), "array type " + name, depth + 1).type();
            // An array of a domain over an array is still just a (multi-dimensional) array of the innermost element.
            r = new Resolved(element instanceof PgType.Array a ? a : new PgType.Array(element), false, -1);
        } else if (row.typtype().equals("c")) {
            r = new Resolved(new PgType.Composite(name), false, -1);
        } else {
            r = new Resolved(new PgType.Base(name), false, -1);
        }
        resolved.put(oid, r);
        return r;
    }
}
