package dev.sealpost.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sealpost metrics}: the running server's metrics (certificate days left, ACME state) in the
 * Prometheus text format, e.g. for node_exporter's textfile collector from a cron job.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "Print the running server's metrics in the Prometheus text format.")
final class MetricsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataDirOptions where;

  @Override
  public Integer call() throws IOException {
    return ServerRequest.run(spec, where, "metrics");
  }
}
