package dev.hasuraperms.jooq;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A type as a statement wrote it, bound the way PostgreSQL binds it when the statement runs: a built-in type, a type
 * the scripts created (bound to that type itself, so later {@code ALTER TYPE ... ADD VALUE} or {@code RENAME} are
 * seen, like PostgreSQL's oids), or a name the scripts do not define (a row type of a table, or a type of an
 * extension), looked up in the final schema.
 */
final class TypeRef {

    /** A type created by the scripts ({@code CREATE TYPE}, {@code CREATE DOMAIN}). */
    abstract static class TypeDef {
        QualifiedName name;

        TypeDef(QualifiedName name) {
            this.name = name;
        }
    }

    /** {@code CREATE TYPE ... AS ENUM}. */
    static final class EnumDef extends TypeDef {
        final List<String> labels = new ArrayList<>();

        EnumDef(QualifiedName name, List<String> labels) {
            super(name);
            this.labels.addAll(labels);
        }
    }

    /** {@code CREATE DOMAIN}. */
    static final class DomainDef extends TypeDef {
        final TypeRef base;
        /** The names of the domain's NOT NULL constraints; it is not nullable while there is one. */
        final List<String> notNullConstraints = new ArrayList<>();

        DomainDef(QualifiedName name, TypeRef base) {
            super(name);
            this.base = base;
        }
    }

    /** {@code CREATE TYPE ... AS (...)}: a composite type. */
    static final class CompositeDef extends TypeDef {
        CompositeDef(QualifiedName name) {
            super(name);
        }
    }

    /** Any other {@code CREATE TYPE} (range, multirange, base or shell type). */
    static final class OtherDef extends TypeDef {
        OtherDef(QualifiedName name) {
            super(name);
        }
    }

    /**
     * A type with what a domain adds to it.
     *
     * @param type      the type, domains resolved
     * @param notNull   whether a domain in the chain is NOT NULL
     * @param maxLength the declared length of a varchar or char type (the outermost in a domain chain)
     */
    record Resolved(PgType type, boolean notNull, Optional<Integer> maxLength) {
    }

    /** The built-in type's internal name, or null. */
    final String builtin;
    /** The created type, or null. */
    final TypeDef def;
    /** For other names: where PostgreSQL would look, in order. */
    final List<QualifiedName> candidates;
    /** Whether the name is the type of a well-known extension (so not finding it is expected). */
    final boolean extensionType;
    final boolean array;
    final Optional<Integer> length;
    final boolean serial;
    /** The statement that wrote the type, for diagnostics. */
    final Object statement;
    /** The type as written. */
    final String written;

    private TypeRef(String builtin, TypeDef def, List<QualifiedName> candidates, boolean extensionType,
                    boolean array, Optional<Integer> length, boolean serial, Object statement, String written) {
        this.builtin = builtin;
        this.def = def;
        this.candidates = List.copyOf(candidates);
        this.extensionType = extensionType;
        this.array = array;
        this.length = length;
        this.serial = serial;
        this.statement = statement;
        this.written = written;
    }

    static TypeRef builtin(String internal, boolean array, Optional<Integer> length, boolean serial, String written) {
        return new TypeRef(internal, null, List.of(), false, array, length, serial, null, written);
    }

    static TypeRef defined(TypeDef def, boolean array, String written) {
        return new TypeRef(null, Objects.requireNonNull(def), List.of(), false, array, Optional.empty(), false, null,
                written);
    }

    static TypeRef named(List<QualifiedName> candidates, boolean extensionType, boolean array, Object statement,
                         String written) {
        return new TypeRef(null, null, candidates, extensionType, array, Optional.empty(), false, statement, written);
    }

    /** This type as an array. */
    TypeRef asArray() {
        return new TypeRef(builtin, def, candidates, extensionType, true, Optional.empty(), serial, statement, written);
    }

    /** A key that is equal for references to the same type (to match function signatures). */
    String key() {
        String k = builtin != null ? "b:" + builtin
                : def != null ? "d:" + System.identityHashCode(def) + ":" + def.name
                : "n:" + candidates.get(0);
        return array ? k + "[]" : k;
    }

    @Override
    public String toString() {
        return written;
    }
}
