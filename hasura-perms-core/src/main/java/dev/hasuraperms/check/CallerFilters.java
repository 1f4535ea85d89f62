package dev.hasuraperms.check;

import dev.hasuraperms.boolexp.BoolExp;
import dev.hasuraperms.boolexp.BoolExpParser;
import dev.hasuraperms.boolexp.Parsed;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import java.util.List;

/**
 * Compiles a caller's filter — the boolean-expression language of Hasura's GraphQL {@code where}, given as JSON — into
 * the predicate IR, for the rows of a table that a role reads. The result is meant to be ANDed with the role's select
 * filter (the enforced selects do). As in Hasura (reference §4.10):
 * <ul>
 * <li>it may read only the columns and scalar computed fields of the role's select permission (a column an inherited
 *     role reads under a redaction is compared as the redacted value), wherever it reads them: any operator, the
 *     columns of a related table (under the role's select permission there), an aggregation predicate's arguments and
 *     filter ({@code COLUMN_NOT_ALLOWED});</li>
 * <li>{@code null} is not a value ({@code {"c": {"_eq": null}}}, {@code _in: null}, {@code {"c": null}},
 *     {@code _and: null}, ...: {@code CALLER_FILTER_NULL_VALUE}), and there are no column comparisons ({@code _ceq},
 *     ...: {@code CALLER_FILTER_COLUMN_COMPARISON}) and no {@code _exists}, as in Hasura's GraphQL {@code where};</li>
 * <li>a relationship, an {@code _exists} or a set-returning computed field sees only the rows of its table that the
 *     role's select filter on that table allows, and only if the role has a select permission there;</li>
 * <li>strings are values: {@code "X-Hasura-User-Id"} is that text, not a session variable;</li>
 * <li>aggregation predicates need {@code allow_aggregations} on the aggregated table.</li>
 * </ul>
 */
public final class CallerFilters {

    private CallerFilters() {
    }

    /**
     * {@return the predicate of {@code where} for {@code role}'s reads of {@code table}}
     *
     * @param permissions the checked permissions; never null
     * @param table the table read; never null
     * @param role the caller's role; never null
     * @param where the caller's {@code where}, as Hasura's GraphQL {@code where} argument in JSON; never null
     * @throws PermissionDeniedException   when the role has no select permission on the table
     * @throws InvalidCallerFilterException when the filter is malformed, names what the role may not read, gives
     *                                      {@code null} or a column comparison, or does not type-check (every problem
     *                                      listed)
     */
    public static Predicate compile(CheckedPermissions permissions, QualifiedName table, String role, JsonValue where) {
        if (permissions.select(table, role).isEmpty()) {
            throw permissions.denied(role, table, Operation.SELECT);
        }
        Parsed<BoolExp> parsed = BoolExpParser.defaults().forCallerFilters().parse(where);
        if (!parsed.isOk()) {
            throw new InvalidCallerFilterException(parsed.diagnostics());
        }
        Diagnostics d = new Diagnostics();
        FilterCompiler compiler = new FilterCompiler(permissions.tables(), permissions.schema(), d, false)
                .callerMode(role, t -> permissions.select(t, role));
        Predicate p = compiler.compile(parsed.value(), permissions.table(table).orElseThrow());
        if (!d.all().isEmpty()) {
            throw new InvalidCallerFilterException(d.all());
        }
        return p;
    }

    /** A caller's filter that cannot be compiled: its problems, each with a code, a message and a JSON path. */
    public static final class InvalidCallerFilterException extends HasuraPermsException {

        private static final long serialVersionUID = 1L;

        private final transient List<Diagnostic> diagnostics;

        /**
         * A refusal of a caller's filter.
         *
         * @param diagnostics what is wrong with the filter; not empty
         */
        public InvalidCallerFilterException(List<Diagnostic> diagnostics) {
            super(diagnostics.get(0).code(), message(diagnostics));
            this.diagnostics = List.copyOf(diagnostics);
        }

        private static String message(List<Diagnostic> ds) {
            StringBuilder sb = new StringBuilder("invalid filter: ");
            for (int i = 0; i < ds.size(); i++) {
                Diagnostic d = ds.get(i);
                sb.append(i == 0 ? "" : "; ").append(d.message()).append(" (at ").append(d.jsonPath()).append(')');
            }
            return sb.toString();
        }

        /** {@return every problem, in order} */
        public List<Diagnostic> diagnostics() {
            return diagnostics;
        }
    }
}
