package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Diagnostic;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The result of parsing one interpretation of a value: the parsed form, or the diagnostics saying why the value
 * cannot be read that way.
 *
 * @param <T> the parsed form
 */
public sealed interface Parsed<T> permits Parsed.Ok, Parsed.Failed {

    /**
     * {@return a successful parse}
     *
     * @param <T> the type of the parsed value
     * @param value the parsed value; never null
     */
    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    /**
     * {@return a failed parse}
     *
     * @param <T> the type of the parsed value
     * @param diagnostics why parsing failed; not empty
     */
    static <T> Parsed<T> failed(List<Diagnostic> diagnostics) {
        List<Diagnostic> copy = List.copyOf(diagnostics);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a failed parse needs a diagnostic");
        }
        return new Failed<>(() -> copy);
    }

    /**
     * {@return a failed parse whose diagnostics are only worked out when asked for: interpretations of a key that the
     * schema does not choose fail all the time, and their messages are rarely read}
     *
     * @param <T> the type of the parsed value
     * @param diagnostics computes why parsing failed (a non-empty list); never null
     */
    static <T> Parsed<T> failedLazily(java.util.function.Supplier<List<Diagnostic>> diagnostics) {
        return new Failed<>(diagnostics);
    }

    /** {@return whether parsing succeeded} */
    boolean isOk();

    /** {@return the parsed value; throws when parsing failed} */
    T value();

    /**
     * Why parsing failed (empty on success).
     *
     * @return the diagnostics, never null
     */
    List<Diagnostic> diagnostics();

    /**
     * A successful parse.
     *
     * @param value the parsed value
     */
    record Ok<T>(T value) implements Parsed<T> {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param value the parsed value
         * @throws NullPointerException when a component is null
         */
        public Ok {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public List<Diagnostic> diagnostics() {
            return List.of();
        }
    }

    /**
     * A failed parse. Two failures are equal whatever their diagnostics (they derive from equal input).
     *
     * @param reason why parsing failed
     */
    record Failed<T>(java.util.function.Supplier<List<Diagnostic>> reason) implements Parsed<T> {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param reason why parsing failed
         * @throws NullPointerException when a component is null
         */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public List<Diagnostic> diagnostics() {
            return reason.get();
        }

        @Override
        public boolean isOk() {
            return false;
        }

        @Override
        public T value() {
            throw new NoSuchElementException("parse failed: " + diagnostics().get(0).render());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Failed;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }
}
