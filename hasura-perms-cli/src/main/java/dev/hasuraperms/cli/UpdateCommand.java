package dev.hasuraperms.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code update}: not yet wired. */
@Command(name = "update", mixinStandardHelpOptions = true, description = "Run a update under the role's permission.")
final class UpdateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "update is not available yet");
    }
}
