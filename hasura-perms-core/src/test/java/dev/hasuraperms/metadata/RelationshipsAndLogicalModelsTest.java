package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Seed 001 (relationship forms) and seed 002 (logical models). */
class RelationshipsAndLogicalModelsTest {

    private final MetadataLoader loader = MetadataLoader.defaults();

    private Source relationships() {
        return loader.load(Fixtures.path("relationships/metadata")).source("default").orElseThrow();
    }

    @Test
    void manualConfigurationWithRemoteTableInAnotherSchema() {
        TableMetadata message = relationships().table(QualifiedName.of("chat", "Message")).orElseThrow();
        Relationship element = message.relationship("element").orElseThrow();
        assertThat(element.kind()).isEqualTo(Relationship.Kind.OBJECT);
        assertThat(element.using()).isEqualTo(new RelationshipUsing.Manual(QualifiedName.of("content", "Element"),
                Map.of("elementId", "id"), Optional.empty()));
    }

    @Test
    void arrayForeignKeyWithColumnAndWithColumns() {
        TableMetadata message = relationships().table(QualifiedName.of("chat", "Message")).orElseThrow();
        assertThat(message.relationship("flags").orElseThrow().using())
                .isEqualTo(new RelationshipUsing.RemoteForeignKey(QualifiedName.of("chat", "Flag"), List.of("messageSId")));
        assertThat(message.relationship("reactions").orElseThrow().using()).isEqualTo(new RelationshipUsing.RemoteForeignKey(
                QualifiedName.of("chat", "Reaction"), List.of("messageSId", "conferenceId")));
        assertThat(message.arrayRelationships()).extracting(Relationship::name).containsExactly("flags", "reactions");
    }

    @Test
    void objectForeignKeyOnOneColumnAndOnSeveral() {
        Source s = relationships();
        assertThat(s.table(QualifiedName.of("content", "Element")).orElseThrow().relationship("conference").orElseThrow().using())
                .isEqualTo(new RelationshipUsing.ForeignKeyColumns(List.of("conferenceId")));
        assertThat(s.table(QualifiedName.of("chat", "Reaction")).orElseThrow().relationship("message").orElseThrow().using())
                .isEqualTo(new RelationshipUsing.ForeignKeyColumns(List.of("messageSId", "conferenceId")));
    }

    @Test
    void quotedCamelCaseNamesAreKeptAsWritten() {
        Source s = relationships();
        assertThat(s.tables()).extracting(TableMetadata::table).contains(
                QualifiedName.of("analytics", "ContentElementStats"), QualifiedName.of("conference", "Conference"));
        assertThat(s.table(QualifiedName.of("analytics", "contentelementstats"))).as("names are case-sensitive").isEmpty();
        assertThat(s.table(QualifiedName.of("chat", "Flag")).orElseThrow().insertPermission("attendee").orElseThrow().columns())
                .isEqualTo(ColumnSet.of(List.of("messageSId")));
    }

    @Test
    void mutuallyReferencingLogicalModelsLoadInBulkAtomic() {
        Metadata m = loader.load(Fixtures.path("logical-models/api/bulk_atomic.json"));
        Source s = m.source("default").orElseThrow();
        LogicalModel article = s.logicalModel("article").orElseThrow();
        LogicalModel author = s.logicalModel("author").orElseThrow();
        assertThat(article.field("author").orElseThrow().type()).isEqualTo(new LogicalModelType.ModelRef("author", false));
        assertThat(author.field("articles").orElseThrow().type())
                .isEqualTo(new LogicalModelType.ArrayOf(new LogicalModelType.ModelRef("article", false), false));
        assertThat(article.field("published_date").orElseThrow().type()).isEqualTo(new LogicalModelType.Scalar("date", true));
        assertThat(article.selectPermission("reader").orElseThrow().columns())
                .isEqualTo(ColumnSet.of(List.of("id", "title", "contents", "published_date")));
        assertThat(author.selectPermission("reader").orElseThrow().columns()).isEqualTo(ColumnSet.ALL);
    }

    @Test
    void oneByOneTrackingOfMutualReferencesFails() {
        LoadResult r = loader.tryLoad(Fixtures.path("logical-models/api/one_by_one.json"));
        assertThat(r.errors()).extracting(d -> d.code()).containsOnly(DiagnosticCode.UNKNOWN_LOGICAL_MODEL);
    }

    @Test
    void cliDirectoryLogicalModelsEqualTheApiOnes() {
        Source api = loader.load(Fixtures.path("logical-models/api/bulk_atomic.json")).source("default").orElseThrow();
        Source dir = loader.load(Fixtures.path("logical-models/metadata")).source("default").orElseThrow();
        assertThat(dir.logicalModels()).isEqualTo(api.logicalModels());
    }
}
