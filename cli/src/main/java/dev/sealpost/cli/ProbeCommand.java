package dev.sealpost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sealpost.cli.probe.CertificateAssessment;
import dev.sealpost.cli.probe.DomainProbe;
import dev.sealpost.cli.probe.MailServerProbe;
import dev.sealpost.cli.probe.ProbeReport;
import dev.sealpost.cli.probe.ProbeTarget;
import dev.sealpost.cli.probe.ProbeText;
import dev.sealpost.server.outbound.mtasts.HttpsPolicyFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sealpost probe}: audits what a mail server really offers. */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = {"Audit a mail server's TLS and authentication: STARTTLS or implicit TLS, each protocol",
        "version on its own, cipher suites, the certificate, and AUTH or mail before TLS.",
        "Exit status: 0 when no finding is an error, 1 when one is, 2 on a usage error."})
final class ProbeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "HOST[:PORT]",
      description = "Server to probe; 465 means implicit TLS, 25 and 587 STARTTLS, other ports are detected"
          + " (default port 25).")
  String server;

  @Option(names = "--domain", paramLabel = "DOMAIN",
      description = "Probe every MX host of DOMAIN on port 25, report its MTA-STS, TLS-RPT and TLSA records,"
          + " and fetch its MTA-STS policy and judge the MX hosts by it.")
  String domain;

  @Option(names = "--dns", paramLabel = "HOST[:PORT]",
      description = "DNS server for --domain (repeatable; default: the system's resolvers).")
  List<String> dnsServers = new ArrayList<>();

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "25",
      description = "Port of the MX hosts for --domain (default ${DEFAULT-VALUE}).")
  int mxPort;

  @Option(names = "--mta-sts-port", paramLabel = "PORT", defaultValue = "443",
      description = "HTTPS port of mta-sts.DOMAIN for --domain (default ${DEFAULT-VALUE}; others are for tests).")
  int mtaStsPort;

  @ArgGroup(exclusive = true)
  Mode mode;

  static final class Mode {
    @Option(names = "--implicit", description = "The port speaks TLS from the first byte (RFC 8314).")
    boolean implicit;

    @Option(names = "--starttls", description = "The port starts in clear text and upgrades with STARTTLS.")
    boolean starttls;
  }

  @Option(names = "--role", paramLabel = "mx|submission",
      description = "Judge the port as an MX (port 25: TLS opportunistic) or a submission port (TLS required)."
          + " Default: mx for port 25, submission otherwise.")
  String role;

  @Option(names = "--ca", paramLabel = "FILE", description = "Extra trusted CA certificates (PEM); repeatable.")
  List<Path> caFiles = new ArrayList<>();

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "Connect and reply timeout (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--helo", paramLabel = "NAME", defaultValue = "probe.sealpost.invalid",
      description = "Name to send in EHLO (default ${DEFAULT-VALUE}).")
  String heloName;

  @Override
  public Integer call() {
    if (timeoutSeconds < 1) {
      throw new CliException("--timeout must be at least 1 second");
    }
    if (domain != null) {
      if (server != null) {
        throw new CliException("give either HOST[:PORT] or --domain, not both");
      }
      return probeDomain();
    }
    if (server == null) {
      throw new CliException("probe needs HOST[:PORT] or --domain DOMAIN");
    }
    ProbeTarget target;
    try {
      target = ProbeTarget.parse(server, mode == null ? null
          : mode.implicit ? ProbeTarget.TlsMode.IMPLICIT : ProbeTarget.TlsMode.STARTTLS, parseRole());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    ProbeReport report;
    try (MailServerProbe probe = newProbe(readCas())) {
      report = probe.probe(target);
    }
    return emit(report, report.hasErrors(), out -> ProbeText.print(report, out));
  }

  private MailServerProbe newProbe(List<X509Certificate> cas) {
    CertificateAssessment assessment = new CertificateAssessment(cas, true, Instant.now());
    return new MailServerProbe(assessment, Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(3), heloName);
  }

  /** Prints the report as JSON or text; the exit status is 1 when it holds an error. */
  private int emit(Object report, boolean errors, java.util.function.Consumer<java.io.PrintWriter> text) {
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(report));
      out.flush();
    } else {
      text.accept(out);
    }
    return errors ? 1 : 0;
  }

  private int probeDomain() {
    if (mxPort < 1 || mxPort > 65535) {
      throw new CliException("--port must be 1-65535");
    }
    if (mtaStsPort < 1 || mtaStsPort > 65535) {
      throw new CliException("--mta-sts-port must be 1-65535");
    }
    dev.sealpost.dns.DnsResolver dns;
    try {
      var b = dev.sealpost.dns.DnsjavaResolver.builder();
      if (!dnsServers.isEmpty()) {
        b.servers(dnsServers.stream().map(dev.sealpost.dns.DnsServer::parse).toList());
      }
      dns = b.build();
    } catch (IllegalArgumentException e) {
      throw new CliException("--dns: " + e.getMessage());
    }
    String name = java.net.IDN.toASCII(domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain);
    List<X509Certificate> cas = readCas();
    // The policy host is judged by the same trust as the MX hosts: the JDK's CAs plus --ca.
    var policies = HttpsPolicyFetcher.builder(dns).trustAnchors(cas).port(mtaStsPort)
        .connectTimeout(Duration.ofSeconds(timeoutSeconds)).totalTimeout(Duration.ofSeconds(2L * timeoutSeconds))
        .build();
    DomainProbe.DomainReport report;
    try (MailServerProbe probe = newProbe(cas)) {
      report = new DomainProbe(dns, probe, policies, mxPort).probe(name);
    } catch (IllegalArgumentException e) {
      throw new CliException("--domain " + domain + ": " + e.getMessage());
    }
    return emit(report, report.hasErrors(), out -> ProbeText.print(report, out));
  }

  static String toJson(Object report) {
    try {
      return new ObjectMapper().registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(report);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private ProbeTarget.Role parseRole() {
    if (role == null) {
      return null;
    }
    return switch (role.toLowerCase(java.util.Locale.ROOT)) {
      case "mx" -> ProbeTarget.Role.MX;
      case "submission" -> ProbeTarget.Role.SUBMISSION;
      default -> throw new CliException("--role must be mx or submission, not '" + role + "'");
    };
  }

  private List<X509Certificate> readCas() {
    List<X509Certificate> all = new ArrayList<>();
    for (Path p : caFiles) {
      try (InputStream in = Files.newInputStream(p)) {
        var certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        if (certs.isEmpty()) {
          throw new CliException("--ca " + p + ": no PEM certificate in the file");
        }
        certs.forEach(c -> all.add((X509Certificate) c));
      } catch (IOException e) {
        throw new CliException("--ca " + p + ": cannot read (" + e.getMessage() + ")");
      } catch (CertificateException e) {
        throw new CliException("--ca " + p + ": not a PEM certificate file (" + e.getMessage() + ")");
      }
    }
    return all;
  }
}
