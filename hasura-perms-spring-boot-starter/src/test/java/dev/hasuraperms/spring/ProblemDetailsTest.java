package dev.hasuraperms.spring;

import dev.hasuraperms.spring.boot.autoconfigure.HasuraPermsAutoConfiguration;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.MissingRoleException;
import dev.hasuraperms.spring.app.EventsApp;
import dev.hasuraperms.spring.web.PermissionProblemDetails;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Refusals as problem details: 403 / 400 / 401, 500 without the message; the advice is opt-in. */
class ProblemDetailsTest {

    private static final QualifiedName EVENTS = QualifiedName.of("public", "events");
    private final PermissionProblemDetails advice = new PermissionProblemDetails();

    private ResponseEntity<ProblemDetail> answer(HasuraPermsException e) {
        ResponseEntity<ProblemDetail> r = advice.refused(e);
        assertThat(r.getBody()).isNotNull();
        assertThat(r.getBody().getStatus()).isEqualTo(r.getStatusCode().value());
        assertThat(r.getBody().getProperties()).containsEntry("code", e.code().name());
        return r;
    }

    @Test
    void refusalsAre403() {
        ResponseEntity<ProblemDetail> r = answer(new PermissionDeniedException("user", EVENTS, Operation.SELECT));
        assertThat(r.getStatusCode().value()).isEqualTo(403);
        assertThat(r.getBody().getDetail()).contains("role user has no select permission");
        assertThat(answer(new ColumnNotAllowedException("user", EVENTS, Operation.UPDATE, "type", "no"))
                .getStatusCode().value()).isEqualTo(403);
        assertThat(answer(new CheckViolationException("user", EVENTS, Operation.INSERT,
                List.of(new CheckViolationException.Failure(0, Map.of("id", 1), Optional.empty()))))
                .getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void invalidInputIs400AndNoSessionIs401() {
        assertThat(answer(new HasuraPermsException(DiagnosticCode.INVALID_SESSION_VARIABLE, "bad value"))
                .getStatusCode().value()).isEqualTo(400);
        assertThat(answer(new HasuraPermsException(DiagnosticCode.INVALID_COLUMN_VALUE, "bad column value"))
                .getStatusCode().value()).isEqualTo(400);
        assertThat(answer(new MissingRoleException("no session")).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aRejectedInputIs422WithTheValidatorsMessage() {
        ResponseEntity<ProblemDetail> r = answer(new dev.hasuraperms.enforce.InputRejectedException("writer", EVENTS,
                Operation.INSERT, "type must be a sport"));
        assertThat(r.getStatusCode().value()).isEqualTo(422);
        assertThat(r.getBody().getDetail()).isEqualTo("type must be a sport");
        assertThat(r.getBody().getTitle()).isEqualTo("Input rejected by validation");
    }

    @Test
    void faultsAre500WithoutTheirMessage() {
        ResponseEntity<ProblemDetail> r = answer(new HasuraPermsException(DiagnosticCode.DATABASE_ERROR,
                "connection to secret-host refused"));
        assertThat(r.getStatusCode().value()).isEqualTo(500);
        assertThat(r.getBody().getDetail()).isNull();
    }

    @Test
    void theAdviceIsOptIn() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HasuraPermsAutoConfiguration.class))
                .withBean(DataSource.class, () -> EventsApp.database().dataSource())
                .withPropertyValues("hasura.perms.metadata=classpath:events-metadata.json");
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(PermissionProblemDetails.class));
        runner.withPropertyValues("hasura.perms.web.problem-details=true")
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(PermissionProblemDetails.class));
    }
}
