package dev.hasuraperms.metadata;

import java.util.Objects;

/** The type of a logical-model field: a scalar, an array, or another logical model. Non-null unless said. */
public sealed interface LogicalModelType permits LogicalModelType.Scalar, LogicalModelType.ArrayOf,
        LogicalModelType.ModelRef {

    /** {@return whether the field may be null} */
    boolean nullable();

    /** {@code {"scalar": "<pg type>", "nullable": ...}}. */
    record Scalar(String type, boolean nullable) implements LogicalModelType {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param type see {@link #type()}
         * @param nullable see {@link #nullable()}
         * @throws NullPointerException when a component is null
         */
        public Scalar {
            Objects.requireNonNull(type, "type");
        }
    }

    /** {@code {"array": <type>, "nullable": ...}}. */
    record ArrayOf(LogicalModelType element, boolean nullable) implements LogicalModelType {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param element see {@link #element()}
         * @param nullable see {@link #nullable()}
         * @throws NullPointerException when a component is null
         */
        public ArrayOf {
            Objects.requireNonNull(element, "element");
        }
    }

    /** {@code {"logical_model": "<name>", "nullable": ...}}. */
    record ModelRef(String logicalModel, boolean nullable) implements LogicalModelType {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param logicalModel see {@link #logicalModel()}
         * @param nullable see {@link #nullable()}
         * @throws NullPointerException when a component is null
         */
        public ModelRef {
            Objects.requireNonNull(logicalModel, "logicalModel");
        }
    }
}
