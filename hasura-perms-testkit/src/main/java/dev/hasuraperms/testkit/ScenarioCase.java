package dev.hasuraperms.testkit;

import dev.hasuraperms.metadata.Operation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One case of a scenario file, with a matrix already expanded (one case per role and session).
 *
 * @param name        the case's display name (with the role and session for a matrix case)
 * @param role        the role
 * @param session     the session variables
 * @param backendOnly whether the session is in backend mode
 * @param operation   the operation asked about
 * @param table       the table ({@code name} or {@code schema.name})
 * @param rows        the rows asked about: ids or maps of column values (for an insert: the rows inserted, one by
 *                    one; for an update: the rows before); empty for a {@code visible} case
 * @param set         for an update, the changes
 * @param expectAllow the expected answer for every row, when the case has {@code expect}
 * @param visible     for a select without rows, the ids of the rows the role must see exactly
 */
public record ScenarioCase(String name, String role, Map<String, String> session, boolean backendOnly,
                           Operation operation, String table, List<Object> rows, Map<String, Object> set,
                           Optional<Boolean> expectAllow, Optional<List<Object>> visible) {

    /**
     * A case; the collections are copied.
     *
     * @param name        the case's display name (with the role and session for a matrix case)
     * @param role        the role
     * @param session     the session variables
     * @param backendOnly whether the session is in backend mode
     * @param operation   the operation asked about
     * @param table       the table ({@code name} or {@code schema.name})
     * @param rows        the rows asked about: ids or maps of column values (for an insert: the rows inserted, one by
     *                    one; for an update: the rows before); empty for a {@code visible} case
     * @param set         for an update, the changes
     * @param expectAllow the expected answer for every row, when the case has {@code expect}
     * @param visible     for a select without rows, the ids of the rows the role must see exactly
     * @throws NullPointerException when an argument is null
     */
    public ScenarioCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        session = Map.copyOf(session);
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(table, "table");
        rows = List.copyOf(rows);
        set = Map.copyOf(set);
        Objects.requireNonNull(expectAllow, "expectAllow");
        visible = visible.map(List::copyOf);
    }
}
