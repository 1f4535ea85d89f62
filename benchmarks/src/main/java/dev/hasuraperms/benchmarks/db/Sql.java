package dev.hasuraperms.benchmarks.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One statement of a benchmark variant: its text with {@code ?} for each parameter, the parameters' types and values
 * (as SQL literals for {@code EXECUTE}), and, for the row-level-security variants, the role to run it as and the
 * {@code app.user_id} setting the policy reads.
 */
record Sql(String text, List<String> types, List<String> args, Optional<String> role, Optional<String> userSetting) {

    Sql {
        types = List.copyOf(types);
        args = List.copyOf(args);
        if (types.size() != args.size()) {
            throw new IllegalArgumentException("types and args differ in number");
        }
    }

    static Sql of(String text) {
        return new Sql(text, List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    /** {@code text} with {@code ?} placeholders, every one bound to {@code value} of {@code type}. */
    static Sql repeated(String text, String type, String value) {
        int n = (int) text.chars().filter(c -> c == '?').count();
        List<String> types = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            types.add(type);
            args.add(value);
        }
        return new Sql(text, types, args, Optional.empty(), Optional.empty());
    }

    /** Row-level security: run {@code text} (no parameters) as {@code role} with {@code app.user_id = user}. */
    static Sql asRole(String text, String role, String user) {
        return new Sql(text, List.of(), List.of(), Optional.of(role), Optional.of(user));
    }

    /** The text with {@code $1, $2, ...} for the placeholders, for {@code PREPARE}. */
    String numbered() {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '?') {
                sb.append('$').append(++n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A SQL string literal. The benchmark's own constants only: the library never does this. */
    static String literal(Object value) {
        return "'" + String.valueOf(value).replace("'", "''") + "'";
    }
}
