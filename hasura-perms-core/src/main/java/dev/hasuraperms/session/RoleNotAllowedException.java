package dev.hasuraperms.session;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import java.util.List;

/**
 * The role requested for a JWT session (or, when none was requested, the token's default role) is not in the token's
 * {@code x-hasura-allowed-roles}. Hasura answers 400 {@code access-denied}, "Your requested role is not in allowed
 * roles". Code {@link DiagnosticCode#ROLE_NOT_ALLOWED}.
 */
public final class RoleNotAllowedException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /** At most this many allowed roles are listed in the message. */
    private static final int LISTED = 10;

    /** The refused role. */
    private final String role;
    /** The token's allowed roles. */
    private final List<String> allowedRoles;

    /**
     * {@code role} is not one of {@code allowedRoles}.
     *
     * @param role the requested role; never null
     * @param allowedRoles the token's allowed roles; never null
     */
    public RoleNotAllowedException(String role, List<String> allowedRoles) {
        super(DiagnosticCode.ROLE_NOT_ALLOWED, message(role, allowedRoles));
        this.role = role;
        this.allowedRoles = List.copyOf(allowedRoles);
    }

    private static String message(String role, List<String> allowedRoles) {
        StringBuilder sb = new StringBuilder("your requested role is not in allowed roles: role ")
                .append(Messages.quote(role)).append(", allowed roles [");
        for (int i = 0; i < allowedRoles.size() && i < LISTED; i++) {
            sb.append(i == 0 ? "" : ", ").append(Messages.quote(allowedRoles.get(i)));
        }
        if (allowedRoles.size() > LISTED) {
            sb.append(", ... (").append(allowedRoles.size() - LISTED).append(" more)");
        }
        return sb.append(']').toString();
    }

    /** {@return the role that was refused} */
    public String role() {
        return role;
    }

    /** {@return the token's allowed roles} */
    public List<String> allowedRoles() {
        return allowedRoles;
    }
}
