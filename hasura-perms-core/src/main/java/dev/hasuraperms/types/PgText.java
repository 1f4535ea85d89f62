package dev.hasuraperms.types;

import dev.hasuraperms.json.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The PostgreSQL text form of Java values (as {@link PgValues} produces them): what the type's input function reads
 * back as the same value. Backends bind values in this form where JDBC has no exact type (arrays, intervals, jsonb).
 */
public final class PgText {

    private PgText() {
    }

    /**
     * Text PostgreSQL's input function for the value's type reads back as the same value.
     *
     * @param v a value of a {@link PgValues} Java type; never null
     * @return the text, never null
     */
    public static String of(Object v) {
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : d.toString();
        }
        if (v instanceof Float f) {
            return f.isNaN() ? "NaN" : f.isInfinite() ? (f > 0 ? "Infinity" : "-Infinity") : f.toString();
        }
        if (v instanceof JsonValue j) {
            return j.toJson();
        }
        if (v instanceof PgInterval i) {
            return i.toIso();
        }
        if (v instanceof List<?> l) {
            return arrayLiteral(l);
        }
        return String.valueOf(v);
    }

    /**
     * PostgreSQL's text output of the value, as a session with {@code DateStyle = ISO}, {@code IntervalStyle =
     * postgres} and {@code TimeZone = UTC} prints it: {@code 2024-05-01}, {@code 10:00:00}, {@code 10:00:00+02},
     * {@code 2024-05-01 10:00:00}, {@code 2024-05-01 10:00:00+00} (timestamptz in UTC), {@code 1 year 2 mons 3 days
     * 04:05:06.5}; other values as {@link #of(Object)}.
     *
     * @param v a value of a {@link PgValues} Java type; never null
     * @return the text, never null
     */
    public static String output(Object v) {
        if (v instanceof LocalDate d) {
            return date(d);
        }
        if (v instanceof LocalTime t) {
            return time(t);
        }
        if (v instanceof OffsetTime t) {
            return time(t.toLocalTime()) + offset(t.getOffset());
        }
        if (v instanceof LocalDateTime t) {
            return timestamp(t, "");
        }
        if (v instanceof OffsetDateTime t) {
            return timestamp(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), "+00");
        }
        if (v instanceof PgInterval i) {
            return interval(i);
        }
        return of(v);
    }

    private static String date(LocalDate d) {
        int y = d.getYear();
        String ymd = String.format(Locale.ROOT, "%04d-%02d-%02d", y > 0 ? y : 1 - y, d.getMonthValue(), d.getDayOfMonth());
        return y > 0 ? ymd : ymd + " BC";
    }

    private static String time(LocalTime t) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%02d:%02d:", t.getHour(), t.getMinute()));
        seconds(sb, t.getSecond(), t.getNano() / 1000);
        return sb.toString();
    }

    /** {@code SS} and, when there is one, the fraction of microseconds without trailing zeros. */
    private static void seconds(StringBuilder sb, long seconds, long micros) {
        sb.append(String.format(Locale.ROOT, "%02d", seconds));
        if (micros != 0) {
            String f = String.format(Locale.ROOT, "%06d", micros);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
    }

    private static String offset(ZoneOffset o) {
        int s = o.getTotalSeconds();
        int a = Math.abs(s);
        StringBuilder sb = new StringBuilder(s < 0 ? "-" : "+").append(String.format(Locale.ROOT, "%02d", a / 3600));
        if (a % 3600 != 0) {
            sb.append(String.format(Locale.ROOT, ":%02d", a % 3600 / 60));
            if (a % 60 != 0) {
                sb.append(String.format(Locale.ROOT, ":%02d", a % 60));
            }
        }
        return sb.toString();
    }

    private static String timestamp(LocalDateTime t, String zone) {
        LocalDate d = t.toLocalDate();
        String date = date(d);
        boolean bc = date.endsWith(" BC");
        String day = bc ? date.substring(0, date.length() - 3) : date;
        return day + " " + time(t.toLocalTime()) + zone + (bc ? " BC" : "");
    }

    /** {@code EncodeInterval} with {@code INTSTYLE_POSTGRES}. */
    private static String interval(PgInterval i) {
        StringBuilder sb = new StringBuilder();
        boolean[] zeroBefore = {true, false}; // is_zero, is_before
        part(sb, i.months() / 12, "year", zeroBefore);
        part(sb, i.months() % 12, "mon", zeroBefore);
        part(sb, i.days(), "day", zeroBefore);
        long micros = i.micros();
        if (zeroBefore[0] || micros != 0) {
            boolean minus = micros < 0;
            // component by component (each truncated toward zero, as PostgreSQL does), so Long.MIN_VALUE is safe
            long hours = Math.abs(micros / 3_600_000_000L);
            long minutes = Math.abs(micros % 3_600_000_000L / 60_000_000L);
            long secs = Math.abs(micros % 60_000_000L / 1_000_000L);
            long fraction = Math.abs(micros % 1_000_000L);
            if (!zeroBefore[0]) {
                sb.append(' ');
            }
            sb.append(minus ? "-" : zeroBefore[1] ? "+" : "")
                    .append(String.format(Locale.ROOT, "%02d:%02d:", hours, minutes));
            seconds(sb, secs, fraction);
        }
        return sb.toString();
    }

    private static void part(StringBuilder sb, long value, String unit, boolean[] zeroBefore) {
        if (value == 0) {
            return;
        }
        if (!zeroBefore[0]) {
            sb.append(' ');
        }
        if (zeroBefore[1] && value > 0) {
            sb.append('+');
        }
        sb.append(value).append(' ').append(unit).append(value != 1 ? "s" : "");
        zeroBefore[1] = value < 0;
        zeroBefore[0] = false;
    }

    /**
     * {@return a PostgreSQL array literal: every element quoted, NULL for SQL NULL, nested braces for more dimensions}
     *
     * @param elements the elements (lists for nested dimensions, SqlNull for NULL); never null
     */
    public static String arrayLiteral(List<?> elements) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object e = elements.get(i);
            if (e == SqlNull.INSTANCE) {
                sb.append("NULL");
            } else if (e instanceof List<?> inner) {
                sb.append(arrayLiteral(inner));
            } else {
                String t = of(e);
                sb.append('"');
                for (int k = 0; k < t.length(); k++) {
                    char c = t.charAt(k);
                    if (c == '"' || c == '\\') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                sb.append('"');
            }
        }
        return sb.append('}').toString();
    }
}
