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

    /**
     * Runs {@code work} with {@code session} as the current session, restoring the previous one afterwards (also
     * when {@code work} throws).
     *
     * @param session the session to set on this thread
     * @param work    the code to run
     * @param <T>     the type of the result
     * @return what {@code work} returns
     * @throws NullPointerException when {@code session} is null
     */
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

    /**
     * Runs {@code work} with {@code session} as the current session, restoring the previous one afterwards.
     *
     * @param session the session to set on this thread
     * @param work    the code to run
     * @throws NullPointerException when {@code session} is null
     */
    public static void runAs(Session session, Runnable work) {
        callAs(session, () -> {
            work.run();
            return null;
        });
    }

    /**
     * The session set by {@link #callAs} or {@link #runAs} on this thread, if any.
     *
     * @return the session, or empty outside {@code callAs}/{@code runAs}
     */
    public static Optional<Session> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * A resolver that answers the session of {@link #callAs} when there is one, else asks {@code fallback}.
     *
     * @param fallback the resolver asked outside {@code callAs}/{@code runAs} (for example the JWT resolver)
     * @return the overriding resolver, never null
     * @throws NullPointerException when {@code fallback} is null
     */
    public static SessionResolver overriding(SessionResolver fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return () -> {
            Session s = CURRENT.get();
            return s != null ? s : fallback.resolve();
        };
    }
}
