package dev.hasuraperms.metadata;

import java.util.Objects;

/** The type of a logical-model field: a scalar, an array, or another logical model. Non-null unless said. */
public sealed interface LogicalModelType permits LogicalModelType.Scalar, LogicalModelType.ArrayOf,
        LogicalModelType.ModelRef {

    /** {@return whether the field may be null} */
    boolean nullable();

    /** {@code {"scalar": "<pg type>", "nullable": ...}}. */
    record Scalar(String type, boolean nullable) implements LogicalModelType {
        public Scalar {
            Objects.requireNonNull(type, "type");
        }
    }

    /** {@code {"array": <type>, "nullable": ...}}. */
    record ArrayOf(LogicalModelType element, boolean nullable) implements LogicalModelType {
        public ArrayOf {
            Objects.requireNonNull(element, "element");
        }
    }

    /** {@code {"logical_model": "<name>", "nullable": ...}}. */
    record ModelRef(String logicalModel, boolean nullable) implements LogicalModelType {
        public ModelRef {
            Objects.requireNonNull(logicalModel, "logicalModel");
        }
    }
}
