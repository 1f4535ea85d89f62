package dev.hasuraperms.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code delete}: not yet wired. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Run a delete under the role's permission.")
final class DeleteCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "delete is not available yet");
    }
}
