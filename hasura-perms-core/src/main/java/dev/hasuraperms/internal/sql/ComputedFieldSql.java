package dev.hasuraperms.internal.sql;

import dev.hasuraperms.check.ResolvedComputedField;
import dev.hasuraperms.enforce.ComputedFieldArguments;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of a computed field's value for the rows a backend names (scope 0): {@code "s"."f"(<rows>.*, ...)}, with
 * the session as JSON for its session argument and the caller's input arguments in named notation (as Hasura passes
 * them), every value a bind parameter cast to the argument's type.
 */
public final class ComputedFieldSql {

    private ComputedFieldSql() {
    }

    /**
     * The call for {@code field} with the (validated) input arguments {@code given}.
     *
     * @param field       the computed field
     * @param given       the input arguments, from {@link ComputedFieldArguments#read}
     * @param serverMajor the PostgreSQL major version (session value input rules)
     * @return the call's template
     */
    public static SqlTemplate call(ResolvedComputedField field, List<ComputedFieldArguments.Bound> given, int serverMajor) {
        List<SqlRenderer.CallArgument> args = new ArrayList<>();
        // Row and session positionally, up to the last of them; every input argument by name after them. An input
        // argument before the row or the session argument is named too (named notation may follow positional only).
        int positional = Math.max(field.tableArgumentPosition(), field.sessionArgumentPosition().orElse(-1)) + 1;
        boolean inputBefore = false;
        for (ResolvedComputedField.InputArgument a : field.inputArguments()) {
            inputBefore |= a.position() < positional;
        }
        if (!inputBefore) {
            for (int i = 0; i < positional; i++) {
                args.add(new SqlRenderer.CallArgument(Optional.empty(), special(field, i)));
            }
        } else {
            // Every argument by name: the row and session arguments then need names.
            args.add(named(field, field.tableArgumentPosition()));
            field.sessionArgumentPosition().ifPresent(p -> args.add(named(field, p)));
        }
        for (ComputedFieldArguments.Bound b : given) {
            args.add(new SqlRenderer.CallArgument(Optional.of(b.name()), new Expr.Literal(b.type(), b.value())));
        }
        return SqlRenderer.renderCall(field.function(), args, serverMajor);
    }

    private static SqlRenderer.CallArgument named(ResolvedComputedField field, int position) {
        String name = field.arguments().get(position).name().filter(n -> !n.isEmpty()).orElseThrow(() ->
                new IllegalStateException("an unnamed row or session argument after a named input argument"));
        return new SqlRenderer.CallArgument(Optional.of(name), special(field, position));
    }

    private static Expr special(ResolvedComputedField field, int position) {
        if (position == field.tableArgumentPosition()) {
            return new Expr.Row(0, ((PgType.Composite) field.arguments().get(position).type()).name());
        }
        return new Expr.SessionJson(field.arguments().get(position).type());
    }
}
