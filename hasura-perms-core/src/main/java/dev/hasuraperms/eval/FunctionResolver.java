package dev.hasuraperms.eval;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import java.util.List;

/**
 * Evaluates the SQL functions of computed fields, which the evaluator cannot run itself. Arguments are the
 * evaluated argument expressions: a {@link Row} for a table-row argument, a {@link dev.hasuraperms.json.JsonValue}
 * for the session argument, canonical Java values otherwise ({@link dev.hasuraperms.types.SqlNull#INSTANCE} for
 * NULL). Without a resolver, a predicate that calls a function is refused with {@link UnsupportedInMemoryException}.
 */
public interface FunctionResolver {

    /**
     * {@return the result of the scalar function {@code function} (a value the evaluator normalises for {@code returnType};
     * {@code SqlNull.INSTANCE} or Java {@code null} for NULL)}
     *
     * @param function the function's name; never null
     * @param arguments the arguments, in order (SqlNull for NULL); never null
     * @param returnType the function's return type; never null
     */
    Object call(QualifiedName function, List<Object> arguments, PgType returnType);

    /**
     * {@return the rows the set-returning function {@code function} returns (rows of {@code returnsTable})}
     *
     * @param function the function's name; never null
     * @param arguments the arguments, in order (SqlNull for NULL); never null
     * @param returnsTable the table whose rows the function returns; never null
     */
    Iterable<Row> rows(QualifiedName function, List<Object> arguments, QualifiedName returnsTable);
}
