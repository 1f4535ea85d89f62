package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.names.QualifiedName;
import java.util.Objects;

/**
 * {@code _exists: {_table: ..., _where: ...}}: TRUE when some row of {@code table} satisfies {@code where}. There is
 * no join condition except what {@code where} says (usually through {@code ["$", col]} root references). The
 * table's own select permission is not applied.
 *
 * @param table the table of {@code _table}
 * @param where the condition of {@code _where} on its rows
 * @param origin where the expression was read
 */
public record ExistsExp(QualifiedName table, BoolExp where, Origin origin) implements BoolExp {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param table the table of {@code _table}
     * @param where the condition of {@code _where} on its rows
     * @param origin where the expression was read
     * @throws NullPointerException when a component is null
     */
    public ExistsExp {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(origin, "origin");
    }
}
