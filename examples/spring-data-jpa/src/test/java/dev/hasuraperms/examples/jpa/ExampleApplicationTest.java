package dev.hasuraperms.examples.jpa;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The example end to end over HTTP: JWT → Hasura session → permission-filtered repositories. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "example.print-demo-tokens=false")
class ExampleApplicationTest {

    @LocalServerPort
    int port;
    @Autowired
    DemoTokens tokens;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> send(String method, String path, String token, String role, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (role != null) {
            b.header("X-Hasura-Role", role);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachUserSeesOnlyTheirOwnEventsWithCorrectTotals() throws Exception {
        assertThat(send("GET", "/api/events", null, null, null).statusCode()).isEqualTo(401);

        HttpResponse<String> r = send("GET", "/api/events?size=50&type=Football", tokens.forUser(1), null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        Long expected = jdbc.queryForObject(
                "SELECT count(*) FROM events WHERE user_id = 1 AND type = 'Football'", Long.class);
        assertThat(body.get("total").asLong()).isEqualTo(expected).isPositive();
        assertThat(body.get("events")).hasSize(10); // the permission's limit caps the page size at 10
        body.get("events").forEach(e -> {
            assertThat(e.get("userId").asInt()).isEqualTo(1);
            assertThat(e.get("type").asString()).isEqualTo("Football");
        });

        Integer othersEvent = jdbc.queryForObject("SELECT min(id) FROM events WHERE user_id = 2", Integer.class);
        assertThat(send("GET", "/api/events/" + othersEvent, tokens.forUser(1), null, null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/api/events/" + othersEvent, tokens.forUser(2), null, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void usersReadAndRenameOnlyThemselves() throws Exception {
        JsonNode me = json.readTree(send("GET", "/api/me", tokens.forUser(3), null, null).body());
        assertThat(me).hasSize(1);
        assertThat(me.get(0).get("id").asInt()).isEqualTo(3);

        assertThat(send("PATCH", "/api/users/3", tokens.forUser(3), null, "{\"username\":\"Renamed\"}")
                .statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT username FROM users WHERE id = 3", String.class)).isEqualTo("Renamed");
        assertThat(send("PATCH", "/api/users/4", tokens.forUser(3), null, "{\"username\":\"Nope\"}")
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aRoleOutsideTheTokensAllowedRolesIsForbidden() throws Exception {
        HttpResponse<String> r = send("GET", "/api/events", tokens.forUser(1), "admin", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json.readTree(r.body()).get("code").asString()).isEqualTo("ROLE_NOT_ALLOWED");
    }
}
