package dev.hasuraperms.enforce;

import dev.hasuraperms.check.ResolvedComputedField;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.ValueParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The input arguments of a computed field read (Hasura's {@code args} of a computed field), read as their declared
 * types before any SQL runs. The row and the session argument are never given by the caller: the library passes the
 * row being read and the request's session as JSON.
 */
public final class ComputedFieldArguments {

    private ComputedFieldArguments() {
    }

    /**
     * An input argument read as its type.
     *
     * @param position its position among the function's arguments
     * @param name     its name (arguments are passed in PostgreSQL's named notation)
     * @param type     its declared type
     * @param value    the value as {@link dev.hasuraperms.types.PgValues} produces it for the type
     */
    public record Bound(int position, String name, PgType type, Object value) {
        /**
         * Checks the parts.
         *
         * @param position its position among the function's arguments
         * @param name     its name
         * @param type     its declared type
         * @param value    the value read as the type
         */
        public Bound {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The arguments {@code given} (argument name → value; values as {@link ColumnValues} accepts them, {@code null} is
     * SQL NULL), checked against the function of {@code field}: each must be an input argument, each input argument
     * without a default must be given, each value must be valid input for the argument's type. Arguments left out
     * take their defaults.
     *
     * @param table the table of the field
     * @param field the computed field
     * @param given the caller's arguments
     * @return the given arguments, in the function's order
     * @throws InvalidComputedFieldArgumentException when an argument is unknown, missing or not valid for its type
     */
    public static List<Bound> read(QualifiedName table, ResolvedComputedField field, Map<String, ?> given) {
        Map<String, ResolvedComputedField.InputArgument> inputs = new LinkedHashMap<>();
        List<String> unnamed = new ArrayList<>();
        for (ResolvedComputedField.InputArgument a : field.inputArguments()) {
            Optional<String> n = a.argument().name();
            if (n.isPresent() && !n.get().isEmpty()) {
                inputs.put(n.get(), a);
            } else if (!a.argument().hasDefault()) {
                unnamed.add("$" + (a.position() + 1));
            }
        }
        if (!unnamed.isEmpty()) {
            throw new InvalidComputedFieldArgumentException(table, field.name(), "its function has unnamed input "
                    + "argument(s) without a default (" + String.join(", ", unnamed) + "), which a read cannot give");
        }
        for (String name : given.keySet()) {
            if (!inputs.containsKey(Objects.requireNonNull(name, "argument name"))) {
                throw new InvalidComputedFieldArgumentException(table, field.name(), "no input argument named "
                        + quoted(name) + (inputs.isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ", inputs.keySet()) + ")"));
            }
        }
        List<Bound> out = new ArrayList<>();
        for (Map.Entry<String, ResolvedComputedField.InputArgument> e : inputs.entrySet()) {
            SqlFunction.Argument a = e.getValue().argument();
            if (!given.containsKey(e.getKey())) {
                if (!a.hasDefault()) {
                    throw new InvalidComputedFieldArgumentException(table, field.name(), "the argument " + e.getKey()
                            + " (" + a.type().displayName() + ") is missing and has no default");
                }
                continue;
            }
            Object v = given.get(e.getKey());
            Object read;
            try {
                read = ColumnValues.read(a.type(), v);
            } catch (ValueParseException x) {
                throw new InvalidComputedFieldArgumentException(table, field.name(), "the value given for argument "
                        + e.getKey() + " is not a valid " + a.type().displayName() + ": " + x.getMessage());
            }
            out.add(new Bound(e.getValue().position(), e.getKey(), a.type(), read));
        }
        return out;
    }

    private static String quoted(String s) {
        return dev.hasuraperms.json.JsonString.of(s).toJson();
    }
}
