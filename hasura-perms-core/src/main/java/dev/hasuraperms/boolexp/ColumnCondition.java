package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;
import java.util.Optional;

/** One operator applied to a column (or scalar computed field). */
public sealed interface ColumnCondition permits ColumnCondition.Comparison, ColumnCondition.IsNull,
        ColumnCondition.Cast, ColumnCondition.DistanceWithin, ColumnCondition.RasterBand {

    /**
     * Where the condition was read.
     *
     * @return the origin, never null
     */
    Origin origin();

    /** {@return the operator} */
    Operator operator();

    /**
     * An operator with one operand: comparisons, {@code _in}/{@code _nin}, text, jsonb, ltree, simple PostGIS and
     * raster operators, and the {@code _ceq} family (whose operand is a {@link Operand.ColumnRef}).
     */
    record Comparison(Operator operator, Operand operand, Origin origin) implements ColumnCondition {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param operator see {@link #operator()}
         * @param operand see {@link #operand()}
         * @param origin see {@link #origin()}
         * @throws NullPointerException when a component is null
         */
        public Comparison {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** {@code _is_null: true|false}. */
    record IsNull(boolean isNull, Origin origin) implements ColumnCondition {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param isNull see {@link #isNull()}
         * @param origin see {@link #origin()}
         * @throws NullPointerException when a component is null
         */
        public IsNull {
            Objects.requireNonNull(origin, "origin");
        }

        @Override
        public Operator operator() {
            return Operator.IS_NULL;
        }
    }

    /** {@code _cast: {"<type>": {...}}}: the conditions apply to {@code (col)::<type>}. */
    record Cast(String targetType, ColumnExp conditions, Origin origin) implements ColumnCondition {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param targetType see {@link #targetType()}
         * @param conditions see {@link #conditions()}
         * @param origin see {@link #origin()}
         * @throws NullPointerException when a component is null
         */
        public Cast {
            Objects.requireNonNull(targetType, "targetType");
            Objects.requireNonNull(conditions, "conditions");
            Objects.requireNonNull(origin, "origin");
        }

        @Override
        public Operator operator() {
            return Operator.CAST;
        }
    }

    /** {@code _st_d_within} / {@code _st_3d_d_within}: {@code {distance, from, use_spheroid?}}. */
    record DistanceWithin(Operator operator, Operand distance, Operand from, Optional<Boolean> useSpheroid,
                          Origin origin) implements ColumnCondition {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param operator see {@link #operator()}
         * @param distance see {@link #distance()}
         * @param from see {@link #from()}
         * @param useSpheroid see {@link #useSpheroid()}
         * @param origin see {@link #origin()}
         * @throws NullPointerException when a component is null
         */
        public DistanceWithin {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(distance, "distance");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(useSpheroid, "useSpheroid");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** {@code _st_intersects_geom_nband} / {@code _st_intersects_nband_geom}: {@code {geommin, nband?}}. */
    record RasterBand(Operator operator, Operand geommin, Optional<Operand> nband, Origin origin)
            implements ColumnCondition {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param operator see {@link #operator()}
         * @param geommin see {@link #geommin()}
         * @param nband see {@link #nband()}
         * @param origin see {@link #origin()}
         * @throws NullPointerException when a component is null
         */
        public RasterBand {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(geommin, "geommin");
            Objects.requireNonNull(nband, "nband");
            Objects.requireNonNull(origin, "origin");
        }
    }
}
