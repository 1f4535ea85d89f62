package dev.hasuraperms.jooq;

import java.util.Objects;
import org.jooq.Record;
import org.jooq.Result;

/**
 * What an enforced write did: how many rows it wrote, and the rows it returns.
 *
 * @param affectedRows the rows inserted, updated or deleted (Hasura's {@code affected_rows}): an upsert counts the
 *                     rows it inserted and those it updated, not the conflicting rows it left alone
 * @param returning    the written rows with the fields asked for in {@code returning(...)}, in the order written;
 *                     an empty result without fields when none were asked for
 */
public record WriteResult(int affectedRows, Result<Record> returning) {

    /**
     * A result.
     *
     * @param affectedRows the rows inserted, updated or deleted (Hasura's {@code affected_rows}): an upsert counts the
     *                     rows it inserted and those it updated, not the conflicting rows it left alone
     * @param returning    the written rows with the fields asked for in {@code returning(...)}, in the order written;
     *                     an empty result without fields when none were asked for
     * @throws NullPointerException when {@code returning} is null
     */
    public WriteResult {
        Objects.requireNonNull(returning, "returning");
    }
}
