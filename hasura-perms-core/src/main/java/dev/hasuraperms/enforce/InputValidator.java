package dev.hasuraperms.enforce;

import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.metadata.ValidateInput;
import dev.hasuraperms.names.QualifiedName;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's stand-in for Hasura's input-validation webhooks ({@code validate_input} on insert, update and delete
 * permissions). This library makes no HTTP call: register an implementation with
 * {@link dev.hasuraperms.check.CheckOptions#withInputValidator} (one that POSTs {@link Request#payload()} to
 * {@link ValidateInput#url()} reproduces Hasura; one that validates in process is just as good). Without one, the
 * checker refuses every permission with {@code validate_input} ({@code NO_INPUT_VALIDATOR}).
 *
 * <p>{@code SecureJdbc} and {@code SecureDsl} call it once per insert (also an upsert: the insert permission's
 * webhook, as Hasura), update or delete whose permission has {@code validate_input}, after the request has passed
 * every other validation and before any statement, inside the write's transaction (or savepoint). A
 * {@link Result#rejected rejection} stops the write: nothing is written, and the caller gets an
 * {@link InputRejectedException} carrying the message (as Hasura returns the webhook's message to the client). An
 * exception the validator throws (or a {@code null} result) stops it too, and reaches the caller (Hasura answers an
 * unreachable or failing webhook with an error and no write). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface InputValidator {

    /**
     * Validates one write.
     *
     * @param request the write, in Hasura's webhook payload form; never null
     * @return {@link Result#ok()} to let the write go on, {@link Result#rejected(String)} to refuse it
     */
    Result validate(Request request);

    /**
     * What Hasura would send to the webhook, and for whom.
     *
     * @param role       the session's role
     * @param session    the session
     * @param table      the written table
     * @param operation  {@link Operation#INSERT}, {@link Operation#UPDATE} or {@link Operation#DELETE}
     * @param definition the permission's {@code validate_input} (URL, headers, timeout, forward_client_headers)
     * @param payload    Hasura's webhook body: {@code {"version": 1, "role", "session_variables", "data": {"input":
     *                   [...]}}} (see docs/enforcement.md for each operation's {@code input})
     */
    record Request(String role, SessionValues session, QualifiedName table, Operation operation,
                   ValidateInput definition, JsonObject payload) {

        /**
         * Creates the record: checks that the components are not null.
         *
         * @param role the session's role
         * @param session the session
         * @param table the written table
         * @param operation {@link Operation#INSERT}, {@link Operation#UPDATE} or {@link Operation#DELETE}
         * @param definition the permission's {@code validate_input} (URL, headers, timeout, forward_client_headers)
         * @param payload Hasura's webhook body: {@code {"version": 1, "role", "session_variables", "data": {"input":
         *     [...]}}} (see docs/enforcement.md for each operation's {@code input})
         * @throws NullPointerException when a component is null
         */
        public Request {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(definition, "definition");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** The validator's answer: ok, or a rejection with the message for the client. */
    final class Result {

        private static final Result OK = new Result(Optional.empty());

        private final Optional<String> rejection;

        private Result(Optional<String> rejection) {
            this.rejection = rejection;
        }

        /** {@return the write may go on (Hasura: the webhook answered 2xx)} */
        public static Result ok() {
            return OK;
        }

        /**
         * {@return the write is refused with {@code message} (Hasura: the webhook answered 400 with {@code
         * {"message"}})}
         *
         * @param message the message the caller sees; never null
         */
        public static Result rejected(String message) {
            return new Result(Optional.of(Objects.requireNonNull(message, "message")));
        }

        /** {@return whether the write may go on} */
        public boolean isOk() {
            return rejection.isEmpty();
        }

        /** {@return the rejection message; empty when ok} */
        public Optional<String> rejection() {
            return rejection;
        }

        @Override
        public String toString() {
            return rejection.map(m -> "rejected: " + m).orElse("ok");
        }
    }
}
