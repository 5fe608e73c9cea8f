package dev.sealpost.cli;

import dev.sealpost.server.DataDirLock;
import dev.sealpost.server.control.ControlClient;
import dev.sealpost.server.outbound.TlsHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sealpost tls-history show|forget HOST}: the TLS downgrade memory ({@code [outbound]
 * downgrade-protection}). {@code forget} is for a host known to have dropped TLS for good, whose mail
 * otherwise waits until the memory expires.
 */
@Command(name = "tls-history", mixinStandardHelpOptions = true,
    description = "Show or forget what the TLS downgrade memory remembers about an MX host.",
    subcommands = {TlsHistoryCommand.Show.class, TlsHistoryCommand.Forget.class})
final class TlsHistoryCommand implements Runnable {

  @Override
  public void run() {
    throw new CliException("tls-history: give a subcommand: show HOST, forget HOST");
  }

  private static TlsHistory open(DataDirOptions where) {
    return TlsHistory.open(where.dataDirectory().resolve("tls-history.json"), where.outbound(), Clock.systemUTC());
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "When HOST was last seen with verified TLS.")
  static final class Show implements Callable<Integer> {
    @Mixin DataDirOptions where;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "HOST") String host;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Optional<TlsHistory.Sighting> s = open(where).lastVerified(host);
      if (s.isEmpty()) {
        out.println(host + ": not remembered (no verified TLS seen within the memory)");
        out.flush();
        return 1;
      }
      out.println(host + ": verified " + s.get().protocol() + " last seen " + s.get().lastVerified()
          + ", certificate sha256 " + s.get().sha256());
      out.flush();
      return 0;
    }
  }

  @Command(name = "forget", mixinStandardHelpOptions = true,
      description = "Forget HOST: its waiting mail goes as its policy allows from the next attempt.")
  static final class Forget implements Callable<Integer> {
    @Mixin DataDirOptions where;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "HOST") String host;

    @Override
    public Integer call() throws IOException {
      if (!host.matches("[A-Za-z0-9.-]{1,253}")) {
        throw new CliException("'" + host + "' is not a host name");
      }
      PrintWriter out = spec.commandLine().getOut();
      Path data = where.dataDirectory();
      Optional<String> reply = ControlClient.request(data.resolve("control.sock"), "tls-history-forget " + host);
      if (reply.isPresent()) {
        if (!reply.get().startsWith("ok ")) {
          throw new CliException(reply.get().replaceFirst("^error ", ""));
        }
        out.println(reply.get().substring(3));
        out.flush();
        return 0;
      }
      try (DataDirLock lock = DataDirLock.acquire(data); TlsHistory history = open(where)) {
        if (!history.forget(host)) {
          throw new CliException(host + " is not remembered");
        }
      } catch (dev.sealpost.server.StartupException e) {
        throw new CliException("a server holds " + data + " but its control socket does not answer");
      }
      out.println(host + " forgotten (server not running)");
      out.flush();
      return 0;
    }
  }
}
