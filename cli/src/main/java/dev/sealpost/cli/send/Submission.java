package dev.sealpost.cli.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealpost.client.AuthenticationException;
import dev.sealpost.client.Credentials;
import dev.sealpost.client.Mail;
import dev.sealpost.client.RecipientResult;
import dev.sealpost.client.RecipientsRejectedException;
import dev.sealpost.client.Security;
import dev.sealpost.client.SendResult;
import dev.sealpost.client.SmtpClient;
import dev.sealpost.client.SmtpClientException;
import dev.sealpost.client.Timeouts;
import dev.sealpost.client.TlsEvidence;
import dev.sealpost.client.TlsException;
import dev.sealpost.client.TlsOptions;
import dev.sealpost.protocol.SmtpReply;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Sends one message with the client library and turns the outcome into what a script needs: a line per
 * recipient, the server's reply, the TLS evidence, and an exit status from sysexits.h, which cron,
 * PHP and every caller of sendmail already understand.
 */
public final class Submission {

  /** sysexits.h values. */
  public static final int OK = 0;
  public static final int EX_USAGE = 64;
  public static final int EX_NOUSER = 67;
  public static final int EX_UNAVAILABLE = 69;
  public static final int EX_TEMPFAIL = 75;
  public static final int EX_NOPERM = 77;
  public static final int EX_CONFIG = 78;

  private final ClientSettings settings;
  private final boolean requireTls13;

  public Submission(ClientSettings settings, boolean requireTls13) {
    this.settings = settings;
    this.requireTls13 = requireTls13;
  }

  /** The client for these settings; the caller closes it. */
  SmtpClient client() {
    TlsOptions.Builder tls = TlsOptions.builder();
    for (Path ca : settings.caFiles()) {
      tls.trustPem(ca);
    }
    if (requireTls13) {
      tls.tls13Only();
    }
    SmtpClient.Builder b = SmtpClient.builder()
        .host(settings.host())
        .port(settings.port())
        .security(switch (settings.tls()) {
          case IMPLICIT -> Security.implicitTls();
          case STARTTLS -> Security.startTlsRequired();
          case NONE_INSECURE -> Security.insecureCleartext();
        })
        .tls(tls.build())
        .timeouts(timeouts(settings.timeout()));
    if (settings.user() != null) {
      b.credentials(Credentials.password(settings.user(), new String(settings.password())));
    }
    if (settings.heloName() != null) {
      b.heloName(settings.heloName());
    }
    return b.build();
  }

  /**
   * The script's limit for every wait but the reply to the final dot, which RFC 5321 §4.5.3.2.6 asks to
   * wait 10 minutes for: giving up earlier risks the server delivering a message the script then
   * sends again.
   */
  static Timeouts timeouts(java.time.Duration limit) {
    java.time.Duration tenMinutes = java.time.Duration.ofMinutes(10);
    return Timeouts.all(limit).withDataTermination(limit.compareTo(tenMinutes) > 0 ? limit : tenMinutes);
  }

  /** What happened, ready to print. */
  public record Outcome(int exitStatus, SendResult result, SmtpClientException error) {}

  public Outcome send(Mail mail) {
    try (SmtpClient client = client()) {
      SendResult r = client.send(mail);
      return new Outcome(r.rejected().isEmpty() ? OK : EX_NOUSER, r, null);
    } catch (SmtpClientException e) {
      return new Outcome(exitStatus(e), null, e);
    }
  }

  static int exitStatus(SmtpClientException e) {
    if (e instanceof AuthenticationException && !e.isTransient()) {
      return EX_NOPERM;
    }
    if (e instanceof RecipientsRejectedException && !e.isTransient()) {
      return EX_NOUSER;
    }
    return e.isTransient() ? EX_TEMPFAIL : EX_UNAVAILABLE;
  }

  /** For people: one line per recipient, then how the message left. Errors go to {@code err}. */
  public void printText(Outcome o, PrintWriter out, PrintWriter err) {
    String server = settings.host() + ":" + settings.port();
    if (o.result() != null) {
      SendResult r = o.result();
      for (RecipientResult rr : r.recipients()) {
        (rr.accepted() ? out : err).println((rr.accepted() ? "accepted " : "REJECTED ") + rr.recipient() + ": "
            + oneLine(rr.reply()));
      }
      out.println("sent to " + r.accepted().size() + " of " + r.recipients().size() + " recipient(s) via " + server
          + ": " + oneLine(r.finalReply()));
      out.println("tls: " + r.tls().describe());
    } else {
      SmtpClientException e = o.error();
      err.println("sealpost: not sent via " + server + ": " + e.getMessage()
          + (e instanceof TlsException t ? " [" + t.reason() + "]" : ""));
      e.reply().ifPresent(reply -> err.println("server replied: " + oneLine(reply)));
      if (e instanceof RecipientsRejectedException rr) {
        for (RecipientResult x : rr.recipients()) {
          err.println("REJECTED " + x.recipient() + ": " + oneLine(x.reply()));
        }
      }
      err.println(e.isTransient() ? "temporary failure: try again later" : "permanent failure");
    }
    out.flush();
    err.flush();
  }

  /** For machines: the same facts as {@link #printText}, with the TLS evidence in fields. */
  public String json(Outcome o) {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    root.put("server", settings.host() + ":" + settings.port());
    root.put("security", settings.tls().word);
    root.put("exitStatus", o.exitStatus());
    if (o.result() != null) {
      SendResult r = o.result();
      root.put("status", r.rejected().isEmpty() ? "sent" : "partially-sent");
      recipients(root.putArray("recipients"), r.recipients());
      reply(root.putObject("reply"), r.finalReply());
      tls(root.putObject("tls"), r.tls());
    } else {
      SmtpClientException e = o.error();
      root.put("status", "failed");
      ObjectNode err = root.putObject("error");
      err.put("type", e.getClass().getSimpleName());
      err.put("message", e.getMessage());
      err.put("transient", e.isTransient());
      if (e instanceof TlsException t) {
        err.put("tlsReason", t.reason().name());
      }
      e.reply().ifPresent(reply -> reply(err.putObject("reply"), reply));
      if (e instanceof RecipientsRejectedException rr) {
        recipients(root.putArray("recipients"), rr.recipients());
      }
    }
    try {
      return m.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void recipients(ArrayNode array, List<RecipientResult> results) {
    for (RecipientResult rr : results) {
      ObjectNode n = array.addObject();
      n.put("address", rr.recipient().toString());
      n.put("accepted", rr.accepted());
      reply(n, rr.reply());
    }
  }

  private static void reply(ObjectNode n, SmtpReply reply) {
    n.put("code", reply.code());
    reply.status().ifPresent(s -> n.put("enhancedStatus", s.toString()));
    n.put("text", String.join("\n", reply.lines()));
  }

  private static void tls(ObjectNode n, TlsEvidence evidence) {
    n.put("encrypted", evidence.encrypted());
    if (evidence instanceof TlsEvidence.Established e) {
      n.put("protocol", e.protocol());
      n.put("cipherSuite", e.cipherSuite());
      n.put("certificateSubject", e.subject());
      n.put("certificateSha256", e.sha256Fingerprint());
      n.put("certificateNotAfter", e.notAfter().toString());
      n.put("hostNameVerified", e.hostNameVerified());
      e.verifiedHostName().ifPresent(h -> n.put("verifiedHostName", h));
      n.put("chainTrusted", e.chainTrusted());
      n.put("pinned", e.pinned());
    }
  }

  private static String oneLine(SmtpReply reply) {
    return reply.code() + reply.status().map(s -> " " + s).orElse("") + " " + String.join(" ", reply.lines());
  }
}
