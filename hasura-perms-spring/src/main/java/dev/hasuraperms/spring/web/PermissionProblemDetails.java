package dev.hasuraperms.spring.web;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.InputRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;

/**
 * hasura-perms refusals as RFC 9457 problem details (opt-in: {@code hasura.perms.web.problem-details=true}):
 *
 * <ul>
 *   <li>403 — no permission ({@code NO_PERMISSION}), a failed check ({@code CHECK_VIOLATION}), a column not allowed
 *       ({@code COLUMN_NOT_ALLOWED}), a role the token does not allow ({@code ROLE_NOT_ALLOWED});</li>
 *   <li>400 — invalid input or session values ({@code INVALID_SESSION_VARIABLE}, {@code MISSING_SESSION_VARIABLE},
 *       {@code INVALID_COLUMN_VALUE}, {@code INVALID_ROW_VALUE}, {@code INVALID_VALUE}, {@code INVALID_OPERAND});</li>
 *   <li>422 — the host's {@link dev.hasuraperms.enforce.InputValidator} (standing in for a {@code validate_input}
 *       webhook) rejected the write ({@code INPUT_REJECTED}): {@code detail} is the validator's message, as Hasura
 *       returns the webhook's message with {@code validation-failed} (Hasura answers GraphQL errors with HTTP 200;
 *       a REST service answers the well-formed but refused input with 422, apart from the malformed input of 400);</li>
 *   <li>401 — no session ({@code MISSING_ROLE}) or unusable JWT claims ({@code INVALID_JWT_CLAIMS});</li>
 *   <li>500 — anything else from hasura-perms (an unsecured statement, a database error, ...): a fault of the
 *       application, answered without its message and logged at WARN.</li>
 * </ul>
 *
 * <p>The body carries the diagnostic code as the {@code code} property and the exception's one-line message as
 * {@code detail} (4xx only; for {@code INPUT_REJECTED} the validator's message). Refusals are logged at INFO.
 */
@RestControllerAdvice
public class PermissionProblemDetails {

    private static final Logger LOG = LoggerFactory.getLogger(PermissionProblemDetails.class);

    /**
     * The HTTP status of a refusal with {@code code}.
     *
     * @param code the diagnostic code of the refusal
     * @return 403, 400, 422 or 401 for the refusals listed on this class, 500 for any other code; never null
     */
    public static HttpStatus status(DiagnosticCode code) {
        return switch (code) {
            case NO_PERMISSION, CHECK_VIOLATION, COLUMN_NOT_ALLOWED, ROLE_NOT_ALLOWED -> HttpStatus.FORBIDDEN;
            case INVALID_SESSION_VARIABLE, MISSING_SESSION_VARIABLE, INVALID_COLUMN_VALUE, INVALID_ROW_VALUE,
                 INVALID_VALUE, INVALID_OPERAND -> HttpStatus.BAD_REQUEST;
            case INPUT_REJECTED -> HttpStatus.UNPROCESSABLE_CONTENT;
            case MISSING_ROLE, INVALID_JWT_CLAIMS -> HttpStatus.UNAUTHORIZED;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /**
     * Answers a hasura-perms exception with an RFC 9457 problem detail: the status of {@link #status}, the diagnostic
     * code as the {@code code} property and, for 4xx only, the message as {@code detail}.
     *
     * @param e the exception a controller threw
     * @return the response with the problem detail body, never null
     */
    @ExceptionHandler(HasuraPermsException.class)
    public ResponseEntity<ProblemDetail> refused(HasuraPermsException e) {
        HttpStatus status = status(e.code());
        ProblemDetail body;
        if (status.is5xxServerError()) {
            LOG.warn("hasura-perms: {} answered with 500", e.code(), e);
            body = ProblemDetail.forStatus(status);
        } else {
            LOG.info("hasura-perms: refused with {} ({}): {}", status.value(), e.code(), e.getMessage());
            body = ProblemDetail.forStatusAndDetail(status,
                    e instanceof InputRejectedException r ? r.rejection() : e.getMessage());
        }
        body.setTitle(title(status));
        body.setType(URI.create("urn:hasura-perms:" + e.code().name().toLowerCase(java.util.Locale.ROOT)));
        body.setProperty("code", e.code().name());
        return ResponseEntity.status(status).body(body);
    }

    private static String title(HttpStatus status) {
        return switch (status) {
            case FORBIDDEN -> "Not allowed by the permissions";
            case BAD_REQUEST -> "Invalid input or session value";
            case UNPROCESSABLE_CONTENT -> "Input rejected by validation";
            case UNAUTHORIZED -> "No usable session";
            default -> "Permission enforcement failed";
        };
    }
}
