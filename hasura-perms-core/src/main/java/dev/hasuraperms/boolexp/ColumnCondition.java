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
     *
     * @param operator the operator
     * @param operand its value
     * @param origin where the condition was read
     */
    record Comparison(Operator operator, Operand operand, Origin origin) implements ColumnCondition {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param operator the operator
         * @param operand its value
         * @param origin where the condition was read
         * @throws NullPointerException when a component is null
         */
        public Comparison {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * {@code _is_null: true|false}.
     *
     * @param isNull the value of {@code _is_null}: true for IS NULL, false for IS NOT NULL
     * @param origin where the condition was read
     */
    record IsNull(boolean isNull, Origin origin) implements ColumnCondition {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param isNull the value of {@code _is_null}: true for IS NULL, false for IS NOT NULL
         * @param origin where the condition was read
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

    /**
     * {@code _cast: {"<type>": {...}}}: the conditions apply to {@code (col)::<type>}.
     *
     * @param targetType the type cast to, as written (e.g. {@code geometry})
     * @param conditions the conditions on the cast value
     * @param origin where the condition was read
     */
    record Cast(String targetType, ColumnExp conditions, Origin origin) implements ColumnCondition {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param targetType the type cast to, as written (e.g. {@code geometry})
         * @param conditions the conditions on the cast value
         * @param origin where the condition was read
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

    /**
     * {@code _st_d_within} / {@code _st_3d_d_within}: {@code {distance, from, use_spheroid?}}.
     *
     * @param operator {@code _st_d_within} or {@code _st_3d_d_within}
     * @param distance the {@code distance} value
     * @param from the {@code from} value (GeoJSON)
     * @param useSpheroid the {@code use_spheroid} value, when given
     * @param origin where the condition was read
     */
    record DistanceWithin(Operator operator, Operand distance, Operand from, Optional<Boolean> useSpheroid,
                          Origin origin) implements ColumnCondition {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param operator {@code _st_d_within} or {@code _st_3d_d_within}
         * @param distance the {@code distance} value
         * @param from the {@code from} value (GeoJSON)
         * @param useSpheroid the {@code use_spheroid} value, when given
         * @param origin where the condition was read
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

    /**
     * {@code _st_intersects_geom_nband} / {@code _st_intersects_nband_geom}: {@code {geommin, nband?}}.
     *
     * @param operator {@code _st_intersects_geom_nband} or {@code _st_intersects_nband_geom}
     * @param geommin the {@code geommin} value (GeoJSON)
     * @param nband the {@code nband} value, when given
     * @param origin where the condition was read
     */
    record RasterBand(Operator operator, Operand geommin, Optional<Operand> nband, Origin origin)
            implements ColumnCondition {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param operator {@code _st_intersects_geom_nband} or {@code _st_intersects_nband_geom}
         * @param geommin the {@code geommin} value (GeoJSON)
         * @param nband the {@code nband} value, when given
         * @param origin where the condition was read
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
