package dev.hasuraperms.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
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
        String json;
        try (InputStream in = resource("META-INF/spring-configuration-metadata.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int hints = json.indexOf("\"hints\"");
        assertThat(hints).isPositive();
        String properties = json.substring(0, hints);
        String hintPart = json.substring(hints);
        for (String name : List.of("hasura.perms.enabled", "hasura.perms.metadata", "hasura.perms.jooq.plain-sql",
                "hasura.perms.web.problem-details", "hasura.perms.jpa.guard-reads")) {
            assertThat(properties).as(name).containsPattern("\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"");
        }
        for (String name : List.of("hasura.perms.metadata", "hasura.perms.jooq.plain-sql",
                "hasura.perms.web.problem-details", "hasura.perms.jwt.claims-format")) {
            assertThat(hintPart).as(name).containsPattern("\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"");
        }
        assertThat(hintPart).containsPattern("\"value\"\\s*:\\s*\"refuse\"")
                .containsPattern("\"value\"\\s*:\\s*\"stringified_json\"")
                .containsPattern("\"value\"\\s*:\\s*\"classpath:hasura-metadata.json\"");
    }
}
