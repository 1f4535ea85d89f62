package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A permission's {@code validate_input} (Hasura v2.29 and later, on insert, update and delete permissions): before the
 * write, Hasura POSTs the mutation's input to an HTTP webhook and refuses the write when the webhook answers 400 with
 * a message. Read as Hasura's {@code ValidateInput} / {@code ValidateInputHttpDefinition}
 * ({@code server/src-lib/Hasura/RQL/Types/Permission.hs}); only {@code type: http} exists.
 *
 * <p>This library makes no HTTP call itself: the host registers a {@link dev.hasuraperms.enforce.InputValidator}
 * ({@link dev.hasuraperms.check.CheckOptions#withInputValidator}), which receives this definition with Hasura's
 * payload. Without one, a permission with {@code validate_input} is refused at check time
 * ({@code NO_INPUT_VALIDATOR}).
 *
 * @param url                  {@code definition.url}, as written ({@code {{ENV}}} templates are not resolved)
 * @param headers              {@code definition.headers} (default none)
 * @param timeoutSeconds       {@code definition.timeout} in seconds (default 10)
 * @param forwardClientHeaders {@code definition.forward_client_headers} (default false)
 * @param json                 the {@code validate_input} object as written (for writing metadata back)
 * @param origin               where the {@code validate_input} object was read
 */
public record ValidateInput(String url, List<Header> headers, int timeoutSeconds, boolean forwardClientHeaders,
                            JsonValue json, Origin origin) {

    /** The only type Hasura has. */
    public static final String HTTP = "http";

    /** Hasura's default timeout, in seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;

    /**
     * One configured header: a {@code value}, or the name of an environment variable that holds it
     * ({@code value_from_env}); exactly one of the two is present.
     *
     * @param name the header's name
     * @param value the header's value, when given literally
     * @param valueFromEnv the environment variable holding the value, when given so
     */
    public record Header(String name, Optional<String> value, Optional<String> valueFromEnv) {

        /**
         * Creates the record: checks that the components are not null, validates them.
         *
         * @param name the header's name
         * @param value the header's value, when given literally
         * @param valueFromEnv the environment variable holding the value, when given so
         * @throws NullPointerException when a component is null
         * @throws IllegalArgumentException when a component is not valid (see the message)
         */
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(valueFromEnv, "valueFromEnv");
            if (value.isPresent() == valueFromEnv.isPresent()) {
                throw new IllegalArgumentException("a header has exactly one of value and value_from_env");
            }
        }
    }

    /**
     * Creates the record: checks that the components are not null, validates them, and keeps immutable copies of the
     * collections.
     *
     * @param url {@code definition.url}, as written ({@code {{ENV}}} templates are not resolved)
     * @param headers {@code definition.headers} (default none)
     * @param timeoutSeconds {@code definition.timeout} in seconds (default 10)
     * @param forwardClientHeaders {@code definition.forward_client_headers} (default false)
     * @param json the {@code validate_input} object as written (for writing metadata back)
     * @param origin where the {@code validate_input} object was read
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a component is not valid (see the message)
     */
    public ValidateInput {
        Objects.requireNonNull(url, "url");
        headers = List.copyOf(headers);
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("a timeout cannot be negative: " + timeoutSeconds);
        }
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(origin, "origin");
    }

    /** {@return the webhook type: always {@value #HTTP}} */
    public String type() {
        return HTTP;
    }
}
