package dev.hasuraperms.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code select}: not yet wired. */
@Command(name = "select", mixinStandardHelpOptions = true, description = "Run a select under the role's permission.")
final class SelectCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "select is not available yet");
    }
}
