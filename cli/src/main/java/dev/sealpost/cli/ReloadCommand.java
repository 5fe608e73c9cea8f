package dev.sealpost.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sealpost reload}: the running server loads its certificate and key again (as SIGHUP does);
 * a pair that fails the checks is refused and the working one kept, and the reason printed.
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
    description = "Make the running server load its TLS certificate and key again (exit 1 when refused).")
final class ReloadCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DataDirOptions where;

  @Override
  public Integer call() throws IOException {
    return ServerRequest.run(spec, where, "tls-reload");
  }
}
