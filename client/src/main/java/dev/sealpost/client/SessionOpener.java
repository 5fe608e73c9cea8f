package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Opens a connection ready for transactions: TLS (implicit, required or opportunistic STARTTLS), greeting,
 * EHLO, AUTH. The STARTTLS steps follow RFC 3207 and the "NO STARTTLS" findings (Poddebniak et al., USENIX
 * Security 2021): only a 220 starts the handshake; what came after that 220 in clear text is dropped; EHLO
 * is sent again inside TLS and only that answer counts; no credential is sent unless TLS is up, and no
 * envelope either unless the mode is opportunistic and the server did not offer (or refused) STARTTLS.
 */
final class SessionOpener {

  private SessionOpener() {}

  static SmtpConnection open(Destination destination, ClientConfig config) {
    SmtpChannel channel = SmtpChannel.connect(destination, config.timeouts().connect(), config.listener());
    channel.setWriteTimeout(config.timeouts().command());
    try {
      if (config.security() instanceof Security.ImplicitTls) {
        channel.startTls(config.tls(), config.timeouts().connect());
      }
      SmtpReply greeting = channel.read("greeting", config.timeouts().greeting());
      if (greeting.code() != 220) {
        throw new ConnectionException(destination + " refused the session: " + Replies.oneLine(greeting), greeting);
      }
      String helo = config.heloName().orElseGet(() -> addressLiteral(channel));
      EhloCapabilities caps = ehlo(channel, helo, config);
      if (config.security() instanceof Security.StartTlsRequired) {
        caps = startTls(channel, caps, helo, config);
      } else if (config.security() instanceof Security.OpportunisticStartTls && caps.has("STARTTLS")) {
        caps = opportunisticStartTls(channel, caps, helo, config);
      }
      if (config.credentials().isPresent()) {
        Authenticator.authenticate(channel, caps, config.credentials().get(), config.authMechanism(),
            config.timeouts().command());
      }
      return new SmtpConnection(channel, caps, config.timeouts(), config.dropUnsupportedDsn());
    } catch (RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static EhloCapabilities startTls(SmtpChannel channel, EhloCapabilities caps, String helo,
      ClientConfig config) {
    Destination d = channel.destination();
    if (!caps.has("STARTTLS")) {
      throw new TlsException(TlsException.Reason.STARTTLS_NOT_OFFERED, d + " does not offer STARTTLS, which is"
          + " required; not sending anything in clear text (stripped by an attacker, or a misconfigured server)",
          null, null);
    }
    SmtpReply reply = channel.command("STARTTLS", config.timeouts().command());
    if (reply.code() != 220) {
      throw new TlsException(TlsException.Reason.STARTTLS_REFUSED, d + " answered STARTTLS with "
          + Replies.oneLine(reply) + "; STARTTLS is required, so nothing more is sent", reply, null);
    }
    return handshakeAndEhloAgain(channel, helo, config);
  }

  /**
   * Offered STARTTLS in opportunistic mode. A 4xx or 5xx refusal leaves the session as it was (RFC 3207
   * §4), so it goes on in clear text with the capabilities already known, as Postfix's {@code may} does.
   * Any other answer but 220 is not a refusal the RFC knows: the session state is unclear, so it fails.
   */
  private static EhloCapabilities opportunisticStartTls(SmtpChannel channel, EhloCapabilities caps, String helo,
      ClientConfig config) {
    SmtpReply reply = channel.command("STARTTLS", config.timeouts().command());
    if (reply.code() == 220) {
      return handshakeAndEhloAgain(channel, helo, config);
    }
    if (reply.code() / 100 == 4 || reply.code() / 100 == 5) {
      return caps;
    }
    throw new TlsException(TlsException.Reason.STARTTLS_REFUSED, channel.destination() + " answered STARTTLS with "
        + Replies.oneLine(reply) + ", neither 220 nor a refusal; giving up on this connection", reply, null);
  }

  private static EhloCapabilities handshakeAndEhloAgain(SmtpChannel channel, String helo, ClientConfig config) {
    channel.startTls(config.tls(), config.timeouts().connect());
    // RFC 3207 §4.2: forget everything learnt before TLS and ask again.
    return ehlo(channel, helo, config);
  }

  /** EHLO, or HELO when the server does not know EHLO (then no extension is available). */
  private static EhloCapabilities ehlo(SmtpChannel channel, String helo, ClientConfig config) {
    SmtpReply reply = channel.command("EHLO " + helo, config.timeouts().command());
    if (reply.code() == 250) {
      return EhloCapabilities.parse(reply);
    }
    if (reply.code() / 100 == 5 && !(config.security() instanceof Security.StartTlsRequired && !channel.isTls())) {
      SmtpReply heloReply = channel.command("HELO " + helo, config.timeouts().command());
      if (heloReply.code() == 250) {
        return EhloCapabilities.NONE;
      }
      reply = heloReply;
    }
    throw new ConnectionException(channel.destination() + " refused EHLO: " + Replies.oneLine(reply), reply);
  }

  /** RFC 5321 §4.1.4: without a name of our own, the address literal of our end of the connection. */
  private static String addressLiteral(SmtpChannel channel) {
    InetAddress local = channel.localAddress();
    return local instanceof Inet6Address ? "[IPv6:" + local.getHostAddress().replaceFirst("%.*$", "") + "]"
        : "[" + local.getHostAddress() + "]";
  }
}
