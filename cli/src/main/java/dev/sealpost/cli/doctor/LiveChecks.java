package dev.sealpost.cli.doctor;

import dev.sealpost.cli.probe.CertificateAssessment;
import dev.sealpost.cli.probe.Finding;
import dev.sealpost.cli.probe.Finding.Severity;
import dev.sealpost.cli.probe.MailServerProbe;
import dev.sealpost.cli.probe.ProbeReport;
import dev.sealpost.cli.probe.ProbeTarget;
import dev.sealpost.server.config.ListenerConfig;
import dev.sealpost.server.config.ListenerKind;
import dev.sealpost.server.config.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * `sealpost doctor --live`: the running listeners attacked the way an auditor would. Each listener gets
 * the full probe (TLS versions, weak ciphers, certificate, AUTH or MAIL before TLS, clear text on an
 * implicit-TLS port); the MX listener also gets the classic relay tricks (plain, %-hack, quoted @,
 * source route, bang path), each of which must be refused.
 */
public final class LiveChecks {

  /** RCPT forms that open relays have been fooled by; none is for a domain the server serves. */
  static final List<String> RELAY_TRICKS = List.of("<relaytest@relay.invalid>", "<relaytest%relay.invalid@%s>",
      "<\"relaytest@relay.invalid\"@%s>", "<@%s:relaytest@relay.invalid>", "<relay.invalid!relaytest@%s>");

  private LiveChecks() {}

  public static List<Finding> check(ServerConfig c, List<X509Certificate> extraCas) {
    List<Finding> out = new ArrayList<>();
    CertificateAssessment trust = new CertificateAssessment(extraCas, true, Instant.now());
    try (MailServerProbe probe = new MailServerProbe(trust, Duration.ofSeconds(10), Duration.ofSeconds(3),
        "doctor.sealpost.invalid")) {
      for (ListenerConfig l : c.listeners()) {
        if (l.address().getPort() == 0) {
          out.add(new Finding(Severity.INFO, "live:" + l.name(), "no fixed port configured: not tested"));
          continue;
        }
        InetSocketAddress a = reachable(l.address());
        ProbeTarget target = new ProbeTarget(c.hostname(), a.getPort(),
            l.kind() == ListenerKind.SUBMISSIONS ? ProbeTarget.TlsMode.IMPLICIT : ProbeTarget.TlsMode.STARTTLS,
            l.kind() == ListenerKind.SMTP ? ProbeTarget.Role.MX : ProbeTarget.Role.SUBMISSION, a.getAddress());
        ProbeReport report = probe.probe(target);
        for (Finding f : report.findings()) {
          out.add(new Finding(f.severity(), "live:" + l.name() + ":" + f.id(), f.summary()));
        }
        if (l.kind() == ListenerKind.SMTP) {
          out.addAll(relayTricks(l.name(), a, c.domains().getFirst()));
        }
      }
    }
    return out;
  }

  /** A wildcard bind is reached on loopback. */
  private static InetSocketAddress reachable(InetSocketAddress bind) {
    if (bind.getAddress() == null || bind.getAddress().isAnyLocalAddress()) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), bind.getPort());
    }
    return bind;
  }

  static List<Finding> relayTricks(String listener, InetSocketAddress a, String localDomain) {
    List<Finding> out = new ArrayList<>();
    try (Socket s = new Socket()) {
      s.connect(a, 10_000);
      s.setSoTimeout(15_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream w = s.getOutputStream();
      reply(in);
      send(w, "EHLO doctor.sealpost.invalid");
      reply(in);
      List<String> accepted = new ArrayList<>();
      for (String trick : RELAY_TRICKS) {
        String rcpt = trick.replace("%s", localDomain);
        send(w, "MAIL FROM:<doctor@sealpost.invalid>");
        reply(in);
        send(w, "RCPT TO:" + rcpt);
        String r = reply(in);
        if (r.startsWith("2")) {
          accepted.add(rcpt + " -> " + r);
        }
        send(w, "RSET");
        reply(in);
      }
      send(w, "QUIT");
      out.add(accepted.isEmpty()
          ? new Finding(Severity.OK, "live:" + listener + ":relay", "all " + RELAY_TRICKS.size()
              + " relay tricks refused (plain, %-hack, quoted @, source route, bang path)")
          : new Finding(Severity.ERROR, "live:" + listener + ":open-relay", "accepted for relay: " + accepted));
    } catch (IOException e) {
      out.add(new Finding(Severity.ERROR, "live:" + listener + ":relay", "cannot test relaying: " + e.getMessage()));
    }
    return out;
  }

  private static void send(OutputStream w, String line) throws IOException {
    w.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    w.flush();
  }

  /** A whole (possibly multi-line) reply, its last line returned. */
  private static String reply(BufferedReader in) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed");
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    return line;
  }
}
