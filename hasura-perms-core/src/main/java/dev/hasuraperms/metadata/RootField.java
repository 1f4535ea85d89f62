package dev.hasuraperms.metadata;

import java.util.Optional;

/** The root fields a select permission can expose ({@code query_root_fields}, {@code subscription_root_fields}). */
public enum RootField {
    /** The list query ({@code <table>}). */
    SELECT("select"),
    /** The query by primary key ({@code <table>_by_pk}). */
    SELECT_BY_PK("select_by_pk"),
    /** The aggregate query ({@code <table>_aggregate}). */
    SELECT_AGGREGATE("select_aggregate"),
    /** The streaming subscription ({@code <table>_stream}). */
    SELECT_STREAM("select_stream");

    private final String key;

    RootField(String key) {
        this.key = key;
    }

    /** {@return the JSON spelling} */
    public String key() {
        return key;
    }

    /**
     * {@return the root field spelled {@code key}}
     *
     * @param key the key, e.g. {@code select_by_pk}; never null
     */
    public static Optional<RootField> fromKey(String key) {
        for (RootField f : values()) {
            if (f.key.equals(key)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
