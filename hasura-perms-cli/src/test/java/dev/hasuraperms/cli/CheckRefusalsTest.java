package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The command-line tool registers no input validator: a permission with validate_input fails the check. */
class CheckRefusalsTest {

    private static final String SCHEMA = Fixtures.path("check/schema.sql").toString();

    @Test
    void validateInputWithoutAValidatorFailsTheCheck() {
        Cli r = Cli.run("check", "--metadata", Fixtures.path("check/no-input-validator/metadata.yaml").toString(),
                "--ddl", SCHEMA);
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("[NO_INPUT_VALIDATOR]").contains("validate_input");
        Cli clean = Cli.run("check", "--metadata", Fixtures.path("check/no-input-validator/clean.yaml").toString(),
                "--ddl", SCHEMA);
        assertThat(clean.code()).as(clean.toString()).isZero();
    }
}
