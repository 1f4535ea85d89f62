package dev.hasuraperms.jdbc;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.testing.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of operator cases in {@code fixtures/operators/cases.tsv}: each is a select filter on articles or
 * authors, session variables, and the ids PostgreSQL must return (worked out by hand from {@code data.sql}).
 */
final class OperatorCases {

    /** One case. */
    record Case(int line, QualifiedName table, String filter, Map<String, String> session, List<Integer> expected) {
        @Override
        public String toString() {
            return "line " + line + ": " + table.name() + " " + filter + (session.isEmpty() ? "" : " " + session);
        }
    }

    private OperatorCases() {
    }

    static List<Case> all() {
        List<Case> out = new ArrayList<>();
        String[] lines = Fixtures.read("operators/cases.tsv").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\t", -1);
            if (parts.length != 4) {
                throw new IllegalStateException("cases.tsv line " + (i + 1) + " has " + parts.length + " fields");
            }
            Map<String, String> session = new LinkedHashMap<>();
            if (!parts[2].isBlank()) {
                for (String kv : parts[2].split(";")) {
                    int eq = kv.indexOf('=');
                    session.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            List<Integer> expected = new ArrayList<>();
            if (!parts[3].isBlank()) {
                for (String id : parts[3].split(",")) {
                    expected.add(Integer.parseInt(id.trim()));
                }
            }
            out.add(new Case(i + 1, QualifiedName.of(parts[0]), parts[1], session, expected));
        }
        return out;
    }

    /** The checked permissions of a case: role r, the case's filter on its table, {} on the other. */
    static CheckedPermissions permissions(Case c, DatabaseSchema schema) {
        String template = Fixtures.read("operators/metadata.yaml.template");
        String yaml = template.replace("ARTICLES_FILTER", c.table().name().equals("articles") ? c.filter() : "{}")
                .replace("AUTHORS_FILTER", c.table().name().equals("authors") ? c.filter() : "{}");
        Metadata m = MetadataLoader.defaults().loadJson(Json.parseYaml(yaml).toJson());
        CheckResult r = PermissionChecker.check(m, schema);
        return r.orThrow();
    }
}
