package dev.hasuraperms.benchmarks;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.ForeignKey;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Generated metadata of the size the performance notes ask about: {@code tables} tables × {@code roles} roles, each
 * role with all four permissions on every table, a fifth of the filters following 2–3-level relationship paths.
 * Table {@code t<i>} has a foreign key {@code parent_id} to {@code t<i-1>}: an object relationship {@code parent}
 * one way and an array relationship {@code children} the other.
 *
 * @param metadataJson exported metadata (version 3) as JSON text
 * @param schema       the matching database schema
 */
public record SyntheticMetadata(String metadataJson, DatabaseSchema schema) {

    private static final PgType INT4 = PgType.builtin("int4");

    /** Generates metadata and schema; the same arguments give the same result. */
    public static SyntheticMetadata generate(int tables, int roles, long seed) {
        Random random = new Random(seed);
        List<Table> schemaTables = new ArrayList<>();
        StringBuilder json = new StringBuilder(tables * roles * 600);
        json.append("{\"version\":3,\"sources\":[{\"name\":\"default\",\"kind\":\"postgres\",\"tables\":[");
        for (int i = 0; i < tables; i++) {
            String name = name(i);
            schemaTables.add(table(i));
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"table\":{\"schema\":\"public\",\"name\":\"").append(name).append("\"}");
            if (i > 0) {
                json.append(",\"object_relationships\":[{\"name\":\"parent\",\"using\":{\"foreign_key_constraint_on\":\"parent_id\"}}]");
            }
            if (i + 1 < tables) {
                json.append(",\"array_relationships\":[{\"name\":\"children\",\"using\":{\"foreign_key_constraint_on\":")
                        .append("{\"table\":{\"schema\":\"public\",\"name\":\"").append(name(i + 1))
                        .append("\"},\"column\":\"parent_id\"}}}]");
            }
            StringBuilder select = new StringBuilder();
            StringBuilder insert = new StringBuilder();
            StringBuilder update = new StringBuilder();
            StringBuilder delete = new StringBuilder();
            for (int r = 0; r < roles; r++) {
                String role = String.format("role%02d", r);
                String filter = filter(i, random);
                String sep = r == 0 ? "" : ",";
                select.append(sep).append("{\"role\":\"").append(role).append("\",\"permission\":{\"columns\":")
                        .append(r % 3 == 0 ? "\"*\"" : "[\"id\",\"title\",\"status\",\"score\",\"created_at\"]")
                        .append(",\"filter\":").append(filter).append(",\"limit\":").append(10 + r).append("}}");
                insert.append(sep).append("{\"role\":\"").append(role).append("\",\"permission\":{\"check\":").append(filter)
                        .append(",\"set\":{\"owner_id\":\"X-Hasura-User-Id\"},\"columns\":[\"title\",\"status\",\"data\",\"tags\"]}}");
                update.append(sep).append("{\"role\":\"").append(role).append("\",\"permission\":{\"columns\":[\"title\",\"status\"],")
                        .append("\"filter\":").append(filter).append(",\"check\":{\"status\":{\"_neq\":\"locked\"}}}}");
                delete.append(sep).append("{\"role\":\"").append(role).append("\",\"permission\":{\"filter\":").append(filter).append("}}");
            }
            json.append(",\"select_permissions\":[").append(select).append(']');
            json.append(",\"insert_permissions\":[").append(insert).append(']');
            json.append(",\"update_permissions\":[").append(update).append(']');
            json.append(",\"delete_permissions\":[").append(delete).append(']');
            json.append('}');
        }
        json.append("]}]}");
        return new SyntheticMetadata(json.toString(), new DatabaseSchema(schemaTables, List.of()));
    }

    private static String name(int i) {
        return String.format("t%04d", i);
    }

    private static String filter(int table, Random random) {
        int kind = random.nextInt(5);
        if (kind == 0 && table >= 3) {
            // A fifth of the filters: a 2- or 3-level relationship path, inside an OR.
            String path = random.nextBoolean()
                    ? "{\"parent\":{\"parent\":{\"owner_id\":{\"_eq\":\"X-Hasura-User-Id\"}}}}"
                    : "{\"parent\":{\"parent\":{\"parent\":{\"org_id\":{\"_in\":\"X-Hasura-Org-Ids\"}}}}}";
            return "{\"_or\":[" + path + ",{\"owner_id\":{\"_eq\":\"X-Hasura-User-Id\"}}]}";
        }
        switch (random.nextInt(4)) {
            case 0:
                return "{\"owner_id\":{\"_eq\":\"X-Hasura-User-Id\"}}";
            case 1:
                return "{\"_or\":[{\"org_id\":{\"_in\":\"X-Hasura-Org-Ids\"}},{\"status\":{\"_eq\":\"public\"}}]}";
            case 2:
                return "{\"_and\":[{\"owner_id\":{\"_eq\":\"X-Hasura-User-Id\"}},{\"score\":{\"_gte\":10}},"
                        + "{\"created_at\":{\"_gt\":\"2024-01-01T00:00:00Z\"}}]}";
            default:
                return "{\"_not\":{\"status\":{\"_in\":[\"archived\",\"deleted\"]}},\"data\":{\"_has_key\":\"visible\"}}";
        }
    }

    private static Table table(int i) {
        QualifiedName name = QualifiedName.of(name(i));
        List<Column> columns = List.of(
                Column.of("id", INT4, false, true),
                Column.of("owner_id", INT4, false, false),
                Column.of("org_id", INT4, true, false),
                Column.of("parent_id", INT4, true, false),
                Column.of("title", PgType.builtin("text"), false, false),
                Column.of("status", PgType.builtin("text"), false, false),
                Column.of("score", PgType.builtin("numeric"), true, false),
                Column.of("created_at", PgType.builtin("timestamptz"), false, true),
                Column.of("data", PgType.builtin("jsonb"), true, false),
                Column.of("tags", PgType.builtin("text").arrayOf(), true, false));
        List<ForeignKey> fks = i == 0 ? List.of() : List.of(new ForeignKey(name.name() + "_parent_id_fkey", name,
                List.of("parent_id"), QualifiedName.of(name(i - 1)), List.of("id")));
        return new Table(name, Table.Kind.TABLE, columns, Optional.of(new UniqueConstraint(name.name() + "_pkey",
                List.of("id"))), List.of(), fks);
    }
}
