package dev.hasuraperms.jooq;

import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.Field;

/**
 * What a write returns: nothing, the fields the caller names (columns of the role's select permission), or every
 * column of the select permission. Immutable.
 */
final class Returning {

    static final Returning NONE = new Returning(List.of(), false);

    /**
     * Resolved for one statement.
     *
     * @param resultFields the fields of the caller's result (the caller's own, or the table's columns)
     * @param rendered     the same, as written in RETURNING (naming the statement's rows)
     */
    record Resolved(List<Field<?>> resultFields, List<Field<?>> rendered) {
    }

    private final List<Field<?>> fields;
    private final boolean readable;

    private Returning(List<Field<?>> fields, boolean readable) {
        this.fields = fields;
        this.readable = readable;
    }

    static Returning of(List<? extends Field<?>> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("name at least one field to return (or use returningReadable())");
        }
        for (Field<?> f : fields) {
            Objects.requireNonNull(f, "field");
        }
        return new Returning(List.copyOf(fields), false);
    }

    static Returning readable() {
        return new Returning(List.of(), true);
    }

    /** The fields, checked against the role's select permission. */
    Resolved resolve(SecureDsl secure, TableRef table, SessionValues session) {
        if (readable) {
            SelectRule rule = secure.checked().select(table.name(), session.role()).orElseThrow(() ->
                    new PermissionDeniedException(session.role(), table.name(), Operation.SELECT,
                            "returning rows needs a select permission"));
            refuseRedacted(rule, rule.columns());
            List<Field<?>> out = new ArrayList<>();
            for (String c : rule.columns()) {
                out.add(table.column(c, secure.checked().schema()));
            }
            return new Resolved(out, out);
        }
        if (fields.isEmpty()) {
            return new Resolved(List.of(), List.of());
        }
        List<String> known = new ArrayList<>();
        for (Field<?> f : fields) {
            table.columnOf(f).ifPresent(known::add);
        }
        secure.enforcement().returning(table.name(), session, known);
        List<String> columns = new ArrayList<>();
        for (Field<?> f : fields) {
            columns.add(table.requireColumn(f, session.role(), Operation.SELECT));
        }
        secure.checked().select(table.name(), session.role()).ifPresent(rule -> refuseRedacted(rule, columns));
        List<Field<?>> rendered = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            rendered.add(table.column(columns.get(i), fields.get(i)));
        }
        return new Resolved(fields, rendered);
    }

    /** Refuses the redacted columns of {@code rule} (inherited roles): the rows a write returns are not redacted. */
    private static void refuseRedacted(SelectRule rule, List<String> columns) {
        for (String c : columns) {
            if (rule.redactions().containsKey(c)) {
                throw new ColumnNotAllowedException(rule.role(), rule.table(), Operation.SELECT, c,
                        "it is readable only with cell redaction (an inherited role), which the rows a write returns"
                                + " do not apply");
            }
        }
    }
}
