package dev.hasuraperms.metadata;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.JsonValue;
import java.util.Objects;

/** A column preset ({@code set}): a literal, or a session variable resolved per request. */
public sealed interface Preset permits Preset.Literal, Preset.FromSession {

    /**
     * Where the preset value was read.
     *
     * @return the origin, never null
     */
    Origin origin();

    /**
     * A literal value, typed for its column by the checker.
     *
     * @param value the value as written
     */
    record Literal(JsonValue value) implements Preset {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param value the value as written
         * @throws NullPointerException when a component is null
         */
        public Literal {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Origin origin() {
            return value.origin();
        }
    }

    /**
     * A string naming a session variable ({@code "X-Hasura-User-Id"}).
     *
     * @param variable the session variable
     * @param origin where the preset value was read
     */
    record FromSession(SessionVariable variable, Origin origin) implements Preset {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param variable the session variable
         * @param origin where the preset value was read
         * @throws NullPointerException when a component is null
         */
        public FromSession {
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(origin, "origin");
        }
    }
}
