package dev.sealpost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sealpost} command. */
@Command(name = "sealpost", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Sealpost: a secure-by-default mail server.",
    subcommands = {DevCommand.class, RunCommand.class, UserCommand.class, QueueCommand.class, ProbeCommand.class, SendCommand.class, SendmailCommand.class, TlsReportCommand.class, TlsHistoryCommand.class, SpfCommand.class, DkimCommand.class, DmarcCommand.class, ReloadCommand.class, DoctorCommand.class, CertCommand.class, MetricsCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit status (tests call this instead of main). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, for tests that capture its output streams. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof CliException || ex instanceof dev.sealpost.server.StartupException
          || ex instanceof dev.sealpost.server.config.ConfigException
          || ex instanceof dev.sealpost.server.auth.UsersFileException) {
        cmd.getErr().println("sealpost: " + ex.getMessage());
        return 2;
      }
      throw ex;
    });
    return cl;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
