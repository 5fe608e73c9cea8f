package dev.sealpost.cli;

import dev.sealpost.server.control.ControlClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** One request to the running server through its control socket, its reply printed: exit 0 on ok, 1 on error. */
final class ServerRequest {
  private ServerRequest() {}

  static int run(CommandSpec spec, DataDirOptions where, String line) throws IOException {
    Optional<String> reply = ControlClient.request(where.dataDirectory().resolve("control.sock"), line);
    if (reply.isEmpty()) {
      throw new CliException("no server is running with data directory " + where.dataDirectory());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(reply.get().replaceFirst("^(ok|error) ", ""));
    out.flush();
    return reply.get().startsWith("ok ") ? 0 : 1;
  }
}
