package dev.hasuraperms.jooq;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * PostgreSQL's rules for names: identifiers are at most {@code NAMEDATALEN - 1 = 63} bytes, and the names it makes up
 * for unnamed constraints and indexes ({@code makeObjectName}, {@code ChooseRelationName},
 * {@code ChooseConstraintName} in {@code src/backend/commands/indexcmds.c} and {@code catalog/pg_constraint.c}).
 * Lengths are in bytes of UTF-8, and names are never cut inside a character ({@code pg_mbcliplen}).
 */
final class PgNames {

    /** PostgreSQL's {@code NAMEDATALEN}. */
    static final int NAMEDATALEN = 64;

    private PgNames() {
    }

    /** An identifier as PostgreSQL keeps it: at most 63 bytes ({@code truncate_identifier}). */
    static String truncate(String identifier) {
        return clip(identifier, NAMEDATALEN - 1);
    }

    /** The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes that does not split a character. */
    static String clip(String s, int maxBytes) {
        if (utf8Length(s) <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = utf8Length(new String(Character.toChars(cp)));
            if (bytes + len > maxBytes) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * {@code makeObjectName(name1, name2, label)}: {@code name1_name2_label} (without {@code name2} when it is null),
     * shortening the longer of {@code name1} and {@code name2} one byte at a time until the whole fits in 63 bytes.
     */
    static String makeObjectName(String name1, String name2, String label) {
        int overhead = 0;
        int name1chars = utf8Length(name1);
        int name2chars = 0;
        if (name2 != null) {
            name2chars = utf8Length(name2);
            overhead++;
        }
        if (label != null) {
            overhead += utf8Length(label) + 1;
        }
        int availchars = NAMEDATALEN - 1 - overhead;
        while (name1chars + name2chars > availchars) {
            if (name1chars > name2chars) {
                name1chars--;
            } else {
                name2chars--;
            }
        }
        StringBuilder sb = new StringBuilder(clip(name1, name1chars));
        if (name2 != null) {
            sb.append('_').append(clip(name2, name2chars));
        }
        if (label != null) {
            sb.append('_').append(label);
        }
        return sb.toString();
    }

    /**
     * The column part of a made-up name ({@code ChooseIndexNameAddition},
     * {@code ChooseForeignKeyConstraintNameAddition}): the names joined with {@code _}, stopping once 64 bytes are
     * reached.
     */
    static String nameAddition(List<String> names) {
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (String name : names) {
            if (bytes > 0) {
                sb.append('_');
                bytes++;
            }
            String part = clip(name, NAMEDATALEN - 1);
            sb.append(part);
            bytes += utf8Length(part);
            if (bytes >= NAMEDATALEN) {
                break;
            }
        }
        return sb.toString();
    }

    /**
     * The first of {@code name1_name2_label}, {@code name1_name2_label1}, {@code name1_name2_label2}, ... that is not
     * {@code taken} ({@code ChooseRelationName} and {@code ChooseConstraintName}, which differ only in what counts as
     * taken).
     */
    static String choose(String name1, String name2, String label, Predicate<String> taken) {
        String candidate = makeObjectName(name1, name2, label);
        int pass = 0;
        while (taken.test(candidate)) {
            pass++;
            candidate = makeObjectName(name1, name2, label + pass);
        }
        return candidate;
    }
}
