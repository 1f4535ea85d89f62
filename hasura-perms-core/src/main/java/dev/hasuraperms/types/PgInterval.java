package dev.hasuraperms.types;

/**
 * A PostgreSQL interval: months, days and microseconds kept apart, as PostgreSQL keeps them. Two intervals compare
 * as PostgreSQL compares them: by {@link #comparisonKey()}, counting a month as 30 days and a day as 24 hours.
 */
public record PgInterval(int months, int days, long micros) implements Comparable<PgInterval> {

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /** {@return the value PostgreSQL orders and compares intervals by (in microseconds, as a 128-bit-safe double-free sum)} */
    public java.math.BigInteger comparisonKey() {
        return java.math.BigInteger.valueOf(months).multiply(java.math.BigInteger.valueOf(30L * MICROS_PER_DAY))
                .add(java.math.BigInteger.valueOf(days).multiply(java.math.BigInteger.valueOf(MICROS_PER_DAY)))
                .add(java.math.BigInteger.valueOf(micros));
    }

    @Override
    public int compareTo(PgInterval o) {
        return comparisonKey().compareTo(o.comparisonKey());
    }

    /**
     * PostgreSQL's equality: equal comparison keys ({@code '1 month'} = {@code '30 days'}).
     *
     * @param o the other interval; never null
     * @return whether PostgreSQL's {@code =} is true for the two
     */
    public boolean sqlEquals(PgInterval o) {
        return compareTo(o) == 0;
    }

    /**
     * ISO 8601 text PostgreSQL reads back exactly ({@code P1M2DT0.000003S}).
     *
     * @return the ISO text, never null
     */
    public String toIso() {
        StringBuilder sb = new StringBuilder("P");
        sb.append(months).append('M').append(days).append("DT");
        java.math.BigDecimal s = java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        sb.append(s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString()).append('S');
        return sb.toString();
    }

    @Override
    public String toString() {
        return toIso();
    }
}
