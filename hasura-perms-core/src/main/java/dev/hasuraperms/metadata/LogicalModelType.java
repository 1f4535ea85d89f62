package dev.hasuraperms.metadata;

import java.util.Objects;

/** The type of a logical-model field: a scalar, an array, or another logical model. Non-null unless said. */
public sealed interface LogicalModelType permits LogicalModelType.Scalar, LogicalModelType.ArrayOf,
        LogicalModelType.ModelRef {

    /** {@return whether the field may be null} */
    boolean nullable();

    /**
     * {@code {"scalar": "<pg type>", "nullable": ...}}.
     *
     * @param type the scalar type's name
     * @param nullable whether the field may be null
     */
    record Scalar(String type, boolean nullable) implements LogicalModelType {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param type the scalar type's name
         * @param nullable whether the field may be null
         * @throws NullPointerException when a component is null
         */
        public Scalar {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * {@code {"array": <type>, "nullable": ...}}.
     *
     * @param element the element type
     * @param nullable whether the field may be null
     */
    record ArrayOf(LogicalModelType element, boolean nullable) implements LogicalModelType {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param element the element type
         * @param nullable whether the field may be null
         * @throws NullPointerException when a component is null
         */
        public ArrayOf {
            Objects.requireNonNull(element, "element");
        }
    }

    /**
     * {@code {"logical_model": "<name>", "nullable": ...}}.
     *
     * @param logicalModel the referenced logical model's name
     * @param nullable whether the field may be null
     */
    record ModelRef(String logicalModel, boolean nullable) implements LogicalModelType {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param logicalModel the referenced logical model's name
         * @param nullable whether the field may be null
         * @throws NullPointerException when a component is null
         */
        public ModelRef {
            Objects.requireNonNull(logicalModel, "logicalModel");
        }
    }
}
