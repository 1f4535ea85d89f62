package dev.hasuraperms.jdbc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an insert, update or delete of {@link SecureJdbc} did.
 *
 * @param affectedRows the rows written or deleted (for an upsert: inserted plus updated; rows skipped by
 *                     {@code DO NOTHING} or by the update filter are not counted)
 * @param returning    the requested columns of every affected row, in column order as requested ({@code getObject}
 *                     values); empty when no columns were requested
 */
public record WriteResult(int affectedRows, List<Map<String, Object>> returning) {

    /**
     * A result; {@code returning} is copied, each row unmodifiable in its order.
     *
     * @param affectedRows the rows written or deleted (for an upsert: inserted plus updated; rows skipped by
     *                     {@code DO NOTHING} or by the update filter are not counted)
     * @param returning    the requested columns of every affected row, in column order as requested ({@code getObject}
     *                     values); empty when no columns were requested
     * @throws IllegalArgumentException when {@code affectedRows} is negative
     */
    public WriteResult {
        if (affectedRows < 0) {
            throw new IllegalArgumentException("affectedRows cannot be negative");
        }
        returning = returning.stream()
                .map(r -> Collections.unmodifiableMap(new LinkedHashMap<>(r)))
                .toList();
    }
}
