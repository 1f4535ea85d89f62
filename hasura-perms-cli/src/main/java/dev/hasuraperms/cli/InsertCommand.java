package dev.hasuraperms.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code insert}: not yet wired. */
@Command(name = "insert", mixinStandardHelpOptions = true, description = "Run a insert under the role's permission.")
final class InsertCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "insert is not available yet");
    }
}
