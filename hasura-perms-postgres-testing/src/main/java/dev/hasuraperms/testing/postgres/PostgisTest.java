package dev.hasuraperms.testing.postgres;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs PostgreSQL with PostGIS: the class gets a fresh database with the {@code postgis}
 * and {@code postgis_raster} extensions on the server of {@link PostgresServer#postgis()}, injected as a
 * {@link TestDatabase} or {@link javax.sql.DataSource} parameter. Where no such server is configured, every test of
 * the class is skipped by a failed JUnit assumption whose message ({@link PostgresServer#POSTGIS_ABSENT}) says why.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgisExtension.class)
public @interface PostgisTest {
}
