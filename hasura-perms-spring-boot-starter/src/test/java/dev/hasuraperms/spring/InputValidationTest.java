package dev.hasuraperms.spring;

import dev.hasuraperms.spring.boot.autoconfigure.DiagnosticFailureAnalyzer;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.InputRejectedException;
import dev.hasuraperms.enforce.InputValidator;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.spring.app.Event;
import dev.hasuraperms.spring.app.EventRepository;
import dev.hasuraperms.spring.app.EventsApp;
import dev.hasuraperms.spring.app.User;
import dev.hasuraperms.testing.postgres.TestDatabase;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * validate_input under Spring: an InputValidator bean is registered in the start-up check, and the JPA write guard
 * calls it (Hasura's payload, inside the transaction, before the statement); without one, start-up fails.
 */
@SpringBootTest(classes = {EventsApp.class, InputValidationTest.Validators.class}, properties = {
        "hasura.perms.metadata=classpath:validate-input-metadata.json",
        "spring.jpa.hibernate.ddl-auto=none",
        "spring.jpa.open-in-view=false"})
class InputValidationTest {

    /** Records every call; rejects any payload mentioning "reject". */
    static final class RecordingValidator implements InputValidator {
        record Call(Request request, boolean inTransaction) {
        }

        final List<Call> calls = new ArrayList<>();

        @Override
        public synchronized Result validate(Request request) {
            calls.add(new Call(request, TransactionSynchronizationManager.isActualTransactionActive()));
            return JsonWriter.compact(request.payload()).contains("reject")
                    ? Result.rejected("no rejects, please") : Result.ok();
        }

        synchronized List<Call> take() {
            List<Call> out = List.copyOf(calls);
            calls.clear();
            return out;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Validators {
        @Bean
        RecordingValidator recordingValidator() {
            return new RecordingValidator();
        }
    }

    @Autowired
    RecordingValidator validator;
    @Autowired
    CheckedPermissions permissions;
    @Autowired
    EventRepository events;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    EntityManager em;

    private final TestDatabase db = EventsApp.database();

    private static Session writer(int id) {
        return Session.of("writer", Map.of("X-Hasura-User-Id", Integer.toString(id)));
    }

    private long count(String where) {
        return ((Number) db.query("SELECT count(*) AS n FROM events WHERE " + where).get(0).get("n")).longValue();
    }

    private Event saveAs(Session s, Event e) {
        return SessionContext.callAs(s, () -> tx.execute(st -> events.saveAndFlush(e)));
    }

    private static JsonArray input(InputValidator.Request r) {
        JsonObject data = (JsonObject) r.payload().get("data").orElseThrow();
        return (JsonArray) data.get("input").orElseThrow();
    }

    @BeforeEach
    void clear() {
        validator.take();
    }

    @Test
    void theValidatorBeanIsRegisteredInTheStartUpCheck() {
        assertThat(permissions.inputValidator()).containsSame(validator);
    }

    @Test
    void insertCallsTheValidatorWithHasurasPayloadInsideTheTransaction() {
        Event e = saveAs(writer(3), new Event("Football", "{\"mark\": \"iv-insert\"}"));
        assertThat(count("id = " + e.getId() + " AND user_id = 3")).isOne();
        List<RecordingValidator.Call> calls = validator.take();
        assertThat(calls).hasSize(1);
        RecordingValidator.Call call = calls.get(0);
        assertThat(call.inTransaction()).isTrue();
        InputValidator.Request r = call.request();
        assertThat(r.operation()).isEqualTo(Operation.INSERT);
        assertThat(r.role()).isEqualTo("writer");
        assertThat(r.table().name()).isEqualTo("events");
        assertThat(r.definition().url()).isEqualTo("http://validator.internal/events/insert");
        assertThat(JsonWriter.compact(r.payload().get("version").orElseThrow())).isEqualTo("1");
        assertThat(r.payload().get("role")).contains(JsonString.of("writer"));
        assertThat(JsonWriter.compact(r.payload().get("session_variables").orElseThrow()))
                .contains("\"x-hasura-user-id\":\"3\"");
        JsonArray input = input(r);
        assertThat(input.size()).isOne();
        JsonObject row = (JsonObject) input.get(0);
        // the caller's columns only: no preset user_id, no generated id; jsonb as JSON, as SecureJdbc sends it
        assertThat(row.keys()).containsExactlyInAnyOrder("type", "data", "created_at", "happened_at");
        assertThat(row.get("type")).contains(JsonString.of("Football"));
        assertThat(JsonWriter.compact(row.get("data").orElseThrow())).isEqualTo("{\"mark\":\"iv-insert\"}");
    }

    @Test
    void aRejectedInsertWritesNothingAndThrowsInputRejected() {
        long before = count("true");
        assertThatThrownBy(() -> saveAs(writer(3), new Event("Football", "{\"mark\": \"reject-me\"}")))
                .isInstanceOfSatisfying(InputRejectedException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(DiagnosticCode.INPUT_REJECTED);
                    assertThat(ex.rejection()).isEqualTo("no rejects, please");
                    assertThat(ex.operation()).isEqualTo(Operation.INSERT);
                });
        assertThat(count("true")).isEqualTo(before);
        assertThat(validator.take()).hasSize(1);
    }

    @Test
    void otherRefusalsComeFirstAndNeverReachTheValidator() {
        Event e = new Event("Football", "{\"mark\": \"reject-me\"}");
        e.setUser(em.getReference(User.class, 2));
        assertThatThrownBy(() -> saveAs(writer(3), e)).isInstanceOf(ColumnNotAllowedException.class);
        assertThat(validator.take()).isEmpty();
    }

    @Test
    void updateSendsTheChangedColumnsAsSetAndARejectionRollsBack() {
        Event mine = saveAs(writer(4), new Event("Football", "{\"mark\": \"iv-update\"}"));
        Integer id = mine.getId();
        validator.take();
        SessionContext.runAs(writer(4), () -> tx.executeWithoutResult(st -> {
            events.findById(id).orElseThrow().setType("Basketball");
            em.flush();
        }));
        List<RecordingValidator.Call> calls = validator.take();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).inTransaction()).isTrue();
        assertThat(calls.get(0).request().operation()).isEqualTo(Operation.UPDATE);
        assertThat(JsonWriter.compact(input(calls.get(0).request()))).isEqualTo("[{\"_set\":{\"type\":\"Basketball\"}}]");
        assertThat(db.query("SELECT type FROM events WHERE id = " + id).get(0).get("type")).isEqualTo("Basketball");

        assertThatThrownBy(() -> SessionContext.runAs(writer(4), () -> tx.executeWithoutResult(st -> {
            events.findById(id).orElseThrow().setType("rejected");
            em.flush();
        }))).isInstanceOfSatisfying(InputRejectedException.class,
                ex -> assertThat(ex.operation()).isEqualTo(Operation.UPDATE));
        assertThat(db.query("SELECT type FROM events WHERE id = " + id).get(0).get("type")).isEqualTo("Basketball");

        // outside the update filter: refused before the validator
        validator.take();
        assertThatThrownBy(() -> SessionContext.runAs(writer(5), () -> tx.executeWithoutResult(st -> {
            dev.hasuraperms.spring.jpa.PermissionBypass.call(() -> events.findById(id)).orElseThrow().setType("x");
            em.flush();
        }))).isInstanceOf(PermissionDeniedException.class);
        assertThat(validator.take()).isEmpty();
    }

    @Test
    void deleteSendsAnEmptyInputAndARejectionKeepsTheRow() {
        Event doomed = saveAs(writer(5), new Event("Basketball", "{\"mark\": \"iv-delete\"}"));
        validator.take();
        SessionContext.runAs(writer(5), () -> tx.executeWithoutResult(st -> {
            events.deleteById(doomed.getId());
            em.flush();
        }));
        assertThat(count("id = " + doomed.getId())).isZero();
        List<RecordingValidator.Call> calls = validator.take();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).request().operation()).isEqualTo(Operation.DELETE);
        assertThat(calls.get(0).inTransaction()).isTrue();
        assertThat(JsonWriter.compact(input(calls.get(0).request()))).isEqualTo("[{}]");

        // the session carries "reject": the payload's session_variables do, so the validator rejects the delete
        Event kept = saveAs(writer(5), new Event("Basketball", "{\"mark\": \"iv-delete-2\"}"));
        Session rejecting = Session.of("writer", Map.of("X-Hasura-User-Id", "5", "X-Hasura-Note", "reject"));
        assertThatThrownBy(() -> SessionContext.runAs(rejecting, () -> tx.executeWithoutResult(st -> {
            events.deleteById(kept.getId());
            em.flush();
        }))).isInstanceOfSatisfying(InputRejectedException.class,
                ex -> assertThat(ex.operation()).isEqualTo(Operation.DELETE));
        assertThat(count("id = " + kept.getId())).isOne();
    }

    @Test
    void withoutAValidatorBeanStartUpFailsWithNoInputValidator() {
        Throwable t = catchThrowable(() -> new SpringApplicationBuilder(EventsApp.class).web(WebApplicationType.NONE)
                .properties("hasura.perms.metadata=classpath:validate-input-metadata.json",
                        "spring.jpa.hibernate.ddl-auto=none", "spring.main.banner-mode=off")
                .run().close());
        DiagnosticException d = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DiagnosticException de) {
                d = de;
            }
        }
        assertThat(d).as("a DiagnosticException in %s", t).isNotNull();
        assertThat(d.errors()).extracting(x -> x.code()).containsOnly(DiagnosticCode.NO_INPUT_VALIDATOR).hasSize(3);
        FailureAnalysis a = new DiagnosticFailureAnalyzer().analyze(t);
        assertThat(a).isNotNull();
        assertThat(a.getAction()).contains("Declare an InputValidator bean");
    }
}
