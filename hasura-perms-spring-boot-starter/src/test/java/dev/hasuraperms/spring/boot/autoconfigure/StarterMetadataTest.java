package dev.hasuraperms.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The starter's generated Boot metadata: auto-configuration registration, ordering and property value hints. */
class StarterMetadataTest {

    private static InputStream resource(String name) {
        InputStream in = StarterMetadataTest.class.getClassLoader().getResourceAsStream(name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    @Test
    void autoConfigurationsAreRegisteredAndOrderedAfterBoot4DataSourceAndHibernate() throws IOException {
        String imports;
        try (InputStream in = resource(
                "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            imports = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(imports.lines()).containsExactly(HasuraPermsAutoConfiguration.class.getName(),
                HasuraPermsDisabledConfiguration.class.getName());
        Properties meta = new Properties();
        try (InputStream in = resource("META-INF/spring-autoconfigure-metadata.properties")) {
            meta.load(in);
        }
        String name = HasuraPermsAutoConfiguration.class.getName();
        assertThat(meta.getProperty(name + ".AutoConfigureAfter")).contains(
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration");
        assertThat(meta.getProperty(name + ".AutoConfigureBefore"))
                .isEqualTo("org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration");
    }

    @Test
    void propertiesCarryValueHints() throws IOException {
        JsonNode meta;
        try (InputStream in = resource("META-INF/spring-configuration-metadata.json")) {
            meta = new ObjectMapper().readTree(in);
        }
        List<String> properties = new ArrayList<>();
        meta.get("properties").forEach(p -> properties.add(p.get("name").asText()));
        assertThat(properties).contains("hasura.perms.enabled", "hasura.perms.metadata", "hasura.perms.jooq.plain-sql",
                "hasura.perms.web.problem-details", "hasura.perms.jpa.guard-reads");
        List<String> hinted = new ArrayList<>();
        List<String> plainSql = new ArrayList<>();
        meta.get("hints").forEach(h -> {
            hinted.add(h.get("name").asText());
            if (h.get("name").asText().equals("hasura.perms.jooq.plain-sql")) {
                h.get("values").forEach(v -> plainSql.add(v.get("value").asText()));
            }
        });
        assertThat(hinted).contains("hasura.perms.metadata", "hasura.perms.jooq.plain-sql",
                "hasura.perms.web.problem-details", "hasura.perms.jwt.claims-format");
        assertThat(plainSql).containsExactly("refuse", "pass");
    }
}
