package dev.hasuraperms.jooq;

import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Param;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;

/**
 * The table an enforced operation works on, as the caller names it: a generated table, {@code DSL.table(name)}, or
 * an alias of either. Its rows are named the way the caller's conditions and fields name them: by the alias, or by
 * the table's (qualified) name.
 */
final class TableRef {

    private final Table<?> table;
    private final QualifiedName name;
    private final Name rows;
    private final boolean aliased;

    private TableRef(Table<?> table) {
        this.table = Objects.requireNonNull(table, "table");
        this.name = JooqPermissions.tableName(table);
        this.aliased = table instanceof QOM.TableAlias<?>;
        this.rows = table.getQualifiedName();
    }

    static TableRef of(Table<?> table) {
        return new TableRef(table);
    }

    /** The table as the caller gave it (rendered in the statements). */
    Table<?> table() {
        return table;
    }

    /** Whether the caller gave an alias (its rows are then named by the alias). */
    boolean aliased() {
        return aliased;
    }

    /** The metadata name. */
    QualifiedName name() {
        return name;
    }

    /** The column {@code column} of the rows, as a field of the given type. */
    Field<Object> column(String column) {
        return DSL.field(rows.append(DSL.quotedName(column)));
    }

    /** The column {@code column} of the rows with {@code type}: the table's own field where it has one. */
    Field<?> column(String column, DatabaseSchema schema) {
        Field<?> own = table.field(column);
        if (own != null && own.getName().equals(column)) {
            return own;
        }
        org.jooq.DataType<?> type = schema.table(name).flatMap(t -> t.column(column)).map(Column::type)
                .map(PgDataTypes::of).orElse(org.jooq.impl.SQLDataType.OTHER);
        return DSL.field(rows.append(DSL.quotedName(column)), type);
    }

    /** The field {@code f} as {@code column} of these rows, keeping its data type (converters, bindings). */
    Field<?> column(String column, Field<?> f) {
        if (f.getQualifiedName().equals(rows.append(DSL.quotedName(column))) || isUnqualified(f)) {
            return f;
        }
        return DSL.field(rows.append(DSL.quotedName(column)), f.getDataType());
    }

    private static boolean isUnqualified(Field<?> f) {
        return f.getQualifiedName().getName().length == 1;
    }

    /**
     * The column {@code f} names, when it is a column reference ({@link TableField}, which includes
     * {@code DSL.field(DSL.name(...))}) of these rows: unqualified, qualified by the alias, or (unaliased) by the
     * table's name.
     */
    Optional<String> columnOf(Field<?> f) {
        return columnOf(f, false);
    }

    /**
     * Like {@link #columnOf(Field)}; with {@code anyReference}, a column qualified by the table's own name counts even
     * when the rows are aliased (the target columns of an INSERT or of a SET, which PostgreSQL names unqualified).
     */
    Optional<String> columnOf(Field<?> f, boolean anyReference) {
        if (!(f instanceof TableField<?, ?>)) {
            return Optional.empty();
        }
        String[] parts = f.getQualifiedName().getName();
        if (parts.length == 0) {
            return Optional.empty();
        }
        String column = parts[parts.length - 1];
        if (parts.length == 1) {
            return Optional.of(column);
        }
        String[] qualifier = Arrays.copyOf(parts, parts.length - 1);
        if (Arrays.equals(qualifier, rows.getName())) {
            return Optional.of(column);
        }
        if ((!aliased || anyReference) && qualifier.length <= 2
                && JooqNames.toQualifiedName(DSL.name(qualifier)).equals(name)) {
            return Optional.of(column);
        }
        return Optional.empty();
    }

    /**
     * The column {@code f} names, or a {@link ColumnNotAllowedException} for a field that is not a column of these
     * rows (an expression, a plain SQL field, an alias, a column of another table).
     */
    String requireColumn(Field<?> f, String role, Operation operation) {
        return requireColumn(f, role, operation, false);
    }

    private String requireColumn(Field<?> f, String role, Operation operation, boolean anyReference) {
        return columnOf(f, anyReference).orElseThrow(() -> new ColumnNotAllowedException(role, name, operation, f.getName(),
                "only columns of " + rows + " can be used here, not " + describe(f)));
    }

    private static String describe(Field<?> f) {
        String s = f instanceof TableField<?, ?> ? "a column of " + DSL.name(Arrays.copyOf(f.getQualifiedName().getName(),
                Math.max(0, f.getQualifiedName().getName().length - 1))) : "the expression " + f;
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    /**
     * A caller's row or SET map as column → value: keys are column names or column fields of these rows; values as
     * {@link dev.hasuraperms.enforce.ColumnValues} reads them, jOOQ {@link Param}s and values of the field's user type
     * (through its converter) included.
     */
    Map<String, Object> columnMap(Map<?, ?> values, String role, Operation operation) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : values.entrySet()) {
            Object key = e.getKey();
            String column;
            Object value = e.getValue();
            if (key instanceof String s) {
                column = s;
            } else if (key instanceof Field<?> f) {
                column = requireColumn(f, role, operation, true);
                value = JooqValues.toDatabase(f, value);
            } else {
                throw new IllegalArgumentException("a column is named by a String or a Field, not " + key);
            }
            if (out.containsKey(column)) {
                throw new IllegalArgumentException("column " + column + " is given twice");
            }
            out.put(column, JooqValues.plain(value));
        }
        return out;
    }

    @Override
    public String toString() {
        return table.toString();
    }
}
