package dev.hasuraperms.examples.jpa;

import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.session.InvalidJwtClaimsException;
import dev.hasuraperms.session.MissingRoleException;
import dev.hasuraperms.session.RoleNotAllowedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/** hasura-perms refusals as HTTP answers, with the diagnostic code. */
@RestControllerAdvice
public class PermissionErrors {

    @ExceptionHandler(HasuraPermsException.class)
    public ResponseEntity<Map<String, String>> refused(HasuraPermsException e) {
        HttpStatus status;
        if (e instanceof MissingRoleException || e instanceof InvalidJwtClaimsException) {
            status = HttpStatus.UNAUTHORIZED;
        } else if (e instanceof PermissionDeniedException || e instanceof RoleNotAllowedException) {
            status = HttpStatus.FORBIDDEN;
        } else if (e instanceof CheckViolationException) {
            status = HttpStatus.UNPROCESSABLE_ENTITY;
        } else {
            status = HttpStatus.BAD_REQUEST;
        }
        return ResponseEntity.status(status).body(Map.of("code", e.code().name(), "message", e.getMessage()));
    }
}
