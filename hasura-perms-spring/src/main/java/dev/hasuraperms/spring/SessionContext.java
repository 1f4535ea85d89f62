package dev.hasuraperms.spring;

import dev.hasuraperms.session.Session;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A session set explicitly for a block of code on the current thread. It takes precedence over the configured
 * {@link SessionResolver} (the auto-configuration wraps the resolver with {@link #overriding}), which is how
 * background jobs, which have no request, and tests run with a given role.
 */
public final class SessionContext {

    private static final ThreadLocal<Session> CURRENT = new ThreadLocal<>();

    private SessionContext() {
    }

    /** Runs {@code work} with {@code session} as the current session, restoring the previous one afterwards. */
    public static <T> T callAs(Session session, Supplier<T> work) {
        Objects.requireNonNull(session, "session");
        Session previous = CURRENT.get();
        CURRENT.set(session);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Runs {@code work} with {@code session} as the current session. */
    public static void runAs(Session session, Runnable work) {
        callAs(session, () -> {
            work.run();
            return null;
        });
    }

    /** The session set by {@link #callAs} on this thread, if any. */
    public static Optional<Session> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** A resolver that answers the session of {@link #callAs} when there is one, else asks {@code fallback}. */
    public static SessionResolver overriding(SessionResolver fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return () -> {
            Session s = CURRENT.get();
            return s != null ? s : fallback.resolve();
        };
    }
}
