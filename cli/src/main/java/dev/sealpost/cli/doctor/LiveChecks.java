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
          out.add(smuggling(l.name(), a, c.domains().getFirst()));
        }
        if (l.kind() != ListenerKind.SUBMISSIONS) {
          out.add(starttlsInjection(l.name(), a));
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
    try (Conversation c = Conversation.open(a, 15_000)) {
      BufferedReader in = c.in();
      OutputStream w = c.out();
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

  /**
   * SMTP smuggling (2023): a DATA body holding "\n.\n" or "\r.\r" followed by a second MAIL
   * transaction. A server that took a bare line end as the end of DATA answers the smuggled commands:
   * more than one reply after the real end. Sent to postmaster, who receives the test at worst.
   */
  static Finding smuggling(String listener, InetSocketAddress a, String domain) {
    String id = "live:" + listener + ":smuggling";
    for (String ending : List.of("\n.\n", "\r.\r", "\r\n.\n", "\n.\r\n")) {
      try (Conversation c = Conversation.open(a, 5_000)) {
        Socket s = c.socket();
        BufferedReader in = c.in();
        OutputStream w = c.out();
        send(w, "MAIL FROM:<doctor@sealpost.invalid>");
        reply(in);
        send(w, "RCPT TO:<postmaster@" + domain + ">");
        if (!reply(in).startsWith("2")) {
          return new Finding(Severity.INFO, id, "postmaster@" + domain + " refused: smuggling not tested");
        }
        send(w, "DATA");
        reply(in);
        w.write(("Subject: sealpost doctor smuggling test\r\n\r\ntest" + ending + "MAIL FROM:<smuggled@sealpost.invalid>"
            + "\r\nRCPT TO:<postmaster@" + domain + ">\r\nDATA\r\nSubject: smuggled\r\n\r\nsmuggled\r\n.\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        w.flush();
        int replies = 0;
        try {
          reply(in);
          replies++;
          s.setSoTimeout(1_500); // the smuggled commands' replies, if any, follow at once
          while (replies < 5) {
            reply(in);
            replies++;
          }
        } catch (IOException timeoutOrClose) {
          // no more replies
        }
        if (replies > 1) {
          return new Finding(Severity.ERROR, id, "the server answered " + replies + " replies after a body ending in "
              + ending.replace("\r", "<CR>").replace("\n", "<LF>") + ": it ended DATA early and ran smuggled commands");
        }
      } catch (IOException e) {
        return new Finding(Severity.ERROR, id, "cannot test smuggling: " + e.getMessage());
      }
    }
    return new Finding(Severity.OK, id, "no smuggling: bare <LF> and <CR> dot lines do not end DATA");
  }

  /**
   * STARTTLS command injection (CVE-2011-0411 and kin): commands sent with STARTTLS in one packet must be
   * thrown away, not run inside TLS.
   */
  static Finding starttlsInjection(String listener, InetSocketAddress a) {
    String id = "live:" + listener + ":starttls-injection";
    try (Conversation c = Conversation.open(a, 5_000)) {
      Socket s = c.socket();
      BufferedReader in = c.in();
      OutputStream w = c.out();
      w.write("STARTTLS\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
      w.flush();
      if (!reply(in).startsWith("220")) {
        return new Finding(Severity.INFO, id, "STARTTLS not accepted: injection not tested");
      }
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
        public void checkClientTrusted(X509Certificate[] c, String t) { }

        public void checkServerTrusted(X509Certificate[] c, String t) { } // only the injection is judged here

        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) ctx.getSocketFactory()
          .createSocket(s, a.getHostString(), a.getPort(), false)) {
        tls.setSoTimeout(2_000);
        tls.startHandshake();
        BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
        try {
          String injected = tin.readLine();
          if (injected != null) {
            return new Finding(Severity.ERROR, id, "the NOOP sent with STARTTLS was answered inside TLS: \"" + injected
                + "\"");
          }
        } catch (java.net.SocketTimeoutException quiet) {
          // nothing came: the injected command was discarded
        }
        return new Finding(Severity.OK, id, "commands sent with STARTTLS in one packet are discarded, not run in TLS");
      }
    } catch (IOException | java.security.GeneralSecurityException e) {
      return new Finding(Severity.ERROR, id, "cannot test STARTTLS injection: " + e.getMessage());
    }
  }

  /** A plain connection past the greeting and EHLO, with the one reader of its replies. */
  private record Conversation(Socket socket, BufferedReader in, OutputStream out) implements AutoCloseable {

    static Conversation open(InetSocketAddress a, int timeoutMillis) throws IOException {
      Socket s = new Socket();
      try {
        s.connect(a, 10_000);
        s.setSoTimeout(timeoutMillis);
        Conversation c = new Conversation(s, new BufferedReader(new InputStreamReader(s.getInputStream(),
            StandardCharsets.US_ASCII)), s.getOutputStream());
        reply(c.in());
        send(c.out(), "EHLO doctor.sealpost.invalid");
        reply(c.in());
        return c;
      } catch (IOException e) {
        s.close();
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
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
