package dev.sealpost.cli;

import dev.sealpost.mailauth.dmarc.DmarcEvaluator;
import dev.sealpost.mailauth.dmarc.DmarcResult;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost dmarc check}: the DMARC verdict for a From domain and what SPF and DKIM found, step by step. */
@Command(name = "dmarc", mixinStandardHelpOptions = true, description = "DMARC (RFC 7489) tools.",
    subcommands = {DmarcCommand.Check.class})
final class DmarcCommand implements Runnable {

  @Override
  public void run() {
    throw new CliException("dmarc: give a subcommand: check (see sealpost dmarc check --help)");
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Evaluate DMARC for a From domain, given the domain SPF passed for and the d= of each",
          "DKIM signature that passed. Exit status: 0 pass, 1 any other result, 2 usage."})
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DnsOptions dns;

    @Option(names = "--from-domain", required = true, paramLabel = "DOMAIN", description = "The RFC5322.From domain.")
    String from;

    @Option(names = "--spf-pass", paramLabel = "DOMAIN", description = "The MAIL FROM domain, if SPF passed for it.")
    String spfPass;

    @Option(names = "--dkim-pass", paramLabel = "DOMAIN", description = "d= of a passing DKIM signature (repeatable).")
    List<String> dkimPass = new ArrayList<>();

    @Override
    public Integer call() {
      if (!from.matches("(?i)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)+\\.?")) {
        throw new CliException("--from-domain: '" + from + "' is not a domain name");
      }
      DmarcResult r = new DmarcEvaluator(dns.resolver(), new SecureRandom()).evaluate(new DmarcEvaluator.Inputs(from,
          spfPass != null, spfPass == null ? "" : spfPass, dkimPass)).toCompletableFuture().join();
      PrintWriter out = spec.commandLine().getOut();
      out.println("DMARC " + r.status().token() + " for header.from=" + r.fromDomain()
          + r.appliedPolicy().map(p -> ", policy " + p.token()).orElse("") + ", disposition "
          + r.disposition().name().toLowerCase(java.util.Locale.ROOT));
      out.println();
      r.steps().forEach(out::println);
      out.flush();
      return r.status() == DmarcResult.Status.PASS ? 0 : 1;
    }
  }
}
