package dev.hasuraperms.eval;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import java.util.Map;
import java.util.Objects;

/**
 * One row as the evaluator reads it: a value per column name. Values may be of any type the evaluator normalises
 * (see {@link Evaluator}): the canonical Java types of {@link dev.hasuraperms.types.PgValues}, what pgjdbc's
 * {@code getObject} returns, or the PostgreSQL text form as a {@link String}. SQL NULL is
 * {@link dev.hasuraperms.types.SqlNull#INSTANCE} (a Java {@code null} in a map means NULL too).
 *
 * <p>Implement this interface to evaluate over your own row objects; {@link #of(Map)} and {@link #of(Object)} cover
 * maps, records and beans.
 */
public interface Row {

    /**
     * {@return the value of {@code column}: {@link dev.hasuraperms.types.SqlNull#INSTANCE} for NULL, never Java {@code null}}
     *
     * @param column the column's name; never null
     * @throws EvaluationException with code {@link DiagnosticCode#MISSING_ROW_COLUMN} when the row has no such column
     */
    Object get(String column);

    /**
     * {@return a row backed by a copy of {@code values}: a key absent from the map is a missing column (an error when the
     * predicate reads it), a key mapped to {@code null} is SQL NULL}
     *
     * @param values column names and values; never null
     */
    static Row of(Map<String, ?> values) {
        return new MapRow(values);
    }

    /**
     * {@return a row read from {@code bean}: a {@link Map} (as {@link #of(Map)}), a {@link Row} (itself), a record (its
     * components) or any other object (its public getters {@code getX()}/{@code isX()} and public no-argument
     * accessors {@code x()})} The properties are read once, now. A column {@code user_id} is found as the property
     * {@code user_id} or, failing that, {@code userId}.
     *
     * @param bean the object; never null
     * @throws EvaluationException with code {@link DiagnosticCode#INVALID_ROW_VALUE} when a property cannot be read
     */
    static Row of(Object bean) {
        Objects.requireNonNull(bean, "bean");
        if (bean instanceof Row r) {
            return r;
        }
        if (bean instanceof Map<?, ?> m) {
            return MapRow.fromAnyMap(m);
        }
        return BeanRows.read(bean);
    }
}
