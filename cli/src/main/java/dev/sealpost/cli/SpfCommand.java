package dev.sealpost.cli;

import dev.sealpost.mailauth.spf.SpfEvaluator;
import dev.sealpost.mailauth.spf.SpfOutcome;
import dev.sealpost.mailauth.spf.SpfResult;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sealpost spf check}: the SPF result (RFC 7208) for a client address and sender, with every step
 * of the reasoning, so that an administrator sees why a message passed or failed.
 */
@Command(name = "spf", mixinStandardHelpOptions = true, description = "SPF (RFC 7208) tools.",
    subcommands = {SpfCommand.Check.class})
final class SpfCommand implements Runnable {

  @Override
  public void run() {
    throw new CliException("spf: give a subcommand: check (see sealpost spf check --help)");
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Evaluate SPF for a client IP and MAIL FROM, and print the reasoning.",
          "Exit status: 0 pass, 1 any other result, 2 usage."})
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--ip", required = true, paramLabel = "IP", description = "The SMTP client's address.")
    String ip;

    @Option(names = "--mail-from", required = true, paramLabel = "ADDR",
        description = "The MAIL FROM address; \"\" for the null sender (then postmaster@HELO is checked).")
    String mailFrom;

    @Option(names = "--helo", paramLabel = "NAME", description = "The HELO/EHLO name (default: the sender's domain).")
    String helo;

    @picocli.CommandLine.Mixin DnsOptions dns;

    @Override
    public Integer call() {
      if (!ip.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
        throw new CliException("--ip: '" + ip + "' is not an IP address");
      }
      InetAddress client;
      try {
        client = InetAddress.getByName(ip); // a literal: parsed, never looked up
      } catch (java.net.UnknownHostException e) {
        throw new CliException("--ip: '" + ip + "' is not an IP address");
      }
      String heloName = helo != null ? helo : mailFrom.contains("@") ? mailFrom.substring(mailFrom.lastIndexOf('@') + 1)
          : "unknown";
      SpfOutcome o = new SpfEvaluator(dns.resolver(), "localhost", Clock.systemUTC())
          .checkMailFrom(client, mailFrom, heloName).toCompletableFuture().join();
      PrintWriter out = spec.commandLine().getOut();
      out.println("SPF " + o.result().token() + " for " + ip + " sending as <" + mailFrom + "> (domain " + o.domain()
          + ", HELO " + heloName + ")");
      o.explanation().ifPresent(x -> out.println("explanation: " + x));
      out.println();
      o.trace().forEach(out::println);
      out.flush();
      return o.result() == SpfResult.PASS ? 0 : 1;
    }
  }
}
