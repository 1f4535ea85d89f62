package dev.hasuraperms.eval;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.PgValues;
import dev.hasuraperms.types.SqlNull;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small builders for hand-written IR in the evaluator tests. */
final class EvalSupport {

    static final PgType INT2 = PgType.builtin("int2");
    static final PgType INT4 = PgType.builtin("int4");
    static final PgType INT8 = PgType.builtin("int8");
    static final PgType NUMERIC = PgType.builtin("numeric");
    static final PgType FLOAT4 = PgType.builtin("float4");
    static final PgType FLOAT8 = PgType.builtin("float8");
    static final PgType BOOL = PgType.builtin("bool");
    static final PgType TEXT = PgType.builtin("text");
    static final PgType VARCHAR = PgType.builtin("varchar");
    static final PgType BPCHAR = PgType.builtin("bpchar");
    static final PgType NAME = PgType.builtin("name");
    static final PgType CITEXT = new PgType.Base(QualifiedName.of("public", "citext"));
    static final PgType UUID = PgType.builtin("uuid");
    static final PgType DATE = PgType.builtin("date");
    static final PgType TIME = PgType.builtin("time");
    static final PgType TIMETZ = PgType.builtin("timetz");
    static final PgType TIMESTAMP = PgType.builtin("timestamp");
    static final PgType TIMESTAMPTZ = PgType.builtin("timestamptz");
    static final PgType INTERVAL = PgType.builtin("interval");
    static final PgType JSONB = PgType.builtin("jsonb");
    static final PgType BYTEA = PgType.builtin("bytea");
    static final PgType LTREE = new PgType.Base(QualifiedName.of("public", "ltree"));
    static final PgType LQUERY = new PgType.Base(QualifiedName.of("public", "lquery"));
    static final PgType INET = PgType.builtin("inet");
    static final PgType MOOD = new PgType.Enum(QualifiedName.of("public", "mood"), List.of("sad", "ok", "happy"));

    static final Evaluator EV = Evaluator.builder().build();

    private EvalSupport() {
    }

    static Expr.Column col(String name, PgType type) {
        return new Expr.Column(0, name, type, true);
    }

    static Expr.Column col(int scope, String name, PgType type) {
        return new Expr.Column(scope, name, type, true);
    }

    /** A literal parsed from PostgreSQL text ("NULL" is not special: use nul()). */
    static Expr.Literal lit(PgType type, String text) {
        return new Expr.Literal(type, PgValues.parseText(type, text));
    }

    static Expr.Literal litValue(PgType type, Object value) {
        return new Expr.Literal(type, value);
    }

    static Expr.Literal nul(PgType type) {
        return new Expr.Literal(type, SqlNull.INSTANCE);
    }

    static Predicate cmp(CompareOp op, Expr l, Expr r) {
        return new Predicate.Compare(op, l, r);
    }

    static Predicate and(Predicate... ps) {
        return new Predicate.And(List.of(ps));
    }

    static Predicate or(Predicate... ps) {
        return new Predicate.Or(List.of(ps));
    }

    static Predicate not(Predicate p) {
        return new Predicate.Not(p);
    }

    static Predicate isNull(Expr e) {
        return new Predicate.IsNull(e, false);
    }

    static Predicate isNotNull(Expr e) {
        return new Predicate.IsNull(e, true);
    }

    /** A row from alternating column names and values (a Java null value is SQL NULL). */
    static Row row(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return Row.of(m);
    }

    static TriBool eval(Predicate p, Row r) {
        return EV.evaluate(p, r, SessionValueSource.none()).result();
    }

    /** Evaluates {@code left op right} for two literals of one type (texts in PostgreSQL input syntax). */
    static TriBool compareTexts(PgType type, String left, CompareOp op, String right) {
        return eval(cmp(op, lit(type, left), lit(type, right)), row());
    }

    static SessionValueSource session(Map<String, Object> values) {
        return (variable, type) -> {
            Object v = values.get(variable.name());
            if (v == null) {
                throw new IllegalStateException("missing " + variable);
            }
            return v;
        };
    }

    static Expr.SessionValue sv(String name, PgType type) {
        return new Expr.SessionValue(SessionVariable.of(name), type);
    }
}
