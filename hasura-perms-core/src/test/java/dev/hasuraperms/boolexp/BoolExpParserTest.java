package dev.hasuraperms.boolexp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class BoolExpParserTest {

    private final BoolExpParser parser = BoolExpParser.defaults();

    private BoolExp parse(String json) {
        Parsed<BoolExp> p = parser.parse(Json.parse(json));
        assertThat(p.diagnostics()).isEmpty();
        return p.value();
    }

    private static FieldExp onlyField(BoolExp e) {
        ObjectExp o = (ObjectExp) e;
        assertThat(o.terms()).hasSize(1);
        return (FieldExp) o.terms().get(0);
    }

    private static ColumnCondition onlyCondition(FieldExp f) {
        List<ColumnCondition> cs = f.asColumn().value().conditions();
        assertThat(cs).hasSize(1);
        return cs.get(0);
    }

    @Test
    void emptyObjectIsTrueAndConnectivesKeepTheirStructure() {
        assertThat(parse("{}")).isEqualTo(ObjectExp.empty());
        ObjectExp e = (ObjectExp) parse("{\"_and\": [], \"_or\": [], \"_not\": {}}");
        assertThat(e.terms()).hasSize(3);
        assertThat(e.terms().get(0)).isInstanceOf(AndExp.class);
        assertThat(((AndExp) e.terms().get(0)).operands()).isEmpty();
        assertThat(((OrExp) e.terms().get(1)).operands()).isEmpty();
        assertThat(((NotExp) e.terms().get(2)).operand()).isEqualTo(ObjectExp.empty());
    }

    @Test
    void dollarSpellingsMeanTheSame() {
        assertThat(parse("{\"$and\": [{\"a\": 1}], \"$or\": [{\"b\": 2}], \"$not\": {\"c\": 3}}"))
                .isEqualTo(parse("{\"_and\": [{\"a\": 1}], \"_or\": [{\"b\": 2}], \"_not\": {\"c\": 3}}"));
        assertThat(parse("{\"a\": {\"$eq\": 1, \"$gt\": 0}}")).isNotEqualTo(parse("{\"a\": {\"_eq\": 1, \"_gt\": 0}}"));
        FieldExp f = onlyField(parse("{\"a\": {\"$eq\": 1}}"));
        assertThat(onlyCondition(f).operator()).isEqualTo(Operator.EQ);
    }

    @Test
    void objectAndExplicitAndAreDifferentTrees() {
        assertThat(parse("{\"a\": 1, \"b\": 2}")).isNotEqualTo(parse("{\"_and\": [{\"a\": 1}, {\"b\": 2}]}"));
    }

    @Test
    void nonObjectValueIsTheEqShorthand() {
        FieldExp f = onlyField(parse("{\"author_id\": \"X-Hasura-User-Id\"}"));
        ColumnExp c = f.asColumn().value();
        assertThat(c.shorthand()).isTrue();
        ColumnCondition.Comparison eq = (ColumnCondition.Comparison) onlyCondition(f);
        assertThat(eq.operator()).isEqualTo(Operator.EQ);
        assertThat(eq.operand()).isEqualTo(new Operand.SessionVariableRef(SessionVariable.of("x-hasura-user-id"), eq.origin()));
        assertThat(f.asNested().isOk()).as("a string cannot be a relationship filter").isFalse();

        FieldExp nullShorthand = onlyField(parse("{\"deleted_at\": null}"));
        assertThat(((ColumnCondition.Comparison) onlyCondition(nullShorthand)).operand())
                .isEqualTo(new Operand.Literal(JsonNull.INSTANCE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Hasura-User-Id", "x-hasura-user-id", "X-HASURA-USER-ID", "REQ_USER_ID"})
    void sessionVariablesAreWholeStringsStartingWithXHasuraInAnyCase(String ref) {
        ColumnCondition.Comparison c = (ColumnCondition.Comparison) onlyCondition(onlyField(
                parse("{\"id\": {\"_eq\": \"" + ref + "\"}}")));
        assertThat(((Operand.SessionVariableRef) c.operand()).variable()).isEqualTo(SessionVariable.of("x-hasura-user-id"));
    }

    @Test
    void stringsInsideListsAndObjectsAreNeverSessionVariables() {
        ColumnCondition.Comparison in = (ColumnCondition.Comparison) onlyCondition(onlyField(
                parse("{\"id\": {\"_in\": [\"X-Hasura-User-Id\"]}}")));
        assertThat(in.operand()).isInstanceOf(Operand.Literal.class);
        ColumnCondition.Comparison contains = (ColumnCondition.Comparison) onlyCondition(onlyField(
                parse("{\"doc\": {\"_contains\": {\"owner\": \"X-Hasura-User-Id\"}}}")));
        assertThat(contains.operand()).isInstanceOf(Operand.Literal.class);
        ColumnCondition.Comparison prefix = (ColumnCondition.Comparison) onlyCondition(onlyField(
                parse("{\"name\": {\"_like\": \"x-hasura%\"}}")));
        assertThat(prefix.operand()).as("starts with x-hasura but not x-hasura-").isInstanceOf(Operand.Literal.class);
    }

    @Test
    void wholeSessionVariableStringForListAndJsonbOperators() {
        FieldExp f = onlyField(parse("{\"id\": {\"_in\": \"X-Hasura-Allowed-Ids\", \"_nin\": \"x-hasura-blocked\"}}"));
        assertThat(f.asColumn().value().conditions()).allSatisfy(c ->
                assertThat(((ColumnCondition.Comparison) c).operand()).isInstanceOf(Operand.SessionVariableRef.class));
        FieldExp doc = onlyField(parse("{\"doc\": {\"_contains\": \"X-Hasura-Filter\"}}"));
        assertThat(((ColumnCondition.Comparison) onlyCondition(doc)).operand()).isInstanceOf(Operand.SessionVariableRef.class);
    }

    @ParameterizedTest
    @EnumSource(Operator.class)
    void everyOperatorParsesInBothSpellings(Operator op) {
        String value;
        switch (op.operandKind()) {
            case LIST -> value = "[\"a\", \"b\"]";
            case BOOLEAN -> value = "true";
            case COLUMN -> value = "[\"$\", \"other\"]";
            case CAST -> value = "{\"String\": {\"_eq\": \"x\"}}";
            case DISTANCE -> value = "{\"distance\": 10, \"from\": {\"type\": \"Point\", \"coordinates\": [0, 0]}}";
            case RASTER_BAND -> value = "{\"geommin\": {\"type\": \"Point\", \"coordinates\": [0, 0]}, \"nband\": 2}";
            default -> value = "\"v\"";
        }
        for (String key : op.keys()) {
            for (String spelling : List.of(key, "$" + key.substring(1))) {
                FieldExp f = onlyField(parse("{\"col\": {\"" + spelling + "\": " + value + "}}"));
                assertThat(f.asColumn().isOk()).as(spelling).isTrue();
                assertThat(onlyCondition(f).operator()).as(spelling).isEqualTo(op);
            }
        }
    }

    @Test
    void neAndCneqAreAliases() {
        assertThat(onlyCondition(onlyField(parse("{\"a\": {\"_ne\": 1}}"))).operator()).isEqualTo(Operator.NEQ);
        assertThat(onlyCondition(onlyField(parse("{\"a\": {\"_cneq\": \"b\"}}"))).operator()).isEqualTo(Operator.CNE);
    }

    @Test
    void severalOperatorsOnOneColumnAreKeptInOrder() {
        FieldExp f = onlyField(parse("{\"age\": {\"_gte\": 18, \"_lt\": 65}}"));
        assertThat(f.asColumn().value().conditions()).extracting(ColumnCondition::operator)
                .containsExactly(Operator.GTE, Operator.LT);
    }

    @Test
    void columnReferenceForms() {
        Operand cur = ((ColumnCondition.Comparison) onlyCondition(onlyField(parse("{\"a\": {\"_ceq\": \"b\"}}")))).operand();
        Operand list = ((ColumnCondition.Comparison) onlyCondition(onlyField(parse("{\"a\": {\"_ceq\": [\"b\"]}}")))).operand();
        Operand root = ((ColumnCondition.Comparison) onlyCondition(onlyField(parse("{\"a\": {\"_ceq\": [\"$\", \"b\"]}}")))).operand();
        assertThat(cur).isEqualTo(new Operand.ColumnRef(false, "b", cur.origin()));
        assertThat(list).isEqualTo(new Operand.ColumnRef(false, "b", cur.origin()));
        assertThat(root).isEqualTo(new Operand.ColumnRef(true, "b", cur.origin()));

        FieldExp path = onlyField(parse("{\"a\": {\"_ceq\": [\"author\", \"id\"]}}"));
        assertThat(path.asColumn().isOk()).isFalse();
        assertThat(path.asColumn().diagnostics().get(0).code()).isEqualTo(DiagnosticCode.INVALID_OPERAND);
        assertThat(path.asColumn().diagnostics().get(0).message()).contains("paths through relationships");
    }

    @Test
    void castAppliesNestedConditionsPerTargetType() {
        FieldExp f = onlyField(parse("{\"doc\": {\"_cast\": {\"String\": {\"_ilike\": \"%a%\"}, \"text\": {\"_eq\": \"b\"}}}}"));
        List<ColumnCondition> cs = f.asColumn().value().conditions();
        assertThat(cs).hasSize(2);
        ColumnCondition.Cast c = (ColumnCondition.Cast) cs.get(0);
        assertThat(c.targetType()).isEqualTo("String");
        assertThat(c.conditions().conditions().get(0).operator()).isEqualTo(Operator.ILIKE);
    }

    @Test
    void spatialOperatorsAcceptSessionVariables() {
        FieldExp f = onlyField(parse("{\"geom\": {\"_st_d_within\": {\"distance\": \"X-Hasura-Dist\", \"from\": \"X-Hasura-Point\","
                + " \"use_spheroid\": false}}}"));
        ColumnCondition.DistanceWithin d = (ColumnCondition.DistanceWithin) onlyCondition(f);
        assertThat(d.distance()).isInstanceOf(Operand.SessionVariableRef.class);
        assertThat(d.from()).isInstanceOf(Operand.SessionVariableRef.class);
        assertThat(d.useSpheroid()).contains(false);
    }

    @Test
    void operandShapeErrorsStayWithTheColumnInterpretation() {
        FieldExp isNull = onlyField(parse("{\"a\": {\"_is_null\": \"yes\"}}"));
        assertThat(isNull.asColumn().diagnostics()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.INVALID_OPERAND);
        FieldExp in = onlyField(parse("{\"a\": {\"_in\": 5}}"));
        assertThat(in.asColumn().diagnostics()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.INVALID_OPERAND);
        FieldExp unknown = onlyField(parse("{\"a\": {\"_equals\": 5}}"));
        assertThat(unknown.asColumn().diagnostics()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.UNKNOWN_OPERATOR);
        // In each case the key could still be a relationship whose table has a column named like the operator.
        assertThat(isNull.asNested().isOk()).isTrue();
        assertThat(parser.definiteErrors(parse("{\"a\": {\"_is_null\": \"yes\"}}"))).isEmpty();
    }

    @Test
    void relationshipFiltersParseBothWays() {
        FieldExp f = onlyField(parse("{\"author\": {\"id\": {\"_eq\": 1}}}"));
        assertThat(f.asColumn().isOk()).isFalse();
        FieldExp inner = onlyField(f.asNested().value());
        assertThat(inner.name()).isEqualTo("id");
        FieldExp empty = onlyField(parse("{\"rel\": {}}"));
        assertThat(empty.asColumn().value().conditions()).as("TRUE as a column").isEmpty();
        assertThat(empty.asNested().value()).as("EXISTS as a relationship").isEqualTo(ObjectExp.empty());
    }

    @Test
    void existsNeedsTableAndWhere() {
        ObjectExp e = (ObjectExp) parse("{\"_exists\": {\"_table\": {\"schema\": \"s\", \"name\": \"t\"}, \"_where\": {\"a\": 1}}}");
        ExistsExp x = (ExistsExp) e.terms().get(0);
        assertThat(x.table()).isEqualTo(QualifiedName.of("s", "t"));
        ExistsExp bare = (ExistsExp) ((ObjectExp) parse("{\"$exists\": {\"_table\": \"t\", \"_where\": {}}}")).terms().get(0);
        assertThat(bare.table()).isEqualTo(QualifiedName.of("public", "t"));

        Parsed<BoolExp> bad = parser.parse(Json.parse("{\"_exists\": {\"_table\": \"t\", \"_extra\": 1}}"));
        assertThat(bad.diagnostics()).extracting(Diagnostic::code)
                .containsExactly(DiagnosticCode.INVALID_BOOL_EXP, DiagnosticCode.INVALID_BOOL_EXP);
    }

    @Test
    void aggregationPredicatesAreAThirdInterpretation() {
        FieldExp f = onlyField(parse("{\"articles_aggregate\": {\"count\": {\"predicate\": {\"_gt\": 2}, "
                + "\"filter\": {\"is_published\": {\"_eq\": true}}, \"distinct\": true, \"arguments\": [\"id\"]}}}"));
        AggregationPredicate a = f.asAggregation().orElseThrow().value();
        assertThat(a.relationship()).isEqualTo("articles");
        assertThat(a.function()).isEqualTo("count");
        assertThat(a.arguments()).containsExactly("id");
        assertThat(a.distinct()).isTrue();
        assertThat(a.filter()).isPresent();
        assertThat(a.predicate().conditions()).extracting(ColumnCondition::operator).containsExactly(Operator.GT);

        FieldExp corr = onlyField(parse("{\"stats_aggregate\": {\"corr\": {\"arguments\": {\"X\": \"a\", \"Y\": \"b\"},"
                + " \"predicate\": {\"_lt\": 0.5}}}}"));
        assertThat(corr.asAggregation().orElseThrow().value().arguments()).containsExactly("a", "b");
        assertThat(onlyField(parse("{\"x\": {}}")).asAggregation()).isEmpty();
    }

    @Test
    void definiteErrorsAreTheOnesNoSchemaCanFix() {
        // _and with an object inside a relationship filter: neither a column nor a relationship reading works.
        List<Diagnostic> errors = parser.definiteErrors(parse("{\"author\": {\"_and\": {\"a\": 1}}}"));
        assertThat(errors).extracting(Diagnostic::code).containsExactly(DiagnosticCode.INVALID_BOOL_EXP);
        // _not with a list two relationships deep.
        assertThat(parser.definiteErrors(parse("{\"a\": {\"b\": {\"_not\": [1]}}}")))
                .extracting(Diagnostic::code).containsExactly(DiagnosticCode.INVALID_BOOL_EXP);
        // An aggregate with an unknown function is not definite: rel_aggregate could be a relationship whose
        // table has a relationship called median.
        assertThat(parser.definiteErrors(parse("{\"rel_aggregate\": {\"median\": {\"predicate\": {\"_gt\": 1}}}}")))
                .isEmpty();
        // A column-only reading that fails inside a nested reading that works: nothing definite.
        assertThat(parser.definiteErrors(parse("{\"a\": {\"b\": {\"_in\": 3}}}"))).isEmpty();
    }

    @Test
    void filterDepthLimitCountsObjects() {
        BoolExpParser shallow = new BoolExpParser(3);
        assertThat(shallow.parse(Json.parse("{\"a\": {\"b\": {\"_eq\": 1}}}")).isOk()).isTrue();
        Parsed<BoolExp> deep = shallow.parse(Json.parse("{\"a\": {\"b\": {\"c\": {\"_eq\": 1}}}}"));
        assertThat(deep.diagnostics()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.FILTER_TOO_DEEP);
        assertThat(shallow.parse(Json.parse("{\"_and\": [[[{\"a\": 1}]]]}")).diagnostics())
                .as("arrays do not count, but _and still needs objects").extracting(Diagnostic::code)
                .containsExactly(DiagnosticCode.INVALID_BOOL_EXP);
    }

    @Test
    void writesBackTheSameJson() {
        for (String json : List.of("{}", "{\"a\":1,\"b\":{\"_gt\":2}}", "{\"_and\":[{\"a\":1}],\"$and\":[{\"b\":2}]}",
                "{\"_or\":[],\"_not\":{\"rel\":{}}}",
                "{\"_exists\":{\"_table\":{\"name\":\"t\",\"schema\":\"s\"},\"_where\":{\"x\":{\"_ceq\":[\"$\",\"y\"]}}}}")) {
            BoolExp e = parse(json);
            assertThat(e.toJson()).isEqualTo(Json.parse(json));
            assertThat(parse(e.toJson().toJson())).isEqualTo(e);
        }
    }

    @Test
    void literalValuesStayJson() {
        ColumnCondition.Comparison c = (ColumnCondition.Comparison) onlyCondition(onlyField(
                parse("{\"a\": {\"_in\": [1, 2.5, true, null, \"s\"]}}")));
        JsonArray arr = (JsonArray) ((Operand.Literal) c.operand()).value();
        assertThat(arr.elements()).containsExactly(JsonNumber.of(1), JsonNumber.of(new java.math.BigDecimal("2.5")),
                JsonBoolean.of(true), JsonNull.INSTANCE, JsonString.of("s"));
        ColumnCondition.Comparison obj = (ColumnCondition.Comparison) onlyCondition(onlyField(
                parse("{\"d\": {\"_eq\": {\"k\": [1]}}}")));
        assertThat(((Operand.Literal) obj.operand()).value()).isInstanceOf(JsonObject.class);
        assertThat(Optional.of(obj.operand()).map(Operand::origin)).isPresent();
    }
}
