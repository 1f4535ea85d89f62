package dev.hasuraperms.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.ArrayList;
import java.util.List;

/** Configuration of the hasura-perms Spring Boot integration ({@code hasura.perms.*}). */
@ConfigurationProperties(prefix = "hasura.perms")
public class HasuraPermsProperties {

    /**
     * Whether hasura-perms is active (default true). Active, it needs {@code hasura.perms.metadata}: start-up fails
     * without it. {@code false} switches the integration off deliberately (logged at WARN).
     */
    private boolean enabled = true;

    /**
     * Where the Hasura metadata is: a Spring resource location of an exported metadata JSON file or of a Hasura CLI
     * metadata directory ({@code classpath:hasura/metadata.json}, {@code file:./hasura/metadata}). A classpath
     * directory must be on the file system (not inside a jar); export the metadata to JSON to ship it in a jar.
     * Required while {@code hasura.perms.enabled} is true: unset or blank, start-up fails.
     */
    private String metadata;

    /** Database schemas to read at start-up for the type check (default: every schema but the system ones). */
    private List<String> schemas = new ArrayList<>();

    private final Jwt jwt = new Jwt();
    private final Session session = new Session();
    private final Jpa jpa = new Jpa();
    private final Jooq jooq = new Jooq();
    private final Web web = new Web();

    /**
     * Returns whether hasura-perms is active.
     *
     * @return {@code true} (the default) when the integration is active and {@code hasura.perms.metadata} is required
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Switches the integration on or off ({@code hasura.perms.enabled}).
     *
     * @param enabled {@code false} to switch hasura-perms off deliberately (logged at WARN at start-up)
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Returns the metadata location ({@code hasura.perms.metadata}).
     *
     * @return the Spring resource location of the metadata JSON file or directory, or null while unset
     */
    public String getMetadata() {
        return metadata;
    }

    /**
     * Sets the metadata location ({@code hasura.perms.metadata}).
     *
     * @param metadata a Spring resource location of an exported metadata JSON file or a Hasura CLI metadata directory
     */
    public void setMetadata(String metadata) {
        this.metadata = metadata;
    }

    /**
     * Returns the database schemas read at start-up for the type check ({@code hasura.perms.schemas}).
     *
     * @return the schema names, never null; empty (the default) means every schema but the system ones
     */
    public List<String> getSchemas() {
        return schemas;
    }

    /**
     * Sets the database schemas read at start-up for the type check ({@code hasura.perms.schemas}).
     *
     * @param schemas the schema names; empty means every schema but the system ones
     */
    public void setSchemas(List<String> schemas) {
        this.schemas = schemas;
    }

    /**
     * Returns the JWT settings ({@code hasura.perms.jwt.*}).
     *
     * @return the JWT settings, never null
     */
    public Jwt getJwt() {
        return jwt;
    }

    /**
     * Returns the session settings ({@code hasura.perms.session.*}).
     *
     * @return the session settings, never null
     */
    public Session getSession() {
        return session;
    }

    /**
     * Returns the Spring Data JPA settings ({@code hasura.perms.jpa.*}).
     *
     * @return the JPA settings, never null
     */
    public Jpa getJpa() {
        return jpa;
    }

    /**
     * Returns the jOOQ settings ({@code hasura.perms.jooq.*}).
     *
     * @return the jOOQ settings, never null
     */
    public Jooq getJooq() {
        return jooq;
    }

    /**
     * Returns the Spring MVC settings ({@code hasura.perms.web.*}).
     *
     * @return the web settings, never null
     */
    public Web getWeb() {
        return web;
    }

    /** Spring MVC. */
    public static class Web {
        /**
         * Install a {@code @RestControllerAdvice} answering hasura-perms refusals with RFC 9457 problem details:
         * 403 for a missing permission, a check violation or a column not allowed, 400 for invalid input or
         * session values, 401 for a missing or invalid session (default false).
         */
        private boolean problemDetails = false;

        /**
         * Returns whether the problem-details {@code @RestControllerAdvice} is installed.
         *
         * @return {@code true} if refusals are answered with RFC 9457 problem details (default {@code false})
         */
        public boolean isProblemDetails() {
            return problemDetails;
        }

        /**
         * Sets whether the problem-details {@code @RestControllerAdvice} is installed ({@code hasura.perms.web.problem-details}).
         *
         * @param problemDetails {@code true} to answer refusals with RFC 9457 problem details
         */
        public void setProblemDetails(boolean problemDetails) {
            this.problemDetails = problemDetails;
        }
    }

    /** Where the Hasura claims are in the JWT, as Hasura's {@code HASURA_GRAPHQL_JWT_SECRET} says it. */
    public static class Jwt {
        /** The claim holding the Hasura claims (Hasura's claims_namespace); default https://hasura.io/jwt/claims. */
        private String claimsNamespace;
        /** A JSON path to the Hasura claims instead (Hasura's claims_namespace_path), e.g. $.hasura.claims. */
        private String claimsNamespacePath;
        /** json (default) or stringified_json: how the namespace's value is encoded (Hasura's claims_format). */
        private String claimsFormat;
        /** Hasura's claims_map as a JSON object string, mapping x-hasura-* variables to JSON paths or literals. */
        private String claimsMap;
        /**
         * Whether the X-Hasura-Role request header selects the role among the token's allowed roles, as in
         * Hasura (default true).
         */
        private boolean roleHeader = true;

        /**
         * Returns the claim holding the Hasura claims (Hasura's claims_namespace).
         *
         * @return the claim name, or null while unset (then https://hasura.io/jwt/claims applies)
         */
        public String getClaimsNamespace() {
            return claimsNamespace;
        }

        /**
         * Sets the claim holding the Hasura claims ({@code hasura.perms.jwt.claims-namespace}).
         *
         * @param claimsNamespace the claim name, as Hasura's claims_namespace
         */
        public void setClaimsNamespace(String claimsNamespace) {
            this.claimsNamespace = claimsNamespace;
        }

        /**
         * Returns the JSON path to the Hasura claims (Hasura's claims_namespace_path).
         *
         * @return the JSON path, e.g. {@code $.hasura.claims}, or null while unset
         */
        public String getClaimsNamespacePath() {
            return claimsNamespacePath;
        }

        /**
         * Sets the JSON path to the Hasura claims ({@code hasura.perms.jwt.claims-namespace-path}).
         *
         * @param claimsNamespacePath the JSON path, as Hasura's claims_namespace_path
         */
        public void setClaimsNamespacePath(String claimsNamespacePath) {
            this.claimsNamespacePath = claimsNamespacePath;
        }

        /**
         * Returns how the claims namespace's value is encoded (Hasura's claims_format).
         *
         * @return {@code json} or {@code stringified_json}, or null while unset (then {@code json} applies)
         */
        public String getClaimsFormat() {
            return claimsFormat;
        }

        /**
         * Sets how the claims namespace's value is encoded ({@code hasura.perms.jwt.claims-format}).
         *
         * @param claimsFormat {@code json} or {@code stringified_json}
         */
        public void setClaimsFormat(String claimsFormat) {
            this.claimsFormat = claimsFormat;
        }

        /**
         * Returns Hasura's claims_map as a JSON object string.
         *
         * @return the claims map JSON, or null while unset
         */
        public String getClaimsMap() {
            return claimsMap;
        }

        /**
         * Sets Hasura's claims_map ({@code hasura.perms.jwt.claims-map}).
         *
         * @param claimsMap a JSON object string mapping x-hasura-* variables to JSON paths or literals
         */
        public void setClaimsMap(String claimsMap) {
            this.claimsMap = claimsMap;
        }

        /**
         * Returns whether the X-Hasura-Role request header selects the role among the token's allowed roles.
         *
         * @return {@code true} (the default) if the header is honoured, as in Hasura
         */
        public boolean isRoleHeader() {
            return roleHeader;
        }

        /**
         * Sets whether the X-Hasura-Role request header selects the role ({@code hasura.perms.jwt.role-header}).
         *
         * @param roleHeader {@code true} to honour the header among the token's allowed roles
         */
        public void setRoleHeader(boolean roleHeader) {
            this.roleHeader = roleHeader;
        }
    }

    /** Where sessions come from. */
    public static class Session {
        /**
         * Trust X-Hasura-* request headers as the session (role and variables), for trusted internal callers
         * only: anyone who can reach the service can claim any role. Off by default; when on, it replaces the JWT
         * resolver.
         */
        private boolean trustedHeaders = false;

        /**
         * Returns whether X-Hasura-* request headers are trusted as the session.
         *
         * @return {@code true} if the trusted-header resolver replaces the JWT resolver (default {@code false})
         */
        public boolean isTrustedHeaders() {
            return trustedHeaders;
        }

        /**
         * Sets whether X-Hasura-* request headers are trusted as the session ({@code hasura.perms.session.trusted-headers}).
         *
         * @param trustedHeaders {@code true} only for trusted internal callers: anyone reaching the service can claim any role
         */
        public void setTrustedHeaders(boolean trustedHeaders) {
            this.trustedHeaders = trustedHeaders;
        }
    }

    /** The Spring Data JPA integration. */
    public static class Jpa {
        /** Whether the JPA integration (Specification factory, write guard) is set up (default true). */
        private boolean enabled = true;
        /** Whether a permission table without a JPA entity fails start-up (default true). */
        private boolean requireEntityForEveryTable = true;
        /** The schema of entities whose table names none (default public). */
        private String defaultSchema = "public";
        /**
         * Whether Hibernate writes of entities with permissions are guarded: column guard and presets before the
         * write, the permission's check in SQL after it, update and delete filters on the row (default true).
         */
        private boolean guardWrites = true;
        /**
         * Whether reads of entities with permissions are guarded (default true): Spring Data repositories AND the
         * select permission into every CRUD and Specification read and refuse unfiltered query methods at
         * start-up, and every entity Hibernate loads outside them is checked against the select permission.
         */
        private boolean guardReads = true;

        /**
         * Returns whether reads of entities with permissions are guarded.
         *
         * @return {@code true} (the default) if repository reads are filtered and loaded entities are checked
         */
        public boolean isGuardReads() {
            return guardReads;
        }

        /**
         * Sets whether reads of entities with permissions are guarded ({@code hasura.perms.jpa.guard-reads}).
         *
         * @param guardReads {@code true} to filter repository reads and check every entity Hibernate loads
         */
        public void setGuardReads(boolean guardReads) {
            this.guardReads = guardReads;
        }

        /**
         * Returns whether the JPA integration is set up.
         *
         * @return {@code true} (the default) if the Specification factory and the write guard are set up
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the JPA integration is set up ({@code hasura.perms.jpa.enabled}).
         *
         * @param enabled {@code false} to skip the Specification factory and the write guard
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Returns whether a permission table without a JPA entity fails start-up.
         *
         * @return {@code true} (the default) if every table with permissions must have an entity
         */
        public boolean isRequireEntityForEveryTable() {
            return requireEntityForEveryTable;
        }

        /**
         * Sets whether a permission table without a JPA entity fails start-up ({@code hasura.perms.jpa.require-entity-for-every-table}).
         *
         * @param requireEntityForEveryTable {@code true} to fail start-up on a table with permissions but no entity
         */
        public void setRequireEntityForEveryTable(boolean requireEntityForEveryTable) {
            this.requireEntityForEveryTable = requireEntityForEveryTable;
        }

        /**
         * Returns the schema of entities whose table annotation names none.
         *
         * @return the schema name (default {@code public})
         */
        public String getDefaultSchema() {
            return defaultSchema;
        }

        /**
         * Sets the schema of entities whose table annotation names none ({@code hasura.perms.jpa.default-schema}).
         *
         * @param defaultSchema the schema name
         */
        public void setDefaultSchema(String defaultSchema) {
            this.defaultSchema = defaultSchema;
        }

        /**
         * Returns whether Hibernate writes of entities with permissions are guarded.
         *
         * @return {@code true} (the default) if column guard, presets, checks and row filters apply to writes
         */
        public boolean isGuardWrites() {
            return guardWrites;
        }

        /**
         * Sets whether Hibernate writes of entities with permissions are guarded ({@code hasura.perms.jpa.guard-writes}).
         *
         * @param guardWrites {@code true} to guard inserts, updates and deletes
         */
        public void setGuardWrites(boolean guardWrites) {
            this.guardWrites = guardWrites;
        }
    }

    /** The jOOQ integration. */
    public static class Jooq {
        /**
         * Install the jOOQ PermissionListener in Spring Boot's DSLContext, so every statement it renders is
         * filtered for the current session (default false).
         */
        private boolean autoApply = false;
        /**
         * What the listener does with plain SQL (dsl.fetch("select ..."), DSL.condition("..."), DSL.table("...")),
         * which it cannot analyse: refuse (default) or pass (unsecured; logged at WARN).
         */
        private PlainSql plainSql = PlainSql.REFUSE;

        /** The values of {@code hasura.perms.jooq.plain-sql} (jOOQ's PermissionListener.PlainSql; jOOQ is optional). */
        public enum PlainSql {
            /** Refuse any statement containing plain SQL (the default). */
            REFUSE,
            /** Let plain SQL through unsecured (logged at WARN). */
            PASS
        }

        /**
         * Returns what the jOOQ listener does with plain SQL.
         *
         * @return {@link PlainSql#REFUSE} (the default) or {@link PlainSql#PASS}
         */
        public PlainSql getPlainSql() {
            return plainSql;
        }

        /**
         * Sets what the jOOQ listener does with plain SQL ({@code hasura.perms.jooq.plain-sql}).
         *
         * @param plainSql {@link PlainSql#REFUSE} to refuse it, {@link PlainSql#PASS} to let it through unsecured
         */
        public void setPlainSql(PlainSql plainSql) {
            this.plainSql = plainSql;
        }

        /**
         * Returns whether the jOOQ PermissionListener is installed in Spring Boot's DSLContext.
         *
         * @return {@code true} if every statement the DSLContext renders is filtered (default {@code false})
         */
        public boolean isAutoApply() {
            return autoApply;
        }

        /**
         * Sets whether the jOOQ PermissionListener is installed in Spring Boot's DSLContext ({@code hasura.perms.jooq.auto-apply}).
         *
         * @param autoApply {@code true} to filter every statement the DSLContext renders for the current session
         */
        public void setAutoApply(boolean autoApply) {
            this.autoApply = autoApply;
        }
    }
}
