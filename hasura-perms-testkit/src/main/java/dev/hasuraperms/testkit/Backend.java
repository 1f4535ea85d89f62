package dev.hasuraperms.testkit;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.Enforcement;
import dev.hasuraperms.eval.EvaluationException;
import dev.hasuraperms.eval.Evaluation;
import dev.hasuraperms.eval.Evaluator;
import dev.hasuraperms.eval.Explanation;
import dev.hasuraperms.eval.RelationResolver;
import dev.hasuraperms.eval.Row;
import dev.hasuraperms.eval.SessionValueSource;
import dev.hasuraperms.eval.UnsupportedInMemoryException;
import dev.hasuraperms.ir.Optimizer;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.Predicates;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.InvalidSessionVariableException;
import dev.hasuraperms.session.MissingSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.types.SqlNull;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How questions are answered: in memory over fixture rows, or on a database. */
abstract class Backend {

    final CheckedPermissions checked;
    final Enforcement enforcement;
    final Coverage coverage;

    Backend(CheckedPermissions checked, Coverage coverage) {
        this.checked = checked;
        this.enforcement = Enforcement.of(checked);
        this.coverage = coverage;
    }

    abstract String mode();

    /** Releases what the backend holds (nothing in memory). */
    void close() {
    }

    abstract Verdict select(Session s, QualifiedName table, Map<String, ?> row);

    /** The visible rows, each with the readable columns (redacted cells NULL), ordered by primary key if any. */
    abstract List<Map<String, Object>> visibleRows(Session s, QualifiedName table, boolean full);

    List<Map<String, Object>> visibleRows(Session s, QualifiedName table) {
        return visibleRows(s, table, false);
    }

    /** The visible rows with every column, unredacted (for their ids). */
    List<Map<String, Object>> visibleRowsFull(Session s, QualifiedName table) {
        return visibleRows(s, table, true);
    }

    /**
     * The visible rows with {@code fields} (columns and scalar computed fields of the select permission; redacted
     * cells NULL), ordered by primary key if any; empty without a select permission.
     */
    abstract List<Map<String, Object>> read(Session s, QualifiedName table, List<String> fields,
                                            Map<String, ? extends Map<String, ?>> arguments);

    abstract Verdict insert(Session s, QualifiedName table, Map<String, ?> row);

    abstract Verdict update(Session s, QualifiedName table, Map<String, ?> before, Map<String, ?> changes);

    abstract Verdict delete(Session s, QualifiedName table, Map<String, ?> row);

    /** The value of an aggregate read ({@code <table>_aggregate}); refusals are thrown. */
    abstract dev.hasuraperms.json.JsonObject aggregate(Session s, QualifiedName table,
                                                       List<dev.hasuraperms.enforce.Aggregate> aggregates);

    /** The fixture (or stored) rows of {@code table}: every column, canonical. */
    abstract List<Map<String, Object>> rows(QualifiedName table);

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Evaluates {@code p} on {@code row} in memory and records coverage. Empty when the evaluator cannot evaluate it
     * (then the caller decides by other means). Session errors propagate (they are refusals).
     */
    Optional<Evaluation> evaluate(Session s, QualifiedName table, Operation op, String which, Predicate p,
                                  Map<String, Object> row, RelationResolver relations) {
        try {
            Evaluator ev = Evaluator.builder().relations(relations).build();
            Evaluation e = ev.evaluate(p, table, Row.of(row),
                    SessionValueSource.of(s, checked.schema().serverMajorVersion()));
            coverage.record(s.role(), table, op, which, p, e.explanation());
            return Optional.of(e);
        } catch (MissingSessionVariableException | InvalidSessionVariableException e) {
            throw e;
        } catch (UnsupportedInMemoryException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads every session variable the rule's SQL reads, at each type it is read at, as binding the JDBC backend's
     * (optimized) predicates does: a missing or invalid variable refuses the request even when the evaluator would not
     * reach it. Presets are read by {@code Enforcement}.
     */
    void requireSession(Session s, QualifiedName table, Operation op) {
        checked.rule(table, s.role(), op).ifPresent(rule -> {
            Map<String, Predicate> ps = Coverage.predicates(rule);
            ps.forEach((which, p) -> {
                Optimizer.Context context = which.equals("check") ? Optimizer.Context.FALSE_MATTERS
                        : Optimizer.Context.TRUE_MATTERS;
                Predicates.sessionVariables(Optimizer.optimize(p, context))
                        .forEach((v, types) -> types.forEach(t -> s.value(v, t, checked.schema().serverMajorVersion())));
            });
        });
    }

    /** A refusal by enforcement (or a session error) as a denial; an evaluation error propagates. */
    static Verdict refuse(Session s, QualifiedName table, Operation op, HasuraPermsException e) {
        if (e instanceof EvaluationException ee) {
            throw ee;
        }
        return Verdict.refused(s.role(), table, op, e);
    }

    Verdict record(Verdict v) {
        if (v.refusal().isEmpty() || checked.rule(v.table(), v.role(), v.operation()).isPresent()) {
            coverage.use(v.role(), v.table(), v.operation(), v.allowed());
        }
        return v;
    }

    /** The readable columns of a visible row, redacted cells NULL where their condition is not TRUE. */
    Map<String, Object> project(Session s, SelectRule rule, List<String> columns, Map<String, Object> row,
                                RelationResolver relations) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String c : columns) {
            Predicate redaction = rule.redactions().get(c);
            Object v = row.get(c);
            if (redaction != null) {
                Evaluation e = Evaluator.builder().relations(relations).explanations(false).build()
                        .evaluate(redaction, rule.table(), Row.of(row),
                                SessionValueSource.of(s, checked.schema().serverMajorVersion()));
                if (!e.accepted()) {
                    v = SqlNull.INSTANCE;
                }
            }
            out.put(c, v);
        }
        return out;
    }

    static String filterReason(String which, TriBool r) {
        return "the " + which + " is " + r + " for the row";
    }
}
