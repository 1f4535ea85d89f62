package dev.hasuraperms.diagnostic;

/**
 * The stable codes of every diagnostic and refusal this library reports. Each has a default severity, the stage
 * that reports it and a one-line summary; {@code docs/diagnostics.md} has an entry with an example for each (a test
 * keeps the two in step).
 *
 * <p>Codes are part of the public contract: they are never renamed or reused for another meaning.
 */
public enum DiagnosticCode {

    // ---- Reading files -------------------------------------------------------------------------------------------
    /**
     * A metadata file or directory does not exist or cannot be read. Reported by {@link Stage#LOAD}; {@link
     * Severity#ERROR} by default.
     */
    UNREADABLE_FILE(Stage.LOAD, Severity.ERROR, "a metadata file or directory does not exist or cannot be read"),
    /**
     * A file is not valid JSON or YAML, or uses a YAML feature that has no JSON equivalent. Reported by {@link
     * Stage#LOAD}; {@link Severity#ERROR} by default.
     */
    SYNTAX_ERROR(Stage.LOAD, Severity.ERROR, "a file is not valid JSON or YAML, or uses a YAML feature that has no JSON equivalent"),
    /** An object has the same key twice. Reported by {@link Stage#LOAD}; {@link Severity#ERROR} by default. */
    DUPLICATE_KEY(Stage.LOAD, Severity.ERROR, "an object has the same key twice"),
    /**
     * A document is larger than the configured limit (characters or expanded nodes). Reported by {@link Stage#LOAD};
     * {@link Severity#ERROR} by default.
     */
    DOCUMENT_TOO_LARGE(Stage.LOAD, Severity.ERROR, "a document is larger than the configured limit (characters or expanded nodes)"),
    /**
     * A document nests objects and arrays deeper than the configured limit. Reported by {@link Stage#LOAD}; {@link
     * Severity#ERROR} by default.
     */
    NESTING_TOO_DEEP(Stage.LOAD, Severity.ERROR, "a document nests objects and arrays deeper than the configured limit"),
    /**
     * A YAML document uses more aliases than the configured limit. Reported by {@link Stage#LOAD}; {@link
     * Severity#ERROR} by default.
     */
    TOO_MANY_ALIASES(Stage.LOAD, Severity.ERROR, "a YAML document uses more aliases than the configured limit"),
    /**
     * More diagnostics than the configured limit: the rest are counted, not listed (an error if any of them is).
     * Reported by {@link Stage#LOAD}; {@link Severity#ERROR} by default.
     */
    TOO_MANY_DIAGNOSTICS(Stage.LOAD, Severity.ERROR, "more diagnostics than the configured limit: the rest are counted, not listed (an error if any of them is)"),
    /**
     * An !include names a file that does not exist. Reported by {@link Stage#LOAD}; {@link Severity#ERROR} by default.
     */
    INCLUDE_NOT_FOUND(Stage.LOAD, Severity.ERROR, "an !include names a file that does not exist"),
    /**
     * An !include names a file outside the metadata directory. Reported by {@link Stage#LOAD}; {@link Severity#ERROR}
     * by default.
     */
    INCLUDE_OUTSIDE_ROOT(Stage.LOAD, Severity.ERROR, "an !include names a file outside the metadata directory"),
    /**
     * A file includes itself, directly or through other files. Reported by {@link Stage#LOAD}; {@link Severity#ERROR}
     * by default.
     */
    INCLUDE_CYCLE(Stage.LOAD, Severity.ERROR, "a file includes itself, directly or through other files"),
    /**
     * A document is neither exported metadata nor metadata-API operations. Reported by {@link Stage#LOAD}; {@link
     * Severity#ERROR} by default.
     */
    UNKNOWN_FORMAT(Stage.LOAD, Severity.ERROR, "a document is neither exported metadata nor metadata-API operations"),
    /**
     * A metadata or CLI config version that is not supported. Reported by {@link Stage#LOAD}; {@link Severity#ERROR} by
     * default.
     */
    UNSUPPORTED_VERSION(Stage.LOAD, Severity.ERROR, "a metadata or CLI config version that is not supported"),

    // ---- Metadata structure --------------------------------------------------------------------------------------
    /** A key that Hasura rejects in this object. Reported by {@link Stage#LOAD}; {@link Severity#ERROR} by default. */
    UNKNOWN_KEY(Stage.LOAD, Severity.ERROR, "a key that Hasura rejects in this object"),
    /**
     * A key that Hasura accepts and ignores in this object. Reported by {@link Stage#LOAD}; {@link Severity#WARNING} by
     * default.
     */
    IGNORED_KEY(Stage.LOAD, Severity.WARNING, "a key that Hasura accepts and ignores in this object"),
    /**
     * A key that once had a meaning and is now ignored. Reported by {@link Stage#LOAD}; {@link Severity#WARNING} by
     * default.
     */
    DEPRECATED_KEY(Stage.LOAD, Severity.WARNING, "a key that once had a meaning and is now ignored"),
    /**
     * Metadata that limits requests in Hasura (api_limits, an allowlist) and that this library does not apply; ignoring
     * it returns or writes no row the permissions forbid. Reported by {@link Stage#LOAD}; {@link Severity#WARNING} by
     * default.
     */
    NOT_ENFORCED(Stage.LOAD, Severity.WARNING, "metadata that limits requests in Hasura (api_limits, an allowlist) and that this library does not apply; ignoring it returns or writes no row the permissions forbid"),
    /** A required key is absent. Reported by {@link Stage#LOAD}; {@link Severity#ERROR} by default. */
    MISSING_KEY(Stage.LOAD, Severity.ERROR, "a required key is absent"),
    /**
     * A value has the wrong JSON type or is not one of the allowed values. Reported by {@link Stage#LOAD}; {@link
     * Severity#ERROR} by default.
     */
    INVALID_VALUE(Stage.LOAD, Severity.ERROR, "a value has the wrong JSON type or is not one of the allowed values"),
    /** A select permission's limit is negative. Reported by {@link Stage#LOAD}; {@link Severity#ERROR} by default. */
    NEGATIVE_LIMIT(Stage.LOAD, Severity.ERROR, "a select permission's limit is negative"),
    /**
     * A role has two permissions of one kind on one table or logical model. Reported by {@link Stage#LOAD}; {@link
     * Severity#ERROR} by default.
     */
    DUPLICATE_PERMISSION(Stage.LOAD, Severity.ERROR, "a role has two permissions of one kind on one table or logical model"),
    /**
     * A source, table, relationship, computed field, function, logical model, field or inherited role is defined twice.
     * Reported by {@link Stage#LOAD}; {@link Severity#ERROR} by default.
     */
    DUPLICATE_DEFINITION(Stage.LOAD, Severity.ERROR, "a source, table, relationship, computed field, function, logical model, field or inherited role is defined twice"),
    /**
     * A permission is defined for the role admin, which always has full access. Reported by {@link Stage#LOAD}; {@link
     * Severity#ERROR} by default.
     */
    ADMIN_PERMISSION(Stage.LOAD, Severity.ERROR, "a permission is defined for the role admin, which always has full access"),
    /**
     * A relationship's using clause is not one of the forms Hasura accepts. Reported by {@link Stage#LOAD}; {@link
     * Severity#ERROR} by default.
     */
    INVALID_RELATIONSHIP(Stage.LOAD, Severity.ERROR, "a relationship's using clause is not one of the forms Hasura accepts"),
    /**
     * A boolean expression is malformed (_and/_or not a list, _not not an object, _exists without _table or _where,
     * ...). Reported by {@link Stage#LOAD}; {@link Severity#ERROR} by default.
     */
    INVALID_BOOL_EXP(Stage.LOAD, Severity.ERROR, "a boolean expression is malformed (_and/_or not a list, _not not an object, _exists without _table or _where, ...)"),
    /**
     * A boolean expression nests deeper than the configured maximum filter depth. Reported by {@link Stage#LOAD};
     * {@link Severity#ERROR} by default.
     */
    FILTER_TOO_DEEP(Stage.LOAD, Severity.ERROR, "a boolean expression nests deeper than the configured maximum filter depth"),
    /**
     * A logical-model field or native query refers to a logical model that is not defined. Reported by {@link
     * Stage#LOAD}; {@link Severity#ERROR} by default.
     */
    UNKNOWN_LOGICAL_MODEL(Stage.LOAD, Severity.ERROR, "a logical-model field or native query refers to a logical model that is not defined"),

    // ---- Metadata-API operations ---------------------------------------------------------------------------------
    /**
     * A metadata-API operation type that this library does not apply. Reported by {@link Stage#LOAD}; {@link
     * Severity#ERROR} by default.
     */
    UNKNOWN_OPERATION(Stage.LOAD, Severity.ERROR, "a metadata-API operation type that this library does not apply"),
    /**
     * An operation drops or changes a permission that does not exist. Reported by {@link Stage#LOAD}; {@link
     * Severity#ERROR} by default.
     */
    PERMISSION_NOT_FOUND(Stage.LOAD, Severity.ERROR, "an operation drops or changes a permission that does not exist"),
    /**
     * An operation refers to a source, table, relationship, logical model or inherited role that does not exist.
     * Reported by {@link Stage#LOAD}; {@link Severity#ERROR} by default.
     */
    OBJECT_NOT_FOUND(Stage.LOAD, Severity.ERROR, "an operation refers to a source, table, relationship, logical model or inherited role that does not exist"),
    /**
     * An operation would remove an object that other objects still refer to. Reported by {@link Stage#LOAD}; {@link
     * Severity#ERROR} by default.
     */
    DEPENDENCY_EXISTS(Stage.LOAD, Severity.ERROR, "an operation would remove an object that other objects still refer to"),

    // ---- Database schemas ---------------------------------------------------------------------------------------
    /**
     * A DDL statement could not be interpreted, so what it defines is missing from the schema model. Reported by {@link
     * Stage#SCHEMA}; {@link Severity#WARNING} by default.
     */
    DDL_NOT_INTERPRETED(Stage.SCHEMA, Severity.WARNING, "a DDL statement could not be interpreted, so what it defines is missing from the schema model"),
    /**
     * A database schema could not be read (connection, permissions or an unexpected catalog). Reported by {@link
     * Stage#SCHEMA}; {@link Severity#ERROR} by default.
     */
    SCHEMA_READ_FAILED(Stage.SCHEMA, Severity.ERROR, "a database schema could not be read (connection, permissions or an unexpected catalog)"),
    /**
     * A DDL script or migration cannot be applied: PostgreSQL rejects a statement, or the Hasura CLI would refuse the
     * migrations directory. Reported by {@link Stage#SCHEMA}; {@link Severity#ERROR} by default.
     */
    DDL_REJECTED(Stage.SCHEMA, Severity.ERROR, "a DDL script or migration cannot be applied: PostgreSQL rejects a statement, or the Hasura CLI would refuse the migrations directory"),
    /**
     * No embedded PostgreSQL could start, so the schema was read from the DDL by the interpreter, which does not read
     * everything. Reported by {@link Stage#SCHEMA}; {@link Severity#WARNING} by default.
     */
    DDL_INTERPRETER_FALLBACK(Stage.SCHEMA, Severity.WARNING, "no embedded PostgreSQL could start, so the schema was read from the DDL by the interpreter, which does not read everything"),
    /**
     * The live database cannot prepare a native query's code (it does not parse, or names what does not exist).
     * Reported by {@link Stage#SCHEMA}; {@link Severity#ERROR} by default.
     */
    NATIVE_QUERY_INVALID_SQL(Stage.SCHEMA, Severity.ERROR, "the live database cannot prepare a native query's code (it does not parse, or names what does not exist)"),
    /**
     * Prepared on the live database, a native query's rows lack a column for a field of its logical model, or the
     * column's type differs from the field's. Reported by {@link Stage#SCHEMA}; {@link Severity#ERROR} by default.
     */
    NATIVE_QUERY_RESULT_MISMATCH(Stage.SCHEMA, Severity.ERROR, "prepared on the live database, a native query's rows lack a column for a field of its logical model, or the column's type differs from the field's"),

    // ---- Type checking against the schema -------------------------------------------------------------------------
    /**
     * The source to check is not in the metadata, or is not a PostgreSQL source. Reported by {@link Stage#CHECK};
     * {@link Severity#ERROR} by default.
     */
    UNKNOWN_SOURCE(Stage.CHECK, Severity.ERROR, "the source to check is not in the metadata, or is not a PostgreSQL source"),
    /**
     * A tracked table (or a relationship's or _exists's table) does not exist in the database. Reported by {@link
     * Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    UNKNOWN_TABLE(Stage.CHECK, Severity.ERROR, "a tracked table (or a relationship's or _exists's table) does not exist in the database"),
    /**
     * A relationship or _exists refers to a table (or a tracked function returns rows of one) that exists but is not
     * tracked. Reported by {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    UNTRACKED_TABLE(Stage.CHECK, Severity.ERROR, "a relationship or _exists refers to a table (or a tracked function returns rows of one) that exists but is not tracked"),
    /**
     * A permission, preset, relationship or column comparison names a column the table does not have. Reported by
     * {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    UNKNOWN_COLUMN(Stage.CHECK, Severity.ERROR, "a permission, preset, relationship or column comparison names a column the table does not have"),
    /**
     * A boolean-expression key is neither a column, a relationship nor a computed field of its table. Reported by
     * {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    UNKNOWN_FIELD(Stage.CHECK, Severity.ERROR, "a boolean-expression key is neither a column, a relationship nor a computed field of its table"),
    /**
     * A relationship or computed field has the name of a column (or of another field). Reported by {@link Stage#CHECK};
     * {@link Severity#ERROR} by default.
     */
    FIELD_NAME_CONFLICT(Stage.CHECK, Severity.ERROR, "a relationship or computed field has the name of a column (or of another field)"),
    /**
     * A table's, column's or relationship's GraphQL name is not a valid GraphQL name (Hasura refuses to include it in
     * the schema). Reported by {@link Stage#INTEGRATION}; {@link Severity#ERROR} by default.
     */
    INVALID_GRAPHQL_NAME(Stage.INTEGRATION, Severity.ERROR, "a table's, column's or relationship's GraphQL name is not a valid GraphQL name (Hasura refuses to include it in the schema)"),
    /**
     * No foreign key matches a relationship's foreign_key_constraint_on. Reported by {@link Stage#CHECK}; {@link
     * Severity#ERROR} by default.
     */
    NO_FOREIGN_KEY(Stage.CHECK, Severity.ERROR, "no foreign key matches a relationship's foreign_key_constraint_on"),
    /**
     * More than one foreign key matches a relationship's foreign_key_constraint_on. Reported by {@link Stage#CHECK};
     * {@link Severity#ERROR} by default.
     */
    AMBIGUOUS_FOREIGN_KEY(Stage.CHECK, Severity.ERROR, "more than one foreign key matches a relationship's foreign_key_constraint_on"),
    /**
     * An insert, update or delete permission is on a view (or other relation) that PostgreSQL cannot write that way, so
     * it is ignored (Hasura offers no such mutation). Reported by {@link Stage#CHECK}; {@link Severity#WARNING} by
     * default.
     */
    READ_ONLY_RELATION(Stage.CHECK, Severity.WARNING, "an insert, update or delete permission is on a view (or other relation) that PostgreSQL cannot write that way, so it is ignored (Hasura offers no such mutation)"),
    /**
     * A manual relationship maps columns whose types cannot be compared. Reported by {@link Stage#CHECK}; {@link
     * Severity#ERROR} by default.
     */
    RELATIONSHIP_TYPE_MISMATCH(Stage.CHECK, Severity.ERROR, "a manual relationship maps columns whose types cannot be compared"),
    /**
     * A tracked function does not exist in the database. Reported by {@link Stage#CHECK}; {@link Severity#ERROR} by
     * default.
     */
    UNKNOWN_FUNCTION(Stage.CHECK, Severity.ERROR, "a tracked function does not exist in the database"),
    /**
     * A tracked function cannot be tracked as Hasura would refuse it: overloaded, not returning rows of a table,
     * exposed as a mutation but not VOLATILE, an argument name that is not a GraphQL name, or a session argument that
     * is not one of its json arguments. Reported by {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    INVALID_FUNCTION(Stage.CHECK, Severity.ERROR, "a tracked function cannot be tracked as Hasura would refuse it: overloaded, not returning rows of a table, exposed as a mutation but not VOLATILE, an argument name that is not a GraphQL name, or a session argument that is not one of its json arguments"),
    /**
     * A computed field's function is missing, has the wrong signature, or is used where it cannot be. Reported by
     * {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    INVALID_COMPUTED_FIELD(Stage.CHECK, Severity.ERROR, "a computed field's function is missing, has the wrong signature, or is used where it cannot be"),
    /**
     * An operator does not apply to the column's type (or a column comparison's types differ). Reported by {@link
     * Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    OPERATOR_TYPE_MISMATCH(Stage.CHECK, Severity.ERROR, "an operator does not apply to the column's type (or a column comparison's types differ)"),
    /**
     * A json (not jsonb) column is used in a boolean expression. Reported by {@link Stage#CHECK}; {@link
     * Severity#ERROR} by default.
     */
    JSON_COLUMN_IN_FILTER(Stage.CHECK, Severity.ERROR, "a json (not jsonb) column is used in a boolean expression"),
    /**
     * A literal value (in a filter or a preset) is not valid for its column's type. Reported by {@link Stage#CHECK};
     * {@link Severity#ERROR} by default.
     */
    LITERAL_TYPE_MISMATCH(Stage.CHECK, Severity.ERROR, "a literal value (in a filter or a preset) is not valid for its column's type"),
    /**
     * An operator Hasura accepts that this library does not honour (_in/_nin on geometry or geography, comparisons on
     * raster). Reported by {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    UNSUPPORTED_OPERATOR(Stage.CHECK, Severity.ERROR, "an operator Hasura accepts that this library does not honour (_in/_nin on geometry or geography, comparisons on raster)"),
    /**
     * A logical-model field or native-query argument has a type that is neither built in nor used by a column of the
     * database. Reported by {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    UNKNOWN_TYPE(Stage.CHECK, Severity.ERROR, "a logical-model field or native-query argument has a type that is neither built in nor used by a column of the database"),
    /**
     * A filter reads a logical-model field that cannot be filtered on (an array of logical models, or an array inside
     * an object field). Reported by {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    UNFILTERABLE_FIELD(Stage.CHECK, Severity.ERROR, "a filter reads a logical-model field that cannot be filtered on (an array of logical models, or an array inside an object field)"),
    /**
     * A native query's code cannot be read safely: a '{{' without '}}', a placeholder that is not a GraphQL name or
     * stands inside a literal or comment, a positional $n parameter, an unclosed literal or comment, unbalanced
     * parentheses, or a ';' between statements. Reported by {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    NATIVE_QUERY_INVALID_PLACEHOLDER(Stage.CHECK, Severity.ERROR, "a native query's code cannot be read safely: a '{{' without '}}', a placeholder that is not a GraphQL name or stands inside a literal or comment, a positional $n parameter, an unclosed literal or comment, unbalanced parentheses, or a ';' between statements"),
    /**
     * A native query's code uses a {{placeholder}} that is not one of its declared arguments. Reported by {@link
     * Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    NATIVE_QUERY_UNDECLARED_ARGUMENT(Stage.CHECK, Severity.ERROR, "a native query's code uses a {{placeholder}} that is not one of its declared arguments"),
    /**
     * A native query declares an argument that its code does not use (Hasura refuses this). Reported by {@link
     * Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    NATIVE_QUERY_UNUSED_ARGUMENT(Stage.CHECK, Severity.ERROR, "a native query declares an argument that its code does not use (Hasura refuses this)"),
    /**
     * A native query declares relationships, which this library does not read through (a field they would fill is read
     * as a column of the query's own rows). Reported by {@link Stage#CHECK}; {@link Severity#WARNING} by default.
     */
    NATIVE_QUERY_UNSUPPORTED(Stage.CHECK, Severity.WARNING, "a native query declares relationships, which this library does not read through (a field they would fill is read as a column of the query's own rows)"),
    /**
     * A boolean expression names a remote relationship, which Hasura does not support in permissions. Reported by
     * {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    REMOTE_RELATIONSHIP_IN_FILTER(Stage.CHECK, Severity.ERROR, "a boolean expression names a remote relationship, which Hasura does not support in permissions"),
    /**
     * A table marked is_enum cannot be used as an enum (primary key, columns or values). Reported by {@link
     * Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    INVALID_ENUM_TABLE(Stage.CHECK, Severity.ERROR, "a table marked is_enum cannot be used as an enum (primary key, columns or values)"),
    /**
     * The rows of an enum table are not known, so values compared with the columns that reference it are checked as
     * text only. Reported by {@link Stage#CHECK}; {@link Severity#WARNING} by default.
     */
    ENUM_VALUES_UNKNOWN(Stage.CHECK, Severity.WARNING, "the rows of an enum table are not known, so values compared with the columns that reference it are checked as text only"),
    /**
     * An aggregation predicate appears in a permission, which Hasura does not allow. Reported by {@link Stage#CHECK};
     * {@link Severity#ERROR} by default.
     */
    AGGREGATION_PREDICATE_IN_PERMISSION(Stage.CHECK, Severity.ERROR, "an aggregation predicate appears in a permission, which Hasura does not allow"),
    /**
     * Select_aggregate is listed in query_root_fields or subscription_root_fields without allow_aggregations. Reported
     * by {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    AGGREGATE_ROOT_FIELD_NOT_ALLOWED(Stage.CHECK, Severity.ERROR, "select_aggregate is listed in query_root_fields or subscription_root_fields without allow_aggregations"),
    /**
     * A permission has validate_input (Hasura's input-validation webhook) and the host registered no input validator to
     * stand in for it. Reported by {@link Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    NO_INPUT_VALIDATOR(Stage.CHECK, Severity.ERROR, "a permission has validate_input (Hasura's input-validation webhook) and the host registered no input validator to stand in for it"),
    /**
     * Inherited roles inherit from each other in a cycle. Reported by {@link Stage#CHECK}; {@link Severity#ERROR} by
     * default.
     */
    INHERITED_ROLE_CYCLE(Stage.CHECK, Severity.ERROR, "inherited roles inherit from each other in a cycle"),
    /**
     * An inherited role's parent has no permission anywhere and is not an inherited role. Reported by {@link
     * Stage#CHECK}; {@link Severity#WARNING} by default.
     */
    UNKNOWN_PARENT_ROLE(Stage.CHECK, Severity.WARNING, "an inherited role's parent has no permission anywhere and is not an inherited role"),
    /**
     * The parents of an inherited role define different insert, update or delete permissions on a table, so the role
     * gets none. Reported by {@link Stage#CHECK}; {@link Severity#WARNING} by default.
     */
    INHERITED_PERMISSION_CONFLICT(Stage.CHECK, Severity.WARNING, "the parents of an inherited role define different insert, update or delete permissions on a table, so the role gets none"),

    // ---- Sessions (raised as exceptions when a session is built or bound, before any SQL runs) -------------------
    /**
     * A permission needs a session variable that the session does not have. Reported by {@link Stage#RUNTIME}; {@link
     * Severity#ERROR} by default.
     */
    MISSING_SESSION_VARIABLE(Stage.RUNTIME, Severity.ERROR, "a permission needs a session variable that the session does not have"),
    /**
     * A session variable's value is not valid input for the type of the column it is used with. Reported by {@link
     * Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    INVALID_SESSION_VARIABLE(Stage.RUNTIME, Severity.ERROR, "a session variable's value is not valid input for the type of the column it is used with"),
    /**
     * A session built from headers has no x-hasura-role header. Reported by {@link Stage#RUNTIME}; {@link
     * Severity#ERROR} by default.
     */
    MISSING_ROLE(Stage.RUNTIME, Severity.ERROR, "a session built from headers has no x-hasura-role header"),
    /**
     * The role requested with a JWT (or its default role) is not in the token's allowed roles. Reported by {@link
     * Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    ROLE_NOT_ALLOWED(Stage.RUNTIME, Severity.ERROR, "the role requested with a JWT (or its default role) is not in the token's allowed roles"),
    /**
     * A token's Hasura claims are missing or malformed (namespace, allowed or default role, a non-string x-hasura-*
     * claim). Reported by {@link Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    INVALID_JWT_CLAIMS(Stage.RUNTIME, Severity.ERROR, "a token's Hasura claims are missing or malformed (namespace, allowed or default role, a non-string x-hasura-* claim)"),
    /**
     * A JWT claims configuration cannot be used (both namespace forms, a bad JSON path, format or claims_map). Reported
     * by {@link Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    INVALID_JWT_CONFIG(Stage.RUNTIME, Severity.ERROR, "a JWT claims configuration cannot be used (both namespace forms, a bad JSON path, format or claims_map)"),

    // ---- Refusals ----------------------------------------------------------------------------------------------
    /**
     * The role has no permission for this operation on this table (or may not call this function, or the function is
     * not tracked). Reported by {@link Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    NO_PERMISSION(Stage.RUNTIME, Severity.ERROR, "the role has no permission for this operation on this table (or may not call this function, or the function is not tracked)"),
    /**
     * A request reads or writes a column its role may not use for the operation (not permitted, preset, or not in the
     * table). Reported by {@link Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    COLUMN_NOT_ALLOWED(Stage.RUNTIME, Severity.ERROR, "a request reads or writes a column its role may not use for the operation (not permitted, preset, or not in the table)"),
    /**
     * A call of a tracked function names an argument the function does not have (or its session argument), omits one
     * without a default, or gives a value that is not valid input for the argument's type. Reported by {@link
     * Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    INVALID_FUNCTION_ARGUMENT(Stage.RUNTIME, Severity.ERROR, "a call of a tracked function names an argument the function does not have (or its session argument), omits one without a default, or gives a value that is not valid input for the argument's type"),
    /**
     * A read of a computed field misses an input argument that has no default, names an argument its function does not
     * take, or gives a value that is not valid for the argument's type. Reported by {@link Stage#RUNTIME}; {@link
     * Severity#ERROR} by default.
     */
    INVALID_COMPUTED_FIELD_ARGUMENT(Stage.RUNTIME, Severity.ERROR, "a read of a computed field misses an input argument that has no default, names an argument its function does not take, or gives a value that is not valid for the argument's type"),
    /**
     * A value given for a column in a write cannot be read as the column's type. Reported by {@link Stage#RUNTIME};
     * {@link Severity#ERROR} by default.
     */
    INVALID_COLUMN_VALUE(Stage.RUNTIME, Severity.ERROR, "a value given for a column in a write cannot be read as the column's type"),
    /**
     * A native query is called with an argument it does not declare, without a required argument, with null for a
     * non-nullable one, or with a value that is not valid for the argument's type. Reported by {@link Stage#RUNTIME};
     * {@link Severity#ERROR} by default.
     */
    NATIVE_QUERY_ARGUMENT(Stage.RUNTIME, Severity.ERROR, "a native query is called with an argument it does not declare, without a required argument, with null for a non-nullable one, or with a value that is not valid for the argument's type"),
    /**
     * An aggregate read applies a function to a column whose type Hasura does not offer it for (sum of text, max of
     * boolean). Reported by {@link Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    AGGREGATE_NOT_APPLICABLE(Stage.RUNTIME, Severity.ERROR, "an aggregate read applies a function to a column whose type Hasura does not offer it for (sum of text, max of boolean)"),
    /**
     * Rows written by an insert or update fail the permission's check; the whole call is rolled back. Reported by
     * {@link Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    CHECK_VIOLATION(Stage.RUNTIME, Severity.ERROR, "rows written by an insert or update fail the permission's check; the whole call is rolled back"),
    /**
     * The host's input validator (standing in for a validate_input webhook) rejected a write; nothing was written.
     * Reported by {@link Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    INPUT_REJECTED(Stage.RUNTIME, Severity.ERROR, "the host's input validator (standing in for a validate_input webhook) rejected a write; nothing was written"),
    /**
     * The jOOQ listener refuses a statement on a secured table that it cannot filter or check. Reported by {@link
     * Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    UNSECURED_STATEMENT(Stage.RUNTIME, Severity.ERROR, "the jOOQ listener refuses a statement on a secured table that it cannot filter or check"),
    /**
     * The database raised an error while the command-line tool ran an enforced statement; nothing was written. Reported
     * by {@link Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    DATABASE_ERROR(Stage.RUNTIME, Severity.ERROR, "the database raised an error while the command-line tool ran an enforced statement; nothing was written"),

    // ---- Evaluation in memory (dev.hasuraperms.eval) ---------------------------------------------------------------
    /**
     * A predicate uses an operator, cast, type, function or regular-expression construct that the in-memory evaluator
     * cannot evaluate exactly as PostgreSQL does. Reported by {@link Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    UNSUPPORTED_IN_MEMORY(Stage.RUNTIME, Severity.ERROR, "a predicate uses an operator, cast, type, function or regular-expression construct that the in-memory evaluator cannot evaluate exactly as PostgreSQL does"),
    /**
     * A row given to the in-memory evaluator has no column that the predicate reads. Reported by {@link Stage#RUNTIME};
     * {@link Severity#ERROR} by default.
     */
    MISSING_ROW_COLUMN(Stage.RUNTIME, Severity.ERROR, "a row given to the in-memory evaluator has no column that the predicate reads"),
    /**
     * A value given to the in-memory evaluator (a row's column, a session value or a function's result) cannot be read
     * as its PostgreSQL type. Reported by {@link Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    INVALID_ROW_VALUE(Stage.RUNTIME, Severity.ERROR, "a value given to the in-memory evaluator (a row's column, a session value or a function's result) cannot be read as its PostgreSQL type"),
    /**
     * The in-memory evaluator has no rows for a table that an EXISTS or an aggregate reads. Reported by {@link
     * Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    UNKNOWN_RELATION(Stage.RUNTIME, Severity.ERROR, "the in-memory evaluator has no rows for a table that an EXISTS or an aggregate reads"),
    /**
     * Evaluating a predicate in memory fails where PostgreSQL raises an error too (an invalid regular expression or
     * LIKE pattern, a NULL in an ltree array, an overflow). Reported by {@link Stage#RUNTIME}; {@link Severity#ERROR}
     * by default.
     */
    EVALUATION_ERROR(Stage.RUNTIME, Severity.ERROR, "evaluating a predicate in memory fails where PostgreSQL raises an error too (an invalid regular expression or LIKE pattern, a NULL in an ltree array, an overflow)"),

    // ---- Boolean-expression operators (reported once the checker knows a key is a column) --------------------------
    /**
     * A column condition uses an operator that does not exist. Reported by {@link Stage#CHECK}; {@link Severity#ERROR}
     * by default.
     */
    UNKNOWN_OPERATOR(Stage.CHECK, Severity.ERROR, "a column condition uses an operator that does not exist"),
    /**
     * An operator's value has the wrong shape (e.g. _in without a list, _is_null without a boolean). Reported by {@link
     * Stage#CHECK}; {@link Severity#ERROR} by default.
     */
    INVALID_OPERAND(Stage.CHECK, Severity.ERROR, "an operator's value has the wrong shape (e.g. _in without a list, _is_null without a boolean)"),

    // ---- Caller filters (a client's where, refused before any SQL runs) ----------------------------------------------
    /**
     * A caller's where gives null where Hasura's GraphQL where refuses it (an operator's value, a list element, a
     * column's conditions, a relationship's filter, _and/_or/_not). Reported by {@link Stage#RUNTIME}; {@link
     * Severity#ERROR} by default.
     */
    CALLER_FILTER_NULL_VALUE(Stage.RUNTIME, Severity.ERROR, "a caller's where gives null where Hasura's GraphQL where refuses it (an operator's value, a list element, a column's conditions, a relationship's filter, _and/_or/_not)"),
    /**
     * A caller's where uses a column comparison (_ceq, _cne, _cgt, _clt, _cgte, _clte), which exists only in
     * permissions. Reported by {@link Stage#RUNTIME}; {@link Severity#ERROR} by default.
     */
    CALLER_FILTER_COLUMN_COMPARISON(Stage.RUNTIME, Severity.ERROR, "a caller's where uses a column comparison (_ceq, _cne, _cgt, _clt, _cgte, _clte), which exists only in permissions"),

    // ---- Integrations (checked at application start-up) ------------------------------------------------------------
    /**
     * A permission's table, column, relationship or operator cannot be mapped to the JPA entities (or expressed with
     * the Criteria API), so the Spring integration cannot enforce it exactly. Reported by {@link Stage#INTEGRATION};
     * {@link Severity#ERROR} by default.
     */
    UNMAPPED_PERMISSION(Stage.INTEGRATION, Severity.ERROR, "a permission's table, column, relationship or operator cannot be mapped to the JPA entities (or expressed with the Criteria API), so the Spring integration cannot enforce it exactly");

    /** Which part of the library reports a code. */
    public enum Stage {
        /** Reading and assembling metadata (no database schema needed). */
        LOAD,
        /** Reading a database schema (live catalog, DDL scripts or a snapshot). */
        SCHEMA,
        /** Type-checking metadata against a database schema. */
        CHECK,
        /** Binding a session and running an operation (refusals, raised as exceptions). */
        RUNTIME,
        /**
         * Mapping checked permissions onto a host framework's model at start-up (the Spring Data JPA entities), or
         * exporting them for a client (the relationships in Hasura's GraphQL names).
         */
        INTEGRATION
    }

    private final Stage stage;
    private final Severity defaultSeverity;
    private final String summary;

    DiagnosticCode(Stage stage, Severity defaultSeverity, String summary) {
        this.stage = stage;
        this.defaultSeverity = defaultSeverity;
        this.summary = summary;
    }

    /**
     * The stage that reports this code.
     *
     * @return the stage, never null
     */
    public Stage stage() {
        return stage;
    }

    /**
     * The severity this code usually has.
     *
     * @return the default severity, never null
     */
    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /**
     * One line saying what the code means.
     *
     * @return the summary, one line, never null
     */
    public String summary() {
        return summary;
    }
}
