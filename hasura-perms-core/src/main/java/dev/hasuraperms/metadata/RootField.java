package dev.hasuraperms.metadata;

import java.util.Optional;

/** The root fields a select permission can expose ({@code query_root_fields}, {@code subscription_root_fields}). */
public enum RootField {
    SELECT("select"), SELECT_BY_PK("select_by_pk"), SELECT_AGGREGATE("select_aggregate"), SELECT_STREAM("select_stream");

    private final String key;

    RootField(String key) {
        this.key = key;
    }

    /** {@return the JSON spelling} */
    public String key() {
        return key;
    }

    /** {@return the root field spelled {@code key}} */
    public static Optional<RootField> fromKey(String key) {
        for (RootField f : values()) {
            if (f.key.equals(key)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
