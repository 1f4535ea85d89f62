package dev.hasuraperms.boolexp;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A session variable, by its lower-cased name ({@code x-hasura-user-id}). Names are case-insensitive: {@code
 * X-Hasura-User-Id}, {@code x-hasura-user-id} and {@code X-HASURA-USER-ID} are the same variable.
 *
 * @param name the lower-cased name, starting with {@code x-hasura-}
 */
public record SessionVariable(String name) implements Comparable<SessionVariable> {

    /** The prefix every session variable name starts with. */
    public static final String PREFIX = "x-hasura-";

    /** Hasura's legacy spelling of {@code x-hasura-user-id}. */
    public static final String LEGACY_USER_ID = "REQ_USER_ID";

    /**
     * Creates the record: checks that the components are not null, validates them.
     *
     * @param name the lower-cased name, starting with {@code x-hasura-}
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a component is not valid (see the message)
     */
    public SessionVariable {
        Objects.requireNonNull(name, "name");
        if (!isSessionVariableName(name) || !name.equals(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a lower-cased session variable name: " + name);
        }
    }

    /**
     * {@return the variable called {@code name} (any case)}
     *
     * @param name the name, e.g. {@code X-Hasura-User-Id}; never null
     */
    public static SessionVariable of(String name) {
        return new SessionVariable(name.toLowerCase(Locale.ROOT));
    }

    /**
     * {@return whether {@code s} names a session variable: it starts with {@code x-hasura-} in any case}
     *
     * @param s the text; never null
     */
    public static boolean isSessionVariableName(String s) {
        if (s.length() < PREFIX.length()) {
            return false;
        }
        // ASCII case folding only, as Hasura lower-cases names: 'ſ' (U+017F) must not count as 's'.
        for (int i = 0; i < PREFIX.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != PREFIX.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return the session variable a permission value refers to: a whole string that starts with {@code x-hasura-}
     * (case-insensitive), or the legacy {@code REQ_USER_ID}}
     *
     * @param value a string value from a permission; never null
     */
    public static Optional<SessionVariable> fromReference(String value) {
        if (isSessionVariableName(value)) {
            return Optional.of(of(value));
        }
        if (LEGACY_USER_ID.equals(value)) {
            return Optional.of(new SessionVariable("x-hasura-user-id"));
        }
        return Optional.empty();
    }

    @Override
    public int compareTo(SessionVariable o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
