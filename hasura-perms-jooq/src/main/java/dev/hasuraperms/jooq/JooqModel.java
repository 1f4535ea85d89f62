package dev.hasuraperms.jooq;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Meta;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The queries given to jOOQ's DDL interpreter so far, and the {@link Meta} they produce.
 *
 * <p>jOOQ interprets a whole list of queries at once and stops at the first one it cannot apply, so the model is
 * interpreted lazily: when {@link #meta} is asked for and the interpretation fails, the first failing query is found
 * by bisection over prefixes of the list, every query of the same statement is removed (a statement is applied
 * entirely or not at all, as in PostgreSQL), the failure is reported, and the interpretation is tried again.
 */
final class JooqModel {

    /** Told about a statement jOOQ could not apply. */
    interface FailureListener {
        void failed(Object owner, boolean silent, String message);
    }

    private record Applied(Query query, Object owner, boolean silent) {
    }

    private final DSLContext ctx;
    private final FailureListener listener;
    private final List<Applied> applied = new ArrayList<>();
    /** The length of the prefix of {@link #applied} known to be interpreted without error. */
    private int verified;
    private Meta cached;
    private Meta lastMeta;
    private int cachedSize = -1;

    JooqModel(FailureListener listener) {
        this.listener = listener;
        // Every name in the SQL given to jOOQ is quoted and qualified, so the default settings do.
        this.ctx = DSL.using(SQLDialect.POSTGRES);
    }

    /**
     * Parses the canonical SQL of one statement and queues it for interpretation.
     *
     * @param sql    the queries (all names quoted and schema-qualified)
     * @param owner  the statement they come from
     * @param silent whether a failure is dropped without a diagnostic
     * @return null, or the parser's message when jOOQ cannot parse one of them (nothing is queued then)
     */
    String add(List<String> sql, Object owner, boolean silent) {
        List<Query> queries = new ArrayList<>();
        for (String s : sql) {
            try {
                queries.add(ctx.parser().parseQuery(s));
            } catch (RuntimeException e) {
                return message(e);
            }
        }
        for (Query q : queries) {
            applied.add(new Applied(q, owner, silent));
        }
        return null;
    }

    /** The model of everything applied so far. */
    Meta meta() {
        if (cached != null && cachedSize == applied.size()) {
            return cached;
        }
        while (true) {
            String failure = tryInterpret(applied.size());
            if (failure == null) {
                verified = applied.size();
                cached = lastMeta;
                cachedSize = applied.size();
                return cached;
            }
            int lo = verified;
            int hi = applied.size();
            String hiFailure = failure;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                String f = tryInterpret(mid);
                if (f == null) {
                    lo = mid;
                } else {
                    hi = mid;
                    hiFailure = f;
                }
            }
            Applied bad = applied.get(hi - 1);
            applied.removeIf(a -> a.owner() == bad.owner());
            verified = Math.min(verified, applied.size());
            listener.failed(bad.owner(), bad.silent(), hiFailure);
        }
    }

    private Meta interpret(int prefix) {
        Query[] qs = new Query[prefix];
        for (int i = 0; i < prefix; i++) {
            qs[i] = applied.get(i).query();
        }
        Meta m = ctx.meta(qs);
        m.getSchemas();
        return m;
    }

    /** Null when the first {@code prefix} queries interpret without error, else the error message. */
    private String tryInterpret(int prefix) {
        try {
            lastMeta = interpret(prefix);
            return null;
        } catch (RuntimeException e) {
            return message(e);
        }
    }

    /** The first line of an exception's message, without the query jOOQ appends. */
    static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int q = m.indexOf(". Query:");
        if (q < 0) {
            q = m.indexOf("Query:");
        }
        if (q >= 0) {
            m = m.substring(0, q);
        }
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        m = m.strip();
        return m.isEmpty() ? e.getClass().getSimpleName() : m;
    }
}
