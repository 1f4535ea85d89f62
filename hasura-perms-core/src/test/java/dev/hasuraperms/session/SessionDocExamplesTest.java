package dev.hasuraperms.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.types.PgType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The examples for the session codes in {@code docs/diagnostics.md} are the messages the code really gives. */
class SessionDocExamplesTest {

    private static String rendered(Runnable r) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).isInstanceOf(HasuraPermsException.class);
        HasuraPermsException e = (HasuraPermsException) t;
        return "[" + e.code().name() + "] " + e.getMessage();
    }

    @Test
    void theDocumentedExamplesAreTheRealMessages() throws IOException {
        String doc = Files.readString(Fixtures.projectRoot().resolve("docs/diagnostics.md"), StandardCharsets.UTF_8);
        SessionVariable userId = SessionVariable.of("X-Hasura-User-Id");
        PgType int4 = PgType.builtin("int4");
        String roles = "\"x-hasura-allowed-roles\": [\"user\", \"editor\"], \"x-hasura-default-role\": \"user\"";
        List<String> examples = List.of(
                rendered(() -> Session.of("user", Map.of()).typedValue(userId, int4)),
                rendered(() -> Session.of("user", Map.of("X-Hasura-User-Id", "abc")).typedValue(userId, int4)),
                rendered(() -> Session.fromHeaders(Map.of("X-Hasura-User-Id", "1"))),
                rendered(() -> Session.fromJwtClaims(Json.parse("{\"https://hasura.io/jwt/claims\": {" + roles + "}}"),
                        JwtClaimsConfig.defaults(), Optional.of("admin"))),
                rendered(() -> Session.fromJwtClaims(Json.parse("{\"https://hasura.io/jwt/claims\": {}}"),
                        JwtClaimsConfig.defaults(), Optional.empty())),
                rendered(() -> Session.fromJwtClaims(Json.parse("{\"https://hasura.io/jwt/claims\": {" + roles
                        + ", \"x-hasura-user-id\": 42}}"), JwtClaimsConfig.defaults(), Optional.empty())),
                rendered(() -> JwtClaimsConfig.parse("{\"type\": \"HS256\", \"key\": \"...\", \"claims_namespace\": "
                        + "\"hasura\", \"claims_namespace_path\": \"$.hasura\"}")));
        for (String example : examples) {
            assertThat(doc).contains("\n" + example + "\n");
        }
    }
}
