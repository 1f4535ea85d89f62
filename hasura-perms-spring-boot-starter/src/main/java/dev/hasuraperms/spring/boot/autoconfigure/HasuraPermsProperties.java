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

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getMetadata() {
        return metadata;
    }

    public void setMetadata(String metadata) {
        this.metadata = metadata;
    }

    public List<String> getSchemas() {
        return schemas;
    }

    public void setSchemas(List<String> schemas) {
        this.schemas = schemas;
    }

    public Jwt getJwt() {
        return jwt;
    }

    public Session getSession() {
        return session;
    }

    public Jpa getJpa() {
        return jpa;
    }

    public Jooq getJooq() {
        return jooq;
    }

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

        public boolean isProblemDetails() {
            return problemDetails;
        }

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

        public String getClaimsNamespace() {
            return claimsNamespace;
        }

        public void setClaimsNamespace(String claimsNamespace) {
            this.claimsNamespace = claimsNamespace;
        }

        public String getClaimsNamespacePath() {
            return claimsNamespacePath;
        }

        public void setClaimsNamespacePath(String claimsNamespacePath) {
            this.claimsNamespacePath = claimsNamespacePath;
        }

        public String getClaimsFormat() {
            return claimsFormat;
        }

        public void setClaimsFormat(String claimsFormat) {
            this.claimsFormat = claimsFormat;
        }

        public String getClaimsMap() {
            return claimsMap;
        }

        public void setClaimsMap(String claimsMap) {
            this.claimsMap = claimsMap;
        }

        public boolean isRoleHeader() {
            return roleHeader;
        }

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

        public boolean isTrustedHeaders() {
            return trustedHeaders;
        }

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

        public boolean isGuardReads() {
            return guardReads;
        }

        public void setGuardReads(boolean guardReads) {
            this.guardReads = guardReads;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isRequireEntityForEveryTable() {
            return requireEntityForEveryTable;
        }

        public void setRequireEntityForEveryTable(boolean requireEntityForEveryTable) {
            this.requireEntityForEveryTable = requireEntityForEveryTable;
        }

        public String getDefaultSchema() {
            return defaultSchema;
        }

        public void setDefaultSchema(String defaultSchema) {
            this.defaultSchema = defaultSchema;
        }

        public boolean isGuardWrites() {
            return guardWrites;
        }

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

        public PlainSql getPlainSql() {
            return plainSql;
        }

        public void setPlainSql(PlainSql plainSql) {
            this.plainSql = plainSql;
        }

        public boolean isAutoApply() {
            return autoApply;
        }

        public void setAutoApply(boolean autoApply) {
            this.autoApply = autoApply;
        }
    }
}
