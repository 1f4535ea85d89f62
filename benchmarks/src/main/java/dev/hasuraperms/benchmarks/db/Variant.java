package dev.hasuraperms.benchmarks.db;

/** The SQL variants run for every query, on the same data. */
enum Variant {
    OURS("ours", "our SQL, optimizer on"),
    OURS_UNOPTIMIZED("ours (optimizer off)", "our SQL, optimizer off"),
    HAND("hand-written", "the best hand-written SQL (joins / UNION)"),
    HAND_ANY("hand-written (= ANY)", "hand-written with fk = ANY (ARRAY (SELECT ...)) per branch"),
    HASURA("Hasura v2", "the SQL Hasura v2 emits: EXISTS per relationship, session variables from a json parameter"),
    RLS("RLS", "a row-level-security policy reading current_setting(...) bare"),
    RLS_WRAPPED("RLS (select-wrapped)", "the same policy with (SELECT current_setting(...)) so it is evaluated once");

    final String label;
    final String description;

    Variant(String label, String description) {
        this.label = label;
        this.description = description;
    }

    boolean handWritten() {
        return this == HAND || this == HAND_ANY;
    }
}
