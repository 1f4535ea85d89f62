package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the checker compiles filters into: the IR the backends and the evaluator share. */
class CompileTest {

    private static final DatabaseSchema SCHEMA = CheckFixturesTest.schema();
    private static final PgType INT4 = PgType.builtin("int4");
    private static final QualifiedName ARTICLES = QualifiedName.of("articles");
    private static final QualifiedName AUTHORS = QualifiedName.of("authors");

    private static final String TABLES = """
            version: 3
            sources:
              - name: default
                tables:
                  - table: articles
                    object_relationships:
                      - name: author
                        using: {foreign_key_constraint_on: author_id}
                    array_relationships:
                      - name: comments
                        using: {foreign_key_constraint_on: {table: comments, column: article_id}}
                    select_permissions:
                      - role: r
                        permission:
                          columns: "*"
                          filter: %s
                  - table: authors
                    computed_fields:
                      - name: full_name
                        definition: {function: author_full_name}
                      - name: recent
                        definition: {function: author_articles}
                      - name: session_rank
                        definition: {function: author_session_rank, session_argument: hasura_session}
                    array_relationships:
                      - name: articles
                        using: {foreign_key_constraint_on: {table: articles, column: author_id}}
                    select_permissions:
                      - role: r
                        permission:
                          columns: "*"
                          filter: %s
                  - table: comments
                  - table: settings
            """;

    private static CheckedPermissions compile(String articlesFilter, String authorsFilter, CheckOptions options) {
        Metadata m = MetadataLoader.defaults().loadJson(dev.hasuraperms.json.Json.parseYaml(
                TABLES.formatted(articlesFilter, authorsFilter)).toJson());
        CheckResult r = PermissionChecker.check(m, SCHEMA, options);
        assertThat(r.diagnostics()).isEmpty();
        return r.orThrow();
    }

    private static Predicate articles(String filter) {
        return compile(filter, "{}", CheckOptions.DEFAULT).select(ARTICLES, "r").orElseThrow().filter();
    }

    private static Predicate authors(String filter) {
        return compile("{}", filter, CheckOptions.DEFAULT).select(AUTHORS, "r").orElseThrow().filter();
    }

    /** The compiled filter of a one-key object: the key's predicate itself (a one-operand AND is not built). */
    private static Predicate only(Predicate p) {
        assertThat(p).isNotInstanceOf(Predicate.And.class);
        return p;
    }

    @Test
    void objectRelationshipJoinsTheForeignKeyColumnToTheReferencedColumn() {
        Predicate.Exists e = (Predicate.Exists) only(articles("{author: {is_active: {_eq: true}}}"));
        assertThat(e.source()).isEqualTo(new Predicate.TableSource(AUTHORS));
        assertThat(e.scope()).isEqualTo(1);
        assertThat(e.join()).containsExactly(new Predicate.JoinPair(new Expr.Column(1, "id", INT4, false),
                new Expr.Column(0, "author_id", INT4, false)));
        Predicate.Compare c = (Predicate.Compare) only(e.where());
        assertThat(c.left()).isEqualTo(new Expr.Column(1, "is_active", PgType.builtin("bool"), false));
        assertThat(c.right()).isEqualTo(new Expr.Literal(PgType.builtin("bool"), true));
    }

    @Test
    void arrayRelationshipJoinsTheReverseWay() {
        Predicate.Exists e = (Predicate.Exists) only(authors("{articles: {}}"));
        assertThat(e.join()).containsExactly(new Predicate.JoinPair(new Expr.Column(1, "author_id", INT4, false),
                new Expr.Column(0, "id", INT4, false)));
        assertThat(e.where()).isEqualTo(Predicate.Const.TRUE);
    }

    @Test
    void rootReferencesPointAtScopeZeroAtAnyDepthAndInsideExists() {
        Predicate.Exists outer = (Predicate.Exists) only(articles(
                "{author: {articles: {rank: {_cgt: [\"$\", \"rank\"]}}}}"));
        Predicate.Exists inner = (Predicate.Exists) only(outer.where());
        assertThat(inner.scope()).isEqualTo(2);
        Predicate.Compare c = (Predicate.Compare) only(inner.where());
        assertThat(c.op()).isEqualTo(CompareOp.GT);
        assertThat(c.left()).isEqualTo(new Expr.Column(2, "rank", INT4, false));
        assertThat(c.right()).isEqualTo(new Expr.Column(0, "rank", INT4, false));

        Predicate.Exists x = (Predicate.Exists) only(articles(
                "{_exists: {_table: comments, _where: {article_id: {_ceq: [\"$\", \"id\"]}}}}"));
        assertThat(x.join()).isEmpty();
        Predicate.Compare xc = (Predicate.Compare) only(x.where());
        assertThat(xc.left()).isEqualTo(new Expr.Column(1, "article_id", INT4, false));
        assertThat(xc.right()).isEqualTo(new Expr.Column(0, "id", INT4, false));
    }

    @Test
    void eqNullKeepsHasurasNullAwareMeaning() {
        // Nullable column: (c = NULL) OR (c IS NULL), i.e. UNKNOWN OR c IS NULL.
        assertThat(only(articles("{published_at: {_eq: null}}"))).isEqualTo(new Predicate.Or(List.of(
                Predicate.Const.UNKNOWN, new Predicate.IsNull(new Expr.Column(0, "published_at",
                        PgType.builtin("timestamptz"), true), false))));
        assertThat(only(articles("{published_at: {_neq: null}}"))).isEqualTo(new Predicate.Or(List.of(
                Predicate.Const.UNKNOWN, new Predicate.IsNull(new Expr.Column(0, "published_at",
                        PgType.builtin("timestamptz"), true), true))));
        // NOT NULL column: c = NULL, always UNKNOWN.
        assertThat(only(articles("{rank: null}"))).isEqualTo(Predicate.Const.UNKNOWN);
        // A non-null value is a plain comparison, whatever the column's nullability.
        Predicate.Compare c = (Predicate.Compare) only(articles("{reviewer_id: {_eq: 7}}"));
        assertThat(c.right()).isEqualTo(new Expr.Literal(INT4, 7));
        // Other operators keep NULL as a literal.
        Predicate.Compare gt = (Predicate.Compare) only(articles("{rank: {_gt: null}}"));
        assertThat(gt.right()).isEqualTo(new Expr.Literal(INT4, SqlNull.INSTANCE));
    }

    @Test
    void sessionVariablesAreTypedByTheColumnOrItsArrayType() {
        Predicate.Compare in = (Predicate.Compare) only(articles("{id: {_in: X-Hasura-Ids}}"));
        assertThat(in.op()).isEqualTo(CompareOp.IN);
        assertThat(in.right()).isEqualTo(new Expr.SessionValue(SessionVariable.of("x-hasura-ids"), INT4.arrayOf()));
        Predicate.Not nin = (Predicate.Not) only(articles("{uid: {_nin: [\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"]}}"));
        Predicate.Compare inner = (Predicate.Compare) nin.operand();
        assertThat(((Expr.Literal) inner.right()).value())
                .isEqualTo(List.of(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));
        Predicate.Compare keys = (Predicate.Compare) only(authors("{settings: {_has_keys_any: X-Hasura-Keys}}"));
        assertThat(keys.right()).isEqualTo(new Expr.SessionValue(SessionVariable.of("x-hasura-keys"),
                PgType.builtin("text").arrayOf()));
        Predicate.Compare contains = (Predicate.Compare) only(authors("{settings: {_contains: X-Hasura-Doc}}"));
        assertThat(contains.right().type()).isEqualTo(PgType.builtin("jsonb"));
    }

    @Test
    void computedFieldsBecomeCallsAndSetReturningOnesBecomeExists() {
        Predicate.Compare scalar = (Predicate.Compare) only(authors("{full_name: {_ilike: \"%smith%\"}}"));
        assertThat(scalar.op()).isEqualTo(CompareOp.ILIKE);
        assertThat(scalar.left()).isEqualTo(new Expr.Call(QualifiedName.of("author_full_name"),
                List.of(new Expr.Row(0, AUTHORS)), PgType.builtin("text")));
        Predicate.Compare session = (Predicate.Compare) only(authors("{session_rank: {_gte: 3}}"));
        assertThat(((Expr.Call) session.left()).arguments()).containsExactly(new Expr.Row(0, AUTHORS),
                new Expr.SessionJson(PgType.builtin("json")));
        Predicate.Exists set = (Predicate.Exists) only(authors("{recent: {is_published: {_eq: true}}}"));
        assertThat(set.source()).isEqualTo(new Predicate.FunctionSource(QualifiedName.of("author_articles"),
                List.of(new Expr.Row(0, AUTHORS)), ARTICLES));
        CheckedPermissions p = compile("{}", "{session_rank: {_gte: 3}}", CheckOptions.DEFAULT);
        assertThat(p.requiresSessionJson("r", AUTHORS, Operation.SELECT)).isTrue();
        assertThat(p.requiresSessionJson("r", ARTICLES, Operation.SELECT)).isFalse();
    }

    @Test
    void emptyListsAndConnectives() {
        assertThat(articles("{_or: []}")).isEqualTo(Predicate.Const.FALSE);
        assertThat(articles("{_not: {}}")).isEqualTo(new Predicate.Not(Predicate.Const.TRUE));
        assertThat(articles("{}")).isEqualTo(Predicate.Const.TRUE);
        assertThat(only(articles("{id: {}}"))).isEqualTo(Predicate.Const.TRUE);
        Predicate.Compare empty = (Predicate.Compare) only(articles("{id: {_in: []}}"));
        assertThat(((Expr.Literal) empty.right()).value()).isEqualTo(List.of());
    }

    @Test
    void literalsAreParsedForTheirColumnType() {
        Predicate.Compare price = (Predicate.Compare) only(articles("{price: {_gte: \"12.50\"}}"));
        assertThat(((Expr.Literal) price.right()).value()).isEqualTo(new BigDecimal("12.50"));
        Predicate.Compare path = (Predicate.Compare) only(authors("{path: {_descendant: \"top.science\"}}"));
        assertThat(path.op()).isEqualTo(CompareOp.DESCENDANT);
        Predicate.Compare any = (Predicate.Compare) only(authors("{path: {_matches_any: [\"*.science\", \"top.*\"]}}"));
        assertThat(any.right().type()).isEqualTo(new PgType.Base(QualifiedName.of("public", "lquery")).arrayOf());
        Predicate.Compare tags = (Predicate.Compare) only(authors("{tags: {_contains: [\"a\", \"b\"]}}"));
        assertThat(((Expr.Literal) tags.right()).value()).isEqualTo(List.of("a", "b"));
    }

    @Test
    void aggregationPredicatesCompileWhenExplicitlyEnabled() {
        CheckedPermissions p = compile("{comments_aggregate: {count: {predicate: {_gt: 2}, filter: {body: {_neq: \"\"}}}}}",
                "{}", CheckOptions.DEFAULT.withAggregationPredicates(true));
        Predicate.Aggregate a = (Predicate.Aggregate) only(p.select(ARTICLES, "r").orElseThrow().filter());
        assertThat(a.function()).isEqualTo("count");
        assertThat(a.scope()).isEqualTo(1);
        assertThat(a.resultScope()).isEqualTo(2);
        Predicate.Compare cond = (Predicate.Compare) only(a.conditions());
        assertThat(cond.left()).isEqualTo(new Expr.Column(2, "agg", PgType.builtin("int8"), true));
        assertThat(cond.right()).isEqualTo(new Expr.Literal(PgType.builtin("int8"), 2L));
    }
}
