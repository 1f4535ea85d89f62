package dev.hasuraperms.examples.jpa;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Mints demo tokens with Hasura claims (and prints two at start-up when example.print-demo-tokens=true). */
@Component
public class DemoTokens {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTokens.class);

    private final NimbusJwtEncoder encoder;
    private final boolean print;
    private final String port;

    public DemoTokens(@Value("${example.jwt.secret}") String secret,
                      @Value("${example.print-demo-tokens:false}") boolean print,
                      @Value("${local.server.port:${server.port:8080}}") String port) {
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(ExampleApplication.key(secret)));
        this.print = print;
        this.port = port;
    }

    /** A token for user {@code userId} with role {@code user}, as Hasura expects its claims. */
    public String forUser(int userId) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(Integer.toString(userId)).issuedAt(now)
                .expiresAt(now.plus(Duration.ofHours(8)))
                .claim("https://hasura.io/jwt/claims", Map.of(
                        "x-hasura-allowed-roles", List.of("user"),
                        "x-hasura-default-role", "user",
                        "x-hasura-user-id", Integer.toString(userId)))
                .build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void printDemoTokens() {
        if (print) {
            LOG.info("Demo: curl -H 'Authorization: Bearer {}' 'http://localhost:{}/api/events?size=5'", forUser(1), port);
            LOG.info("Demo: curl -H 'Authorization: Bearer {}' 'http://localhost:{}/api/me'", forUser(2), port);
        }
    }
}
