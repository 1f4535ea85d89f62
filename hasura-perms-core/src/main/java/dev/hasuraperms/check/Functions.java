package dev.hasuraperms.check;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.metadata.FunctionConfiguration;
import dev.hasuraperms.metadata.FunctionMetadata;
import dev.hasuraperms.metadata.InheritedRole;
import dev.hasuraperms.metadata.Source;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.TypeCategory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves the tracked functions of a source against the database, with the checks of Hasura's
 * {@code buildFunctionInfo} ({@code Hasura/Backends/Postgres/DDL/Function.hs}) and
 * {@code getSingleUniqueFunctionOverload} ({@code Hasura/Function/API.hs}): the function exists and is not
 * overloaded, returns rows of a tracked table, is VOLATILE when exposed as a mutation, has GraphQL-compliant
 * argument names, and its session argument is one of its arguments and of type {@code json}.
 */
final class Functions {

    private Functions() {
    }

    static Map<QualifiedName, ResolvedFunction> resolve(Source source, DatabaseSchema schema,
                                                        Map<QualifiedName, ResolvedTable> tables,
                                                        List<InheritedRole> inheritedRoles, Diagnostics d) {
        Map<QualifiedName, ResolvedFunction> out = new LinkedHashMap<>();
        for (FunctionMetadata f : source.functions()) {
            resolve(f, schema, tables, inheritedRoles, d).ifPresent(r -> out.put(r.name(), r));
        }
        return out;
    }

    private static String quoted(Object name) {
        return JsonString.of(name.toString()).toJson();
    }

    private static Optional<ResolvedFunction> resolve(FunctionMetadata f, DatabaseSchema schema,
                                                      Map<QualifiedName, ResolvedTable> tables,
                                                      List<InheritedRole> inheritedRoles, Diagnostics d) {
        List<SqlFunction> overloads = schema.functions(f.function());
        String what = "function " + quoted(f.function());
        if (overloads.isEmpty()) {
            d.report(DiagnosticCode.UNKNOWN_FUNCTION, f.origin(), what + " is tracked but does not exist in the database");
            return Optional.empty();
        }
        if (overloads.size() > 1) {
            d.report(DiagnosticCode.INVALID_FUNCTION, f.origin(), what + " is overloaded. Overloaded functions are not"
                    + " supported");
            return Optional.empty();
        }
        SqlFunction fn = overloads.get(0);
        FunctionConfiguration config = f.settings();
        List<String> problems = new ArrayList<>();
        String gqlName = f.function().schema().equals("public") ? f.function().name()
                : f.function().schema() + "_" + f.function().name();
        if (!GraphQLNames.isValid(gqlName)) {
            problems.add("function name is not a legal GraphQL identifier");
        }
        Optional<QualifiedName> returnTable = Optional.empty();
        if (!(fn.returnType() instanceof PgType.Composite c)) {
            problems.add("the function does not return a \"COMPOSITE\" type");
        } else if (schema.table(c.name()).isEmpty()) {
            problems.add("the function does not return a table");
        } else {
            returnTable = Optional.of(c.name());
        }
        if (fn.volatility() != SqlFunction.Volatility.VOLATILE
                && config.exposedAs().equals(Optional.of(FunctionConfiguration.ExposedAs.MUTATION))) {
            problems.add("the function was requested to be exposed as a mutation, but is not marked VOLATILE."
                    + " Maybe the function was given the wrong volatility when it was defined?");
        }
        List<String> badNames = new ArrayList<>();
        for (SqlFunction.Argument a : fn.arguments()) {
            a.name().filter(n -> !GraphQLNames.isValid(n)).ifPresent(badNames::add);
        }
        if (!badNames.isEmpty()) {
            problems.add("the function arguments " + String.join(",", badNames) + " are not in compliance with"
                    + " GraphQL spec");
        }
        if (config.sessionArgument().isPresent()) {
            String s = config.sessionArgument().get();
            Optional<SqlFunction.Argument> arg = fn.arguments().stream().filter(a -> a.name().equals(Optional.of(s)))
                    .findFirst();
            if (arg.isEmpty()) {
                problems.add("given session argument " + quoted(s) + " not the input argument of the function");
            } else if (arg.get().type().category() != TypeCategory.JSON) {
                problems.add("given session argument " + quoted(s) + " is not of type json (it is "
                        + arg.get().type().displayName() + ")");
            }
        }
        if (!problems.isEmpty()) {
            d.report(DiagnosticCode.INVALID_FUNCTION, f.origin(), "the function " + quoted(f.function())
                    + " cannot be tracked because " + String.join("; ", problems));
            return Optional.empty();
        }
        if (!tables.containsKey(returnTable.orElseThrow())) {
            d.report(DiagnosticCode.UNTRACKED_TABLE, f.origin(), what + " returns rows of " + quoted(returnTable.get())
                    + ", which is not tracked");
            return Optional.empty();
        }
        List<ResolvedFunction.Argument> args = new ArrayList<>();
        int unnamed = 1;
        for (SqlFunction.Argument a : fn.arguments()) {
            String name;
            if (a.name().isPresent()) {
                name = a.name().get();
            } else {
                name = "arg_" + unnamed++;
            }
            args.add(new ResolvedFunction.Argument(name, a.name(), a.type(), a.hasDefault(),
                    a.name().isPresent() && a.name().equals(config.sessionArgument())));
        }
        FunctionConfiguration.ExposedAs exposed = config.exposedAs().orElse(
                fn.volatility() == SqlFunction.Volatility.VOLATILE ? FunctionConfiguration.ExposedAs.MUTATION
                        : FunctionConfiguration.ExposedAs.QUERY);
        String rootField = config.customRootField().or(config::customName).orElse(gqlName);
        return Optional.of(new ResolvedFunction(f.function(), fn, returnTable.get(), args, exposed,
                withInherited(f.permissions(), inheritedRoles), rootField));
    }

    /**
     * The roles with a function permission: the explicit ones and every inherited role with one of them among its
     * ancestors ("an inherited role will have access to the action/function if any one of the parents have
     * permission", Note [Roles Inheritance] in {@code Hasura/RQL/DDL/Schema/Cache.hs}).
     */
    private static Set<String> withInherited(List<String> explicit, List<InheritedRole> inheritedRoles) {
        Set<String> out = new LinkedHashSet<>(explicit);
        boolean changed = true;
        Set<String> seen = new HashSet<>();
        while (changed) {
            changed = false;
            for (InheritedRole r : inheritedRoles) {
                if (!out.contains(r.roleName()) && r.roleSet().stream().anyMatch(out::contains) && seen.add(r.roleName())) {
                    out.add(r.roleName());
                    changed = true;
                }
            }
        }
        return out;
    }
}
