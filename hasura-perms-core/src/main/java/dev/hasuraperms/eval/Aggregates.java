package dev.hasuraperms.eval;

import dev.hasuraperms.types.PgInterval;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import dev.hasuraperms.types.TypeCategory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The aggregate functions of aggregation predicates, computed as PostgreSQL computes them: NULL inputs skipped, NULL
 * on empty input (count gives 0), numeric division and square root with PostgreSQL's result scale, and the
 * Youngs-Cramer accumulation of the float aggregates (so results agree to the last bit when rows come in the same
 * order).
 */
final class Aggregates {

    static final Set<String> FUNCTIONS = Set.of("count", "sum", "avg", "min", "max", "stddev_samp", "var_samp",
            "bool_and", "bool_or", "corr", "covar_samp");

    private Aggregates() {
    }

    /** Why {@code function} over {@code args} cannot be evaluated, or null when it can. */
    static String unsupported(String function, List<PgType> args, boolean distinct) {
        if (!FUNCTIONS.contains(function)) {
            return "the aggregate function " + function;
        }
        int expected = function.equals("count") ? (args.size() <= 1 ? args.size() : -1)
                : function.equals("corr") || function.equals("covar_samp") ? 2 : 1;
        if (expected != args.size()) {
            return function + " with " + args.size() + " arguments";
        }
        for (PgType t : args) {
            if (!function.equals("count") && !Values.comparable(t)) {
                return function + " of type " + t.displayName();
            }
        }
        if (function.equals("count") && args.size() == 1 && distinct && !Values.comparable(args.get(0))) {
            return "count of type " + args.get(0).displayName();
        }
        TypeCategory c = args.isEmpty() ? null : args.get(0).category();
        switch (function) {
            case "sum":
                return c.isNumeric() || c == TypeCategory.INTERVAL ? null : "sum of type " + args.get(0).displayName();
            case "avg":
            case "stddev_samp":
            case "var_samp":
                return c.isNumeric() ? null : function + " of type " + args.get(0).displayName();
            case "bool_and":
            case "bool_or":
                return c == TypeCategory.BOOLEAN ? null : function + " of type " + args.get(0).displayName();
            case "corr":
            case "covar_samp":
                return c.isNumeric() && args.get(1).category().isNumeric() ? null
                        : function + " of types " + args.get(0).displayName() + ", " + args.get(1).displayName();
            case "min":
            case "max":
                return c == TypeCategory.JSONB || c == TypeCategory.BOOLEAN ? function + " of type "
                        + args.get(0).displayName() : null;
            default:
                return null;
        }
    }

    /**
     * The aggregate over {@code rows} (each the argument values of one row that passed the join and filter).
     *
     * @return the value, {@link SqlNull#INSTANCE} for NULL
     */
    static Object compute(String function, List<PgType> types, List<Object[]> rows, boolean distinct) {
        if (function.equals("count")) {
            if (types.isEmpty()) {
                return (long) rows.size();
            }
            return (long) values(rows, 0, types.get(0), distinct).size();
        }
        if (function.equals("corr") || function.equals("covar_samp")) {
            return regression(function, rows);
        }
        PgType t = types.get(0);
        List<Object> vs = values(rows, 0, t, distinct);
        if (vs.isEmpty()) {
            return SqlNull.INSTANCE;
        }
        switch (function) {
            case "min":
            case "max": {
                Object best = vs.get(0);
                for (Object v : vs) {
                    int c = Values.compare(v, t, best, t);
                    if (function.equals("min") ? c < 0 : c > 0) {
                        best = v;
                    }
                }
                return best;
            }
            case "bool_and":
            case "bool_or": {
                boolean and = function.equals("bool_and");
                boolean acc = and;
                for (Object v : vs) {
                    acc = and ? acc && (Boolean) v : acc || (Boolean) v;
                }
                return acc;
            }
            case "sum":
                return sum(vs, t);
            case "stddev":
                return statistic("stddev_samp", vs, t);
            case "variance":
                return statistic("var_samp", vs, t);
            default:
                return statistic(function, vs, t);
        }
    }

    /** The non-NULL values of argument {@code i}, in row order, or sorted and de-duplicated for DISTINCT. */
    private static List<Object> values(List<Object[]> rows, int i, PgType t, boolean distinct) {
        if (distinct) {
            TreeSet<Object> set = new TreeSet<>((a, b) -> Values.compare(a, t, b, t));
            for (Object[] r : rows) {
                if (r[i] != SqlNull.INSTANCE) {
                    set.add(r[i]);
                }
            }
            return new ArrayList<>(set);
        }
        List<Object> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            if (r[i] != SqlNull.INSTANCE) {
                out.add(r[i]);
            }
        }
        return out;
    }

    private static boolean isFloat4(PgType t) {
        return t instanceof PgType.Base b && b.name().name().equals("float4");
    }

    private static boolean isInt8(PgType t) {
        return t instanceof PgType.Base b && b.name().name().equals("int8");
    }

    private static Object sum(List<Object> vs, PgType t) {
        switch (t.category()) {
            case INTEGER: {
                if (isInt8(t)) {
                    BigInteger s = BigInteger.ZERO;
                    for (Object v : vs) {
                        s = s.add(BigInteger.valueOf(((Number) v).longValue()));
                    }
                    return new BigDecimal(s);
                }
                long s = 0;
                for (Object v : vs) {
                    s += ((Number) v).longValue();
                }
                return s;
            }
            case NUMERIC: {
                BigDecimal s = BigDecimal.ZERO;
                for (Object v : vs) {
                    if (!(v instanceof BigDecimal d)) {
                        throw new UnsupportedInMemoryException("sum of a numeric NaN or Infinity");
                    }
                    s = s.add(d);
                }
                return s;
            }
            case FLOAT: {
                if (isFloat4(t)) {
                    float s = (Float) vs.get(0);
                    for (int i = 1; i < vs.size(); i++) {
                        float x = (Float) vs.get(i);
                        float r = s + x;
                        if (Float.isInfinite(r) && !Float.isInfinite(s) && !Float.isInfinite(x)) {
                            throw overflow("real");
                        }
                        s = r;
                    }
                    return s;
                }
                double s = ((Number) vs.get(0)).doubleValue();
                for (int i = 1; i < vs.size(); i++) {
                    double x = ((Number) vs.get(i)).doubleValue();
                    double r = s + x;
                    if (Double.isInfinite(r) && !Double.isInfinite(s) && !Double.isInfinite(x)) {
                        throw overflow("double precision");
                    }
                    s = r;
                }
                return s;
            }
            case INTERVAL: {
                PgInterval s = (PgInterval) vs.get(0);
                for (int i = 1; i < vs.size(); i++) {
                    PgInterval x = (PgInterval) vs.get(i);
                    try {
                        s = new PgInterval(Math.addExact(s.months(), x.months()), Math.addExact(s.days(), x.days()),
                                Math.addExact(s.micros(), x.micros()));
                    } catch (ArithmeticException e) {
                        throw EvaluationException.error("interval out of range (sum)");
                    }
                }
                return s;
            }
            default:
                throw new UnsupportedInMemoryException("sum of type " + t.displayName());
        }
    }

    private static EvaluationException overflow(String type) {
        return EvaluationException.error("value out of range: overflow (" + type + " aggregate)");
    }

    /** avg, var_samp, stddev_samp, var_pop, stddev_pop. */
    private static Object statistic(String function, List<Object> vs, PgType t) {
        boolean pop = function.endsWith("_pop");
        if (t.category() == TypeCategory.FLOAT) {
            double[] s = floatAccum(vs);
            double n = s[0];
            switch (function) {
                case "avg":
                    return s[1] / n;
                case "var_samp":
                    return n <= 1.0 ? SqlNull.INSTANCE : (Object) (s[2] / (n - 1.0));
                case "var_pop":
                    return s[2] / n;
                case "stddev_pop":
                    return Math.sqrt(s[2] / n);
                default:
                    return n <= 1.0 ? SqlNull.INSTANCE : (Object) Math.sqrt(s[2] / (n - 1.0));
            }
        }
        // Integers and numeric: exact sums, then numeric division with PostgreSQL's result scale.
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal sumSq = BigDecimal.ZERO;
        int dscale = 0;
        for (Object v : vs) {
            BigDecimal x = Values.toBigDecimal((Number) v);
            dscale = Math.max(dscale, Math.max(0, x.scale()));
            sum = sum.add(x);
            sumSq = sumSq.add(x.multiply(x));
        }
        BigDecimal n = BigDecimal.valueOf(vs.size());
        if (function.equals("avg")) {
            return divide(sum.setScale(Math.max(dscale, Math.max(0, sum.scale())), RoundingMode.UNNECESSARY), n);
        }
        if (!pop && vs.size() <= 1) {
            return SqlNull.INSTANCE;
        }
        BigDecimal numerator = n.multiply(sumSq).subtract(sum.multiply(sum)).setScale(2 * dscale, RoundingMode.UNNECESSARY);
        if (numerator.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal denominator = pop ? n.multiply(n) : n.multiply(n.subtract(BigDecimal.ONE));
        int rscale = selectDivScale(numerator, denominator);
        BigDecimal variance = numerator.divide(denominator, rscale, RoundingMode.HALF_UP);
        if (function.startsWith("var")) {
            return variance;
        }
        return sqrt(variance, rscale);
    }

    /** numeric_div: the quotient rounded (half away from zero) to {@link #selectDivScale}. */
    static BigDecimal divide(BigDecimal a, BigDecimal b) {
        return a.divide(b, selectDivScale(a, b), RoundingMode.HALF_UP);
    }

    /**
     * PostgreSQL's {@code select_div_scale}: at least 16 significant digits (estimated from the base-10000 weights
     * and first digits of the operands), and no less than either operand's display scale; between 0 and 1000.
     */
    static int selectDivScale(BigDecimal a, BigDecimal b) {
        int[] wa = weightAndFirstDigit(a);
        int[] wb = weightAndFirstDigit(b);
        int qweight = wa[0] - wb[0];
        if (wa[1] <= wb[1]) {
            qweight--;
        }
        int rscale = 16 - qweight * 4;
        rscale = Math.max(rscale, Math.max(0, a.scale()));
        rscale = Math.max(rscale, Math.max(0, b.scale()));
        rscale = Math.max(rscale, 0);
        return Math.min(rscale, 1000);
    }

    /** The base-10000 weight and first digit of a numeric ({0, 0} for zero). */
    static int[] weightAndFirstDigit(BigDecimal v) {
        if (v.signum() == 0) {
            return new int[] {0, 0};
        }
        BigDecimal abs = v.abs();
        int exponent = abs.precision() - abs.scale() - 1;
        int weight = Math.floorDiv(exponent, 4);
        int first = abs.movePointLeft(4 * weight).setScale(0, RoundingMode.DOWN).intValueExact();
        return new int[] {weight, first};
    }

    /** The square root rounded (half away from zero) to {@code scale} digits. */
    static BigDecimal sqrt(BigDecimal x, int scale) {
        int k = scale + 1;
        BigInteger scaled = x.movePointRight(2 * k).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        BigInteger root = scaled.sqrt();
        return new BigDecimal(root, k).setScale(scale, RoundingMode.HALF_UP);
    }

    /** float8_accum (Youngs-Cramer): {N, Sx, Sxx}, raising PostgreSQL's overflow error for finite inputs. */
    private static double[] floatAccum(List<Object> vs) {
        double n = 0;
        double sx = 0;
        double sxx = 0;
        for (Object v : vs) {
            double x = ((Number) v).doubleValue();
            double oldN = n;
            double oldSx = sx;
            n += 1.0;
            sx += x;
            if (oldN > 0.0) {
                double tmp = x * n - sx;
                sxx += tmp * tmp / (n * oldN);
                if (Double.isInfinite(sx) || Double.isInfinite(sxx)) {
                    if (!Double.isInfinite(oldSx) && !Double.isInfinite(x)) {
                        throw overflow("double precision");
                    }
                    sxx = Double.NaN;
                }
            } else if (Double.isNaN(x) || Double.isInfinite(x)) {
                sxx = Double.NaN;
            }
        }
        return new double[] {n, sx, sxx};
    }

    /** corr and covar_samp (float8_regr_accum over rows where both arguments are non-NULL). */
    private static Object regression(String function, List<Object[]> rows) {
        double n = 0;
        double sx = 0;
        double sxx = 0;
        double sy = 0;
        double syy = 0;
        double sxy = 0;
        for (Object[] r : rows) {
            if (r[0] == SqlNull.INSTANCE || r[1] == SqlNull.INSTANCE) {
                continue;
            }
            // corr(Y, X): the first argument is Y.
            double y = ((Number) r[0]).doubleValue();
            double x = ((Number) r[1]).doubleValue();
            double oldN = n;
            double oldSx = sx;
            double oldSy = sy;
            n += 1.0;
            sx += x;
            sy += y;
            if (oldN > 0.0) {
                double tmpX = x * n - sx;
                double tmpY = y * n - sy;
                double scale = 1.0 / (n * oldN);
                sxx += tmpX * tmpX * scale;
                syy += tmpY * tmpY * scale;
                sxy += tmpX * tmpY * scale;
                if (Double.isInfinite(sx) || Double.isInfinite(sxx) || Double.isInfinite(sy) || Double.isInfinite(syy)
                        || Double.isInfinite(sxy)) {
                    if (((Double.isInfinite(sx) || Double.isInfinite(sxx)) && !Double.isInfinite(oldSx) && !Double.isInfinite(x))
                            || ((Double.isInfinite(sy) || Double.isInfinite(syy)) && !Double.isInfinite(oldSy)
                            && !Double.isInfinite(y))
                            || (Double.isInfinite(sxy) && !Double.isInfinite(oldSx) && !Double.isInfinite(x)
                            && !Double.isInfinite(oldSy) && !Double.isInfinite(y))) {
                        throw overflow("double precision");
                    }
                    if (Double.isInfinite(sxx)) {
                        sxx = Double.NaN;
                    }
                    if (Double.isInfinite(syy)) {
                        syy = Double.NaN;
                    }
                    if (Double.isInfinite(sxy)) {
                        sxy = Double.NaN;
                    }
                }
            } else {
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    sxx = Double.NaN;
                    sxy = Double.NaN;
                }
                if (Double.isNaN(y) || Double.isInfinite(y)) {
                    syy = Double.NaN;
                    sxy = Double.NaN;
                }
            }
        }
        if (function.equals("covar_samp")) {
            return n < 2.0 ? SqlNull.INSTANCE : (Object) (sxy / (n - 1.0));
        }
        if (n < 1.0 || sxx == 0 || syy == 0) {
            return SqlNull.INSTANCE;
        }
        double product = sxx * syy;
        double result = product == 0 || Double.isInfinite(product) ? sxy / (Math.sqrt(sxx) * Math.sqrt(syy))
                : sxy / Math.sqrt(product);
        return Math.max(-1.0, Math.min(1.0, result));
    }
}
