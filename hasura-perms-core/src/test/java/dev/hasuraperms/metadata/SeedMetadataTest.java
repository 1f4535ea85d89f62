package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.boolexp.ColumnCondition;
import dev.hasuraperms.boolexp.FieldExp;
import dev.hasuraperms.boolexp.ObjectExp;
import dev.hasuraperms.boolexp.Operand;
import dev.hasuraperms.boolexp.Operator;
import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hasura-events seed (seed 000) loads into equal models from all three forms. */
class SeedMetadataTest {

    private final MetadataLoader loader = MetadataLoader.defaults();

    @Test
    void allThreeFormsLoadIntoEqualModels() {
        Metadata fromJson = loader.load(Fixtures.path("hasura-events/export/metadata.json"));
        Metadata fromDirectory = loader.load(Fixtures.path("hasura-events/metadata"));
        Metadata fromApi = loader.load(Fixtures.path("hasura-events/api/operations.json"));

        assertThat(fromDirectory).isEqualTo(fromJson);
        assertThat(fromApi).isEqualTo(fromJson);
        assertThat(fromJson.hashCode()).isEqualTo(fromDirectory.hashCode()).isEqualTo(fromApi.hashCode());
    }

    @Test
    void modelHoldsTheSeedPermissions() {
        Metadata m = loader.load(Fixtures.path("hasura-events/export/metadata.json"));
        Source source = m.source("default").orElseThrow();
        assertThat(source.kind()).isEqualTo("postgres");
        assertThat(source.tables()).extracting(TableMetadata::table)
                .containsExactly(QualifiedName.of("public", "users"), QualifiedName.of("public", "events"));

        TableMetadata users = source.table(QualifiedName.of("users")).orElseThrow();
        SelectPermission usersSelect = users.selectPermission("user").orElseThrow();
        assertThat(usersSelect.columns()).isEqualTo(ColumnSet.ALL);
        assertThat(usersSelect.limit()).contains(1);
        assertThat(users.updatePermission("user").orElseThrow().columns()).isEqualTo(ColumnSet.of(List.of("username")));
        assertThat(users.insertPermissions()).isEmpty();
        assertThat(users.deletePermissions()).isEmpty();

        TableMetadata events = source.table(QualifiedName.of("events")).orElseThrow();
        InsertPermission insert = events.insertPermission("user").orElseThrow();
        assertThat(insert.columns()).as("absent columns means all").isEqualTo(ColumnSet.ALL);
        assertThat(insert.check()).isEqualTo(ObjectExp.empty());
        assertThat(insert.set()).containsOnlyKeys("user_id");
        assertThat(insert.set().get("user_id"))
                .isEqualTo(new Preset.FromSession(SessionVariable.of("x-hasura-user-id"), insert.origin()));

        SelectPermission eventsSelect = events.selectPermission("user").orElseThrow();
        assertThat(eventsSelect.limit()).contains(10);
        ObjectExp filter = (ObjectExp) eventsSelect.filter();
        FieldExp userId = (FieldExp) filter.terms().get(0);
        assertThat(userId.name()).isEqualTo("user_id");
        ColumnCondition.Comparison eq = (ColumnCondition.Comparison) userId.asColumn().value().conditions().get(0);
        assertThat(eq.operator()).isEqualTo(Operator.EQ);
        assertThat(eq.operand()).isInstanceOf(Operand.SessionVariableRef.class);
        assertThat(((Operand.SessionVariableRef) eq.operand()).variable().name()).isEqualTo("x-hasura-user-id");
    }

    @Test
    void allowUpsertIsReportedAsDeprecatedWithItsLocation() {
        LoadResult r = loader.tryLoad(Fixtures.path("hasura-events/metadata"));
        assertThat(r.isOk()).isTrue();
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).hasSize(1);
        Diagnostic w = r.warnings().get(0);
        assertThat(w.code()).isEqualTo(DiagnosticCode.DEPRECATED_KEY);
        assertThat(w.jsonPath()).isEqualTo("$.sources[0].tables[1].insert_permissions[0].permission.allow_upsert");
        assertThat(w.location().file()).endsWith("public_events.yaml");
        assertThat(w.location().line()).isEqualTo(8);
        assertThat(w.location().column()).isEqualTo(7);
    }

    @Test
    void originsPointIntoIncludedFiles() {
        Metadata m = loader.load(Fixtures.path("hasura-events/metadata"));
        TableMetadata events = m.source("default").orElseThrow().table(QualifiedName.of("events")).orElseThrow();
        PermissionEntry<SelectPermission> select = events.selectPermissions().get(0);
        assertThat(select.origin().jsonPath()).isEqualTo("$.sources[0].tables[1].select_permissions[0]");
        assertThat(select.origin().location().file()).endsWith("tables/public_events.yaml");
        assertThat(select.origin().location().line()).isEqualTo(12);
    }
}
