package dev.hasuraperms.enforce;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.names.QualifiedName;

/**
 * An aggregate read applies a function to a column whose type Hasura does not offer it for ({@code sum} of a text
 * column, {@code max} of a boolean one), or that PostgreSQL cannot compute for it. Thrown before any SQL runs.
 */
public final class AggregateNotApplicableException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /**
     * A refusal.
     *
     * @param table    the table
     * @param function the aggregate function
     * @param column   the column
     * @param why      why the function does not apply
     */
    public AggregateNotApplicableException(QualifiedName table, Aggregate.Function function, String column, String why) {
        super(DiagnosticCode.AGGREGATE_NOT_APPLICABLE, "aggregate " + function.key() + " does not apply to column "
                + column + " of " + table + ": " + why);
    }
}
