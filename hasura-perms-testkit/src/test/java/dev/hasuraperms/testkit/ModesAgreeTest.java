package dev.hasuraperms.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both modes answer every question the same way: for each suite, every role (and one without permissions), every
 * session of the suite's cases (and none), every table and fixture row: select, delete and a no-op update of each
 * row, and the visible ids of each table.
 */
class ModesAgreeTest {

    @ParameterizedTest
    @ValueSource(strings = {"hasura-events", "inherited-roles", "blog"})
    void everyQuestionOverTheFixtures(String name) {
        PermissionScenarios s = ScenarioSuitesTest.suite(name);
        PermissionTester memory = s.inMemory();
        PermissionTester database = s.onEmbeddedPostgres();
        CheckedPermissions checked = memory.permissions();
        Set<String> roles = new LinkedHashSet<>(checked.roles());
        roles.add("nobody");
        Set<Map<String, String>> sessions = new LinkedHashSet<>();
        sessions.add(Map.of());
        s.cases().forEach(c -> sessions.add(c.session()));
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        int questions = 0;
        for (String role : roles) {
            for (Map<String, String> session : sessions) {
                for (boolean backendOnly : new boolean[] {false, true}) {
                    SessionTester m = memory.as(role).with(session);
                    SessionTester d = database.as(role).with(session);
                    if (backendOnly) {
                        m = m.backendOnly();
                        d = d.backendOnly();
                    }
                    for (QualifiedName tn : s.fixtures().tables()) {
                        String table = tn.toString();
                        Table t = checked.schema().table(tn).orElseThrow();
                        String who = role + " " + session + (backendOnly ? " backend" : "") + " " + table;
                        a.add(who + " visible " + safeIds(m, table));
                        b.add(who + " visible " + safeIds(d, table));
                        questions++;
                        Map<String, Object> change = noOpChange(checked, role, t, memory.rows(table).get(0));
                        for (Map<String, Object> row : memory.rows(table)) {
                            Object id = Rows.id(t, row);
                            a.add(who + " " + id + " select " + m.select(table, id).allowed()
                                    + " delete " + m.delete(table, id).allowed()
                                    + " update " + m.update(table, id, change(change, row)).allowed());
                            b.add(who + " " + id + " select " + d.select(table, id).allowed()
                                    + " delete " + d.delete(table, id).allowed()
                                    + " update " + d.update(table, id, change(change, row)).allowed());
                            questions += 3;
                        }
                    }
                }
            }
        }
        System.out.println(name + ": " + questions + " questions asked in both modes");
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                mismatches.add("in memory: " + a.get(i) + "\n database:  " + b.get(i));
            }
        }
        assertThat(mismatches).as("questions answered differently by the two modes").isEmpty();
        assertThat(b).hasSameSizeAs(a);
        assertThat(a).anyMatch(x -> x.contains("select true")).anyMatch(x -> x.contains("select false"))
                .anyMatch(x -> x.contains("update true"));
    }

    private static String safeIds(SessionTester t, String table) {
        try {
            return t.visibleIds(table).toString();
        } catch (dev.hasuraperms.diagnostic.HasuraPermsException e) {
            return "refused: " + e.code();
        }
    }

    /** A change setting the role's first updatable column (any column when none is) to its current value. */
    private static Map<String, Object> noOpChange(CheckedPermissions checked, String role, Table t, Map<String, Object> row) {
        String column = checked.update(t.name(), role).map(UpdateRule::updatableColumns).filter(c -> !c.isEmpty())
                .map(c -> c.get(0)).orElse(t.columns().get(t.columns().size() - 1).name());
        return Map.of(column, row.get(column));
    }

    private static Map<String, Object> change(Map<String, Object> template, Map<String, Object> row) {
        String column = template.keySet().iterator().next();
        return Map.of(column, row.get(column));
    }
}
